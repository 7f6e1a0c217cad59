// Establishing twice, the second time in a noinstr helper: the helper's
// irqentry_enter() runs when the caller has already established, which
// unbalances the pair just like two direct calls (double_establish.c).
// The finding names the helper called from the entry.
// WITH: mocks.c
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"
#include "../include/entry.h"

void handle_exception_body(struct pt_regs *regs);
int nested_enters;

noinstr irqentry_state_t enter_and_count(struct pt_regs *regs)
{
	nested_enters++;
	return irqentry_enter(regs);
}

noinstr void exc_double_via_helper(struct pt_regs *regs)
{
	irqentry_state_t state = irqentry_enter(regs);
	irqentry_state_t again = enter_and_count(regs); // EXPECT: entry-double-establish callee=enter_and_count

	instrumentation_begin();
	handle_exception_body(regs);
	instrumentation_end();
	irqentry_exit(regs, again);
	irqentry_exit(regs, state);
}

/* Called only from a RAW entry, the helper is that entry's establisher. */
noinstr void exc_single_via_helper(struct pt_regs *regs)
{
	irqentry_state_t state = enter_and_count(regs);

	instrumentation_begin();
	handle_exception_body(regs);
	instrumentation_end();
	irqentry_exit(regs, state);
}
