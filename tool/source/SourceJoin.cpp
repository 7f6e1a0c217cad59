//===- SourceJoin.cpp -----------------------------------------------------===//
#include "noinstr/source/SourceJoin.h"
#include "noinstr/explain/Explainer.h"

#include <map>
#include <string>
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
            Outer->In->Name +
            "'; in the source the offending call is the "
            "one to '" +
            Outer->Event->Callee + "' at " + Outer->Event->Loc.str());
      break;
    }
    if (F.Notes.size() != Before) {
      ++Explained;
      Explainer::classify(Rules, F);
    }
  }
  return Explained;
}

} // namespace noinstr
