// A noreturn call in an alternative's replacement ends that path like any
// noreturn call (a paravirt site's "call BUG_func" replacement never returns):
// the code after the site is reached through the original only. Both traced
// calls are findings. Which one objtool prints (one line per function)
// depends on its version: 6.15+ ends its walk of the replacement at the
// noreturn call and meets traced_orig first; up to 6.14 annotate_call_site()
// skipped .altinstr_replacement, so objtool walked on past the call down the
// replacement path and met traced_after first (rules:
// tables.alternatives.objtool_noreturn_in_replacement_ends_path).
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
// SOURCE: skip the calls at the site are inline asm in an alternative
#include "../include/kernel.h"

void traced_orig(void);
void traced_after(void);

/* arch/x86/kernel/alternative.c's BUG_func: never returns */
noinstr void noinstr_die(void)
{
	BUG();
}

noinstr void noinstr_alternative_noreturn(void)
{
	asm volatile(ALTERNATIVE("call traced_orig", "call noinstr_die", X86_FEATURE_ALWAYS) // EXPECT: noinstr-call callee=traced_orig
		     : : : "memory", "rax", "rcx", "rdx", "rsi", "rdi", "r8",
		       "r9", "r10", "r11");
	traced_after(); // EXPECT: noinstr-call callee=traced_after
	asm volatile("" ::: "memory"); /* keeps the call a call, not a tail call */
}
