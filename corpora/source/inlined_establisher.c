// The establisher is called from an __always_inline helper: its effect holds
// from where the helper returns. The region before it is opened while the
// state is not established; the one after it is fine.
// WITH: ../entry/mocks.c
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"
#include "../include/entry.h"

void trace_counted_entry(struct pt_regs *regs);
void handle_counted(struct pt_regs *regs);
int counted_entries;

static __always_inline irqentry_state_t enter_counted(struct pt_regs *regs)
{
	counted_entries++;
	return irqentry_enter(regs);
}

noinstr void exc_inlined_establisher(struct pt_regs *regs)
{
	irqentry_state_t state;

	instrumentation_begin(); // EXPECT: entry-region-before-establish callee=trace_counted_entry
	trace_counted_entry(regs);
	instrumentation_end();
	state = enter_counted(regs);
	instrumentation_begin();
	handle_counted(regs);
	instrumentation_end();
	irqentry_exit(regs, state);
}
