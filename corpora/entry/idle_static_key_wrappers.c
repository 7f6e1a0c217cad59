// Two argument-less wrapper macros over two different static keys decide
// the enter and the exit of the RCU-idle EQS, as kernel/sched/sched.h wraps
// its keys (scx_enabled(), scx_switched_all()) and include/linux/cgroup.h
// pastes the key's name (cgroup_subsys_enabled(ss)). Each key is patched on
// its own, so both pairings run: entering without the exit's key enabled
// and exiting with it. The key is the variable the static_branch_*()
// invocation takes the address of, not the wrapper's text (which names no
// key here).
// WITH: mocks.c
// CFLAGS: -g
// VARIANT: dwarf64 -gdwarf64
// (dwarf64: the lines come from 64-bit DWARF units, their headers rewritten
// when a unit is read for its ranges alone)
#include "../include/kernel.h"
#include "../include/entry.h"

DEFINE_STATIC_KEY_FALSE(idle_enter_eqs_key);
DEFINE_STATIC_KEY_FALSE(idle_exit_eqs_key);
#define idle_enters_eqs() static_branch_unlikely(&idle_enter_eqs_key)
#define idle_exits_eqs() static_branch_unlikely(&idle_exit_eqs_key)
void idle_account(int latency);

__cpuidle void idle_wrapped_keys(int latency)
{
	instrumentation_begin();
	idle_account(latency);
	if (!idle_enters_eqs())
		ct_cpuidle_enter();
	else
		instrumentation_end();
	arch_cpu_idle();
	if (!idle_exits_eqs())
		ct_cpuidle_exit(); // EXPECT: entry-double-establish callee=ct_cpuidle_exit
	else
		instrumentation_begin(); // EXPECT: entry-region-after-teardown callee=idle_account
	idle_account(-latency);
	instrumentation_end();
}
