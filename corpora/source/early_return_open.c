// An early return leaves the region open: the finding is at that return
// statement. The other path ends in BUG() so that no second return joins
// the first at another depth.
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"

int traced_peek(int v);
int peeked;

noinstr int noinstr_early_return_open(int v)
{
	instrumentation_begin();
	if (traced_peek(v) < 0)
		return -1; // EXPECT: region-return-open binary-line(gcc)=18
	instrumentation_end();
	peeked = v;
	BUG();
}
