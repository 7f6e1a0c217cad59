/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KVM guest entry mocks, with the shapes of include/linux/kvm_host.h (6.12):
 * guest_state_enter_irqoff() is "analogous to exit_to_user_mode()" and tears
 * the state down (tracing, then context tracking, then lockdep);
 * guest_state_exit_irqoff() is "analogous to enter_from_user_mode()". The
 * context-tracking-enabled form: __ct_user_enter/exit(CT_STATE_GUEST). The
 * rules see them through the DWARF inline tree (rules/11-x86_64-entry.json),
 * hence -g. Include after entry.h.
 */
#ifndef CORPUS_KVM_H
#define CORPUS_KVM_H

#define CT_STATE_GUEST 3

static __always_inline void guest_context_enter_irqoff(void)
{
	__ct_user_enter(CT_STATE_GUEST);
}

static __always_inline void guest_state_enter_irqoff(void)
{
	instrumentation_begin();
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare();
	instrumentation_end();

	guest_context_enter_irqoff();
	lockdep_hardirqs_on(CALLER_ADDR0);
}

static __always_inline void guest_context_exit_irqoff(void)
{
	__ct_user_exit(CT_STATE_GUEST);
}

static __always_inline void guest_state_exit_irqoff(void)
{
	lockdep_hardirqs_off(CALLER_ADDR0);
	guest_context_exit_irqoff();

	instrumentation_begin();
	trace_hardirqs_off_finish();
	instrumentation_end();
}

#endif /* CORPUS_KVM_H */
