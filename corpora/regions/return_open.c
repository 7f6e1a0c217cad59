// A return with the region still open: instrumentation stays enabled for
// whoever called this noinstr function.
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"

INSTR_END_ANCHOR() /* objtool 6.12 needs an end entry; see kernel.h */

int traced_value(void);
int total;

noinstr void noinstr_return_open(void)
{
	instrumentation_begin();
	total += traced_value();
} // EXPECT: region-return-open
