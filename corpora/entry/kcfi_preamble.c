// kCFI (clang -fsanitize=kcfi, CONFIG_CFI_CLANG): an address-taken function
// gets a __cfi_<name> preamble (padding and "movl $hash, %eax") that falls
// through into it, and an indirect call a hash check whose failure is a ud2
// listed in .kcfi_traps (a dead end, the BUG). An idle driver's enter()
// callback lives in .cpuidle.text and is called through a pointer, so its
// preamble sits in .cpuidle.text too. It only falls through into the
// callback, which is checked once under its own name; the entry map lists
// no __cfi_ entry point (rules: not_entry_points "__cfi_"). The checked
// indirect call stays one indirect call, also through the retpoline thunk.
// -fpatchable-function-entry is what CONFIG_CALL_PADDING adds. gcc (12)
// cannot make kCFI (no -fsanitize=kcfi).
// COMPILERS: clang-19
// CFLAGS: -g -fsanitize=kcfi -fpatchable-function-entry=11,11
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
// VARIANT: retpoline -mretpoline-external-thunk
// WITH: mocks.c
#include "../include/kernel.h"
#include "../include/entry.h"

struct cpuidle_driver {
	int (*enter)(int index);
};
void trace_cpu_idle(int state);
int need_resched_flag;

/* drivers/cpuidle: the callback the idle loop calls through the driver */
__cpuidle int kcfi_idle_enter(int index)
{
	instrumentation_begin();
	ct_cpuidle_enter();
	arch_cpu_idle();
	ct_cpuidle_exit();
	instrumentation_end();
	return index;
}

struct cpuidle_driver kcfi_driver = { .enter = kcfi_idle_enter };

__cpuidle void kcfi_idle_call(struct cpuidle_driver *drv)
{
	if (need_resched_flag)
		return;
	drv->enter(1); // EXPECT: noinstr-indirect-call callee={dynamic}
	instrumentation_begin();
	trace_cpu_idle(-1);
	instrumentation_end();
}
