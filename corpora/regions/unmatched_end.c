// instrumentation_end() without a begin drives the count below zero; objtool
// says nothing, and the negative count silently cancels a later begin, so
// the call after that begin is outside any region.
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"

void traced_in_cancelled(void);
int seq;

noinstr void noinstr_stray_end(void)
{
	seq++;
	instrumentation_end(); // EXPECT: region-unmatched-end
	seq++;
}

noinstr void noinstr_cancelled_begin(void)
{
	seq--;
	instrumentation_end(); // EXPECT: region-unmatched-end
	instrumentation_begin();
	traced_in_cancelled(); // EXPECT: noinstr-call callee=traced_in_cancelled
	seq--;
}
