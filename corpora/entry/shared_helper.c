// One noinstr helper that opens a region, called wrongly from three places:
// before irqentry_enter() in exc_shared_early(), after irqentry_exit() in
// exc_shared_late(), and inside the idle EQS of shared_idle(). Each call
// site is its own mistake with its own fix, so each is a finding (the
// helper itself is fine: late_ok() calls it while established).
// WITH: mocks.c
// CFLAGS: -g
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"
#include "../include/entry.h"

void shared_trace(struct pt_regs *regs);
int shared_calls;

noinstr void shared_report(struct pt_regs *regs)
{
	shared_calls++;
	instrumentation_begin();
	shared_trace(regs);
	instrumentation_end();
}

noinstr void exc_shared_early(struct pt_regs *regs)
{
	irqentry_state_t state;

	shared_report(regs); // EXPECT: entry-region-before-establish callee=shared_trace
	state = irqentry_enter(regs);
	irqentry_exit(regs, state);
	shared_calls--;
}

noinstr void exc_shared_late(struct pt_regs *regs)
{
	irqentry_state_t state = irqentry_enter(regs);

	shared_report(regs);
	irqentry_exit(regs, state);
	shared_report(regs); // EXPECT: entry-region-after-teardown callee=shared_trace
	shared_calls--;
}

__cpuidle void shared_idle(void)
{
	instrumentation_begin();
	ct_cpuidle_enter();
	shared_report(0); // EXPECT: entry-region-after-teardown callee=shared_trace
	arch_cpu_idle();
	ct_cpuidle_exit();
	local_irq_enable();
	instrumentation_end();
}
