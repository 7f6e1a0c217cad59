//===- SourceMap.cpp - code addresses to source lines, lazily -------------===//
//
// How a lookup finds its lines, and what it touches:
//
//  1. Section placement (first lookup, once): every SHF_ALLOC section of
//     every object gets a base address, laid out one after the other from
//     1 MiB up, so that "base + offset" names one byte of code. Non-alloc
//     sections keep base 0: DWARF refers into them by plain offsets. The
//     flags come from the section headers, which Program does not keep, so
//     the object's file is mapped once more and only its headers are read.
//  2. .debug_aranges (first lookup in an object): copied whole with its
//     relocations (a few thousand: one per function range) and turned into
//     a sorted table of address ranges to .debug_info unit offsets. A
//     unit it does not list (clang lists only assembly units) gets its
//     ranges from its header and unit DIE alone, found from its
//     abbreviation and copied with the .debug_addr/.debug_rnglists
//     contributions they index: neither the rest of the unit nor its line
//     table is read until an address in it is looked up.
//  3. The unit (first lookup in it): its .debug_info bytes are copied and
//     relocated. The other sections it refers to are split three ways:
//       - unit-structured sections (.debug_line, .debug_rnglists,
//         .debug_addr, .debug_str_offsets): only the unit's own
//         contribution is copied and relocated, a window; references into
//         it are rebased to the window's start;
//       - sections without relocations (.debug_abbrev, .debug_str,
//         .debug_line_str): read in place from the mapped file;
//       - anything else with relocations (DWARF 4 .debug_ranges, whose
//         lists have no unit headers to cut along): copied and relocated
//         whole, once per object.
//     An LLVM DWARFContext over exactly these bytes answers the lookup,
//     and is kept for the next lookup in the same unit.
//
// Location lists (.debug_loc/.debug_loclists) are never read: lines and
// inlined frames do not need them.
//
// LLVM reports what it cannot parse through handlers instead of failing
// the query; they are collected per unit, and any error (and any warning,
// which is how LLVM reports a unit header it rejects) makes the unit
// broken: a partly readable unit gives partly wrong frames. A broken unit
// (or a range table that cannot be read) is a warning to the Diagnostics
// sink, once, naming the object and the unit; its addresses then have no
// source lines, as if built without -g, and the run goes on. The few kinds
// of damage LLVM does not survive are checked before it sees a unit
// (DwarfGuards.h).
//
//===----------------------------------------------------------------------===//
#include "noinstr/debuginfo/SourceMap.h"

#include "DwarfGuards.h"
#include "RelocatedSection.h"

#include "noinstr/support/InputError.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/DebugInfo/DWARF/DWARFCompileUnit.h"
#include "llvm/DebugInfo/DWARF/DWARFContext.h"
#include "llvm/DebugInfo/DWARF/DWARFAbbreviationDeclaration.h"
#include "llvm/DebugInfo/DWARF/DWARFFormValue.h"
#include "llvm/DebugInfo/DWARF/DWARFObject.h"
#include "llvm/Object/ELF.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

using namespace llvm;

namespace noinstr {

namespace {

/// Where the first synthetic section base lies: away from 0, which DWARF
/// consumers treat as "no address" in places.
constexpr uint64_t FirstBase = 0x100000;
constexpr uint64_t BaseAlign = 0x1000;

/// A [Begin, End) slice of a debug section copied for one unit.
struct Window {
  uint64_t Begin = 0;
  uint64_t End = 0;
};

/// The DWARF sections of one unit, as LLVM's reader sees them: every
/// relocation already applied, nothing to look up in find().
class UnitObject final : public DWARFObject {
public:
  std::string FileName;
  DWARFSection Info, Line, Rnglists, Ranges, Addr, StrOffsets;
  StringRef Abbrev, Str, LineStr;
  /// Owns the copied bytes the sections above point into.
  std::vector<std::vector<uint8_t>> Storage;

  StringRef own(std::vector<uint8_t> Bytes) {
    Storage.push_back(std::move(Bytes));
    const std::vector<uint8_t> &B = Storage.back();
    return StringRef(reinterpret_cast<const char *>(B.data()), B.size());
  }

