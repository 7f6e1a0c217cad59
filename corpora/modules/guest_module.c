// A module's noinstr code checked together with a "vmlinux" object and
// another module, as `noinstr-check vmlinux.o kvm.o kvm-intel.o` does: calls
// resolve across all three objects; a callee none of them defines lives in
// an object that was not given, so it is unknown (unresolved-callee, a
// note), never a noinstr-call. The runner lays the module objects out as
// kbuild does (foo.mod next to foo.o).
// MODULE: prelink
// WITH: vmlinux_part.c other_module.c
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
// SOURCE: skip what is a module comes from kbuild's files next to the objects, not from the C source
#include "../include/kernel.h"

void vm_noinstr_helper(void);
void vm_traced_helper(void);
void other_noinstr_work(void);
void other_traced_work(void);
void defined_nowhere(void);
int module_runs;

noinstr void module_enter_exit(void)
{
	vm_noinstr_helper();
	other_noinstr_work();
	vm_traced_helper(); // EXPECT: noinstr-call callee=vm_traced_helper
	other_traced_work(); // EXPECT: noinstr-call callee=other_traced_work
	defined_nowhere(); // EXPECT: unresolved-callee callee=defined_nowhere
	instrumentation_begin();
	vm_traced_helper();
	instrumentation_end();
	module_runs++;
}
