//===- Acceptance.cpp -----------------------------------------------------===//
#include "noinstr/driver/Acceptance.h"
#include "noinstr/report/Baseline.h"

namespace noinstr {

llvm::Error acceptFindings(Report &R, const RuleSet &Rules,
                           const Options &Opts) {
  applyWaivers(R, Rules.Waivers);
  if (!Opts.BaselineFile.empty())
    markNew(R, Opts.Baseline);
  if (!Opts.WriteBaselineFile.empty())
    return writeBaseline(R, Opts.WriteBaselineFile);
  return llvm::Error::success();
}

} // namespace noinstr
