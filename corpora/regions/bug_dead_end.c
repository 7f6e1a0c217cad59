// BUG(): instrumentation_begin() then ud2, never ended; the ud2 is a dead
// end, so the open region is not a problem. The report call before it is
// inside the region ("All lies, just get the BUG out").
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"
// EXPECT-NONE

INSTR_END_ANCHOR() /* objtool 6.12 needs an end entry; see kernel.h */

void report_bad_state(int);
int cpu_state;

noinstr void exc_bug_dead_end(int s)
{
	if (s > 3) {
		instrumentation_begin();
		report_bad_state(s);
		BUG();
	}
	cpu_state = s;
}
