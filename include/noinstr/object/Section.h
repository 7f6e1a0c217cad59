//===- Section.h - one section of an input object --------------*- C++ -*-===//
#pragma once

#include "noinstr/model/CodeAddress.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace noinstr {

/// A section of an input object. Contents point into the mapped file; they
/// are not copied.
struct Section {
  llvm::StringRef Name;
  uint32_t Object = 0;    ///< Index of the object in the Program.
  uint32_t ElfIndex = 0;  ///< Section header index inside that object.
  uint32_t RelaIndex = 0; ///< Index of its SHT_RELA section, 0 if none.
  uint64_t Size = 0;
  bool Executable = false;
  bool HasBits = false;   ///< SHT_NOBITS sections have no contents.
};

} // namespace noinstr
