// Static calls go through a __SCT__ trampoline: objtool cannot know the
// target and accepts them, as calls and as tail calls.
#include "../include/kernel.h"
// EXPECT-NONE

void native_send_IPI(int);
DECLARE_STATIC_CALL(x86_send_ipi, native_send_IPI);
int sent;

noinstr void exc_static_call(int cpu)
{
	static_call(x86_send_ipi)(cpu);
	sent++;
}

noinstr void exc_static_tail_call(int cpu)
{
	static_call(x86_send_ipi)(cpu + 1); /* a "jmp __SCT__x86_send_ipi" */
}
