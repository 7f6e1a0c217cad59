// The syscall entries (do_syscall_64 and friends start RAW) establish with
// the inlined syscall_enter_from_user_mode() -> enter_from_user_mode(),
// seen through the DWARF inline tree (-g); in the noct variant (no context
// tracking, no __ct_user_exit() call) through nothing else.
// do_syscall_64() has the kernel's shape: no finding. do_int80_syscall_32()
// audits in a region before the inlined establisher: a finding, although
// the same region after it would be fine.
// WITH: mocks.c common_exit.c
// CFLAGS: -g
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
// VARIANT: noct -DCORPUS_NO_CONTEXT_TRACKING
#include "../include/kernel.h"
#include "../include/entry.h"

int do_syscall_x64(struct pt_regs *regs, int nr);
void audit_syscall_entry_early(struct pt_regs *regs);

noinstr void do_syscall_64(struct pt_regs *regs, int nr)
{
	nr = syscall_enter_from_user_mode(regs, nr);
	instrumentation_begin();
	if (!do_syscall_x64(regs, nr))
		regs->ax = -38;
	instrumentation_end();
	syscall_exit_to_user_mode(regs);
}

noinstr void do_int80_syscall_32(struct pt_regs *regs)
{
	int nr = regs->orig_ax;

	instrumentation_begin(); // EXPECT: entry-region-before-establish callee=audit_syscall_entry_early
	audit_syscall_entry_early(regs);
	instrumentation_end();
	nr = syscall_enter_from_user_mode(regs, nr);
	instrumentation_begin();
	do_syscall_x64(regs, nr);
	instrumentation_end();
	syscall_exit_to_user_mode(regs);
}
