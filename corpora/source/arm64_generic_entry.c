// arm64 on the generic IRQ entry (Linux 6.18, arch/arm64/kernel/entry-common.c
// and include/asm/daifflags.h, trimmed). The el0 handlers enter through the
// generic enter_from_user_mode(), inlined through arm64_enter_from_user_mode(),
// and leave through exit_to_user_mode_prepare() (exit_to_user_mode_loop():
// signals, scheduling) followed by the generic exit_to_user_mode(). The
// SError paths use irqentry_nmi_enter()/irqentry_nmi_exit(): from EL0 they
// nest inside the user-mode entry and exit, which is fine; from EL1,
// local_daif_restore(DAIF_ERRCTX) traces the IRQ-off state before
// irqentry_nmi_enter(), as the kernel does on a TRACE_IRQFLAGS config
// (docs/entry-paths.md: a true positive). As in arm64's entry code, calls out
// of noinstr code are written without instrumentation_begin()/end().
// RULES: arm64_generic_entry.json
// WITH: ../entry/mocks.c
// CFLAGS: -g -DCORPUS_NO_MARKERS
// OBJTOOL: skip no markers written, as on arm64: the tool takes each call as a region of its own (region_markers false), a mode objtool does not have
#include "../include/kernel.h"
#include "../include/entry.h"

#define PSR_F_BIT 0x40
#define PSR_I_BIT 0x80
#define PSR_A_BIT 0x100
#define DAIF_PROCCTX 0
#define DAIF_ERRCTX (PSR_A_BIT | PSR_I_BIT | PSR_F_BIT)

void trace_hardirqs_on(void);
void trace_hardirqs_off(void);
void do_el0_svc(struct pt_regs *regs);
void do_mem_abort(unsigned long far, unsigned long esr, struct pt_regs *regs);
void do_serror(struct pt_regs *regs, unsigned long esr);
unsigned long exit_to_user_mode_loop(struct pt_regs *regs, unsigned long ti_work);
unsigned long daif_shadow;
unsigned long thread_flags;

static __always_inline void local_daif_restore(unsigned long flags)
{
	int irq_disabled = flags & PSR_I_BIT;

	// The source analyzer does not fold the constant DAIF_ERRCTX into this
	// inlined helper, so it also takes the !irq_disabled branch on
	// el1h_64_error_handler's path (docs/entry-paths.md, Limits).
	if (!irq_disabled)
		trace_hardirqs_on(); // EXPECT-SOURCE: entry-region-before-establish callee=trace_hardirqs_on
	daif_shadow = flags;
	if (irq_disabled)
		// EXPECT-SOURCE: entry-region-before-establish callee=trace_hardirqs_off
		trace_hardirqs_off(); // EXPECT: entry-region-before-establish callee=trace_hardirqs_off
}

static __always_inline void arm64_enter_from_user_mode(struct pt_regs *regs)
{
	enter_from_user_mode(regs);
}

static __always_inline void exit_to_user_mode_prepare(struct pt_regs *regs)
{
	unsigned long ti_work = thread_flags;

	if (ti_work)
		thread_flags = exit_to_user_mode_loop(regs, ti_work);
}

static __always_inline void arm64_exit_to_user_mode(struct pt_regs *regs)
{
	exit_to_user_mode_prepare(regs);
	exit_to_user_mode();
}

static noinstr void el0_svc(struct pt_regs *regs)
{
	arm64_enter_from_user_mode(regs);
	local_daif_restore(DAIF_PROCCTX);
	do_el0_svc(regs);
	arm64_exit_to_user_mode(regs);
}

static noinstr void el0_da(struct pt_regs *regs, unsigned long esr)
{
	unsigned long far = regs->ip;

	arm64_enter_from_user_mode(regs);
	local_daif_restore(DAIF_PROCCTX);
	do_mem_abort(far, esr, regs);
	arm64_exit_to_user_mode(regs);
}

noinstr void el0t_64_sync_handler(struct pt_regs *regs)
{
	unsigned long esr = regs->orig_ax;

	if (esr >> 26 == 0x15)
		el0_svc(regs);
	else
		el0_da(regs, esr);
}

noinstr void el0t_64_error_handler(struct pt_regs *regs)
{
	unsigned long esr = regs->orig_ax;
	irqentry_state_t state;

	arm64_enter_from_user_mode(regs);
	local_daif_restore(DAIF_ERRCTX);
	state = irqentry_nmi_enter(regs);
	do_serror(regs, esr);
	irqentry_nmi_exit(regs, state);
	local_daif_restore(DAIF_PROCCTX);
	arm64_exit_to_user_mode(regs);
}

noinstr void el1h_64_error_handler(struct pt_regs *regs)
{
	unsigned long esr = regs->orig_ax;
	irqentry_state_t state;

	local_daif_restore(DAIF_ERRCTX);
	state = irqentry_nmi_enter(regs);
	do_serror(regs, esr);
	irqentry_nmi_exit(regs, state);
}
