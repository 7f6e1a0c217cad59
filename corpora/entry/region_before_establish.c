// An exception entry (exc_*, starts RAW) that opens an instrumentation
// region before irqentry_enter() has made RCU watch: anything traced in the
// region may run with RCU idle. The region counts wherever it is opened:
// in the entry itself, in a noinstr helper it calls, or two helpers down
// (the finding names the helper called from the entry). objtool sees none
// of this: every traced call is inside a region.
// WITH: mocks.c
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"
#include "../include/entry.h"

void trace_early_exception(struct pt_regs *regs);
void handle_exception_body(struct pt_regs *regs);
int early_seen;

noinstr void exc_region_direct(struct pt_regs *regs)
{
	irqentry_state_t state;

	instrumentation_begin(); // EXPECT: entry-region-before-establish callee=trace_early_exception
	trace_early_exception(regs);
	instrumentation_end();

	state = irqentry_enter(regs);
	instrumentation_begin();
	handle_exception_body(regs);
	instrumentation_end();
	irqentry_exit(regs, state);
}

/* One level: the helper itself opens the region. */
noinstr void early_fixup_one(struct pt_regs *regs)
{
	early_seen++;
	instrumentation_begin();
	trace_early_exception(regs);
	instrumentation_end();
}

noinstr void exc_region_one_helper(struct pt_regs *regs)
{
	irqentry_state_t state;

	early_fixup_one(regs); // EXPECT: entry-region-before-establish callee=trace_early_exception
	state = irqentry_enter(regs);
	instrumentation_begin();
	handle_exception_body(regs);
	instrumentation_end();
	irqentry_exit(regs, state);
}

/* Two levels: early_dispatch() -> early_report(), which opens it. */
noinstr void early_report(struct pt_regs *regs)
{
	instrumentation_begin();
	trace_early_exception(regs);
	instrumentation_end();
	early_seen--;
}

noinstr void early_dispatch(struct pt_regs *regs)
{
	if (regs->orig_ax == 3)
		early_report(regs);
	early_seen += 2;
}

noinstr void exc_region_two_helpers(struct pt_regs *regs)
{
	irqentry_state_t state;

	early_dispatch(regs); // EXPECT: entry-region-before-establish callee=trace_early_exception
	// EXPECT-CHAIN: exc_region_two_helpers
	state = irqentry_enter(regs);
	instrumentation_begin();
	handle_exception_body(regs);
	instrumentation_end();
	irqentry_exit(regs, state);
}
