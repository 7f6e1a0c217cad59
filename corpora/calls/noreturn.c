// panic() is noreturn but lives in .text: calling it outside a region is a
// finding; calling it inside a region that never ends (the path stops at the
// noreturn call) is reported only as a note.
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
// The source analyzer has no note for the region open at panic().
#include "../include/kernel.h"

INSTR_END_ANCHOR() /* objtool 6.12 needs an end entry; see kernel.h */

int depth;

noinstr void exc_panic_outside(int bad)
{
	if (bad)
		// EXPECT-SOURCE: noinstr-call callee=panic
		panic("bad entry"); // EXPECT: noinstr-call callee=panic
	depth++;
}

noinstr void exc_panic_in_region(int bad)
{
	if (bad) {
		instrumentation_begin();
		panic("bad entry, region open"); // EXPECT: region-open-noreturn callee=panic
	}
	depth--;
}
