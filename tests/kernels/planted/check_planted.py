#!/usr/bin/env python3
"""Checks noinstr-check against the planted kernels (outside CI).

  check_planted.py --tool build/bin/noinstr-check --kernels OUT [--only NAME...] [--json RESULT.json]
  check_planted.py --tool ... --kernels OUT --source LINUX PRISTINE ...

OUT holds one folder per kernel of expected.json as build_planted.sh leaves
it (vmlinux.o, markers.json, objtool.txt). Each is run with
--format=json --all-chains and compared with expected.json (its "why" says
how a finding matches); objtool's new noinstr lines against the base kernel
are compared with "objtool_new". Prints a table per kernel: each expectation
found or MISSING (with the soft checks: facts named, calls named, hook,
reach), SHAPE where the number of findings or of entry paths differs
('count', 'paths'), then the extras. Exit 1 on any missing finding, shape, extra or
objtool difference; 2 on bad input. With --source, the source analysis is checked
instead: each change is applied to the built tree LINUX (apply_planted.py,
restored to base at the end) and noinstr-check --source runs on its
compile_commands.json (scripts/clang-tools/gen_compile_commands.py); the
objtool comparison is then skipped. Not a CTest: the kernels are built on purpose
(docs/validation-planted.md).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OBJTOOL = re.compile(r"warning: objtool: (?P<func>[^+\s]+)\+0x[0-9a-f]+: "
                     r"call to (?P<callee>\S+)\(\) leaves \.noinstr\.text section")


def fail(msg):
    print(f"check_planted.py: error: {msg}", file=sys.stderr)
    sys.exit(2)


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        fail(f"{path}: {e}")


def run_tool(tool, *args):
    p = subprocess.run([tool, "--format=json", "--all-chains", *args], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        fail(f"{args[-1]}: {tool} exited {p.returncode}: {p.stderr.strip()}")
    return [f for f in json.loads(p.stdout)["findings"] if f["severity"] != "note"]


def binary_findings(tool, kernels):
    return lambda name: run_tool(tool, os.path.join(kernels, name, "vmlinux.o"))


def source_findings(tool, linux, pristine):
    """The source analysis of LINUX with the change applied."""
    def analyse(name):
        subprocess.run([os.path.join(HERE, "apply_planted.py"), "--tree", linux, "--pristine", pristine, name],
                       check=True)
        return run_tool(tool, "--source", "-p", os.path.join(linux, "compile_commands.json"))
    return analyse


def objtool_pairs(path):
    if not os.path.exists(path):
        return set()
    with open(path) as f:
        return {(m["func"], m["callee"]) for m in map(OBJTOOL.search, f) if m}


def frames(site):
    return site.get("source", []) if site else []


def places(f):
    """(file, line) of the finding's site and of every site on its chain
    (an in-tree build names its files './include/...')."""
    sites = [f["site"]] + [step.get("site") for step in f.get("chain", [])]
    return {(os.path.normpath(s["file"]), s["line"]) for site in sites for s in frames(site)}


def text(f):
    return " ".join([f.get("message", ""), f.get("hint", "")] + f.get("notes", []))


def functions(f):
    names = {f["function"], *f.get("entry_points", [])}
    names |= {s["function"] for s in frames(f["site"])}
    for step in f.get("chain", []):
        names.add(step["function"])
        names |= {s["function"] for s in frames(step.get("site"))}
    return names


def at_marker(f, ids, markers):
    for i in ids:
        if i not in markers:
            fail(f"marker '{i}' not in markers.json")
        m = markers[i]
        if any(line == m["line"] and (path == m["file"] or path.endswith("/" + m["file"]))
               for path, line in places(f)) or f"{os.path.basename(m['file'])}:{m['line']}" in text(f):
            return True
    return False


def matches(f, e, markers):
    return (re.search(e.get("rule", "."), f["rule"]) and re.search(e["callee"], f["callee"])
            and re.search(e.get("function", "."), f["function"]) and at_marker(f, e["at"], markers))


def soft(f, e):
    """The reported, not enforced, checks of one matched finding."""
    t = text(f)
    out = []
    for word in e.get("needs", []):
        out.append(("" if word.lower() in t.lower() else "!") + "needs:" + word)
    named = [c for c in e.get("after", []) if c in t]
    out.append(f"after:{'/'.join(named) or '!none of ' + '/'.join(e.get('after', []))}")
    if e.get("hook"):
        out.append("" if "hook" in (f["rule"] + t) else "!hook")
    fs = {name.split(".")[0] for name in functions(f)}  # planted_db_prepare.isra.0
    out += [("" if r in fs or re.search(rf"\b{r}\b", t) else "!") + "reach:" + r for r in e.get("reach", [])]
    return " ".join(x for x in out if x)


PATHS = re.compile(r"\bon (\d+) entry paths?\b")


def shape(e, hits):
    """The enforced form of an expectation's matches: how many findings
    ('count') and how many entry paths each says it is on ('paths')."""
    out = []
    if "count" in e and len(hits) != e["count"]:
        out.append(f"{len(hits)} findings, expected {e['count']}")
    for f in hits if "paths" in e else []:
        m = PATHS.search(f["message"])
        if not m or int(m[1]) != e["paths"]:
            out.append(f"says {'on ' + m[1] if m else 'no number of'} entry paths, expected {e['paths']}: {f['message']}")
    return out


def where(f):
    src = frames(f["site"])
    inner = f"{src[0]['file']}:{src[0]['line']}" if src else "?"
    return f"{f['rule']} in {f['function']} -> {f['callee']} @ {inner}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tool", required=True)
    ap.add_argument("--kernels", required=True)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--json", help="write every kernel's findings and verdicts here")
    ap.add_argument("--source", nargs=2, metavar=("LINUX", "PRISTINE"),
                    help="check the source analysis of the built tree LINUX instead")
    a = ap.parse_args()
    spec = load(os.path.join(HERE, "expected.json"))
    ordering = re.compile(spec["ordering_rule"])
    names = a.only or list(spec["kernels"])
    base_dir = os.path.join(a.kernels, "base")
    if not os.path.exists(os.path.join(base_dir, "vmlinux.o")):
        fail(f"{base_dir}/vmlinux.o: missing (the base kernel is the reference for extras)")
    findings = source_findings(a.tool, *a.source) if a.source else binary_findings(a.tool, a.kernels)
    try:
        return check(a, spec, ordering, names, base_dir, findings)
    finally:
        if a.source:
            subprocess.run([os.path.join(HERE, "apply_planted.py"), "--tree", a.source[0],
                            "--pristine", a.source[1], "base"], check=True)


def check(a, spec, ordering, names, base_dir, findings):
    base = findings("base")
    base_keys = {(f["rule"], f["function"], f["callee"]) for f in base}
    base_objtool = objtool_pairs(os.path.join(base_dir, "objtool.txt"))
    bad = 0
    result = {}
    for name in names:
        if name not in spec["kernels"]:
            fail(f"unknown kernel '{name}'")
        k = spec["kernels"][name]
        d = os.path.join(a.kernels, name)
        if not os.path.exists(os.path.join(d, "vmlinux.o")):
            print(f"== {name}: not built, skipped")
            continue
        markers = load(os.path.join(d, "markers.json"))
        start = time.monotonic()
        found = base if name == "base" else findings(name)
        took = time.monotonic() - start
        print(f"== {name}: {len(found)} findings ({sum(bool(ordering.search(f['rule'])) for f in found)} ordering)"
              f", {took:.1f} s")
        used = set()
        verdicts = []
        for e in k["expect"]:
            hits = [i for i, f in enumerate(found) if matches(f, e, markers)]
            used |= set(hits)
            if hits:
                print(f"  found    {e['id']}: {len(hits)} x; first: {where(found[hits[0]])}")
                print(f"           {soft(found[hits[0]], e)}")
                for problem in shape(e, [found[i] for i in hits]):
                    bad += 1
                    print(f"  SHAPE    {e['id']}: {problem}")
            else:
                bad += 1
                print(f"  MISSING  {e['id']}: {e['rule']} {e['callee']} at {', '.join(e['at'])}")
            verdicts.append({"id": e["id"], "found": len(hits)})
        for i, f in enumerate(found):
            if i in used:
                continue
            if any(re.search(t["callee"], f["callee"]) and at_marker(f, t["at"], markers)
                   for t in k.get("tolerate", [])):
                print(f"  tolerated {where(f)}")
                continue
            if ordering.search(f["rule"]) or (f["rule"], f["function"], f["callee"]) not in base_keys:
                bad += 1
                print(f"  EXTRA    {where(f)}")
                print(f"           {f['message']}")
                verdicts.append({"extra": where(f)})
        new = sorted(objtool_pairs(os.path.join(d, "objtool.txt")) - base_objtool)
        want = sorted(tuple(p) for p in k["objtool_new"])
        if a.source:
            new = None
        elif new != want:
            bad += 1
            print(f"  OBJTOOL  new {new}, expected {want}")
        else:
            print(f"  objtool  new: {new or 'none'} (as expected)")
        result[name] = {"findings": found, "verdicts": verdicts, "objtool_new": new}
    if a.json:
        with open(a.json, "w") as out:
            json.dump(result, out, indent=1, sort_keys=True)
    print(f"{'disagreements: ' + str(bad) if bad else 'all as expected'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
