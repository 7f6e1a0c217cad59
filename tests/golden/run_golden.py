#!/usr/bin/env python3
"""Golden tests: every output format of noinstr-check, byte for byte.

Each case compiles a few corpus sources (corpora/) with gcc into a temporary
directory, the way the kernel would (-O2 -g), with
-fdebug-prefix-map=<tmpdir>=. so that the DWARF paths are relative and the
same on every machine. noinstr-check then runs from that directory on the
relative object paths, once per output:

  text.txt          --color=0 (default text report)
  text-all-chains.txt  --color=0 --all-chains
  objtool.txt       --format=objtool
  report.json       --format=json
  report.sarif      --format=sarif
  entry-map.txt     --entry-map
  entry-map.json    --entry-map --format=json
  summary.txt       --summary
  graphs/*.dot      --graph-dir=graphs (the .svg files are not compared)
  status.txt        the exit status of each of the runs above

and each output must equal tests/golden/expected/<case>/<file> exactly. A
difference fails the case and prints a unified diff (expected -> actual).
Missing or extra expected files fail too.

  run_golden.py --tool build/bin/noinstr-check [--case NAME]... [--update]

--update rewrites the expected files from the current outputs (and removes
stale ones); review the change with git diff, never edit golden files by
hand (tests/golden/README.md).

The expected outputs depend on the code gcc makes: they were made with the
gcc named in expected/COMPILER. With another gcc version the test is
skipped (exit status 77) unless --update or --any-gcc is given.
Exit status: 0 all equal, 1 a difference, 2 usage or set-up error.
"""

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
EXPECTED = os.path.join(HERE, "expected")
SKIP_EXIT = 77

# The x86-64 kernel flags that shape the code (as in run_corpus.py), fixed
# here: the golden files must not change when the corpus runner does.
CFLAGS = [
    "-O2", "-g", "-fno-pic", "-mcmodel=kernel",
    "-fno-asynchronous-unwind-tables", "-ffreestanding",
    "-fno-stack-protector", "-fno-common",
]

# name -> (sources relative to corpora/, extra tool arguments)
CASES = {
    # Two noinstr-call findings (a traced call before irqentry_enter(), an
    # uninlined static helper), chains of one hop.
    "demo": (["demo/entry_demo.c"], []),
    # An asm stub calling a C handler: an ordering finding with a two-hop
    # chain in state RAW, and a noinstr-call three hops down.
    "asm-stub": (["entry/asm_stub.S", "entry/asm_stub_handler.c",
                  "entry/mocks.c"], []),
    # Inlined establishers and teardowns (DWARF): a region before
    # syscall_enter_from_user_mode(), the entry map of do_syscall_64.
    "syscall": (["entry/syscall_inlined.c", "entry/common_exit.c",
                 "entry/mocks.c"], []),
    # One root cause, several calls: calls after an early
    # instrumentation_end(), the calls of one inlined helper (one finding
    # each, listing the calls); a die path's note, shown.
    "root-cause": (["regions/early_end.c", "calls/noreturn.c"],
                   ["--show-notes"]),
}

# output file -> tool arguments
OUTPUTS = [
    ("text.txt", ["--color=0"]),
    ("text-all-chains.txt", ["--color=0", "--all-chains"]),
    ("objtool.txt", ["--format=objtool"]),
    ("report.json", ["--format=json"]),
    ("report.sarif", ["--format=sarif"]),
    ("entry-map.txt", ["--entry-map"]),
    ("entry-map.json", ["--entry-map", "--format=json"]),
    ("summary.txt", ["--summary"]),
]
GRAPH_DIR = "graphs"


class SetupError(Exception):
    pass


def gcc_version(gcc):
    proc = subprocess.run([gcc, "-dumpfullversion"], capture_output=True,
                          text=True)
    if proc.returncode != 0:
        raise SetupError(f"{gcc} -dumpfullversion failed: {proc.stderr.strip()}")
    return "gcc " + proc.stdout.strip()


def compile_case(gcc, sources, tmp):
    """Copies corpora/ into tmp, compiles the sources there; object names."""
    shutil.copytree(os.path.join(ROOT, "corpora"), os.path.join(tmp, "corpora"))
    objs = []
    for src in sources:
        obj = os.path.splitext(os.path.basename(src))[0] + ".o"
        if obj in objs:
            raise SetupError(f"two sources make {obj}")
        cmd = [gcc, *CFLAGS, f"-fdebug-prefix-map={tmp}=.", "-c",
               os.path.join("corpora", src), "-o", obj]
        proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True)
        if proc.returncode != 0:
            raise SetupError("compile failed: " + " ".join(cmd) + "\n"
                             + proc.stderr)
        objs.append(obj)
    return objs


