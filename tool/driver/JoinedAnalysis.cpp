//===- JoinedAnalysis.cpp -------------------------------------------------===//
#include "noinstr/driver/JoinedAnalysis.h"
#include "noinstr/driver/BinaryAnalysis.h"
#include "noinstr/driver/SourceAnalysis.h"
#include "noinstr/explain/Explainer.h"
#include "noinstr/source/SourceLinker.h"

#include <map>
#include <optional>
#include <utility>

using namespace llvm;

namespace noinstr {
namespace {

/// A call the source makes, by line and what it names (files are compared
/// apart: DWARF may name them absolute, as the kernel's build saw them).
using CallKey = std::pair<unsigned, std::string>;

struct SourceCall {
  const SourceEvent *Event;
  const FunctionFacts *In;
};

} // namespace

size_t joinWithSource(Report &Binary, const std::vector<TuFacts> &Units,
                      const RuleSet &Rules) {
  std::map<CallKey, std::vector<SourceCall>> Calls;
  for (const TuFacts &U : Units)
    for (const FunctionFacts &F : U.Functions)
      for (const FlowBlock &B : F.Blocks)
        for (const SourceEvent &E : B.Events)
          if (E.Kind == SourceEventKind::Call)
            Calls[{E.Loc.Line, E.Callee}].push_back({&E, &F});
  auto Find = [&](const SourceLocation &Where,
                  StringRef Callee) -> const SourceCall * {
    auto It = Calls.find({Where.Line, sourceName(Callee).str()});
    if (It != Calls.end())
      for (const SourceCall &Call : It->second)
        if (sameSourceFile(Where.File, Call.Event->Loc.File))
          return &Call;
    return nullptr;
  };

  size_t Explained = 0;
  for (Finding &F : Binary.Findings) {
    if (F.Rule != RuleId::NoinstrCall || F.Site.Source.empty())
      continue;
    const std::vector<SourceLocation> &Frames = F.Site.Source;
    size_t Before = F.Notes.size();
    if (const SourceCall *Call = Find(Frames.front(), F.Callee)) {
      const SourceEvent &E = *Call->Event;
      if (E.CalleeKind == FunctionKind::Inline) {
        F.Classification = "not-inlined";
        F.Notes.push_back("source: '" + E.Callee +
                          "' is declared inline, but the compiler emitted it "
                          "out of line; declare it __always_inline (or "
                          "noinstr)");
      }
      if (!E.Macro.empty())
        F.Notes.push_back("source: the call comes from the expansion of "
                          "macro '" +
                          E.Macro + "' at " + E.Loc.str());
    }
    // The call sits in a function the compiler inlined into noinstr code
    // although the source does not ask for it: the source's finding is the
    // call to that function.
    for (size_t I = 1; I < Frames.size(); ++I) {
      const SourceCall *Outer = Find(Frames[I], Frames[I - 1].Function);
      if (!Outer)
        continue;
      if (Outer->Event->CalleeKind == FunctionKind::Instrumentable)
        F.Notes.push_back(
            "source: '" + Outer->Event->Callee +
            "' is an ordinary function the compiler inlined into '" +
            Outer->In->Name + "'; in the source the offending call is the "
            "one to '" + Outer->Event->Callee + "' at " +
            Outer->Event->Loc.str());
      break;
    }
    if (F.Notes.size() != Before) {
      ++Explained;
      Explainer::classify(Rules, F);
    }
  }
  return Explained;
}

Expected<Report> analyzeJoined(const Options &Opts, raw_ostream &Log,
                               Diagnostics &Diags) {
  // The source first: on architectures without region markers in the
  // object, its call sites tell the binary walks which calls the source
  // wrote in an instrumentation region. The inputs are objects: every TU
  // of the database is a candidate.
  Options SourceOpts = Opts;
  SourceOpts.Inputs.clear();
  auto FactsOrErr = collectSourceFacts(SourceOpts, Log);
  if (!FactsOrErr)
    return FactsOrErr.takeError();
  if (Error E = requireComplete(*FactsOrErr, Opts))
    return E;
  auto RulesOrErr = loadRuleSet(Opts.RulesDir, FactsOrErr->Arch, Opts.Kernel ? Opts.Kernel : FactsOrErr->Version,
                                Opts.ExtraRules);
  if (!RulesOrErr)
    return RulesOrErr.takeError();
  // With markers the object decides; linking would be wasted.
  std::optional<std::vector<SourceCallSite>> Sites;
  if (!RulesOrErr->Annotations.RegionMarkers)
    Sites = linkFacts(FactsOrErr->Units, *RulesOrErr).CallSites;
  auto BinaryOrErr =
      analyzeObjects(Opts, Log, Diags, Sites ? &*Sites : nullptr);
  if (!BinaryOrErr)
    return BinaryOrErr.takeError();
  Report R = std::move(*BinaryOrErr);
  size_t Explained = joinWithSource(R, FactsOrErr->Units, *RulesOrErr);
  const SourceRunCounts &C = FactsOrErr->Counts;
  R.Remarks.push_back("joined with the source: " + std::to_string(C.Analysed) +
                      " TUs analysed, " + std::to_string(C.Failed) +
                      " failed; " + std::to_string(Explained) +
                      " findings explained from the source");
  for (const std::string &Problem : FactsOrErr->Problems)
    R.Remarks.push_back("source: " + Problem);
  R.Failures = std::move(FactsOrErr->Failures);
  return R;
}

} // namespace noinstr
