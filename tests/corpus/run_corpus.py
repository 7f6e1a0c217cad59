#!/usr/bin/env python3
"""Compile the noinstr-check corpus and compare findings with the sources.

Every C or assembly file under the corpus directory (default: corpora/ next
to tests/) is one case. It is compiled with each compiler into a temporary
directory, noinstr-check --format=json runs on the object(s), and the
multiset of (rule, callee, file, line) of the findings must equal the file's
EXPECT lines exactly: a missing finding and an unexpected one both fail the
case. A finding's line is that of its innermost DWARF frame in one of the
case's own files (a call inside an inline helper from include/ is placed
where the case calls the helper), as the source runner does.
The tool also runs a second time on the same objects and must print
byte-identical JSON, and its exit code must agree with its findings. Every
rule id any case reports must be in the tool's rule catalog (the rules of
its SARIF output); catalog ids no case reports are listed.

Directives, in comments anywhere in a source file (see corpora/README.md):
  EXPECT: <rule> [callee=<name>] [binary-line[(<compiler|variant>)]=<N|any>]
                                   one expected finding (repeat for more);
                                   binary-line: where the binary's finding
                                   is when that is not the EXPECT's line
  EXPECT-CHAIN: <a> -> <b> ...     a finding like the EXPECT line before it
                                   has this chain (JSON chain function names)
  EXPECT-MISSING: <facts>          a finding like the EXPECT line before it
                                   names these missing facts ("lockdep told
                                   IRQs are off, RCU made to watch on this path")
  EXPECT-ENTRIES: <a>, <b> ...     a finding like the EXPECT line before it
                                   lists exactly these entry points (JSON
                                   entry_points)
  EXPECT-CAUSE: <cause> callee=<first> calls=<N>
                                   the EXPECT calls of one root cause are one
                                   finding (the first call, N calls in all)
  EXPECT-NONE                      the case has no findings
  COMPILERS: gcc [clang-19]        restrict the compilers
  CFLAGS: <flags>                  extra flags for every compiler
  CFLAGS(<compiler>): <flags>      extra flags for one compiler
  VARIANT: <name> <flags>          also run the case compiled with <flags>
  WITH: <file> [...]               more sources of the same case, linked in
  COMPANION                        only part of other cases, never run alone
  RULES: <file.json> [...]         extra rules files (relative to this file),
                                   passed to noinstr-check as --rules
  KERNEL: <X.Y>                    the kernel version whose rules apply
                                   (--kernel-version; default: the newest)
  LTO: thin                        build every source of the case as ThinLTO
                                   bitcode (-flto=thin) and check only what
                                   ld.lld -r makes of them (as kbuild links
                                   vmlinux.o with CONFIG_LTO_CLANG_THIN)
  MODULE: prelink | linked         a kernel module's object: a kbuild .mod
                                   file beside it, or turned into a .ko
                                   without its .discard.* sections
  BINARY: skip <reason>            this runner does not run the case (a case
                                   for the source analyzer only)
  OBJTOOL: skip <reason>           objtool_diff.py does not compare the case
                                   with objtool (objtool has no such mode)
  SOURCE: skip <reason>, EXPECT-SOURCE: ..., SOURCE-EXPECT-NONE
                                   for run_source_corpus.py only

Output: one line per case, "PASS <compiler> <file>" or "FAIL ..." followed by
the differences, then "N passed, M failed". Exit status 1 if any case failed,
2 on usage errors.
"""

import argparse
import collections
import concurrent.futures
import dataclasses
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

# The flags the kernel builds x86-64 code with that matter for the code shape.
KERNEL_CFLAGS = [
    "-O2", "-g", "-fno-pic", "-mcmodel=kernel",
    "-fno-asynchronous-unwind-tables", "-ffreestanding",
    "-fno-stack-protector", "-fno-common",
]
KNOWN_COMPILERS = ["gcc", "clang-19"]
SOURCE_SUFFIXES = (".c", ".S")

