// One root cause, several calls. As examples.patch does to exc_int3()
// (arch/x86/kernel/traps.c), instrumentation_end() sits above the call of a
// helper the compiler inlines, so every call the helper makes is outside the
// region: one finding that lists the calls, with the hint to move the end.
// Without a region, one inlined helper's calls are one finding too (binary-line: in its body).
// SOURCE: skip the source analyzer reports inlined helpers at their call
#include "../include/kernel.h"

void notify_trap(int nr);
void send_trap_signal(int nr);
int trap_state;

static __always_inline void handle_user_trap(int nr)
{
	notify_trap(nr);
	send_trap_signal(nr);
}

noinstr void handle_early_end(int nr)
{
	trap_state++;
	instrumentation_begin();
	trap_state++;
	// EXPECT-CAUSE: region-end callee=notify_trap calls=2
	instrumentation_end();
	handle_user_trap(nr); // EXPECT: noinstr-call callee=notify_trap binary-line=15
	// EXPECT: noinstr-call callee=send_trap_signal binary-line=16
	trap_state--;
}

noinstr void handle_inlined_helper(int nr)
{
	trap_state++;
	// EXPECT-CAUSE: inlined-helper callee=notify_trap calls=2
	handle_user_trap(nr); // EXPECT: noinstr-call callee=notify_trap binary-line=15
	// EXPECT: noinstr-call callee=send_trap_signal binary-line=16
	trap_state--;
}
