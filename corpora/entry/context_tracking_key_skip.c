// Context tracking behind a key tested without jump labels, shaped like
// user_exit_irqoff()/user_enter_irqoff() (include/linux/context_tracking.h:
// 39-49: if (context_tracking_enabled()) __ct_user_exit/enter()): the
// compiler loads the key and branches around the primitive. On that path
// context tracking is off and RCU watches, so the inlined helper around
// the wrapper takes effect where the path branches out of the wrapper: a
// hook after the wrapper is fine on both paths, one before it is not; on
// the way out, a hook after the wrapper runs torn down on both paths.
// WITH: mocks.c
// CFLAGS: -g
// RULES: context_tracking_key_skip.json
#include "../include/kernel.h"
#include "../include/entry.h"

void handle_keyed(struct pt_regs *regs);
int keyed_tracking_key;
int keyed_work;

noinstr void keyed_early_hook(void)
{
	keyed_work++;
}

noinstr void keyed_settled_hook(void)
{
	keyed_work += 2;
}

noinstr void keyed_exit_hook(void)
{
	keyed_work += 3;
}

noinstr void keyed_late_hook(void)
{
	keyed_work += 4;
}

static __always_inline int keyed_tracking_enabled(void)
{
	return *(volatile int *)&keyed_tracking_key > 0;
}

static __always_inline void keyed_user_exit_irqoff(void)
{
	if (keyed_tracking_enabled())
		__ct_user_exit(CT_STATE_USER);
}

static __always_inline void keyed_user_enter_irqoff(void)
{
	if (keyed_tracking_enabled())
		__ct_user_enter(CT_STATE_USER);
}

static __always_inline void keyed_enter_from_user_mode(struct pt_regs *regs)
{
	lockdep_hardirqs_off(CALLER_ADDR0);
	keyed_early_hook(); // EXPECT: entry-hook-before-establish callee=keyed_early_hook
	keyed_user_exit_irqoff();
	instrumentation_begin();
	trace_hardirqs_off_finish();
	instrumentation_end();
	keyed_settled_hook();
}

static __always_inline void keyed_exit_to_user_mode(void)
{
	instrumentation_begin();
	trace_hardirqs_on_prepare();
	instrumentation_end();
	keyed_exit_hook();
	keyed_user_enter_irqoff();
	keyed_late_hook(); // EXPECT: entry-hook-after-teardown callee=keyed_late_hook
	lockdep_hardirqs_on(CALLER_ADDR0);
}

noinstr void do_SYSENTER_32(struct pt_regs *regs)
{
	keyed_enter_from_user_mode(regs);
	instrumentation_begin();
	handle_keyed(regs);
	instrumentation_end();
	keyed_exit_to_user_mode();
}
