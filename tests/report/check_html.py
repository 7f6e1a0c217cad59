#!/usr/bin/env python3
"""Render noinstr-check's HTML report in headless Chromium and check it.

Cases:
  demo     corpora/demo/entry_demo.c compiled with gcc (or, without that file,
           the first corpora/**/*.c that yields findings);
  kernel   the real examples kernel, when the file exists;
  sample   the synthetic report (noinstr-report-sample): hostile names must
           show up as text, never as elements.

For each case the tool runs with --graph-dir and --html; Chromium dumps the
DOM (--dump-dom), which must show every finding's rule and callee, one
section per finding (errors first, notes folded) and one inlined SVG per
finding plus one overview per entry point; then
Chromium takes a screenshot, which must be a real PNG of some size that is
not a blank page. With --keep DIR the screenshots and one finding diagram
(as PNG, from dot -Tpng) are copied there.

Exit status: 0 all passed, 1 a case failed, 77 no Chromium or no dot.
"""

import argparse
import glob
import html.parser
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEMO_CFLAGS = ["-O2", "-g", "-fno-pic", "-mcmodel=kernel", "-ffreestanding",
               "-fno-asynchronous-unwind-tables", "-fno-stack-protector"]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-quic", "--no-first-run",
                  "--disable-background-networking",
                  "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]


class CaseError(Exception):
    pass


class Dom(html.parser.HTMLParser):
    """Text content and element counts of a dumped DOM."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []
        self.tags = {}
        self.finding_sections = 0
        self.section_severities = []  # 0 error, 1 warning, 2 note, in order
        self.notes_folded = False
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "section" and "finding" in classes:
            self.finding_sections += 1
            for level, name in enumerate(("error", "warning", "note")):
                if "sev-" + name in classes:
                    self.section_severities.append(level)
        if tag == "details" and "notes" in classes:
            self.notes_folded = True
        if tag == "style":
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "style" and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def chromium(browser, profile, args, url, timeout=180):
    cmd = [browser] + CHROMIUM_FLAGS + [f"--user-data-dir={profile}"] + args + [url]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=timeout)
    if proc.returncode != 0:
        raise CaseError(f"chromium exit {proc.returncode}: "
                        f"{proc.stderr.decode(errors='replace')[-500:]}")
    return proc.stdout.decode("utf-8", errors="replace")


def png_pixels(path):
    """(width, height, list of RGB tuples) of an 8-bit RGB/RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise CaseError(f"{path}: not a PNG")
    pos, idat, width = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                raise CaseError(f"{path}: unexpected PNG type {depth}/{ctype}")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    pixels = []
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 255
        # Sampling every 4th pixel of every 4th row is plenty for "not blank".
        if y % 4 == 0:
            pixels.extend(tuple(line[x:x + 3]) for x in range(0, stride, 4 * bpp))
        prev = line
    return width, height, pixels


def check_screenshot(path):
    if not os.path.exists(path):
        raise CaseError("no screenshot")
    size = os.path.getsize(path)
    if size < 20000:
        raise CaseError(f"screenshot is only {size} bytes")
    width, height, pixels = png_pixels(path)
    colours = len(set(pixels))
    background = max(set(pixels), key=pixels.count)
    ink = sum(1 for p in pixels if p != background) / len(pixels)
    if colours < 16 or ink < 0.02:
        raise CaseError(f"screenshot looks blank: {colours} colours, "
                        f"{ink:.1%} non-background")
    return f"{width}x{height} png, {size} bytes, {colours} colours, {ink:.0%} ink"


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=900, **kw)


def render_tool(tool, objects, out):
    graphs = os.path.join(out, "graphs")
    page = os.path.join(out, "report.html")
    proc = run([tool, "--format=json", "--graph-dir", graphs, "--html", page]
               + objects)
    if proc.returncode not in (0, 1):
        raise CaseError(f"tool exit {proc.returncode}: {proc.stderr.strip()}")
    return json.loads(proc.stdout)["findings"], graphs, page


