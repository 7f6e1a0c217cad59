// Companion standing for vmlinux.o: one noinstr function and one ordinary
// one that modules call. Not a module: a callee it does not define would
// be a noinstr-call, as objtool reports on vmlinux.o.
// COMPANION
// EXPECT-NONE
#include "../include/kernel.h"

int vm_state;

noinstr void vm_noinstr_helper(void)
{
	vm_state++;
}

void vm_traced_helper(void)
{
	vm_state--;
}
