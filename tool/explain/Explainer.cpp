//===- Explainer.cpp ------------------------------------------------------===//
#include "noinstr/explain/Explainer.h"

#include "llvm/ADT/StringRef.h"

using namespace llvm;

namespace noinstr {

Error Explainer::addSource(CodeLocation &L) {
  if (!L.Address.valid() || !L.Source.empty())
    return Error::success();
  auto FramesOrErr = Sources.lookup(L.Address);
  if (!FramesOrErr)
    return FramesOrErr.takeError();
  L.Source = std::move(*FramesOrErr);
  return Error::success();
}

/// Whether \p F fits the built-in class \p Class; a name without a
/// built-in test fits nothing.
static bool fitsBuiltin(StringRef Class, const Finding &F) {
  RuleId Rule = F.Rule;
  // Causes the analysis decided: several calls after one region end or of
  // one inlined helper (explain/RootCause), an event charged inside an
  // out-of-line establisher whose own order is wrong
  // (entry/OrderingEngine, EntryEvent::Within).
  if (Class == "region-end" || Class == "inlined-helper" ||
      Class == "ordering-in-establisher")
    return F.Cause == Class;
  if (Class == "die-path")
    return Rule == RuleId::RegionOpenNoreturn;
  if (Class == "ordering-hook")
    return Rule == RuleId::EntryHookBeforeEstablish ||
           Rule == RuleId::EntryHookAfterTeardown;
  if (Class == "ordering-before-establish")
    return Rule == RuleId::EntryRegionBeforeEstablish;
  if (Class == "ordering-after-teardown")
    return Rule == RuleId::EntryRegionAfterTeardown;
  if (Class == "ordering")
    return Rule.kind() == RuleKind::Ordering;
  if (Class == "region-balance")
    return Rule.kind() == RuleKind::Region;
  if (Class == "alternative")
    return F.Classification == "alternative";
  if (Class == "indirect")
    return Rule == RuleId::NoinstrIndirectCall;
  if (Class == "not-inlined")
    return F.Classification == "not-inlined";
  if (Class == "direct")
    return Rule == RuleId::NoinstrCall || Rule == RuleId::NoinstrProfilingCall;
  return false;
}

void Explainer::classify(const RuleSet &Rules, Finding &F) {
  // The rules say which classes have a built-in test: those that name no
  // callees (12-explain.json); the others fit by callee name.
  for (const FindingClassRule &C : Rules.Explain.Classes) {
    bool Fits = C.Callees.empty()
                    ? fitsBuiltin(C.Class, F)
                    : (!F.Callee.empty() && F.Rule.kind() == RuleKind::Call &&
                       C.Callees.matches(F.Callee));
    if (Fits) {
      F.Classification = C.Class;
      F.Hint = C.Hint;
      return;
    }
  }
}

Error Explainer::run(Report &R, bool WithGraph) {
  if (!Sources.hasDebugInfo())
    R.Remarks.push_back("no DWARF debug info in the input: locations are "
                        "function+offset only");
  for (Finding &F : R.Findings) {
    if (Sources.hasDebugInfo()) {
      if (Error E = addSource(F.Site))
        return E;
      for (ChainHop &Hop : F.Chain)
        if (Error E = addSource(Hop.Site))
          return E;
    }
    // An out-of-line callee its author declared inline.
    if (F.Classification.empty() && F.Rule == RuleId::NoinstrCall &&
        F.CalleeAddress.valid() && Sources.hasDebugInfo(F.CalleeAddress)) {
      auto InlineOrErr = Sources.declaredInline(F.CalleeAddress);
      if (!InlineOrErr)
        return InlineOrErr.takeError();
      if (*InlineOrErr)
        F.Classification = "not-inlined";
    }
    classify(Rules, F);
  }
  if (!Sources.hasDebugInfo())
    return Error::success();
  for (EntryMapEntry &E : R.EntryMap)
    for (EntryMapStep &S : E.Steps) {
      if (Error Err = addSource(S.Site))
        return Err;
      if (S.Depth > 0)
        if (Error Err = addSource(S.OuterSite))
          return Err;
    }
  if (WithGraph)
    for (CallGraph::Edge &E : R.Graph.Edges)
      if (Error Err = addSource(E.Site))
        return Err;
  return Error::success();
}

} // namespace noinstr