  StringRef getFileName() const override { return FileName; }
  bool isLittleEndian() const override { return true; }
  uint8_t getAddressSize() const override { return 8; }
  void forEachInfoSections(
      function_ref<void(const DWARFSection &)> F) const override {
    F(Info);
  }
  StringRef getAbbrevSection() const override { return Abbrev; }
  const DWARFSection &getLineSection() const override { return Line; }
  StringRef getLineStrSection() const override { return LineStr; }
  StringRef getStrSection() const override { return Str; }
  const DWARFSection &getRangesSection() const override { return Ranges; }
  const DWARFSection &getRnglistsSection() const override { return Rnglists; }
  const DWARFSection &getAddrSection() const override { return Addr; }
  const DWARFSection &getStrOffsetsSection() const override {
    return StrOffsets;
  }
  std::optional<RelocAddrEntry> find(const DWARFSection &,
                                     uint64_t) const override {
    return std::nullopt;
  }
};

std::string hex(uint64_t V) { return "0x" + utohexstr(V); }

ArrayRef<uint8_t> toArrayRef(StringRef S) {
  return ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(S.data()),
                           S.size());
}

/// The fields of a unit header that say how to read what follows it.
struct UnitHeader {
  dwarf::FormParams Params{0, 0, dwarf::DWARF32};
  uint8_t UnitType = dwarf::DW_UT_compile; ///< as versions before 5 have
  uint64_t AbbrevOffset = 0; ///< as read: relocated only in a relocated copy
  uint64_t AbbrevOffsetAt = 0; ///< where the unit holds AbbrevOffset
  uint64_t Size = 0;           ///< where the unit DIE starts
};

/// The header of \p Unit, for the versions whose layout is known; LLVM
/// rejects the others itself. A version 5 unit of a type other than a full
/// or partial compilation unit has more header, not counted in Size.
std::optional<UnitHeader> readUnitHeader(ArrayRef<uint8_t> Unit) {
  using namespace support::endian;
  UnitHeader H;
  if (Unit.size() < 4)
    return std::nullopt;
  uint64_t Pos = 4;
  if (read32le(Unit.data()) == 0xffffffff) {
    H.Params.Format = dwarf::DWARF64;
    Pos = 12;
  }
  unsigned OffsetSize = H.Params.getDwarfOffsetByteSize();
  if (Unit.size() < Pos + 2)
    return std::nullopt;
  H.Params.Version = read16le(Unit.data() + Pos);
  Pos += 2;
  if (H.Params.Version < 2 || H.Params.Version > 5)
    return std::nullopt;
  if (H.Params.Version == 5) {
    if (Unit.size() < Pos + 2)
      return std::nullopt;
    H.UnitType = Unit[Pos];
    H.Params.AddrSize = Unit[Pos + 1];
    Pos += 2;
  }
  if (Unit.size() < Pos + OffsetSize)
    return std::nullopt;
  H.AbbrevOffsetAt = Pos;
  H.AbbrevOffset = OffsetSize == 8 ? read64le(Unit.data() + Pos)
                                   : read32le(Unit.data() + Pos);
  Pos += OffsetSize;
  if (H.Params.Version < 5) {
    if (Unit.size() < Pos + 1)
      return std::nullopt;
    H.Params.AddrSize = Unit[Pos++];
  }
  H.Size = Pos;
  return H;
}

/// Writes \p Value as an offset of \p Format (4 bytes, or 8 for DWARF64)
/// at \p At.
void writeOffset(uint8_t *At, uint64_t Value, dwarf::DwarfFormat Format) {
  if (Format == dwarf::DWARF64)
    support::endian::write64le(At, Value);
  else
    support::endian::write32le(At, Value);
}

/// Where a unit's DIE ends, and the declarations that describe it.
struct UnitDieExtent {
  uint64_t End = 0; ///< in the unit, from its header on
  /// The end in .debug_abbrev of the unit DIE's declaration: the set's
  /// declarations from its start up to here are all it takes to read it.
  uint64_t AbbrevEnd = 0;
};

/// Where the unit DIE of \p Unit (its bytes from the header on, \p Header
/// read from them relocated) ends, found from its abbreviation alone (whose
/// set the caller has checked, checkAbbreviations); nullopt when it cannot
/// be read that way (the caller then reads the whole unit, and LLVM says
/// what is wrong). Forms have the same size before and after relocation, so
/// the mapped bytes do.
std::optional<UnitDieExtent> unitDieEnd(ArrayRef<uint8_t> Unit,
                                        const UnitHeader &Header,
                                        ArrayRef<uint8_t> Abbrev) {
  if ((Header.UnitType != dwarf::DW_UT_compile &&
       Header.UnitType != dwarf::DW_UT_partial) ||
      (Header.Params.AddrSize != 4 && Header.Params.AddrSize != 8))
    return std::nullopt;
  DataExtractor Info(toStringRef(Unit), /*IsLittleEndian=*/true,
                     Header.Params.AddrSize);
  DataExtractor::Cursor Code(Header.Size);
  uint64_t AbbrevCode = Info.getULEB128(Code);
  if (!Code) {
    consumeError(Code.takeError());
    return std::nullopt;
  }
  uint64_t Pos = Code.tell();
  if (AbbrevCode == 0)
    return std::nullopt;
  // The set's declarations up to the unit DIE's (usually its first).
  DataExtractor AbbrevData(toStringRef(Abbrev), /*IsLittleEndian=*/true,
                           Header.Params.AddrSize);
  DWARFAbbreviationDeclaration Decl;
  uint64_t DeclPos = Header.AbbrevOffset;
  do {
    auto StateOrErr = Decl.extract(AbbrevData, &DeclPos);
    if (!StateOrErr) {
      consumeError(StateOrErr.takeError());
      return std::nullopt;
    }
    if (*StateOrErr == DWARFAbbreviationDeclaration::ExtractState::Complete)
      return std::nullopt; // the set ends without it
  } while (Decl.getCode() != AbbrevCode);
  for (const DWARFAbbreviationDeclaration::AttributeSpec &Spec :
       Decl.attributes())
    if (!Spec.isImplicitConst() &&
        !DWARFFormValue::skipValue(Spec.Form, Info, &Pos, Header.Params))
      return std::nullopt;
  if (Pos > Unit.size())
    return std::nullopt;
  return UnitDieExtent{Pos, DeclPos};
}

} // namespace

struct SourceMap::ObjectDwarf {
  StringRef Path;
  // The first section of each name in the object; NoSection if absent.
  SectionId Info = NoSection, Abbrev = NoSection, Aranges = NoSection,
            Line = NoSection, LineStr = NoSection, Str = NoSection,
            StrOffsets = NoSection, Addr = NoSection, Rnglists = NoSection,
            Ranges = NoSection;

  bool hasLines() const { return Info != NoSection && Line != NoSection; }

  struct Range {
    uint64_t Begin = 0, End = 0;
    uint64_t UnitOffset = 0;
  };
  bool RangesLoaded = false;
  bool UnlistedLoaded = false; ///< rangesFromUnits has run
  /// Units .debug_aranges has a set for (with or without ranges).
  std::set<uint64_t> ListedUnits;
  std::vector<Range> UnitRanges; ///< by Begin
  std::vector<uint64_t> MaxEnd;  ///< max End over UnitRanges[0..i]

  /// Unit contributions of unit-structured sections, found by walking
  /// their headers once: [Begin, End) in order.
  std::unordered_map<SectionId, std::vector<Window>> Contributions;
  /// Sections relocated whole (see the file comment).
  std::unordered_map<SectionId, std::vector<uint8_t>> Whole;

  std::unordered_map<uint64_t, std::unique_ptr<Unit>> Units;
  std::set<uint64_t> BrokenUnits; ///< reported, never read again
  /// Abbreviation sets checkAbbreviations passed (.debug_abbrev is read in
  /// place: an offset's set is the same for every unit naming it).
  std::unordered_set<uint64_t> CheckedAbbreviations;
  uint64_t UseClock = 0; ///< for evicting the least recently used unit
};

/// Parsed units kept at once. A unit's DIE tree costs a few megabytes; the
/// analysis visits code unit by unit (ld -r lays out each unit's code
/// together), so a small working set keeps peak memory low at the price of
/// rarely parsing a unit twice.
static constexpr size_t MaxCachedUnits = 4;

/// Which of a set of DIEs holds an address, the last one added winning
/// where their ranges overlap. DIEs are added outer ones first (a function,
/// then the subroutines inlined into it, each inside its caller), so the
/// last one holding an address is the innermost there. The ranges are cut
/// into disjoint pieces once, when every DIE is in (build).
class InnermostRanges {
public:
  /// Adds the ranges of \p Die (none when they cannot be read).
  void add(DWARFDie Die) {
    auto RangesOrErr = Die.getAddressRanges();
    if (!RangesOrErr) {
      consumeError(RangesOrErr.takeError());
      return;
    }
    for (const DWARFAddressRange &R : *RangesOrErr)
      if (R.LowPC < R.HighPC)
        Spans.push_back({R.LowPC, R.HighPC, Die});
  }

  /// Cuts the ranges at every boundary: each piece belongs to the last
  /// added range holding it.
  void build() {
    struct Boundary {
      uint64_t Address;
      size_t Span;
      bool Starts;
    };
    std::vector<Boundary> Boundaries;
    for (size_t I = 0; I < Spans.size(); ++I) {
      Boundaries.push_back({Spans[I].Low, I, true});
      Boundaries.push_back({Spans[I].High, I, false});
    }
    std::sort(Boundaries.begin(), Boundaries.end(),
              [](const Boundary &A, const Boundary &B) {
                return A.Address < B.Address;
              });
    std::set<size_t> Open; ///< the spans holding the current address
    for (size_t I = 0; I < Boundaries.size();) {
      uint64_t At = Boundaries[I].Address;
      for (; I < Boundaries.size() && Boundaries[I].Address == At; ++I)
        if (Boundaries[I].Starts)
          Open.insert(Boundaries[I].Span);
        else
          Open.erase(Boundaries[I].Span);
      if (!Open.empty() && I < Boundaries.size())
        Pieces.push_back({At, Boundaries[I].Address, Spans[*Open.rbegin()].Die});
    }
    Spans.clear();
    Spans.shrink_to_fit();
  }

