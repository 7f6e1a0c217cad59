/*
 * An IDT stub in .entry.text (the idtentry macro, trimmed): asm_exc_stub is
 * an entry point that calls the C handler exc_stub (asm_stub_handler.c),
 * an entry point too. Findings in the handler are reached from the stub
 * first, so their chains start there: asm_exc_stub -> exc_stub for the
 * region the handler opens before irqentry_enter(), one hop more for a
 * call out of noinstr code in a helper of the handler.
 */
/* WITH: asm_stub_handler.c mocks.c */
/* VARIANT: annotate -DCORPUS_ANNOTATE_INSN */
/* EXPECT-NONE */
/* SOURCE: skip the entry stub is assembly: the source analyzer reads C only */
#include "../include/kernel.h"

	.section .entry.text, "ax"
SYM_FUNC_START(asm_exc_stub)
	movq	%rsp, %rdi
	xorl	%esi, %esi
	call	exc_stub
	ret
SYM_FUNC_END(asm_exc_stub)
