//===- Transfer.h - where a jump takes control -----------------*- C++ -*-===//
#pragma once

#include "noinstr/flow/CodeIndex.h"

namespace noinstr {

enum class TransferKind {
  Branch,             ///< continue at Dest within the same code
  SiblingCall,        ///< tail call to Target.Callee
  DynamicSiblingCall, ///< indirect tail call (or retpoline jump)
  Return,             ///< jmp __x86_return_thunk
  Nowhere,            ///< the path ends (asm jumping to another object)
};

struct Transfer {
  TransferKind Kind = TransferKind::Nowhere;
  CodeAddress Dest;
  BranchTarget Target;
};

} // namespace noinstr
