// Demo: an exception entry written the wrong way round.
//  1. trace_hardirqs_off() is traced and runs before irqentry_enter() has
//     established lockdep/RCU state: a call out of .noinstr.text.
//  2. demo_account() was meant to be inlined, but is an out-of-line static
//     function in .text.
// The handler call itself is fine: it is inside instrumentation_begin/end.
// Try: gcc -O2 -c entry_demo.c && noinstr-check entry_demo.o
#include "../include/kernel.h"

struct pt_regs {
	unsigned long ip, sp, flags;
};
typedef struct {
	int exit_rcu;
} irqentry_state_t;

void trace_hardirqs_off(void);
void handle_demo_exception(struct pt_regs *regs);
int demo_faults;

/* kernel/entry/common.c: establishes state; noinstr itself. */
noinstr irqentry_state_t irqentry_enter(struct pt_regs *regs)
{
	irqentry_state_t ret = { .exit_rcu = regs->flags & 1 };
	return ret;
}

noinstr void irqentry_exit(struct pt_regs *regs, irqentry_state_t state)
{
	if (state.exit_rcu)
		regs->flags &= ~1UL;
}

static noinline void demo_account(struct pt_regs *regs)
{
	demo_faults++;
	regs->flags |= 0x200; /* accounted */
}

noinstr void exc_demo(struct pt_regs *regs)
{
	irqentry_state_t state;

	trace_hardirqs_off(); // EXPECT: noinstr-call callee=trace_hardirqs_off
	state = irqentry_enter(regs);

	instrumentation_begin();
	handle_demo_exception(regs);
	instrumentation_end();

	demo_account(regs); // EXPECT: noinstr-call callee=demo_account
	irqentry_exit(regs, state);
}
