// -O2 turns the last call into "jmp traced_tail": a sibling call leaves the
// section just like a call does.
#include "../include/kernel.h"

void traced_tail(int);

noinstr void exc_tail_call(int vector)
{
	traced_tail(vector + 1); // EXPECT: noinstr-call callee=traced_tail
}
