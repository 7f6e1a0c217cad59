// An __always_inline helper is part of its caller: a traced call inside it is
// reported against the noinstr caller. The same helper's region-wrapped call
// is fine.
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"

void traced_in_inline(int);
void trace_hardirqs_off_finish(void);
int nr_irqs;

static __always_inline void account_irq(int irq)
{
	nr_irqs++;
	traced_in_inline(irq); // EXPECT: noinstr-call callee=traced_in_inline
}

static __always_inline void trace_finish(void)
{
	instrumentation_begin();
	trace_hardirqs_off_finish();
	instrumentation_end();
}

noinstr void noinstr_always_inline(int irq)
{
	trace_finish();
	account_irq(irq);
	nr_irqs--;
}
