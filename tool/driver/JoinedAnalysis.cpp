//===- JoinedAnalysis.cpp -------------------------------------------------===//
#include "noinstr/driver/JoinedAnalysis.h"
#include "noinstr/driver/BinaryAnalysis.h"
#include "noinstr/driver/SourceAnalysis.h"
#include "noinstr/source/SourceJoin.h"
#include "noinstr/source/SourceLinker.h"

#include <optional>
#include <utility>

using namespace llvm;

namespace noinstr {

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
