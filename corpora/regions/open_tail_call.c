// The region is open when the function tail-calls out: the call itself is
// allowed, but this function never closes the region.
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
// In the source there is no tail call, only a return with the region open.
#include "../include/kernel.h"

INSTR_END_ANCHOR() /* objtool 6.12 needs an end entry; see kernel.h */

void traced_tail_in_region(int);

noinstr void noinstr_open_tail_call(int v)
{
	instrumentation_begin();
	traced_tail_in_region(v); // EXPECT: region-open-tail-call callee=traced_tail_in_region
} // EXPECT-SOURCE: region-return-open
