//===- Baseline.h - only new findings fail a CI run ------------*- C++ -*-===//
//
// A baseline is the set of fingerprints of a reviewed run. Fingerprints come
// from (rule, entry point, function, callee), never from offsets or lines,
// so rebuilding the kernel or editing unrelated code does not make an old
// finding new.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/report/Report.h"
#include "noinstr/rules/Waiver.h"

#include "llvm/Support/Error.h"

#include <set>
#include <string>
#include <vector>

namespace noinstr {

/// Writes the fingerprints of \p R (notes excluded) to \p File.
llvm::Error writeBaseline(const Report &R, const std::string &File);
/// Reads a baseline written by writeBaseline.
llvm::Expected<std::set<std::string>> readBaseline(const std::string &File);
/// Marks findings whose fingerprint is not in \p Known as new.
void markNew(Report &R, const std::set<std::string> &Known);
/// Removes waived findings from \p R (recording them in R.Waived) and
/// reports waivers that match nothing in R.Remarks.
void applyWaivers(Report &R, const std::vector<Waiver> &Waivers);

} // namespace noinstr
