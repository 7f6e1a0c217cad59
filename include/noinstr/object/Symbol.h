//===- Symbol.h - one ELF symbol of an input object ------------*- C++ -*-===//
#pragma once

#include "noinstr/model/CodeAddress.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/BinaryFormat/ELF.h"

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
  bool isFunction() const { return Type == llvm::ELF::STT_FUNC; }
  bool isSection() const { return Type == llvm::ELF::STT_SECTION; }
  bool isGlobal() const {
    return Binding == llvm::ELF::STB_GLOBAL || Binding == llvm::ELF::STB_WEAK;
  }
  bool isWeak() const { return Binding == llvm::ELF::STB_WEAK; }
};

} // namespace noinstr
