//===- CodeLocation.h - where a finding is, for people ---------*- C++ -*-===//
#pragma once

#include "noinstr/model/CodeAddress.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace noinstr {

/// A source position (from DWARF, or from the source analyzer).
struct SourceLocation {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
  std::string Function; ///< the (possibly inlined) function at this frame

  /// "file:line:col" as compilers print it, the line and the column only
  /// when known (not 0). The one rendering of a source position in text.
  std::string str() const;
};

/// Whether \p Dwarf (a path as the kernel's build saw it, often absolute:
/// an absolute build path ending in arch/...) and \p Source (from the source facts,
/// relative to the source tree) name the same file.
bool sameSourceFile(llvm::StringRef Dwarf, llvm::StringRef Source);

/// The function name as written in the source: compiler clones (.isra.0,
/// .constprop.0, .cold) carry a suffix the source never has.
llvm::StringRef sourceName(llvm::StringRef Symbol);

/// An instruction, named the way objtool names it ("sym+0xoff"), with its
/// section offset and, where debug info has it, the source frames from the
/// innermost inlined one outwards.
struct CodeLocation {
  std::string Object;
  std::string Section;
  uint64_t SectionOffset = 0;
  std::string Symbol; ///< enclosing symbol; empty in a symbol hole
  uint64_t SymbolOffset = 0;
  std::vector<SourceLocation> Source;
  /// The instruction in the analysed program (not rendered): lets later
  /// stages add source lines without searching by name.
  CodeAddress Address;

  /// Whether this is a machine-code location; the source analyzer's have
  /// only Symbol (the function) and Source.
  bool hasAddress() const { return !Section.empty(); }
  /// "sym+0x1c", or "section+0x1c" in a symbol hole; the function name for
  /// a location without an address.
  std::string str() const;
};

} // namespace noinstr
