//===- ObjectSpec.h - compact description of a test object -----*- C++ -*-===//
//
// Test objects are written as functions of hand-assembled x86-64 (or
// AArch64) bytes;
// this turns them into yaml2obj text with sections, relocations, symbols
// and instrumentation markers laid out consistently.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/rules/KernelVersion.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace noinstr::test {

struct FunctionSpec {
  std::string Name;
  std::string Section = ".noinstr.text";
  std::string Hex; ///< machine code
  /// rel32 fields (offset in the function) and the symbol they target
  /// (PLT32, addend -4). In AArch64 objects: BL instructions
  /// (R_AARCH64_CALL26, addend 0).
  std::vector<std::pair<unsigned, std::string>> Rel32;
  bool Global = true;
  /// AArch64 B instructions (R_AARCH64_JUMP26, addend 0): tail calls.
  std::vector<std::pair<unsigned, std::string>> Jump26;
};

struct ObjectSpec {
  std::vector<FunctionSpec> Functions;
  /// instrumentation_begin()/end() NOPs: (function, offset in it).
  std::vector<std::pair<std::string, unsigned>> Begins, Ends;
  /// Extra YAML section items and symbol items, spliced in verbatim.
  std::string ExtraSections, ExtraSymbols;
  /// Use the 6.14+ .discard.annotate_insn encoding for the markers.
  bool AnnotateInsn = false;
  /// An EM_AARCH64 object (no markers exist there).
  bool AArch64 = false;
  /// The kernel whose rules apply (--kernel-version); none: the newest.
  std::optional<KernelVersion> Kernel;

  /// Offset of \p Function in its section.
  unsigned offsetOf(const std::string &Function) const;
  std::string yaml() const;
};

/// A field of a table section: a relocation at Offset against Symbol.
struct TableField {
  unsigned Offset;
  std::string Symbol;
  long Addend;
  std::string Type = "R_X86_64_PC32";
};

/// A kernel table section \p Name (allocated, contents \p ContentHex) and
/// the relocations of its fields, as YAML section items for
/// ObjectSpec::ExtraSections.
std::string tableSection(const std::string &Name, const std::string &ContentHex,
                         const std::vector<TableField> &Fields);

} // namespace noinstr::test
