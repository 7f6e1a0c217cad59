// One flag decides both the enter and the exit, as CPUIDLE_FLAG_RCU_IDLE
// does in cpuidle_enter_state() (drivers/cpuidle/cpuidle.c): a state whose
// driver enters the RCU-idle EQS itself skips both ct_cpuidle_enter() and
// ct_cpuidle_exit(). The compilers test the flag twice (gcc: the same
// "testb" of memory addressed through a callee-saved register); pairing
// the enter of one side with the exit of the other is a path the machine
// never runs: no finding. When the code may change the flag between the
// two tests (a store through a pointer that may alias the state: the
// compilers test it again), both pairings are real: a state that had the
// flag set and loses it exits an EQS it never entered; one that gains it
// runs instrumentable code in the EQS it entered.
// WITH: mocks.c
// CFLAGS: -g
#include "../include/kernel.h"
#include "../include/entry.h"

#define IDLE_FLAG_RCU_IDLE 0x40

struct idle_state {
	unsigned int flags;
	int latency;
};

void idle_account(int latency);

__cpuidle int idle_enter_state(struct idle_state *state)
{
	instrumentation_begin();
	idle_account(state->latency);
	if (!(state->flags & IDLE_FLAG_RCU_IDLE))
		ct_cpuidle_enter();
	else
		instrumentation_end();
	arch_cpu_idle();
	if (!(state->flags & IDLE_FLAG_RCU_IDLE))
		ct_cpuidle_exit();
	else
		instrumentation_begin();
	idle_account(-state->latency);
	instrumentation_end();
	return 0;
}

__cpuidle int idle_enter_state_flag_changed(struct idle_state *state,
					      struct idle_state *next)
{
	instrumentation_begin();
	idle_account(state->latency);
	if (!(state->flags & IDLE_FLAG_RCU_IDLE))
		ct_cpuidle_enter();
	else
		instrumentation_end();
	arch_cpu_idle();
	next->flags ^= IDLE_FLAG_RCU_IDLE;
	if (!(state->flags & IDLE_FLAG_RCU_IDLE))
		ct_cpuidle_exit(); // EXPECT: entry-double-establish callee=ct_cpuidle_exit
	else
		instrumentation_begin(); // EXPECT: entry-region-after-teardown callee=idle_account
	idle_account(-state->latency);
	instrumentation_end();
	return 0;
}
