//===- Explainer.h - what, where, why and how to fix -----------*- C++ -*-===//
//
// The last stage before rendering: every location in the report gets its
// source frames from DWARF (inlined frames expanded), and every finding a
// class (why the offending edge exists) and a fix hint from the rules.
// Without debug info the report keeps function+offset and says so once.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/debuginfo/SourceMap.h"
#include "noinstr/model/Report.h"
#include "noinstr/rules/RuleSet.h"

#include "llvm/Support/Error.h"

namespace noinstr {

class Explainer {
public:
  Explainer(const RuleSet &Rules, SourceMap &Sources)
      : Rules(Rules), Sources(Sources) {}

  /// Adds source frames and classes to \p R. \p WithGraph also locates
  /// every call-graph edge (only diagrams need them).
  llvm::Error run(Report &R, bool WithGraph);

  /// Gives \p F its class and fix hint from the rules (first class that
  /// fits); also used for the source analyzer's findings.
  static void classify(const RuleSet &Rules, Finding &F);

private:
  llvm::Error addSource(CodeLocation &L);

  const RuleSet &Rules;
  SourceMap &Sources;
};

} // namespace noinstr
