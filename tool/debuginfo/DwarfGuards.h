//===- DwarfGuards.h - DWARF that LLVM's reader must not see ---*- C++ -*-===//
//
// LLVM's DWARF reader reports most damage through its error handlers, but a
// few inputs reach llvm_unreachable, which a release build of LLVM turns
// into undefined behaviour (found by SourceMapTest's random damage): a form
// that DWARFFormValue::extractValue has no case for (DW_FORM_indirect's
// target, DW_FORM_addrx3, unknown codes) in an abbreviation or in a DWARF 5
// line table's entry formats; and a DWARF 5 line table whose directory or
// file count is far beyond its header's bytes makes it loop that many
// times. These checks look at exactly those fields, before a unit is handed
// to LLVM, and turn them into errors.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>

namespace noinstr {

/// Checks the forms of the abbreviation set at \p Offset of .debug_abbrev
/// \p Abbrev (declarations up to the terminating 0 code, or as far as they
/// can be read: LLVM reports the rest).
llvm::Error checkAbbreviations(llvm::ArrayRef<uint8_t> Abbrev, uint64_t Offset);

/// Checks the header of each line table in \p Tables (one unit's window of
/// .debug_line, relocated, copied from \p SectionOffset) for entry formats
/// and counts LLVM can read. Tables before version 5 have neither and pass.
llvm::Error checkLineTables(llvm::ArrayRef<uint8_t> Tables,
                            uint64_t SectionOffset);

} // namespace noinstr