# Longer names first: "EXPECT-SOURCE" must not be read as "EXPECT".
DIRECTIVE_RE = re.compile(
    r"\b(?P<name>EXPECT-NONE|EXPECT-CHAIN|EXPECT-CAUSE|EXPECT-MISSING"
    r"|EXPECT-ENTRIES"
    r"|EXPECT-SOURCE|EXPECT"
    r"|SOURCE-EXPECT-NONE|SOURCE|BINARY|OBJTOOL|COMPILERS"
    r"|CFLAGS(?:\((?P<cc>[\w.+-]+)\))?|VARIANT|WITH|COMPANION|RULES|MODULE|KERNEL"
    r"|LTO)\b"
    r"(?P<colon>:?)(?P<rest>.*)$")


def tool_args(parts):
    """Extra noinstr-check arguments for a case of these parts: the RULES
    files and the KERNEL version (--kernel-version)."""
    args = [f"--rules={r}" for p in parts for r in p.rules]
    args += sorted({f"--kernel-version={p.kernel}" for p in parts if p.kernel})
    return args


class CorpusError(Exception):
    """A malformed corpus file or an unusable environment."""


class Expect(collections.namedtuple("Expect",
                                    "rule callee line binary_lines")):
    """An EXPECT line: rule, callee ("" for none) and the source line it is
    about: its own line when it follows code there, else the next line with
    code. Both runners compare (rule, callee, file, line) (expected_sites);
    chains are matched on (rule, callee). binary_lines: {compiler or "":
    line or None (any line)} where the binary's finding lies elsewhere
    (a join the compiler lays out, a compiler-inserted call)."""

    def key(self):
        return (self.rule, self.callee)

    def binary_line(self, compiler, variant=""):
        """The line of the binary's finding built with compiler (in
        variant); None for any line."""
        for key in (variant, compiler, ""):
            if key in self.binary_lines:
                return self.binary_lines[key]
        return self.line


@dataclasses.dataclass
class Source:
    """The directives of one corpus source file."""
    path: str  # absolute
    expect: list = dataclasses.field(default_factory=list)  # Expect
    expect_none: bool = False
    compilers: list = None  # None: all
    cflags: list = dataclasses.field(default_factory=list)
    cc_cflags: dict = dataclasses.field(default_factory=dict)
    variants: list = dataclasses.field(default_factory=list)  # (name, flags)
    with_files: list = dataclasses.field(default_factory=list)  # absolute
    companion: bool = False
    # (rule, callee, (function, ...)): EXPECT-CHAIN lines
    chains: list = dataclasses.field(default_factory=list)
    # (rule, callee, facts): EXPECT-MISSING lines
    missing: list = dataclasses.field(default_factory=list)
    # (rule, callee, (entry point, ...)): EXPECT-ENTRIES lines
    entries: list = dataclasses.field(default_factory=list)
    # (cause, first callee, number of calls): EXPECT-CAUSE lines
    causes: list = dataclasses.field(default_factory=list)
    rules: list = dataclasses.field(default_factory=list)  # absolute
    kernel: str = ""  # KERNEL: version whose rules apply ("": the newest)
    # MODULE: "prelink" (a kbuild .mod file beside the object) or "linked"
    # (the object becomes a .ko without its .discard.* sections); "" = not
    # a module.
    module: str = ""
    # LTO: "thin" (every part is bitcode; only the ld.lld -r output is
    # checked); "" = none.
    lto: str = ""
    # The reasons a runner leaves the case out ("" when it runs it).
    binary_skip: str = ""
    objtool_skip: str = ""
    source_skip: str = ""
    # What the source analyzer finds instead of the EXPECT lines:
    # EXPECT-SOURCE lines (Expect), or SOURCE-EXPECT-NONE.
    source_expect: list = dataclasses.field(default_factory=list)
    source_expect_none: bool = False


def _strip_comment_end(text):
    text = text.strip()
    if text.endswith("*/"):
        text = text[:-2].rstrip()
    return text


BINARY_LINE_RE = re.compile(
    r"binary-line(?:\((?P<cc>[\w.+-]+)\))?=(?P<line>\d+|any)$")


