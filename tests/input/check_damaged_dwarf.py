#!/usr/bin/env python3
"""One damaged DWARF unit is a warning, not the end of the run.

Copies the examples kernel (x86_64-tiny-6.12-examples), cuts short the
.debug_info unit that holds the code of a function with a finding (its
unit_length now ends right after the unit header, so its DIEs are gone) and
runs noinstr-check on the copy. The contract for a defect that spoils one
part of the input (README "Bad input"):

  * every finding of the undamaged object is still reported (same rule,
    function, callee and place),
  * exactly one line on stderr: "noinstr-check: warning: FILE: ..." naming
    the copy and the damaged unit (".debug_info+0x..."),
  * the report's remarks say what was skipped (the same text),
  * the exit status comes from the findings (1), not 2.

Usage: check_damaged_dwarf.py --tool PATH/TO/noinstr-check
       --kernels ../shared/kernels --cache build/kernels [--function NAME]
The kernel is unpacked into the cache the real-kernels test shares. Exit
status 0 pass, 1 fail, 77 (CTest: skipped) when ../shared is absent.
"""

import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "..", "kernels")]
from check_bad_inputs import Elf, SYM  # noqa: E402
from check_kernels import unpack  # noqa: E402

KERNEL = "x86_64-tiny-6.12-examples"


def symbol(elf, name):
    """(section index, value, size) of the first symbol called name."""
    symoff, symsize = elf.header(".symtab")
    stroff, strsize = elf.header(".strtab")
    strtab = bytes(elf.data[stroff:stroff + strsize])
    for at in range(symoff, symoff + symsize, SYM.size):
        sym = SYM.unpack_from(elf.data, at)
        if strtab[sym[0]:strtab.index(b"\0", sym[0])] == name.encode():
            return sym[3], sym[4], sym[5]
    raise KeyError(name)


def symbol_section(elf, index):
    """Section index of symbol number index (a section symbol here)."""
    symoff, _ = elf.header(".symtab")
    return SYM.unpack_from(elf.data, symoff + index * SYM.size)[3]


def unit_holding(elf, shndx, value):
    """The .debug_info offset of the unit whose .debug_aranges set covers
    section shndx at value. In a relocatable object every address and unit
    offset in the table is a relocation (RELA: the addend holds it)."""
    off, size = elf.header(".debug_aranges")
    rela = elf.index(".rela.debug_aranges")
    relocs = {}
    for n in range(elf.sections[rela][5] // 24):
        r_offset, sym, _, addend = elf.rela(".rela.debug_aranges", n)
        relocs[r_offset] = (symbol_section(elf, sym), addend)
    pos = 0
    while pos < size:
        length, = struct.unpack_from("<I", elf.data, off + pos)
        unit = relocs[pos + 6][1]
        tuple_at = pos + 16  # 32-bit DWARF, 8-byte addresses: aligned to 16
        while tuple_at + 16 <= pos + 4 + length:
            length_field, = struct.unpack_from("<Q", elf.data,
                                               off + tuple_at + 8)
            target = relocs.get(tuple_at)
            if target and target[0] == shndx and \
                    target[1] <= value < target[1] + length_field:
                return unit
            tuple_at += 16
        pos += 4 + length
    raise KeyError("no unit covers the function")


def run(tool, path):
    r = subprocess.run([tool, "--format=json", path], capture_output=True,
                       text=True, errors="replace", timeout=300)
    return r.returncode, r.stdout, r.stderr


def place(f):
    s = f["site"]
    return (f["rule"], f["function"], f["callee"], s["section"],
            s["section_offset"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--kernels", required=True, help="../shared/kernels")
    ap.add_argument("--cache", required=True)
    ap.add_argument("--function", default="handle_bug",
                    help="a function with a finding; its unit is damaged")
    a = ap.parse_args()
    xz = os.path.join(a.kernels, KERNEL, "vmlinux.o.xz")
    if not os.path.exists(xz):
        print("SKIP: %s not found" % xz)
        return 77
    kernel = unpack(xz, a.cache)
    status, out, err = run(a.tool, kernel)
    if status != 1 or err:
        print("FAIL: the undamaged kernel: exit %d, stderr %r" % (status, err))
        return 1
    want = sorted(place(f) for f in json.loads(out)["findings"])

    elf = Elf.read(kernel)
    unit = unit_holding(elf, *symbol(elf, a.function)[:2])
    info, _ = elf.header(".debug_info")
    elf.patch(info + unit, "I", 8)  # version .. debug_abbrev_offset only
    with tempfile.TemporaryDirectory() as tmp:
        damaged = elf.write(os.path.join(tmp, "damaged.o"))
        status, out, err = run(a.tool, damaged)
    ok = True
    if status != 1:
        print("FAIL: exit %d, not 1 (from the findings): %s" % (status, err))
        return 1
    report = json.loads(out)
    got = sorted(place(f) for f in report["findings"])
    if got != want:
        print("FAIL: findings differ:\n  missing %s\n  extra %s"
              % (sorted(set(want) - set(got)), sorted(set(got) - set(want))))
        ok = False
    lines = err.splitlines()
    unit_name = ".debug_info+0x%x" % unit
    prefix = "noinstr-check: warning: %s: " % damaged
    if len(lines) != 1 or not lines[0].startswith(prefix) or \
            unit_name not in lines[0].lower():
        print("FAIL: want one warning line naming %s and %s, got %r"
              % (damaged, unit_name, err))
        ok = False
    elif lines[0][len("noinstr-check: warning: "):] not in report["remarks"]:
        print("FAIL: the remarks do not say what was skipped: %r"
              % report["remarks"])
        ok = False
    print("%s: %d findings, damaged unit %s: %s"
          % ("PASS" if ok else "FAIL", len(got), unit_name,
             lines[0] if lines else "(no warning)"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
