//===- Transfer.h - where a jump takes control -----------------*- C++ -*-===//
#pragma once

#include "noinstr/flow/CodeIndex.h"

#include <vector>

namespace noinstr {

enum class TransferKind {
  Branch,             ///< continue at Dest within the same code
  JumpTable,          ///< switch: continue at every one of Dests
  SiblingCall,        ///< tail call to Target.Callee
  DynamicSiblingCall, ///< indirect tail call (or retpoline jump)
  Return,             ///< jmp __x86_return_thunk
  Nowhere,            ///< the path ends (asm jumping to another object)
};

struct Transfer {
  TransferKind Kind = TransferKind::Nowhere;
  CodeAddress Dest;
  std::vector<CodeAddress> Dests; ///< JumpTable targets
  BranchTarget Target;
};

} // namespace noinstr
