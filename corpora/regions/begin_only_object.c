// An object with begin entries but no end entries at all: the BUG()-style
// region below is never ended, and nothing else in the file ends one.
// The call is inside the region, so it is no violation. objtool 6.12
// looks for .rela.discard.instr_end first and, when it is missing, skips the
// begin entries too (read_instr_hints()), so it reports the call: the tool
// lists that as an objtool-only note, which keeps --format=objtool equal to
// objtool's output. (Other corpus files avoid this with INSTR_END_ANCHOR();
// the 6.14+ encoding has no such quirk, so there is no annotate variant.)
// SOURCE: skip an objtool quirk with the object's marker sections
#include "../include/kernel.h"

void dump_bad_frame(int);

noinstr void exc_begin_only(int v)
{
	if (v) {
		instrumentation_begin();
		dump_bad_frame(v); // EXPECT: objtool-only callee=dump_bad_frame
		BUG();
	}
}
