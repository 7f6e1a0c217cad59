//===- RootCause.cpp ------------------------------------------------------===//
#include "noinstr/explain/RootCause.h"

#include "noinstr/explain/Explainer.h"

#include <map>
#include <tuple>

namespace noinstr {

/// Findings that can share a cause: calls out of noinstr code outside a
/// region (not region-balance or ordering findings, which are about the
/// regions themselves).
static bool callOutsideRegion(const Finding &F) {
  return F.Rule.kind() == RuleKind::Call;
}

namespace {
/// What findings of one cause have in common: the cause, the function and
/// entry point they are in, their severity, and where the cause is.
struct CauseKey {
  std::string Cause, Function, Entry;
  Severity Level;
  std::string Where; ///< the cause's location, printed
  auto tie() const { return std::tie(Cause, Function, Entry, Level, Where); }
  bool operator<(const CauseKey &O) const { return tie() < O.tie(); }
};

std::string whereKey(const CodeLocation &L) {
  std::string Key = L.Object + ":" + L.Section + "+" + std::to_string(L.SectionOffset);
  if (!L.Source.empty())
    Key += ":" + L.Source.front().File + ":" +
           std::to_string(L.Source.front().Line) + ":" +
           std::to_string(L.Source.front().Column);
  return Key;
}
} // namespace

void groupByRootCause(Report &R, const RuleSet &Rules,
                      const RegionEndFn &RegionEnd) {
  // The cause of each candidate: the region end before it wins (moving
  // that end is the fix even when the calls come from an inlined helper),
  // else the helper inlined into the function that holds the calls.
  struct Candidate {
    CauseKey Key;
    CodeLocation Site;
  };
  std::vector<std::optional<Candidate>> Causes(R.Findings.size());
  std::map<CauseKey, size_t> Members;
  for (size_t I = 0; I < R.Findings.size(); ++I) {
    const Finding &F = R.Findings[I];
    if (!callOutsideRegion(F))
      continue;
    CauseKey Key{"", F.Function,
                 F.Chain.empty() ? F.Function : F.Chain.front().Function,
                 F.Level, ""};
    CodeLocation Site;
    if (std::optional<CodeLocation> End =
            RegionEnd ? RegionEnd(F) : std::nullopt) {
      Key.Cause = "region-end";
      Site = std::move(*End);
    } else if (F.Site.Source.size() >= 2) {
      // Frames run innermost first: the last but one is the helper inlined
      // into the function, the last its call site there.
      Key.Cause = "inlined-helper";
      const std::vector<SourceLocation> &S = F.Site.Source;
      Site.Symbol = S[S.size() - 2].Function;
      Site.Source = {S.back()};
    } else {
      continue;
    }
    Key.Where = Key.Cause == "inlined-helper" ? Site.Symbol + "@" + whereKey(Site)
                                              : whereKey(Site);
    ++Members[Key];
    Causes[I] = Candidate{std::move(Key), std::move(Site)};
  }

  // Fold: the first finding of a cause (findings are sorted by address)
  // stands for it and keeps its fingerprint.
  std::map<CauseKey, size_t> Leader;
  std::vector<Finding> Kept;
  Kept.reserve(R.Findings.size());
  for (size_t I = 0; I < R.Findings.size(); ++I) {
    Finding &F = R.Findings[I];
    if (!Causes[I] || Members[Causes[I]->Key] < 2) {
      Kept.push_back(std::move(F));
      continue;
    }
    auto [It, First] = Leader.try_emplace(Causes[I]->Key, Kept.size());
    if (First) {
      F.Cause = Causes[I]->Key.Cause;
      F.CauseSite = std::move(Causes[I]->Site);
      Kept.push_back(std::move(F));
      continue;
    }
    // Each call keeps its own objtool verdict (objtool reports one of them).
    Kept[It->second].SameCause.push_back(std::move(F));
  }
  R.Findings = std::move(Kept);

  // Notes that share a fingerprint (a die path reached at two sites of one
  // function) are one note.
  std::map<std::string, size_t> NoteAt;
  Kept.clear();
  for (Finding &F : R.Findings) {
    if (F.Level != Severity::Note) {
      Kept.push_back(std::move(F));
      continue;
    }
    auto [It, First] = NoteAt.try_emplace(F.Fingerprint, Kept.size());
    if (First)
      Kept.push_back(std::move(F));
    else
      Kept[It->second].SameCause.push_back(std::move(F));
  }
  R.Findings = std::move(Kept);

  for (Finding &F : R.Findings) {
    if (F.Cause.empty())
      continue;
    size_t More = F.SameCause.size();
    F.Message += ", and " + std::to_string(More) +
                 (More == 1 ? " more call " : " more calls ") +
                 (F.Cause == "region-end"
                      ? "after the same instrumentation_end()"
                      : "of the same inlined '" + F.CauseSite.Symbol + "'");
    Explainer::classify(Rules, F);
  }
}

} // namespace noinstr