def _expectation(words, where, lineno, directive):
    if not words:
        raise CorpusError(
            f"{where}: expected '{directive}: <rule> [callee=<name>]'")
    callee, binary_lines = "", {}
    for word in words[1:]:
        m = BINARY_LINE_RE.match(word)
        if word.startswith("callee=") and not callee:
            callee = word[len("callee="):]
        elif m and directive == "EXPECT":
            # (<compiler>) or (<variant>): VARIANT names are checked by
            # the cases that use them.
            binary_lines[m["cc"] or ""] = \
                None if m["line"] == "any" else int(m["line"])
        else:
            raise CorpusError(f"{where}: expected callee=<name> or "
                              f"binary-line[(<compiler>)]=<N|any>, got {word!r}")
    return Expect(words[0], callee, lineno, binary_lines)


def _skip_reason(name, rest, where):
    """The reason of "<name>: skip <reason>", prose (quotes are not shell
    quotes)."""
    words = rest.split(None, 1)
    if len(words) < 2 or words[0] != "skip":
        raise CorpusError(f"{where}: expected '{name}: skip <reason>'")
    return words[1]


def _is_code(line):
    text = line.strip()
    return bool(text) and not text.startswith(("//", "/*", "*"))


def parse_source(path):
    src = Source(path=path)
    # Expectations written on comment-only lines, waiting for the next line
    # with code (the line they are about): (list, index) of each.
    waiting = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            # Directives live in comments: //, /* */ or # (assembly).
            comment = re.search(r"(//|/\*|#\s)", line)
            if _is_code(line) and not (comment and
                                       not line[:comment.start()].strip()):
                for target, index in waiting:
                    target[index] = target[index]._replace(line=lineno)
                waiting = []
            if not comment:
                continue
            m = DIRECTIVE_RE.search(line, comment.end())
            if not m:
                continue
            name, rest = m.group("name"), _strip_comment_end(m.group("rest"))
            where = f"{path}:{lineno}"
            if name in ("EXPECT-NONE", "COMPANION", "SOURCE-EXPECT-NONE"):
                if rest:
                    raise CorpusError(f"{where}: {name} takes no arguments")
                if name == "EXPECT-NONE":
                    src.expect_none = True
                elif name == "COMPANION":
                    src.companion = True
                else:
                    src.source_expect_none = True
                continue
            if not m.group("colon"):
                continue  # prose such as "EXPECT lines"
            if name in ("SOURCE", "BINARY", "OBJTOOL"):
                setattr(src, f"{name.lower()}_skip",
                        _skip_reason(name, rest, where))
                continue
            words = shlex.split(rest)
            if name in ("EXPECT", "EXPECT-SOURCE"):
                target = src.expect if name == "EXPECT" else src.source_expect
                target.append(_expectation(words, where, lineno, name))
                if not line[:comment.start()].strip():
                    waiting.append((target, len(target) - 1))
            elif name == "EXPECT-CHAIN":
                hops = [h.strip() for h in rest.split("->")]
                if not src.expect:
                    raise CorpusError(
                        f"{where}: EXPECT-CHAIN must follow an EXPECT line")
                if not all(hops):
                    raise CorpusError(
                        f"{where}: expected 'EXPECT-CHAIN: <a> -> <b> ...'")
                src.chains.append(src.expect[-1].key() + (tuple(hops),))
            elif name == "EXPECT-MISSING":
                if not src.expect or not rest.strip():
                    raise CorpusError(f"{where}: expected 'EXPECT-MISSING: "
                                      "<facts>' after an EXPECT line")
                src.missing.append(src.expect[-1].key() + (rest.strip(),))
            elif name == "EXPECT-ENTRIES":
                names = tuple(sorted(n.strip() for n in rest.split(",")))
                if not src.expect or not all(names):
                    raise CorpusError(f"{where}: expected 'EXPECT-ENTRIES: "
                                      "<a>, <b> ...' after an EXPECT line")
                src.entries.append(src.expect[-1].key() + (names,))
            elif name == "KERNEL":
                if len(words) != 1 or not re.fullmatch(r"\d+\.\d+", words[0]):
                    raise CorpusError(f"{where}: expected 'KERNEL: <X.Y>'")
                src.kernel = words[0]
            elif name == "EXPECT-CAUSE":
                fields = dict(w.split("=", 1) for w in words[1:] if "=" in w)
                if (len(words) != 3 or "callee" not in fields
                        or not fields.get("calls", "").isdigit()):
                    raise CorpusError(
                        f"{where}: expected 'EXPECT-CAUSE: <cause> "
                        "callee=<first call> calls=<N>'")
                src.causes.append(
                    (words[0], fields["callee"], int(fields["calls"])))
            elif name == "RULES":
                if not words:
                    raise CorpusError(f"{where}: RULES needs a file name")
                for w in words:
                    rules = os.path.normpath(
                        os.path.join(os.path.dirname(path), w))
                    if not os.path.isfile(rules):
                        raise CorpusError(f"{where}: RULES file {w} not found")
                    src.rules.append(rules)
            elif name == "COMPILERS":
                unknown = [w for w in words if w not in KNOWN_COMPILERS]
                if not words or unknown:
                    raise CorpusError(
                        f"{where}: COMPILERS takes {KNOWN_COMPILERS}, got {words}")
                src.compilers = words
            elif name.startswith("CFLAGS"):
                if m.group("cc"):
                    src.cc_cflags.setdefault(m.group("cc"), []).extend(words)
                else:
                    src.cflags.extend(words)
            elif name == "VARIANT":
                if len(words) < 2:
                    raise CorpusError(
                        f"{where}: expected 'VARIANT: <name> <flags...>'")
                src.variants.append((words[0], words[1:]))
            elif name == "LTO":
                if words != ["thin"]:
                    raise CorpusError(f"{where}: LTO takes thin")
                src.lto = words[0]
            elif name == "MODULE":
                if words not in (["prelink"], ["linked"]):
                    raise CorpusError(f"{where}: MODULE takes prelink or linked")
                src.module = words[0]
            elif name == "WITH":
                if not words:
                    raise CorpusError(f"{where}: WITH needs a file name")
                src.with_files.extend(
                    os.path.normpath(os.path.join(os.path.dirname(path), w))
                    for w in words)
    if src.expect and src.expect_none:
        raise CorpusError(f"{path}: both EXPECT and EXPECT-NONE")
    if not src.expect and not src.expect_none:
        raise CorpusError(f"{path}: no EXPECT or EXPECT-NONE line")
    if src.source_expect and src.source_expect_none:
        raise CorpusError(f"{path}: both EXPECT-SOURCE and SOURCE-EXPECT-NONE")
    return src


