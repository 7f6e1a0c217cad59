/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Mock kernel header for the noinstr-check corpus.
 *
 * The macros keep the shapes of Linux 6.12 (x86-64, CONFIG_NOINSTR_VALIDATION,
 * CONFIG_GENERIC_BUG, CONFIG_HAVE_STATIC_CALL, CONFIG_JUMP_LABEL), trimmed to
 * what a one-construct test needs. Only the object-file encoding matters to
 * the analyzer, so that part is copied closely:
 *   include/linux/compiler_types.h   noinstr, __cpuidle, __always_inline
 *   include/linux/instrumentation.h  instrumentation_begin/end (6.12)
 *   include/linux/annotate.h         the same from 6.14 (annotate_insn)
 *   include/linux/objtool.h          ASM_REACHABLE, STACK_FRAME_NON_STANDARD
 *   arch/x86/include/asm/bug.h       BUG(), __WARN_FLAGS()
 *   arch/x86/include/asm/alternative.h  ALTERNATIVE()
 *   arch/x86/include/asm/jump_label.h   arch_static_branch()
 *   include/linux/static_call_types.h   static_call()
 *   arch/x86/include/asm/asm.h          _ASM_EXTABLE()
 *
 * Define CORPUS_NO_MARKERS to get arm64's empty instrumentation_begin/end().
 * Define CORPUS_ANNOTATE_INSN (-DCORPUS_ANNOTATE_INSN) to get the newer
 * encoding: instrumentation_begin/end as typed entries in
 * .discard.annotate_insn (6.14+) instead of .discard.instr_begin/_end, and
 * the WARN's "reachable" mark as an ANNOTATE_REACHABLE entry on the ud2
 * (6.15+) instead of a .discard.reachable entry after it.
 *
 * Assembly files (.S) get SYM_FUNC_START/END and the INSTR_BEGIN/INSTR_END
 * macros, with the same two encodings.
 */
#ifndef CORPUS_KERNEL_H
#define CORPUS_KERNEL_H

#define __stringify_1(x...) #x
#define __stringify(x...) __stringify_1(x)

/* ---- annotations (include/linux/objtool_types.h) ---------------------- */
#define ANNOTYPE_INSTR_BEGIN 3
#define ANNOTYPE_INSTR_END 4
#define ANNOTYPE_REACHABLE 8

#define X86_FEATURE_ALWAYS (3 * 32 + 21)
#define X86_FEATURE_XENPV (8 * 32 + 16)
#define X86_FEATURE_RETPOLINE (11 * 32 + 12)

#ifndef __ASSEMBLER__

/* ---- compiler_types.h ------------------------------------------------ */
#define noinline __attribute__((__noinline__))
#define __always_inline inline __attribute__((__always_inline__))
#define notrace __attribute__((__no_instrument_function__))
#define __cold __attribute__((__cold__))
#define __noreturn __attribute__((__noreturn__))
#define __used __attribute__((__used__))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define barrier() __asm__ __volatile__("" : : : "memory")
#define asm_inline asm __inline

#if defined(__clang__)
#define __no_sanitize_coverage __attribute__((__no_sanitize__("coverage")))
#else
#define __no_sanitize_coverage __attribute__((__no_sanitize_coverage__))
#endif

/*
 * 6.12: noinline notrace __section__ plus the no-KCSAN/ASAN/profile/KCOV
 * attributes. Only the section and noinline matter to the analyzer.
 */
#define __noinstr_section(section)                                             \
	noinline notrace __attribute__((__section__(section)))                 \
	__no_sanitize_coverage
#define noinstr __noinstr_section(".noinstr.text")
#define __cpuidle __noinstr_section(".cpuidle.text")
/* Like noinstr but without the KCOV opt-out: for -fsanitize-coverage cases. */
#define noinstr_cov noinline notrace __attribute__((__section__(".noinstr.text")))

/* ---- instrumentation.h ----------------------------------------------- */
#ifdef CORPUS_ANNOTATE_INSN
/* 6.14+: include/linux/annotate.h, ANNOTATE_INSTR_BEGIN/END */
#define __ASM_ANNOTATE(label, type)                                            \
	".pushsection .discard.annotate_insn,\"M\",@progbits,8\n\t"            \
	".long " #label " - .\n\t"                                             \
	".long " __stringify(type) "\n\t"                                      \
	".popsection\n\t"
