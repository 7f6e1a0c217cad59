// gcc clones a static function for a constant argument ("constant
// propagation"): the call goes to wrmsr_helper.constprop.0, a new symbol in
// .text, the kind of name objtool reports (wrmsrl.constprop.0). clang does
// not make such clones by default, hence gcc only.
// COMPILERS: gcc
#include "../include/kernel.h"

unsigned long msrs[64];

static noinline void wrmsr_helper(unsigned int msr, unsigned long val)
{
	msrs[msr & 63] = val;
	barrier();
	msrs[(msr + 1) & 63] = val >> 32;
}

noinstr void exc_constprop(unsigned long val)
{
	// EXPECT-SOURCE: noinstr-call callee=wrmsr_helper
	wrmsr_helper(0x48, val); // EXPECT: noinstr-call callee=wrmsr_helper.constprop.0
	// EXPECT-SOURCE: noinstr-call callee=wrmsr_helper
	wrmsr_helper(0x48, val + 1); // EXPECT: noinstr-call callee=wrmsr_helper.constprop.0
	msrs[0]++;
}
