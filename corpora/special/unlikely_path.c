// Unlikely paths (unlikely(), calls to __cold functions) are laid out after
// the hot path and reached only by a forward branch; they are checked like
// any other path. (gcc would split them into a "<fn>.cold" function, but it
// never partitions functions with a section attribute; see
// asm/cold_part.S for the .cold construct.)
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"

void traced_unlikely_path(long);
void __cold report_slow_path(long);
long fast_count;

noinstr void noinstr_unlikely_path(long v)
{
	if (unlikely(v < 0)) {
		traced_unlikely_path(v); // EXPECT: noinstr-call callee=traced_unlikely_path
		fast_count = 0;
	}
	if (v > 1000) {
		instrumentation_begin();
		report_slow_path(v);
		instrumentation_end();
		fast_count = -1;
	}
	fast_count += v;
}
