//===- HtmlWriter.cpp - the report as one self-contained page -------------===//
//
// Layout: a summary (inputs, counts per rule and severity, remarks, an index
// of findings, one overview diagram per entry point, collapsed), then one
// section per finding: errors first, then warnings, then the notes folded
// into one collapsed block (die paths are intended; they never fail a run).
// Numbers stay the report's, so they match the diagram files. Everything the
// report holds is shown; nothing is decided here.
//
// Escaping: every report string goes through escape(), which covers the five
// characters that matter in text and in quoted attribute values. The SVGs
// come from Graphviz, which escapes labels as XML; only the XML prolog and
// doctype are dropped (they are not allowed inside HTML), and node ids in
// them are synthetic (see GraphWriter.cpp), so no symbol name reaches the
// page unescaped.
//
//===----------------------------------------------------------------------===//
#include "noinstr/report/HtmlWriter.h"

#include "noinstr/model/RuleCatalog.h"
#include "noinstr/report/GraphWriter.h"
#include "noinstr/support/InputError.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <array>
#include <map>

using namespace llvm;

namespace noinstr {

namespace {

std::string escape(StringRef S) {
  std::string Out;
  Out.reserve(S.size());
  for (char C : S) {
    switch (C) {
    case '&':
      Out += "&amp;";
      break;
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '"':
      Out += "&quot;";
      break;
    case '\'':
      Out += "&#39;";
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

std::string code(StringRef S, StringRef Class = "") {
  std::string Open =
      Class.empty() ? "<code>" : "<code class=\"" + Class.str() + "\">";
  return Open + escape(S) + "</code>";
}

/// A location for people: the innermost source frame when known, then the
/// objtool-style name and the section offset.
std::string locationHtml(const CodeLocation &L) {
  std::string Out;
  if (!L.Source.empty() && !L.Source.front().File.empty())
    Out += code(L.Source.front().str(), "src") + " ";
  Out += code(L.str(), "addr");
  if (L.hasAddress())
    Out += " <span class=\"dim\">(" +
           escape(L.Section + "+0x" + utohexstr(L.SectionOffset)) +
           (L.Object.empty() ? std::string() : " in " + escape(L.Object)) +
           ")</span>";
  return Out;
}

/// The SVG at \p Path without its XML prolog and doctype.
Expected<std::string> inlineSvg(StringRef Path) {
  auto Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return inputError(Path, "cannot read diagram: " + Buf.getError().message());
  StringRef Text = (*Buf)->getBuffer();
  size_t Start = Text.find("<svg");
  if (Start == StringRef::npos)
    return inputError(Path, "not an SVG file");
  return Text.substr(Start).rtrim().str();
}

const char *Style = R"css(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
       margin: 0 auto; max-width: 1200px; padding: 1em 2em; color: #212121; background: #fafafa; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
h2 { font-size: 1.2em; margin: 0 0 .5em; }
h3 { font-size: 1em; margin: 1em 0 .3em; color: #424242; }
code { font: 12.5px/1.3 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
       background: #eceff1; padding: 0 .25em; border-radius: 3px; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { border: 1px solid #cfd8dc; padding: .25em .6em; text-align: left; vertical-align: top; }
th { background: #eceff1; font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 600; }
section.finding { background: #fff; border: 1px solid #cfd8dc; border-left: 6px solid #9e9e9e;
                  border-radius: 4px; padding: 1em 1.2em; margin: 1.2em 0; }
section.sev-error { border-left-color: #d50000; }
section.sev-warning { border-left-color: #ef6c00; }
section.sev-note { border-left-color: #0277bd; }
.sev { display: inline-block; padding: 0 .5em; border-radius: 3px; color: #fff;
       font-size: .8em; font-weight: 700; text-transform: uppercase; vertical-align: middle; }
.sev-error .sev, .sev.sev-error { background: #d50000; }
.sev-warning .sev, .sev.sev-warning { background: #ef6c00; }
.sev-note .sev, .sev.sev-note { background: #0277bd; }
.num { color: #757575; font-weight: 400; }
.dim { color: #757575; }
.state { display: inline-block; background: #e8f5e9; color: #1b5e20; border: 1px solid #a5d6a7;
         border-radius: 3px; padding: 0 .4em; font-size: .85em; margin-left: .3em; }
.new { background: #fff3e0; color: #e65100; border: 1px solid #ffcc80; border-radius: 3px;
       padding: 0 .4em; font-size: .8em; }
ol.chain li { margin: .15em 0; }
table.facts { width: 100%; }
table.facts th { width: 9em; }
figure.graph { margin: 1em 0 0; overflow-x: auto; background: #fff; border: 1px solid #eceff1; padding: .5em; }
figure.graph svg { max-width: 100%; height: auto; }
figcaption { color: #757575; font-size: .85em; }
details > summary { cursor: pointer; color: #37474f; }
ul.index { columns: 2; }
ul.index li { break-inside: avoid; }
details.notes > summary { font-size: 1.1em; margin: 1.2em 0; }
ul.index li.sev-note { color: #757575; }
ul.same { margin: 0; padding-left: 1.2em; }
h3.incomplete { color: #d50000; }
footer { color: #9e9e9e; font-size: .85em; margin: 2em 0 1em; }
)css";

class Page {
public:
  Page(const Report &R, StringRef GraphDir, raw_ostream &OS)
      : R(R), GraphDir(GraphDir), OS(OS) {}

  Error write() {
    OS << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
       << "<meta charset=\"utf-8\">\n"
       << "<meta name=\"viewport\" content=\"width=device-width, "
          "initial-scale=1\">\n"
       << "<title>noinstr-check report</title>\n<style>" << Style
       << "</style>\n</head>\n<body>\n"
       << "<h1>noinstr-check report</h1>\n";
    if (Error E = summary())
      return E;
    for (Severity Level : {Severity::Error, Severity::Warning})
      for (size_t I = 0; I < R.Findings.size(); ++I)
        if (R.Findings[I].Level == Level)
          if (Error E = finding(I))
            return E;
    size_t Notes = std::count_if(
        R.Findings.begin(), R.Findings.end(),
        [](const Finding &F) { return F.Level == Severity::Note; });
    if (Notes) {
      OS << "<details class=\"notes\" id=\"notes\">\n<summary>" << Notes
         << (Notes == 1 ? " note" : " notes")
         << " (never fail a run: regions left open on die paths and the "
            "like)</summary>\n";
      for (size_t I = 0; I < R.Findings.size(); ++I)
        if (R.Findings[I].Level == Severity::Note)
          if (Error E = finding(I))
            return E;
      OS << "</details>\n";
    }
    OS << "<footer>Generated by noinstr-check.</footer>\n</body>\n</html>\n";
    return Error::success();
  }

private:
  std::string graphPath(StringRef Stem) const {
    SmallString<256> P(GraphDir);
    sys::path::append(P, Stem + ".svg");
    return std::string(P);
  }

  Error summary() {
    OS << "<section id=\"summary\">\n<h2>Summary</h2>\n";
    OS << "<h3>Inputs</h3>\n<ul class=\"inputs\">\n";
    for (const std::string &Input : R.Inputs)
      OS << "<li>" << code(Input) << "</li>\n";
    OS << "</ul>\n";

    // Counts per (rule, severity): a finding's level may differ from its
    // rule's default, so both axes are counted as reported.
    std::map<RuleId, std::array<size_t, 3>> Counts;
    std::array<size_t, 3> Totals{};
    for (const Finding &F : R.Findings) {
      ++Counts[F.Rule][static_cast<size_t>(F.Level)];
      ++Totals[static_cast<size_t>(F.Level)];
    }
    const Severity Order[] = {Severity::Error, Severity::Warning,
                              Severity::Note};
    OS << "<h3>Findings by rule</h3>\n<table class=\"counts\">\n<tr>"
       << "<th>rule</th><th>title</th>";
    for (Severity S : Order)
      OS << "<th>" << severityName(S) << "</th>";
    OS << "<th>total</th></tr>\n";
    for (const auto &[Rule, N] : Counts) {
      const RuleInfo &Info = ruleInfo(Rule);
      OS << "<tr><td>" << code(Info.Id) << "</td><td>" << escape(Info.Title)
         << "</td>";
      for (Severity S : Order)
        OS << "<td class=\"n\">" << N[static_cast<size_t>(S)] << "</td>";
      OS << "<td class=\"n\">" << N[0] + N[1] + N[2] << "</td></tr>\n";
    }
    OS << "<tr class=\"total\"><td>all</td><td></td>";
    for (Severity S : Order)
      OS << "<td class=\"n\">" << Totals[static_cast<size_t>(S)] << "</td>";
    OS << "<td class=\"n\">" << R.Findings.size() << "</td></tr>\n</table>\n";

    if (!R.Failures.empty()) {
      OS << "<h3 class=\"incomplete\">Incomplete: not analysed</h3>\n<ul>\n";
      for (const std::string &Failure : R.Failures)
        OS << "<li>" << escape(Failure) << "</li>\n";
      OS << "</ul>\n";
    }
    if (!R.StaleBaseline.empty()) {
      OS << "<h3>Baseline entries that no longer occur</h3>\n<ul>\n";
      for (const std::string &Stale : R.StaleBaseline)
        OS << "<li>" << code(Stale) << "</li>\n";
      OS << "</ul>\n";
    }
    if (!R.Remarks.empty()) {
      OS << "<h3>Remarks</h3>\n<ul class=\"remarks\">\n";
      for (const std::string &Remark : R.Remarks)
        OS << "<li>" << escape(Remark) << "</li>\n";
      OS << "</ul>\n";
    }

    if (!R.Findings.empty()) {
      OS << "<h3>Index</h3>\n<ul class=\"index\">\n";
      for (Severity Level : {Severity::Error, Severity::Warning,
                             Severity::Note})
      for (size_t I = 0; I < R.Findings.size(); ++I) {
        const Finding &F = R.Findings[I];
        if (F.Level != Level)
          continue;
        OS << "<li class=\"sev-" << severityName(F.Level)
           << "\"><a href=\"#finding-" << I + 1 << "\">#" << I + 1 << "</a> "
           << code(F.Rule.str()) << " "
           << code(F.Function.empty() ? F.Site.str() : F.Function);
        if (!F.Callee.empty())
          OS << " &#8594; " << code(F.Callee);
        OS << "</li>\n";
      }
      OS << "</ul>\n";
    }

    if (!GraphDir.empty() && !R.Findings.empty()) {
      OS << "<h3>Overview per entry point</h3>\n";
      for (const std::string &Entry : overviewEntries(R)) {
        std::string Stem = entryGraphStem(Entry);
        auto Svg = inlineSvg(graphPath(Stem));
        if (!Svg)
          return Svg.takeError();
        OS << "<details class=\"overview\">\n<summary>" << code(Entry)
           << "</summary>\n<figure class=\"graph\">\n"
           << *Svg << "\n<figcaption>" << escape(Stem)
           << ".svg</figcaption>\n</figure>\n</details>\n";
      }
    }
    OS << "</section>\n";
    return Error::success();
  }

  Error finding(size_t I) {
    const Finding &F = R.Findings[I];
    StringRef Sev = severityName(F.Level);
    const RuleInfo &Info = ruleInfo(F.Rule);

    OS << "<section class=\"finding sev-" << Sev << "\" id=\"finding-" << I + 1
       << "\">\n<h2><span class=\"sev\">" << Sev << "</span> <span "
       << "class=\"num\">#" << I + 1 << "</span> " << escape(F.Message);
    if (F.New)
      OS << " <span class=\"new\">new</span>";
    OS << "</h2>\n<table class=\"facts\">\n";
    auto Row = [&](StringRef Head, const std::string &Html) {
      OS << "<tr><th>" << Head << "</th><td>" << Html << "</td></tr>\n";
    };
    Row("Rule", code(Info.Id, "rule") + " &#8212; " + escape(Info.Title));
    Row("Severity", Sev.str());
    Row("Function", F.Function.empty() ? "<span class=\"dim\">asm code, no "
                                         "symbol</span>"
                                       : code(F.Function, "function"));
    if (!F.Callee.empty())
      Row("Callee", code(F.Callee, "callee"));
    Row("Site", locationHtml(F.Site));
    if (F.Cause == "region-end")
      Row("Cause", "the region ends before these calls at " +
                       locationHtml(F.CauseSite) + " (instrumentation_end())");
    else if (F.Cause == "inlined-helper")
      Row("Cause", code(F.CauseSite.Symbol) + " inlined at " +
                       locationHtml(F.CauseSite));
    if (!F.SameCause.empty()) {
      std::string List = "<ul class=\"same\">";
      for (const Finding &Same : F.SameCause)
        List += "<li>" +
                (Same.Callee.empty() ? std::string() : code(Same.Callee) + " ") +
                "at " + locationHtml(Same.Site) + "</li>";
      Row(F.Cause.empty() ? "Also at" : "Also", List + "</ul>");
    }
    if (!F.Classification.empty())
      Row("Classification", escape(F.Classification));
    if (!F.Hint.empty())
      Row("Hint", escape(F.Hint));
    if (!F.EntryPoints.empty()) {
      std::string List;
      for (const std::string &E : F.EntryPoints)
        List += (List.empty() ? "" : ", ") + code(E);
      Row("Entry points", List);
    }
    Row("objtool", F.ObjtoolMessage.empty()
                       ? std::string("no objtool counterpart")
                   : !F.Site.hasAddress()
                       ? "would say " + code(F.ObjtoolMessage) +
                             " (whether it reports this site is known from "
                             "the object only)"
                   : F.ObjtoolReports
                       ? "reports this: " + code(F.ObjtoolMessage)
                       : "would say " + code(F.ObjtoolMessage) +
                             ", but does not report this site");
    if (!F.Fingerprint.empty())
      Row("Fingerprint", code(F.Fingerprint));
    OS << "</table>\n";

    OS << "<h3>Call chain</h3>\n";
    if (F.Chain.empty()) {
      OS << "<p class=\"dim\">No chain recorded.</p>\n";
    } else {
      OS << "<ol class=\"chain\">\n";
      for (const ChainHop &Hop : F.Chain) {
        OS << "<li>" << code(Hop.Function);
        if (!Hop.State.empty())
          OS << "<span class=\"state\">" << escape(Hop.State.chainText())
             << "</span>";
        OS << " at " << locationHtml(Hop.Site) << "</li>\n";
      }
      OS << "</ol>\n";
    }

    if (F.Site.Source.size() > 1) {
      OS << "<h3>Inlined frames (innermost first)</h3>\n<ol "
            "class=\"frames\">\n";
      for (const SourceLocation &S : F.Site.Source) {
        OS << "<li>"
           << (S.Function.empty() ? std::string("<span class=\"dim\">?</span>")
                                  : code(S.Function))
           << " at " << code(S.str(), "src") << "</li>\n";
      }
      OS << "</ol>\n";
    }

    if (!F.Notes.empty()) {
      OS << "<h3>Notes</h3>\n<ul class=\"notes\">\n";
      for (const std::string &N : F.Notes)
        OS << "<li>" << escape(N) << "</li>\n";
      OS << "</ul>\n";
    }

    OS << "<details><summary>About " << escape(Info.Id) << "</summary><p>"
       << escape(R.ruleHelp(F.Rule)) << "</p></details>\n";

    if (!GraphDir.empty()) {
      std::string Stem = findingGraphStem(I, F);
      auto Svg = inlineSvg(graphPath(Stem));
      if (!Svg)
        return Svg.takeError();
      OS << "<figure class=\"graph\">\n"
         << *Svg << "\n<figcaption>" << escape(Stem)
         << ".svg</figcaption>\n</figure>\n";
    }
    OS << "</section>\n";
    return Error::success();
  }

  const Report &R;
  StringRef GraphDir;
  raw_ostream &OS;
};

} // namespace

Error writeHtml(const Report &R, StringRef GraphDir, raw_ostream &OS) {
  return Page(R, GraphDir, OS).write();
}

} // namespace noinstr
