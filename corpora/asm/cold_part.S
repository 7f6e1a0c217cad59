/*
 * A function split in two, the way gcc emits "<fn>.cold" parts: a local
 * FUNC symbol named noinstr_cold_part.cold, reached only by jumps from its
 * parent, that jumps back. It is walked as part of its parent, with the
 * parent's region depth: the first call there is inside the region opened
 * before the jump, the second is not.
 */
/* VARIANT: annotate -DCORPUS_ANNOTATE_INSN */
/* SOURCE: skip assembly: the source analyzer reads C only */
#include "../include/kernel.h"

	.section .noinstr.text, "ax"
SYM_FUNC_START(noinstr_cold_part)
	testq	%rdi, %rdi
	js	.Lin_region
	cmpq	$1000, %rdi
	jg	noinstr_cold_part.cold_outside
.Lback:
	ret
.Lin_region:
	INSTR_BEGIN
	jmp	noinstr_cold_part.cold
SYM_FUNC_END(noinstr_cold_part)

	/* gcc emits the cold part out of line, after the hot functions. */
SYM_FUNC_START(noinstr_other_hot)
	ret
SYM_FUNC_END(noinstr_other_hot)

SYM_FUNC_START_LOCAL(noinstr_cold_part.cold)
	call	traced_cold_in_region
	INSTR_END
	jmp	.Lback
noinstr_cold_part.cold_outside:
	call	traced_cold_outside	/* EXPECT: noinstr-call callee=traced_cold_outside */
	jmp	.Lback
SYM_FUNC_END(noinstr_cold_part.cold)
