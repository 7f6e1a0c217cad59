#!/usr/bin/env python3
"""The source analyzer on the shared kernels' real sources.

For each tree in expected_sources.json: lay the sources out with the
kernel's setup-source.sh, run `noinstr-check --source -p DB --format=json`
and compare the findings, as (rule, file, line, callee), with the expected
list: exactly those, no more. Then the cache and the threads: a second
process, with one thread (-j1) where the first used one per core, reuses
every TU and prints byte-identical JSON but for the summary remark that
counts the cache hits. Then the joined mode, an object with its
source database: on the examples kernel every planted call finding the
source can explain gets a "source:" note; on arm64 (no region markers in
the object) the source places some calls in regions, and the clean kernel
stays clean.

Usage: check_real_sources.py --tool PATH [--kernels DIR] [--work DIR]
Exit 0 pass, 1 fail, 77 (skip) without ../shared/kernels.
"""

import argparse
import json
import lzma
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.realpath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def setup_source(kernels, tree, work):
    """A tree is 'kernel' or 'kernel+flavour'. The 6.12 setup-source.sh takes
    the flavour (--examples) itself; a kernel whose script does not gets the
    flavour's patch from its sibling folder (x86_64-tiny-6.18-examples/
    examples.patch) applied to the tree it lays out."""
    name, _, flavour = tree.partition("+")
    dest = os.path.join(work, tree)
    db = os.path.join(dest, "compile_commands.json")
    if not os.path.isfile(db):
        script = os.path.join(kernels, name, "setup-source.sh")
        with open(script) as f:
            takes_flavour = flavour and ("--" + flavour) in f.read()
        cmd = [script, dest] + (["--" + flavour] if takes_flavour else [])
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        if flavour and not takes_flavour:
            patch = os.path.join(kernels, "%s-%s" % (name, flavour),
                                 "%s.patch" % flavour)
            with open(patch) as f:
                subprocess.run(["patch", "-p1", "-d", os.path.join(dest, "tree")],
                               stdin=f, check=True, stdout=subprocess.DEVNULL)
    return db


def run(tool, args):
    r = subprocess.run([tool] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    return r.returncode, r.stdout, r.stderr


def key(f):
    src = f["site"]["source"][0] if f["site"]["source"] else {}
    return [f["rule"], src.get("file", ""), src.get("line", 0), f["callee"]]


def check_tree(tool, kernels, work, tree, expected, cache):
    db = setup_source(kernels, tree, work)
    base = ["--source", "-p", db, "--format=json", "--cache-dir", cache]
    rc, out, err = run(tool, base)
    if rc not in (0, 1):
        print("FAIL %s: exit %d: %s" % (tree, rc, err.strip()))
        return False
    # Every call, those a grouped finding lists too (same_cause).
    got = sorted(key(g)
                 for f in json.loads(out)["findings"]
                 if f["severity"] != "note"
                 for g in [f] + f.get("same_cause", []))
    want = sorted(expected)
    ok = got == want and rc == (1 if want else 0)
    for k in want:
        if k not in got:
            print("FAIL %s: missing %s" % (tree, k))
    for k in got:
        if k not in want:
            print("FAIL %s: unexpected %s" % (tree, k))
    # The rerun, in another process on one thread, takes every TU from the
    # cache and prints the same, byte for byte; only the summary remark
    # counts the cache hits.
    rc2, out2, err2 = run(tool, base + ["-j", "1"])
    first, again = json.loads(out), json.loads(out2)
    summary = [r for r in again["remarks"] if r.startswith("source: ")]
    without_summary = lambda text: [l for l in text.splitlines()
                         if not l.strip().startswith('"source: ')]
    if rc2 != rc or err2 != err or without_summary(out) != without_summary(out2):
        print("FAIL %s: the rerun (-j1, cached) prints something else" % tree)
        ok = False
    words = summary[0].split() if summary else []
    if not summary or words[1] != words[4].lstrip("("):
        print("FAIL %s: the rerun did not take every TU from the cache: %s"
              % (tree, summary))
        ok = False
    print("%s %s: %d findings as expected" % ("ok  " if ok else "FAIL", tree,
                                              len(want)))
    return ok


def check_joined(tool, kernels, work, spec, cache):
    obj_xz = os.path.join(kernels, spec["kernel"], "vmlinux.o.xz")
    db = setup_source(kernels, spec["tree"], work)
    with tempfile.TemporaryDirectory() as tmp:
        obj = os.path.join(tmp, "vmlinux.o")
        with lzma.open(obj_xz) as src, open(obj, "wb") as dst:
            shutil.copyfileobj(src, dst)
        rc, out, err = run(tool, [obj, "-p", db, "--format=json",
                                  "--cache-dir", cache])
    want = spec["explained_callees"]
    # The examples kernel has planted findings; a clean one has none.
    if rc != (1 if want else 0):
        print("FAIL joined %s: exit %d: %s" % (spec["kernel"], rc,
                                                err.strip()))
        return False
    report = json.loads(out)
    explained = {}
    for f in report["findings"]:
        if any(n.startswith("source: ") for n in f["notes"]):
            for g in [f] + f["same_cause"]:
                explained[g["callee"]] = True
    ok = True
    for c in want:
        if c not in explained:
            print("FAIL joined %s: no source note on the finding calling %s"
                  % (spec["kernel"], c))
            ok = False
    if spec.get("regions_from_source"):
        # "instrumentation regions from the source (...): N of M call
        # sites in noinstr code are in a region written in the source; ..."
        remark = [r for r in report["remarks"]
                  if r.startswith("instrumentation regions from the source")]
        placed = int(remark[0].split(": ")[1].split()[0]) if remark else 0
        if placed == 0:
            print("FAIL joined %s: the source placed no call in a region: %s"
                  % (spec["kernel"], remark))
            ok = False
        else:
            print("     joined %s: %d call sites in source regions"
                  % (spec["kernel"], placed))
    print("%s joined %s: %d findings, %d explained from the source"
          % ("ok  " if ok else "FAIL", spec["kernel"], len(report["findings"]),
             len(explained)))
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tool", required=True)
    ap.add_argument("--kernels", default=os.path.join(os.path.dirname(REPO),
                                                      "shared", "kernels"))
    ap.add_argument("--work", default=os.path.join(
        tempfile.gettempdir(), "noinstr-real-sources"))
    args = ap.parse_args()
    if not os.path.isdir(args.kernels):
        print("SKIP: %s missing" % args.kernels)
        return 77
    with open(os.path.join(HERE, "expected_sources.json")) as f:
        expected = json.load(f)
    tool = os.path.abspath(args.tool)
    os.makedirs(args.work, exist_ok=True)
    ok = True
    with tempfile.TemporaryDirectory() as cache:
        for tree, findings in sorted(expected["trees"].items()):
            ok &= check_tree(tool, args.kernels, args.work, tree, findings,
                             cache)
        for spec in expected["joined"]:
            ok &= check_joined(tool, args.kernels, args.work, spec, cache)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
