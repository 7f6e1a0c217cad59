//===- RelocatedSection.h - debug section bytes with relocations applied --===//
//
// In a relocatable object every address and every cross-section offset in
// DWARF is a relocation; the section bytes hold only the addend (RELA: not
// even that). The DebugInfo stage copies the few byte ranges it reads (one
// compilation unit, its line table, its range lists) and applies the
// relocations that fall inside them, never a whole multi-megabyte section
// unless its layout gives no way to find a unit's share of it.
//
// Where a relocated value points is the caller's choice (a Placement): code
// sections get synthetic, non-overlapping base addresses so that addresses
// are unique across sections; offsets into another debug section are kept,
// or rebased when the caller copied only a window of that section.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/object/Program.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace noinstr {

/// A relocated value that has no place in the copy it is written to (an
/// offset outside the window copied from its section). Written as all-ones,
/// so that DWARF readers see an out-of-range offset if they ever follow it,
/// instead of a plausible wrong one.
inline constexpr uint64_t UnplacedValue = ~0ull;

/// Maps "offset \p Offset in section \p Target" (symbol value plus addend) to
/// the value a relocation writes, or UnplacedValue.
using Placement =
    llvm::function_ref<uint64_t(SectionId Target, uint64_t Offset)>;

/// Counters for measuring how lazy the stage really is.
struct RelocationCounts {
  uint64_t Applied = 0;
  uint64_t BytesCopied = 0;
};

/// Copies [Begin, End) of \p Id and applies the relocations inside it. Only
/// the absolute data relocations DWARF uses are accepted (x86-64: 64, 32,
/// 32S; AArch64: ABS64, ABS32); any other type is an error naming the
/// object, the section and the type, as is a value that does not fit its
/// field or a relocation that straddles the end of the range.
llvm::Expected<std::vector<uint8_t>> copyRelocated(Program &P, SectionId Id,
                                                   uint64_t Begin, uint64_t End,
                                                   Placement Place,
                                                   RelocationCounts &Counts);

/// The same for a caller that already fetched the relocations \p Relocs of
/// [Begin, Begin + Copy.size()) and copied the bytes into \p Copy.
llvm::Error applyRelocations(Program &P, SectionId Id, uint64_t Begin,
                             llvm::MutableArrayRef<uint8_t> Copy,
                             llvm::ArrayRef<Relocation> Relocs, Placement Place,
                             RelocationCounts &Counts);

/// Length of the DWARF contribution (unit header through its last byte)
/// starting at \p Offset of \p Data: the unit_length field plus what it
/// counts, DWARF32 or DWARF64. An error when the field is cut off or the
/// contribution runs past the end of \p Data.
llvm::Expected<uint64_t> contributionSize(llvm::ArrayRef<uint8_t> Data,
                                          uint64_t Offset);

} // namespace noinstr
