// An indirect call through a global function pointer outside a region: the
// target is unknown, so it may be instrumentable. Inside a region it is fine.
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"

void (*entry_notifier)(int);
int notified;

noinstr void noinstr_indirect_outside(int v)
{
	entry_notifier(v); // EXPECT: noinstr-indirect-call callee={dynamic}
	instrumentation_begin();
	entry_notifier(-v);
	instrumentation_end();
	notified++;
}
