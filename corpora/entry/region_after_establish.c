// The right order: establish first (irqentry_enter(), irqentry_nmi_enter(),
// irqentry_enter_from_user_mode()), then open regions, directly or in a
// noinstr helper, and close them before the teardown. The helper that
// opens a region is fine here because every caller is established.
// WITH: mocks.c
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
// EXPECT-NONE
#include "../include/kernel.h"
#include "../include/entry.h"

void handle_exception_body(struct pt_regs *regs);
void handle_nmi_body(struct pt_regs *regs);
void account_user_fault(struct pt_regs *regs);
int handled;

noinstr void late_report(struct pt_regs *regs)
{
	handled++;
	instrumentation_begin();
	account_user_fault(regs);
	instrumentation_end();
}

noinstr void exc_after_establish(struct pt_regs *regs)
{
	irqentry_state_t state = irqentry_enter(regs);

	instrumentation_begin();
	handle_exception_body(regs);
	instrumentation_end();
	late_report(regs);
	irqentry_exit(regs, state);
}

noinstr void exc_nmi_after_establish(struct pt_regs *regs)
{
	irqentry_state_t irq_state = irqentry_nmi_enter(regs);

	instrumentation_begin();
	handle_nmi_body(regs);
	instrumentation_end();
	irqentry_nmi_exit(regs, irq_state);
}

noinstr void exc_user_after_establish(struct pt_regs *regs)
{
	irqentry_enter_from_user_mode(regs);
	late_report(regs);
	irqentry_exit_to_user_mode(regs);
}
