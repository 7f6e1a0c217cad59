//===- SyntheticReport.h - a report exercising every renderer --*- C++ -*-===//
//
// Shared by the renderer unit tests and the sample program the SARIF schema
// and browser tests run: a 3-hop entry chain with states and inlined source
// frames, a dynamic callee, a rule without a callee, and a finding whose
// names try every way out of DOT, HTML and the file system.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/model/Report.h"

#include <string>

namespace noinstr {
namespace test {

/// The function and callee names of the hostile finding.
extern const char *const HostileFunction;
std::string hostileCallee();

/// Findings in finalize() order:
///   0 noinstr-call          do_work -> trace_thing, 3-hop chain, 2 frames
///   1 noinstr-indirect-call do_work -> {dynamic}, no chain, no source,
///                           no fingerprint
///   2 region-return-open    do_work, no callee, absolute source path
///   3 noinstr-call          hostile names, message and notes
Report syntheticReport();

} // namespace test
} // namespace noinstr
