// Establishing through two levels of out-of-line noinstr helpers (helper
// calling helper calling the context-tracking primitive), and a
// lockdep-taking call before lockdep_hardirqs_off(). Each helper is
// summarised once with its caller's state open: the inner one's hook
// before __ct_user_exit() is charged to the entry path that calls the
// outer one too early; the same helpers with the hook after the primitive
// are silent, and the entry's own code after the outer call runs
// established. A spin lock taken before lockdep is told that IRQs are off
// (kernel/entry/common.c: lockdep first) runs with RCU not watching and
// lockdep's view stale. The findings name the facts their path had not
// made so: after the inner helper's lockdep_hardirqs_off() only RCU.
// WITH: mocks.c
// CFLAGS: -g
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"
#include "../include/entry.h"

void handle_two_level(struct pt_regs *regs);
void _raw_spin_lock(int *lock);
void _raw_spin_unlock(int *lock);
int two_level_lock;

noinstr void two_level_inner_early(struct pt_regs *regs)
{
	lockdep_hardirqs_off(CALLER_ADDR0);
	task_isolation_kernel_enter();
	__ct_user_exit(CT_STATE_USER);
}

noinstr void two_level_outer_early(struct pt_regs *regs)
{
	two_level_inner_early(regs);
}

noinstr void two_level_inner(struct pt_regs *regs)
{
	lockdep_hardirqs_off(CALLER_ADDR0);
	__ct_user_exit(CT_STATE_USER);
	task_isolation_kernel_enter();
}

noinstr void two_level_outer(struct pt_regs *regs)
{
	two_level_inner(regs);
}

noinstr void exc_two_level_early(struct pt_regs *regs)
{
	two_level_outer_early(regs); // EXPECT: entry-hook-before-establish callee=task_isolation_kernel_enter
	// EXPECT-MISSING: RCU made to watch on this path
	instrumentation_begin();
	handle_two_level(regs);
	instrumentation_end();
	irqentry_exit_to_user_mode(regs);
}

noinstr void exc_two_level(struct pt_regs *regs)
{
	two_level_outer(regs);
	instrumentation_begin();
	handle_two_level(regs);
	instrumentation_end();
	irqentry_exit_to_user_mode(regs);
}

noinstr void exc_lock_before_lockdep(struct pt_regs *regs)
{
	instrumentation_begin(); // EXPECT: entry-region-before-establish callee=_raw_spin_lock
	// EXPECT-MISSING: lockdep told IRQs are off
	_raw_spin_lock(&two_level_lock);
	_raw_spin_unlock(&two_level_lock);
	instrumentation_end();
	two_level_outer(regs);
	instrumentation_begin();
	handle_two_level(regs);
	instrumentation_end();
	irqentry_exit_to_user_mode(regs);
}

noinstr void exc_lock_after_establish(struct pt_regs *regs)
{
	two_level_outer(regs);
	instrumentation_begin();
	_raw_spin_lock(&two_level_lock);
	handle_two_level(regs);
	_raw_spin_unlock(&two_level_lock);
	instrumentation_end();
	irqentry_exit_to_user_mode(regs);
}
