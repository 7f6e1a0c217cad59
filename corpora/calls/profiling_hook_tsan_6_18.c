// objtool 6.18's is_profiling_func() knows only the KCOV hooks: with the
// minimum clang past 14, a __tsan_func_entry call left in noinstr code is a
// call out of it like any other (profiling_hook.c: the same code for 6.12).
// KERNEL: 6.18
#include "../include/kernel.h"

void __sanitizer_cov_trace_pc(void);
void __tsan_func_entry(void *);
int hits;

noinstr void exc_profiling_hook(void)
{
	__sanitizer_cov_trace_pc(); // EXPECT: noinstr-profiling-call callee=__sanitizer_cov_trace_pc
	__tsan_func_entry(__builtin_return_address(0)); // EXPECT: noinstr-call callee=__tsan_func_entry
	hits++;
}