  /// The DIE holding \p Address, or an invalid DIE (after build).
  DWARFDie find(uint64_t Address) const {
    auto After = std::upper_bound(
        Pieces.begin(), Pieces.end(), Address,
        [](uint64_t A, const Span &P) { return A < P.Low; });
    if (After == Pieces.begin() || Address >= std::prev(After)->High)
      return DWARFDie();
    return std::prev(After)->Die;
  }

private:
  struct Span {
    uint64_t Low, High;
    DWARFDie Die;
  };
  std::vector<Span> Spans;  ///< as added, until build
  std::vector<Span> Pieces; ///< disjoint, by address
};

struct SourceMap::Unit {
  uint64_t Offset = 0; ///< in .debug_info
  uint64_t LastUse = 0;
  std::unique_ptr<DWARFContext> Context;
  /// What LLVM reported while reading this unit.
  std::vector<std::string> Problems;
  /// Paths of the line table's files by index, as getFileNameByIndex gives
  /// them (DILineInfo::BadString: none); joining a path costs thousands of
  /// instructions, and a walk asks for the same few files again and again.
  std::unordered_map<uint64_t, std::string> FileNames;

  const std::string &fileName(const DWARFDebugLine::LineTable &Table,
                              const char *CompDir, uint64_t Index) {
    auto [It, New] = FileNames.try_emplace(Index, DILineInfo::BadString);
    if (New)
      Table.getFileNameByIndex(
          Index, CompDir,
          DILineInfoSpecifier::FileLineInfoKind::AbsoluteFilePath, It->second);
    return It->second;
  }
  std::vector<SourceLocation> frames(uint64_t Address);

  /// The innermost subprogram or inlined subroutine DIE of \p CU whose
  /// ranges hold \p Address, as DWARFUnit::getSubroutineForAddress finds
  /// it, or an invalid DIE. LLVM indexes every DIE of the unit for that on
  /// the first query (a debug kernel's unit has hundreds of thousands, most
  /// of them types); this indexes the unit's top-level subprograms, and the
  /// subtree of one of them when an address falls in it.
  DWARFDie subroutineAt(DWARFCompileUnit &CU, uint64_t Address);

private:
  /// Adds \p Die, if a subroutine, and the subroutines below it, outer
  /// ones first.
  static void addSubroutines(InnermostRanges &Ranges, DWARFDie Die);
  bool TopLevelRead = false;
  /// The subprograms at the unit's top level (and in its namespaces).
  InnermostRanges TopLevel;
  /// By top-level subprogram (DIE offset): the subroutines of its subtree.
  std::unordered_map<uint64_t, InnermostRanges> Subtrees;
};

void SourceMap::Unit::addSubroutines(InnermostRanges &Ranges, DWARFDie Die) {
  if (Die.isSubroutineDIE())
    Ranges.add(Die);
  for (DWARFDie Child = Die.getFirstChild(); Child; Child = Child.getSibling())
    addSubroutines(Ranges, Child);
}

DWARFDie SourceMap::Unit::subroutineAt(DWARFCompileUnit &CU,
                                       uint64_t Address) {
  if (!TopLevelRead) {
    TopLevelRead = true;
    // Subprograms are children of the unit DIE (of a namespace in C++):
    // the types, variables and declarations beside them are skipped whole.
    std::vector<DWARFDie> Scopes{CU.getUnitDIE(/*ExtractUnitDIEOnly=*/false)};
    while (!Scopes.empty()) {
      DWARFDie Scope = Scopes.back();
      Scopes.pop_back();
      for (DWARFDie Child = Scope.getFirstChild(); Child;
           Child = Child.getSibling()) {
        if (Child.getTag() == dwarf::DW_TAG_namespace)
          Scopes.push_back(Child);
        else if (Child.isSubprogramDIE())
          TopLevel.add(Child);
      }
    }
    TopLevel.build();
  }
  DWARFDie Function = TopLevel.find(Address);
  if (!Function)
    return Function;
  auto [Subtree, New] = Subtrees.try_emplace(Function.getOffset());
  if (New) {
    addSubroutines(Subtree->second, Function);
    Subtree->second.build();
  }
  return Subtree->second.find(Address);
}

SourceMap::SourceMap(Program &P, Diagnostics &Diags) : P(P), Diags(Diags) {
  Objects.resize(P.numObjects());
  for (uint32_t I = 0; I < Objects.size(); ++I) {
    Objects[I] = std::make_unique<ObjectDwarf>();
    Objects[I]->Path = P.objectPath(I);
  }
  ArrayRef<Section> Sections = P.sections();
  for (SectionId Id = 0; Id < Sections.size(); ++Id) {
    const Section &S = Sections[Id];
    if (!S.Name.starts_with(".debug_") || !S.HasBits)
      continue;
    ObjectDwarf &O = *Objects[S.Object];
    SectionId *Slot = StringSwitch<SectionId *>(S.Name)
                          .Case(".debug_info", &O.Info)
                          .Case(".debug_abbrev", &O.Abbrev)
                          .Case(".debug_aranges", &O.Aranges)
                          .Case(".debug_line", &O.Line)
                          .Case(".debug_line_str", &O.LineStr)
                          .Case(".debug_str", &O.Str)
                          .Case(".debug_str_offsets", &O.StrOffsets)
                          .Case(".debug_addr", &O.Addr)
                          .Case(".debug_rnglists", &O.Rnglists)
                          .Case(".debug_ranges", &O.Ranges)
                          .Default(nullptr);
    if (Slot && *Slot == NoSection)
      *Slot = Id;
  }
}

SourceMap::~SourceMap() = default;

bool SourceMap::hasDebugInfo() const {
  return std::any_of(Objects.begin(), Objects.end(),
                     [](const auto &O) { return O->hasLines(); });
}

bool SourceMap::hasDebugInfo(CodeAddress Addr) const {
  if (!Addr.valid() || Addr.Section >= P.sections().size())
    return false;
  return Objects[P.section(Addr.Section).Object]->hasLines();
}

SourceMap::Statistics SourceMap::statistics() const { return Stats; }

std::function<uint64_t(SectionId, uint64_t)> SourceMap::placedInLayout() const {
  return [this](SectionId T, uint64_t Off) {
    return Allocated[T] ? Bases[T] + Off : Off;
  };
}

