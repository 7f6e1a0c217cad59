// Hooks inside __always_inline entry/exit helpers shaped like
// enter_from_user_mode() and exit_to_user_mode() (kernel/entry/common.c,
// include/linux/entry-common.h): the helper changes the state at its
// context-tracking primitive (user_exit_irqoff() -> __ct_user_exit(),
// user_enter_irqoff() -> __ct_user_enter()), not where its inlined code
// ends. A hook before __ct_user_exit() runs while RCU may not watch; one
// after it is fine, inside the same helper. On the way out, a hook before
// __ct_user_enter() is fine and one after it is not.
// WITH: mocks.c
// CFLAGS: -g
// RULES: hooks_in_inlined_helpers.json
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"
#include "../include/entry.h"

void handle_int80(struct pt_regs *regs);
int isolation_work;

noinstr void isolation_enter_hook(void)
{
	isolation_work++;
}

noinstr void isolation_settled_hook(void)
{
	isolation_work += 2;
}

noinstr void isolation_exit_hook(void)
{
	isolation_work += 3;
}

noinstr void isolation_late_hook(void)
{
	isolation_work += 4;
}

static __always_inline void isol_enter_from_user_mode(struct pt_regs *regs)
{
	lockdep_hardirqs_off(CALLER_ADDR0);
	isolation_enter_hook(); // EXPECT: entry-hook-before-establish callee=isolation_enter_hook
	user_exit_irqoff();
	isolation_settled_hook();
	instrumentation_begin();
	trace_hardirqs_off_finish();
	instrumentation_end();
}

static __always_inline void isol_exit_to_user_mode(void)
{
	instrumentation_begin();
	trace_hardirqs_on_prepare();
	instrumentation_end();
	isolation_exit_hook();
	user_enter_irqoff();
	isolation_late_hook(); // EXPECT: entry-hook-after-teardown callee=isolation_late_hook
	lockdep_hardirqs_on(CALLER_ADDR0);
}

noinstr void do_int80_emulation(struct pt_regs *regs)
{
	isol_enter_from_user_mode(regs);
	instrumentation_begin();
	handle_int80(regs);
	instrumentation_end();
	isol_exit_to_user_mode();
}
