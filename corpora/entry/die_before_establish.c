// A die path before the state is established (do_int80_emulation()'s
// panic, handle_bug()): the region runs into a noreturn call and never
// closes, which the kernel allows; only the open region at panic() is
// noted (region-open-noreturn, severity note). The same in a noinstr
// helper that never returns.
// WITH: mocks.c
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
// The source analyzer has no note for it:
// SOURCE-EXPECT-NONE
#include "../include/kernel.h"
#include "../include/entry.h"

void handle_exception_body(struct pt_regs *regs);
int dying;

static noinstr __noreturn void entry_die(struct pt_regs *regs)
{
	dying = 1;
	instrumentation_begin();
	panic("unexpected entry at %lx", regs->ip); // EXPECT: region-open-noreturn callee=panic
}

noinstr void exc_die_early(struct pt_regs *regs)
{
	irqentry_state_t state;

	if (unlikely(!user_mode(regs))) {
		instrumentation_begin();
		panic("kernel mode entry"); // EXPECT: region-open-noreturn callee=panic
	}
	if (unlikely(regs->orig_ax == -1UL))
		entry_die(regs);
	state = irqentry_enter(regs);
	instrumentation_begin();
	handle_exception_body(regs);
	instrumentation_end();
	irqentry_exit(regs, state);
}
