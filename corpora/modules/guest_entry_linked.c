// The guest entry of guest_entry.c linked into a .ko: its markers are gone,
// so each call out of noinstr code is a region of its own. The ordering rule
// still sees the call in the guest window (the region's own callee, which
// the module defines); the call after guest_state_exit_irqoff() is fine, and
// the calls inside the inlined guest_state_*_irqoff() belong to the
// transitions. Nothing is a noinstr-call. The tracing and lockdep calls of
// the transitions go to functions no input defines: with the markers gone
// nothing says they were in a region, so they are unresolved-callee notes
// (the pre-link object has them inside regions, guest_entry.c).
// MODULE: linked
// WITH: ../entry/mocks.c
// CFLAGS: -g
// SOURCE: skip what is a module comes from kbuild's files next to the objects, not from the C source
#include "../include/kernel.h"
#include "../include/entry.h"
#include "../include/kvm.h"

int guest_failed;

noinline void report_guest_failure(int why)
{
	guest_failed = why;
}

noinstr void vcpu_run_asm(void)
{
	guest_failed = !guest_failed;
}

noinstr void vmx_vcpu_enter_exit(void)
{
	// EXPECT: unresolved-callee callee=trace_hardirqs_on_prepare
	// EXPECT: unresolved-callee callee=lockdep_hardirqs_on_prepare
	guest_state_enter_irqoff();
	vcpu_run_asm();
	if (guest_failed) {
		instrumentation_begin();
		report_guest_failure(1); // EXPECT: entry-region-after-teardown callee=report_guest_failure
		instrumentation_end();
	}
	guest_state_exit_irqoff(); // EXPECT: unresolved-callee callee=trace_hardirqs_off_finish
	if (guest_failed) {
		instrumentation_begin();
		report_guest_failure(2);
		instrumentation_end();
	}
}
