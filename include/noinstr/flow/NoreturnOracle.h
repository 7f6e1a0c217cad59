//===- NoreturnOracle.h - does a call ever return? -------------*- C++ -*-===//
//
// A call to a function that never returns ends the path; what follows it is
// not reachable from there. As objtool's dead_end_function(): the rules'
// noreturn list, or a non-weak function with neither a return instruction
// nor a sibling call.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/flow/FlowResolver.h"
#include "noinstr/rules/RuleSet.h"

#include "llvm/Support/Error.h"

#include <unordered_map>

namespace noinstr {

class NoreturnOracle {
public:
  NoreturnOracle(FlowResolver &Flow, const RuleSet &Rules)
      : Flow(Flow), Rules(Rules) {}

  llvm::Expected<bool> isNoreturn(SymbolId Func);

private:
  llvm::Expected<bool> compute(SymbolId Func);

  FlowResolver &Flow;
  const RuleSet &Rules;
  std::unordered_map<SymbolId, bool> Known;
};

} // namespace noinstr
