// Companion of static_clash_a.c: the same static name, but noinstr.
// COMPANION
// EXPECT-NONE
#include "../include/kernel.h"

int clash_b;

static noinstr void helper(int v)
{
	clash_b = v;
	barrier();
}

noinstr void exc_clash_b(int v)
{
	helper(v + clash_b);
	clash_b++;
}
