#!/usr/bin/env python3
"""Broken compile databases and facts files: reported, never a crash.

Writes compile databases around the sources in tests/source/data (one that
parses, one that does not, one the pre-scan skips) into a temporary
directory and runs `noinstr-check --source -p DB` on each:

  * a database that cannot be used at all (missing, not JSON, not an array,
    no usable entry, nothing parses): exit status 2, nothing on stdout, one
    line on stderr "noinstr-check: error: DB: ..." naming the database;
  * a database with broken entries next to a good one: without --keep-going
    the run is incomplete, exit 2 naming the count and the first failure;
    with it the run goes on, the summary remark counts analysed, skipped and
    failed TUs, every failed TU is named (JSON not_analysed, complete false)
    and every other problem is a remark;
  * --link-facts with a file that is not facts: exit 2 naming that file;
    facts written by --emit-facts link to the same result; a second run
    with the cache reuses the facts.

Usage: check_bad_databases.py --tool PATH/TO/noinstr-check [--keep] [-v]

Exit status 0 when every case passes, 1 when one fails.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

DATA = os.path.join(os.path.dirname(os.path.realpath(__file__)), "data")
SUMMARY = re.compile(r"source: (\d+) TUs analysed \((\d+) cached\), (\d+) "
                     r"skipped by the pre-scan, (\d+) failed")


class Case:
    def __init__(self, name, args, check):
        self.name, self.args, self.check = name, args, check


def entry(work, source, **over):
    e = {"directory": work, "file": source,
         "arguments": ["gcc", "-c", "-O2", "-Wall", "-o", "x.o", source]}
    e.update(over)
    return e


def write(work, name, content):
    path = os.path.join(work, name)
    with open(path, "w") as f:
        f.write(content if isinstance(content, str) else json.dumps(content))
    return path


def expect_error(db_name, keyword):
    """Exit 2, no stdout, one stderr line naming DB_NAME and KEYWORD."""
    def check(r):
        lines = r.stderr.splitlines()
        if r.returncode != 2:
            return "exit %d, expected 2" % r.returncode
        if r.stdout:
            return "stdout not empty"
        if len(lines) != 1 or not lines[0].startswith(
                "noinstr-check: error: " + db_name + ":"):
            return "expected one error line naming %s, got %r" % (db_name,
                                                                 r.stderr)
        if not re.search(keyword, lines[0], re.I):
            return "error line lacks %r: %s" % (keyword, lines[0])
        return None
    return check


def expect_summary(analysed, cached, skipped, failed, remarks=()):
    """A report (exit 0 or 1) whose summary remark has these counts and
    whose remarks match every pattern in REMARKS."""
    def check(r):
        if r.returncode not in (0, 1):
            return "exit %d: %s" % (r.returncode, r.stderr.strip())
        try:
            doc = json.loads(r.stdout)
        except ValueError:
            return "stdout is not JSON"
        got = [SUMMARY.search(x) for x in doc.get("remarks", [])]
        got = [m for m in got if m]
        if len(got) != 1:
            return "no summary remark in %r" % doc.get("remarks")
        counts = tuple(int(g) for g in got[0].groups())
        if counts != (analysed, cached, skipped, failed):
            return "summary %s, expected %s" % (
                counts, (analysed, cached, skipped, failed))
        # Failed TUs are named in not_analysed, other problems in remarks.
        said = doc["remarks"] + doc.get("not_analysed", [])
        for pattern in remarks:
            if not any(re.search(pattern, x, re.I) for x in said):
                return "no remark matches %r: %r" % (pattern, said)
        if len(doc.get("not_analysed", [])) != failed:
            return "not_analysed has %d entries, expected %d" % (
                len(doc.get("not_analysed", [])), failed)
        if doc.get("complete") != (failed == 0):
            return "complete is %r with %d failed" % (doc.get("complete"),
                                                      failed)
        return None
    return check


def make_cases(work):
    good = os.path.join(work, "good.c")
    bad = os.path.join(work, "bad_parse.c")
    plain = os.path.join(work, "plain.c")
    for name in ("good.c", "bad_parse.c", "plain.c"):
        shutil.copy(os.path.join(DATA, name), work)
    cache = ["--cache-dir", os.path.join(work, "cache")]
    cases = []

    def source_run(name, db, check, extra=()):
        cases.append(Case(name, ["--source", "--format=json", "-p", db] +
                          list(extra), check))

    db = write(work, "not-json.json", "[{\"file\": ")
    source_run("not-json", db, expect_error(db, r"bad JSON"))
    db = write(work, "not-array.json", {"file": good})
    source_run("not-array", db, expect_error(db, r"JSON array"))
    db = os.path.join(work, "missing.json")
    source_run("missing-database", db, expect_error(db, r"no such file"))
    db = write(work, "no-entry.json", [{"directory": work}, 3])
    source_run("no-usable-entry", db, expect_error(db, r"no usable"))
    db = write(work, "nothing-parses.json", [entry(work, bad)])
    source_run("nothing-parses", db,
               expect_error(db, r"no TU could be analysed: 1 failed.*"
                                r"bad_parse\.c"), ["--no-cache"])

    # One good TU among broken entries: 1 analysed, 1 skipped (plain.c),
    # 6 failed (five broken entries or files, one parse error).
    mixed = [
        entry(work, good),
        {"directory": work, "arguments": ["gcc", "-c", "x.c"]},
        {"directory": work, "file": "nocommand.c"},
        entry(work, "wrongtype.c", arguments="gcc -c wrongtype.c"),
        entry(work, "numbers.c", arguments=["gcc", 3]),
        entry(work, os.path.join(work, "missing.c")),
        entry(work, bad),
        entry(work, plain),
        entry(work, "asm.S"),
    ]
    db = write(work, "mixed.json", mixed)
    # Without --keep-going a run with failed TUs is no result: exit 2.
    source_run("mixed-incomplete", db,
               expect_error(db, r"the run is incomplete: 6 of 7 TUs failed"),
               ["--no-cache"])
    source_run("mixed", db, expect_summary(
        1, 0, 1, 6,
        [r"entry 1: no \"file\"", r"nocommand\.c: .*neither",
         r"wrongtype\.c: .*\"arguments\" is not a list",
         r"numbers\.c: .*not a string", r"missing\.c: .*no such file",
         r"bad_parse\.c"]), ["--no-cache", "--keep-going"])
    # "command" strings are split like a shell would.
    db = write(work, "command.json", [
        {"directory": work, "file": "good.c",
         "command": "gcc -c -DNAME='\"a b\"' -o good.o good.c"}])
    source_run("command-string", db, expect_summary(1, 0, 0, 0),
               ["--no-cache"])
    # Named files: only those; a name not in the database is a problem.
    db = write(work, "named.json", [entry(work, good), entry(work, plain)])
    cases.append(Case("named-files", ["--source", "--format=json", "-p", db,
                                      "--no-cache", "--keep-going",
                                      "plain.c", "other.c"],
                      expect_summary(1, 0, 0, 1, [r"other\.c: not a C file"])))
    # The cache: the second run reuses the facts.
    db = write(work, "cached.json", [entry(work, good)])
    source_run("cache-first", db, expect_summary(1, 0, 0, 0), cache)
    source_run("cache-second", db, expect_summary(1, 1, 0, 0), cache)

    # --link-facts: good facts from --emit-facts; a bad file is an error.
    facts_dir = os.path.join(work, "facts")
    source_run("emit-facts", db, expect_summary(1, 0, 0, 0),
               ["--no-cache", "--emit-facts", facts_dir])
    cases.append(Case("link-facts", ["--link-facts", "--format=json",
                                     facts_dir],
                      expect_summary(1, 0, 0, 0)))
    bad_facts = write(work, "bad-facts.json", "{\"not\": \"facts\"}")
    cases.append(Case("link-bad-facts", ["--link-facts", bad_facts],
                      expect_error(bad_facts, r".")))
    not_json = write(work, "not-json-facts.json", "facts?")
    cases.append(Case("link-not-json", ["--link-facts", not_json],
                      expect_error(not_json, r".")))
    return cases


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tool", required=True, help="the noinstr-check binary")
    ap.add_argument("--keep", action="store_true",
                    help="keep the temporary directory and print its path")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    tool = os.path.abspath(args.tool)
    work = tempfile.mkdtemp(prefix="noinstr-source-")
    failures = 0
    try:
        for case in make_cases(work):
            r = subprocess.run([tool] + case.args, cwd=work, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=120)
            problem = case.check(r)
            if r.returncode < 0:
                problem = "killed by signal %d" % -r.returncode
            print("%s %s%s" % ("FAIL" if problem else "ok  ", case.name,
                               ": " + problem if problem else ""))
            if args.verbose or problem:
                sys.stdout.write(r.stderr)
            failures += bool(problem)
    finally:
        if args.keep:
            print("kept %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("%d case(s) failed" % failures if failures else "all cases passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
