// The out-of-line noinstr half of the entry code (kernel/entry/common.c,
// kernel/context_tracking.c, kernel/locking/lockdep.c, the idle driver),
// reduced to a side effect each: what matters is that calls reach
// .noinstr.text by name (rules/11-x86_64-entry.json), not what the bodies
// do. Every entry case names this file in its WITH line.
// COMPANION
// EXPECT-NONE
#include "../include/kernel.h"
#include "../include/entry.h"

int mock_ct_state;
int mock_lockdep_irqs;
int mock_isolation;

noinstr irqentry_state_t irqentry_enter(struct pt_regs *regs)
{
	irqentry_state_t ret = { .exit_rcu = !(regs->flags & 0x200) };

	mock_ct_state = 2;
	return ret;
}

noinstr void irqentry_exit(struct pt_regs *regs, irqentry_state_t state)
{
	if (state.exit_rcu)
		mock_ct_state = 0;
	regs->flags |= 0x200;
}

noinstr irqentry_state_t irqentry_nmi_enter(struct pt_regs *regs)
{
	irqentry_state_t ret = { .exit_rcu = mock_ct_state };

	mock_ct_state = 3;
	return ret;
}

noinstr void irqentry_nmi_exit(struct pt_regs *regs, irqentry_state_t irq_state)
{
	mock_ct_state = irq_state.exit_rcu;
}

noinstr void irqentry_enter_from_user_mode(struct pt_regs *regs)
{
	mock_ct_state = 2;
}

noinstr void irqentry_exit_to_user_mode(struct pt_regs *regs)
{
	mock_ct_state = 1;
}

noinstr void lockdep_hardirqs_off(unsigned long ip)
{
	mock_lockdep_irqs = 0;
}

noinstr void lockdep_hardirqs_on(unsigned long ip)
{
	mock_lockdep_irqs = 1;
}

noinstr void __ct_user_exit(int state)
{
	mock_ct_state = 2;
}

noinstr void __ct_user_enter(int state)
{
	mock_ct_state = state;
}

noinstr void ct_idle_enter(void)
{
	mock_ct_state = 4;
}

noinstr void ct_idle_exit(void)
{
	mock_ct_state = 2;
}

noinstr void ct_irq_enter(void)
{
	mock_ct_state = 2;
}

noinstr void ct_irq_exit(void)
{
	mock_ct_state = 4;
}

noinstr void task_isolation_kernel_enter(void)
{
	mock_isolation++;
}

/* The idle instruction. In .noinstr.text, not .cpuidle.text: every
 * function there is an idle entry point. */
noinstr void arch_cpu_idle(void)
{
	asm volatile("sti; hlt" ::: "memory");
}
