#!/usr/bin/env python3
"""Writes the seed corpus of object_reader_fuzzer into OUTDIR.

Seeds are compiled with gcc at run time (objects are not committed):

  base.o      the base object of tests/input/check_bad_inputs.py: a
              .noinstr.text function with instrumentation_begin()/end()
              markers (.discard.instr_begin/_end), an ALTERNATIVE() and calls
              to extern functions
  annotate.o  6.14-style markers (.discard.annotate_insn), a jump label
              (__jump_table), an exception-table entry (__ex_table), an
              indirect call through pv_ops, a noreturn call, a linux_banner
              with a kernel version
  combined.o  `ld -r` of the two, as kbuild links vmlinux.o: several STT_FILE
              groups, merged sections, one relocation table per section
  aarch64.o   an arm64 noinstr function with a switch table, a call and a
              tail call (clang-19 --target=aarch64-linux-gnu; skipped when
              clang-19 is absent)
  broken-*.o  a few near-misses of base.o (a relocation outside its section,
              a marker that is not on a NOP, a cut file) so that the error
              paths are in the corpus from the start

Usage: make_seed_corpus.py OUTDIR        (python3 standard library only)
"""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "input"))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import check_bad_inputs as bad  # noqa: E402

AARCH64_SOURCE = r"""
void g(int);
void h(void);
__attribute__((section(".noinstr.text"))) void f(int x)
{
	switch (x) {
	case 0: g(1); break;
	case 1: g(7); break;
	case 2: g(3); break;
	case 3: g(9); break;
	case 4: g(2); break;
	case 5: g(5); break;
	default: h(); return;
	}
	h();
}
"""

ANNOTATE_SOURCE = r"""
/* instrumentation_begin()/end() as 6.14+ emit them: typed 8-byte entries. */
#define ANNOTATE_INSN(type)                                                 \
	asm volatile("%c0: nop\n\t"                                         \
		     ".pushsection .discard.annotate_insn,\"M\",@progbits,8\n\t" \
		     ".long %c0b - .\n\t"                                   \
		     ".long " #type "\n\t"                                  \
		     ".popsection\n\t" :: "i"(__COUNTER__))
#define instrumentation_begin() ANNOTATE_INSN(3)
#define instrumentation_end() ANNOTATE_INSN(4)

struct static_key { int enabled; };
struct static_key fuzz_key;

static inline __attribute__((always_inline)) int static_branch(void)
{
	asm goto("1: .byte 0x0f,0x1f,0x44,0x00,0x00\n\t"
		 ".pushsection __jump_table, \"aw\"\n\t"
		 ".balign 8\n\t"
		 ".long 1b - .\n\t"
		 ".long %l[l_yes] - .\n\t"
		 ".quad fuzz_key - .\n\t"
		 ".popsection\n\t" : : : : l_yes);
	return 0;
l_yes:
	return 1;
}

static inline __attribute__((always_inline)) int read_user(const int *p)
{
	int v;
	asm volatile("1: movl (%1), %0\n2:\n\t"
		     ".pushsection __ex_table, \"a\"\n\t"
		     ".balign 4\n\t"
		     ".long 1b - .\n\t"
		     ".long 2b - .\n\t"
		     ".long 0\n\t"
		     ".popsection\n\t" : "=r"(v) : "r"(p));
	return v;
}

struct pv_ops_t { void (*irq_disable)(void); void (*halt)(void); };
extern struct pv_ops_t pv_ops;
extern void traced_work(int);
extern void other_noinstr(int);
extern void panic(const char *, ...) __attribute__((noreturn));

const char linux_banner[] =
	"Linux version 6.14.0-fuzz (gcc) #1 SMP PREEMPT_DYNAMIC\n";

__attribute__((section(".noinstr.text"), noinline))
void annotated_entry(const int *p, int x)
{
	pv_ops.irq_disable();
	if (static_branch()) {
		instrumentation_begin();
		traced_work(read_user(p));
		instrumentation_end();
	}
	if (__builtin_expect(x == 42, 0))
		panic("x is %d", x);
	other_noinstr(x);
}

__attribute__((section(".noinstr.text"), noinline))
void other_noinstr(int x)
{
	asm volatile("" ::: "memory");
	if (x > 3)
		pv_ops.halt();
}
"""


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        raise RuntimeError("%s failed:\n%s" % (" ".join(cmd),
                                               r.stderr.decode(errors="replace")))


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="noinstr-seeds-")
    try:
        base = bad.build_base_object(work)
        shutil.copy(base, os.path.join(out, "base.o"))

        src = os.path.join(work, "annotate.c")
        with open(src, "w") as f:
            f.write(ANNOTATE_SOURCE)
        annotate = os.path.join(work, "annotate.o")
        run(["gcc"] + bad.GCC_FLAGS + [src, "-o", annotate])
        shutil.copy(annotate, os.path.join(out, "annotate.o"))

        run(["ld", "-r", base, annotate, "-o", os.path.join(out, "combined.o")])

        if shutil.which("clang-19"):
            src = os.path.join(work, "aarch64.c")
            with open(src, "w") as f:
                f.write(AARCH64_SOURCE)
            run(["clang-19", "--target=aarch64-linux-gnu", "-O2", "-c", src,
                 "-o", os.path.join(out, "aarch64.o")])

        orig = bad.Elf.read(base)
        e = bad.Elf(bytes(orig.data))
        e.set_rela(".rela.noinstr.text", 0, r_offset=0x1000)
        e.write(os.path.join(out, "broken-reloc.o"))
        e = bad.Elf(bytes(orig.data))
        e.set_rela(".rela.discard.instr_begin", 0, addend=0)
        e.write(os.path.join(out, "broken-marker.o"))
        moved = orig.headers_first()
        off, size = moved.header(".noinstr.text")
        with open(os.path.join(out, "broken-cut.o"), "wb") as f:
            f.write(moved.data[:off + size // 2])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
