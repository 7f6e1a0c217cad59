//===- FlowStep.h - everything one instruction does to a walk --*- C++ -*-===//
//
// The walkers (the noinstr check, the entry-path analysis, and the objtool
// emulation) differ in the state they carry, not in where control can go.
// FlowStep is that shared part, computed once per instruction: the ways the
// kernel can leave the instruction before it runs (alternatives, jump
// labels, exception fixups), the call it makes, and its successors, each list
// in the order objtool walks it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/disasm/Instruction.h"
#include "noinstr/flow/CodeIndex.h"

#include <optional>
#include <vector>

namespace noinstr {

/// A call, or a jump that leaves the function (sibling call).
struct CallSite {
  BranchTarget Target;
  bool Dynamic = false;  ///< indirect, or through a retpoline thunk
  bool Sibling = false;  ///< a tail call: the path ends here
  bool Noreturn = false; ///< the callee never returns: the path ends here
};

struct FlowStep {
  const Instruction *Insn = nullptr;
  /// Taken before the instruction runs, walked first: exception fixups,
  /// jump-label targets, alternative replacements (or the code after an
  /// alternative whose replacement is empty).
  std::vector<CodeAddress> Before;
  /// Only the alternatives are checked (objtool's X86_FEATURE_POPCNT rule).
  bool OnlyBefore = false;
  std::optional<CallSite> Call;
  /// A return: ret, or a jump to the return thunk.
  bool Returns = false;
  /// The bytes do not decode.
  bool Invalid = false;
  /// Successors after the instruction: a branch target before the
  /// fall-through, as objtool walks them.
  std::vector<CodeAddress> After;
  /// Where execution continues after the instruction in straight line
  /// (after an alternative's replacement: after the code it replaces).
  CodeAddress FallThrough;
};

} // namespace noinstr