@dataclasses.dataclass
class Case:
    """One run of the tool: a main source, its companions, one compiler."""
    main: Source
    parts: list  # Source, main first
    compiler: str  # name
    cc_path: str
    variant: str  # "" for the default
    variant_flags: list
    label: str  # what the PASS/FAIL line shows after the compiler

    def expected(self, root):
        return expected_sites(self.parts, root, compiler=self.compiler,
                              variant=self.variant)

    def expected_chains(self):
        return collections.Counter(c for p in self.parts for c in p.chains)

    def expected_causes(self):
        return [c for p in self.parts for c in p.causes]

    def tool_args(self):
        """Extra noinstr-check arguments: the RULES files and the KERNEL
        version of every part."""
        return tool_args(self.parts)

    def lto_flags(self):
        """-flto=<kind> for every compile and the link of an LTO case."""
        return [f"-flto={self.main.lto}"] if self.main.lto else []

    def runs(self):
        """(linked?) for each run of the case: an LTO case only after the
        link (its objects are bitcode); a multi-object case also linked:
        the tool must find the same things in one "ld -r" object as in
        the parts. Modules stay separate objects (kbuild never links
        them together)."""
        if self.main.lto:
            return [True]
        if len(self.parts) > 1 and not any(p.module for p in self.parts):
            return [False, True]
        return [False]


