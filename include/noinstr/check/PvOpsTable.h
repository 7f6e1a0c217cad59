//===- PvOpsTable.h - the known targets of each pv_ops slot ----*- C++ -*-===//
//
// A paravirt call is "call *pv_ops+8N(%rip)". objtool allows it in noinstr
// code when every function that can sit in slot N is noinstr. The targets
// are what static initialisers of pv_ops-shaped tables put there, plus what
// init code stores with "movq $func, pv_ops+8N(%rip)". Built on first use:
// kernels without PARAVIRT never pay for it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/flow/CodeIndex.h"
#include "noinstr/flow/SectionClasses.h"
#include "noinstr/rules/RuleSet.h"

#include "llvm/Support/Error.h"

#include <map>
#include <vector>

namespace noinstr {

class PvOpsTable {
public:
  static llvm::Expected<PvOpsTable> build(Program &P, const RuleSet &Rules);

  /// Functions that may occupy \p Slot and are not in noinstr sections.
  std::vector<SymbolId> instrumentableTargets(int Slot, Program &P,
                                              const SectionClasses &C) const;

private:
  void add(Program &P, const RuleSet &Rules, int Slot, SymbolId Func);
  std::map<int, std::vector<SymbolId>> Targets;
};

} // namespace noinstr
