//===- ReportWriter.cpp - text, objtool and JSON renderings ---------------===//
//
// Formats only render the Report; they decide nothing. Every format is
// deterministic: findings arrive sorted (Report::finalize) and JSON keys are
// written in a fixed order.
//
//===----------------------------------------------------------------------===//
#include "noinstr/report/ReportWriter.h"

#include "noinstr/model/RuleCatalog.h"
#include "noinstr/report/SarifWriter.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/WithColor.h"

#include <nlohmann/json.hpp>

#include <map>
#include <set>

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

/// "sym+0xoff (file:line:col)", or the source position alone for a
/// location without an address.
static std::string located(const CodeLocation &L) {
  if (L.Source.empty())
    return L.str();
  if (!L.hasAddress())
    return L.Source.front().str();
  return L.str() + " (" + L.Source.front().str() + ")";
}

/// "file:line:col" of the innermost source frame, or "obj:(sec+0xoff)".
static std::string where(const CodeLocation &L) {
  if (!L.Source.empty())
    return L.Source.front().str();
  return L.Object + ":(" + L.Section + "+" + hex(L.SectionOffset) + ")";
}

/// An entry-map step's callee as the text forms show it; JSON keeps the
/// name and the "inlined" flag apart.
static std::string calleeText(const EntryMapStep &S) {
  return S.Inlined ? S.Callee + " (inlined)" : S.Callee;
}

/// "STATE [facts]": what a step leaves.
static std::string afterText(const EntryMapStep &S) {
  std::string State = S.StateAfter.mapText();
  return S.Facts.empty() ? State : State + " [" + S.Facts + "]";
}

/// What a run could not do or no longer matches: inputs that failed, stale
/// waivers and baseline entries. Printed after the counts by text and
/// --summary alike.
static void writeRunProblems(const Report &R, raw_ostream &OS) {
  for (const std::string &Failure : R.Failures)
    OS << "not analysed: " << Failure << "\n";
  for (const std::string &Stale : R.StaleWaivers)
    OS << "remark: " << Stale << "\n";
  for (const std::string &Stale : R.StaleBaseline)
    OS << "remark: baseline entry " << Stale
       << " no longer occurs (fixed or renamed: drop it from the baseline)\n";
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
    raw_ostream::Colors Colour = F.Level == Severity::Error ? raw_ostream::RED
                                 : F.Level == Severity::Warning
                                     ? raw_ostream::MAGENTA
                                     : raw_ostream::CYAN;
    if (Color)
      OS.changeColor(raw_ostream::SAVEDCOLOR, /*Bold=*/true);
    OS << where(F.Site) << ": ";
    if (Color)
      OS.changeColor(Colour, /*Bold=*/true);
    OS << severityName(F.Level) << ": ";
    if (Color)
      OS.changeColor(raw_ostream::SAVEDCOLOR, /*Bold=*/true);
    OS << F.Message << " [" << F.Rule.str() << "]";
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
    Note("in " +
         (F.Function.empty() ? std::string("asm code")
                             : "function '" + F.Function + "'") +
         " at " +
         (F.Site.hasAddress() || F.Site.Source.empty()
              ? F.Site.str()
              : F.Site.Source.front().str()) +
         (F.New ? " (new: not in the baseline)" : ""));
    // Inlined frames: the innermost is the location itself.
    for (size_t I = 1; I < F.Site.Source.size(); ++I)
      Note("'" + F.Site.Source[I - 1].Function + "' inlined into '" +
           F.Site.Source[I].Function + "' at " + F.Site.Source[I].str());
    if (F.Chain.size() > 1) {
      std::string Path;
      for (const ChainHop &Hop : F.Chain)
        Path += (Path.empty() ? "" : " -> ") + Hop.Function;
      Note("entry path: " + Path);
      for (const ChainHop &Hop : F.Chain)
        Note("  " + Hop.Site.str() +
             (Hop.Site.Source.empty()
                  ? std::string()
                  : " (" + Hop.Site.Source.front().str() + ")") +
             (Hop.State.empty() ? std::string()
                                : " [" + Hop.State.chainText() + "]"));
    }
    if (R.AllChains && F.EntryPoints.size() > 1) {
      std::string List;
      for (const std::string &E : F.EntryPoints)
        List += (List.empty() ? "" : ", ") + E;
      Note("reached from " + std::to_string(F.EntryPoints.size()) +
           " entry points: " + List);
    }
    for (const std::string &N : F.Notes)
      Note(N);
    // One cause, several calls: where the cause is (an inlined helper's
    // call site is the last inlined-frame note already), then every call.
    if (F.Cause == "region-end")
      Note("the region ends before them at " + located(F.CauseSite) +
           ": instrumentation_end()");
    for (const Finding &Same : F.SameCause)
      Note("also " +
           (Same.Callee.empty() || Same.Callee == F.Callee
                ? std::string()
                : "'" + Same.Callee + "' ") +
           "at " + located(Same.Site));
    if (!F.Hint.empty())
      Note("fix: " + F.Hint);
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
  if (R.HasBaseline) {
    size_t New = 0;
    for (const Finding &F : R.Findings)
      New += F.New && F.Level != Severity::Note;
    OS << "; " << New << " new against the baseline";
  }
  if (!R.Waived.empty())
    OS << "; " << R.Waived.size() << " waived";
  if (!R.Failures.empty())
    OS << "; INCOMPLETE: " << R.Failures.size()
       << (R.Failures.size() == 1 ? " input" : " inputs") << " not analysed";
  OS << "\n";
  writeRunProblems(R, OS);
}