Error SourceMap::placeSections() {
  ArrayRef<Section> Sections = P.sections();
  std::vector<uint64_t> NewBases(Sections.size(), 0);
  std::vector<bool> NewAllocated(Sections.size(), false);
  uint64_t Next = FirstBase;
  SectionId Id = 0;
  for (uint32_t Obj = 0; Obj < P.numObjects(); ++Obj) {
    StringRef Path = P.objectPath(Obj);
    // Program checked this file at load; map it again for its section
    // headers (sh_flags), which is all this reads of it.
    auto BufOrErr = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
    if (!BufOrErr)
      return inputError(Path, BufOrErr.getError().message());
    auto ElfOrErr = object::ELF64LEFile::create((*BufOrErr)->getBuffer());
    if (!ElfOrErr)
      return withFile(Path, ElfOrErr.takeError());
    auto HeadersOrErr = ElfOrErr->sections();
    if (!HeadersOrErr)
      return withFile(Path, HeadersOrErr.takeError());
    for (; Id < Sections.size() && Sections[Id].Object == Obj; ++Id) {
      uint32_t Index = Sections[Id].ElfIndex;
      if (Index >= HeadersOrErr->size())
        return inputError(Path, "section headers changed since it was read");
      if (!((*HeadersOrErr)[Index].sh_flags & ELF::SHF_ALLOC))
        continue;
      NewAllocated[Id] = true;
      NewBases[Id] = alignTo(Next, BaseAlign);
      Next = NewBases[Id] + std::max<uint64_t>(Sections[Id].Size, 1);
    }
  }
  Bases = std::move(NewBases);
  Allocated = std::move(NewAllocated);
  return Error::success();
}

/// Reads the relocated .debug_aranges: one set per unit, a header then
/// (address, length) pairs up to a (0, 0) pair.
Error SourceMap::loadAranges(ObjectDwarf &O) {
  const Section &S = P.section(O.Aranges);
  RelocationCounts Counts;
  auto DataOrErr =
      copyRelocated(P, O.Aranges, 0, S.Size, placedInLayout(), Counts);
  Stats.RelocationsApplied += Counts.Applied;
  Stats.BytesCopied += Counts.BytesCopied;
  if (!DataOrErr)
    return DataOrErr.takeError();
  ArrayRef<uint8_t> Data = *DataOrErr;
  auto Malformed = [&](uint64_t At, const Twine &Why) {
    return inputError(O.Path,
                      "malformed .debug_aranges at " + hex(At) + ": " + Why);
  };
  using namespace support::endian;
  uint64_t Pos = 0;
  while (Pos < Data.size()) {
    auto SizeOrErr = contributionSize(Data, Pos);
    if (!SizeOrErr)
      return Malformed(Pos, toString(SizeOrErr.takeError()));
    uint64_t SetEnd = Pos + *SizeOrErr;
    bool Dwarf64 = read32le(Data.data() + Pos) == 0xffffffff;
    uint64_t Cur = Pos + (Dwarf64 ? 12 : 4);
    unsigned OffsetSize = Dwarf64 ? 8 : 4;
    if (SetEnd - Cur < 2 + OffsetSize + 2)
      return Malformed(Pos, "set header is cut off");
    uint16_t Version = read16le(Data.data() + Cur);
    uint64_t UnitOffset = Dwarf64 ? read64le(Data.data() + Cur + 2)
                                  : read32le(Data.data() + Cur + 2);
    uint8_t AddrSize = Data[Cur + 2 + OffsetSize];
    uint8_t SegSize = Data[Cur + 3 + OffsetSize];
    if (Version != 2)
      return Malformed(Pos, "unsupported version " + Twine(Version));
    O.ListedUnits.insert(UnitOffset);
    if ((AddrSize != 4 && AddrSize != 8) || SegSize != 0)
      return Malformed(Pos, "unsupported address size " +
                                Twine(unsigned(AddrSize)) +
                                " or segment size " + Twine(unsigned(SegSize)));
    // Tuples are aligned to twice the address size from the set start.
    uint64_t Tuple =
        Pos + alignTo(Cur + 4 + OffsetSize - Pos, 2 * uint64_t(AddrSize));
    for (; Tuple + 2 * AddrSize <= SetEnd; Tuple += 2 * AddrSize) {
      uint64_t Begin = AddrSize == 8 ? read64le(Data.data() + Tuple)
                                     : read32le(Data.data() + Tuple);
      uint64_t Length = AddrSize == 8
                            ? read64le(Data.data() + Tuple + AddrSize)
                            : read32le(Data.data() + Tuple + AddrSize);
      if (Begin == 0 && Length == 0)
        break;
      if (Length && Begin + Length > Begin)
        O.UnitRanges.push_back({Begin, Begin + Length, UnitOffset});
    }
    Pos = SetEnd;
  }
  return Error::success();
}

/// The units .debug_aranges does not list get their ranges from themselves:
/// each is read once, its ranges kept and its context dropped. Without the
/// table (clang does not emit it by default) that relocates all of
/// .debug_info, as eagerly as LLVM would, but a piece at a time and only for
/// such objects. An object may also list only some units: "ld -r" of
/// clang's C units (no table) with an assembly unit (clang's assembler
/// writes one) has a table for the assembly alone.
Error SourceMap::rangesFromUnits(ObjectDwarf &O) {
  ArrayRef<uint8_t> Info = P.contents(O.Info);
  for (uint64_t Pos = 0; Pos < Info.size();) {
    auto SizeOrErr = contributionSize(Info, Pos);
    if (!SizeOrErr)
      return inputError(O.Path, "malformed .debug_info: " +
                                    toString(SizeOrErr.takeError()));
    if (O.ListedUnits.count(Pos)) {
      // Only its length was read: give the mapped pages back, or walking
      // the headers of a large .debug_info keeps much of it resident.
      P.releasePages(O.Info, Pos);
      Pos += *SizeOrErr;
      continue;
    }
    // A broken unit is left out of the table (and reported); the units
    // after it still count.
    // Its ranges are the unit DIE's: the rest of it is parsed only when an
    // address in it is looked up.
    auto UnitOrErr = buildUnit(O, Pos, /*UnitDieOnly=*/true);
    if (!UnitOrErr) {
      skipUnit(O, Pos, toString(UnitOrErr.takeError()));
      Pos += *SizeOrErr;
      continue;
    }
    Unit &U = **UnitOrErr;
    std::vector<ObjectDwarf::Range> Ranges;
    for (const auto &CU : U.Context->compile_units()) {
      auto RangesOrErr = CU->collectAddressRanges();
      if (!RangesOrErr)
        U.Problems.push_back(toString(RangesOrErr.takeError()));
      else
        for (const DWARFAddressRange &R : *RangesOrErr)
          if (R.HighPC > R.LowPC)
            Ranges.push_back({R.LowPC, R.HighPC, Pos});
    }
    if (usable(O, Pos, U))
      O.UnitRanges.insert(O.UnitRanges.end(), Ranges.begin(), Ranges.end());
    // What was read of it was copied: the mapped pages are not needed again.
    P.releasePages(O.Info, Pos, *SizeOrErr);
    Pos += *SizeOrErr;
  }
  // Nor are those of the sections its unit DIE refers into, read a piece
  // per unit: given back at once, not after each piece.
  for (SectionId Id : {O.Info, O.Addr, O.Rnglists})
    if (Id != NoSection) {
      P.releasePages(Id, 0, P.section(Id).Size);
      P.releaseRelocationPages(Id, 0, P.section(Id).Size);
    }
  return Error::success();
}

