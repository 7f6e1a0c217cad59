/*
 * The syscall entry in assembly (entry_SYSCALL_64, trimmed) calling the C
 * entry of syscall_inlined.c, both with debug info. Built with clang, the
 * linked object's .debug_aranges lists only this assembly unit: the
 * assembler emits a set for it, clang none for C. The C units must still
 * be found (by their own ranges), or the inlined enter_from_user_mode()
 * that establishes in do_syscall_64() is invisible and every region after
 * it looks opened before it (the noct variant: no context-tracking call
 * establishes in its place). The findings are syscall_inlined.c's.
 */
/* WITH: syscall_inlined.c mocks.c common_exit.c */
/* CFLAGS: -g */
/* VARIANT: noct -DCORPUS_NO_CONTEXT_TRACKING */
/* EXPECT-NONE */
/* SOURCE: skip the entry stub is assembly: the source analyzer reads C only */
#include "../include/kernel.h"

	.section .entry.text, "ax"
SYM_FUNC_START(entry_SYSCALL_64)
	movq	%rsp, %rdi
	movslq	%eax, %rsi
	call	do_syscall_64
	ret
SYM_FUNC_END(entry_SYSCALL_64)
