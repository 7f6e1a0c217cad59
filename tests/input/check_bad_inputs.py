#!/usr/bin/env python3
"""Bad inputs must give one clean error line, never a crash.

Builds a small kernel-like object with gcc at run time, derives broken
variants of it (truncated, patched headers, broken annotations, bad rules
files) in a temporary directory, runs noinstr-check
on each and checks the contract for bad input:

  * exit status 2,
  * nothing on stdout,
  * exactly one line on stderr: "noinstr-check: error: FILE: what is wrong",
    naming the offending file as given on the command line and saying what is
    wrong (a keyword per case),
  * no crash, abort or sanitizer report, no hang.

A few inputs are odd rather than broken (a symbol name that is not UTF-8, a
table section without contents): for those a report (exit status 0 or 1,
valid JSON with --format=json, nothing on stderr) is right too.

Usage: check_bad_inputs.py --tool PATH/TO/noinstr-check [--keep] [-v]

Also importable: build_base_object() and the ELF helpers are reused by the
fuzzer's seed-corpus generator (tests/fuzz/make_seed_corpus.py).

Python standard library only. Exit status 0 when every case passes, 1 when
one fails, 77 (CTest's skip code) when gcc is not available.
"""

import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

# --- the base object ---------------------------------------------------------

BASE_SOURCE = r"""
/* instrumentation_begin()/end() as the kernel emits them (<= 6.13). */
#define instrumentation_begin()                                             \
	asm volatile("%c0: nop\n\t"                                         \
		     ".pushsection .discard.instr_begin\n\t"                \
		     ".long %c0b - .\n\t"                                   \
		     ".popsection\n\t" :: "i"(__COUNTER__))
#define instrumentation_end()                                               \
	asm volatile("%c0: nop\n\t"                                         \
		     ".pushsection .discard.instr_end\n\t"                  \
		     ".long %c0b - .\n\t"                                   \
		     ".popsection\n\t" :: "i"(__COUNTER__))
/* One ALTERNATIVE(): a 14-byte .altinstructions entry (orig, replacement,
 * u32 feature, orig_len, replacement_len). */
#define alternative_nop()                                                   \
	asm volatile("661: nop\n662:\n\t"                                   \
		     ".pushsection .altinstructions,\"a\"\n\t"              \
		     ".long 661b - .\n\t"                                   \
		     ".long 663f - .\n\t"                                   \
		     ".4byte 0x10\n\t"                                      \
		     ".byte 662b - 661b\n\t"                                \
		     ".byte 664f - 663f\n\t"                                \
		     ".popsection\n\t"                                      \
		     ".pushsection .altinstr_replacement,\"ax\"\n"          \
		     "663: lfence\n664:\n\t"                                \
		     ".popsection\n\t")

extern void traced_helper(int);
extern void noinstr_helper(int);

__attribute__((section(".noinstr.text"), noinline)) void entry_func(int x)
{
	alternative_nop();
	instrumentation_begin();
	traced_helper(x);
	instrumentation_end();
	noinstr_helper(x + 1);
}

int plain_text_func(int x)
{
	traced_helper(x);
	return x * 3;
}
"""

GCC_FLAGS = ["-O2", "-c", "-fno-pic", "-mcmodel=kernel", "-ffreestanding",
             "-fno-asynchronous-unwind-tables"]


def run_quiet(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          **kw)


def build_base_object(workdir, cc="gcc"):
    """Compiles BASE_SOURCE into workdir/base.o and returns its path."""
    src = os.path.join(workdir, "base.c")
    obj = os.path.join(workdir, "base.o")
    with open(src, "w") as f:
        f.write(BASE_SOURCE)
    r = run_quiet([cc] + GCC_FLAGS + [src, "-o", obj])
    if r.returncode != 0:
        raise RuntimeError("cannot compile the base object:\n" +
                           r.stderr.decode(errors="replace"))
    return obj


# --- ELF64 little-endian helpers ----------------------------------------------

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
SHDR = struct.Struct("<IIQQQQIIQQ")
RELA = struct.Struct("<QQq")
SYM = struct.Struct("<IBBHQQ")  # st_name st_info st_other st_shndx value size
SHN_ABS = 0xfff1
SHT_NOBITS = 8
SHT_RELA = 4


