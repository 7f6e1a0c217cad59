#!/usr/bin/env python3
"""Compare noinstr-check's objtool prediction with a real objtool, per case.

For every corpus case (see run_corpus.py) this compiles the objects, links
multi-object cases with "ld -r" (objtool's --noinstr mode needs the linked
view, as for vmlinux.o), runs noinstr-check --format=json on that object and
"objtool --noinstr --link" on a copy of it (objtool may rewrite its input).

objtool's noinstr lines
    <obj>: warning: objtool: <sym>+0x<off>: call to <callee>() leaves .noinstr.text section
    <obj>: warning: objtool: <sym>+0x<off>: return with instrumentation enabled
become a set of (symbol, what), "what" being the callee or "<return>". The
tool's findings whose objtool.reports is true become the same kind of set,
from site.symbol and objtool.message. A case passes when the two sets are
equal, and matched pairs name the same instruction (objtool prints one
line per function, so another offset means another "first" finding).
Each difference is printed: an objtool line the tool does not predict
(say whether the tool has the finding at all), or a predicted line objtool
does not print. objtool names no function for code in .altinstr_replacement
("<section>+0x<off>"); such a line matches a predicted finding with the same
callee whose site is the alternative's original instruction. Calls to
profiling hooks (__sanitizer_cov_*, ...) that objtool reports and the tool
has as noinstr-profiling-call are notes, not failures: in a kernel build the
per-object "objtool --hacks=noinstr" run has NOPed them before vmlinux.o is
checked, and the tool predicts that build.

Each objtool is compared with the tool checking by the rules of the same
kernel version (--kernel-version X.Y); a case bound to another version
(KERNEL:) is left out. objtool up to 6.13 reads the markers of the default
builds; 6.14 and later read only .discard.annotate_insn, so for them the
"annotate" VARIANT builds (that encoding) are compared instead, and cases
without that variant are left out.

Without --objtool the script prints a SKIP line and exits with 77, CTest's
conventional "skipped" code (tests/CMakeLists.txt passes --objtool only when
NOINSTR_OBJTOOL was set when the build was configured).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_corpus  # noqa: E402

SKIP_EXIT = 77
LINE_RE = re.compile(r"^(?P<obj>.*?): warning: objtool: (?P<loc>\S+): (?P<msg>.*)$")
LOC_RE = re.compile(r"^(?P<sym>.+)\+0x(?P<off>[0-9a-f]+)$")
CALL_RE = re.compile(r"^call to (?P<callee>.+)\(\) leaves \.noinstr\.text section$")
RETURN_MSG = "return with instrumentation enabled"


def what_of(message):
    """'callee' or '<return>' for a noinstr message, None for others."""
    m = CALL_RE.match(message)
    if m:
        return m.group("callee")
    if message == RETURN_MSG:
        return "<return>"
    return None


def objtool_lines(objtool, obj, tmp):
    """(noinstr entries [(sym, what, loc)], other lines, error or None)."""
    copy = os.path.join(tmp, "objtool-input.o")
    shutil.copyfile(obj, copy)
    proc = subprocess.run([objtool, "--noinstr", "--link", copy],
                          capture_output=True, text=True)
    out = (proc.stdout + proc.stderr).splitlines()
    if proc.returncode != 0:
        return [], out, f"objtool exited {proc.returncode}"
    entries, others = [], []
    for line in out:
        m = LINE_RE.match(line)
        what = m and what_of(m.group("msg"))
        loc = m and LOC_RE.match(m.group("loc"))
        if what is None or not loc:
            others.append(line)
            continue
        entries.append((loc.group("sym"), what, m.group("loc")))
    return entries, others, None


def predicted(report):
    """[(symbol, what, finding)] for findings objtool is said to report."""
    out = []
    for f in run_corpus.calls_of(report):  # grouped calls each have a verdict
        ot = f.get("objtool") or {}
        if not ot.get("reports"):
            continue
        what = what_of(ot.get("message", ""))
        out.append((f["site"].get("symbol") or f.get("function") or "?",
                    what or ot.get("message", ""), f))
    return out


def describe(f):
    site = f["site"]
    where = f"{site.get('symbol')}+0x{site.get('symbol_offset', 0):x}"
    return f"{run_corpus.fmt_key((f['rule'], f.get('callee') or ''))} at {where}"


def explain(report, sym, what, loc):
    """Why the tool did not predict an objtool line: what it has instead."""
    m = LOC_RE.match(loc)
    off = int(m.group("off"), 16) if m else -1
    here = [f for f in report["findings"]
            if f["site"].get("symbol") == sym
            and f["site"].get("symbol_offset") == off]
    if here:
        return "the tool has " + "; ".join(
            f"{run_corpus.fmt_key((f['rule'], f.get('callee') or ''))} here "
            f"(objtool.reports={str(f['objtool']['reports']).lower()}, "
            f"objtool.message={f['objtool'].get('message', '')!r})"
            for f in here)
    callee = "" if what == "<return>" else what
    same = [f for f in report["findings"]
            if (f.get("callee") or "") == callee
            and sym in (f["site"].get("symbol"), f.get("function"))]
    if same:
        return "the tool has it with objtool.reports=false: " + "; ".join(
            (f.get("notes") or ["(no note)"])[-1] for f in same)
    return "the tool has no such finding"


def diff_case(tool, objtool, version, case):
    """Returns (status 'PASS'|'FAIL'|'SKIP', [detail lines])."""
    with tempfile.TemporaryDirectory(prefix="noinstr-objtool-") as tmp:
        try:
            objs = run_corpus.compile_case(case, tmp)
            obj = run_corpus.link_objects(case, objs, tmp) \
                if len(objs) > 1 or case.main.lto else objs[0]
        except run_corpus.CorpusError as e:
            return "FAIL", ["  " + l for l in str(e).rstrip().splitlines()]
        proc = run_corpus.run_tool(
            tool, [obj], case.tool_args() + [f"--kernel-version={version}"])
        if proc.returncode not in (0, 1):
            return "FAIL", [f"  noinstr-check exited {proc.returncode}: "
                            + proc.stderr.decode(errors="replace").strip()]
        report = json.loads(proc.stdout)
        entries, others, err = objtool_lines(objtool, obj, tmp)
        if err:
            return "SKIP", [f"  {err}"] + ["  | " + l for l in others]

    details = []
    pending = predicted(report)

    def take(pred):
        for i, p in enumerate(pending):
            if pred(p):
                return pending.pop(i)
        return None

    unmatched = []
    for sym, what, loc in entries:
        got = take(lambda p: p[0] == sym and p[1] == what)
        if got is None:
            unmatched.append((sym, what, loc))
            continue
        # Same function and callee: the instruction should be the same too
        # (objtool prints one finding per function, so a different offset
        # means the prediction picked another first finding).
        off = int(LOC_RE.match(loc).group("off"), 16)
        if got[2]["site"].get("symbol_offset") != off:
            details.append(f"  different site: objtool {loc}, predicted "
                           f"{describe(got[2])}")
    for sym, what, loc in unmatched:
        # Code without a function symbol (alternative replacements): objtool
        # names the section; match by callee alone.
        if sym.startswith(".") and take(lambda p: p[1] == what):
            continue
        # In a kernel build the per-object objtool run (--hacks=noinstr)
        # has already turned these calls into NOPs; this plain run has not.
        if any(f["rule"] == "noinstr-profiling-call" and f.get("callee") == what
               and f["site"].get("symbol") == sym for f in report["findings"]):
            details.append(f"  note: objtool reports {loc}: {what} as a call "
                           "(no --hacks=noinstr pass ran on this object); the "
                           "tool has it as noinstr-profiling-call")
            continue
        details.append(f"  objtool only: {loc}: {what}; "
                       + explain(report, sym, what, loc))
    for sym, what, f in pending:
        details.append(f"  predicted, not printed by objtool: {sym}: {what} "
                       f"({describe(f)})")
    for line in others:
        if ": warning: objtool: " in line:
            details.append(f"  note: objtool also said: {line.split(': warning: objtool: ', 1)[1]}")
    failed = any(not d.startswith("  note:") for d in details)
    return ("FAIL" if failed else "PASS"), details


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", required=True, help="noinstr-check binary")
    ap.add_argument("--objtool", action="append", default=[],
                    metavar="[X.Y=]PATH",
                    help="objtool binary of Linux X.Y (default 6.12), "
                         "repeatable; without one: SKIP")
    ap.add_argument("--corpus", default=None,
                    help="corpus directory (default: corpora/ of this tree)")
    ap.add_argument("--compiler", action="append", metavar="NAME[=PATH]",
                    help="gcc or clang-19 (repeatable; default: both)")
    ap.add_argument("--filter", default="",
                    help="only cases whose file name contains this")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="also print notes for passing cases")
    args = ap.parse_args(argv)

    objtools = []  # (version, path)
    for spec in args.objtool:
        version, sep, path = spec.rpartition("=")
        version = version if sep else "6.12"
        if not path:
            continue
        if not re.fullmatch(r"\d+\.\d+", version):
            print(f"error: --objtool {spec!r}: expected [X.Y=]PATH", file=sys.stderr)
            return 2
        if not os.access(path, os.X_OK):
            print(f"SKIP objtool-diff: objtool {path!r} is not an executable")
            return SKIP_EXIT
        objtools.append((version, os.path.abspath(path)))
    if not objtools:
        print("SKIP objtool-diff: no objtool binary given (--objtool [X.Y=]PATH; "
              "CTest passes $NOINSTR_OBJTOOL and $NOINSTR_OBJTOOL_6_18 from "
              "configure time)")
        return SKIP_EXIT
    if not os.access(args.tool, os.X_OK):
        print(f"error: --tool {args.tool!r} is not an executable", file=sys.stderr)
        return 2

    here = os.path.dirname(os.path.abspath(__file__))
    corpus = os.path.abspath(args.corpus or os.path.join(here, "..", "..", "corpora"))
    display_root = os.path.dirname(corpus)
    loaded = run_corpus.load_corpus(corpus, args.compiler)
    if loaded is None:
        return 2
    sources, compilers = loaded

    tool = os.path.abspath(args.tool)
    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    cases = run_corpus.make_cases(sources, compilers, display_root)
    for version, objtool in objtools:
        annotate_insn = tuple(map(int, version.split("."))) >= (6, 14)
        for case in cases:
            if case.variant != ("annotate" if annotate_insn else "") \
                    or args.filter not in case.main.path:
                continue
            if any(p.kernel and p.kernel != version for p in case.parts):
                continue
            if case.main.objtool_skip:
                status, details = "SKIP", [f"  {case.main.objtool_skip}"]
            else:
                status, details = diff_case(tool, objtool, version, case)
            counts[status] += 1
            print(f"{status} objtool-{version} {case.compiler} {case.label}")
            for line in details:
                if status != "PASS" or args.verbose:
                    print(line)
    if counts["SKIP"]:
        print(f"{counts['SKIP']} skipped")
    print(f"{counts['PASS']} passed, {counts['FAIL']} failed")
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
