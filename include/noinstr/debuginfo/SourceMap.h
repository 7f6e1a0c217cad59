//===- SourceMap.h - code addresses to source lines, lazily ----*- C++ -*-===//
//
// The DebugInfo stage: the source frames (file, line, column, function, with
// every inlined frame) of an instruction, read from the DWARF of the object
// that holds it.
//
// "DWARF only when a diagnostic needs a location": a vmlinux.o carries
// hundreds of megabytes of DWARF and millions of relocations into it, and a
// run asks about a handful of instructions. LLVM's DWARFContext on a
// relocatable ObjectFile applies every relocation of every debug section
// when it is built; this stage instead
//   - gives each SHF_ALLOC section a synthetic, non-overlapping base address
//     (all sections of a .o start at 0, so section offsets are ambiguous),
//   - finds the compilation unit of an address through .debug_aranges (a
//     small table, relocated whole),
//   - builds one DWARFContext per compilation unit asked about, over a copy
//     of that unit's .debug_info bytes and of its own line table and range
//     lists, with their relocations applied; string and abbreviation tables
//     are used in place, unrelocated and uncopied,
// and keeps each unit's context for later lookups. On the x86-64 defconfig
// vmlinux.o (2.7 M relocations in .rela.debug_info), ten lookups in
// .noinstr.text read 9 of 2,847 units: ~25 ms and ~2 MB of heap, against
// 7.7 s and 650 MB for llvm-symbolizer's eager context on the same file.
//
// Not thread-safe: lookups build and cache contexts.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/model/CodeAddress.h"
#include "noinstr/model/CodeLocation.h"
#include "noinstr/object/Program.h"
#include "noinstr/support/Diagnostics.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace llvm {
class DWARFDie;
} // namespace llvm

namespace noinstr {

class SourceMap {
public:
  /// Cheap: reads no section contents and parses nothing. Damaged DWARF
  /// (a unit, or an object's range table) is reported to \p Diags once and
  /// its addresses have no source lines.
  SourceMap(Program &P, Diagnostics &Diags);
  ~SourceMap();
  SourceMap(const SourceMap &) = delete;
  SourceMap &operator=(const SourceMap &) = delete;

  /// Some input object has both .debug_info and .debug_line.
  bool hasDebugInfo() const;
  /// The object holding \p Addr has both .debug_info and .debug_line.
  bool hasDebugInfo(CodeAddress Addr) const;

  /// Source frames for the instruction at \p Addr, innermost first: frame 0
  /// is the line of \p Addr itself with Function the innermost (possibly
  /// inlined) function; each next frame is the call site of the previous
  /// inlined function inside its caller, the last being in the concrete
  /// (out-of-line) function. Empty when there is no line information for
  /// \p Addr, or when its unit is damaged (a warning). An error only when
  /// the object file cannot be read again.
  llvm::Expected<std::vector<SourceLocation>> lookup(CodeAddress Addr);

  /// An inlined call that left no instruction: its body compiled to nothing
  /// on this config (arm64 enter_from_user_mode() without lockdep or user
  /// context tracking), so no address maps to it, but DWARF still records
  /// where it happened (DW_AT_entry_pc).
  struct EmptyInline {
    CodeAddress At;       ///< the instruction it was inlined before
    std::string Function; ///< the inlined function
    SourceLocation Call;  ///< where it was called (file, line, column)
  };
  /// The empty inlined calls in the function starting at \p FunctionStart
  /// whose function \p Wanted accepts, outermost only (a wanted call's own
  /// inlined calls are not listed), in DWARF order.
  llvm::Expected<std::vector<EmptyInline>>
  emptyInlinedCalls(CodeAddress FunctionStart,
                    llvm::function_ref<bool(llvm::StringRef)> Wanted);

  /// Whether the function starting at \p FunctionStart is an out-of-line
  /// copy of a function its author meant to inline: its DWARF subprogram
  /// says declared_inlined or declared_not_inlined, or it is a static
  /// function defined in a header (a kernel "static inline" helper).
  llvm::Expected<bool> declaredInline(CodeAddress FunctionStart);

