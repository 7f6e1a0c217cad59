// An __ex_table entry sends a faulting instruction to a fixup label. The
// fixup code is reached only through the exception table (to a disassembler
// the rdmsr just falls through), and its traced call must still be found.
#include "../include/kernel.h"

void traced_msr_fault(unsigned int msr);

noinstr int rdmsr_safe_like(unsigned int msr, unsigned long *val)
{
	unsigned int lo, hi;

	asm goto("1: rdmsr\n" _ASM_EXTABLE(1b, %l[fault])
		 : : "c"(msr) : "rax", "rdx", "memory" : fault);
	asm volatile("" : "=a"(lo), "=d"(hi));
	*val = lo | ((unsigned long)hi << 32);
	return 0;
fault:
	traced_msr_fault(msr); // EXPECT: noinstr-call callee=traced_msr_fault
	return -5;
}
