//===- Relocation.h - one RELA entry ---------------------------*- C++ -*-===//
#pragma once

#include "noinstr/model/CodeAddress.h"

#include <cstdint>

namespace noinstr {

/// A relocation applied to a section: at Offset, of Type, against Symbol
/// (a program-wide id, already resolved across objects for undefined
/// globals where a definition exists) with Addend.
struct Relocation {
  uint64_t Offset = 0;
  uint32_t Type = 0;
  SymbolId Symbol = NoSymbol;
  int64_t Addend = 0;
};

} // namespace noinstr
