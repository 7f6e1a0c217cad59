// The noinstr half of the kernel-like tree corpora/kbuild (see its
// Makefile): exc_int3()'s shape with instrumentation_end() above the calls,
// one root cause for three calls. Also a corpus case of its own.
#include "../../../../include/kernel.h"

void trap_notify(int nr);
void trap_signal(int nr);
void trap_account(int nr);
int trap_count;

noinstr void handle_kbuild_trap(int nr)
{
	trap_count++;
	instrumentation_begin();
	trap_count++;
	// EXPECT-CAUSE: region-end callee=trap_notify calls=3
	instrumentation_end();
	trap_notify(nr); // EXPECT: noinstr-call callee=trap_notify
	trap_signal(nr); // EXPECT: noinstr-call callee=trap_signal
	trap_account(nr); // EXPECT: noinstr-call callee=trap_account
	trap_count--;
}
