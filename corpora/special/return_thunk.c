// With -mfunction-return=thunk-extern every "ret" becomes
// "jmp __x86_return_thunk", which is a return, not a call out. The second
// function returns with its region open.
// CFLAGS: -mfunction-return=thunk-extern
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"

INSTR_END_ANCHOR() /* objtool 6.12 needs an end entry; see kernel.h */

int traced_read(void);
int value;

noinstr int noinstr_return_thunk(void)
{
	return value + 1;
}

noinstr void noinstr_return_thunk_open(void)
{
	instrumentation_begin();
	value = traced_read();
} // EXPECT: region-return-open
