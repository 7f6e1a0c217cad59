// arm64-style entry code: instrumentation_begin()/end() expand to nothing
// (no CONFIG_NOINSTR_VALIDATION), so only their names mark the regions. An
// el1h_64_sync_handler-like entry point dispatches to noinstr handlers that
// call enter_from_kernel_mode() (an establisher of arm64_entry.json, since
// the arm64 rules are not x86's): the abort handler's traced call is inside
// a region after it; the undef handler opens a region before it.
// CFLAGS: -DCORPUS_NO_MARKERS
// RULES: arm64_entry.json
// BINARY: skip the markers expand to nothing: the object has no regions
#include "../include/kernel.h"
#include "../include/entry.h"

void do_mem_abort(unsigned long esr, struct pt_regs *regs);
void do_el1_undef(struct pt_regs *regs, unsigned long esr);
int kernel_mode_entries;

static noinstr void enter_from_kernel_mode(struct pt_regs *regs)
{
	kernel_mode_entries++;
}

static noinstr void exit_to_kernel_mode(struct pt_regs *regs)
{
	kernel_mode_entries--;
}

static noinstr void el1_abort(struct pt_regs *regs, unsigned long esr)
{
	enter_from_kernel_mode(regs);
	instrumentation_begin();
	do_mem_abort(esr, regs);
	instrumentation_end();
	exit_to_kernel_mode(regs);
}

static noinstr void el1_undef(struct pt_regs *regs, unsigned long esr)
{
	instrumentation_begin();
	do_el1_undef(regs, esr);
	instrumentation_end();
	enter_from_kernel_mode(regs);
	exit_to_kernel_mode(regs);
}

noinstr void el1h_64_sync_handler(struct pt_regs *regs)
{
	unsigned long esr = regs->orig_ax;

	if (esr >> 26 == 0x25)
		el1_abort(regs, esr);
	else
		el1_undef(regs, esr); // EXPECT: entry-region-before-establish callee=do_el1_undef
}
