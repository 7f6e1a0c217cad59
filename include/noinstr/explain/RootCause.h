//===- RootCause.h - one finding per cause, not per call -------*- C++ -*-===//
//
// One misplaced instrumentation_end(), or one helper inlined outside a
// region, leaves every call after it (or in it) outside the region: the
// walks see one finding per call, a maintainer sees one mistake. This pass
// runs over the finished findings (after Explainer and Report::finalize)
// and folds the findings of one cause into the first of them, which keeps
// its fingerprint and lists the others (Finding::SameCause). It decides
// nothing about which calls are findings.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/model/Report.h"
#include "noinstr/rules/RuleSet.h"

#include <functional>
#include <optional>

namespace noinstr {

/// For a call left outside a region: the instrumentation_end() that closed
/// the region before it in its function (nothing opened one in between),
/// located with source frames; nullopt when there is none or the input
/// has no markers.
using RegionEndFn = std::function<std::optional<CodeLocation>(const Finding &)>;

/// Folds findings of one cause into one and gives it the cause's class and
/// hint from \p Rules. \p RegionEnd may be empty (source findings).
void groupByRootCause(Report &R, const RuleSet &Rules,
                      const RegionEndFn &RegionEnd);

} // namespace noinstr
