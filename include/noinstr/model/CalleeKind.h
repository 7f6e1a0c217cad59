//===- CalleeKind.h - how a call reaches its callee ------------*- C++ -*-===//
//
// Set where a call is resolved (the binary's callee policy, the source
// linker) and carried by findings and call-graph edges, so that the
// writers never guess from a callee's name how it was called.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace noinstr {

enum class CalleeKind : uint8_t {
  Direct,    ///< the call or its relocation names the target
  Indirect,  ///< through a register or memory: the target is unknown
  TableSlot, ///< through a slot of the call table the rules name (pv_ops)
};

/// How reports name the unknown target of an indirect call (objtool's
/// name for it).
inline constexpr llvm::StringLiteral IndirectCalleeName = "{dynamic}";

} // namespace noinstr