def discover(corpus_dir):
    """All sources under corpus_dir (but include/), parsed, by path."""
    sources = {}
    for dirpath, dirnames, filenames in os.walk(corpus_dir):
        dirnames.sort()
        if os.path.basename(dirpath) == "include":
            dirnames[:] = []
            continue
        for name in sorted(filenames):
            if name.endswith(SOURCE_SUFFIXES):
                path = os.path.join(dirpath, name)
                sources[path] = parse_source(path)
    used = set()
    for src in sources.values():
        for w in src.with_files:
            if w not in sources:
                raise CorpusError(f"{src.path}: WITH file {w} is not in the corpus")
            used.add(w)
    for src in sources.values():
        if src.companion and src.path not in used:
            raise CorpusError(f"{src.path}: COMPANION, but no WITH names it")
    return sources


def display(path, display_root):
    return os.path.relpath(path, display_root)


def find_compilers(requested):
    """[(name, path)] for the requested (or default) compilers."""
    found, messages = [], []
    specs = requested or KNOWN_COMPILERS
    for spec in specs:
        name, _, path = spec.partition("=")
        if name not in KNOWN_COMPILERS:
            raise CorpusError(f"unknown compiler {name!r}; known: {KNOWN_COMPILERS}")
        path = path or shutil.which(name)
        if not path or not os.access(path, os.X_OK):
            messages.append(f"SKIP {name}: compiler not found"
                            + ("" if requested else " (not installed)"))
            continue
        found.append((name, path))
    return found, messages


def load_corpus(corpus, requested_compilers):
    """The cases' sources and the compilers to build them with, printing
    what was skipped; None (after an error message) when nothing can run.
    Shared by this runner and objtool_diff.py."""
    try:
        sources = discover(corpus)
        compilers, messages = find_compilers(requested_compilers)
    except CorpusError as e:
        print(f"error: {e}", file=sys.stderr)
        return None
    for msg in messages:
        print(msg)
    for src in sources.values():
        if src.binary_skip:
            where = display(src.path, os.path.dirname(corpus))
            print(f"SKIP {where}: {src.binary_skip}")
    if not compilers:
        print("error: no compiler available", file=sys.stderr)
        return None
    return sources, compilers


def make_cases(sources, compilers, display_root):
    cases = []
    for src in sources.values():
        if src.companion or src.binary_skip:
            continue
        parts = [src] + [sources[w] for w in src.with_files]
        label = display(src.path, display_root)
        if src.with_files:
            label += " (+" + " ".join(
                os.path.basename(w) for w in src.with_files) + ")"
        for name, path in compilers:
            if src.compilers is not None and name not in src.compilers:
                continue
            for variant, flags in [("", [])] + src.variants:
                cases.append(Case(src, parts, name, path, variant, flags,
                                  label + (f" [{variant}]" if variant else "")))
    return cases


def compile_part(case, part, outdir, index):
    """Compile one source of a case; returns (object path, error or None)."""
    base = os.path.splitext(os.path.basename(part.path))[0]
    obj = os.path.join(outdir, f"{index}-{base}.o")
    cmd = [case.cc_path] + KERNEL_CFLAGS + part.cflags + \
        part.cc_cflags.get(case.compiler, []) + case.variant_flags + \
        case.lto_flags() + ["-c", part.path, "-o", obj]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        return obj, "compile failed: " + shlex.join(cmd) + "\n" + proc.stderr
    stem = obj[:-len(".o")]
    if part.module == "prelink":
        # kbuild's foo.mod lists the objects of module foo.
        with open(stem + ".mod", "w") as mod:
            mod.write(os.path.basename(obj) + "\n")
    elif part.module == "linked":
        # What scripts/module.lds.S does to foo.ko: no .discard.* sections.
        cmd = ["objcopy", "--wildcard", "--remove-section=.discard.*",
               "--remove-section=.rela.discard.*", obj, stem + ".ko"]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            return obj, "objcopy failed: " + shlex.join(cmd) + "\n" + proc.stderr
        return stem + ".ko", None
    return obj, None


def compile_case(case, outdir):
    """Objects of a case in WITH order; raises CorpusError on failure."""
    objs = []
    for index, part in enumerate(case.parts):
        obj, err = compile_part(case, part, outdir, index)
        if err:
            raise CorpusError(err)
        objs.append(obj)
    return objs


def run_tool(tool, objs, extra=()):
    proc = subprocess.run([tool, "--format=json", *extra, *objs],
                          capture_output=True)
    return proc


