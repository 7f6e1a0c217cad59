// Handlers made by DEFINE_IDTENTRY() and DEFINE_IDTENTRY_RAW(): the noinstr
// function comes from a macro, the body the user wrote is an __always_inline
// function (or the handler itself). The body of DEFINE_IDTENTRY runs inside
// the handler's region, so its traced call is fine; a body that ends that
// region calls out of noinstr code, and so does a RAW body outside one.
// WITH: ../entry/mocks.c
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"
#include "../include/entry.h"

void handle_macro_fault(struct pt_regs *regs);
void macro_gap_report(struct pt_regs *regs);
void raw_early_report(struct pt_regs *regs);
int macro_faults;

DEFINE_IDTENTRY(exc_macro_clean)
{
	handle_macro_fault(regs);
}

DEFINE_IDTENTRY(exc_macro_gap)
{
	instrumentation_end();
	macro_gap_report(regs); // EXPECT: noinstr-call callee=macro_gap_report
	instrumentation_begin();
}

DEFINE_IDTENTRY_RAW(exc_macro_raw)
{
	irqentry_state_t state;

	raw_early_report(regs); // EXPECT: noinstr-call callee=raw_early_report
	state = irqentry_enter(regs);
	macro_faults++;
	irqentry_exit(regs, state);
}
