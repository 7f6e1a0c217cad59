// The classic "whack-a-mole" report: a small static helper that the entry
// code meant to inline lands in .text (here forced with noinline, as a
// compiler does on its own with plain "static inline"). The helper's own
// call is not checked: the helper is not noinstr, only the call to it is.
#include "../include/kernel.h"

void traced_leaf(unsigned long);
unsigned long msr_shadow;

static noinline void wrmsr_helper(unsigned long val)
{
	msr_shadow = val;
	traced_leaf(val);
	barrier();
}

noinstr void exc_uninlined_helper(unsigned long val)
{
	wrmsr_helper(msr_shadow ^ val); // EXPECT: noinstr-call callee=wrmsr_helper
	msr_shadow++;
}
