// Callees that never leave noinstr code: another .noinstr.text function, a
// __cpuidle function, an .entry.text function, a function in a
// .text..__x86.* section, and an __always_inline helper (no call at all).
#include "../include/kernel.h"
// EXPECT-NONE

int state;

noinstr void ct_kernel_enter(int x)
{
	state += x;
	barrier();
}

__cpuidle void default_idle(void)
{
	asm volatile("sti; hlt" ::: "memory");
}

__attribute__((__noinline__, __section__(".entry.text"))) void
entry_helper(void)
{
	asm volatile("" ::: "memory");
}

__attribute__((__noinline__, __section__(".text..__x86.rethunk_safe"))) void
x86_thunk_like(void)
{
	asm volatile("lfence" ::: "memory");
}

static __always_inline void raw_update(int x)
{
	state ^= x;
}

noinstr void exc_noinstr_callees(int x)
{
	ct_kernel_enter(x);
	default_idle();
	entry_helper();
	x86_thunk_like();
	raw_update(x);
}
