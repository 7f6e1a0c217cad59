#!/usr/bin/env python3
"""The command line as CI and kbuild use it, end to end.

Builds the kernel-like tree corpora/kbuild with its own Makefile into a
temporary O= directory (its vmlinux.o step: ld -r), then checks:

  kbuild       scripts/kbuild-noinstr-check O=DIR finds DIR/vmlinux.o; one
               error for the three calls after one instrumentation_end()
               (grouped), its path relative to the tree (DW_AT_comp_dir);
               a missing vmlinux.o is exit 2 with one error line
  objtool      --format=objtool: a line per call, objtool's wording
  prefix-map   --prefix-map OLD=NEW maps the paths instead
  ci           --write-baseline exits 0; SARIF fingerprints are the
               baseline's; --baseline: exit 0 with nothing new; a stale
               baseline entry is named
  conflicts    conflicting options and unwritable outputs: exit 2, one
               error line, nothing on stdout (the analysis never ran)
  version      --version names LLVM, the rules files and the kernel versions
               of their "match"
  incomplete   a source run with a TU that does not parse: exit 2, or with
               --keep-going a report that says INCOMPLETE and names it; the
               source findings grouped by the instrumentation_end() written
               before them; the same for a run joined with the sources (-p)
  install      (with --build-dir) cmake --install puts the man page and the
               kbuild script next to the tool, and the installed script runs
               the installed tool

Usage: check_cli.py --tool build/bin/noinstr-check [--build-dir build] [--cc gcc] [-v]
Exit 0 when all pass, 1 otherwise, 77 when the compiler or make is missing.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
TREE = os.path.join(ROOT, "corpora", "kbuild")
SCRIPT = os.path.join(ROOT, "scripts", "kbuild-noinstr-check")
TRAPS = "arch/x86/kernel/traps.c"


class Checks:
    def __init__(self, tool, verbose):
        self.tool, self.verbose, self.failed = tool, verbose, 0

    def run(self, *args, cwd=None, env=None):
        proc = subprocess.run([self.tool, *args], capture_output=True,
                              text=True, cwd=cwd, env=env, timeout=300)
        if self.verbose:
            print(f"  $ noinstr-check {' '.join(args)} -> {proc.returncode}")
        return proc

    def check(self, name, problems):
        problems = [p for p in problems if p]
        print(("FAIL " if problems else "PASS ") + name)
        for p in problems:
            print("  " + p)
        self.failed += bool(problems)


def expect(cond, message):
    return None if cond else message


def one_error_line(proc, pattern):
    lines = proc.stderr.splitlines()
    return [
        expect(proc.returncode == 2, f"exit {proc.returncode}, expected 2"),
        expect(proc.stdout == "", "stdout not empty: " + proc.stdout[:200]),
        expect(len(lines) == 1 and lines[0].startswith("noinstr-check: error: ")
               and pattern in lines[0],
               f"expected one error line with {pattern!r}, got {proc.stderr!r}"),
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", required=True)
    ap.add_argument("--cc", default="gcc")
    ap.add_argument("--build-dir", help="the CMake build directory: also "
                    "check cmake --install")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    tool = os.path.abspath(args.tool)
    if not shutil.which(args.cc) or not shutil.which("make"):
        print(f"SKIP: {args.cc} or make not found")
        return 77
    c = Checks(tool, args.verbose)
    with tempfile.TemporaryDirectory(prefix="noinstr-cli-") as tmp:
        out = os.path.join(tmp, "out")
        build = subprocess.run(["make", "-s", "-C", TREE, f"O={out}",
                                f"CC={args.cc}"], capture_output=True, text=True)
        if build.returncode != 0:
            print("FAIL make\n" + build.stdout + build.stderr)
            return 1
        env = dict(os.environ, NOINSTR_CHECK=tool)

        def kbuild(*extra):
            proc = subprocess.run([SCRIPT, f"O={out}", "--color=0", *extra],
                                  capture_output=True, text=True, env=env,
                                  cwd=tmp)
            if args.verbose:
                print(f"  $ kbuild-noinstr-check {' '.join(extra)} -> "
                      f"{proc.returncode}")
            return proc

        # kbuild: one grouped error, relative path.
        text = kbuild()
        first = text.stdout.splitlines()[0] if text.stdout else ""
        missing = subprocess.run([SCRIPT, f"O={tmp}/nowhere"],
                                 capture_output=True, text=True, env=env)
        c.check("kbuild: one error per cause, paths relative to the tree", [
            expect(text.returncode == 1, f"exit {text.returncode}, expected 1: "
                   + text.stderr),
            expect(first.startswith(TRAPS + ":") and "error: call to "
                   "'trap_notify'" in first and "2 more calls after the same "
                   "instrumentation_end()" in first,
                   f"first line: {first!r}"),
            expect("1 finding (1 error)" in text.stdout,
                   "not exactly one finding:\n" + text.stdout),
            expect("also 'trap_signal'" in text.stdout
                   and "also 'trap_account'" in text.stdout,
                   "the other calls are not listed:\n" + text.stdout),
            expect("move it below the last of them" in text.stdout,
                   "no region-end hint:\n" + text.stdout),
            expect(TREE not in text.stdout and tmp not in text.stdout,
                   "an absolute path is left:\n" + text.stdout),
            expect(missing.returncode == 2 and "vmlinux.o: no such file"
                   in missing.stderr, "missing vmlinux.o: "
                   f"exit {missing.returncode}, {missing.stderr!r}"),
        ])

        objtool = kbuild("--format=objtool")
        lines = objtool.stdout.splitlines()
        c.check("objtool: a line per call in objtool's shape", [
            expect(objtool.returncode == 1, f"exit {objtool.returncode}"),
            expect(len(lines) == 3 and all(
                l.startswith(os.path.join(out, "vmlinux.o")
                             + ": warning: objtool: handle_kbuild_trap+0x")
                for l in lines), f"lines: {lines}"),
            expect(all(f"call to {f}() leaves .noinstr.text section" in
                       objtool.stdout for f in
                       ("trap_notify", "trap_signal", "trap_account")),
                   "objtool wording missing:\n" + objtool.stdout),
        ])

        mapped = kbuild(f"--prefix-map={TREE}=/src")
        c.check("prefix-map: paths mapped like -fdebug-prefix-map", [
            expect(mapped.stdout.startswith("/src/" + TRAPS + ":"),
                   "first line: " + mapped.stdout[:200]),
        ])

        # ci: baseline and SARIF.
        baseline = os.path.join(tmp, "baseline.json")
        wrote = kbuild(f"--write-baseline={baseline}")
        with open(baseline) as f:
            entries = json.load(f)["findings"]
        sarif = json.loads(kbuild("--format=sarif").stdout)
        prints = sorted(r["partialFingerprints"]["noinstrCheck/v1"]
                        for r in sarif["runs"][0]["results"])
        same = kbuild(f"--baseline={baseline}")
        entries.append({"fingerprint": "00000000deadbeef", "rule": "noinstr-call",
                        "function": "gone", "callee": "away"})
        stale_file = os.path.join(tmp, "stale.json")
        with open(stale_file, "w") as f:
            json.dump({"schema": "noinstr-check-baseline/1",
                       "findings": entries}, f)
        stale = kbuild(f"--baseline={stale_file}")
        c.check("ci: --write-baseline exit 0, SARIF fingerprints, stale entries", [
            expect(wrote.returncode == 0, f"--write-baseline exit "
                   f"{wrote.returncode}, expected 0"),
            expect(len(entries) == 4, f"baseline has {len(entries) - 1} "
                   "entries, expected 3 (every call of the group)"),
            expect(len(prints) == 1 and prints[0] in
                   {e["fingerprint"] for e in entries},
                   f"SARIF fingerprints {prints} not in the baseline"),
            expect(same.returncode == 0 and "0 new against the baseline"
                   in same.stdout, f"--baseline: exit {same.returncode}\n"
                   + same.stdout),
            expect(stale.returncode == 0 and "baseline entry 00000000deadbeef "
                   "noinstr-call in 'gone' -> 'away' no longer occurs"
                   in stale.stdout, "stale entry not named:\n" + stale.stdout),
        ])

        # conflicts and outputs: rejected before the analysis.
        obj = os.path.join(out, "vmlinux.o")
        problems = []
        for extra, pattern in [
                (["--entry-map", "--summary"], "--entry-map and --summary"),
                (["--format=objtool", "--entry-map"], "--entry-map is written"),
                (["--format=sarif", "--summary"], "--summary is text only"),
                (["--entry-map", f"--baseline={baseline}"], "--entry-map"),
                (["--keep-going"], "--keep-going"),
                ([f"--baseline={baseline}", f"--write-baseline={baseline}"],
                 "same file"),
                (["--prefix-map=nothing"], "expected OLD=NEW"),
                (["--graph-dir=/proc/nope"], "/proc/nope"),
                ([f"--html={tmp}/no/dir/r.html"], "no directory"),
                ([f"--write-baseline={tmp}"], "is a directory"),
                ([f"--baseline={tmp}/absent.json"], "absent.json")]:
            proc = c.run(*extra, obj)
            problems += [p and f"{' '.join(extra)}: {p}"
                         for p in one_error_line(proc, pattern)]
        c.check("conflicts and outputs: exit 2 before the analysis", problems)

        version = c.run("--version")
        c.check("version: LLVM, rules, kernel versions from the rules", [
            expect("LLVM 19" in version.stdout, "no LLVM version"),
            expect("30-x86_64-6.12-cpufeatures.json: x86_64, Linux 6.12"
                   in version.stdout, "rules files not listed"),
            expect("kernel versions with their own rules (x86_64): "
                   in version.stdout and ", 6.12, 6.18" in version.stdout,
                   "kernel versions not listed:\n" + version.stdout),
        ])

        # incomplete source runs.
        src = os.path.join(tmp, "src")
        shutil.copytree(TREE, src)
        shutil.copytree(os.path.join(ROOT, "corpora", "include"),
                        os.path.join(tmp, "include"))
        broken = os.path.join(src, "arch/x86/kernel/broken.c")
        with open(broken, "w") as f:
            f.write("noinstr void broken(void) { this is not C }\n")
        cflags = ["-O2", "-g", "-ffreestanding"]
        db = [{"directory": src, "file": name,
               "arguments": [args.cc, *cflags, "-c", "-o", "x.o", name]}
              for name in (TRAPS, "arch/x86/kernel/broken.c")]
        with open(os.path.join(src, "compile_commands.json"), "w") as f:
            json.dump(db, f)
        strict = c.run("--source", "-p", "compile_commands.json", "--no-cache",
                       TRAPS, "arch/x86/kernel/broken.c", cwd=src)
        going = c.run("--source", "-p", "compile_commands.json", "--no-cache",
                      "--keep-going", "--color=0", TRAPS,
                      "arch/x86/kernel/broken.c", cwd=src)
        joined = c.run(obj, "-p", "compile_commands.json", "--no-cache",
                       cwd=src)
        joined_going = c.run(obj, "-p", "compile_commands.json", "--no-cache",
                             "--keep-going", "--color=0", cwd=src)
        c.check("incomplete joined run: the same", one_error_line(
            joined, "the run is incomplete: 1 of 2 TUs failed") + [
            expect(joined_going.returncode == 1
                   and "not analysed: " in joined_going.stdout,
                   f"joined --keep-going: exit {joined_going.returncode}\n"
                   + joined_going.stdout + joined_going.stderr),
        ])
        c.check("incomplete source run: exit 2, or INCOMPLETE with --keep-going",
                one_error_line(strict, "the run is incomplete: 1 of 2 TUs "
                               "failed") + [
            expect(going.returncode == 1, f"--keep-going exit "
                   f"{going.returncode}: {going.stderr}"),
            expect("and 2 more calls after the same instrumentation_end()"
                   in going.stdout and "the region ends before them at "
                   f"{TRAPS}:17:2" in going.stdout,
                   "source findings are not grouped by their region end:\n"
                   + going.stdout),
            expect("INCOMPLETE: 1 input not analysed" in going.stdout
                   and "not analysed: " in going.stdout
                   and "broken.c" in going.stdout,
                   "--keep-going report does not name the failure:\n"
                   + going.stdout),
        ])
        if args.build_dir:
            prefix = os.path.join(tmp, "inst")
            inst = subprocess.run(["cmake", "--install", args.build_dir,
                                   "--prefix", prefix],
                                  capture_output=True, text=True)
            page = os.path.join(prefix, "share", "man", "man1",
                                "noinstr-check.1")
            head = open(page).readline() if os.path.exists(page) else ""
            script = os.path.join(prefix, "bin", "kbuild-noinstr-check")
            env_no_tool = {k: v for k, v in os.environ.items()
                           if k != "NOINSTR_CHECK"}
            env_no_tool["PATH"] = "/usr/bin:/bin"
            ran = subprocess.run([script, f"O={out}", "--format=objtool"],
                                 capture_output=True, text=True,
                                 env=env_no_tool) \
                if os.path.exists(script) else None
            c.check("install: man page and kbuild script next to the tool", [
                expect(inst.returncode == 0, "cmake --install failed: "
                       + inst.stderr),
                expect(head.startswith(".TH NOINSTR-CHECK 1"),
                       f"no man page at {page}"),
                expect(ran is not None and ran.returncode == 1
                       and ran.stdout.count("warning: objtool:") == 3,
                       "installed kbuild-noinstr-check did not run the "
                       "installed tool: " + (ran.stderr if ran else "absent")),
            ])
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
