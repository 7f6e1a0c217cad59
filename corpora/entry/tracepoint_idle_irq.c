// A tracepoint (its static-call trampoline, __SCT__tp_func_*) while idle
// lets RCU rest: after ct_cpuidle_enter() (include/linux/cpuidle.h:134,
// ct_idle_enter()) and before ct_irq_enter() makes RCU watch for an
// interrupt-like section of the idle path (the ct_irq_enter_irqson()
// shape of the cpuidle drivers, kernel/context_tracking.c), the probes
// run while RCU does not watch: the rcuidle bug. The same tracepoint
// between ct_irq_enter() and ct_irq_exit(), or after ct_cpuidle_exit(), is
// fine.
// WITH: mocks.c
// CFLAGS: -g
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"
#include "../include/entry.h"

void __SCT__tp_func_idle_irq(int state);

__cpuidle void idle_irq_early(void)
{
	instrumentation_begin();
	ct_cpuidle_enter();
	__SCT__tp_func_idle_irq(1); // EXPECT: entry-region-after-teardown callee=__SCT__tp_func_idle_irq
	// EXPECT-MISSING: RCU made to watch on this path
	ct_irq_enter();
	__SCT__tp_func_idle_irq(2);
	ct_irq_exit();
	arch_cpu_idle();
	ct_cpuidle_exit();
	__SCT__tp_func_idle_irq(3);
	instrumentation_end();
}
