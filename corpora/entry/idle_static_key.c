// One static key decides both the enter and the exit, as a flag does in
// cpuidle_enter_state() (idle_flag.c): a driver that enters the RCU-idle
// EQS itself has the key enabled. Each static_branch_*() is its own
// jump-label site (a NOP or a JMP the kernel patches, with a __jump_table
// entry naming the key); the kernel patches every site of a key together
// (kernel/jump_label.c: a site jumps when the key's enabled state differs
// from the entry's branch bit), so the enter of one side and the exit of
// the other never run on one path: no finding, also when one test is
// static_branch_unlikely() (a NOP, branch bit 0) and the other
// static_branch_likely() (a JMP, branch bit 1). When the exit tests the
// key the other way round, both pairings are real.
// The source analysis knows the two macros by name (rules:
// static_key_tests): each is true exactly when the key is enabled.
// WITH: mocks.c
// CFLAGS: -g
#include "../include/kernel.h"
#include "../include/entry.h"

DEFINE_STATIC_KEY_FALSE(idle_driver_eqs);
void idle_account(int latency);

__cpuidle void idle_key_enter(int latency)
{
	instrumentation_begin();
	idle_account(latency);
	if (!static_branch_unlikely(&idle_driver_eqs))
		ct_cpuidle_enter();
	else
		instrumentation_end();
	arch_cpu_idle();
	if (!static_branch_unlikely(&idle_driver_eqs))
		ct_cpuidle_exit();
	else
		instrumentation_begin();
	idle_account(-latency);
	instrumentation_end();
}

__cpuidle void idle_key_likely_exit(int latency)
{
	instrumentation_begin();
	idle_account(latency);
	if (!static_branch_unlikely(&idle_driver_eqs))
		ct_cpuidle_enter();
	else
		instrumentation_end();
	arch_cpu_idle();
	if (!static_branch_likely(&idle_driver_eqs))
		ct_cpuidle_exit();
	else
		instrumentation_begin();
	idle_account(-latency);
	instrumentation_end();
}

__cpuidle void idle_key_sense_differs(int latency)
{
	instrumentation_begin();
	idle_account(latency);
	if (!static_branch_unlikely(&idle_driver_eqs))
		ct_cpuidle_enter();
	else
		instrumentation_end();
	arch_cpu_idle();
	if (static_branch_likely(&idle_driver_eqs))
		ct_cpuidle_exit(); // EXPECT: entry-double-establish callee=ct_cpuidle_exit
	else
		instrumentation_begin(); // EXPECT: entry-region-after-teardown callee=idle_account
	idle_account(-latency);
	instrumentation_end();
}

// The same key tested in a loop: a key is assumed not to change while a
// path runs (both analyses; it is flipped rarely, all its sites together),
// so each pass decides both tests alike, as outside a loop.
__cpuidle void idle_key_loop(int passes)
{
	for (int pass = 0; pass < passes; pass++) {
		instrumentation_begin();
		idle_account(pass);
		if (!static_branch_unlikely(&idle_driver_eqs))
			ct_cpuidle_enter();
		else
			instrumentation_end();
		arch_cpu_idle();
		if (!static_branch_unlikely(&idle_driver_eqs))
			ct_cpuidle_exit();
		else
			instrumentation_begin();
		idle_account(-pass);
		instrumentation_end();
	}
}
