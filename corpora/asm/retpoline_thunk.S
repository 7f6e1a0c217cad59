/*
 * CALL_NOSPEC / JMP_NOSPEC in asm: with retpolines the indirect call is a
 * call to __x86_indirect_thunk_<reg>. It is an indirect call ({dynamic}),
 * whether called or tail-jumped to; inside a region it is allowed. The
 * thunks are defined here, in their noinstr .text..__x86.indirect_thunk
 * section, as they are in vmlinux.o: the name decides, not the section.
 */
/* VARIANT: annotate -DCORPUS_ANNOTATE_INSN */
/* SOURCE: skip assembly: the source analyzer reads C only */
#include "../include/kernel.h"

	.section .noinstr.text, "ax"
SYM_FUNC_START(asm_retpoline_call)
	movq	8(%rdi), %rax
	call	__x86_indirect_thunk_rax	/* EXPECT: noinstr-indirect-call callee={dynamic} */
	INSTR_BEGIN
	movq	16(%rdi), %rax
	call	__x86_indirect_thunk_rax
	INSTR_END
	movq	24(%rdi), %r11
	jmp	__x86_indirect_thunk_r11	/* EXPECT: noinstr-indirect-call callee={dynamic} */
SYM_FUNC_END(asm_retpoline_call)

	.section .text..__x86.indirect_thunk, "ax"
SYM_FUNC_START(__x86_indirect_thunk_rax)
	jmp	*%rax
SYM_FUNC_END(__x86_indirect_thunk_rax)
SYM_FUNC_START(__x86_indirect_thunk_r11)
	jmp	*%r11
SYM_FUNC_END(__x86_indirect_thunk_r11)
