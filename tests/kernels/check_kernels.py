#!/usr/bin/env python3
"""Real-kernel test: noinstr-check on every vmlinux.o in ../shared/kernels.

For each x86-64 kernel the set of (function, callee) pairs in
--format=objtool must equal objtool's own recorded output (objtool.txt) plus
exactly the extras listed in expected.json, the exit status must match, and
two runs must give byte-identical JSON. The calls (grouped ones included)
must be the expected findings, the errors as many as expected.json's
"errors" says (one per root cause), source paths relative to the kernel
tree, and the default text shows no note. Kernels are unpacked once into a
cache directory. Exits 77 (CTest: skipped) when ../shared is absent, as in a
user's own checkout.

A kernel with "modules" (KVM as modules) is also checked with its module
objects (modules.tar.xz, unpacked into a temporary directory laid out as a
kbuild build directory): vmlinux.o with every pre-link module object gives
exactly the expected findings, --build-dir gives byte-identical JSON, each
linked .ko alone says its markers are gone and reports no noinstr-call, and
each module object alone reports the calls objtool reports on it
(objtool-modules-alone.txt) as unresolved-callee notes, never as errors.
"""
import argparse
import json
import lzma
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

LINE = re.compile(r"^\S+: warning: objtool: (?P<func>[^+\s]+)\+0x[0-9a-f]+: "
                  r"call to (?P<callee>\S+)\(\) leaves \.noinstr\.text section$")


def pairs(text):
    out = set()
    for line in text.splitlines():
        m = LINE.match(line.strip())
        if m:
            out.add((m["func"], m["callee"]))
    return out


def unpack(xz, cache):
    os.makedirs(cache, exist_ok=True)
    dest = os.path.join(cache, os.path.basename(os.path.dirname(xz)) + ".o")
    if not os.path.exists(dest) or os.path.getmtime(dest) < os.path.getmtime(xz):
        # Tests running in parallel may unpack the same kernel: each writes
        # a file of its own and renames it, so none reads a half-written one.
        fd, tmp = tempfile.mkstemp(dir=cache, prefix=os.path.basename(dest) + ".")
        try:
            with lzma.open(xz) as src, os.fdopen(fd, "wb") as out:
                shutil.copyfileobj(src, out, 1 << 20)
            os.replace(tmp, dest)
        except BaseException:
            os.unlink(tmp)
            raise
    return dest


def run(tool, *args):
    return subprocess.run([tool, *args], capture_output=True, text=True)


def step_callee(step):
    """An entry-map step's callee as the text map prints it (JSON keeps the
    inlined flag apart)."""
    return step["callee"] + (" (inlined)" if step["inlined"] else "")


def non_notes(stdout):
    return sorted((f["rule"], f["function"], f["callee"])
                  for f in json.loads(stdout)["findings"] if f["severity"] != "note")