def run_outputs(tool, objs, extra, tmp):
    """{relative file name: bytes} of every output of one case."""
    out, status = {}, []
    for name, args in OUTPUTS:
        proc = subprocess.run([tool, *args, *extra, *objs], cwd=tmp,
                              capture_output=True)
        if proc.returncode not in (0, 1):
            raise SetupError(f"noinstr-check {' '.join(args)} exited "
                             f"{proc.returncode}: "
                             + proc.stderr.decode(errors="replace").strip())
        out[name] = proc.stdout
        status.append(f"{' '.join(args)}: {proc.returncode}\n")
    graphs = os.path.join(tmp, GRAPH_DIR)
    proc = subprocess.run([tool, f"--graph-dir={GRAPH_DIR}", *extra, *objs],
                          cwd=tmp, capture_output=True)
    # Without Graphviz the tool exits 2 after writing the .dot files.
    if proc.returncode not in (0, 1, 2) or not os.path.isdir(graphs):
        raise SetupError(f"noinstr-check --graph-dir exited {proc.returncode}: "
                         + proc.stderr.decode(errors="replace").strip())
    for name in sorted(os.listdir(graphs)):
        if name.endswith(".dot"):
            with open(os.path.join(graphs, name), "rb") as f:
                out[f"{GRAPH_DIR}/{name}"] = f.read()
    out["status.txt"] = "".join(status).encode()
    # Nothing may depend on where the case was built.
    for name, data in out.items():
        if tmp.encode() in data:
            raise SetupError(f"{name} contains the build directory {tmp}: "
                             "the output would not be stable")
    return out


def expected_files(case_dir):
    found = {}
    for dirpath, _, filenames in os.walk(case_dir):
        for fn in filenames:
            path = os.path.join(dirpath, fn)
            rel = os.path.relpath(path, case_dir).replace(os.sep, "/")
            with open(path, "rb") as f:
                found[rel] = f.read()
    return found


def diff(name, want, got):
    a = want.decode(errors="replace").splitlines(keepends=True)
    b = got.decode(errors="replace").splitlines(keepends=True)
    lines = list(difflib.unified_diff(a, b, f"expected/{name}", f"actual/{name}"))
    return "".join(l if l.endswith("\n") else l + "\n\\ No newline\n"
                   for l in lines)


def update(case_dir, outputs):
    if os.path.isdir(case_dir):
        shutil.rmtree(case_dir)
    for name, data in outputs.items():
        path = os.path.join(case_dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", required=True, help="noinstr-check binary")
    ap.add_argument("--gcc", default="gcc", help="gcc to compile with")
    ap.add_argument("--case", action="append", choices=sorted(CASES),
                    help="only this case (repeatable)")
    ap.add_argument("--update", action="store_true",
                    help="rewrite the expected files from the current outputs")
    ap.add_argument("--any-gcc", action="store_true",
                    help="compare even when gcc is not the recorded version")
    args = ap.parse_args(argv)

    tool = os.path.abspath(args.tool)
    if not os.access(tool, os.X_OK):
        print(f"error: --tool {args.tool!r} is not an executable", file=sys.stderr)
        return 2
    gcc = shutil.which(args.gcc)
    if not gcc:
        print(f"SKIP: {args.gcc} not found")
        return SKIP_EXIT
    try:
        version = gcc_version(gcc)
    except SetupError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    compiler_file = os.path.join(EXPECTED, "COMPILER")
    recorded = None
    if os.path.exists(compiler_file):
        with open(compiler_file) as f:
            recorded = f.read().strip()
    if args.update:
        os.makedirs(EXPECTED, exist_ok=True)
        with open(compiler_file, "w") as f:
            f.write(version + "\n")
    elif recorded != version and not args.any_gcc:
        print(f"SKIP: golden files were made with {recorded}, this is "
              f"{version} (--any-gcc compares anyway)")
        return SKIP_EXIT

    failed = 0
    for name in args.case or sorted(CASES):
        sources, extra = CASES[name]
        case_dir = os.path.join(EXPECTED, name)
        with tempfile.TemporaryDirectory(prefix="noinstr-golden-") as tmp:
            tmp = os.path.realpath(tmp)
            try:
                objs = compile_case(gcc, sources, tmp)
                outputs = run_outputs(tool, objs, extra, tmp)
            except SetupError as e:
                print(f"FAIL {name}\n  {e}")
                failed += 1
                continue
        if args.update:
            update(case_dir, outputs)
            print(f"UPDATED {name} ({len(outputs)} files)")
            continue
        want = expected_files(case_dir)
        problems = []
        for fn in sorted(set(want) | set(outputs)):
            if fn not in outputs:
                problems.append(f"  expected/{fn}: the run made no such output\n")
            elif fn not in want:
                problems.append(f"  {fn}: new output, no expected file "
                                "(run with --update and review)\n")
            elif want[fn] != outputs[fn]:
                problems.append(diff(fn, want[fn], outputs[fn]))
        if problems:
            failed += 1
            print(f"FAIL {name}")
            sys.stdout.write("".join(problems))
        else:
            print(f"PASS {name} ({len(outputs)} files)")
    if not args.update:
        print(f"{len(args.case or CASES) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
