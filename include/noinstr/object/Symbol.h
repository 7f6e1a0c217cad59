//===- Symbol.h - one ELF symbol of an input object ------------*- C++ -*-===//
#pragma once

#include "noinstr/object/CodeAddress.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace noinstr {

/// An ELF symbol. Section is NoSection for undefined, absolute and common
/// symbols. Value is the offset of the symbol in its section.
struct Symbol {
  llvm::StringRef Name;
  SectionId Section = NoSection;
  uint64_t Value = 0;
  uint64_t Size = 0;
  uint8_t Type = 0;    ///< STT_*
  uint8_t Binding = 0; ///< STB_*
  bool Undefined = false;

  CodeAddress address() const { return {Section, Value}; }
  bool isFunction() const;
  bool isSection() const;
  bool isGlobal() const;
  bool isWeak() const;
};

} // namespace noinstr
