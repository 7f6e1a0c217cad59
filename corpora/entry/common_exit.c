// kernel/entry/common.c (6.12): syscall_exit_to_user_mode() does the exit
// work inside an instrumentation region while the state is established,
// then tears it down with the inlined exit_to_user_mode() as its last act.
// Nothing after the teardown: no finding. (exit_after_teardown.c is the
// same function with a region after the teardown.)
// COMPANION
// EXPECT-NONE
// CFLAGS: -g
#include "../include/kernel.h"
#include "../include/entry.h"

noinstr void syscall_exit_to_user_mode(struct pt_regs *regs)
{
	instrumentation_begin();
	syscall_exit_to_user_mode_work(regs);
	instrumentation_end();
	exit_to_user_mode();
}