Expected<std::pair<uint64_t, uint64_t>>
SourceMap::contributionAround(ObjectDwarf &O, SectionId Id, uint64_t Offset) {
  const Section &S = P.section(Id);
  auto [It, Inserted] = O.Contributions.try_emplace(Id);
  std::vector<Window> &Units = It->second;
  if (Inserted) {
    // Headers only: one read of unit_length per unit; the mapped pages are
    // given back after. A damaged header ends the walk; offsets past it are
    // reported below.
    ArrayRef<uint8_t> Data = P.contents(Id);
    for (uint64_t Pos = 0; Pos < Data.size();) {
      auto SizeOrErr = contributionSize(Data, Pos);
      if (!SizeOrErr) {
        consumeError(SizeOrErr.takeError());
        break;
      }
      Units.push_back({Pos, Pos + *SizeOrErr});
      Pos += *SizeOrErr;
    }
    P.releasePages(Id, 0, Data.size());
  }
  auto After = std::upper_bound(
      Units.begin(), Units.end(), Offset,
      [](uint64_t Off, const Window &W) { return Off < W.Begin; });
  if (After == Units.begin() || Offset >= std::prev(After)->End)
    return inputError(O.Path, "offset " + hex(Offset) + " into '" + S.Name +
                                  "' is not inside any well-formed unit of "
                                  "it");
  return std::make_pair(std::prev(After)->Begin, std::prev(After)->End);
}

Expected<StringRef> SourceMap::wholeSection(ObjectDwarf &O, SectionId Id) {
  const Section &S = P.section(Id);
  ArrayRef<uint8_t> Bytes = P.contents(Id);
  if (!S.RelaIndex)
    return StringRef(reinterpret_cast<const char *>(Bytes.data()),
                     Bytes.size());
  auto It = O.Whole.find(Id);
  if (It == O.Whole.end()) {
    RelocationCounts Counts;
    auto CopyOrErr =
        copyRelocated(P, Id, 0, Bytes.size(), placedInLayout(), Counts);
    Stats.RelocationsApplied += Counts.Applied;
    Stats.BytesCopied += Counts.BytesCopied;
    if (!CopyOrErr)
      return CopyOrErr.takeError();
    It = O.Whole.emplace(Id, std::move(*CopyOrErr)).first;
  }
  return StringRef(reinterpret_cast<const char *>(It->second.data()),
                   It->second.size());
}

