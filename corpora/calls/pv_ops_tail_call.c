// A paravirt tail call ("jmp *pv_ops+N(%rip)") with an instrumentation
// region open: the tail call finding names the slot, as the call check
// names it (pv_ops[N]), not "{dynamic}" (objtool's name for every indirect
// call, kept only for --format=objtool). The slot's target is
// instrumentable but the region is open, so the call itself is allowed.
// SOURCE: skip the tail call is inline asm
#include "../include/kernel.h"

INSTR_END_ANCHOR() /* objtool 6.12 needs an end entry; see kernel.h */

struct pv_ops_struct {
	void (*flush_tlb)(void);
	void (*safe_halt)(void);
};

void traced_flush_tlb(void);
void traced_safe_halt(void);

struct pv_ops_struct pv_ops = {
	.flush_tlb = traced_flush_tlb,
	.safe_halt = traced_safe_halt,
};

noinstr void noinstr_pv_tail_in_region(void)
{
	instrumentation_begin();
	asm volatile("jmp *pv_ops+8(%%rip)" ::: "memory"); // EXPECT: region-open-tail-call callee=pv_ops[1]
	__builtin_unreachable();
}
