#!/usr/bin/env python3
"""Defects that spoil one part of an input are warnings, not the end of the run.

Copies an examples kernel and damages it, one defect per copy. In the
6.12 one (x86_64-tiny-6.12-examples), one relocation of the checked code:

  * "symbol": a relocation inside a function with a finding names a symbol
    that does not exist. That function is left out of the analysis: every
    finding of the other functions is still reported (same rule, function,
    callee and place), the function's own are gone, and exactly one
    warning line names the copy, the section and the function.
  * "outside": the same relocation points past the end of its section. It
    patches no code and is ignored: the other functions' findings are all
    still reported (the function itself now reads the instruction without
    its relocation), and one warning line names the copy and the section.
  * "table": the relocation of the first alternative whose original code
    is ordinary .text (never walked) names a symbol that does not exist.
    That table entry is skipped: every finding stays, and one warning
    names the copy, the table and says the entry is skipped.

In the 6.18 one (x86_64-tiny-6.18-examples), whose annotations are typed
entries of .discard.annotate_insn:

  * "annotation": one NOENDBR entry (a type without effect on the check)
    gets a type the rules do not know. Every finding stays, and one
    warning names the copy, the section and the type.

In both the report's remarks say what was left out (the same text) and the
exit status comes from the findings (1), not 2 (README "Bad input").

Usage: check_input_defects.py --tool PATH/TO/noinstr-check
       --kernels ../shared/kernels --cache build/kernels [--function NAME]
Exit status 0 pass, 1 fail, 77 (CTest: skipped) when ../shared is absent.
"""

import argparse
import json
import os
import struct
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "..", "kernels")]
from check_bad_inputs import Elf  # noqa: E402
from check_damaged_dwarf import (KERNEL, place, run, symbol,  # noqa: E402
                                 symbol_section)
from check_kernels import unpack  # noqa: E402

WARNING = "noinstr-check: warning: "
KERNEL_TYPED = "x86_64-tiny-6.18-examples"
NOENDBR = 1  # ANNOTYPE_NOENDBR, include/linux/objtool_types.h
UNKNOWN_TYPE = 42


def relocation_in(elf, shndx, value, size):
    """(name of the relocation section, entry number) of the first
    relocation that patches bytes [value, value + size) of section shndx."""
    name = ".rela" + elf.names[shndx]
    count = elf.sections[elf.index(name)][5] // 24
    for n in range(count):
        if value <= elf.rela(name, n)[0] < value + size:
            return name, n
    raise KeyError("no relocation inside the function")


def table_relocation(elf, table, section):
    """(relocation section, entry number) of the first relocation of table
    that refers to section (by its section symbol)."""
    name = ".rela" + table
    for n in range(elf.sections[elf.index(name)][5] // 24):
        sym = elf.rela(name, n)[1]
        if elf.names[symbol_section(elf, sym)] == section:
            return name, n
    raise KeyError("no relocation of %s refers to %s" % (table, section))


def findings_of(tool, kernel):
    """The findings of the undamaged kernel, or None (the reason printed)."""
    status, out, err = run(tool, kernel)
    if status != 1 or err:
        print("FAIL: %s undamaged: exit %d, stderr %r" % (kernel, status, err))
        return None
    return json.loads(out)["findings"]


def check(tool, damaged, want, named, keep):
    """Runs the tool on a damaged copy; True when the contract holds.
    named: what the one warning line must name besides the file; keep:
    which findings must be those of want (a place filter)."""
    status, out, err = run(tool, damaged)
    named = [damaged] + named
    if status != 1:
        print("FAIL: exit %d, not 1 (from the findings): %s" % (status, err))
        return False
    report = json.loads(out)
    got = sorted(place(f) for f in report["findings"] if keep(f))
    ok = True
    if got != want:
        print("FAIL: findings differ:\n  missing %s\n  extra %s"
              % (sorted(set(want) - set(got)), sorted(set(got) - set(want))))
        ok = False
    lines = err.splitlines()
    if len(lines) != 1 or not lines[0].startswith(WARNING + damaged + ": ") \
            or not all(n in lines[0] for n in named):
        print("FAIL: want one warning line naming %s, got %r" % (named, err))
        ok = False
    elif lines[0][len(WARNING):] not in report["remarks"]:
        print("FAIL: the remarks do not say what was left out: %r"
              % report["remarks"])
        ok = False
    if ok:
        print("PASS: %d findings; %s" % (len(got), lines[0]))
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--kernels", required=True, help="../shared/kernels")
    ap.add_argument("--cache", required=True)
    ap.add_argument("--function", default="exc_int3",
                    help="a function with a finding; one of its relocations "
                         "is damaged")
    a = ap.parse_args()
    xzs = [os.path.join(a.kernels, k, "vmlinux.o.xz")
           for k in (KERNEL, KERNEL_TYPED)]
    for xz in xzs:
        if not os.path.exists(xz):
            print("SKIP: %s not found" % xz)
            return 77
    kernel, typed = (unpack(xz, a.cache) for xz in xzs)
    findings = findings_of(a.tool, kernel)
    typed_findings = findings_of(a.tool, typed)
    if findings is None or typed_findings is None:
        return 1

    def others(f):
        return f["function"] != a.function
    want_others = sorted(place(f) for f in findings if others(f))
    if len(want_others) == len(findings):
        print("FAIL: %s has no finding of its own" % a.function)
        return 1

    elf = Elf.read(kernel)
    shndx, value, size = symbol(elf, a.function)
    section = "'%s'" % elf.names[shndx]
    rela, n = relocation_in(elf, shndx, value, size)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        spoiled = Elf(elf.data)
        spoiled.set_rela(rela, n, sym=0xffffff)
        ok &= check(a.tool, spoiled.write(os.path.join(tmp, "symbol.o")),
                    want_others, [section, "'%s'" % a.function],
                    lambda f: True)
        table = Elf(elf.data)
        table.set_rela(*table_relocation(elf, ".altinstructions", ".text"),
                       sym=0xffffff)
        ok &= check(a.tool, table.write(os.path.join(tmp, "table.o")),
                    sorted(place(f) for f in findings),
                    ["'.altinstructions'", "table entry"], lambda f: True)
        outside = Elf(elf.data)
        outside.set_rela(rela, n, r_offset=elf.sections[shndx][5] + 0x1000)
        ok &= check(a.tool, outside.write(os.path.join(tmp, "outside.o")),
                    want_others, [section], others)

        annotated = Elf.read(typed)
        off, size = annotated.header(".discard.annotate_insn")
        entry = next(at for at in range(off, off + size, 8)
                     if struct.unpack_from("<I", annotated.data, at + 4)[0]
                     == NOENDBR)
        annotated.patch(entry + 4, "I", UNKNOWN_TYPE)
        ok &= check(a.tool, annotated.write(os.path.join(tmp, "type.o")),
                    sorted(place(f) for f in typed_findings),
                    ["'.discard.annotate_insn'", "type %d" % UNKNOWN_TYPE],
                    lambda f: True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
