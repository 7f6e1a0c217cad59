#!/usr/bin/env python3
"""Baselines and waivers, end to end, on a corpus case.

The case is corpora/entry/asm_stub.S with asm_stub_handler.c and mocks.c:
two findings, a noinstr-call three hops from the entry point and an
entry-region-before-establish with a chain. Checks:

baseline
  1. --write-baseline on the original build (exit 0), then --baseline on
     the same objects: exit 0, nothing new; a baseline with an entry that
     no longer occurs names it (text remark, JSON stale_baseline).
  2. The handler rebuilt after an unrelated edit (a new function and blank
     lines before the findings, so every offset and line moves): exit 0,
     JSON summary.new == 0, no finding marked new in JSON, text or SARIF.
  3. The same edit plus a real new violation: exit 1, and exactly that
     finding is marked new.
  4. Notes (corpora/entry/die_before_establish.c: two region-open-noreturn
     notes, which never fail a run and are not written to a baseline) are
     not "new" against a baseline either: summary.new == 0 in JSON and
     --summary, nothing marked new in JSON or SARIF.
waivers (rules files with "waivers")
  5. Waiving one finding: it leaves "findings" for "waived" (with the
     reason); the other still fails the run. Waiving both: exit 0.
  6. A waiver that matches nothing: reported as stale (JSON stale_waivers,
     a "remark:" line in the text), the run is otherwise unchanged.
  7. A waiver without a reason (missing, or empty): exit 2 and one error
     line naming the rules file.

  run_baseline.py --tool build/bin/noinstr-check [--cc gcc] [-v]

Prints PASS/FAIL per check; exit 0 when all pass, 1 otherwise, 77 when no
compiler is available.
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
SKIP_EXIT = 77

CFLAGS = [
    "-O2", "-g", "-fno-pic", "-mcmodel=kernel",
    "-fno-asynchronous-unwind-tables", "-ffreestanding",
    "-fno-stack-protector", "-fno-common",
]
HANDLER = "corpora/entry/asm_stub_handler.c"
OTHERS = ["corpora/entry/asm_stub.S", "corpora/entry/mocks.c"]

# The unrelated edit: blank lines and a function, inserted after the
# includes, so everything after them moves (lines and .noinstr.text offsets).
UNRELATED = """


/* Unrelated to the findings: a new noinstr helper and a traced function. */
int unrelated_counter;

noinstr void unrelated_noinstr_helper(struct pt_regs *regs)
{
	unrelated_counter += regs->ax;
	if (regs->ax > 5)
		unrelated_counter *= 3;
}

void unrelated_traced(int v)
{
	unrelated_counter -= v;
}



