#!/usr/bin/env python3
"""The stages include only what lies below them (docs/design.md, README Layout).

Every file under include/noinstr/<stage>/ and tool/<stage>/ may include the
headers of its own stage and of the stages below it in LAYERS, never of one
above: model/ is at the bottom (it includes no stage), report/ is used by the
driver alone, and so on. A new stage folder must be placed in LAYERS first.

Usage: check_layers.py --root SOURCE_DIR. Exit status 0 pass, 1 fail (one
line per offending include: file:line: stage includes a higher stage).
"""

import argparse
import os
import re
import sys

# Bottom first. The order is the pipeline's (docs/design.md), with the
# shared foundations under it and the source analyzer and driver on top.
LAYERS = [
    "support",
    "model",
    "object",
    "rules",
    "disasm",
    "flow",
    "check",
    "debuginfo",
    "entry",
    "explain",
    "report",
    "source",
    "driver",
]
INCLUDE = re.compile(r'^\s*#\s*include\s+"noinstr/([^/"]+)/')


def stage_files(root):
    """(stage, path) for every C++ file of a stage folder."""
    for top in (os.path.join(root, "include", "noinstr"), os.path.join(root, "tool")):
        for stage in sorted(os.listdir(top)):
            folder = os.path.join(top, stage)
            if not os.path.isdir(folder):
                continue
            for dirpath, _, names in sorted(os.walk(folder)):
                for name in sorted(names):
                    if name.endswith((".h", ".cpp")):
                        yield stage, os.path.join(dirpath, name)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", required=True)
    args = ap.parse_args()
    rank = {stage: i for i, stage in enumerate(LAYERS)}
    problems = []
    checked = 0
    for stage, path in stage_files(args.root):
        rel = os.path.relpath(path, args.root)
        if stage not in rank:
            problems.append(f"{rel}: stage '{stage}' is not in LAYERS")
            continue
        checked += 1
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                used = m.group(1)
                if used not in rank:
                    problems.append(f"{rel}:{number}: includes unknown stage '{used}'")
                elif rank[used] > rank[stage]:
                    problems.append(f"{rel}:{number}: {stage}/ includes {used}/, a higher stage")
    for p in problems:
        print(p)
    if not checked:
        print("no stage files found under", args.root)
        return 1
    print(f"{checked} files, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