def calls_of(report):
    """Every finding, with the calls a grouped finding stands for as
    findings of their own (same rule and chain): EXPECT lines name calls,
    EXPECT-CAUSE lines how they are grouped."""
    for f in report["findings"]:
        yield f
        for same in f.get("same_cause", []):
            yield dict(same, chain=f.get("chain", []), function=f["function"],
                       severity=f["severity"])


def causes_of(report):
    return collections.Counter(
        (f["cause"], f.get("callee") or "", 1 + len(f["same_cause"]))
        for f in report["findings"] if f.get("cause"))


def expected_sites(parts, root, compiler=None, variant=""):
    """Counter of (rule, callee, file relative to root, line) of the EXPECT
    lines of parts, for the binary built with compiler (file and line None:
    any place); for the source analyzer (compiler None) a part's own
    EXPECT-SOURCE (or SOURCE-EXPECT-NONE) lines replace its EXPECT lines."""
    sites = collections.Counter()
    for p in parts:
        own = compiler is None and (p.source_expect or p.source_expect_none)
        for e in p.source_expect if own else p.expect:
            line = e.line if compiler is None \
                else e.binary_line(compiler, variant)
            file = os.path.relpath(p.path, root) if line is not None else None
            sites[(e.rule, e.callee, file, line)] += 1
    return sites


def finding_site(finding, part_files, root):
    """(rule, callee, file, line) of a finding: its innermost source frame
    in one of part_files (relative to root), else its innermost frame; file
    "" and line 0 without any. Relative frame paths are relative to root."""
    frames = finding["site"].get("source") or []
    place = ("", 0)
    for frame in frames:
        file = os.path.relpath(
            os.path.normpath(os.path.join(root, frame["file"])), root)
        if file in part_files or place == ("", 0):
            place = (file, frame["line"])
        if file in part_files:
            break
    return (finding["rule"], expected_name(finding.get("callee") or "")) \
        + place


# ThinLTO's promoted statics: <name>.llvm.<hash of the module>.
LTO_PROMOTED_RE = re.compile(r"\.llvm\.[0-9]+$")


def expected_name(callee):
    """A callee as EXPECT lines write it: a ThinLTO-promoted static's hash,
    which depends on the build, as N (callee=<name>.llvm.N)."""
    return LTO_PROMOTED_RE.sub(".llvm.N", callee)


def findings_at(report, parts, root):
    """Counter of the report's findings (each call of a grouped one too) by
    finding_site."""
    part_files = {os.path.relpath(p.path, root) for p in parts}
    return collections.Counter(
        finding_site(f, part_files, root) for f in calls_of(report))


def fmt_site(key):
    rule, callee, file, line = key
    return fmt_key((rule, callee)) + \
        (f" at {file}:{line}" if line is not None else " at any line")


def fmt_key(key):
    rule, callee = key
    return f"{rule} callee={callee}" if callee else rule


def chains_of(report):
    return collections.Counter(
        (f["rule"], f.get("callee") or "",
         tuple(h["function"] for h in f.get("chain", [])))
        for f in calls_of(report))


MISSING_RE = re.compile(r"; missing: ([^)]*)\)")


def missing_of(report):
    """(rule, callee, the facts the message names missing) per finding."""
    return collections.Counter(
        (f["rule"], f.get("callee") or "",
         m[1] if (m := MISSING_RE.search(f.get("message", ""))) else "")
        for f in calls_of(report))


def check_missing(parts, report):
    """Each EXPECT-MISSING needs its own finding naming those facts: the
    problems, as detail lines."""
    want = collections.Counter(m for p in parts for m in p.missing)
    actual = missing_of(report)
    details = []
    for key in sorted((want - actual).elements()):
        have = sorted(k[2] or "(none)" for k in actual if k[:2] == key[:2])
        details.append(f"  missing facts: {fmt_key(key[:2])} "
                       f"missing={key[2]}; found: "
                       + ("; ".join(have) or "no such finding"))
    return details