Expected<std::unique_ptr<SourceMap::Unit>>
SourceMap::buildUnit(ObjectDwarf &O, uint64_t Offset, bool UnitDieOnly) {
  ArrayRef<uint8_t> InfoBytes = P.contents(O.Info);
  auto SizeOrErr = contributionSize(InfoBytes, Offset);
  if (!SizeOrErr)
    return inputError(O.Path, "malformed .debug_info: " +
                                  toString(SizeOrErr.takeError()));
  Window InfoWindow{Offset, Offset + *SizeOrErr};
  // Cut to the unit DIE, the copy's unit_length is rewritten to match.
  // Reading that DIE's ranges needs no line table and no string: the line
  // table is left out, and of .debug_str_offsets LLVM reads only the
  // contribution header, so it is read in place, unrelocated (its
  // relocations, one per string of every unit, are the most of the object's
  // DWARF relocations).
  // Its debug_abbrev_offset is relocated: read from a relocated copy.
  // LLVM gets the declarations of its abbreviation set up to the unit
  // DIE's alone (clang writes a set of a hundred or more per unit, which
  // LLVM would otherwise parse whole for every unit read for its ranges).
  std::optional<UnitHeader> CutHeader; ///< the header, when cut
  ArrayRef<uint8_t> CutAbbreviations;
  ArrayRef<uint8_t> UnitBytes = InfoBytes.slice(Offset, *SizeOrErr);
  if (auto Layout = readUnitHeader(UnitBytes);
      UnitDieOnly && Layout && O.Abbrev != NoSection) {
    RelocationCounts HeaderCounts;
    auto HeaderOrErr = copyRelocated(P, O.Info, Offset, Offset + Layout->Size,
                                     placedInLayout(), HeaderCounts);
    Stats.RelocationsApplied += HeaderCounts.Applied;
    Stats.BytesCopied += HeaderCounts.BytesCopied;
    std::optional<UnitHeader> Header;
    if (HeaderOrErr)
      Header = readUnitHeader(*HeaderOrErr);
    else
      consumeError(HeaderOrErr.takeError()); // the whole unit reports it
    // LLVM's abbreviation reader must not see forms it cannot handle.
    Error Unreadable = Header ? checkAbbreviationSet(O, Header->AbbrevOffset)
                              : Error::success();
    if (Unreadable)
      consumeError(std::move(Unreadable)); // the whole unit reports it
    else if (Header)
      if (auto Extent =
              unitDieEnd(UnitBytes, *Header, P.contents(O.Abbrev))) {
        InfoWindow.End = Offset + Extent->End;
        CutAbbreviations = P.contents(O.Abbrev).slice(
            Header->AbbrevOffset, Extent->AbbrevEnd - Header->AbbrevOffset);
        CutHeader = Header;
      }
  }
  const bool Cut = CutHeader.has_value();
  auto RelocsOrErr = P.relocationsIn(O.Info, InfoWindow.Begin, InfoWindow.End);
  if (!RelocsOrErr)
    return RelocsOrErr.takeError();
  const std::vector<Relocation> &Relocs = *RelocsOrErr;

  // Which part of each unit-structured section the unit refers to.
  std::map<SectionId, Window> Windows;
  auto Windowed = [&](SectionId T) {
    if (T == NoSection || (Cut && (T == O.Line || T == O.StrOffsets)))
      return false;
    return T == O.Line || T == O.Rnglists || T == O.Addr || T == O.StrOffsets;
  };
  std::map<SectionId, std::pair<uint64_t, uint64_t>> Referenced;
  for (const Relocation &R : Relocs) {
    const Symbol &Sym = P.symbol(R.Symbol);
    if (Sym.Undefined || !Windowed(Sym.Section))
      continue;
    uint64_t Target = Sym.Value + static_cast<uint64_t>(R.Addend);
    auto [It, New] = Referenced.try_emplace(Sym.Section, Target, Target);
    It->second.first = std::min(It->second.first, Target);
    It->second.second = std::max(It->second.second, Target);
  }
  for (auto &[Id, MinMax] : Referenced) {
    auto [Lo, Hi] = MinMax;
    Window W;
    if (Id == O.Line) {
      // DW_AT_stmt_list names the start of the unit's line table, so no
      // walk over the (large) section is needed.
      auto TableEnd = [&](uint64_t At) -> Expected<uint64_t> {
        auto SizeOrErr = contributionSize(P.contents(Id), At);
        if (!SizeOrErr)
          return inputError(O.Path, "malformed .debug_line for the unit at "
                                    ".debug_info+" +
                                        hex(Offset) + ": " +
                                        toString(SizeOrErr.takeError()));
        return At + *SizeOrErr;
      };
      auto LoEnd = TableEnd(Lo);
      if (!LoEnd)
        return LoEnd.takeError();
      W = {Lo, *LoEnd};
      if (Hi >= W.End) {
        auto HiEnd = TableEnd(Hi);
        if (!HiEnd)
          return HiEnd.takeError();
        W.End = *HiEnd;
      }
    } else {
      auto LoUnit = contributionAround(O, Id, Lo);
      if (!LoUnit)
        return LoUnit.takeError();
      auto HiUnit = contributionAround(O, Id, Hi);
      if (!HiUnit)
        return HiUnit.takeError();
      W = {LoUnit->first, HiUnit->second};
    }
    Windows[Id] = W;
  }

  auto Place = [&](SectionId T, uint64_t Off) -> uint64_t {
    if (T == O.Info)
      return Off >= InfoWindow.Begin && Off <= InfoWindow.End
                 ? Off - InfoWindow.Begin
                 : UnplacedValue;
    auto It = Windows.find(T);
    if (It != Windows.end())
      return Off >= It->second.Begin && Off <= It->second.End
                 ? Off - It->second.Begin
                 : UnplacedValue;
    return placedInLayout()(T, Off);
  };

  auto Obj = std::make_unique<UnitObject>();
  Obj->FileName = O.Path.str();
  RelocationCounts Counts;
  auto Account = make_scope_exit([&] {
    Stats.RelocationsApplied += Counts.Applied;
    Stats.BytesCopied += Counts.BytesCopied;
  });

  std::vector<uint8_t> Info(InfoBytes.begin() + InfoWindow.Begin,
                            InfoBytes.begin() + InfoWindow.End);
  Counts.BytesCopied += Info.size();
  if (Error E = applyRelocations(P, O.Info, InfoWindow.Begin, Info, Relocs,
                                 Place, Counts))
    return E;
  if (Cut) {
    // The copy's unit_length, and its abbreviation offset: its set is cut
    // to a copy of its own (a 0 code ends it).
    const dwarf::FormParams &Params = CutHeader->Params;
    uint64_t LengthAt = Params.Format == dwarf::DWARF64 ? 4 : 0;
    writeOffset(Info.data() + LengthAt,
                Info.size() - LengthAt - Params.getDwarfOffsetByteSize(),
                Params.Format);
    writeOffset(Info.data() + CutHeader->AbbrevOffsetAt, 0, Params.Format);
    std::vector<uint8_t> Abbreviations(CutAbbreviations.begin(),
                                       CutAbbreviations.end());
    Abbreviations.push_back(0);
    Obj->Abbrev = Obj->own(std::move(Abbreviations));
  }
  Obj->Info.Data = Obj->own(std::move(Info));
  auto Malformed = [&](Error E) {
    return inputError(O.Path, "malformed DWARF in the unit at .debug_info+" +
                                  hex(Offset) + ": " + toString(std::move(E)));
  };
  // (A cut unit's set was checked before it was cut.)
  if (O.Abbrev != NoSection && !Cut)
    if (auto Header = readUnitHeader(toArrayRef(Obj->Info.Data)))
      if (Error E = checkAbbreviationSet(O, Header->AbbrevOffset))
        return Malformed(std::move(E));

  for (auto &[Id, W] : Windows) {
    auto CopyOrErr = copyRelocated(P, Id, W.Begin, W.End, Place, Counts);
    if (!CopyOrErr)
      return CopyOrErr.takeError();
    if (Id == O.Line)
      if (Error E = checkLineTables(*CopyOrErr, W.Begin))
        return Malformed(std::move(E));
    StringRef Data = Obj->own(std::move(*CopyOrErr));
    if (Id == O.Line)
      Obj->Line.Data = Data;
    else if (Id == O.Rnglists)
      Obj->Rnglists.Data = Data;
    else if (Id == O.Addr)
      Obj->Addr.Data = Data;
    else if (Id == O.StrOffsets)
      Obj->StrOffsets.Data = Data;
  }
  if (Cut && O.StrOffsets != NoSection)
    Obj->StrOffsets.Data = toStringRef(P.contents(O.StrOffsets));

  for (auto [Id, Slot] :
       {std::pair{O.Abbrev, &Obj->Abbrev}, std::pair{O.Str, &Obj->Str},
        std::pair{O.LineStr, &Obj->LineStr},
        std::pair{O.Ranges, &Obj->Ranges.Data}}) {
    if (Id == NoSection || (Cut && Id == O.Abbrev))
      continue;
    auto DataOrErr = wholeSection(O, Id);
    if (!DataOrErr)
      return DataOrErr.takeError();
    *Slot = *DataOrErr;
  }

  // LLVM reads the copies: a unit read whole gives back the mapped bytes and
  // relocations they came from. (A read of its header and unit DIE alone
  // copies little; rangesFromUnits gives those sections back at its end.)
  if (!Cut) {
    Windows[O.Info] = InfoWindow;
    for (auto &[Id, W] : Windows) {
      P.releasePages(Id, W.Begin, W.End - W.Begin);
      P.releaseRelocationPages(Id, W.Begin, W.End);
    }
  }

  auto U = std::make_unique<Unit>();
  U->Offset = Offset;
  Unit *Raw = U.get();
  auto Report = [Raw](Error E) {
    handleAllErrors(std::move(E), [&](const ErrorInfoBase &Info) {
      Raw->Problems.push_back(Info.message());
    });
  };
  U->Context =
      std::make_unique<DWARFContext>(std::move(Obj), "", Report, Report);
  if (U->Context->getNumCompileUnits() != 1 && U->Problems.empty())
    U->Problems.push_back("no compilation unit could be read");
  ++Stats.UnitsParsed;
  return U;
}

Error SourceMap::checkAbbreviationSet(ObjectDwarf &O, uint64_t Offset) {
  if (O.CheckedAbbreviations.count(Offset))
    return Error::success();
  if (Error E = checkAbbreviations(P.contents(O.Abbrev), Offset))
    return E;
  O.CheckedAbbreviations.insert(Offset);
  return Error::success();
}

void SourceMap::skipUnit(ObjectDwarf &O, uint64_t Offset,
                         StringRef Problem) {
  // buildUnit's errors name the object and, most of them, the unit.
  Problem.consume_front((O.Path + ": ").str());
  std::string Unit = "the unit at .debug_info+" + hex(Offset);
  std::string Message = Problem.contains(Unit)
                            ? Problem.str()
                            : "malformed DWARF in " + Unit + ": " +
                                  Problem.str();
  Diags.warn(O.Path, Message + " (its source lines are left out)");
  // Last: Problem may be one of the unit's own problems.
  O.BrokenUnits.insert(Offset);
  O.Units.erase(Offset);
}

bool SourceMap::usable(ObjectDwarf &O, uint64_t Offset, Unit &U) {
  if (U.Problems.empty())
    return true;
  skipUnit(O, Offset, U.Problems.front());
  return false;
}

SourceMap::Unit *SourceMap::unitAt(ObjectDwarf &O, uint64_t Offset) {
  if (O.BrokenUnits.count(Offset))
    return nullptr;
  auto It = O.Units.find(Offset);
  if (It != O.Units.end()) {
    It->second->LastUse = ++O.UseClock;
    return It->second.get();
  }
  if (O.Units.size() >= MaxCachedUnits) {
    auto Oldest = std::min_element(
        O.Units.begin(), O.Units.end(), [](const auto &A, const auto &B) {
          return A.second->LastUse < B.second->LastUse;
        });
    O.Units.erase(Oldest);
  }
  auto UnitOrErr = buildUnit(O, Offset);
  if (!UnitOrErr) {
    skipUnit(O, Offset, toString(UnitOrErr.takeError()));
    return nullptr;
  }
  (*UnitOrErr)->LastUse = ++O.UseClock;
  return O.Units.emplace(Offset, std::move(*UnitOrErr)).first->second.get();
}