class Elf:
    """A mutable ELF64LE image with its section table parsed."""

    def __init__(self, data):
        self.data = bytearray(data)
        (self.ident, self.e_type, self.e_machine, _, _, _, self.e_shoff, _,
         _, _, _, self.e_shentsize, self.e_shnum,
         self.e_shstrndx) = EHDR.unpack_from(self.data, 0)
        assert self.ident[:4] == b"\x7fELF" and self.ident[4] == 2
        self.sections = []
        for i in range(self.e_shnum):
            self.sections.append(list(SHDR.unpack_from(self.data,
                                                       self.shdr_offset(i))))
        shstr = self.sections[self.e_shstrndx]
        strtab = bytes(self.data[shstr[4]:shstr[4] + shstr[5]])
        self.names = [strtab[s[0]:strtab.index(b"\0", s[0])].decode()
                      for s in self.sections]

    @classmethod
    def read(cls, path):
        with open(path, "rb") as f:
            return cls(f.read())

    def write(self, path):
        with open(path, "wb") as f:
            f.write(self.data)
        return path

    def shdr_offset(self, index):
        return self.e_shoff + index * self.e_shentsize

    def index(self, name):
        return self.names.index(name)

    def header(self, name):
        """(sh_offset, sh_size) of the section called name."""
        s = self.sections[self.index(name)]
        return s[4], s[5]

    def set_section_field(self, name, field, value):
        """field: index into the Elf64_Shdr tuple (4 = sh_offset, 5 = sh_size,
        1 = sh_type, ...)."""
        i = self.index(name)
        self.sections[i][field] = value
        SHDR.pack_into(self.data, self.shdr_offset(i), *self.sections[i])

    def rela(self, name, n):
        off, _ = self.header(name)
        r_offset, r_info, r_addend = RELA.unpack_from(self.data, off + 24 * n)
        return r_offset, r_info >> 32, r_info & 0xffffffff, r_addend

    def set_rela(self, name, n, r_offset=None, sym=None, rtype=None,
                 addend=None):
        old = self.rela(name, n)
        r_offset = old[0] if r_offset is None else r_offset
        sym = old[1] if sym is None else sym
        rtype = old[2] if rtype is None else rtype
        addend = old[3] if addend is None else addend
        off, _ = self.header(name)
        RELA.pack_into(self.data, off + 24 * n, r_offset, (sym << 32) | rtype,
                       addend)

    def set_symbol(self, name, shndx=None, value=None):
        """Patches the first symbol called name."""
        symoff, symsize = self.header(".symtab")
        stroff, strsize = self.header(".strtab")
        strtab = bytes(self.data[stroff:stroff + strsize])
        for at in range(symoff, symoff + symsize, SYM.size):
            sym = list(SYM.unpack_from(self.data, at))
            if strtab[sym[0]:strtab.index(b"\0", sym[0])] == name.encode():
                if shndx is not None:
                    sym[3] = shndx
                if value is not None:
                    sym[4] = value
                SYM.pack_into(self.data, at, *sym)
                return
        raise KeyError(name)

    def patch(self, offset, fmt, value):
        struct.pack_into("<" + fmt, self.data, offset, value)

    def headers_first(self):
        """The same object with its section header table moved right after
        the ELF header, so that a cut in section data leaves every header
        intact."""
        table = self.e_shentsize * self.e_shnum
        body = bytes(self.data[64:self.e_shoff])
        tail = bytes(self.data[self.e_shoff + table:])
        out = Elf(bytes(self.data))
        out.data = bytearray(self.data[:64]) + bytearray(table) + \
            bytearray(body) + bytearray(tail)
        out.e_shoff = 64
        struct.pack_into("<Q", out.data, 0x28, 64)
        for i, s in enumerate(out.sections):
            s = list(s)
            if s[4] >= 64 and s[1] != 0:
                s[4] += table
            out.sections[i] = s
            SHDR.pack_into(out.data, out.shdr_offset(i), *s)
        return out


# --- the checks ---------------------------------------------------------------

CRASH_MARKERS = re.compile(
    r"AddressSanitizer|UndefinedBehaviorSanitizer|runtime error:|"
    r"Stack dump:|PLEASE submit a bug report|Assertion .* failed|"
    r"terminate called|Segmentation fault|core dumped", re.I)


