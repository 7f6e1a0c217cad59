// A teardown on a path of a RAW entry point that never established: the
// out-of-line irqentry_exit(), and the inlined exit_to_user_mode() in a
// syscall entry that forgot enter_from_user_mode() (seen through the DWARF
// inline tree, -g; the noct variant has no ct call in it at all).
// WITH: mocks.c
// CFLAGS: -g
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
// VARIANT: noct -DCORPUS_NO_CONTEXT_TRACKING
#include "../include/kernel.h"
#include "../include/entry.h"

int spurious;

noinstr void exc_exit_only(struct pt_regs *regs)
{
	irqentry_state_t state = { .exit_rcu = 1 };

	spurious++;
	irqentry_exit(regs, state); // EXPECT: entry-teardown-without-establish callee=irqentry_exit
	spurious++;
}

noinstr void do_SYSENTER_32(struct pt_regs *regs)
{
	spurious += regs->ax;
	// noct: no context-tracking call in the inlined body, so the binary
	// places the teardown where the body ends, the next line.
	exit_to_user_mode(); // EXPECT: entry-teardown-without-establish callee=exit_to_user_mode binary-line(noct)=29
	spurious--;
}
