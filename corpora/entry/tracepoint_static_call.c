// A tracepoint in noinstr code calls its static-call trampoline
// __SCT__tp_func_<name> (include/linux/tracepoint.h, HAVE_STATIC_CALL).
// objtool accepts every __SCT__ call, and so does the noinstr-call rule,
// but the probes behind it need RCU watching. In idle, trace_cpu_idle()
// before ct_cpuidle_enter() and after ct_cpuidle_exit() is the kernel's
// default_idle_call(); one in between, while RCU does not watch, is the
// rcuidle bug. On an interrupt entry one before irqentry_enter() is too
// early, one after it is fine.
// WITH: mocks.c
// CFLAGS: -g
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"
#include "../include/entry.h"

void __SCT__tp_func_cpu_idle(unsigned int state, unsigned int cpu);
void __SCT__tp_func_irq_handler_entry(int irq);
void handle_irq_body(struct pt_regs *regs);

__cpuidle void default_idle_call(void)
{
	instrumentation_begin();
	__SCT__tp_func_cpu_idle(1, 0);
	ct_cpuidle_enter();
	__SCT__tp_func_cpu_idle(2, 0); // EXPECT: entry-region-after-teardown callee=__SCT__tp_func_cpu_idle
	arch_cpu_idle();
	ct_cpuidle_exit();
	__SCT__tp_func_cpu_idle(-1, 0);
	instrumentation_end();
}

noinstr void common_interrupt(struct pt_regs *regs)
{
	irqentry_state_t state;

	__SCT__tp_func_irq_handler_entry(1); // EXPECT: entry-region-before-establish callee=__SCT__tp_func_irq_handler_entry
	state = irqentry_enter(regs);
	__SCT__tp_func_irq_handler_entry(2);
	instrumentation_begin();
	handle_irq_body(regs);
	instrumentation_end();
	irqentry_exit(regs, state);
}
