#!/usr/bin/env python3
"""Writes the seed corpus of a fuzz target into OUTDIR.

Every file in seeds/TARGET/ (next to this script) is a seed: inputs that
cannot be made at run time, and the reproducers of bugs the fuzzer found
(so that each stays fixed).

object_reader: seeds are compiled with gcc at run time (objects are not
committed):

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

source_readers: the facts files in seeds/source_readers/ (written by
`noinstr-check --source -p DB --emit-facts DIR` on corpora/source/*.c, with
a database as tests/corpus/run_source_corpus.py writes one), and compile
databases written here: both entry forms, the ways the arch is given, and
the broken entries loadCompileDatabase reports one by one.

Usage: make_seed_corpus.py TARGET OUTDIR   (python3 standard library only)
"""

import json
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


def object_reader_seeds(out):
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


KERNEL_COMMAND = ("gcc -Wp,-MMD,arch/x86/entry/.common.o.d -nostdinc "
                  "-I./arch/x86/include -include ./include/linux/kconfig.h "
                  "-D__KERNEL__ -fno-PIE -m64 -mcmodel=kernel -O2 "
                  "-fno-stack-protector -DKBUILD_MODFILE='\"arch/x86/entry/"
                  "common\"' -DKBUILD_BASENAME='\"common\"' "
                  "-c -o arch/x86/entry/common.o arch/x86/entry/common.c")


def entry(source, args, directory="/src/linux", form="arguments"):
    return {"directory": directory, "file": source,
            form: args if form == "arguments" else " ".join(args)}


def source_readers_seeds(out):
    gcc = ["gcc", "-c", "-O2", "-Wall", "-o", "x.o"]
    databases = {
        "kernel-command": [{"directory": "/src/linux",
                            "file": "arch/x86/entry/common.c",
                            "command": KERNEL_COMMAND}],
        "arguments": [entry("good.c", gcc + ["good.c"]),
                      entry("../lib/plain.c", gcc + ["../lib/plain.c"],
                            directory="/src/linux/kernel"),
                      entry("entry.S", gcc + ["entry.S"])],
        "arch": [entry("a.c", ["aarch64-linux-gnu-gcc", "-c", "a.c"]),
                 entry("b.c", ["clang", "--target=aarch64-linux-gnu",
                               "-c", "b.c"]),
                 entry("c.c", ["clang", "-target", "x86_64-linux-gnu",
                               "-c", "c.c"]),
                 entry("d.c", ["cc", "-mabi=lp64", "-c", "d.c"]),
                 entry("e.c", ["cc", "-m64", "-MD", "-MF", "e.d",
                               "-fconserve-stack", "-c", "e.c"],
                       form="command")],
        "broken-entries": [
            [], "entry.c", {"directory": "/src"},
            {"file": "nodir.c", "arguments": ["gcc"]},
            entry("args.c", "gcc -c args.c"),
            entry("notstr.c", ["gcc", 1]),
            {"directory": "/src", "file": "cmd.c", "command": 7},
            {"directory": "/src", "file": "none.c"},
            entry("empty.c", []),
            entry("good.c", gcc + ["good.c"])],
        "not-a-database": {"directory": "/src", "file": "a.c"},
    }
    for name, db in databases.items():
        with open(os.path.join(out, "database-%s.json" % name), "w") as f:
            json.dump(db, f, indent=1)


def main():
    targets = {"object_reader": object_reader_seeds,
               "source_readers": source_readers_seeds}
    if len(sys.argv) != 3 or sys.argv[1] not in targets:
        print(__doc__, file=sys.stderr)
        return 2
    target, out = sys.argv[1:]
    os.makedirs(out, exist_ok=True)
    committed = os.path.join(HERE, "seeds", target)
    if os.path.isdir(committed):
        for name in sorted(os.listdir(committed)):
            shutil.copy(os.path.join(committed, name), out)
    targets[target](out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
