/*
 * A true join: the call at .Ljoin is reached with the region open (the
 * branch-target path, which objtool walks first) and closed (the
 * fall-through). The closed path makes it a noinstr-call, which objtool's
 * first-visit pruning misses.
 */
/* VARIANT: annotate -DCORPUS_ANNOTATE_INSN */
/* SOURCE: skip assembly: the source analyzer reads C only */
#include "../include/kernel.h"

	INSTR_END_ANCHOR	/* objtool 6.12 needs an end entry; see kernel.h */

	.section .noinstr.text, "ax"
SYM_FUNC_START(asm_join_depths)
	testl	%edi, %edi
	jnz	.Lopen
.Ljoin:				/* the paths join here: */
					/* EXPECT: region-depth-mismatch */
	call	traced_at_join		/* EXPECT: noinstr-call callee=traced_at_join */
	ud2
.Lopen:
	INSTR_BEGIN
	jmp	.Ljoin
SYM_FUNC_END(asm_join_depths)
