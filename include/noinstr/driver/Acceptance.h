//===- Acceptance.h - what a CI run accepts --------------------*- C++ -*-===//
#pragma once

#include "noinstr/driver/Options.h"
#include "noinstr/model/Report.h"
#include "noinstr/rules/RuleSet.h"

#include "llvm/Support/Error.h"

namespace noinstr {

/// The same for every analysis, after Report::finalize(): waivers from the
/// rules (each with its reason), --baseline (only new findings fail) and
/// --write-baseline.
llvm::Error acceptFindings(Report &R, const RuleSet &Rules,
                           const Options &Opts);

} // namespace noinstr
