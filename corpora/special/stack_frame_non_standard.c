// STACK_FRAME_NON_STANDARD(func) makes objtool skip the function entirely,
// noinstr checks included. The analyzer still reports the call (and says
// that objtool does not).
#include "../include/kernel.h"

void traced_in_nonstandard(void);
int frames;

noinstr void exc_nonstandard(void)
{
	traced_in_nonstandard(); // EXPECT: noinstr-call callee=traced_in_nonstandard
	frames++;
}
STACK_FRAME_NON_STANDARD(exc_nonstandard);
