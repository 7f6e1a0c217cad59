// Both objects have a static function named "helper": here it is in .text,
// in the companion it is noinstr. Each call must resolve within its own
// object, so only this object's call is reported.
// WITH: static_clash_b.c
#include "../include/kernel.h"

void traced_sink(int);
int clash_a;

static noinline void helper(int v)
{
	clash_a = v;
	traced_sink(v);
	barrier();
}

noinstr void exc_clash_a(int v)
{
	helper(v + clash_a); // EXPECT: noinstr-call callee=helper
	clash_a++;
}
