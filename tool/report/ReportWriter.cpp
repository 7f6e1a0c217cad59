//===- ReportWriter.cpp - text, objtool and JSON renderings ---------------===//
//
// Formats only render the Report; they decide nothing. Every format is
// deterministic: findings arrive sorted (Report::finalize) and JSON keys are
// written in a fixed order.
//
//===----------------------------------------------------------------------===//
#include "noinstr/report/ReportWriter.h"

#include "noinstr/report/RuleCatalog.h"
#include "noinstr/report/SarifWriter.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/WithColor.h"

#include <nlohmann/json.hpp>

#include <map>

using namespace llvm;

namespace noinstr {

std::optional<ReportFormat> parseReportFormat(StringRef Name) {
  if (Name == "text")
    return ReportFormat::Text;
  if (Name == "objtool")
    return ReportFormat::Objtool;
  if (Name == "json")
    return ReportFormat::Json;
  if (Name == "sarif")
    return ReportFormat::Sarif;
  return std::nullopt;
}

static std::string hex(uint64_t V) { return "0x" + Twine::utohexstr(V).str(); }

/// "file:line:col" of the innermost source frame, or "obj:(sec+0xoff)".
static std::string where(const CodeLocation &L) {
  if (!L.Source.empty()) {
    const SourceLocation &S = L.Source.front();
    std::string Out = S.File + ":" + std::to_string(S.Line);
    if (S.Column)
      Out += ":" + std::to_string(S.Column);
    return Out;
  }
  return L.Object + ":(" + L.Section + "+" + hex(L.SectionOffset) + ")";
}

static void writeText(const Report &R, raw_ostream &OS, bool Color,
                      bool ShowNotes) {
  std::map<Severity, size_t> Counts;
  size_t HiddenNotes = 0;
  for (const Finding &F : R.Findings) {
    if (F.Level == Severity::Note && !ShowNotes) {
      ++HiddenNotes;
      continue;
    }
    ++Counts[F.Level];
    raw_ostream::Colors Colour =
        F.Level == Severity::Error     ? raw_ostream::RED
        : F.Level == Severity::Warning ? raw_ostream::MAGENTA
                                       : raw_ostream::CYAN;
    if (Color)
      OS.changeColor(raw_ostream::SAVEDCOLOR, /*Bold=*/true);
    OS << where(F.Site) << ": ";
    if (Color)
      OS.changeColor(Colour, /*Bold=*/true);
    OS << severityName(F.Level) << ": ";
    if (Color)
      OS.changeColor(raw_ostream::SAVEDCOLOR, /*Bold=*/true);
    OS << F.Message << " [" << F.Rule << "]";
    if (Color)
      OS.resetColor();
    OS << "\n";
    auto Note = [&](const Twine &Text) {
      if (Color)
        OS.changeColor(raw_ostream::CYAN, /*Bold=*/true);
      OS << "note: ";
      if (Color)
        OS.resetColor();
      OS << Text << "\n";
    };
    Note("in " + (F.Function.empty() ? std::string("asm code")
                                     : "function '" + F.Function + "'") +
         " at " + F.Site.str());
    for (const ChainHop &Hop : F.Chain)
      Note("reached from '" + Hop.Function + "' at " + Hop.Site.str());
    for (const std::string &N : F.Notes)
      Note(N);
  }
  for (const std::string &Remark : R.Remarks)
    OS << "remark: " << Remark << "\n";
  size_t Total = R.Findings.size() - HiddenNotes;
  OS << Total << (Total == 1 ? " finding" : " findings");
  if (Total) {
    OS << " (";
    bool First = true;
    for (Severity S : {Severity::Error, Severity::Warning, Severity::Note})
      if (Counts[S]) {
        OS << (First ? "" : ", ") << Counts[S] << " " << severityName(S)
           << (Counts[S] == 1 ? "" : "s");
        First = false;
      }
    OS << ")";
  }
  if (HiddenNotes)
    OS << "; " << HiddenNotes << (HiddenNotes == 1 ? " note" : " notes")
       << " not shown (--show-notes)";
  OS << "\n";
}

/// objtool's own line format, for CI jobs that grep for it. Only findings
/// with an objtool counterpart are printed; unlike objtool, every one of
/// them is (objtool stops at a function's first).
static void writeObjtool(const Report &R, raw_ostream &OS) {
  for (const Finding &F : R.Findings)
    if (!F.ObjtoolMessage.empty())
      OS << F.Site.Object << ": warning: objtool: " << F.Site.str() << ": "
         << F.ObjtoolMessage << "\n";
}

static nlohmann::ordered_json locationJson(const CodeLocation &L) {
  nlohmann::ordered_json J;
  J["object"] = L.Object;
  J["section"] = L.Section;
  J["section_offset"] = L.SectionOffset;
  J["symbol"] = L.Symbol;
  J["symbol_offset"] = L.SymbolOffset;
  J["source"] = nlohmann::ordered_json::array();
  for (const SourceLocation &S : L.Source)
    J["source"].push_back({{"file", S.File},
                           {"line", S.Line},
                           {"column", S.Column},
                           {"function", S.Function}});
  return J;
}

static void writeJson(const Report &R, raw_ostream &OS) {
  using json = nlohmann::ordered_json;
  json Doc;
  Doc["schema"] = "noinstr-check-report/1";
  Doc["inputs"] = R.Inputs;
  Doc["findings"] = json::array();
  std::map<std::string, size_t> ByRule;
  for (const Finding &F : R.Findings) {
    ++ByRule[F.Rule];
    json J;
    J["rule"] = F.Rule;
    J["severity"] = severityName(F.Level).str();
    J["message"] = F.Message;
    J["function"] = F.Function;
    J["callee"] = F.Callee;
    J["site"] = locationJson(F.Site);
    J["chain"] = json::array();
    for (const ChainHop &Hop : F.Chain)
      J["chain"].push_back(
          {{"function", Hop.Function}, {"site", locationJson(Hop.Site)}});
    J["notes"] = F.Notes;
    J["objtool"] = {{"reports", F.ObjtoolReports},
                    {"message", F.ObjtoolMessage}};
    Doc["findings"].push_back(std::move(J));
  }
  Doc["remarks"] = R.Remarks;
  json Summary = json::object();
  for (const auto &[Rule, N] : ByRule)
    Summary[Rule] = N;
  Doc["summary"] = {{"findings", R.Findings.size()}, {"by_rule", Summary}};
  OS << Doc.dump(2) << "\n";
}

void writeReport(const Report &R, ReportFormat Format, raw_ostream &OS,
                 bool Color, bool ShowNotes) {
  switch (Format) {
  case ReportFormat::Text:
    writeText(R, OS, Color, ShowNotes);
    return;
  case ReportFormat::Objtool:
    writeObjtool(R, OS);
    return;
  case ReportFormat::Json:
    writeJson(R, OS);
    return;
  case ReportFormat::Sarif:
    writeSarif(R, OS);
    return;
  }
}

} // namespace noinstr
