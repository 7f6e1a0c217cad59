//===- SourceLinker.h - the rules over all TUs' facts ----------*- C++ -*-===//
//
// The link step: joins the facts of every TU into one program of functions
// and walks each non-instrumentable function along its reduced CFG, with
// always-inline callees walked in the caller's context, as the binary check
// walks machine code: region depth for the noinstr-call rules, entry state
// for the ordering rules. Findings use the rule ids of the binary analysis.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/model/CallGraph.h"
#include "noinstr/model/Finding.h"
#include "noinstr/rules/RuleSet.h"
#include "noinstr/source/SourceFacts.h"

#include <vector>

namespace noinstr {

/// A call written in non-instrumentable code (or in an inline function
/// walked in its context), and whether an instrumentation region written
/// in the source encloses it on every path that reaches it.
struct SourceCallSite {
  SourceLocation At; ///< where the call is written
  std::string Callee; ///< "" for an indirect call
  bool InRegion = false;
};

struct SourceLinkResult {
  std::vector<Finding> Findings;
  /// Every call site walked, sorted by file, line, column and callee.
  std::vector<SourceCallSite> CallSites;
  /// The calls out of non-instrumentable functions (inline callees are
  /// part of their callers), for the diagrams.
  CallGraph Graph;
  size_t Functions = 0;   ///< distinct functions in the facts
  size_t EntryPoints = 0; ///< functions the entry rules name
};

SourceLinkResult linkFacts(const std::vector<TuFacts> &Units,
                           const RuleSet &Rules);

} // namespace noinstr
