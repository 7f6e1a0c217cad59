//===- Baseline.h - only new findings fail a CI run ------------*- C++ -*-===//
//
// A baseline is the set of fingerprints of a reviewed run. Fingerprints come
// from (rule, entry point, function, callee), never from offsets or lines,
// so rebuilding the kernel or editing unrelated code does not make an old
// finding new.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/model/Report.h"
#include "noinstr/rules/Waiver.h"

#include "llvm/Support/Error.h"

#include <map>
#include <string>
#include <vector>

namespace noinstr {

/// A read baseline: fingerprint -> what it was ("rule in function ->
/// callee"), to name entries that no longer occur.
using BaselineEntries = std::map<std::string, std::string>;

/// Writes the fingerprints of \p R (notes excluded; every call of a
/// grouped finding, so a baseline survives regrouping) to \p File.
llvm::Error writeBaseline(const Report &R, const std::string &File);
/// Reads a baseline written by writeBaseline.
llvm::Expected<BaselineEntries> readBaseline(const std::string &File);
/// Marks findings whose fingerprint is not in \p Known as new, and lists
/// the entries of \p Known no finding has any more (R.StaleBaseline).
void markNew(Report &R, const BaselineEntries &Known);
/// Removes waived findings from \p R (recording them in R.Waived) and
/// reports waivers that match nothing in R.Remarks.
void applyWaivers(Report &R, const std::vector<Waiver> &Waivers);

} // namespace noinstr
