// A traced call outside a region in a plain "static inline" helper of a
// noinstr function. Only __always_inline is guaranteed to be inlined, but
// either way the traced code runs outside a region: inlined, the helper's
// call leaves noinstr code. Both compilers inline this one-call helper.
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"

void traced_account_irq(int v);
int irq_accounted;

static inline void account_irq(int v)
{
	irq_accounted += v;
	traced_account_irq(v); // EXPECT: noinstr-call callee=traced_account_irq
}

noinstr void noinstr_plain_inline(int v)
{
	account_irq(v);
	irq_accounted++;
}