Expected<std::vector<uint64_t>> SourceMap::unitsHolding(CodeAddress Addr,
                                                        uint64_t &Address) {
  if (!hasDebugInfo(Addr))
    return std::vector<uint64_t>();
  ObjectDwarf &O = *Objects[P.section(Addr.Section).Object];
  if (Bases.empty())
    if (Error E = placeSections())
      return E;
  if (!Allocated[Addr.Section] || Addr.Offset >= P.section(Addr.Section).Size)
    return std::vector<uint64_t>();

  // The range table: .debug_aranges where there is one; the units it does
  // not list are read only when it misses an address they may hold
  // (walking every unit header of a vmlinux.o costs tens of MB of pages).
  auto Load = [&](bool Unlisted) {
    Error E = Unlisted              ? rangesFromUnits(O)
              : O.Aranges != NoSection ? loadAranges(O)
                                       : rangesFromUnits(O);
    if (E) {
      // Without the table no address finds its unit: the whole object
      // goes without source lines.
      std::string Message = toString(std::move(E));
      StringRef Problem(Message);
      Problem.consume_front((O.Path + ": ").str());
      Diags.warn(O.Path, Problem + " (no source lines from this object)");
      O.UnitRanges.clear();
    }
    std::sort(O.UnitRanges.begin(), O.UnitRanges.end(),
              [](const auto &A, const auto &B) { return A.Begin < B.Begin; });
    O.MaxEnd.resize(O.UnitRanges.size());
    uint64_t Max = 0;
    for (size_t I = 0; I < O.UnitRanges.size(); ++I)
      O.MaxEnd[I] = Max = std::max(Max, O.UnitRanges[I].End);
  };
  if (!O.RangesLoaded) {
    Load(/*Unlisted=*/false);
    O.RangesLoaded = true;
    O.UnlistedLoaded = O.Aranges == NoSection;
  }

  Address = Bases[Addr.Section] + Addr.Offset;
  // Every unit whose ranges hold the address, nearest start first; there
  // is one unless units overlap.
  std::vector<uint64_t> Candidates;
  auto Find = [&] {
    size_t I =
        std::upper_bound(O.UnitRanges.begin(), O.UnitRanges.end(), Address,
                         [](uint64_t A, const ObjectDwarf::Range &R) {
                           return A < R.Begin;
                         }) -
        O.UnitRanges.begin();
    while (I-- > 0 && O.MaxEnd[I] > Address)
      if (Address < O.UnitRanges[I].End &&
          !is_contained(Candidates, O.UnitRanges[I].UnitOffset))
        Candidates.push_back(O.UnitRanges[I].UnitOffset);
  };
  Find();
  // A miss inside a function may be a unit the table does not list. Only
  // objects with .debug_addr can have such units: clang, which writes no
  // .debug_aranges, indexes DWARF 5 addresses through it; gcc uses plain
  // addresses and lists every unit (its misses are asm without lines).
  if (Candidates.empty() && !O.UnlistedLoaded && O.Addr != NoSection &&
      P.functionContaining(Addr) != NoSymbol) {
    O.UnlistedLoaded = true;
    Load(/*Unlisted=*/true);
    Find();
  }
  return Candidates;
}

/// The source frames of \p Address, innermost first: the line table's row
/// for the address, in the innermost subroutine there; for each inlined
/// subroutine out from it, its call site, in the subroutine it was inlined
/// into; up to the function (subprogram) holding them all. Names are the
/// DIEs' short names, files absolute. Empty when the line table has no file
/// for the address (the unit does not know it). llvm-symbolizer --inlining
/// gives the same frames (DWARFContext::getInliningInfoForAddress); what it
/// adds (each function's declaration and entry address) no lookup reads.
std::vector<SourceLocation> SourceMap::Unit::frames(uint64_t Address) {
  std::vector<SourceLocation> Frames;
  DWARFCompileUnit *CU = Context->getCompileUnitForCodeAddress(Address);
  if (!CU)
    return Frames;
  DWARFDie Die = subroutineAt(*CU, Address);
  const char *CompDir = CU->getCompilationDir();
  const DWARFDebugLine::LineTable *Table = Context->getLineTableForUnit(CU);
  auto File = [&](uint64_t Index) {
    std::string Name = Table ? fileName(*Table, CompDir, Index) : "";
    return Name == DILineInfo::BadString ? std::string() : Name;
  };
  SourceLocation Here;
  if (Table) {
    uint32_t Row =
        Table->lookupAddress({Address, object::SectionedAddress::UndefSection});
    if (Row != UINT32_MAX) {
      const DWARFDebugLine::Row &R = Table->Rows[Row];
      Here = {File(R.File), R.Line, R.Column, ""};
    }
  }
  if (Here.File.empty())
    return Frames;
  // Lexical blocks between the subroutines are no frames.
  for (; Die; Die = Die.getParent()) {
    bool Inlined = Die.getTag() == dwarf::DW_TAG_inlined_subroutine;
    if (!Inlined && !Die.isSubprogramDIE())
      continue;
    const char *Name = Die.getSubroutineName(DINameKind::ShortName);
    Here.Function = Name ? Name : "";
    Frames.push_back(Here);
    if (!Inlined)
      return Frames;
    uint32_t CallFile = 0, CallLine = 0, CallColumn = 0, Discriminator = 0;
    Die.getCallerFrame(CallFile, CallLine, CallColumn, Discriminator);
    Here = {File(CallFile), CallLine, CallColumn, ""};
  }
  if (Frames.empty()) // no subroutine there: the line table's row alone
    Frames.push_back(Here);
  return Frames;
}

Expected<std::vector<SourceLocation>> SourceMap::lookup(CodeAddress Addr) {
  uint64_t Address = 0;
  auto CandidatesOrErr = unitsHolding(Addr, Address);
  if (!CandidatesOrErr)
    return CandidatesOrErr.takeError();
  ObjectDwarf &O = *Objects[P.section(Addr.Section).Object];
  for (uint64_t UnitOffset : *CandidatesOrErr) {
    Unit *U = unitAt(O, UnitOffset);
    if (!U)
      continue;
    std::vector<SourceLocation> Frames;
    if (U->Problems.empty())
      Frames = U->frames(Address);
    if (!usable(O, UnitOffset, *U))
      continue;
    if (!Frames.empty())
      return Frames;
  }
  return std::vector<SourceLocation>();
}

Error SourceMap::forEachFunctionDie(
    CodeAddress FunctionStart,
    function_ref<bool(Unit &, DWARFDie Function)> Visit) {
  uint64_t Address = 0;
  auto CandidatesOrErr = unitsHolding(FunctionStart, Address);
  if (!CandidatesOrErr)
    return CandidatesOrErr.takeError();
  ObjectDwarf &O = *Objects[P.section(FunctionStart.Section).Object];
  for (uint64_t UnitOffset : *CandidatesOrErr) {
    Unit *U = unitAt(O, UnitOffset);
    if (!U || !usable(O, UnitOffset, *U))
      continue;
    // The innermost subroutine there (DWARFContext::getDIEsForAddress).
    DWARFCompileUnit *CU = U->Context->getCompileUnitForCodeAddress(Address);
    DWARFDie Die = CU ? U->subroutineAt(*CU, Address) : DWARFDie();
    if (!usable(O, UnitOffset, *U))
      continue;
    if (Die.isValid() && Visit(*U, Die))
      break;
  }
  return Error::success();
}