  /// Where the unit holding \p Addr was built from. Build: DW_AT_comp_dir,
  /// where the compiler ran (kbuild: the top of the build directory, the
  /// source tree itself in an in-tree build). Sources: the directory every
  /// file of the unit's line table outside Build shares (an O= build's
  /// source tree: the unit's own file and the headers it read); empty when
  /// they are all in one directory (an assembler unit) or share only "/".
  /// Both end in '/'.
  struct UnitDirs {
    std::string Build, Sources;
  };
  llvm::Expected<UnitDirs> unitDirs(CodeAddress Addr);

  /// What the lookups so far have cost.
  struct Statistics {
    unsigned UnitsParsed = 0;        ///< per-unit DWARF contexts built
    uint64_t RelocationsApplied = 0; ///< in all copied DWARF ranges
    uint64_t BytesCopied = 0;        ///< DWARF bytes copied to relocate them
  };
  Statistics statistics() const;

private:
  struct ObjectDwarf;
  struct Unit;

  llvm::Error placeSections();
  /// Where a relocation to offset \p Off of section \p T points in the
  /// synthetic layout: code at its section's base, debug sections by
  /// offset (a Placement, for copies not cut to a window).
  std::function<uint64_t(SectionId T, uint64_t Off)> placedInLayout() const;
  llvm::Error loadAranges(ObjectDwarf &O);
  /// Ranges of the units loadAranges did not find listed.
  llvm::Error rangesFromUnits(ObjectDwarf &O);
  /// The unit at \p Offset, parsed and cached; null when it is broken
  /// (reported once).
  Unit *unitAt(ObjectDwarf &O, uint64_t Offset);
  /// checkAbbreviations (DwarfGuards.h) on the set at \p Offset of the
  /// object's .debug_abbrev, once per set.
  llvm::Error checkAbbreviationSet(ObjectDwarf &O, uint64_t Offset);
  /// Marks the unit broken and warns, naming it and \p Problem.
  void skipUnit(ObjectDwarf &O, uint64_t Offset, llvm::StringRef Problem);
  /// False, after skipUnit, when LLVM reported problems reading \p U.
  bool usable(ObjectDwarf &O, uint64_t Offset, Unit &U);
  /// The units whose ranges hold \p Addr, nearest first; sets \p Address to
  /// its place in the synthetic layout.
  llvm::Expected<std::vector<uint64_t>> unitsHolding(CodeAddress Addr,
                                                     uint64_t &Address);
  /// Calls \p Visit with the subprogram DIE at \p FunctionStart of each
  /// well-formed unit that may hold it, nearest first, until it returns
  /// true.
  llvm::Error forEachFunctionDie(
      CodeAddress FunctionStart,
      llvm::function_ref<bool(Unit &, llvm::DWARFDie Function)> Visit);
  /// The unit at \p Offset read for LLVM; with \p UnitDieOnly just its
  /// header and unit DIE (enough for the unit's address ranges, without
  /// copying the rest of it or its line table), when that DIE's end can be
  /// found.
  llvm::Expected<std::unique_ptr<Unit>>
  buildUnit(ObjectDwarf &O, uint64_t Offset, bool UnitDieOnly = false);
  llvm::Expected<std::pair<uint64_t, uint64_t>>
  contributionAround(ObjectDwarf &O, SectionId Id, uint64_t Offset);
  llvm::Expected<llvm::StringRef> wholeSection(ObjectDwarf &O, SectionId Id);

  Program &P;
  Diagnostics &Diags;
  std::vector<std::unique_ptr<ObjectDwarf>> Objects; ///< by object index
  /// Synthetic address of each section's offset 0 (0 for non-SHF_ALLOC
  /// sections, whose offsets DWARF uses as they are), by SectionId; built
  /// on the first lookup.
  std::vector<uint64_t> Bases;
  std::vector<bool> Allocated;
  Statistics Stats;
};

} // namespace noinstr
