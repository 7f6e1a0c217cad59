//===- FlowResolver.h - objtool's rules for jumps and owners ---*- C++ -*-===//
//
// Decides, for one instruction, which symbol owns it and what a jump or a
// call means: a branch inside the function, a sibling (tail) call, a return
// through the return thunk, or an indirect transfer. These are objtool's
// rules (add_jump_destinations, jump_is_sibling_call, add_call_destinations)
// because they decide which findings exist; the walkers and the noreturn
// analysis share them.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/flow/CodeIndex.h"
#include "noinstr/flow/FlowStep.h"
#include "noinstr/flow/SpecialSections.h"
#include "noinstr/flow/Transfer.h"
#include "noinstr/rules/RuleSet.h"

#include "llvm/Support/Error.h"

namespace noinstr {

class NoreturnOracle;

class FlowResolver {
public:
  FlowResolver(CodeIndex &Code, const RuleSet &Rules,
               const SpecialSections &Special)
      : Code(Code), P(Code.program()), Rules(Rules), Special(Special) {}

  /// The symbol owning the instruction at \p Addr (replacement code is owned
  /// by the owner of the code it replaces), or NoSymbol in a symbol hole.
  SymbolId ownerOf(CodeAddress Addr);
  /// The function owning \p Addr, with ".cold" parts mapped to their parent;
  /// NoSymbol when the owner is not a function.
  SymbolId functionOf(CodeAddress Addr);
  /// A function symbol mapped to its parent if it is a ".cold" part.
  SymbolId parentOf(SymbolId Func);

  /// What the direct or indirect jump \p Insn at \p At does.
  llvm::Expected<Transfer> jump(const Instruction &Insn, CodeAddress At);
  /// The target of the call \p Insn at \p At; Dynamic is set for indirect
  /// calls and calls to retpoline thunks.
  struct Call {
    BranchTarget Target;
    bool Dynamic = false;
  };
  llvm::Expected<Call> call(const Instruction &Insn, CodeAddress At);

  /// The address where code continues after \p Insn at \p At falls through:
  /// after an alternative's replacement, after the code it replaced.
  CodeAddress fallThrough(const Instruction &Insn, CodeAddress At) const;

  /// Whether the dead end (ud2, noreturn call) \p Insn at \p At is
  /// annotated reachable, so that the path goes on after it.
  bool reachable(const Instruction &Insn, CodeAddress At) const;

  /// Everything the instruction at \p At does to a walk; \p Noreturn
  /// decides whether a direct call's target returns.
  llvm::Expected<FlowStep> step(CodeAddress At, NoreturnOracle &Noreturn);

  CodeIndex &code() { return Code; }
  const SpecialSections &special() const { return Special; }

private:
  bool startsSymbol(CodeAddress Dest, SymbolId Sym);
  llvm::Expected<std::vector<CodeAddress>>
  switchTargets(const Instruction &Insn, CodeAddress At, SymbolId Func);
  llvm::Expected<std::optional<CodeAddress>> tableIn(CodeAddress At,
                                                     const Instruction &Insn);

  CodeIndex &Code;
  Program &P;
  const RuleSet &Rules;
  const SpecialSections &Special;
};

} // namespace noinstr
