//===- CalleePolicy.h - objtool's noinstr_call_dest(), as data -*- C++ -*-===//
#pragma once

#include "noinstr/check/CalleeVerdict.h"
#include "noinstr/check/PvOpsTable.h"
#include "noinstr/flow/FlowResolver.h"
#include "noinstr/flow/SectionClasses.h"
#include "noinstr/rules/RuleSet.h"

#include "llvm/Support/Error.h"

#include <optional>

namespace noinstr {

class CalleePolicy {
public:
  CalleePolicy(Program &P, const RuleSet &Rules, const SectionClasses &Classes)
      : P(P), Rules(Rules), Classes(Classes) {}

  /// A direct call or sibling call to \p Target.
  CalleeVerdict direct(const BranchTarget &Target) const;
  /// An indirect call; \p Target.Reloc names pv_ops slots.
  llvm::Expected<CalleeVerdict> indirect(const Instruction &Insn,
                                         const BranchTarget &Target);

private:
  Program &P;
  const RuleSet &Rules;
  const SectionClasses &Classes;
  std::optional<PvOpsTable> PvOps; ///< built on the first pv call
};

} // namespace noinstr
