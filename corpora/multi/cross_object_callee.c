// Companion of cross_object_caller.c: it calls back into a noinstr function
// of the caller's object (fine), and has its own region, at other offsets
// than the caller's: each object's annotations apply to its own code only.
// COMPANION
// EXPECT-NONE
#include "../include/kernel.h"

void caller_noinstr_hook(void);
void traced_in_callee_region(int);
int callee_state;

noinstr void callee_noinstr_work(int v)
{
	callee_state = v;
	caller_noinstr_hook();
	instrumentation_begin();
	traced_in_callee_region(v);
	instrumentation_end();
	callee_state++;
}

void callee_traced_work(int v)
{
	callee_state = -v;
}
