// Compiler-generated retpolines (gcc -mindirect-branch=thunk-extern, clang
// -mretpoline-external-thunk): calls through __x86_indirect_thunk_<reg> are
// indirect calls, although the thunks themselves live in a noinstr section.
// CFLAGS(gcc): -mindirect-branch=thunk-extern
// CFLAGS(clang-19): -mretpoline-external-thunk
// VARIANT: annotate -DCORPUS_ANNOTATE_INSN
#include "../include/kernel.h"

struct ops {
	void (*before)(int);
	void (*during)(int);
};
int done;

noinstr void noinstr_retpoline(struct ops *ops, int v)
{
	ops->before(v); // EXPECT: noinstr-indirect-call callee={dynamic}
	instrumentation_begin();
	ops->during(v);
	instrumentation_end();
	done = v;
}
