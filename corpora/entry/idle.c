// Idle entries (.cpuidle.text, rules kind "idle") start ESTABLISHED and
// hand the CPU to the idle EQS with the inlined ct_cpuidle_enter(), taking
// it back with ct_cpuidle_exit(). default_idle_call() has the kernel's
// shape: its region ends inside ct_cpuidle_enter() and begins again inside
// ct_cpuidle_exit(); no finding. Between the two RCU does not watch: a
// region or a hook there is a finding. The transitions are seen through
// the DWARF inline tree, hence -g.
// WITH: mocks.c
// CFLAGS: -g
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"
#include "../include/entry.h"

void trace_cpu_idle(int state);
void poll_account(void);
int need_resched_flag;

__cpuidle void default_idle_call(void)
{
	instrumentation_begin();
	if (!need_resched_flag) {
		trace_cpu_idle(1);
		ct_cpuidle_enter();
		arch_cpu_idle();
		ct_cpuidle_exit();
		trace_cpu_idle(-1);
	}
	local_irq_enable();
	instrumentation_end();
}

__cpuidle void cpu_idle_poll(void)
{
	instrumentation_begin();
	trace_cpu_idle(0);
	ct_cpuidle_enter();
	while (!need_resched_flag) {
		instrumentation_begin(); // EXPECT: entry-region-after-teardown callee=poll_account
		poll_account();
		instrumentation_end();
		asm volatile("pause" ::: "memory");
	}
	ct_cpuidle_exit();
	trace_cpu_idle(-1);
	local_irq_enable();
	instrumentation_end();
}

__cpuidle void isolated_idle(void)
{
	instrumentation_begin();
	ct_cpuidle_enter();
	task_isolation_kernel_enter(); // EXPECT: entry-hook-after-teardown callee=task_isolation_kernel_enter
	arch_cpu_idle();
	ct_cpuidle_exit();
	local_irq_enable();
	instrumentation_end();
}
