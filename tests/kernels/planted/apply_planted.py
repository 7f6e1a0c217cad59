#!/usr/bin/env python3
"""Puts one planted change of changes.json into a copy of the Linux source.

  apply_planted.py --tree LINUX --pristine PRISTINE CHANGE [--markers OUT.json]

Every file any change touches is first restored from the pristine tree (only
when it differs, and rewritten so that make sees a new mtime), then the
change's snippets and edits are applied. CHANGE "base" restores only. With
--markers, the place of every '/* planted:ID */' comment in the touched files
is written as {"ID": {"file": ..., "line": N}} for check_planted.py.
Outside CI: it needs a kernel tree (docs/validation-planted.md).
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MARKER = re.compile(r"/\* planted:([A-Za-z0-9-]+) \*/")


def fail(msg):
    print(f"apply_planted.py: error: {msg}", file=sys.stderr)
    sys.exit(2)


def function_span(lines, scope, path):
    """Lines of the function whose first line is scope: up to its closing brace at column 0."""
    starts = [i for i, l in enumerate(lines) if l.strip() == scope.strip()]
    if len(starts) != 1:
        fail(f"{path}: scope '{scope}' found {len(starts)} times")
    end = next((i for i in range(starts[0] + 1, len(lines)) if lines[i].rstrip() == "}"), None)
    if end is None:
        fail(f"{path}: no end of '{scope}'")
    return starts[0], end


def apply_edit(lines, edit, path):
    lo, hi = function_span(lines, edit["scope"], path) if "scope" in edit else (0, len(lines))
    hits = [i for i in range(lo, hi) if lines[i].strip() == edit["anchor"].strip()]
    want = edit.get("occurrence")
    if want is None and len(hits) != 1:
        fail(f"{path}: anchor '{edit['anchor']}' found {len(hits)} times where it must be unique")
    if want is not None and len(hits) < want:
        fail(f"{path}: anchor '{edit['anchor']}' found {len(hits)} times, occurrence {want} wanted")
    at = hits[(want or 1) - 1]
    where = edit["where"]
    if where == "before":
        lines[at:at] = edit["lines"]
    elif where == "after":
        lines[at + 1:at + 1] = edit["lines"]
    elif where == "delete-next":
        gone = lines[at + 1:at + 1 + len(edit["lines"])]
        if [l.strip() for l in gone] != [l.strip() for l in edit["lines"]]:
            fail(f"{path}: the lines after '{edit['anchor']}' are not {edit['lines']}")
        del lines[at + 1:at + 1 + len(edit["lines"])]
    else:
        fail(f"unknown 'where': {where}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", required=True)
    ap.add_argument("--pristine", required=True)
    ap.add_argument("--markers")
    ap.add_argument("change")
    a = ap.parse_args()
    spec = json.load(open(os.path.join(HERE, "changes.json")))
    if a.change != "base" and a.change not in spec["changes"]:
        fail(f"unknown change '{a.change}' (known: base, {', '.join(spec['changes'])})")

    every = [e for s in spec["snippets"].values() for e in s] + \
            [e for c in spec["changes"].values() for e in c["edits"]]
    files = sorted({e["file"] for e in every})
    texts = {}
    for f in files:
        with open(os.path.join(a.pristine, f)) as src:
            texts[f] = src.read().split("\n")

    if a.change != "base":
        change = spec["changes"][a.change]
        for edit in [e for s in change["uses"] for e in spec["snippets"][s]] + change["edits"]:
            apply_edit(texts[edit["file"]], edit, edit["file"])

    markers = {}
    for f in files:
        path = os.path.join(a.tree, f)
        new = "\n".join(texts[f])
        try:
            with open(path) as cur:
                same = cur.read() == new
        except OSError as e:
            fail(f"{path}: {e.strerror} (--tree must be a copy of the kernel tree)")
        if not same:
            with open(path, "w") as out:
                out.write(new)
        for n, line in enumerate(texts[f], 1):
            for m in MARKER.finditer(line):
                markers[m.group(1)] = {"file": f, "line": n}
    if a.markers:
        with open(a.markers, "w") as out:
            json.dump(markers, out, indent=1, sort_keys=True)
            out.write("\n")


if __name__ == "__main__":
    main()
