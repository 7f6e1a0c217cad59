// WARN_ON() before the state is established: __WARN_FLAGS() puts its
// markers right around the ud2 ("just get the WARN out"), in the entry or
// in a helper, which the kernel allows on any path. No finding.
// WITH: mocks.c
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
// EXPECT-NONE
#include "../include/kernel.h"
#include "../include/entry.h"

void handle_exception_body(struct pt_regs *regs);
int warned;

noinstr void check_entry_regs(struct pt_regs *regs)
{
	WARN_ON(regs->sp & 7);
	warned++;
}

noinstr void exc_warn_early(struct pt_regs *regs)
{
	irqentry_state_t state;

	WARN_ON(regs->flags & 0x200);
	check_entry_regs(regs);
	state = irqentry_enter(regs);
	instrumentation_begin();
	handle_exception_body(regs);
	instrumentation_end();
	irqentry_exit(regs, state);
}
