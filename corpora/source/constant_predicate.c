// A branch on an __always_inline predicate that returns a constant (a
// feature the configuration turned off): the compiler removes the branch,
// so the traced call behind it never exists. No finding.
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
// EXPECT-NONE
#include "../include/kernel.h"

typedef _Bool bool;		/* include/linux/types.h */
enum { false = 0, true = 1 };	/* include/linux/stddef.h */

void traced_debug_report(int v);
int predicate_hits;

static __always_inline bool entry_debug_enabled(void)
{
	return false;
}

noinstr void noinstr_constant_predicate(int v)
{
	if (entry_debug_enabled())
		traced_debug_report(v);
	predicate_hits++;
}
