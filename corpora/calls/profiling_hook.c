// KCOV/TSAN entry hooks in noinstr code: objtool --hacks=noinstr NOPs them,
// the analyzer reports them as noinstr-profiling-call. The explicit calls
// stand in for hooks a compiler failed to drop. TSAN hooks are profiling
// hooks up to objtool 6.14 only (is_profiling_func() of 6.12); the 6.18
// case is profiling_hook_tsan_6_18.c.
// KERNEL: 6.12
#include "../include/kernel.h"

void __sanitizer_cov_trace_pc(void);
void __tsan_func_entry(void *);
int hits;

noinstr void exc_profiling_hook(void)
{
	__sanitizer_cov_trace_pc(); // EXPECT: noinstr-profiling-call callee=__sanitizer_cov_trace_pc
	__tsan_func_entry(__builtin_return_address(0)); // EXPECT: noinstr-profiling-call callee=__tsan_func_entry
	hits++;
}
