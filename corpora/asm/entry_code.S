/*
 * Asm entry code in .entry.text. A SYM_FUNC is walked from its symbol; a
 * SYM_CODE block (no function type) is reached through its unwind hint,
 * as objtool does. Calls to noinstr C code are fine, calls to traced C code
 * are not.
 */
/* SOURCE: skip assembly: the source analyzer reads C only */
#include "../include/kernel.h"

/* include/linux/objtool.h (6.12): struct unwind_hint, 12 bytes */
.macro UNWIND_HINT type:req sp_reg=0 sp_offset=0 signal=0
.Lhere_\@:
	.pushsection .discard.unwind_hints
	.long .Lhere_\@ - .
	.short \sp_offset
	.byte \sp_reg
	.byte \type
	.byte \signal
	.balign 4
	.popsection
.endm
#define UNWIND_HINT_TYPE_END_OF_STACK 1

	.section .noinstr.text, "ax"
SYM_FUNC_START(do_syscall_like)
	ret
SYM_FUNC_END(do_syscall_like)

	.section .entry.text, "ax"
SYM_FUNC_START(entry_SYSCALL_like)
	call	do_syscall_like
	call	traced_syscall_audit	/* EXPECT: noinstr-call callee=traced_syscall_audit */
	ret
SYM_FUNC_END(entry_SYSCALL_like)

	.globl asm_exc_like
asm_exc_like:
	UNWIND_HINT UNWIND_HINT_TYPE_END_OF_STACK	/* UNWIND_HINT_ENTRY */
	call	do_syscall_like
	call	traced_exc_handler	/* EXPECT: noinstr-call callee=traced_exc_handler */
	iretq