#define __instrumentation_begin(c)                                             \
	({                                                                     \
		asm volatile(__stringify(c) ": nop\n\t" __ASM_ANNOTATE(      \
				 c##b, ANNOTYPE_INSTR_BEGIN) : : "i"(c));      \
	})
#define __instrumentation_end(c)                                               \
	({                                                                     \
		asm volatile(__stringify(c) ": nop\n\t" __ASM_ANNOTATE(      \
				 c##b, ANNOTYPE_INSTR_END) : : "i"(c));        \
	})
/* 6.15+: the WARN's ud2 itself (label 1 in _BUG_FLAGS) is annotated. */
#define __WARN_REACHABLE __ASM_ANNOTATE(1b, ANNOTYPE_REACHABLE)
#else
/* 6.12: include/linux/instrumentation.h */
#define __instrumentation_begin(c)                                             \
	({                                                                     \
		asm volatile(__stringify(c) ": nop\n\t"                        \
			     ".pushsection .discard.instr_begin\n\t"           \
			     ".long " __stringify(c) "b - .\n\t"               \
			     ".popsection\n\t"                                 \
			     :                                                 \
			     : "i"(c));                                        \
	})
#define __instrumentation_end(c)                                               \
	({                                                                     \
		asm volatile(__stringify(c) ": nop\n\t"                        \
			     ".pushsection .discard.instr_end\n\t"             \
			     ".long " __stringify(c) "b - .\n\t"               \
			     ".popsection\n\t"                                 \
			     :                                                 \
			     : "i"(c));                                        \
	})
/* 6.12: include/linux/objtool.h; marks the instruction after the ud2. */
#define ASM_REACHABLE                                                          \
	"998:\n\t"                                                             \
	".pushsection .discard.reachable\n\t"                                  \
	".long 998b\n\t"                                                       \
	".popsection\n\t"
#define __WARN_REACHABLE ASM_REACHABLE
#endif
/*
 * The token-pasting above needs a literal number: __COUNTER__ is expanded
 * one level up.
 */
#define __instr_begin_n(c) __instrumentation_begin(c)
#define __instr_end_n(c) __instrumentation_end(c)
#ifdef CORPUS_NO_MARKERS
/*
 * Without CONFIG_NOINSTR_VALIDATION (arm64), include/linux/instrumentation.h
 * leaves no marker at all: only the macro names say where regions are, so
 * such a build is for the source analyzer only.
 */
#define instrumentation_begin() do { } while (0)
#define instrumentation_end() do { } while (0)
#else
#define instrumentation_begin() __instr_begin_n(__COUNTER__)
#define instrumentation_end() __instr_end_n(__COUNTER__)
#endif

/*
 * objtool 6.12 reads the .discard.instr_begin entries only when the object
 * also has .discard.instr_end entries (read_instr_hints()). vmlinux.o always
 * has both. A corpus file whose construct never calls instrumentation_end()
 * adds this anchor, so that objtool sees its regions as the kernel's
 * vmlinux.o run would (tests/corpus/objtool_diff.py). It has no calls.
 */
#define INSTR_END_ANCHOR()                                                     \
	static __used noinstr void instr_end_anchor(void)                      \
	{                                                                      \
		instrumentation_begin();                                       \
		instrumentation_end();                                         \
	}

/* ---- asm/bug.h (CONFIG_GENERIC_BUG, !CONFIG_DEBUG_BUGVERBOSE) ---------- */
#define BUGFLAG_WARNING (1 << 0)
#define __BUG_REL(val) ".long " __stringify(val) " - ."
#define _BUG_FLAGS(ins, flags, extra)                                          \
	do {                                                                   \
		asm_inline volatile("1:\t" ins "\n"                            \
				    ".pushsection __bug_table,\"aw\"\n"        \
				    "2:\t" __BUG_REL(1b) "\n"                  \
				    "\t.word %c0\n"                            \
				    "\t.org 2b+%c1\n"                          \
				    ".popsection\n" extra                      \
				    :                                          \
				    : "i"(flags), "i"(12));                    \
	} while (0)

#define BUG()                                                                  \
	do {                                                                   \
		instrumentation_begin();                                       \
		_BUG_FLAGS("ud2", 0, "");                                      \
		__builtin_unreachable();                                       \
	} while (0)

#define __WARN_FLAGS(flags)                                                    \
	do {                                                                   \
		instrumentation_begin();                                       \
		_BUG_FLAGS("ud2", BUGFLAG_WARNING | (flags), __WARN_REACHABLE);   \
		instrumentation_end();                                         \
	} while (0)

#define WARN_ON(condition)                                                     \
	({                                                                     \
		int __ret_warn_on = !!(condition);                             \
		if (unlikely(__ret_warn_on))                                   \
			__WARN_FLAGS(0);                                       \
		unlikely(__ret_warn_on);                                       \
	})

/* ---- asm/alternative.h ------------------------------------------------ */
#define ALT_FLAGS_SHIFT 16
#define ALT_FLAG_DIRECT_CALL (1 << 1)
#define ALT_DIRECT_CALL(feature) ((ALT_FLAG_DIRECT_CALL << ALT_FLAGS_SHIFT) | (feature))
#define ALT_CALL_ALWAYS ALT_DIRECT_CALL(X86_FEATURE_ALWAYS)

#define alt_slen "772b-771b"
#define alt_total_slen "773b-771b"
#define alt_rlen "775f-774f"

#define OLDINSTR(oldinstr)                                                     \
	"# ALT: oldinstr\n"                                                    \
	"771:\n\t" oldinstr "\n772:\n"                                         \
	"# ALT: padding\n"                                                     \
	".skip -(((" alt_rlen ")-(" alt_slen ")) > 0) * "                      \
	"((" alt_rlen ")-(" alt_slen ")),0x90\n"                               \
	"773:\n"

#define ALTINSTR_ENTRY(ft_flags)                                               \
	".pushsection .altinstructions,\"a\"\n"                                \
	" .long 771b - .\n"                                                    \
	" .long 774f - .\n"                                                    \
	" .4byte " __stringify(ft_flags) "\n"                                  \
	" .byte " alt_total_slen "\n"                                          \
	" .byte " alt_rlen "\n"                                                \
	".popsection\n"

#define ALTINSTR_REPLACEMENT(newinstr)                                         \
	".pushsection .altinstr_replacement, \"ax\"\n"                         \
	"# ALT: replacement\n"                                                 \
	"774:\n\t" newinstr "\n775:\n"                                         \
	".popsection\n"

#define ALTERNATIVE(oldinstr, newinstr, ft_flags)                              \
	OLDINSTR(oldinstr)                                                     \
	ALTINSTR_ENTRY(ft_flags)                                               \
	ALTINSTR_REPLACEMENT(newinstr)

/* ---- jump_label.h (CONFIG_JUMP_LABEL, x86) ----------------------------- */
struct static_key {
	int enabled;
};
struct static_key_true {
	struct static_key key;
};
struct static_key_false {
	struct static_key key;
};
#define DEFINE_STATIC_KEY_FALSE(name) struct static_key_false name = { { 0 } }
#define DECLARE_STATIC_KEY_FALSE(name) extern struct static_key_false name

#define JUMP_TABLE_ENTRY                                                       \
	".pushsection __jump_table,  \"aw\" \n\t"                              \
	".balign 8\n\t"                                                        \
	".long 1b - . \n\t"                                                    \
	".long %l[l_yes] - . \n\t"                                             \
	".quad %c0 + %c1 - .\n\t"                                              \
	".popsection \n\t"

static __always_inline int arch_static_branch(struct static_key *const key,
					      const int branch)
{
	asm goto("1:"
		 ".byte 0x0f,0x1f,0x44,0x00,0\n\t" JUMP_TABLE_ENTRY
		 :
		 : "i"(key), "i"(branch)
		 :
		 : l_yes);
	return 0;
l_yes:
	return 1;
}
static __always_inline int arch_static_branch_jump(struct static_key *const key,
						   const int branch)
{
	asm goto("1:"
		 "jmp %l[l_yes]\n\t" JUMP_TABLE_ENTRY
		 :
		 : "i"(key), "i"(branch)
		 :
		 : l_yes);
	return 0;
l_yes:
	return 1;
}
/* include/linux/jump_label.h: the key's type picks NOP or JMP */
extern int ____wrong_branch_error(void);
#define static_branch_likely(x)                                                \
	({                                                                     \
		int branch;                                                    \
		if (__builtin_types_compatible_p(typeof(*x),                   \
						 struct static_key_true))      \
			branch = !arch_static_branch(&(x)->key, 1);            \
		else if (__builtin_types_compatible_p(typeof(*x),              \
						      struct static_key_false)) \
			branch = !arch_static_branch_jump(&(x)->key, 1);       \
		else                                                           \
			branch = ____wrong_branch_error();                     \
		likely(branch);                                                \
	})
#define static_branch_unlikely(x)                                              \
	({                                                                     \
		int branch;                                                    \
		if (__builtin_types_compatible_p(typeof(*x),                   \
						 struct static_key_true))      \
			branch = arch_static_branch_jump(&(x)->key, 0);        \
		else if (__builtin_types_compatible_p(typeof(*x),              \
						      struct static_key_false)) \
			branch = arch_static_branch(&(x)->key, 0);             \
		else                                                           \
			branch = ____wrong_branch_error();                     \
		unlikely(branch);                                              \
	})

/* ---- static_call_types.h (CONFIG_HAVE_STATIC_CALL) ---------------------- */
#define STATIC_CALL_TRAMP(name) __SCT__##name
#define DECLARE_STATIC_CALL(name, func)                                        \
	extern __typeof__(func) STATIC_CALL_TRAMP(name)
#define static_call(name) (&STATIC_CALL_TRAMP(name))

/* ---- asm/asm.h: exception table -------------------------------------- */
#define EX_TYPE_DEFAULT 1
#define _ASM_EXTABLE_TYPE(from, to, type)                                      \
	" .pushsection \"__ex_table\",\"a\"\n"                                \
	" .balign 4\n"                                                         \
	" .long (" #from ") - .\n"                                             \
	" .long (" #to ") - .\n"                                               \
	" .long " __stringify(type) " \n"                                      \
	" .popsection\n"
#define _ASM_EXTABLE(from, to) _ASM_EXTABLE_TYPE(from, to, EX_TYPE_DEFAULT)

/* ---- objtool.h: STACK_FRAME_NON_STANDARD -------------------------------- */
#define STACK_FRAME_NON_STANDARD(func)                                         \
	static void __used                                                     \
	__attribute__((__section__(".discard.func_stack_frame_non_standard"))) \
		*__func_stack_frame_non_standard_##func = func

/* ---- init code --------------------------------------------------------- */
#define __init __attribute__((__section__(".init.text"), __cold__))

/* ---- things every entry path needs ------------------------------------ */
extern void panic(const char *fmt, ...) __noreturn __cold;

#else /* __ASSEMBLER__ */

/* ---- asm side: linkage.h and the same annotations ---------------------- */
#define SYM_FUNC_START(name)                                                   \
	.globl name;                                                           \
	.type name, @function;                                                 \
	.p2align 4;                                                            \
	name:
#define SYM_FUNC_START_LOCAL(name)                                             \
	.type name, @function;                                                 \
	.p2align 4;                                                            \
	name:
#define SYM_FUNC_END(name) .size name, .- name

#ifdef CORPUS_ANNOTATE_INSN
.macro ANNOTATE_INSN label:req, type:req
	.pushsection .discard.annotate_insn, "M", @progbits, 8
	.long \label - .
	.long \type
	.popsection
.endm
.macro INSTR_BEGIN
	.Lib_\@: nop
	ANNOTATE_INSN .Lib_\@, ANNOTYPE_INSTR_BEGIN
.endm
.macro INSTR_END
	.Lie_\@: nop
	ANNOTATE_INSN .Lie_\@, ANNOTYPE_INSTR_END
.endm
#else
.macro INSTR_BEGIN
	.Lib_\@: nop
	.pushsection .discard.instr_begin
	.long .Lib_\@ - .
	.popsection
.endm
.macro INSTR_END
	.Lie_\@: nop
	.pushsection .discard.instr_end
	.long .Lie_\@ - .
	.popsection
.endm
#endif

/* The asm twin of INSTR_END_ANCHOR() (see the C side). */
.macro INSTR_END_ANCHOR
	.pushsection .noinstr.text, "ax"
	.type instr_end_anchor, @function
instr_end_anchor:
	INSTR_BEGIN
	INSTR_END
	ret
	.size instr_end_anchor, . - instr_end_anchor
	.popsection
.endm

#endif /* __ASSEMBLER__ */
#endif /* CORPUS_KERNEL_H */