# Every case is a small object: seconds, not minutes.
CASE_TIMEOUT = 30


class Case:
    def __init__(self, name, args, keyword, subject, report=None):
        self.name = name
        self.args = args        # command-line arguments after the tool
        self.keyword = keyword  # regex the message must contain (case-insens.)
        self.subject = subject  # path the message must name, or None
        # Odd but readable input: a report in this format ("json", "text")
        # with exit status 0 or 1 is right too, as is a clean error.
        self.report = report


def check_report(case, status, out, err):
    """Problems of a run that was allowed to produce a report."""
    problems = []
    if status not in (0, 1):
        return None  # judge it as an error instead
    if CRASH_MARKERS.search(err) or err:
        problems.append("unexpected stderr with exit status %d" % status)
    if case.report == "json":
        try:
            json.loads(out)
        except ValueError as e:
            problems.append("stdout is not valid JSON: %s" % e)
    elif not out:
        problems.append("no report on stdout")
    return problems


def check(tool, case, cwd):
    """Returns a list of problems (empty: pass) and the stderr text."""
    try:
        r = subprocess.run([tool] + case.args, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, cwd=cwd,
                           timeout=CASE_TIMEOUT)
    except subprocess.TimeoutExpired:
        return ["timed out after %d s (hang?)" % CASE_TIMEOUT], ""
    # As file names are decoded (os.fsdecode), so that they compare equal.
    out = r.stdout.decode(errors="surrogateescape")
    err = r.stderr.decode(errors="surrogateescape")
    if case.report and r.returncode >= 0:
        problems = check_report(case, r.returncode, out, err)
        if problems is not None:
            return problems, err
    if r.returncode < 0:  # the rest would only repeat it
        return ["killed by signal %d" % -r.returncode], err
    problems = []
    if r.returncode != 2:
        problems.append("exit status %d, expected 2" % r.returncode)
    if CRASH_MARKERS.search(err):
        problems.append("crash report on stderr")
    if out:
        problems.append("stdout not empty: %r" % out[:200])
    lines = err.splitlines()
    if len(lines) != 1 or not err.endswith("\n"):
        problems.append("expected exactly one line on stderr, got %d" %
                        len(lines))
    first = lines[0] if lines else ""
    prefix = "noinstr-check: error: "
    if not first.startswith(prefix):
        problems.append("line does not start with %r" % prefix)
    elif first[len(prefix):].startswith("noinstr-check:"):
        problems.append("program name repeated in the message")
    elif case.subject is not None and \
            not first[len(prefix):].startswith(case.subject + ":"):
        problems.append("message does not start with the file %r" %
                        case.subject)
    # The keyword is looked for in what follows the file name (file names
    # such as "cut-header.o" must not satisfy it).
    message = first[len(prefix):]
    if case.subject is not None and message.startswith(case.subject + ":"):
        message = message[len(case.subject) + 1:]
    if case.keyword and not re.search(case.keyword, message, re.I):
        problems.append("message lacks /%s/" % case.keyword)
    return problems, err


def show(text):
    """text with undecodable bytes as \\xNN, printable on any terminal."""
    return os.fsencode(text).decode("utf-8", "backslashreplace")


