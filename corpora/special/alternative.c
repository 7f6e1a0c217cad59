// ALTERNATIVE(): both the original and the replacement (patched in at boot)
// are checked. A call in the replacement is reported at the original site.
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
// SOURCE: skip the calls are inline asm in alternatives
#include "../include/kernel.h"

void traced_alt_new(void);
void traced_alt_old(void);
void traced_alt_in_region(void);

noinstr void noinstr_alt_new(void)
{
	asm volatile("" ::: "memory");
}

noinstr void noinstr_alternative(void)
{
	/* nop originally, a traced call on XENPV */
	/* clang-19's line table gives the replacement's code the last line of */
	/* the function before (known: the alternative's place is better) */
	asm volatile(ALTERNATIVE("", "call traced_alt_new", X86_FEATURE_XENPV) // EXPECT: noinstr-call callee=traced_alt_new binary-line(clang-19)=14
		     : : : "memory", "rax", "rcx", "rdx", "rsi", "rdi", "r8",
		       "r9", "r10", "r11");
	/* a traced call originally, a noinstr one when patched */
	asm volatile(ALTERNATIVE("call traced_alt_old", "call noinstr_alt_new", X86_FEATURE_ALWAYS) // EXPECT: noinstr-call callee=traced_alt_old
		     : : : "memory", "rax", "rcx", "rdx", "rsi", "rdi", "r8",
		       "r9", "r10", "r11");
	instrumentation_begin();
	asm volatile(ALTERNATIVE("", "call traced_alt_in_region", X86_FEATURE_XENPV)
		     : : : "memory", "rax", "rcx", "rdx", "rsi", "rdi", "r8",
		       "r9", "r10", "r11");
	instrumentation_end();
}