def check_entries(parts, report):
    """Each EXPECT-ENTRIES needs its own finding listing exactly those
    entry points: the problems, as detail lines."""
    want = collections.Counter(e for p in parts for e in p.entries)
    actual = collections.Counter(
        (f["rule"], f.get("callee") or "",
         tuple(sorted(f.get("entry_points", []))))
        for f in calls_of(report))
    details = []
    for key in sorted((want - actual).elements()):
        have = sorted(", ".join(k[2]) or "(none)"
                      for k in actual if k[:2] == key[:2])
        details.append(f"  entries:    {fmt_key(key[:2])} "
                       f"entries={', '.join(key[2])}; found: "
                       + ("; ".join(have) or "no such finding"))
    return details


def fmt_chain(key):
    return f"{fmt_key(key[:2])} chain={' -> '.join(key[2])}"


def check_tool_output(tool, objs, extra=()):
    """Runs the tool twice; returns (report or None, [problems])."""
    problems = []
    first = run_tool(tool, objs, extra)
    if first.returncode not in (0, 1):
        return None, [f"noinstr-check exited {first.returncode}: "
                      + first.stderr.decode(errors="replace").strip()]
    try:
        report = json.loads(first.stdout)
    except ValueError as e:
        return None, [f"noinstr-check printed invalid JSON: {e}"]
    second = run_tool(tool, objs, extra)
    if second.stdout != first.stdout or second.returncode != first.returncode:
        problems.append("not deterministic: a second run on the same objects "
                        "printed different JSON or exited differently")
    counted = [f for f in report["findings"] if f.get("severity") != "note"]
    want_rc = 1 if counted else 0
    if first.returncode != want_rc:
        problems.append(f"exit code {first.returncode}, expected {want_rc} "
                        f"for {len(counted)} finding(s) that are not notes")
    return report, problems


def compare(expected, actual):
    """Lines describing the difference of two Counters of sites (empty if
    equal); an expected site at any line takes one finding of its rule and
    callee left over by the others."""
    missing, unexpected = expected - actual, actual - expected
    for key in [k for k in missing.elements() if k[3] is None]:
        match = next((k for k in sorted(unexpected)
                      if k[:2] == key[:2] and unexpected[k] > 0), None)
        if match:
            missing[key] -= 1
            unexpected[match] -= 1
    missing, unexpected = +missing, +unexpected
    order = lambda k: (k[0], k[1], k[2] or "", k[3] or 0)
    return [f"  missing:    {fmt_site(k)}"
            for k in sorted(missing.elements(), key=order)] + \
           [f"  unexpected: {fmt_site(k)}"
            for k in sorted(unexpected.elements(), key=order)]


def link_objects(case, objs, outdir):
    """ld -r the objects into one, as the kernel build does for vmlinux.o
    (with ld.lld and LTO for an LTO case)."""
    merged = os.path.join(outdir, "linked.o")
    lld = ["-fuse-ld=lld"] + case.lto_flags() if case.main.lto else []
    cmd = [case.cc_path, *lld, "-r", "-nostdlib", "-o", merged, *objs]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise CorpusError("ld -r failed: " + shlex.join(cmd) + "\n" + proc.stderr)
    return merged


def rule_catalog(tool, objs, extra=()):
    """The rule ids of the tool's catalog: its SARIF output lists them all."""
    proc = run_tool(tool, objs, list(extra) + ["--format=sarif"])
    sarif = json.loads(proc.stdout)
    return {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}


def check_catalog(catalog, reported):
    """Lines for the end of a runner's output: rule ids reported but not in
    the catalog (failures), and catalog ids no case reported (a note).
    Returns (ok, lines)."""
    unknown = sorted(set(reported) - catalog)
    lines = [f"FAIL rule ids not in the catalog: {', '.join(unknown)}"] \
        if unknown else []
    unused = sorted(catalog - set(reported))
    if unused:
        lines.append(f"note: catalog rules no case reports: {', '.join(unused)}")
    return not unknown, lines


