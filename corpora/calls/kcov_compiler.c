// Compiler-inserted KCOV hooks: with -fsanitize-coverage=trace-pc a function
// that lacks __no_sanitize_coverage gets __sanitizer_cov_trace_pc calls
// (one per basic block; these functions have one). noinstr itself carries
// the opt-out, so the second function gets none.
// CFLAGS: -fsanitize-coverage=trace-pc
// SOURCE: skip the compiler inserts the KCOV call: the source has none
#include "../include/kernel.h"

int ticks;

// The compilers give the inserted call the line of the first statement
// (gcc) or of the opening brace (clang-19).
// EXPECT: noinstr-profiling-call callee=__sanitizer_cov_trace_pc binary-line(gcc)=16 binary-line(clang-19)=15
noinstr_cov void exc_kcov_forgot_optout(void)
{
	ticks++;
}

noinstr void exc_kcov_optout(void)
{
	ticks--;
}
