// static_branch_unlikely(): the asm goto is a 5-byte NOP, so the code at its
// l_yes label is reached only through the __jump_table entry. A traced call
// there must still be found; the region-wrapped one is fine.
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"

DEFINE_STATIC_KEY_FALSE(entry_debug_key);
DEFINE_STATIC_KEY_FALSE(trace_key);
void traced_key_path(int);
void traced_key_in_region(int);
int handled;

noinstr void noinstr_jump_label(int v)
{
	if (static_branch_unlikely(&entry_debug_key))
		traced_key_path(v); // EXPECT: noinstr-call callee=traced_key_path
	if (static_branch_unlikely(&trace_key)) {
		instrumentation_begin();
		traced_key_in_region(v);
		instrumentation_end();
	}
	handled++;
}
