// Companion of cross_object_caller.c: it calls back into a noinstr function
// of the caller's object (fine).
// COMPANION
// EXPECT-NONE
#include "../include/kernel.h"

void caller_noinstr_hook(void);
int callee_state;

noinstr void callee_noinstr_work(int v)
{
	callee_state = v;
	caller_noinstr_hook();
	callee_state++;
}

void callee_traced_work(int v)
{
	callee_state = -v;
}
