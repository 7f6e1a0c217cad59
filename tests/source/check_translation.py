#!/usr/bin/env python3
"""Every C file of the shared kernels' compile databases parses with clang 19.

The databases in ../shared/kernels/{x86_64,arm64}-tiny-6.12 and
x86_64-tiny-6.18 hold gcc command lines. noinstr-check translates them for clang (rules/13-source.json and the
per-architecture files); this test takes the translated commands from the
tool itself (`--source --all --print-commands`, so it checks our code and
rules, not a copy of them) and runs each with clang-19 -fsyntax-only on its
file. Entries the tool sets aside (host programs of a cross build) are listed
in its "problems" and not run.

Usage: check_translation.py --tool PATH/TO/noinstr-check
           [--kernels DIR] [--work DIR] [--rules-dir DIR] [-j N] [--every N]
           [--kernel NAME ...]

--every N parses every Nth file only (CTest: a fixed sample, so that CI on
two cores stays in minutes; run without it to check all ~930 files).

Exit status 0 when every file parses, 1 when one does not, 77 (CTest's skip
code) when the kernels or clang-19 are missing.
"""

import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.realpath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
KERNELS = ["x86_64-tiny-6.12", "arm64-tiny-6.12", "x86_64-tiny-6.18"]


def setup_source(kernels, name, work):
    """The kernel's sources laid out under WORK/NAME (once); the database."""
    dest = os.path.join(work, name)
    db = os.path.join(dest, "compile_commands.json")
    if not os.path.isfile(db):
        script = os.path.join(kernels, name, "setup-source.sh")
        subprocess.run([script, dest], check=True, stdout=subprocess.DEVNULL)
    return db


def parse_unit(clang, unit):
    cmd = [clang] + unit["arguments"][1:] + [unit["file"]]
    r = subprocess.run(cmd, cwd=unit["directory"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    return r.returncode, r.stderr


def check_database(tool, db, rules_dir, clang, jobs, every):
    cmd = [tool, "--source", "--all", "--print-commands", "-p", db]
    if rules_dir:
        cmd += ["--rules-dir", rules_dir]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    if r.returncode != 0:
        print("FAIL %s: %s exited %d: %s" % (db, tool, r.returncode,
                                             r.stderr.strip()))
        return False
    data = json.loads(r.stdout)
    units = data["units"][::every]
    for p in data["problems"]:
        print("  set aside: %s" % p)
    failed = []
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for unit, (rc, err) in zip(units,
                                   pool.map(lambda u: parse_unit(clang, u),
                                            units)):
            if rc != 0:
                failed.append((unit["file"], err))
    for f, err in failed:
        first = next((l for l in err.splitlines() if "error" in l), err)
        print("FAIL %s: %s" % (f, first.strip()))
    print("%s %s: %d of %d C files parse with clang-19 (%s)"
          % ("ok  " if not failed else "FAIL", db, len(units) - len(failed),
             len(units), data["arch"]))
    return not failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tool", required=True, help="the noinstr-check binary")
    ap.add_argument("--kernels",
                    default=os.path.join(os.path.dirname(REPO), "shared",
                                         "kernels"),
                    help="../shared/kernels (default: next to the repository)")
    ap.add_argument("--work", help="where the sources are laid out (kept "
                                   "and reused; default: a temporary dir)")
    ap.add_argument("--rules-dir", help="passed to the tool")
    ap.add_argument("-j", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--every", type=int, default=1,
                    help="parse every Nth file only")
    ap.add_argument("--kernel", action="append", choices=KERNELS,
                    help="only this kernel's database (repeatable; default: "
                         "all)")
    args = ap.parse_args()
    clang = shutil.which("clang-19")
    if not os.path.isdir(args.kernels) or clang is None:
        print("SKIP: %s or clang-19 missing" % args.kernels)
        return 77
    work = args.work or os.path.join(os.environ.get("TMPDIR", "/tmp"),
                                     "noinstr-translation")
    os.makedirs(work, exist_ok=True)
    ok = True
    for name in args.kernel or KERNELS:
        if not os.path.isdir(os.path.join(args.kernels, name)):
            print("SKIP %s: not in %s" % (name, args.kernels))
            continue
        db = setup_source(args.kernels, name, work)
        ok &= check_database(os.path.abspath(args.tool), db, args.rules_dir,
                             clang, args.j, args.every)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
