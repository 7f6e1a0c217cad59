// A noinstr function calls a function in .text before its own work is done:
// a plain call (not a tail call, because work follows it).
#include "../include/kernel.h"

void traced_helper(void);
int entry_count;

noinstr void exc_direct_call(void)
{
	traced_helper(); // EXPECT: noinstr-call callee=traced_helper
	entry_count++;
}
