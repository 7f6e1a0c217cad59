//===- SarifWriter.h - the report as SARIF 2.1.0 ---------------*- C++ -*-===//
//
// SARIF is what code-scanning services (GitHub, GitLab, IDE viewers) read.
// The writer renders a Report; it decides nothing: rules come from the rule
// catalog, results are the findings in their final order, chains become
// code flows and inlined source frames become related locations.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/model/Report.h"

#include "llvm/Support/raw_ostream.h"

namespace noinstr {

/// Writes \p R as one SARIF 2.1.0 log with a single run. The output is
/// deterministic: keys in a fixed order, findings in Report order, and
/// nothing taken from the clock or the environment.
void writeSarif(const Report &R, llvm::raw_ostream &OS);

} // namespace noinstr
