// An __always_inline helper ends a region its caller never began: walked in
// the caller's context, the finding is at the helper's instrumentation_end().
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"

int unbegun_state;

static __always_inline void end_trace_section(void)
{
	instrumentation_end(); // EXPECT: region-unmatched-end
}

noinstr void noinstr_unbegun_end(int v)
{
	unbegun_state = v;
	end_trace_section();
	unbegun_state++;
}
