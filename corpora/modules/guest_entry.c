// KVM-style guest entry in a module, the "vmlinux" half (the context
// tracking and lockdep primitives) in another object: the vcpu run
// function is a guest entry point (rules: kind "guest", starts
// ESTABLISHED). Between guest_state_enter_irqoff() and
// guest_state_exit_irqoff() RCU may not watch (kvm_host.h: "unsafe to use
// any code which may directly or indirectly use RCU, tracing ... or
// lockdep"), so a region there is a finding; the same code after
// guest_state_exit_irqoff() is fine. The vcpu_run_asm() stand-in is
// noinstr, like __vmx_vcpu_run.
// MODULE: prelink
// WITH: ../entry/mocks.c
// CFLAGS: -g
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
// SOURCE: skip what is a module comes from kbuild's files next to the objects, not from the C source
#include "../include/kernel.h"
#include "../include/entry.h"
#include "../include/kvm.h"

void report_guest_failure(int why);
int guest_failed;

noinstr void vcpu_run_asm(void)
{
	guest_failed = !guest_failed;
}

noinstr void vmx_vcpu_enter_exit(void)
{
	guest_state_enter_irqoff();
	vcpu_run_asm();
	if (guest_failed) {
		instrumentation_begin(); // EXPECT: entry-region-after-teardown callee=report_guest_failure
		report_guest_failure(1);
		instrumentation_end();
	}
	guest_state_exit_irqoff();
	if (guest_failed) {
		instrumentation_begin();
		report_guest_failure(2);
		instrumentation_end();
	}
}
