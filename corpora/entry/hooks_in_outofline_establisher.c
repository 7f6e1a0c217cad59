// Out-of-line establishers shaped like irqentry_enter() (kernel/entry/
// common.c:246-306): lockdep is told first, then RCU / context tracking are
// made to watch (ct_irq_enter(), or rcu_irq_enter_check_tick() where RCU
// already watches), and only then may tracing and hooks run. The
// establisher is walked where it is called, but it always starts in the
// raw state of the interrupted context (Documentation/core-api/entry.rst),
// so a hook or tracing placed before its primitive is wrong whoever calls
// it: one finding inside the establisher, listing every entry point that
// reaches it, not one per caller.
// WITH: mocks.c
// CFLAGS: -g
// RULES: hooks_in_outofline_establisher.json
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"
#include "../include/entry.h"

void handle_isol_irq(struct pt_regs *regs);
int isol_count;

noinstr void isol_irq_hook(void)
{
	isol_count++;
}

noinstr void isol_irq_hook_settled(void)
{
	isol_count += 2;
}

/* kernel/rcu/tree.c: out of line, reached only from the inline wrapper. */
noinstr void __rcu_irq_enter_check_tick(void)
{
	isol_count += 4;
}

/* include/linux/hardirq.h:22: the RCU step where RCU already watches. */
static __always_inline void rcu_irq_enter_check_tick(void)
{
	if (isol_count & 8)
		__rcu_irq_enter_check_tick();
}

/* A hook before the context-tracking primitive: RCU may not watch yet. */
noinstr irqentry_state_t isol_irqentry_enter(struct pt_regs *regs)
{
	irqentry_state_t ret = { .exit_rcu = 1 };

	lockdep_hardirqs_off(CALLER_ADDR0);
	isol_irq_hook(); // EXPECT: entry-hook-before-establish callee=isol_irq_hook
	// EXPECT-MISSING: RCU made to watch on this path
	// EXPECT-CHAIN: exc_isol_hook_early -> isol_irqentry_enter
	// EXPECT-ENTRIES: exc_isol_hook_early, exc_isol_hook_early_too
	__ct_user_exit(CT_STATE_USER);
	isol_irq_hook_settled();
	return ret;
}

/* The same with the hook after the primitive: silent. */
noinstr irqentry_state_t isol_irqentry_enter_ordered(struct pt_regs *regs)
{
	irqentry_state_t ret = { .exit_rcu = 1 };

	lockdep_hardirqs_off(CALLER_ADDR0);
	__ct_user_exit(CT_STATE_USER);
	isol_irq_hook_settled();
	instrumentation_begin();
	trace_hardirqs_off_finish();
	instrumentation_end();
	return ret;
}

/*
 * irqentry_enter()'s last branch with tracing moved before the RCU step:
 * a bug even though RCU usually watches there.
 */
noinstr irqentry_state_t isol_irqentry_enter_traced_early(struct pt_regs *regs)
{
	irqentry_state_t ret = { .exit_rcu = 0 };

	lockdep_hardirqs_off(CALLER_ADDR0);
	instrumentation_begin(); // EXPECT: entry-region-before-establish callee=trace_hardirqs_off_finish
	// EXPECT-MISSING: RCU made to watch on this path
	// EXPECT-ENTRIES: exc_isol_traced_early, exc_isol_traced_early_too
	trace_hardirqs_off_finish();
	rcu_irq_enter_check_tick();
	instrumentation_end();
	return ret;
}

/* A helper of the establisher's, not an establisher, with the hook. */
noinstr void isol_irq_prepare(void)
{
	isol_irq_hook();
}

/* The helper called before the primitive: charged at that call. */
noinstr irqentry_state_t isol_irqentry_enter_prepared(struct pt_regs *regs)
{
	irqentry_state_t ret = { .exit_rcu = 1 };

	lockdep_hardirqs_off(CALLER_ADDR0);
	isol_irq_prepare(); // EXPECT: entry-hook-before-establish callee=isol_irq_hook
	// EXPECT-ENTRIES: exc_isol_prepared, exc_isol_prepared_too
	__ct_user_exit(CT_STATE_USER);
	return ret;
}

/* The kernel's order (common.c:297-301): the RCU step, then tracing. */
noinstr irqentry_state_t isol_irqentry_enter_checked(struct pt_regs *regs)
{
	irqentry_state_t ret = { .exit_rcu = 0 };

	lockdep_hardirqs_off(CALLER_ADDR0);
	instrumentation_begin();
	rcu_irq_enter_check_tick();
	trace_hardirqs_off_finish();
	instrumentation_end();
	return ret;
}

/* Each entry point calls its establisher right away, as the kernel's do. */
#define ISOL_ENTRY(name, enter)						\
noinstr void name(struct pt_regs *regs)					\
{									\
	irqentry_state_t state = enter(regs);				\
									\
	instrumentation_begin();					\
	handle_isol_irq(regs);						\
	instrumentation_end();						\
	irqentry_exit(regs, state);					\
}

ISOL_ENTRY(exc_isol_hook_early, isol_irqentry_enter)
ISOL_ENTRY(exc_isol_hook_early_too, isol_irqentry_enter)
ISOL_ENTRY(exc_isol_prepared, isol_irqentry_enter_prepared)
ISOL_ENTRY(exc_isol_prepared_too, isol_irqentry_enter_prepared)
ISOL_ENTRY(exc_isol_traced_early, isol_irqentry_enter_traced_early)
ISOL_ENTRY(exc_isol_traced_early_too, isol_irqentry_enter_traced_early)

noinstr void exc_isol_hook_ordered(struct pt_regs *regs)
{
	irqentry_state_t state = isol_irqentry_enter_ordered(regs);

	instrumentation_begin();
	handle_isol_irq(regs);
	instrumentation_end();
	irqentry_exit(regs, state);
}

noinstr void exc_isol_checked(struct pt_regs *regs)
{
	irqentry_state_t state = isol_irqentry_enter_checked(regs);

	instrumentation_begin();
	handle_isol_irq(regs);
	instrumentation_end();
	irqentry_exit(regs, state);
}