"""
ANCHOR = '#include "../include/entry.h"\n'
# The real new violation: a traced call after the teardown, outside any
# region, in the handler.
NEW_DECL = "void stub_late_trace(struct pt_regs *regs);\n"
NEW_CALL_AFTER = "\tirqentry_exit(regs, state);\n"
NEW_CALL = "\tstub_late_trace(regs);\n"
NEW_FINDING = ("noinstr-call", "exc_stub", "stub_late_trace")


class Checker:
    def __init__(self, tool, tmp, verbose):
        self.tool, self.tmp, self.verbose = tool, tmp, verbose
        self.failed = 0

    def run(self, *args):
        proc = subprocess.run([self.tool, *args], cwd=self.tmp,
                              capture_output=True, text=True)
        if self.verbose:
            print(f"  $ noinstr-check {' '.join(args)}  -> {proc.returncode}")
        return proc

    def json_run(self, objs, *args):
        proc = self.run("--format=json", *args, *objs)
        try:
            report = json.loads(proc.stdout) if proc.stdout else None
        except ValueError:
            report = None
        return proc, report

    def check(self, name, problems):
        problems = [p for p in problems if p]
        print(f"{'FAIL' if problems else 'PASS'} {name}")
        for p in problems:
            print(f"  {p}")
        self.failed += bool(problems)


def key(f):
    return (f["rule"], f["function"], f["callee"])


def where(f):
    return (f["site"]["section_offset"],
            tuple((s["file"], s["line"]) for s in f["site"]["source"]))


def expect(cond, message):
    return None if cond else message


def compile_all(cc, tmp, handler_text, tag):
    """Objects of the case, with the handler built from handler_text."""
    src = os.path.join(tmp, f"corpora/entry/asm_stub_handler_{tag}.c")
    with open(src, "w") as f:
        f.write(handler_text)
    objs = []
    for path in [OTHERS[0], os.path.relpath(src, tmp), OTHERS[1]]:
        obj = f"{tag}-{os.path.splitext(os.path.basename(path))[0]}.o"
        cmd = [cc, *CFLAGS, "-c", path, "-o", obj]
        proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError("compile failed: " + " ".join(cmd) + "\n"
                               + proc.stderr)
        objs.append(obj)
    return objs


def write_rules(tmp, name, waivers):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        json.dump({"schema": "noinstr-check-rules/1", "waivers": waivers}, f,
                  indent=2)
    return name


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", required=True, help="noinstr-check binary")
    ap.add_argument("--cc", default="gcc", help="C compiler (default: gcc)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    tool = os.path.abspath(args.tool)
    if not os.access(tool, os.X_OK):
        print(f"error: --tool {args.tool!r} is not an executable", file=sys.stderr)
        return 2
    cc = shutil.which(args.cc)
    if not cc:
        print(f"SKIP: {args.cc} not found")
        return SKIP_EXIT

    with tempfile.TemporaryDirectory(prefix="noinstr-baseline-") as tmp:
        shutil.copytree(os.path.join(ROOT, "corpora"), os.path.join(tmp, "corpora"))
        with open(os.path.join(ROOT, HANDLER)) as f:
            original = f.read()
        if ANCHOR not in original or NEW_CALL_AFTER not in original:
            print(f"error: {HANDLER} no longer has the lines this test edits "
                  "around; update run_baseline.py", file=sys.stderr)
            return 2
        edited = original.replace(ANCHOR, ANCHOR + UNRELATED, 1)
        violated = edited.replace(ANCHOR, ANCHOR + NEW_DECL, 1).replace(
            NEW_CALL_AFTER, NEW_CALL_AFTER + NEW_CALL, 1)
        try:
            base_objs = compile_all(cc, tmp, original, "base")
            edit_objs = compile_all(cc, tmp, edited, "edit")
            new_objs = compile_all(cc, tmp, violated, "new")
        except RuntimeError as e:
            print(f"FAIL compile\n  {e}")
            return 1
        c = Checker(tool, tmp, args.verbose)

        # 1. Write the baseline; the same objects against it.
        proc, base = c.json_run(base_objs, "--write-baseline=baseline.json")
        baseline = None
        if os.path.exists(os.path.join(tmp, "baseline.json")):
            with open(os.path.join(tmp, "baseline.json")) as f:
                baseline = json.load(f)
        c.check("write-baseline: two findings, both in the baseline, exit 0", [
            expect(proc.returncode == 0,
                   f"exit {proc.returncode}, expected 0 (writing a baseline "
                   "accepts the run)"),
            expect(base and len(base["findings"]) == 2,
                   "expected 2 findings in the original build"),
            expect(baseline and sorted(e["fingerprint"] for e in baseline["findings"])
                   == sorted(f["fingerprint"] for f in (base or {"findings": []})["findings"]),
                   "baseline.json fingerprints differ from the report's"),
        ])
        if not base or not baseline:
            return 1
        proc, same = c.json_run(base_objs, "--baseline=baseline.json")
        c.check("baseline, same objects: exit 0, nothing new", [
            expect(proc.returncode == 0, f"exit {proc.returncode}, expected 0"),
            expect(same and same["summary"]["new"] == 0,
                   "summary.new is not 0"),
        ])

        # 1b. A baseline entry that no longer occurs is named, in the text
        # and in JSON, and does not change the exit status.
        gone = {"fingerprint": "00000000deadbeef", "rule": "noinstr-call",
                "entry": "gone_entry", "function": "gone_function",
                "callee": "gone_callee"}
        with open(os.path.join(tmp, "stale.json"), "w") as f:
            json.dump(dict(baseline, findings=baseline["findings"] + [gone]), f)
        proc, stale = c.json_run(base_objs, "--baseline=stale.json")
        text = c.run("--color=0", "--baseline=stale.json", *base_objs)
        c.check("baseline with a stale entry: listed, exit 0", [
            expect(proc.returncode == 0, f"exit {proc.returncode}, expected 0"),
            expect(stale and stale["stale_baseline"]
                   == ["00000000deadbeef noinstr-call in 'gone_function' -> "
                       "'gone_callee'"],
                   f"stale_baseline = {stale and stale['stale_baseline']}"),
            expect("remark: baseline entry 00000000deadbeef noinstr-call in "
                   "'gone_function' -> 'gone_callee' no longer occurs"
                   in text.stdout, "text names no stale entry:\n" + text.stdout),
        ])

        # 2. Unrelated edit: everything moved, nothing new.
        proc, edit = c.json_run(edit_objs, "--baseline=baseline.json")
        text = c.run("--color=0", "--baseline=baseline.json", *edit_objs)
        sarif = c.run("--format=sarif", "--baseline=baseline.json", *edit_objs)
        moved = edit and sorted(map(where, edit["findings"])) != \
            sorted(map(where, base["findings"]))
        c.check("baseline, unrelated edit: exit 0, summary.new == 0", [
            expect(proc.returncode == 0, f"exit {proc.returncode}, expected 0"
                   + (": " + proc.stderr.strip() if proc.stderr else "")),
            expect(edit and sorted(map(key, edit["findings"]))
                   == sorted(map(key, base["findings"])),
                   "the edit changed the findings themselves"),
            expect(moved, "the edit moved no finding: the test proves nothing"),
            expect(edit and edit["summary"]["new"] == 0,
                   f"summary.new = {edit and edit['summary']['new']}"),
            expect(edit and not any(f["new"] for f in edit["findings"]),
                   "a JSON finding is marked new"),
            expect(text.returncode == 0 and "(new: not in the baseline)" not in text.stdout
                   and "; 0 new against the baseline" in text.stdout,
                   "text report: exit %d or a finding marked new:\n%s"
                   % (text.returncode, text.stdout)),
            expect(sarif.returncode == 0 and '"new": true' not in sarif.stdout,
                   "SARIF: a result marked new"),
        ])

        # 3. The same edit with a real new violation.
        proc, new = c.json_run(new_objs, "--baseline=baseline.json")
        text = c.run("--color=0", "--baseline=baseline.json", *new_objs)
        marked = [key(f) for f in (new or {"findings": []})["findings"] if f["new"]]
        c.check("baseline, new violation: exit 1, exactly it is new", [
            expect(proc.returncode == 1, f"exit {proc.returncode}, expected 1"),
            expect(marked == [NEW_FINDING],
                   f"findings marked new: {marked}, expected [{NEW_FINDING}]"),
            expect(new and new["summary"]["new"] == 1,
                   f"summary.new = {new and new['summary']['new']}, expected 1"),
            expect(new and len(new["findings"]) == 3, "expected 3 findings"),
            expect(text.stdout.count("(new: not in the baseline)") == 1
                   and "; 1 new against the baseline" in text.stdout,
                   "text report does not mark exactly one finding new:\n"
                   + text.stdout),
        ])

        # 4. Notes and baselines.
        note_objs = []
        for path in ["corpora/entry/die_before_establish.c",
                     "corpora/entry/mocks.c"]:
            obj = "note-" + os.path.splitext(os.path.basename(path))[0] + ".o"
            subprocess.run([cc, *CFLAGS, "-c", path, "-o", obj], cwd=tmp,
                           check=True)
            note_objs.append(obj)
        proc, notes = c.json_run(note_objs, "--write-baseline=notes.json")
        proc, rep = c.json_run(note_objs, "--baseline=notes.json")
        summary = c.run("--summary", "--baseline=notes.json", *note_objs)
        sarif = c.run("--format=sarif", "--baseline=notes.json", *note_objs)
        c.check("baseline with notes: notes are never new", [
            expect(notes and notes["findings"] and all(
                f["severity"] == "note" for f in notes["findings"]),
                "expected only notes in die_before_establish.c"),
            expect(proc.returncode == 0, f"exit {proc.returncode}, expected 0"),
            expect(rep and rep["summary"]["new"] == 0,
                   f"JSON summary.new = {rep and rep['summary']['new']}, "
                   "expected 0 (exit status and text report say 0)"),
            expect(rep and not any(f["new"] for f in rep["findings"]),
                   "JSON: a note is marked new: " + str(rep and [
                       (f["rule"], f["function"]) for f in rep["findings"]
                       if f["new"]])),
            expect(", 0 new" in summary.stdout,
                   "--summary does not say 0 new: "
                   + summary.stdout.strip().splitlines()[-1]),
            expect('"new": true' not in sarif.stdout, "SARIF: a note marked new"),
        ])

        # 5. Waivers.
        region = next(f for f in base["findings"]
                      if f["rule"] == "entry-region-before-establish")
        call = next(f for f in base["findings"] if f["rule"] == "noinstr-call")
        w_call = {"function": call["function"], "callee": call["callee"],
                  "rule": call["rule"],
                  "reason": "statistics are best effort; tracked in BUG-1234"}
        w_region = {"function": region["function"], "rule": region["rule"],
                    "reason": "the region only traces, reviewed"}
        one = write_rules(tmp, "waive-one.json", [w_call])
        proc, rep = c.json_run(base_objs, f"--rules={one}")
        text = c.run("--color=0", f"--rules={one}", *base_objs)
        c.check("waiver: the waived finding is listed with its reason", [
            expect(proc.returncode == 1,
                   f"exit {proc.returncode}, expected 1 (one finding is left)"),
            expect(rep and [key(f) for f in rep["findings"]] == [key(region)],
                   f"findings left: {rep and [key(f) for f in rep['findings']]}"),
            expect(rep and len(rep["waived"]) == 1
                   and (rep["waived"][0]["rule"], rep["waived"][0]["function"],
                        rep["waived"][0]["callee"]) == key(call)
                   and rep["waived"][0]["reason"] == w_call["reason"]
                   and rep["waived"][0]["fingerprint"] == call["fingerprint"],
                   f"waived: {rep and rep['waived']}"),
            expect(rep and rep["summary"]["waived"] == 1
                   and rep["summary"]["findings"] == 1, "summary counts"),
            expect(rep and rep["stale_waivers"] == [], "a stale waiver reported"),
            expect("; 1 waived" in text.stdout, "text report does not count "
                   "the waived finding:\n" + text.stdout),
        ])
        both = write_rules(tmp, "waive-both.json", [w_call, w_region])
        proc, rep = c.json_run(base_objs, f"--rules={both}")
        c.check("waivers for every finding: exit 0", [
            expect(proc.returncode == 0, f"exit {proc.returncode}, expected 0"),
            expect(rep and rep["findings"] == [] and len(rep["waived"]) == 2,
                   "findings left or not listed as waived"),
        ])

        # 6. A stale waiver.
        stale = write_rules(tmp, "waive-stale.json", [
            w_call, {"function": "exc_stub", "callee": "no_such_callee",
                     "reason": "fixed long ago"}])
        proc, rep = c.json_run(base_objs, f"--rules={stale}")
        text = c.run("--color=0", f"--rules={stale}", *base_objs)
        remarks = [l for l in text.stdout.splitlines()
                   if l.startswith("remark:") and "stale" in l]
        c.check("stale waiver: reported, run otherwise unchanged", [
            expect(proc.returncode == 1, f"exit {proc.returncode}, expected 1"),
            expect(rep and len(rep["stale_waivers"]) == 1
                   and stale in rep["stale_waivers"][0]
                   and "no_such_callee" in rep["stale_waivers"][0],
                   f"stale_waivers: {rep and rep['stale_waivers']}"),
            expect(rep and len(rep["waived"]) == 1, "the good waiver was lost"),
            expect(len(remarks) == 1 and stale in remarks[0],
                   "text report: expected one remark naming the rules file:\n"
                   + text.stdout),
        ])

        # 7. A waiver without a reason, and one with an empty reason.
        for label, waiver in [
                ("no reason", {"function": "exc_stub",
                               "rule": "entry-region-before-establish"}),
                ("empty reason", {"function": "exc_stub", "reason": ""})]:
            bad = write_rules(tmp, f"waive-{label.replace(' ', '-')}.json",
                              [w_call, waiver])
            proc = c.run("--format=json", f"--rules={bad}", *base_objs)
            lines = proc.stderr.splitlines()
            c.check(f"waiver with {label}: exit 2, one error line", [
                expect(proc.returncode == 2, f"exit {proc.returncode}, expected 2"),
                expect(len(lines) == 1, f"stderr has {len(lines)} lines: "
                       + proc.stderr),
                expect(lines and lines[0].startswith("noinstr-check: error: ")
                       and bad in lines[0] and "reason" in lines[0],
                       f"error line does not name {bad} and the reason: "
                       + proc.stderr),
                expect(proc.stdout == "", "a report was printed anyway"),
            ])
        failed = c.failed
    print("all passed" if not failed else f"{failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
