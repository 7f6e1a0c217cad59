/*
 * Noreturn callees end the path: the calls after them are never checked.
 * panic is noreturn by name; spin_forever (a local function with no return)
 * by inspection.
 */
/* VARIANT: annotate -DCORPUS_ANNOTATE_INSN */
/* SOURCE: skip assembly: the source analyzer reads C only */
#include "../include/kernel.h"

	INSTR_END_ANCHOR	/* objtool 6.12 needs an end entry; see kernel.h */

	.text
SYM_FUNC_START_LOCAL(spin_forever)
1:	pause
	jmp	1b
SYM_FUNC_END(spin_forever)

	.section .noinstr.text, "ax"
SYM_FUNC_START(asm_panic_in_region)
	INSTR_BEGIN
	call	panic		/* EXPECT: region-open-noreturn callee=panic */
	call	traced_never_reached_1
SYM_FUNC_END(asm_panic_in_region)

SYM_FUNC_START(asm_spin_forever)
	call	spin_forever	/* EXPECT: noinstr-call callee=spin_forever */
	call	traced_never_reached_2
SYM_FUNC_END(asm_spin_forever)