def check_modules(a, check, name, folder, vmlinux, want):
    """The module checks of a kernel with "modules" in expected.json."""
    with tempfile.TemporaryDirectory() as build:
        with tarfile.open(os.path.join(folder, "modules.tar.xz")) as tar:
            # The "data" filter (Python 3.11.4+) refuses links out of the
            # folder; older Pythons extract as before.
            safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
            tar.extractall(build, **safe)
        os.symlink(os.path.abspath(vmlinux), os.path.join(build, "vmlinux.o"))
        modules = want["objects"]
        with open(os.path.join(build, "modules.order"), "w") as order:
            order.writelines(m + "\n" for m in modules)
        objects = [os.path.join(build, "vmlinux.o")] + [os.path.join(build, m) for m in modules]

        named = run(a.tool, "--format=json", *objects)
        check(named.returncode == want["exit"], f"{name} with modules: exit status",
              f"got {named.returncode}, want {want['exit']}; stderr: {named.stderr.strip()}")
        wanted = sorted((r, f, c) for r, f, c, _ in want["findings"])
        got = non_notes(named.stdout) if named.stdout.startswith("{") else []
        check(got == wanted, f"{name} with modules: findings are exactly the expected ones",
              f"unexpected {sorted(set(got) - set(wanted))}, missing {sorted(set(wanted) - set(got))}")
        unresolved = [f for f in json.loads(named.stdout or "{}").get("findings", [])
                      if f["rule"] == "unresolved-callee"]
        check(not unresolved, f"{name} with modules: every callee resolves",
              f"unresolved {sorted({f['callee'] for f in unresolved})}")
        whole = run(a.tool, "--format=json", "--build-dir", build)
        check(whole.stdout == named.stdout and whole.returncode == named.returncode,
              f"{name} --build-dir gives the same report as naming the objects",
              f"exit {whole.returncode}; stderr: {whole.stderr.strip()}")
        emap = run(a.tool, "--format=json", "--entry-map", *objects)
        # The entry function's own calls (the helpers' steps nest under them).
        steps = {e["entry"]: [step_callee(s) for s in e["steps"] if s["depth"] == 0]
                 for e in json.loads(emap.stdout)["entry_points"]}
        for entry, callees in sorted(want["entry_maps"].items()):
            check(steps.get(entry) == callees, f"{name} entry map of {entry}",
                  f"got {steps.get(entry)}, want {callees}")

        # Each module alone: calls into vmlinux and the other modules are
        # unknown, never violations; objtool reports the same calls.
        alone_callees = {}
        for line in open(os.path.join(folder, "objtool-modules-alone.txt")):
            m = re.match(r"^(\S+?)\.o: warning: objtool: .* call to (\S+)\(\)", line)
            if m:
                alone_callees.setdefault(m[1], set()).add(m[2])
        for module in modules:
            obj = os.path.join(build, module)
            stem = os.path.basename(module)[:-2]
            r = run(a.tool, "--format=json", obj)
            findings = json.loads(r.stdout)["findings"] if r.stdout.startswith("{") else []
            notes = {f["callee"] for f in findings if f["rule"] == "unresolved-callee"}
            check(r.returncode == 0 and not non_notes(r.stdout),
                  f"{name} {stem}.o alone: no violations",
                  f"exit {r.returncode}, {non_notes(r.stdout) if findings else r.stderr.strip()}")
            check(notes == alone_callees.get(stem, set()),
                  f"{name} {stem}.o alone: unresolved callees are objtool's calls",
                  f"ours {sorted(notes)}, objtool {sorted(alone_callees.get(stem, set()))}")
            ko = obj[:-2] + ".ko"
            r = run(a.tool, "--format=json", ko)
            doc = json.loads(r.stdout) if r.stdout.startswith("{") else {"findings": [], "remarks": []}
            calls = [f for f in doc["findings"] if f["rule"].startswith("noinstr-")]
            says = any("module link script" in m and obj in m for m in doc["remarks"])
            check(r.returncode == 0 and not calls and says,
                  f"{name} {stem}.ko: says why its markers are missing, no noinstr-call",
                  f"exit {r.returncode}, calls {[(f['function'], f['callee']) for f in calls]}, "
                  f"remarks {doc['remarks']}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--kernels", required=True, help="../shared/kernels")
    ap.add_argument("--cache", required=True)
    ap.add_argument("--expected", default=os.path.join(os.path.dirname(__file__), "expected.json"))
    a = ap.parse_args()
    if not os.path.isdir(a.kernels):
        print(f"SKIP: {a.kernels} not found (real kernels live in ../shared beside the clone)")
        return 77
    expected = json.load(open(a.expected))
    passed = failed = 0

    def check(ok, name, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"PASS {name}")
        else:
            failed += 1
            print(f"FAIL {name}: {detail}")

    for name, want in sorted(expected["kernels"].items()):
        folder = os.path.join(a.kernels, name)
        if not os.path.isdir(folder):
            check(False, name, "kernel folder missing")
            continue
        obj = unpack(os.path.join(folder, "vmlinux.o.xz"), a.cache)
        r = run(a.tool, "--format=objtool", "--analysis-stats", obj)
        check(r.returncode == want["exit"], f"{name} exit status",
              f"got {r.returncode}, want {want['exit']}; stderr: {r.stderr.strip()}")
        # The rules are those of the kernel's own version (linux_banner).
        version = re.search(r"^kernel version: (\S+) \(rules for (\S+)\)$",
                            r.stderr, re.M)
        kernel = re.search(r"-(\d+\.\d+)", name)
        check(version and kernel and version[1] == version[2] == kernel[1],
              f"{name} is checked with the rules of its version",
              version[0] if version else r.stderr.strip())
        # CONFIG_OBJTOOL_WERROR kernels: the same lines, as errors.
        werror = run(a.tool, "--format=objtool", "--objtool-werror", obj)
        check(werror.stdout == r.stdout.replace(": warning: objtool: ",
                                                ": error: objtool: "),
              f"{name} --objtool-werror says error: for warning:")
        # objtool.txt exists where objtool supports the architecture.
        objtool_txt = os.path.join(folder, "objtool.txt")
        if os.path.exists(objtool_txt):
            objtool = pairs(open(objtool_txt).read())
            ours = pairs(r.stdout)
            extra = {(f, c) for f, c, _ in want["objtool_extra"]}
            check(objtool <= ours, f"{name} includes every objtool finding",
                  f"missing {sorted(objtool - ours)}")
            check(ours - objtool == extra, f"{name} extras are exactly the documented ones",
                  f"unexpected {sorted(ours - objtool - extra)}, absent {sorted(extra - (ours - objtool))}")
        # Entry points that must be found, each with a call it must make
        # (the establishing call, or the helper that establishes); and map
        # steps checked against the kernel source: the state after the call
        # and, where the map places it right, the source line. 'map_rules'
        # (files beside this script) make helpers such as el0_svc entry points
        # of their own for the map run, so their steps can be pinned too.
        if want.get("entry_calls") or want.get("entry_steps"):
            extra = [arg for f in want.get("map_rules", [])
                     for arg in ("--rules", os.path.join(os.path.dirname(a.expected), f))]
            emap = run(a.tool, "--format=json", "--entry-map", *extra, obj)
            maps = {e["entry"]: e["steps"] for e in json.loads(emap.stdout)["entry_points"]}
            steps = {entry: {step_callee(s) for s in ss} for entry, ss in maps.items()}
            for entry, callee, _ in want.get("entry_calls", []):
                check(callee in steps.get(entry, set()),
                      f"{name} entry point {entry} calls {callee}",
                      f"entry map has {sorted(steps.get(entry, ['(no such entry point)']))}")
            for entry, callee, state, where, _ in want.get("entry_steps", []):
                found = [(s["state_after"], [f"{f['file']}:{f['line']}" for f in s["site"]["source"]])
                         for s in maps.get(entry, []) if step_callee(s) == callee]
                ok = any(st == state and (not where or any(src == where or src.endswith("/" + where) for src in srcs))
                         for st, srcs in found)
                check(ok, f"{name} entry map of {entry}: {callee} -> {state} {where}".rstrip(),
                      f"map has {found or '(no such step)'}")
        # Entry maps pinned step by step (callee, state after), each checked
        # against the kernel source; --entry-map=NAME,... selects them.
        if want.get("entry_maps"):
            names = sorted(want["entry_maps"])
            extra = [arg for f in want.get("map_rules", [])
                     for arg in ("--rules", os.path.join(os.path.dirname(a.expected), f))]
            emap = run(a.tool, "--format=json", "--entry-map=" + ",".join(names), *extra, obj)
            # A helper's step is indented under the call reaching it.
            # where a hook may go ("after" / "before" the step) and the facts
            # after it are pinned too, and "or " marks a step on another path
            # than the one before it.
            maps = {e["entry"]: [["  " * s["depth"] + ("or " if s["alternative"] else "") + step_callee(s),
                                  s["state_after"], s["hooks"], s["facts"]]
                                 for s in e["steps"]]
                    for e in json.loads(emap.stdout)["entry_points"]}
            check(sorted(maps) == names, f"{name} --entry-map selects {names}",
                  f"got {sorted(maps)}")
            for entry in names:
                steps = [step[:4] for step in want["entry_maps"][entry]["steps"]]
                check(maps.get(entry) == steps, f"{name} entry map of {entry}",
                      f"got {maps.get(entry)}")
        # --entry-map-diff OLD NEW: what the planted patch did to each entry
        # path, exactly (nothing on unrelated entry points), exit 1.
        if want.get("entry_map_diff"):
            diff = want["entry_map_diff"]
            old = unpack(os.path.join(a.kernels, diff["old"], "vmlinux.o.xz"), a.cache)
            r = run(a.tool, "--format=json", "--entry-map-diff", old, obj)
            got = {e["entry"]: [[st["change"], "  " * st["depth"] + step_callee(st), st["state_after"]]
                                for st in e["steps"]]
                   for e in json.loads(r.stdout)["entry_points"]} if r.stdout.startswith("{") else {}
            want_diff = {entry: [c[:3] for c in changes] for entry, changes in diff["entries"].items()}
            check(r.returncode == 1 and got == want_diff,
                  f"{name} --entry-map-diff {diff['old']}: exactly the planted changes",
                  f"exit {r.returncode}, got {got}")
            again = run(a.tool, "--entry-map-diff", old, obj)
            text = run(a.tool, "--entry-map-diff", old, obj)
            check(again.stdout == text.stdout and again.stdout,
                  f"{name} --entry-map-diff text is deterministic")
            same = run(a.tool, "--entry-map-diff", old, old)
            check(same.returncode == 0 and not same.stdout,
                  f"{name} --entry-map-diff of an object with itself: nothing, exit 0",
                  f"exit {same.returncode}: {same.stdout[:200]}")
        first = run(a.tool, "--format=json", obj)
        second = run(a.tool, "--format=json", obj)
        check(first.stdout == second.stdout and first.stdout.startswith("{"),
              f"{name} JSON is byte-identical across runs")
        report = json.loads(first.stdout)
        # Every call, the grouped ones too (same_cause): the expected
        # findings name calls; "errors" counts what a maintainer reads.
        got = sorted((f["rule"], f["function"], g["callee"])
                     for f in report["findings"] if f["severity"] != "note"
                     for g in [f] + f["same_cause"])
        if "errors" in want:
            errors = [f for f in report["findings"] if f["severity"] == "error"]
            check(len(errors) == want["errors"][0],
                  f"{name} has {want['errors'][0]} errors ({want['errors'][1]})",
                  f"got {len(errors)}: "
                  f"{[(f['function'], f['callee']) for f in errors]}")
        # Paths relative to the kernel source tree (these are O= builds:
        # the sources are not under DW_AT_comp_dir).
        absolute = sorted({fr["file"] for f in report["findings"]
                           for loc in [f["site"]] + [h["site"] for h in f["chain"]]
                           for fr in loc["source"] if fr["file"].startswith("/")})
        check(not absolute, f"{name} source paths are relative to the tree",
              f"{absolute[:3]}")
        # Notes never print unless asked (--show-notes).
        text = run(a.tool, "--color=0", obj)
        shown = [l for l in text.stdout.splitlines()
                 if re.match(r"^\S+: note: ", l)]
        check(not shown, f"{name} prints no note by default", f"{shown[:3]}")
        wanted = sorted((r, f, c) for r, f, c, _ in want["findings"])
        check(got == wanted, f"{name} findings are exactly the expected ones",
              f"unexpected {sorted(set(got) - set(wanted))}, missing {sorted(set(wanted) - set(got))}")
        chained = all(f["chain"] and f["site"]["source"]
                      for f in json.loads(first.stdout)["findings"] if f["severity"] != "note")
        check(chained, f"{name} every finding has a chain from an entry point and a source line")
        if want.get("modules"):
            check_modules(a, check, name, folder, obj, want["modules"])

    for name, why in sorted(expected.get("unsupported", {}).items()):
        folder = os.path.join(a.kernels, name)
        if not os.path.isdir(folder):
            continue
        obj = unpack(os.path.join(folder, "vmlinux.o.xz"), a.cache)
        r = run(a.tool, obj)
        lines = r.stderr.strip().splitlines()
        check(r.returncode == 2 and len(lines) == 1 and lines[0].startswith("noinstr-check: error: ")
              and obj in lines[0] and not r.stdout,
              f"{name} fails cleanly", f"exit {r.returncode}, stderr {r.stderr!r} ({why})")

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
