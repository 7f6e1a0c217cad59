// The same module linked into a .ko: the module link script discards every
// .discard.* section, instrumentation markers included, so the regions are
// unknown. The tool says so once (a remark naming the pre-link object) and
// takes each call out of noinstr code as a region of its own: neither the
// call in the written region nor the one outside it becomes a noinstr-call
// (the pre-link object, guest_module.c, has the findings).
// MODULE: linked
// WITH: vmlinux_part.c
// SOURCE: skip what is a module comes from kbuild's files next to the objects, not from the C source
// EXPECT-NONE
#include "../include/kernel.h"

void vm_noinstr_helper(void);
void vm_traced_helper(void);
int linked_runs;

noinstr void linked_enter_exit(void)
{
	vm_noinstr_helper();
	vm_traced_helper();
	instrumentation_begin();
	vm_traced_helper();
	instrumentation_end();
	linked_runs++;
}
