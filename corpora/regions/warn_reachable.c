// WARN: instrumentation_begin(); ud2 marked reachable; instrumentation_end().
// Execution continues after the ud2 with the region closed again, so the
// call that only the WARN path reaches is outside any region.
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"

void traced_after_warn(int);
int warned;

noinstr void exc_warn_on(int v)
{
	WARN_ON(v == 3);
	warned = v;
}

noinstr void exc_warn_then_call(int v)
{
	if (v > 7) {
		__WARN_FLAGS(0);
		traced_after_warn(v); // EXPECT: noinstr-call callee=traced_after_warn
	}
	warned++;
}
