// Two objects checked together: a call to a noinstr function defined in the
// other object is fine, a call to a plain global there is not. (Alone, this
// object could not know where either callee lives.)
// WITH: cross_object_callee.c
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"

void callee_noinstr_work(int);
void callee_traced_work(int);
void traced_in_caller_region(void);
int cross_count;

noinstr void caller_noinstr_hook(void)
{
	cross_count++;
}

noinstr void noinstr_cross_object(int v)
{
	instrumentation_begin();
	traced_in_caller_region();
	instrumentation_end();
	callee_noinstr_work(v);
	callee_traced_work(v); // EXPECT: noinstr-call callee=callee_traced_work
	cross_count--;
}
