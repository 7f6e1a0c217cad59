// kernel/entry/common.c syscall_exit_to_user_mode() (see common_exit.c),
// with audit work added after the inlined exit_to_user_mode(): context
// tracking already says "user" and RCU may not watch (nohz_full), so the
// region after it is wrong. The noct variant builds without context
// tracking: exit_to_user_mode() then calls no ct primitive and only the
// DWARF inline tree (-g) says where the teardown is.
// WITH: mocks.c
// CFLAGS: -g
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
// VARIANT: noct -DCORPUS_NO_CONTEXT_TRACKING
#include "../include/kernel.h"
#include "../include/entry.h"

void audit_syscall_exit_late(struct pt_regs *regs);

noinstr void syscall_exit_to_user_mode(struct pt_regs *regs)
{
	instrumentation_begin();
	syscall_exit_to_user_mode_work(regs);
	instrumentation_end();
	exit_to_user_mode();
	instrumentation_begin(); // EXPECT: entry-region-after-teardown callee=audit_syscall_exit_late
	audit_syscall_exit_late(regs);
	instrumentation_end();
}

/* A hook after the inlined teardown: task isolation work belongs before it. */
int isolation_exits;

noinstr void irqentry_exit_to_user_mode_isolated(struct pt_regs *regs)
{
	instrumentation_begin();
	syscall_exit_to_user_mode_work(regs);
	instrumentation_end();
	exit_to_user_mode();
	task_isolation_kernel_enter(); // EXPECT: entry-hook-after-teardown callee=task_isolation_kernel_enter
	isolation_exits++;
}
