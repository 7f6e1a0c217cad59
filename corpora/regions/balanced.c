// A balanced region: instrumentable calls between instrumentation_begin()
// and instrumentation_end() are allowed, on every path.
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"
// EXPECT-NONE

void trace_hardirqs_off_finish(void);
void rcu_irq_enter_check_tick(void);
int in_kernel;

noinstr void irqentry_enter_like(int from_idle)
{
	in_kernel = 1;
	instrumentation_begin();
	if (!from_idle)
		rcu_irq_enter_check_tick();
	trace_hardirqs_off_finish();
	instrumentation_end();
	in_kernel = 2;
}
