// An empty region before the state is established: nothing runs in it, so
// nothing instrumentable runs while RCU may not watch. The source analyzer
// charges a region at the first call in it and finds nothing. The binary
// analysis charges every region that closes before establishment except a
// WARN's (markers right around a ud2), so it reports this one.
// WITH: ../entry/mocks.c
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
// SOURCE-EXPECT-NONE
#include "../include/kernel.h"
#include "../include/entry.h"

void handle_empty_region(struct pt_regs *regs);

noinstr void exc_empty_region(struct pt_regs *regs)
{
	irqentry_state_t state;

	instrumentation_begin(); // EXPECT: entry-region-before-establish
	instrumentation_end();
	state = irqentry_enter(regs);
	instrumentation_begin();
	handle_empty_region(regs);
	instrumentation_end();
	irqentry_exit(regs, state);
}
