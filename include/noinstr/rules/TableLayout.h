//===- TableLayout.h - entry layout of a special section -------*- C++ -*-===//
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace noinstr {

/// Where the fields of a fixed-size entry table (.altinstructions,
/// __jump_table, __ex_table, .discard.unwind_hints) sit. Code-address fields
/// are PC32 relocations at the given byte offset; length and feature fields
/// are plain bytes. Field names are those of the rules file.
struct TableLayout {
  std::string Section;
  uint32_t EntrySize = 0;
  std::map<std::string, uint32_t> Fields;

  /// Byte offset of \p Field in an entry; the field must exist (the loader
  /// checks every field the analysis uses).
  uint32_t field(const std::string &Field) const { return Fields.at(Field); }
};

} // namespace noinstr
