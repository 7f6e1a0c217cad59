// An idle entry starts ESTABLISHED (rules: kind "idle", initial
// ESTABLISHED). Leaving the idle EQS with ct_cpuidle_exit() when the entry
// never entered it with ct_cpuidle_enter() establishes a second time:
// ct_idle_exit() without ct_idle_enter() unbalances RCU's nesting.
// WITH: mocks.c
// CFLAGS: -g
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"
#include "../include/entry.h"

__cpuidle void idle_exit_only(void)
{
	arch_cpu_idle();
	ct_cpuidle_exit(); // EXPECT: entry-double-establish callee=ct_cpuidle_exit
	local_irq_enable();
	instrumentation_end();
}
