// An empty region before the state is established: nothing runs in it, so
// nothing instrumentable runs while RCU may not watch. Both analyses charge
// a region for the first instrumentable call in it (the binary one: a call
// out of checked code, as tinyconfig's enter_from_user_mode() keeps the
// markers of a region whose kmsan and tracing calls compiled away) and
// find nothing here.
// WITH: ../entry/mocks.c
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
// EXPECT-NONE
#include "../include/kernel.h"
#include "../include/entry.h"

void handle_empty_region(struct pt_regs *regs);

noinstr void exc_empty_region(struct pt_regs *regs)
{
	irqentry_state_t state;

	instrumentation_begin();
	instrumentation_end();
	state = irqentry_enter(regs);
	instrumentation_begin();
	handle_empty_region(regs);
	instrumentation_end();
	irqentry_exit(regs, state);
}
