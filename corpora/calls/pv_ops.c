// Paravirt calls: "call *pv_ops+N(%rip)" as an ALTERNATIVE with
// "call BUG_func". A slot is allowed when every known target is noinstr.
// Targets come from the static initializer and from "movq $fn, pv_ops+N"
// stores in .init.text; _paravirt_nop does not count.
//   slot 0: native_irq_disable (noinstr)                      -> allowed
//   slot 1: traced_flush_tlb                                  -> reported
//   slot 2: native_safe_halt (noinstr), and xen_traced_halt
//           stored by init code                               -> reported
//   slot 3: _paravirt_nop                                     -> allowed
// (objtool prints the reported ones as {dynamic}.) objtool prints one line
// per function: 6.15+ reports the slot 1 call (the "call BUG_func"
// replacement ends its walk of each alternative); up to 6.14 it walks on past
// BUG_func down the replacements and reports the slot 2 call first
// (special/alternative_noreturn.c).
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
// SOURCE: skip the pv_ops calls are inline asm, their targets data in .init.text
#include "../include/kernel.h"

struct pv_ops_struct {
	void (*irq_disable)(void);
	void (*flush_tlb)(void);
	void (*safe_halt)(void);
	void (*io_delay)(void);
};

noinstr void native_irq_disable(void)
{
	asm volatile("cli" ::: "memory");
}

noinstr void native_safe_halt(void)
{
	asm volatile("sti; hlt" ::: "memory");
}

void _paravirt_nop(void)
{
}

void traced_flush_tlb(void);
void xen_traced_halt(void);

struct pv_ops_struct pv_ops = {
	.irq_disable = native_irq_disable,
	.flush_tlb = traced_flush_tlb,
	.safe_halt = native_safe_halt,
	.io_delay = _paravirt_nop,
};

__init void xen_init_irq_ops(void)
{
	pv_ops.safe_halt = xen_traced_halt;
}

/* arch/x86/kernel/alternative.c: the replacement every pv call site gets. */
noinstr void BUG_func(void)
{
	BUG();
}

#define PVOP_CALL(slot)                                                        \
	asm volatile(ALTERNATIVE("call *pv_ops+" __stringify(slot) "(%%rip)", \
				 "call BUG_func", ALT_CALL_ALWAYS)            \
		     : : : "memory", "rax", "rcx", "rdx", "rsi", "rdi", "r8",  \
		       "r9", "r10", "r11")

noinstr void exc_pv_ops(void)
{
	PVOP_CALL(0);
	PVOP_CALL(8); // EXPECT: noinstr-indirect-call callee=pv_ops[1]
	PVOP_CALL(16); // EXPECT: noinstr-indirect-call callee=pv_ops[2]
	PVOP_CALL(24);
}
