// Static calls go through a __SCT__ trampoline: objtool cannot know the
// target and accepts them.
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
