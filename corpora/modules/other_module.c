// Companion standing for another module (kvm.o for kvm-intel.o): its
// noinstr code calls into "vmlinux", which resolves.
// COMPANION
// MODULE: prelink
// EXPECT-NONE
#include "../include/kernel.h"

void vm_noinstr_helper(void);
int other_state;

noinstr void other_noinstr_work(void)
{
	vm_noinstr_helper();
	other_state++;
}

void other_traced_work(void)
{
	other_state--;
}
