// Regions nest by counting: a call after the inner end is still inside the
// outer region; a call after the outer end is outside.
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"

void inner_work(void);
void outer_work(void);
void after_outer(void);
int level;

noinstr void noinstr_nested(void)
{
	instrumentation_begin();
	instrumentation_begin();
	inner_work();
	instrumentation_end();
	outer_work();
	instrumentation_end();
	after_outer(); // EXPECT: noinstr-call callee=after_outer
	level++;
}