def make_cases(work, base):
    """Writes every bad input into work and returns the cases. Paths in the
    cases are relative to work (the tool runs there), as a user would type
    them."""
    cases = []
    here = lambda name: os.path.join(work, name)
    orig = Elf.read(base)

    def add(name, args, keyword, subject, report=None):
        cases.append(Case(name, args, keyword, subject, report))

    def obj_case(name, elf_or_bytes, keyword):
        fname = name + ".o"
        data = elf_or_bytes.data if isinstance(elf_or_bytes, Elf) \
            else elf_or_bytes
        with open(here(fname), "wb") as f:
            f.write(data)
        add(name, [fname], keyword, fname)

    def patched():
        return Elf(bytes(orig.data))

    # Not an object at all.
    with open(here("notes.txt"), "w") as f:
        f.write("this is a text file, not an object\n")
    add("not-elf", ["notes.txt"], r"not an ELF", "notes.txt")
    open(here("empty.o"), "wb").close()
    add("empty-file", ["empty.o"], r"empty", "empty.o")
    os.mkdir(here("objdir.o"))
    add("directory", ["objdir.o"], r"directory", "objdir.o")
    add("missing-file", ["missing.o"], r"no such file", "missing.o")

    # Truncated copies of the real object.
    data = bytes(orig.data)
    obj_case("cut-at-10-bytes", data[:10], r"truncated")
    obj_case("cut-mid-header", data[:40], r"truncated")
    cut = orig.e_shoff + orig.e_shentsize * (orig.e_shnum // 2) + 20
    obj_case("cut-mid-section-table", data[:cut],
             r"truncated|past the end")
    # With the section headers first, a cut in the middle of .noinstr.text
    # leaves every header intact but the data short.
    moved = orig.headers_first()
    off, size = moved.header(".noinstr.text")
    obj_case("cut-mid-section-data", bytes(moved.data[:off + size // 2]),
             r"truncated|past the end|greater than the file size")

    # Wrong kind of ELF.
    elf32 = None
    t32 = here("tiny32.c")
    with open(t32, "w") as f:
        f.write("int tiny32(int x) { return x + 1; }\n")
    r = run_quiet(["gcc", "-m32", "-c", "-ffreestanding", t32, "-o",
                   here("elf32.o")])
    if r.returncode == 0:
        add("elf32-object", ["elf32.o"], r"64-bit", "elf32.o")
    else:  # no 32-bit support in this gcc: patch EI_CLASS instead
        elf32 = patched()
        elf32.data[4] = 1
        obj_case("elf32-object", elf32, r"64-bit")
    be = patched()
    be.data[5] = 2  # ELFDATA2MSB
    obj_case("big-endian", be, r"little-endian")
    riscv = patched()
    riscv.patch(0x12, "H", 243)  # e_machine = EM_RISCV
    obj_case("wrong-machine", riscv, r"machine")

    # Linked, not relocatable.
    tiny = here("tiny.c")
    with open(tiny, "w") as f:
        f.write("void _start(void) { for (;;); }\n")
    r = run_quiet(["gcc", "-nostdlib", "-static", "-O2", tiny, "-o",
                   here("tiny-exec")])
    if r.returncode == 0:
        add("et-exec", ["tiny-exec"], r"relocatable", "tiny-exec")
    else:
        ex = patched()
        ex.patch(0x10, "H", 2)
        obj_case("et-exec", ex, r"relocatable")
    r = run_quiet(["gcc", "-nostdlib", "-shared", "-fPIC", "-O2", tiny, "-o",
                   here("tiny.so")])
    if r.returncode == 0:
        add("et-dyn", ["tiny.so"], r"relocatable", "tiny.so")
    else:
        dy = patched()
        dy.patch(0x10, "H", 3)
        obj_case("et-dyn", dy, r"relocatable")
    core = patched()
    core.patch(0x10, "H", 4)  # ET_CORE
    obj_case("et-core", core, r"relocatable")

    # Section headers that do not fit the file.
    e = patched()
    e.set_section_field(".noinstr.text", 5, 1 << 40)
    obj_case("section-past-end-of-file", e, r"noinstr\.text.*past the end")
    e = patched()
    e.set_section_field(".noinstr.text", 4, (1 << 64) - 8)
    obj_case("section-offset-wraps", e, r"noinstr\.text.*bad size")
    e = patched()
    e.patch(0x3e, "H", orig.e_shnum + 100)  # e_shstrndx
    obj_case("bad-shstrndx", e, r"string table")
    e = patched()
    e.set_section_field(".rela.noinstr.text", 7, orig.e_shnum + 5)  # sh_info
    obj_case("rela-for-no-section", e, r"applies to no valid section")
    e = patched()
    e.set_section_field(".rela.noinstr.text", 9, 16)  # sh_entsize
    obj_case("rela-bad-entsize", e, r"entsize")

    # Bad symbols.
    symtab, symsize = orig.header(".symtab")
    last = symsize // 24 - 1
    e = patched()
    e.patch(symtab + 24 * last + 6, "H", orig.e_shnum + 7)  # st_shndx
    obj_case("symbol-bad-section-index", e, r"symbol %d.*section index" % last)
    e = patched()
    e.patch(symtab + 24 * last, "I", 0x7fffffff)  # st_name
    obj_case("symbol-name-outside-strtab", e, r"symbol %d.*string table" % last)

    # Two objects of different machines (the second one is named).
    e = patched()
    e.patch(0x12, "H", 183)  # EM_AARCH64
    e.write(here("aarch64.o"))
    shutil.copy(base, here("x86.o"))
    add("mixed-machines", ["aarch64.o", "x86.o"], r"machine differs.*aarch64\.o",
        "x86.o")

    # Symbol names are bytes, not UTF-8: a report of a call to one must
    # still be written (as JSON too), or the object refused cleanly.
    e = patched()
    stroff, strsize = orig.header(".strtab")
    at = bytes(orig.data[stroff:stroff + strsize]).index(b"noinstr_helper\0")
    e.data[stroff + at] = 0xff
    obj_case("non-utf8-symbol-json", e, None)
    cases[-1].args[:0] = ["--format=json"]
    cases[-1].report = "json"
    shutil.copy(here("non-utf8-symbol-json.o"), here("non-utf8-symbol-text.o"))
    add("non-utf8-symbol-text", ["non-utf8-symbol-text.o"], None,
        "non-utf8-symbol-text.o", report="text")
    shutil.copy(here("non-utf8-symbol-json.o"), here("non-utf8-symbol-sarif.o"))
    add("non-utf8-symbol-sarif", ["--format=sarif", "non-utf8-symbol-sarif.o"],
        None, "non-utf8-symbol-sarif.o", report="json")
    # The same for a file name in Latin-1 ("caf\xe9.o"), which the JSON
    # report lists among its inputs.
    latin1 = b"caf\xe9.o"
    shutil.copy(base, os.path.join(os.fsencode(work), latin1))
    add("non-utf8-file-name-json", ["--format=json", os.fsdecode(latin1)], None,
        os.fsdecode(latin1), report="json")

    # A call to a defined symbol without a section (SHN_ABS): a report, or
    # an error, but the symbol has no code address to look up.
    e = patched()
    e.set_symbol("noinstr_helper", shndx=SHN_ABS, value=0x1000)
    obj_case("call-to-absolute-symbol", e, None)
    cases[-1].report = "text"

    # No symbol table.
    shutil.copy(base, here("stripped.o"))
    r = run_quiet(["strip", "--strip-all", here("stripped.o")])
    if r.returncode != 0:
        r = run_quiet(["objcopy", "--strip-all", here("stripped.o")])
    if r.returncode != 0:
        raise RuntimeError("strip failed: " + r.stderr.decode())
    add("no-symbol-table", ["stripped.o"], r"symbol table", "stripped.o")

    # A relocation of the checked code that cannot be applied spoils one
    # function, not the input: a warning (check_input_defects.py).

    # Bad instrumentation_begin() annotations.
    _, text_size = orig.header(".noinstr.text")
    e = patched()
    e.set_rela(".rela.discard.instr_begin", 0, addend=text_size + 0x40)
    obj_case("marker-past-end", e, r"instr_begin.*past the end")
    e = patched()
    # entry_func starts with a push or mov (never a NOP) at offset 0.
    assert orig.data[orig.header(".noinstr.text")[0]] != 0x90
    e.set_rela(".rela.discard.instr_begin", 0, addend=0)
    obj_case("marker-not-nop", e, r"instr_begin.*NOP")
    e = patched()
    e.set_rela(".rela.discard.instr_end", 0, addend=-0x1000)
    obj_case("marker-before-start", e, r"instr_end.*past the end")

    # .altinstructions whose size is not a multiple of its 14-byte entries.
    e = patched()
    e.set_section_field(".altinstructions", 5, 13)
    obj_case("altinstructions-size", e, r"altinstructions.*multiple of.*14")

    # A table section without contents (SHT_NOBITS) whose sh_size claims
    # 2^56 entries: the file holds none of them, so this is either an error
    # or an empty table -- not 2^56 iterations.
    e = patched()
    e.set_section_field(".altinstructions", 1, SHT_NOBITS)
    e.set_section_field(".altinstructions", 5, 14 << 56)
    obj_case("table-nobits-huge-size", e, None)
    cases[-1].report = "text"

    # Bad rules files (with a good object).
    shutil.copy(base, here("good.o"))
    rules = {
        "rules-syntax-error": ('{"schema": "noinstr-check-rules/1",\n'
                               ' "noreturn": {"names": ["panic",]}\n', r"bad JSON"),
        "rules-unknown-key": ('{"schema": "noinstr-check-rules/1",\n'
                              ' "noreturns": {"names": ["panic"]}}\n',
                              r"unknown rules key 'noreturns'"),
        "rules-wrong-type": ('{"schema": "noinstr-check-rules/1",\n'
                             ' "noreturn": {"names": "panic"}}\n',
                             r"noreturn\.names.*must be a list"),
        "rules-wrong-schema": ('{"schema": "noinstr-check-rules/2",\n'
                               ' "noreturn": {"names": ["panic"]}}\n',
                               r"schema"),
        "rules-not-object": ('["noinstr-check-rules/1"]\n', r"one JSON object"),
    }
    for name, (text, keyword) in rules.items():
        fname = name + ".json"
        with open(here(fname), "w") as f:
            f.write(text)
        add(name, ["--rules", fname, "good.o"], keyword, fname)
    add("rules-missing-file", ["--rules", "no-such-rules.json", "good.o"],
        r"no such file", "no-such-rules.json")

    # Bad kernel build directories and Module.symvers files.
    add("build-dir-missing", ["--build-dir", "no-such-build"],
        r"not a directory", "no-such-build")
    os.makedirs(here("empty-build"))
    add("build-dir-empty", ["--build-dir", "empty-build"],
        r"neither vmlinux\.o nor modules\.order", "empty-build")
    os.makedirs(here("order-build"))
    with open(here("order-build/modules.order"), "w") as f:
        f.write("drivers/foo/foo.o\n")
    add("build-dir-module-missing", ["--build-dir", "order-build"],
        r"module 'drivers/foo/foo'.*neither", "order-build/modules.order")
    os.makedirs(here("name-build"))
    with open(here("name-build/modules.order"), "w") as f:
        f.write("drivers/foo/foo.c\n")
    add("build-dir-bad-order-line", ["--build-dir", "name-build"],
        r"neither a \.o nor a \.ko", "name-build/modules.order")
    with open(here("bad.symvers"), "w") as f:
        f.write("0x00000000\tfoo\n")
    add("symvers-short-line", ["--module-symvers", "bad.symvers", "good.o"],
        r"line 1.*tabs", "bad.symvers")

    # Usage errors: no file to name.
    add("usage-no-input", [], r"positional|input", None)
    add("usage-unknown-format", ["--format=xml", "good.o"],
        r"unknown --format 'xml'", None)
    return cases


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tool", required=True, help="the noinstr-check binary")
    ap.add_argument("--keep", action="store_true",
                    help="keep the temporary directory and print its path")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print the tool's stderr for every case")
    args = ap.parse_args()
    tool = os.path.abspath(args.tool)
    if not os.access(tool, os.X_OK):
        print("error: %s is not an executable" % tool, file=sys.stderr)
        return 2
    if shutil.which("gcc") is None:
        print("SKIP: gcc not found")
        return 77

    work = tempfile.mkdtemp(prefix="noinstr-bad-inputs-")
    try:
        base = build_base_object(work)
        passed = failed = 0
        # The object everything is derived from must be accepted, or the
        # cases below test nothing.
        r = run_quiet([tool, base], cwd=work)
        if r.returncode in (0, 1) and not r.stderr:
            passed += 1
            print("ok   base-object-accepted")
        else:
            failed += 1
            print("FAIL base-object-accepted         exit status %d" %
                  r.returncode)
            for line in r.stderr.decode(errors="replace").splitlines()[:10]:
                print("     stderr: %s" % line)
        cases = make_cases(work, base)
        for case in cases:
            problems, err = check(tool, case, work)
            if problems:
                failed += 1
                print("FAIL %-30s %s" % (case.name, "; ".join(problems)))
                print("     command: noinstr-check %s" %
                      (show(" ".join(case.args)) or "(no arguments)"))
                for line in err.splitlines()[:10]:
                    print("     stderr: %s" % show(line))
            else:
                passed += 1
                line = "ok   %-30s %s" % (case.name, show(err.strip())
                                          if args.verbose else "")
                print(line.rstrip())
        print("%d passed, %d failed" % (passed, failed))
        return 1 if failed else 0
    finally:
        if args.keep:
            print("kept %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