def run_case(tool, case, root, link=False, catalog=False):
    """Returns (passed, [detail lines], {rule: count} of the findings, and
    with catalog the catalog's rule ids); file names relative to root."""
    with tempfile.TemporaryDirectory(prefix="noinstr-corpus-") as tmp:
        try:
            objs = compile_case(case, tmp)
            if link:
                objs = [link_objects(case, objs, tmp)]
        except CorpusError as e:
            return False, ["  " + l for l in str(e).rstrip().splitlines()], \
                collections.Counter(), set()
        # Absolute source paths: by default the tool makes them relative to
        # the tree it finds in the DWARF, which a corpus case does not have.
        extra = case.tool_args() + ["--prefix-map=/=/"]
        report, problems = check_tool_output(tool, objs, extra)
        details = ["  " + p for p in problems]
        rules = collections.Counter(
            f["rule"] for f in (report or {}).get("findings", []))
        ids = rule_catalog(tool, objs, extra) if catalog else set()
        if report is not None:
            details += compare(case.expected(root),
                               findings_at(report, case.parts, root))
            # Each EXPECT-CHAIN needs its own finding with that chain.
            actual = chains_of(report)
            for key in sorted((case.expected_chains() - actual).elements()):
                have = sorted(" -> ".join(k[2]) or "(empty)"
                              for k in actual if k[:2] == key[:2])
                details.append(f"  chain:      {fmt_chain(key)}; found: "
                               + ("; ".join(have) or "no such finding"))
            details += check_missing(case.parts, report)
            details += check_entries(case.parts, report)
            # Grouped findings: each EXPECT-CAUSE one, and no others.
            want = collections.Counter(case.expected_causes())
            have = causes_of(report)
            for c in sorted((want - have).elements()):
                details.append(f"  missing cause: {c[0]} callee={c[1]} "
                               f"calls={c[2]}")
            for c in sorted((have - want).elements()):
                details.append(f"  unexpected cause: {c[0]} callee={c[1]} "
                               f"calls={c[2]}")
        return not details, details, rules, ids


def corpus_arguments(doc):
    """The options every corpus runner takes: --tool, --corpus, -j, --filter."""
    here = os.path.dirname(os.path.abspath(__file__))
    default_corpus = os.path.normpath(os.path.join(here, "..", "..", "corpora"))
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--tool", required=True, help="noinstr-check binary")
    ap.add_argument("--corpus", default=default_corpus,
                    help="corpus directory (default: %(default)s)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                    help="cases run in parallel (default: %(default)s)")
    ap.add_argument("--filter", default="",
                    help="only run cases whose file name contains this")
    return ap


def checked_tool(path):
    """The tool's absolute path, or None (and a message) if it cannot run."""
    if not os.access(path, os.X_OK):
        print(f"error: --tool {path!r} is not an executable", file=sys.stderr)
        return None
    return os.path.abspath(path)


def main(argv=None):
    ap = corpus_arguments(__doc__)
    ap.add_argument("--compiler", action="append", metavar="NAME[=PATH]",
                    help="gcc or clang-19, optionally with a path "
                         "(repeatable; default: both, when installed)")
    args = ap.parse_args(argv)
    tool = checked_tool(args.tool)
    if tool is None:
        return 2
    corpus = os.path.abspath(args.corpus)
    display_root = os.path.dirname(corpus)
    loaded = load_corpus(corpus, args.compiler)
    if loaded is None:
        return 2
    sources, compilers = loaded

    cases = [c for c in make_cases(sources, compilers, display_root)
             if args.filter in c.main.path]
    runs = [(c, False) for c in cases if False in c.runs()] + \
           [(c, True) for c in cases if True in c.runs()]
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        results = list(pool.map(
            lambda i: run_case(tool, runs[i][0], corpus, runs[i][1],
                               catalog=i == 0), range(len(runs))))

    passed = failed = 0
    reported, catalog = collections.Counter(), set()
    for (case, link), (ok, details, rules, ids) in zip(runs, results):
        label = case.label + (" [ld -r]" if link else "")
        print(f"{'PASS' if ok else 'FAIL'} {case.compiler} {label}")
        for line in details:
            print(line)
        passed += ok
        failed += not ok
        reported += rules
        catalog |= ids
    catalog_ok, lines = check_catalog(catalog, reported)
    for line in lines:
        print(line)
    failed += not catalog_ok
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
