// An indirect call outside a region is reported ({dynamic}); inside a region
// it is fine. An indirect tail call ("jmp *...") is reported the same way.
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"

struct irq_desc {
	void (*handler)(struct irq_desc *);
	void (*ack)(struct irq_desc *);
	int count;
};

noinstr void noinstr_indirect_call(struct irq_desc *desc)
{
	desc->ack(desc); // EXPECT: noinstr-indirect-call callee={dynamic}
	instrumentation_begin();
	desc->handler(desc);
	instrumentation_end();
	desc->count++;
}

noinstr void noinstr_indirect_tail(struct irq_desc *desc)
{
	desc->handler(desc); // EXPECT: noinstr-indirect-call callee={dynamic}
}
