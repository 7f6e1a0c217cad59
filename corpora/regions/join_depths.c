// Paths that join with different region depths: traced_join() is reached
// inside the region when x != 0 and outside it when x == 0. The outside path
// decides: it is a noinstr-call. (Both paths then end in BUG(), so no
// return is open.)
// In exc_join_cold the region is opened on the unlikely path, which the
// compilers lay out as the branch target: objtool walks it first, marks the
// call visited at depth 1 and prunes the x == 0 path, so it misses the call.
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
// The source analyzer walks the paths, not the joins: no depth mismatch.
#include "../include/kernel.h"

INSTR_END_ANCHOR() /* objtool 6.12 needs an end entry; see kernel.h */

void traced_join(void);
void traced_join_cold(void);

noinstr void exc_join(int x)
{
	if (x)
		instrumentation_begin();
	// EXPECT-SOURCE: noinstr-call callee=traced_join
	// The paths join at the call; clang-19's code at the join carries the
	// line of instrumentation_begin().
	// EXPECT: region-depth-mismatch binary-line(clang-19)=20
	traced_join(); // EXPECT: noinstr-call callee=traced_join
	BUG();
}

noinstr void exc_join_cold(int x)
{
	if (unlikely(x))
		instrumentation_begin();
	// EXPECT-SOURCE: noinstr-call callee=traced_join_cold
	// EXPECT: region-depth-mismatch binary-line(clang-19)=32
	traced_join_cold(); // EXPECT: noinstr-call callee=traced_join_cold
	BUG();
}
