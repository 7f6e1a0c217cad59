#!/usr/bin/env python3
"""Validate noinstr-check's SARIF against the official SARIF 2.1.0 schema.

Cases, each validated with jsonschema (Draft 4, the schema's own draft) and
checked for the links the schema cannot express (ruleIndex points at the rule
with that id, every finding is a result, output is byte-identical when run
twice):
  sample   the synthetic report of tests/unit/SyntheticReport.cpp, written
           by noinstr-report-sample: chains, states, inlined source frames,
           a dynamic callee, hostile names;
  demo     corpora/demo/entry_demo.c compiled with gcc (skipped without gcc);
  kernel   the real examples kernel, when the file exists.

The schema is tests/data/sarif-schema-2.1.0.json (see tests/data/README.md).
jsonschema comes from Debian's python3-jsonschema: when the interpreter
running this script lacks it, the script re-runs itself with
/usr/bin/python3. Exit status: 0 all passed, 1 a case failed, 77 jsonschema
is not installed anywhere (ctest: skipped).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    if os.path.exists("/usr/bin/python3") and \
            os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    print("SKIP: python3-jsonschema is not installed")
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEMO_CFLAGS = ["-O2", "-g", "-fno-pic", "-mcmodel=kernel", "-ffreestanding",
               "-fno-asynchronous-unwind-tables", "-fno-stack-protector"]


class CaseError(Exception):
    pass


def validator(schema_path):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.Draft4Validator
    cls.check_schema(schema)
    checker = getattr(cls, "FORMAT_CHECKER", None) or \
        jsonschema.draft4_format_checker
    return cls(schema, format_checker=checker)


# RFC 3986 characters; jsonschema checks "uri" formats only when the optional
# rfc3987 package is installed, so URIs are checked here as well.
URI_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def check_uris(node, path="$"):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "uri":
                if not URI_CHARS.fullmatch(value):
                    raise CaseError(f"{path}.uri: not a URI: {value!r}")
                first = value.split("/", 1)[0]
                if ":" in first and not SCHEME.match(value):
                    raise CaseError(f"{path}.uri: bad scheme: {value!r}")
            check_uris(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            check_uris(value, f"{path}[{i}]")


def check_log(val, text, findings=None):
    """Schema errors plus the cross-references; returns the parsed log."""
    log = json.loads(text)
    errors = sorted(val.iter_errors(log), key=lambda e: list(e.absolute_path))
    if errors:
        raise CaseError("; ".join(
            "/".join(map(str, e.absolute_path)) + ": " + e.message
            for e in errors[:5]))
    check_uris(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    if len(set(ids)) != len(ids):
        raise CaseError("duplicate rule ids")
    for i, res in enumerate(run["results"]):
        if "ruleIndex" in res and ids[res["ruleIndex"]] != res["ruleId"]:
            raise CaseError(f"result {i}: ruleIndex does not match ruleId")
        if res["ruleId"] not in ids:
            raise CaseError(f"result {i}: unknown rule {res['ruleId']}")
        for flow in res.get("codeFlows", []):
            for tf in flow["threadFlows"]:
                if not tf["locations"]:
                    raise CaseError(f"result {i}: empty thread flow")
    if findings is not None:
        got = [(r["ruleId"], r["level"], r["message"]["text"])
               for r in run["results"]]
        want = [(f["rule"], f["severity"], f["message"]) for f in findings]
        if got != want:
            raise CaseError(f"results differ from the JSON findings: "
                            f"{len(got)} results, {len(want)} findings")
    return log


def run_tool(tool, args):
    proc = subprocess.run([tool] + args, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=600)
    if proc.returncode not in (0, 1):
        raise CaseError(f"{' '.join(args)}: exit {proc.returncode}: "
                        f"{proc.stderr.strip()}")
    return proc.stdout


def check_object(val, tool, objects):
    first = run_tool(tool, ["--format=sarif"] + objects)
    if run_tool(tool, ["--format=sarif"] + objects) != first:
        raise CaseError("SARIF differs between two runs")
    findings = json.loads(run_tool(tool, ["--format=json"] + objects))["findings"]
    log = check_log(val, first, findings)
    return f"{len(log['runs'][0]['results'])} results"


def check_sample(val, sample, tmp):
    out = os.path.join(tmp, "sample")
    subprocess.run([sample, out], check=True, timeout=300)
    with open(os.path.join(out, "sample.sarif"), encoding="utf-8") as f:
        log = check_log(val, f.read())
    results = log["runs"][0]["results"]
    flows = sum(1 for r in results if r.get("codeFlows"))
    related = sum(1 for r in results if r.get("relatedLocations"))
    if not flows or not related:
        raise CaseError("the sample lost its chain or its inlined frames")
    return f"{len(results)} results, {flows} with code flows"


def demo_object(corpus, tmp):
    src = os.path.join(corpus, "demo", "entry_demo.c")
    if not shutil.which("gcc") or not os.path.exists(src):
        return None
    obj = os.path.join(tmp, "entry_demo.o")
    subprocess.run(["gcc"] + DEMO_CFLAGS +
                   ["-I", os.path.join(corpus, "include"), "-c", src, "-o", obj],
                   check=True, timeout=300)
    return obj


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", required=True)
    ap.add_argument("--sample", required=True,
                    help="noinstr-report-sample binary")
    ap.add_argument("--schema",
                    default=os.path.join(ROOT, "tests", "data",
                                         "sarif-schema-2.1.0.json"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "corpora"))
    ap.add_argument("--kernel", help="examples kernel object (optional)")
    args = ap.parse_args()

    val = validator(args.schema)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="noinstr-sarif-") as tmp:
        cases = [("sample", lambda: check_sample(val, args.sample, tmp))]
        obj = demo_object(args.corpus, tmp)
        if obj:
            cases.append(("demo", lambda: check_object(val, args.tool, [obj])))
        else:
            print("SKIP demo: no gcc or no corpora/demo/entry_demo.c")
        if args.kernel and os.path.exists(args.kernel):
            cases.append(("kernel",
                          lambda: check_object(val, args.tool, [args.kernel])))
        else:
            print(f"SKIP kernel: {args.kernel or 'not given'} not found")
        for name, case in cases:
            try:
                print(f"PASS {name}: {case()}")
            except (CaseError, subprocess.SubprocessError, OSError,
                    ValueError) as e:
                print(f"FAIL {name}: {e}")
                failed += 1
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
