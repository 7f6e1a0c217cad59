// ThinLTO (clang -flto=thin, CONFIG_LTO_CLANG_THIN; kbuild links vmlinux.o
// with ld.lld -r): when another unit imports a function that calls a static
// one, the static function is promoted to a global named
// <name>.llvm.<hash> (never one with a section attribute, so never a noinstr
// function). Called from noinstr code, it is an ordinary instrumentable
// callee under its new name, which the report keeps (objtool prints that
// name too); the hash depends on the build, so the expectation writes it N.
// lto_promoted_user.c imports lto_flush(), which promotes lto_flush_one().
// gcc has no ThinLTO.
// COMPILERS: clang-19
// LTO: thin
// WITH: lto_promoted_user.c
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
// SOURCE: skip the promoted name exists only after the LTO link
#include "../include/kernel.h"

int lto_pending;

static noinline void lto_flush_one(int v)
{
	lto_pending += v;
	asm volatile("" ::: "memory");
}

/* an ordinary function lto_promoted_user.c inlines once ThinLTO imports it */
void lto_flush(void)
{
	lto_flush_one(2);
}

noinstr void noinstr_lto_flush(int v)
{
	lto_flush_one(v); // EXPECT: noinstr-call callee=lto_flush_one.llvm.N
	instrumentation_begin();
	lto_flush_one(v + 1);
	instrumentation_end();
}
