#!/usr/bin/env python3
"""Run the source analyzer on the noinstr-check corpus.

The same cases as run_corpus.py (the same directive parser), checked with
`noinstr-check --source -p compile_commands.json --format=json --no-cache`
instead of on objects. Each case (its main file and WITH: companions, the
default build and every VARIANT:) gets a temporary compile database with
gcc-style commands, "gcc <kernel flags> ... -c -o N.o file.c", as a gcc
kernel build writes them: the analyzer has to translate them for clang.
Nothing is compiled, so no compiler needs to be installed.

A finding is (rule, callee, file, line); the multiset must equal the
expectations exactly. The line is that of the innermost source frame in one
of the case's own files (a finding inside an inline helper from include/
is placed where the case calls it). Expectations are the EXPECT lines of
every part, or, for a part that has them, its EXPECT-SOURCE lines or
SOURCE-EXPECT-NONE (where the source analyzer rightly differs from the
binary one). A case marked `SOURCE: skip <reason>` is not run; assembly
cases must say so, since the source analyzer reads C only. As in
run_corpus.py, a second run must print byte-identical JSON and the exit
code must match the findings.

Output: "PASS <file> [variant]", "FAIL ..." with the differences, or
"SKIP <file>: <reason>", then "N passed, M failed, K skipped". Exit status
1 if any case failed, 2 on usage errors.
"""

import collections
import concurrent.futures
import json
import os
import shlex
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_corpus  # noqa: E402

# The compiler written in the database: gcc-style on purpose (see above),
# unless the case is for clang only.
DATABASE_COMPILER = "gcc"


def source_skip_reason(src, sources):
    """Why the source runner cannot run the case, or ""."""
    if src.source_skip:
        return src.source_skip
    parts = [src] + [sources[w] for w in src.with_files]
    if any(p.path.endswith(".S") for p in parts):
        raise run_corpus.CorpusError(
            f"{src.path}: a case with assembly needs 'SOURCE: skip <reason>'")
    return ""


def write_database(parts, variant_flags, directory, path):
    """compile_commands.json for the parts, run from directory."""
    main = parts[0]
    cc = DATABASE_COMPILER
    if main.compilers is not None and cc not in main.compilers:
        cc = main.compilers[0]
    entries = []
    for index, part in enumerate(parts):
        base = os.path.splitext(os.path.basename(part.path))[0]
        args = [cc] + run_corpus.KERNEL_CFLAGS + part.cflags + \
            part.cc_cflags.get(cc, []) + variant_flags + \
            ["-c", "-o", f"{index}-{base}.o",
             os.path.relpath(part.path, directory)]
        entries.append({"directory": directory, "command": shlex.join(args),
                        "file": os.path.relpath(part.path, directory)})
    with open(path, "w", encoding="utf-8") as f:
        json.dump(entries, f, indent=1)


def run_case(tool, parts, variant_flags, root, catalog=False):
    """Returns (passed, [detail lines], {rule: count} of the findings, and
    with catalog the catalog's rule ids)."""
    with tempfile.TemporaryDirectory(prefix="noinstr-source-corpus-") as tmp:
        db = os.path.join(tmp, "compile_commands.json")
        write_database(parts, variant_flags, root, db)
        extra = ["--source", "-p", db, "--no-cache"] + \
            run_corpus.tool_args(parts)
        report, problems = run_corpus.check_tool_output(tool, [], extra)
        ids = run_corpus.rule_catalog(tool, [], extra) if catalog else set()
    details = ["  " + p for p in problems]
    rules = collections.Counter(
        f["rule"] for f in (report or {}).get("findings", []))
    if report is not None:
        details += run_corpus.compare(
            run_corpus.expected_sites(parts, root),
            run_corpus.findings_at(report, parts, root))
        # The facts a finding names are the engine's: the same as the
        # binary's, unless the case expects other findings from source.
        if not any(p.source_expect or p.source_expect_none for p in parts):
            details += run_corpus.check_missing(parts, report)
            details += run_corpus.check_entries(parts, report)
    return not details, details, rules, ids


def main(argv=None):
    args = run_corpus.corpus_arguments(__doc__).parse_args(argv)
    tool = run_corpus.checked_tool(args.tool)
    if tool is None:
        return 2
    corpus = os.path.abspath(args.corpus)
    display_root = os.path.dirname(corpus)
    try:
        sources = run_corpus.discover(corpus)
        runs, skipped = [], []
        for src in sources.values():
            if src.companion or args.filter not in src.path:
                continue
            label = run_corpus.display(src.path, display_root)
            reason = source_skip_reason(src, sources)
            if reason:
                skipped.append((label, reason))
                continue
            parts = [src] + [sources[w] for w in src.with_files]
            for variant, flags in [("", [])] + src.variants:
                runs.append((label + (f" [{variant}]" if variant else ""),
                             parts, flags))
    except run_corpus.CorpusError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2

    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        results = list(pool.map(
            lambda i: run_case(tool, runs[i][1], runs[i][2], corpus,
                               catalog=i == 0), range(len(runs))))

    passed = failed = 0
    reported, catalog = collections.Counter(), set()
    for (label, _, _), (ok, details, rules, ids) in zip(runs, results):
        print(f"{'PASS' if ok else 'FAIL'} {label}")
        for line in details:
            print(line)
        passed += ok
        failed += not ok
        reported += rules
        catalog |= ids
    catalog_ok, lines = run_corpus.check_catalog(catalog, reported)
    for line in lines:
        print(line)
    failed += not catalog_ok
    for label, reason in skipped:
        print(f"SKIP {label}: {reason}")
    print(f"{passed} passed, {failed} failed, {len(skipped)} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
