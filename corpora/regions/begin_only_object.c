// An object with begin entries but no end entries at all: the BUG()-style
// region below is never ended, and nothing else in the file ends one.
// The call is inside the region, so there is nothing to report. objtool 6.12
// looks for .rela.discard.instr_end first and, when it is missing, skips the
// begin entries too (read_instr_hints()), so it reports the call; the
// objtool differential test shows whether noinstr-check predicts that.
// (Other corpus files avoid this with INSTR_END_ANCHOR().)
#include "../include/kernel.h"
// EXPECT-NONE

void dump_bad_frame(int);

noinstr void exc_begin_only(int v)
{
	if (v) {
		instrumentation_begin();
		dump_bad_frame(v);
		BUG();
	}
}
