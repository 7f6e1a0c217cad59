// Establishing twice on one path unbalances the pair: the second
// irqentry_enter() (or an out-of-line establisher after the inlined
// enter_from_user_mode()) runs when the state is already established.
// The finding is at the second establishing call and names it.
// WITH: mocks.c
// CFLAGS: -g
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
// VARIANT: noct -DCORPUS_NO_CONTEXT_TRACKING
#include "../include/kernel.h"
#include "../include/entry.h"

void handle_exception_body(struct pt_regs *regs);

noinstr void exc_double_enter(struct pt_regs *regs)
{
	irqentry_state_t state = irqentry_enter(regs);
	irqentry_state_t again;

	again = irqentry_enter(regs); // EXPECT: entry-double-establish callee=irqentry_enter
	instrumentation_begin();
	handle_exception_body(regs);
	instrumentation_end();
	irqentry_exit(regs, again);
	irqentry_exit(regs, state);
}

noinstr void do_fast_syscall_32(struct pt_regs *regs)
{
	enter_from_user_mode(regs);
	irqentry_enter_from_user_mode(regs); // EXPECT: entry-double-establish callee=irqentry_enter_from_user_mode
	instrumentation_begin();
	handle_exception_body(regs);
	instrumentation_end();
	irqentry_exit_to_user_mode(regs);
}
