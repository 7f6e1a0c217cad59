// What each kind of callee needs (rules: entry.requirements). The kernel's
// entry order is lockdep first (lockdep_hardirqs_off()), then RCU
// (ct_irq_enter(), or rcu_irq_enter_check_tick() where RCU watches), then
// tracing (kernel/entry/common.c:282-306, irqentry_enter()). Here RCU is
// made to watch before lockdep is told, so the phase is "established"
// while lockdep is not: a lock taken there (spin_acquire() ->
// lock_acquire(), checked against the IRQ state lockdep was told) misses
// lockdep only, and the finding says so and names lockdep_hardirqs_off()
// as the call to move behind; tracing there needs RCU only and is silent.
// A hook declaring that it needs only lockdep (requirements.json) may run
// once lockdep is told, before RCU watches; a hook needing everything (the
// default) may not. A hook that is ordinary .text code called outside any
// region is both a noinstr-call (objtool's rule) and a hook before
// establishment. Correct orders are silent.
// WITH: mocks.c
// CFLAGS: -g
// RULES: requirements.json
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"
#include "../include/entry.h"

void _raw_spin_lock(int *lock);
void _raw_spin_unlock(int *lock);
void handle_req(struct pt_regs *regs);
void req_text_hook(void);
int req_lock;
int req_hook_calls;

noinstr void req_lockdep_hook(void)
{
	req_hook_calls++;
}

noinstr void req_full_hook(void)
{
	req_hook_calls += 2;
}

noinstr void exc_req_lock_before_lockdep(struct pt_regs *regs)
{
	ct_irq_enter();
	instrumentation_begin(); // EXPECT: entry-region-before-establish callee=_raw_spin_lock
	// EXPECT-MISSING: lockdep told IRQs are off
	trace_hardirqs_off_finish();
	_raw_spin_lock(&req_lock);
	_raw_spin_unlock(&req_lock);
	instrumentation_end();
	lockdep_hardirqs_off(CALLER_ADDR0);
	instrumentation_begin();
	handle_req(regs);
	instrumentation_end();
	ct_irq_exit();
}

noinstr void exc_req_trace_before_lockdep(struct pt_regs *regs)
{
	ct_irq_enter();
	instrumentation_begin();
	trace_hardirqs_off_finish();
	instrumentation_end();
	lockdep_hardirqs_off(CALLER_ADDR0);
	instrumentation_begin();
	_raw_spin_lock(&req_lock);
	handle_req(regs);
	_raw_spin_unlock(&req_lock);
	instrumentation_end();
	ct_irq_exit();
}

noinstr void exc_req_lockdep_hook(struct pt_regs *regs)
{
	lockdep_hardirqs_off(CALLER_ADDR0);
	req_lockdep_hook();
	ct_irq_enter();
	req_full_hook();
	instrumentation_begin();
	handle_req(regs);
	instrumentation_end();
	ct_irq_exit();
}

noinstr void exc_req_hooks_early(struct pt_regs *regs)
{
	req_lockdep_hook(); // EXPECT: entry-hook-before-establish callee=req_lockdep_hook
	// EXPECT-MISSING: lockdep told IRQs are off
	lockdep_hardirqs_off(CALLER_ADDR0);
	req_full_hook(); // EXPECT: entry-hook-before-establish callee=req_full_hook
	// EXPECT-MISSING: RCU made to watch on this path
	ct_irq_enter();
	instrumentation_begin();
	handle_req(regs);
	instrumentation_end();
	ct_irq_exit();
}

noinstr void exc_req_text_hook_early(struct pt_regs *regs)
{
	// EXPECT: entry-hook-before-establish callee=req_text_hook
	// EXPECT-MISSING: lockdep told IRQs are off, RCU made to watch on this path
	req_text_hook(); // EXPECT: noinstr-call callee=req_text_hook
	lockdep_hardirqs_off(CALLER_ADDR0);
	ct_irq_enter();
	instrumentation_begin();
	handle_req(regs);
	instrumentation_end();
	ct_irq_exit();
}