Expected<bool> SourceMap::declaredInline(CodeAddress FunctionStart) {
  bool Declared = false;
  auto Visit = [&](Unit &, DWARFDie Die) {
    // gcc records "declared inline" only on an abstract instance, which
    // exists only if the function was inlined somewhere. A static function
    // defined in a header is a static inline helper in kernel code.
    if (!Die.find(dwarf::DW_AT_external)) {
      std::string File = Die.getDeclFile(
          DILineInfoSpecifier::FileLineInfoKind::AbsoluteFilePath);
      if (StringRef(File).ends_with(".h"))
        return Declared = true;
    }
    // An out-of-line copy points at the abstract subprogram, which says how
    // the source declared it (DW_INL_declared_[not_]inlined).
    for (int Hops = 0; Die.isValid() && Hops < 4; ++Hops) {
      if (auto Inline = dwarf::toUnsigned(Die.find(dwarf::DW_AT_inline))) {
        Declared = *Inline == dwarf::DW_INL_declared_inlined ||
                   *Inline == dwarf::DW_INL_declared_not_inlined;
        return true;
      }
      DWARFDie Origin =
          Die.getAttributeValueAsReferencedDie(dwarf::DW_AT_abstract_origin);
      if (!Origin.isValid())
        Origin =
            Die.getAttributeValueAsReferencedDie(dwarf::DW_AT_specification);
      Die = Origin;
    }
    return false;
  };
  if (Error E = forEachFunctionDie(FunctionStart, Visit))
    return E;
  return Declared;
}

Expected<std::vector<SourceMap::EmptyInline>>
SourceMap::emptyInlinedCalls(CodeAddress FunctionStart,
                             function_ref<bool(StringRef)> Wanted) {
  std::vector<EmptyInline> Found;
  // The first unit that has the function tells.
  auto Visit = [&](Unit &U, DWARFDie Function) {
    // Sections are placed by now: a unit was found for the function.
    uint64_t Base = Bases[FunctionStart.Section];
    uint64_t End = Base + P.section(FunctionStart.Section).Size;
    // Depth first, in DWARF order; a wanted call hides its own children.
    std::vector<DWARFDie> Stack;
    for (DWARFDie Child = Function.getLastChild(); Child.isValid();
         Child = Child.getPreviousSibling())
      Stack.push_back(Child);
    while (!Stack.empty()) {
      DWARFDie Die = Stack.back();
      Stack.pop_back();
      if (Die.getTag() == dwarf::DW_TAG_inlined_subroutine) {
        const char *Name = Die.getSubroutineName(DINameKind::ShortName);
        if (Name && Wanted(Name)) {
          auto Ranges = Die.getAddressRanges();
          bool Empty = true;
          if (Ranges)
            for (const DWARFAddressRange &R : *Ranges)
              Empty &= R.LowPC == R.HighPC;
          else
            consumeError(Ranges.takeError());
          std::optional<uint64_t> Entry =
              dwarf::toAddress(Die.find(dwarf::DW_AT_entry_pc));
          if (!Entry)
            Entry = dwarf::toAddress(Die.find(dwarf::DW_AT_low_pc));
          if (Empty && Entry && *Entry >= Base && *Entry < End) {
            EmptyInline E;
            E.At = {FunctionStart.Section, *Entry - Base};
            E.Function = Name;
            uint32_t File = 0, Line = 0, Column = 0, Discriminator = 0;
            Die.getCallerFrame(File, Line, Column, Discriminator);
            E.Call.Line = Line;
            E.Call.Column = Column;
            if (const auto *LT =
                    U.Context->getLineTableForUnit(Die.getDwarfUnit()))
              LT->getFileNameByIndex(
                  File, Die.getDwarfUnit()->getCompilationDir(),
                  DILineInfoSpecifier::FileLineInfoKind::AbsoluteFilePath,
                  E.Call.File);
            E.Call.Function =
                Function.getSubroutineName(DINameKind::ShortName)
                    ? Function.getSubroutineName(DINameKind::ShortName)
                    : "";
            Found.push_back(std::move(E));
          }
          continue;
        }
      }
      for (DWARFDie Child = Die.getLastChild(); Child.isValid();
           Child = Child.getPreviousSibling())
        Stack.push_back(Child);
    }
    return true;
  };
  if (Error E = forEachFunctionDie(FunctionStart, Visit))
    return E;
  return Found;
}

Expected<SourceMap::UnitDirs> SourceMap::unitDirs(CodeAddress Addr) {
  uint64_t Address = 0;
  auto CandidatesOrErr = unitsHolding(Addr, Address);
  if (!CandidatesOrErr)
    return CandidatesOrErr.takeError();
  ObjectDwarf &O = *Objects[P.section(Addr.Section).Object];
  auto WithSlash = [](std::string Dir) {
    if (!Dir.empty() && Dir.back() != '/')
      Dir += '/';
    return Dir;
  };
  for (uint64_t UnitOffset : *CandidatesOrErr) {
    Unit *Found = unitAt(O, UnitOffset);
    if (!Found || !usable(O, UnitOffset, *Found))
      continue;
    Unit &U = *Found;
    for (const auto &CU : U.Context->compile_units()) {
      const char *Dir = CU->getCompilationDir();
      if (!Dir || !*Dir)
        continue;
      UnitDirs Dirs{WithSlash(Dir), ""};
      const DWARFDebugLine::LineTable *LT =
          U.Context->getLineTableForUnit(CU.get());
      std::optional<std::string> Common;
      bool TwoDirs = false; // one file's directory says nothing of the tree
      for (size_t I = 0; LT && I < LT->Prologue.FileNames.size(); ++I) {
        std::string File;
        // Index base: DWARF 5 counts files from 0, earlier versions from 1.
        uint64_t Index = LT->Prologue.getVersion() >= 5 ? I : I + 1;
        if (!LT->getFileNameByIndex(
                Index, Dir,
                DILineInfoSpecifier::FileLineInfoKind::AbsoluteFilePath, File) ||
            !StringRef(File).starts_with("/") ||
            StringRef(File).starts_with(Dirs.Build))
          continue;
        StringRef Parent = StringRef(File).substr(0, File.rfind('/') + 1);
        if (!Common) {
          Common = Parent.str();
          continue;
        }
        TwoDirs |= Parent != *Common;
        size_t N = 0;
        while (N < Common->size() && N < Parent.size() &&
               (*Common)[N] == Parent[N])
          ++N;
        Common->resize(StringRef(*Common).substr(0, N).rfind('/') + 1);
      }
      if (Common && TwoDirs && *Common != "/")
        Dirs.Sources = *Common;
      return Dirs;
    }
  }
  return UnitDirs();
}

} // namespace noinstr