/// objtool's own line format, for CI jobs that grep for it: every error
/// and warning gets a line, every call of a grouped finding too (unlike
/// objtool, which stops at a function's first). Findings objtool has a
/// counterpart for use its wording; the others (ordering, region balance)
/// their own message and rule, in the same shape, so the same grep fails
/// the build. Notes never get one: they never fail a run.
static void writeObjtoolLine(const Finding &F, raw_ostream &OS, bool Werror) {
  // Source findings have no object: their file stands in for it.
  std::string Object = F.Site.hasAddress() ? F.Site.Object : where(F.Site);
  OS << Object << (Werror ? ": error" : ": warning") << ": objtool: "
     << F.Site.str() << ": ";
  if (!F.ObjtoolMessage.empty())
    OS << F.ObjtoolMessage << "\n";
  else
    OS << F.Message << " [" << F.Rule.str() << "]\n";
}

static void writeObjtool(const Report &R, raw_ostream &OS, bool Werror) {
  for (const Finding &F : R.Findings) {
    if (F.Level == Severity::Note)
      continue;
    writeObjtoolLine(F, OS, Werror);
    for (const Finding &Same : F.SameCause)
      writeObjtoolLine(Same, OS, Werror);
  }
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

/// Whether objtool prints the finding: known for machine code (the
/// emulated walk), unknown (null) for a source finding, which has none.
static nlohmann::ordered_json objtoolJson(const Finding &F) {
  nlohmann::ordered_json Reports = nullptr;
  if (F.Site.hasAddress())
    Reports = F.ObjtoolReports;
  return {{"reports", Reports}, {"message", F.ObjtoolMessage}};
}

static void writeJson(const Report &R, raw_ostream &OS) {
  using json = nlohmann::ordered_json;
  json Doc;
  Doc["schema"] = "noinstr-check-report/1";
  Doc["inputs"] = R.Inputs;
  Doc["findings"] = json::array();
  std::map<RuleId, size_t> ByRule;
  for (const Finding &F : R.Findings) {
    ++ByRule[F.Rule];
    json J;
    J["rule"] = F.Rule.str();
    J["severity"] = severityName(F.Level).str();
    J["message"] = F.Message;
    J["function"] = F.Function;
    J["callee"] = F.Callee;
    J["site"] = locationJson(F.Site);
    J["chain"] = json::array();
    for (const ChainHop &Hop : F.Chain)
      J["chain"].push_back({{"function", Hop.Function},
                            {"site", locationJson(Hop.Site)},
                            {"state", Hop.State.chainText()}});
    J["entry_points"] = F.EntryPoints;
    J["classification"] = F.Classification;
    J["hint"] = F.Hint;
    J["fingerprint"] = F.Fingerprint;
    J["new"] = F.New;
    J["notes"] = F.Notes;
    J["objtool"] = objtoolJson(F);
    J["cause"] = F.Cause;
    J["cause_site"] = F.Cause.empty() ? json() : locationJson(F.CauseSite);
    J["same_cause"] = json::array();
    for (const Finding &Same : F.SameCause)
      J["same_cause"].push_back({{"rule", Same.Rule.str()},
                                 {"callee", Same.Callee},
                                 {"site", locationJson(Same.Site)},
                                 {"fingerprint", Same.Fingerprint},
                                 {"objtool", objtoolJson(Same)}});
    Doc["findings"].push_back(std::move(J));
  }
  Doc["remarks"] = R.Remarks;
  Doc["waived"] = json::array();
  for (const auto &[F, Reason] : R.Waived)
    Doc["waived"].push_back({{"rule", F.Rule.str()},
                             {"function", F.Function},
                             {"callee", F.Callee},
                             {"fingerprint", F.Fingerprint},
                             {"reason", Reason}});
  Doc["stale_waivers"] = R.StaleWaivers;
  Doc["stale_baseline"] = R.StaleBaseline;
  Doc["not_analysed"] = R.Failures;
  Doc["complete"] = R.Failures.empty();
  json Summary = json::object();
  for (const auto &[Rule, N] : ByRule)
    Summary[Rule.str().str()] = N;
  json ByEntry = json::object();
  std::map<std::string, size_t> EntryCounts;
  size_t New = 0;
  for (const Finding &F : R.Findings) {
    ++EntryCounts[F.Chain.empty() ? std::string() : F.Chain.front().Function];
    New += F.New;
  }
  for (const auto &[Entry, N] : EntryCounts)
    ByEntry[Entry] = N;
  Doc["summary"] = {{"findings", R.Findings.size()},
                    {"new", New},
                    {"waived", R.Waived.size()},
                    {"by_rule", Summary},
                    {"by_entry_point", ByEntry}};
  // Symbol names are bytes, not always UTF-8: replace what is not.
  OS << Doc.dump(2, ' ', /*ensure_ascii=*/false,
                 nlohmann::json::error_handler_t::replace)
     << "\n";
}

void writeReport(const Report &R, ReportFormat Format, raw_ostream &OS,
                 bool Color, bool ShowNotes, bool ObjtoolWerror) {
  switch (Format) {
  case ReportFormat::Text:
    writeText(R, OS, Color, ShowNotes);
    return;
  case ReportFormat::Objtool:
    writeObjtool(R, OS, ObjtoolWerror);
    return;
  case ReportFormat::Json:
    writeJson(R, OS);
    return;
  case ReportFormat::Sarif:
    writeSarif(R, OS);
    return;
  }
}

void writeEntryMap(const Report &R, bool Json, raw_ostream &OS) {
  if (Json) {
    using json = nlohmann::ordered_json;
    json Doc;
    Doc["schema"] = "noinstr-check-entry-map/1";
    Doc["inputs"] = R.Inputs;
    Doc["entry_points"] = json::array();
    for (const EntryMapEntry &E : R.EntryMap) {
      json J = {{"entry", E.Entry},
                {"kind", E.Kind},
                {"initial", entryStateName(E.Initial)}};
      J["steps"] = json::array();
      for (const EntryMapStep &S : E.Steps) {
        json Step = {{"site", locationJson(S.Site)}, {"depth", S.Depth}};
        if (S.Depth > 0)
          Step["outer_site"] = locationJson(S.OuterSite);
        Step["callee"] = S.Callee;
        Step["inlined"] = S.Inlined;
        Step["state_after"] = S.StateAfter.mapText();
        Step["facts"] = S.Facts;
        Step["hooks"] = S.Hooks;
        Step["alternative"] = S.Alternative;
        Step["note"] = S.Note;
        J["steps"].push_back(std::move(Step));
      }
      Doc["entry_points"].push_back(std::move(J));
    }
    // Symbol names are bytes, not always UTF-8: replace what is not.
    OS << Doc.dump(2, ' ', /*ensure_ascii=*/false,
                   nlohmann::json::error_handler_t::replace)
       << "\n";
    return;
  }
  for (const EntryMapEntry &E : R.EntryMap) {
    OS << E.Entry << " [" << E.Kind << ", starts " << entryStateName(E.Initial)
       << "]\n";
    for (const EntryMapStep &S : E.Steps) {
      std::string Indent(2 * (S.Depth + 1), ' ');
      if (S.Hooks == "before")
        OS << Indent << "-- a hook must run before this --\n";
      std::string Where = S.Site.str();
      if (!S.Site.Source.empty())
        Where += " (" + S.Site.Source.front().str() + ")";
      OS << Indent << (S.Alternative ? "or " : "") << Where << ": "
         << calleeText(S) << " -> " << afterText(S);
      if (S.Depth > 0 && !S.OuterSite.Source.empty())
        OS << "  [under " << S.OuterSite.Source.front().str() << "]";
      if (!S.Note.empty())
        OS << "  ! " << S.Note;
      OS << "\n";
      if (S.Hooks == "after")
        OS << Indent << "-- a hook may run from here --\n";
    }
  }
}

namespace {

/// What a step is, for the diff: its place in the nesting, the call and
/// the state it leaves (addresses and lines move with every patch).
std::string stepKey(const EntryMapStep &S) {
  return std::string(2 * S.Depth, ' ') + calleeText(S) + " -> " +
         afterText(S);
}

struct StepChange {
  char Kind; ///< '-' removed, '+' added, '~' moved
  const EntryMapStep *Old = nullptr, *New = nullptr;
};

/// The longest common subsequence of the two step lists: what is not in it
/// changed. A call removed and added at the same depth moved.
std::vector<StepChange> diffSteps(const std::vector<EntryMapStep> &A,
                                  const std::vector<EntryMapStep> &B) {
  size_t N = A.size(), M = B.size();
  std::vector<std::vector<unsigned>> L(N + 1, std::vector<unsigned>(M + 1));
  for (size_t I = N; I-- > 0;)
    for (size_t J = M; J-- > 0;)
      L[I][J] = stepKey(A[I]) == stepKey(B[J])
                    ? L[I + 1][J + 1] + 1
                    : std::max(L[I + 1][J], L[I][J + 1]);
  std::vector<StepChange> Changes;
  size_t I = 0, J = 0;
  while (I < N || J < M) {
    if (I < N && J < M && stepKey(A[I]) == stepKey(B[J])) {
      ++I, ++J;
    } else if (J < M && (I == N || L[I][J + 1] >= L[I + 1][J])) {
      Changes.push_back({'+', nullptr, &B[J++]});
    } else {
      Changes.push_back({'-', &A[I++], nullptr});
    }
  }
  // Pair a removed and an added step of the same call: moved.
  std::vector<StepChange> Result;
  std::vector<bool> Used(Changes.size());
  for (size_t K = 0; K < Changes.size(); ++K) {
    if (Used[K])
      continue;
    StepChange C = Changes[K];
    const EntryMapStep *Mine = C.Old ? C.Old : C.New;
    for (size_t O = K + 1; O < Changes.size(); ++O) {
      const EntryMapStep *Other = Changes[O].Old ? Changes[O].Old : Changes[O].New;
      if (!Used[O] && Changes[O].Kind != C.Kind &&
          Other->Callee == Mine->Callee && Other->Depth == Mine->Depth) {
        Used[O] = true;
        C = {'~', C.Old ? C.Old : Changes[O].Old, C.New ? C.New : Changes[O].New};
        break;
      }
    }
    Result.push_back(C);
  }
  return Result;
}

std::string stepText(const EntryMapStep &S) {
  std::string Where = S.Site.str();
  if (!S.Site.Source.empty())
    Where += " (" + S.Site.Source.front().str() + ")";
  return std::string(2 * S.Depth, ' ') + Where + ": " + calleeText(S) + " -> " +
         afterText(S);
}

} // namespace

bool writeEntryMapDiff(const Report &Old, const Report &New, bool Json,
                       raw_ostream &OS) {
  using json = nlohmann::ordered_json;
  std::map<std::string, const EntryMapEntry *> Before, After;
  std::set<std::string> Names;
  for (const EntryMapEntry &E : Old.EntryMap)
    Before[E.Entry] = &E, Names.insert(E.Entry);
  for (const EntryMapEntry &E : New.EntryMap)
    After[E.Entry] = &E, Names.insert(E.Entry);
  json Doc;
  Doc["schema"] = "noinstr-check-entry-map-diff/1";
  Doc["old"] = Old.Inputs;
  Doc["new"] = New.Inputs;
  Doc["entry_points"] = json::array();
  static const std::vector<EntryMapStep> NoSteps;
  bool Changed = false;
  for (const std::string &Name : Names) {
    const EntryMapEntry *A = Before.count(Name) ? Before[Name] : nullptr;
    const EntryMapEntry *B = After.count(Name) ? After[Name] : nullptr;
    std::vector<StepChange> Changes =
        diffSteps(A ? A->Steps : NoSteps, B ? B->Steps : NoSteps);
    if (A && B && Changes.empty())
      continue;
    Changed = true;
    std::string What = !A ? "added" : !B ? "removed" : "changed";
    json J = {{"entry", Name}, {"change", What}};
    J["steps"] = json::array();
    if (!Json)
      OS << Name << (What == "changed" ? "" : " (entry point " + What + ")")
         << "\n";
    for (const StepChange &C : Changes) {
      const EntryMapStep &S = C.New ? *C.New : *C.Old;
      json Step = {{"change", C.Kind == '~'   ? "moved"
                              : C.Kind == '+' ? "added"
                                              : "removed"},
                   {"depth", S.Depth},
                   {"callee", S.Callee},
                   {"inlined", S.Inlined},
                   {"site", locationJson(S.Site)},
                   {"state_after", S.StateAfter.mapText()},
                   {"facts", S.Facts}};
      if (C.Kind == '~') {
        Step["old_state_after"] = C.Old->StateAfter.mapText();
        Step["old_facts"] = C.Old->Facts;
      }
      J["steps"].push_back(std::move(Step));
      if (Json)
        continue;
      OS << "  " << C.Kind << " " << stepText(S);
      if (C.Kind == '~')
        OS << "  (was " << afterText(*C.Old) << ", at "
           << (C.Old->Site.Source.empty()
                   ? C.Old->Site.str()
                   : C.Old->Site.Source.front().str())
           << ")";
      OS << "\n";
    }
    Doc["entry_points"].push_back(std::move(J));
  }
  if (Json)
    OS << Doc.dump(2, ' ', /*ensure_ascii=*/false,
                   nlohmann::json::error_handler_t::replace)
       << "\n";
  return Changed;
}

void writeSummary(const Report &R, raw_ostream &OS) {
  std::map<RuleId, std::map<Severity, size_t>> ByRule;
  std::map<std::string, size_t> ByEntry;
  size_t New = 0;
  for (const Finding &F : R.Findings) {
    ++ByRule[F.Rule][F.Level];
    ++ByEntry[F.Chain.empty() ? std::string("(no entry point)")
                              : F.Chain.front().Function];
    New += F.New;
  }
  OS << "findings per rule:\n";
  for (const auto &[Rule, Counts] : ByRule) {
    size_t Total = 0;
    for (const auto &[Level, N] : Counts)
      Total += N;
    OS << format("  %-36s %6zu", Rule.str().data(), Total) << "  ("
       << severityName(ruleInfo(Rule).Level) << ")\n";
  }
  OS << "findings per entry point:\n";
  for (const auto &[Entry, N] : ByEntry)
    OS << format("  %-36s %6zu", Entry.c_str(), N) << "\n";
  OS << R.Findings.size()
     << (R.Findings.size() == 1 ? " finding" : " findings");
  if (R.HasBaseline)
    OS << ", " << New << " new";
  if (!R.Waived.empty())
    OS << ", " << R.Waived.size() << " waived";
  if (!R.Failures.empty())
    OS << ", INCOMPLETE: " << R.Failures.size() << " not analysed";
  OS << "\n";
  writeRunProblems(R, OS);
}

} // namespace noinstr
