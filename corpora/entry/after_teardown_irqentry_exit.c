// Work after irqentry_exit() (out of line): the state is torn down, RCU
// may no longer watch, so a region opened there, directly or in a helper,
// is as wrong as one before irqentry_enter(). The finding is on the
// function that tears down, whatever its callers.
// WITH: mocks.c
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"
#include "../include/entry.h"

void handle_exception_body(struct pt_regs *regs);
void account_exit(struct pt_regs *regs);
int exits;

noinstr void exit_accounting(struct pt_regs *regs)
{
	exits++;
	instrumentation_begin();
	account_exit(regs);
	instrumentation_end();
}

noinstr void exc_late_region(struct pt_regs *regs)
{
	irqentry_state_t state = irqentry_enter(regs);

	instrumentation_begin();
	handle_exception_body(regs);
	instrumentation_end();
	irqentry_exit(regs, state);
	instrumentation_begin(); // EXPECT: entry-region-after-teardown callee=account_exit
	// EXPECT-ENTRIES: exc_late_region
	account_exit(regs);
	instrumentation_end();
	exits--;
}

noinstr void exc_late_helper(struct pt_regs *regs)
{
	irqentry_state_t state = irqentry_enter(regs);

	exit_accounting(regs); /* established: fine */
	irqentry_exit(regs, state);
	exit_accounting(regs); // EXPECT: entry-region-after-teardown callee=account_exit
	// EXPECT-ENTRIES: exc_late_helper
	exits--;
}
