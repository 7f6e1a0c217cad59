/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry-code mocks for corpora/entry/: include after kernel.h.
 *
 * Kept out of kernel.h because files there define their own pt_regs and
 * irqentry_state_t (demo/entry_demo.c). Shapes from Linux 6.12 (x86-64,
 * GENERIC_ENTRY, CONTEXT_TRACKING_USER), trimmed:
 *   include/linux/entry-common.h      enter_from_user_mode(),
 *                                     syscall_enter_from_user_mode(),
 *                                     exit_to_user_mode()
 *   include/linux/cpuidle.h           ct_cpuidle_enter(), ct_cpuidle_exit()
 *   kernel/entry/common.c             irqentry_*(), syscall_exit_to_user_mode()
 *   arch/x86/include/asm/idtentry.h   DEFINE_IDTENTRY(), DEFINE_IDTENTRY_RAW()
 *
 * What the analyzer sees: calls to the out-of-line establishers and
 * teardowns by name (rules/11-x86_64-entry.json), and the __always_inline
 * helpers below through the DWARF inline tree (so cases using them build
 * with -g). The out-of-line noinstr functions are defined in
 * entry/mocks.c (and syscall_exit_to_user_mode() in entry/common_exit.c),
 * which every case links in with WITH:, so that calling them is not a
 * noinstr-call finding. The functions declared "instrumentable" are never
 * defined: they are .text functions of the real kernel, called inside
 * instrumentation regions only.
 */
#ifndef CORPUS_ENTRY_H
#define CORPUS_ENTRY_H

#define CALLER_ADDR0 ((unsigned long)__builtin_return_address(0))
#define _RET_IP_ CALLER_ADDR0
#define CT_STATE_USER 1

struct pt_regs {
	unsigned long di, si, dx, ax, orig_ax, ip, cs, flags, sp, ss;
};

typedef struct irqentry_state {
	int exit_rcu;
} irqentry_state_t;

static __always_inline int user_mode(struct pt_regs *regs)
{
	return !!(regs->cs & 3);
}

/* ---- out-of-line noinstr: entry/mocks.c, entry/common_exit.c ---------- */
irqentry_state_t irqentry_enter(struct pt_regs *regs);
void irqentry_exit(struct pt_regs *regs, irqentry_state_t state);
irqentry_state_t irqentry_nmi_enter(struct pt_regs *regs);
void irqentry_nmi_exit(struct pt_regs *regs, irqentry_state_t irq_state);
void irqentry_enter_from_user_mode(struct pt_regs *regs);
void irqentry_exit_to_user_mode(struct pt_regs *regs);
void syscall_exit_to_user_mode(struct pt_regs *regs);
void lockdep_hardirqs_off(unsigned long ip);
void lockdep_hardirqs_on(unsigned long ip);
void __ct_user_exit(int state);
void __ct_user_enter(int state);
void ct_idle_enter(void);
void ct_idle_exit(void);
void ct_irq_enter(void);
void ct_irq_exit(void);
void task_isolation_kernel_enter(void);
void arch_cpu_idle(void);

/* ---- instrumentable (.text in the kernel; never defined here) --------- */
void trace_hardirqs_off_finish(void);
void trace_hardirqs_on_prepare(void);
void lockdep_hardirqs_on_prepare(void);
void local_irq_enable(void);
long syscall_enter_from_user_mode_work(struct pt_regs *regs, long syscall);
void syscall_exit_to_user_mode_work(struct pt_regs *regs);

/* ---- __always_inline establishers and teardowns ------------------------ */

/*
 * context_tracking.h. Built with -DCORPUS_NO_CONTEXT_TRACKING
 * (CONFIG_CONTEXT_TRACKING_USER=n) these are empty: enter_from_user_mode()
 * and exit_to_user_mode() are then only lockdep calls and instrumentation
 * markers, and nothing but the DWARF inline tree says where they are.
 */
#ifdef CORPUS_NO_CONTEXT_TRACKING
static __always_inline void user_exit_irqoff(void)
{
}
static __always_inline void user_enter_irqoff(void)
{
}
#else
static __always_inline void user_exit_irqoff(void)
{
	__ct_user_exit(CT_STATE_USER);
}
static __always_inline void user_enter_irqoff(void)
{
	__ct_user_enter(CT_STATE_USER);
}
#endif

/* entry-common.h: lockdep, then context tracking (RCU), then tracing. */
static __always_inline void enter_from_user_mode(struct pt_regs *regs)
{
	lockdep_hardirqs_off(CALLER_ADDR0);
	user_exit_irqoff();
	instrumentation_begin();
	trace_hardirqs_off_finish();
	instrumentation_end();
}

static __always_inline long syscall_enter_from_user_mode(struct pt_regs *regs,
							 long syscall)
{
	long ret;

	enter_from_user_mode(regs);
	instrumentation_begin();
	local_irq_enable();
	ret = syscall_enter_from_user_mode_work(regs, syscall);
	instrumentation_end();
	return ret;
}

/* The reverse: tracing, then context tracking, then lockdep last. */
static __always_inline void exit_to_user_mode(void)
{
	instrumentation_begin();
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare();
	instrumentation_end();
	user_enter_irqoff();
	lockdep_hardirqs_on(CALLER_ADDR0);
}

/*
 * cpuidle.h: called inside the idle loop's instrumentation region; ends it
 * before RCU stops watching and begins it again once RCU watches.
 */
static __always_inline void ct_cpuidle_enter(void)
{
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare();
	instrumentation_end();
	ct_idle_enter();
	lockdep_hardirqs_on(_RET_IP_);
}

static __always_inline void ct_cpuidle_exit(void)
{
	lockdep_hardirqs_off(_RET_IP_);
	ct_idle_exit();
	instrumentation_begin();
}

/* ---- idtentry.h: exception handlers made by macros --------------------- */

/*
 * The noinstr handler establishes the state and runs the body, written
 * after the macro by the user, in one region: the body is an
 * __always_inline function, part of the handler's code.
 */
#define DEFINE_IDTENTRY(func)                                                  \
	static __always_inline void __##func(struct pt_regs *regs);            \
                                                                               \
	noinstr void func(struct pt_regs *regs)                                \
	{                                                                      \
		irqentry_state_t state = irqentry_enter(regs);                 \
                                                                               \
		instrumentation_begin();                                       \
		__##func(regs);                                                \
		instrumentation_end();                                         \
		irqentry_exit(regs, state);                                    \
	}                                                                      \
                                                                               \
	static __always_inline void __##func(struct pt_regs *regs)

/* The body is the handler: it establishes the state itself. */
#define DEFINE_IDTENTRY_RAW(func) noinstr void func(struct pt_regs *regs)

#endif /* CORPUS_ENTRY_H */