def check_page(browser, tmp, name, page, findings, graphs, keep, extra=None):
    profile = tempfile.mkdtemp(prefix="chromium-", dir=tmp)
    url = "file://" + os.path.abspath(page)
    dom = Dom()
    dom.feed(chromium(browser, profile, ["--dump-dom"], url))
    text = "".join(dom.text)
    for i, f in enumerate(findings):
        for key in ("rule", "callee"):
            if f[key] and f[key] not in text:
                raise CaseError(f"finding {i + 1}: {key} {f[key]!r} not shown")
    if dom.finding_sections != len(findings):
        raise CaseError(f"{dom.finding_sections} finding sections for "
                        f"{len(findings)} findings")
    entries = {(f["chain"][0]["function"] if f.get("chain")
                 else f["function"] or f["site"]["symbol"]) for f in findings}
    if dom.tags.get("svg", 0) != len(findings) + len(entries):
        raise CaseError(f"{dom.tags.get('svg', 0)} inlined SVGs for "
                        f"{len(findings)} findings + {len(entries)} entry "
                        "point overviews")
    # Errors before warnings before notes; notes folded into one <details>.
    order = {"error": 0, "warning": 1, "note": 2}
    shown = [order[f["severity"]] for f in findings]
    if dom.section_severities != sorted(shown):
        raise CaseError(f"sections not errors first: {dom.section_severities}")
    if "note" in [f["severity"] for f in findings] and not dom.notes_folded:
        raise CaseError("notes are not folded into <details class=notes>")
    for tag in ("script", "img", "iframe", "link"):
        if dom.tags.get(tag):
            raise CaseError(f"the page has a <{tag}> element")
    if extra:
        extra(text)

    shot = os.path.join(tmp, f"{name}.png")
    chromium(browser, profile, [f"--screenshot={shot}",
                                "--window-size=1280,2000"], url)
    summary = check_screenshot(shot)
    if keep:
        os.makedirs(keep, exist_ok=True)
        for old in glob.glob(os.path.join(keep, f"{name}-*.png")):
            os.remove(old)  # findings change between runs; keep no stale ones
        shutil.copy(shot, os.path.join(keep, f"{name}-page.png"))
        dots = sorted(glob.glob(os.path.join(graphs, "finding-*.dot")))
        if dots:
            svg_png = os.path.join(keep, f"{name}-" +
                                   os.path.basename(dots[0])[:-4] + ".png")
            subprocess.run(["dot", "-Tpng", "-Gdpi=110", "-o", svg_png, dots[0]],
                           check=True, timeout=300)
    return f"{len(findings)} findings, {summary}"


def demo_objects(corpus, tmp, tool):
    """The demo entry, or the first corpus C file with findings."""
    include = os.path.join(corpus, "include")
    demo = os.path.join(corpus, "demo", "entry_demo.c")
    sources = [demo] if os.path.exists(demo) else \
        sorted(glob.glob(os.path.join(corpus, "**", "*.c"), recursive=True))
    for src in sources:
        obj = os.path.join(tmp, os.path.basename(src)[:-2] + ".o")
        if run(["gcc"] + DEMO_CFLAGS + ["-I", include, "-c", src, "-o", obj]
               ).returncode != 0:
            continue
        proc = run([tool, "--format=json", obj])
        if proc.returncode == 1 and json.loads(proc.stdout)["findings"]:
            return [obj]
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", required=True)
    ap.add_argument("--sample", required=True, help="noinstr-report-sample")
    ap.add_argument("--chromium", default=shutil.which("chromium"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "corpora"))
    ap.add_argument("--kernel", help="examples kernel object (optional)")
    ap.add_argument("--keep", help="copy screenshots and a diagram here")
    args = ap.parse_args()
    if not args.chromium or not shutil.which("dot"):
        print("SKIP: needs chromium and Graphviz dot")
        return 77

    failed = passed = 0
    with tempfile.TemporaryDirectory(prefix="noinstr-html-") as tmp:
        def demo():
            if not shutil.which("gcc"):
                return "skipped: no gcc"
            objs = demo_objects(args.corpus, tmp, args.tool)
            if not objs:
                raise CaseError("no corpus source yields findings")
            out = os.path.join(tmp, "demo")
            findings, graphs, page = render_tool(args.tool, objs, out)
            return check_page(args.chromium, tmp, "demo", page, findings,
                              graphs, args.keep)

        def kernel():
            if not args.kernel or not os.path.exists(args.kernel):
                return "skipped: no examples kernel"
            out = os.path.join(tmp, "kernel")
            findings, graphs, page = render_tool(args.tool, [args.kernel], out)
            return check_page(args.chromium, tmp, "kernel", page, findings,
                              graphs, args.keep)

        def sample():
            out = os.path.join(tmp, "sample")
            subprocess.run([args.sample, out], check=True, timeout=300)
            # The sample's findings, as the page must show them.
            with open(os.path.join(out, "sample.sarif"), encoding="utf-8") as f:
                results = json.load(f)["runs"][0]["results"]
            def entry(r):
                """The first hop of the result's chain, as the JSON has it."""
                flows = r.get("codeFlows")
                if not flows:
                    return []
                first = flows[0]["threadFlows"][0]["locations"][0]["location"]
                return [{"function": first["logicalLocations"][0]["name"]}]
            findings = [{"rule": r["ruleId"], "severity": r["level"],
                         "callee": r["properties"]["callee"],
                         "function": r["properties"]["function"],
                         "chain": entry(r),
                         "site": {"symbol": r["locations"][0]
                                  ["physicalLocation"]["address"]
                                  ["fullyQualifiedName"]}}
                        for r in results]

            def hostile(text):
                for s in ("<script>alert(1)</script>", "<evil>",
                          "<img src=x onerror=alert(1)>", "<b>not bold</b>"):
                    if s not in text:
                        raise CaseError(f"{s!r} is not shown as text")
            return check_page(args.chromium, tmp, "sample",
                              os.path.join(out, "sample.html"), findings,
                              os.path.join(out, "graphs"), args.keep, hostile)

        for name, case in (("demo", demo), ("kernel", kernel),
                           ("sample", sample)):
            try:
                print(f"PASS {name}: {case()}")
                passed += 1
            except (CaseError, subprocess.SubprocessError, OSError,
                    ValueError, KeyError) as e:
                print(f"FAIL {name}: {e}")
                failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
