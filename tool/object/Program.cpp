//===- Program.cpp - reading relocatable ELF objects
//-----------------------===//
//
// Objects are mapped, never copied. Symbols are converted once at load (the
// analysis needs their sections and names to classify every call target);
// relocation tables stay raw in the mapping and are validated and searched
// per section on first use.
//
//===----------------------------------------------------------------------===//
#include "noinstr/object/Program.h"

#include "noinstr/support/InputError.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Object/ELF.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"

#include <algorithm>
#include <numeric>

#ifdef __linux__
#include <sys/mman.h>
#endif

using namespace llvm;
using namespace llvm::object;
using ELFT = ELF64LE;

namespace noinstr {

struct Program::ObjectData {
  std::string Path;
  std::unique_ptr<MemoryBuffer> Buffer;
  ELFFile<ELFT> Elf;
  ArrayRef<ELFT::Shdr> Headers;
  SectionId SectionBase = 0;
  SymbolId SymbolBase = 0;
  uint32_t NumSymbols = 0;
  /// For each symbol (object-local index): the STT_FILE group it follows,
  /// which is how `ld -r` keeps the local symbols of each translation unit
  /// together. Used to find the parent of a ".cold" part.
  std::vector<uint32_t> FileGroup;

  ObjectData(std::string P, std::unique_ptr<MemoryBuffer> B, ELFFile<ELFT> E)
      : Path(std::move(P)), Buffer(std::move(B)), Elf(std::move(E)) {}
};

/// Per-section lookup structures, built when the section is first asked
/// about.
/// Relocations between two milestones (SectionIndex::Milestones).
static constexpr size_t MilestoneStride = 256;

struct Program::SectionIndex {
  bool RelocsChecked = false;
  ArrayRef<ELFT::Rela> Rela;         ///< raw table in the mapping
  std::vector<uint32_t> SortedOrder; ///< only if the table is unsorted
  /// r_offset of every MilestoneStride-th relocation in offset order: a
  /// lookup narrows to one stretch of the (mapped, often megabytes large)
  /// table with them, instead of probing pages all over it.
  std::vector<uint64_t> Milestones;
  /// Entries that cannot be applied: (table index, what is wrong).
  std::vector<std::pair<uint32_t, std::string>> Defects;

  /// Relocation \p I of the checked table in offset order.
  const ELFT::Rela &inOrder(size_t I) const {
    return SortedOrder.empty() ? Rela[I] : Rela[SortedOrder[I]];
  }

  /// The first relocation (in offset order) of the checked table at or
  /// after \p Offset of its section; the table's size if none is.
  size_t firstAt(uint64_t Offset) const {
    // It lies after the last milestone before Offset and at or before the
    // first one at or after it.
    size_t Passed =
        std::lower_bound(Milestones.begin(), Milestones.end(), Offset) -
        Milestones.begin();
    size_t Lo = Passed ? (Passed - 1) * MilestoneStride + 1 : 0;
    size_t Hi = std::min(Rela.size(), Passed * MilestoneStride);
    while (Lo < Hi) {
      size_t Mid = (Lo + Hi) / 2;
      if (inOrder(Mid).r_offset < Offset)
        Lo = Mid + 1;
      else
        Hi = Mid;
    }
    return Lo;
  }
  bool FunctionsBuilt = false;
  std::vector<SymbolId> Functions; ///< STT_FUNC, by offset
  std::vector<SymbolId> Named;     ///< every non-section symbol, by offset
};

struct GlobalMap {
  StringMap<SymbolId> Defined;
};

Program::Program() = default;
Program::~Program() = default;

Expected<std::unique_ptr<Program>> Program::load(ArrayRef<std::string> Paths) {
  std::unique_ptr<Program> P(new Program());
  for (const std::string &Path : Paths)
    if (Error E = P->addObject(Path))
      return E;
  P->Indexes.resize(P->Sections.size());
  return P;
}

static Error checkIdentity(StringRef Path, StringRef Bytes) {
  if (Bytes.empty())
    return inputError(Path, "empty file");
  if (!Bytes.starts_with("\x7f"
                         "ELF"))
    return inputError(Path, "not an ELF file");
  if (Bytes.size() < sizeof(ELFT::Ehdr))
    return inputError(Path, "truncated ELF header");
  if (Bytes[ELF::EI_CLASS] != ELF::ELFCLASS64 ||
      Bytes[ELF::EI_DATA] != ELF::ELFDATA2LSB)
    return inputError(Path, "not a 64-bit little-endian ELF object");
  return Error::success();
}

Error Program::addObject(const std::string &Path) {
  sys::fs::file_status Status;
  if (std::error_code EC = sys::fs::status(Path, Status))
    return inputError(Path, EC.message());
  if (sys::fs::is_directory(Status))
    return inputError(Path, "is a directory, not an object file");
  auto BufOrErr = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                        /*RequiresNullTerminator=*/false);
  if (!BufOrErr)
    return inputError(Path, BufOrErr.getError().message());
  std::unique_ptr<MemoryBuffer> Buf = std::move(*BufOrErr);
  if (Error E = checkIdentity(Path, Buf->getBuffer()))
    return E;
  auto ElfOrErr = ELFFile<ELFT>::create(Buf->getBuffer());
  if (!ElfOrErr)
    return withFile(Path, ElfOrErr.takeError());
  const ELFT::Ehdr &Header = ElfOrErr->getHeader();
  if (Header.e_type == ELF::ET_EXEC || Header.e_type == ELF::ET_DYN)
    return inputError(Path, "is a linked executable, not a relocatable "
                            "object: give the vmlinux.o that kbuild links "
                            "before vmlinux (its relocations name every call "
                            "target)");
  if (Header.e_type != ELF::ET_REL)
    return inputError(Path, "is not a relocatable object (ELF type " +
                                Twine(Header.e_type) + ")");
  if (Header.e_machine != ELF::EM_X86_64 && Header.e_machine != ELF::EM_AARCH64)
    return inputError(Path, "unsupported machine " + Twine(Header.e_machine) +
                                ": x86-64 and AArch64 objects are supported");
  if (!Objects.empty() && Header.e_machine != Machine)
    return inputError(Path, "machine differs from " + Objects.front()->Path);
  Machine = Header.e_machine;

  auto Obj =
      std::make_unique<ObjectData>(Path, std::move(Buf), std::move(*ElfOrErr));
  auto HeadersOrErr = Obj->Elf.sections();
  if (!HeadersOrErr)
    return withFile(Path, HeadersOrErr.takeError());
  Obj->Headers = *HeadersOrErr;
  Obj->SectionBase = Sections.size();
  Obj->SymbolBase = Symbols.size();
  uint32_t ObjectIndex = Objects.size();

  const ELFT::Shdr *SymTab = nullptr;
  ArrayRef<ELFT::Word> ShndxTable;
  // Bounds first: a file cut short fails here with a message that says so,
  // before any section (its names too) is read.
  for (uint32_t I = 0; I < Obj->Headers.size(); ++I) {
    const ELFT::Shdr &Sh = Obj->Headers[I];
    if (Sh.sh_type == ELF::SHT_NOBITS || Sh.sh_type == ELF::SHT_NULL)
      continue;
    bool Wraps = Sh.sh_offset + Sh.sh_size < Sh.sh_offset;
    if (!Wraps && Sh.sh_offset + Sh.sh_size <= Obj->Buffer->getBufferSize())
      continue;
    // Name it if the name table is still readable.
    std::string Name = "section " + std::to_string(I);
    if (auto NameOrErr = Obj->Elf.getSectionName(Sh))
      Name = "section '" + NameOrErr->str() + "'";
    else
      consumeError(NameOrErr.takeError());
    return inputError(Path, Name + (Wraps ? " has a bad size (offset + size "
                                            "wraps around)"
                                          : " extends past the end of the "
                                            "file (truncated?)"));
  }
  for (uint32_t I = 0; I < Obj->Headers.size(); ++I) {
    const ELFT::Shdr &Sh = Obj->Headers[I];
    Section S;
    auto NameOrErr = Obj->Elf.getSectionName(Sh);
    if (!NameOrErr)
      return withFile(Path, NameOrErr.takeError());
    S.Name = *NameOrErr;
    S.Object = ObjectIndex;
    S.ElfIndex = I;
    S.Size = Sh.sh_size;
    S.Executable = Sh.sh_flags & ELF::SHF_EXECINSTR;
    S.HasBits = Sh.sh_type != ELF::SHT_NOBITS && Sh.sh_type != ELF::SHT_NULL;
    if (S.HasBits && Sh.sh_offset + Sh.sh_size < Sh.sh_offset)
      return inputError(Path, "section '" + S.Name + "' has a bad size");
    if (S.HasBits && Sh.sh_offset + Sh.sh_size > Obj->Buffer->getBufferSize())
      return inputError(Path, "section '" + S.Name +
                                  "' extends past the end of the file "
                                  "(truncated?)");
    Sections.push_back(S);
    if (Sh.sh_type == ELF::SHT_SYMTAB) {
      if (SymTab)
        return inputError(Path, "has more than one symbol table");
      SymTab = &Sh;
    }
  }
  for (uint32_t I = 0; I < Obj->Headers.size(); ++I) {
    const ELFT::Shdr &Sh = Obj->Headers[I];
    if (Sh.sh_type != ELF::SHT_RELA)
      continue;
    if (Sh.sh_info == 0 || Sh.sh_info >= Obj->Headers.size())
      return inputError(Path, "relocation section '" +
                                  Sections[Obj->SectionBase + I].Name +
                                  "' applies to no valid section");
    Sections[Obj->SectionBase + Sh.sh_info].RelaIndex = I;
  }
  if (!SymTab)
    return inputError(Path, "has no symbol table (stripped?)");
  for (const ELFT::Shdr &Sh : Obj->Headers)
    if (Sh.sh_type == ELF::SHT_SYMTAB_SHNDX) {
      auto TableOrErr = Obj->Elf.getSHNDXTable(Sh);
      if (!TableOrErr)
        return withFile(Path, TableOrErr.takeError());
      ShndxTable = *TableOrErr;
    }

  auto SymsOrErr = Obj->Elf.symbols(SymTab);
  if (!SymsOrErr)
    return withFile(Path, SymsOrErr.takeError());
  auto StrTabOrErr = Obj->Elf.getStringTableForSymtab(*SymTab);
  if (!StrTabOrErr)
    return withFile(Path, StrTabOrErr.takeError());
  StringRef StrTab = *StrTabOrErr;
  ArrayRef<ELFT::Sym> Syms(SymsOrErr->begin(), SymsOrErr->end());
  Obj->NumSymbols = Syms.size();
  Obj->FileGroup.resize(Syms.size());
  // Grow geometrically: an exact reserve per object would copy every
  // symbol read so far once per object (quadratic over a build directory's
  // thousands of modules).
  if (Symbols.capacity() < Symbols.size() + Syms.size())
    Symbols.reserve(
        std::max(Symbols.size() + Syms.size(), 2 * Symbols.capacity()));
  uint32_t Group = 0;
  for (uint32_t I = 0; I < Syms.size(); ++I) {
    const ELFT::Sym &Raw = Syms[I];
    Symbol S;
    S.Type = Raw.getType();
    S.Binding = Raw.getBinding();
    S.Value = Raw.st_value;
    S.Size = Raw.st_size;
    uint32_t Shndx = Raw.st_shndx;
    if (Shndx == ELF::SHN_XINDEX) {
      if (I >= ShndxTable.size())
        return inputError(Path, "symbol " + Twine(I) +
                                    " uses an extended section index but "
                                    "there is no SHT_SYMTAB_SHNDX entry");
      Shndx = ShndxTable[I];
    }
    if (Shndx == ELF::SHN_UNDEF) {
      S.Undefined = I != 0;
    } else if (Shndx < ELF::SHN_LORESERVE || Raw.st_shndx == ELF::SHN_XINDEX) {
      if (Shndx >= Obj->Headers.size())
        return inputError(Path, "symbol " + Twine(I) +
                                    " has bad section index " + Twine(Shndx));
      S.Section = Obj->SectionBase + Shndx;
    }
    // A symbol past the end of its section would silently take its code
    // out of the analysis.
    if (S.Section != NoSection && S.Type != ELF::STT_SECTION &&
        (S.Value > Sections[S.Section].Size ||
         S.Size > Sections[S.Section].Size - S.Value))
      return inputError(Path, "symbol " + Twine(I) +
                                  " lies outside its section (value 0x" +
                                  Twine::utohexstr(S.Value) + ", size 0x" +
                                  Twine::utohexstr(S.Size) + ")");
    if (S.Type == ELF::STT_SECTION && S.Section != NoSection) {
      S.Name = Sections[S.Section].Name;
    } else {
      if (Raw.st_name >= StrTab.size())
        return inputError(Path, "symbol " + Twine(I) +
                                    " has a name outside the string table");
      S.Name = StrTab.data() + Raw.st_name;
    }
    if (S.Type == ELF::STT_FILE)
      ++Group;
    Obj->FileGroup[I] = S.Binding == ELF::STB_LOCAL ? Group : ~0u;
    Symbols.push_back(S);
  }
  Objects.push_back(std::move(Obj));
  return Error::success();
}

size_t Program::numObjects() const { return Objects.size(); }

StringRef Program::objectPath(uint32_t Object) const {
  return Objects[Object]->Path;
}

uint32_t Program::objectOf(SymbolId Id) const {
  auto It =
      std::upper_bound(Objects.begin(), Objects.end(), Id,
                       [](SymbolId S, const std::unique_ptr<ObjectData> &O) {
                         return S < O->SymbolBase;
                       });
  return It - Objects.begin() - 1;
}

void Program::markModule(uint32_t Object) {
  Modules.resize(Objects.size());
  Modules[Object] = true;
}

bool Program::isModule(uint32_t Object) const {
  return Object < Modules.size() && Modules[Object];
}

ArrayRef<uint8_t> Program::contents(SectionId Id) const {
  const Section &S = Sections[Id];
  if (!S.HasBits)
    return {};
  const ObjectData &Obj = *Objects[S.Object];
  const ELFT::Shdr &Sh = Obj.Headers[S.ElfIndex];
  // Bounds were checked at load.
  return ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(Obj.Buffer->getBufferStart()) +
          Sh.sh_offset,
      Sh.sh_size);
}

Program::SectionIndex &Program::indexFor(SectionId Id) {
  if (!Indexes[Id])
    Indexes[Id] = std::make_unique<SectionIndex>();
  return *Indexes[Id];
}

/// Lets the kernel drop the pages of [Begin, End) from this process: the
/// validation scan reads each relocation once, and a vmlinux.o's debug
/// relocation tables alone are tens of megabytes that would otherwise stay
/// counted in our resident set. The file stays in the page cache; a later
/// access faults the page back in.
static void releasePages(const void *Begin, const void *End) {
#ifdef __linux__
  uintptr_t Page = sys::Process::getPageSizeEstimate();
  uintptr_t From =
      (reinterpret_cast<uintptr_t>(Begin) + Page - 1) & ~(Page - 1);
  uintptr_t To = reinterpret_cast<uintptr_t>(End) & ~(Page - 1);
  if (From < To)
    ::madvise(reinterpret_cast<void *>(From), To - From, MADV_DONTNEED);
#else
  (void)Begin;
  (void)End;
#endif
}

/// Releases bytes [\p Offset, \p End) of \p In widened to the window one
/// fault maps around them (Linux's fault-around: 64 KiB, aligned), kept to
/// \p In: reading them mapped that much.
static void releaseFaultWindows(ArrayRef<uint8_t> In, uint64_t Offset,
                                uint64_t End) {
  constexpr uint64_t Window = 64 * 1024;
  End = std::min<uint64_t>(In.size(), End);
  if (Offset >= End)
    return;
  uint64_t Back = (reinterpret_cast<uintptr_t>(In.data()) + Offset) &
                  (Window - 1);
  const uint8_t *From = In.data() + (Offset > Back ? Offset - Back : 0);
  uint64_t Ahead = (Window - (reinterpret_cast<uintptr_t>(In.data()) + End) %
                                 Window) % Window;
  const uint8_t *To = In.data() + std::min<uint64_t>(In.size(), End + Ahead);
  releasePages(From, To);
}

void Program::releasePages(SectionId Id, uint64_t Offset,
                           uint64_t Size) const {
  if (Objects[Sections[Id].Object]->Buffer->getBufferKind() !=
      MemoryBuffer::MemoryBuffer_MMap)
    return;
  uint64_t End = Offset + std::min<uint64_t>(Size, ~Offset);
  releaseFaultWindows(contents(Id), Offset, End);
}

void Program::releaseRelocationPages(SectionId Id, uint64_t Begin,
                                     uint64_t End) const {
  if (Objects[Sections[Id].Object]->Buffer->getBufferKind() !=
          MemoryBuffer::MemoryBuffer_MMap ||
      !Indexes[Id] || !Indexes[Id]->RelocsChecked)
    return;
  const SectionIndex &Index = *Indexes[Id];
  // An unsorted table has the entries of a range scattered over it.
  if (!Index.SortedOrder.empty())
    return;
  ArrayRef<uint8_t> Table(reinterpret_cast<const uint8_t *>(Index.Rela.data()),
                          Index.Rela.size() * sizeof(ELFT::Rela));
  releaseFaultWindows(Table, Index.firstAt(Begin) * sizeof(ELFT::Rela),
                      Index.firstAt(End) * sizeof(ELFT::Rela));
}

/// Whether relocation \p R of section \p S can be applied: cheap, for the
/// scan over every entry of a table; relocationProblem says why not.
static bool relocationApplies(const ELFT::Rela &R, const Section &S,
                              uint32_t NumSymbols) {
  return (R.r_offset < S.Size) & (R.getSymbol(false) < NumSymbols);
}

/// What is wrong with relocation \p R of section \p S, if anything.
static std::optional<std::string> relocationProblem(const ELFT::Rela &R,
                                                    size_t I, const Section &S,
                                                    uint32_t NumSymbols) {
  if (relocationApplies(R, S, NumSymbols))
    return std::nullopt;
  if (R.r_offset >= S.Size)
    return ("relocation " + Twine(I) + " of section '" + S.Name +
            "' points outside it (offset 0x" + Twine::utohexstr(R.r_offset) +
            ", size 0x" + Twine::utohexstr(S.Size) + ")")
        .str();
  return ("relocation " + Twine(I) + " of section '" + S.Name +
          "' names symbol " + Twine(R.getSymbol(false)) +
          ", which does not exist")
      .str();
}

/// Validates and indexes the raw relocation table of a section: entries
/// that cannot be applied go to \p Defects.
static Error
loadRelocations(const ELFFile<ELFT> &Elf, StringRef Path, const Section &S,
                const ELFT::Shdr &RelaHeader, uint32_t NumSymbols,
                ArrayRef<ELFT::Rela> &Out, std::vector<uint32_t> &SortedOrder,
                std::vector<uint64_t> &Milestones,
                std::vector<std::pair<uint32_t, std::string>> &Defects) {
  auto RelasOrErr = Elf.relas(RelaHeader);
  if (!RelasOrErr)
    return withFile(Path, RelasOrErr.takeError());
  Out = *RelasOrErr;
  Milestones.clear();
  Milestones.reserve((Out.size() + MilestoneStride - 1) / MilestoneStride);
  bool Sorted = true;
  // A debug kernel's tables hold millions of entries: the loop over them
  // does only the checks, chunk by chunk (a chunk's pages are released
  // after it); messages are built for the defects alone.
  constexpr size_t Chunk = 1 << 14; // relocations per released window
  uint64_t Previous = 0; // r_offset of the entry before
  for (size_t Begin = 0; Begin < Out.size(); Begin += Chunk) {
    size_t End = std::min(Out.size(), Begin + Chunk);
    // Without branches: the entries of a chunk are looked at again only
    // when one of them is a defect.
    bool Applies = true;
    for (size_t I = Begin; I < End; ++I) {
      const ELFT::Rela &R = Out[I];
      Applies &= relocationApplies(R, S, NumSymbols);
      Sorted &= Previous <= R.r_offset;
      Previous = R.r_offset;
    }
    for (size_t I = Begin; !Applies && I < End; ++I)
      if (!relocationApplies(Out[I], S, NumSymbols))
        Defects.emplace_back(I, *relocationProblem(Out[I], I, S, NumSymbols));
    static_assert(Chunk % MilestoneStride == 0, "a chunk starts a stride");
    for (size_t I = Begin; I < End; I += MilestoneStride)
      Milestones.push_back(Out[I].r_offset);
    releasePages(&Out[Begin], Out.data() + End);
  }
  if (!Sorted) {
    SortedOrder.resize(Out.size());
    std::iota(SortedOrder.begin(), SortedOrder.end(), 0);
    std::stable_sort(SortedOrder.begin(), SortedOrder.end(),
                     [&](uint32_t A, uint32_t B) {
                       return Out[A].r_offset < Out[B].r_offset;
                     });
    for (size_t I = 0; I < SortedOrder.size(); I += MilestoneStride)
      Milestones[I / MilestoneStride] = Out[SortedOrder[I]].r_offset;
  }
  return Error::success();
}

Expected<Program::SectionIndex *> Program::checkedIndex(SectionId Id) {
  const Section &S = Sections[Id];
  SectionIndex &Index = indexFor(Id);
  if (!Index.RelocsChecked && S.RelaIndex) {
    const ObjectData &Obj = *Objects[S.Object];
    if (Error E = loadRelocations(
            Obj.Elf, Obj.Path, S, Obj.Headers[S.RelaIndex], Obj.NumSymbols,
            Index.Rela, Index.SortedOrder, Index.Milestones, Index.Defects))
      return E;
    Index.RelocsChecked = true;
  }
  return &Index;
}

Expected<std::vector<Relocation>> Program::relocationsIn(SectionId Id,
                                                         uint64_t Begin,
                                                         uint64_t End,
                                                         OnDefect Defect) {
  std::vector<Relocation> Result;
  const Section &S = Sections[Id];
  if (!S.RelaIndex)
    return Result;
  const ObjectData &Obj = *Objects[S.Object];
  auto IndexOrErr = checkedIndex(Id);
  if (!IndexOrErr)
    return IndexOrErr.takeError();
  const SectionIndex &Index = **IndexOrErr;
  End = std::min(End, S.Size);
  for (size_t I = Index.firstAt(Begin);
       I < Index.Rela.size() && Index.inOrder(I).r_offset < End; ++I) {
    const ELFT::Rela &R = Index.inOrder(I);
    if (R.getSymbol(false) >= Obj.NumSymbols && Defect == OnDefect::Skip)
      continue;
    if (R.getSymbol(false) >= Obj.NumSymbols)
      return inputError(
          Obj.Path, *relocationProblem(
                        R, Index.SortedOrder.empty() ? I : Index.SortedOrder[I],
                        S, Obj.NumSymbols));
    Relocation Rel;
    Rel.Offset = R.r_offset;
    Rel.Type = R.getType(false);
    Rel.Symbol = resolve(Obj.SymbolBase + R.getSymbol(false));
    Rel.Addend = R.r_addend;
    Result.push_back(Rel);
  }
  return Result;
}

Expected<std::optional<Relocation>>
Program::relocationIn(SectionId Id, uint64_t Begin, uint64_t End) {
  auto RelocsOrErr = relocationsIn(Id, Begin, End);
  if (!RelocsOrErr)
    return RelocsOrErr.takeError();
  if (RelocsOrErr->empty())
    return std::nullopt;
  return RelocsOrErr->front();
}

Expected<bool> Program::hasRelocationDefect(SymbolId Func) {
  const Symbol &F = Symbols[Func];
  if (F.Section == NoSection)
    return false;
  auto IndexOrErr = checkedIndex(F.Section);
  if (!IndexOrErr)
    return IndexOrErr.takeError();
  const SectionIndex &Index = **IndexOrErr;
  return std::any_of(Index.Defects.begin(), Index.Defects.end(),
                     [&](const auto &D) {
                       uint64_t Offset = Index.Rela[D.first].r_offset;
                       if (Offset >= F.Value && Offset - F.Value < F.Size)
                         return true;
                       return Offset < Sections[F.Section].Size &&
                              spoiledFunction({F.Section, Offset}).first ==
                                  Func;
                     });
}

std::vector<Program::RelocationDefect> Program::relocationDefects() {
  std::vector<RelocationDefect> Out;
  for (SectionId Id = 0; Id < Indexes.size(); ++Id) {
    if (!Indexes[Id])
      continue;
    for (const auto &[I, Problem] : Indexes[Id]->Defects) {
      RelocationDefect D;
      D.Section = Id;
      D.Problem = Problem;
      uint64_t Offset = Indexes[Id]->Rela[I].r_offset;
      D.InSection = Offset < Sections[Id].Size;
      if (D.InSection)
        std::tie(D.Function, D.Part) = spoiledFunction({Id, Offset});
      Out.push_back(std::move(D));
    }
  }
  return Out;
}

std::pair<SymbolId, SymbolId> Program::spoiledFunction(CodeAddress At) {
  SymbolId Func = functionContaining(At);
  if (Func == NoSymbol)
    return {NoSymbol, NoSymbol};
  if (SymbolId Parent = coldParent(Func); Parent != NoSymbol)
    return {Parent, Func};
  return {Func, NoSymbol};
}

void Program::buildGlobalMap() {
  Globals = std::make_unique<GlobalMap>();
  for (SymbolId Id = 0; Id < Symbols.size(); ++Id) {
    const Symbol &S = Symbols[Id];
    if (S.Undefined || !S.isGlobal() || S.Section == NoSection)
      continue;
    auto [It, Inserted] = Globals->Defined.try_emplace(S.Name, Id);
    // A strong definition wins over a weak one, as the linker decides.
    if (!Inserted && Symbols[It->second].isWeak() && !S.isWeak())
      It->second = Id;
  }
}

SymbolId Program::resolve(SymbolId Id) {
  const Symbol &S = Symbols[Id];
  if (!S.Undefined || Objects.size() < 2)
    return Id;
  SymbolId Def = findGlobal(S.Name);
  return Def == NoSymbol ? Id : Def;
}

SymbolId Program::findGlobal(StringRef Name) {
  if (!Globals)
    buildGlobalMap();
  auto It = Globals->Defined.find(Name);
  return It == Globals->Defined.end() ? NoSymbol : It->second;
}

SymbolId Program::findSymbol(StringRef Name) {
  SymbolId Global = findGlobal(Name);
  if (Global != NoSymbol)
    return Global;
  for (SymbolId Id = 0; Id < Symbols.size(); ++Id)
    if (!Symbols[Id].Undefined && Symbols[Id].Section != NoSection &&
        !Symbols[Id].isSection() && Symbols[Id].Name == Name)
      return Id;
  return NoSymbol;
}

ArrayRef<SymbolId> Program::functionsIn(SectionId Id) {
  if (Id >= Sections.size())
    return {}; // undefined or absolute: no code, no functions
  SectionIndex &Index = indexFor(Id);
  if (Index.FunctionsBuilt)
    return Index.Functions;
  if (SymbolsBySection.empty()) {
    SymbolsBySection.resize(Sections.size());
    for (SymbolId S = 0; S < Symbols.size(); ++S) {
      const Symbol &Sym = Symbols[S];
      if (Sym.Section != NoSection && !Sym.isSection() &&
          Sym.Type != ELF::STT_FILE)
        SymbolsBySection[Sym.Section].push_back(S);
    }
  }
  // Sorted by offset; at one offset, functions first, globals before
  // locals, then symbol-table order: the name objtool would print. The
  // sort compares (offset, rank) pairs of plain integers: a vmlinux.o's
  // .text has a hundred thousand symbols, and reading each comparison's
  // two Symbols out of the whole table costs cache misses.
  const std::vector<SymbolId> &InSection = SymbolsBySection[Id];
  std::vector<std::pair<uint64_t, uint64_t>> Ranked;
  Ranked.reserve(InSection.size());
  static_assert(sizeof(SymbolId) <= 4, "the rank holds a SymbolId in 32 bits");
  for (SymbolId S : InSection) {
    const Symbol &Sym = Symbols[S];
    Ranked.push_back({Sym.Value, uint64_t(!Sym.isFunction()) << 33 |
                                     uint64_t(!Sym.isGlobal()) << 32 | S});
  }
  std::sort(Ranked.begin(), Ranked.end());
  Index.Named.reserve(Ranked.size());
  for (const auto &[Value, Rank] : Ranked)
    Index.Named.push_back(SymbolId(Rank));
  for (SymbolId S : Index.Named)
    if (Symbols[S].isFunction())
      Index.Functions.push_back(S);
  Index.FunctionsBuilt = true;
  return Index.Functions;
}

SymbolId Program::functionContaining(CodeAddress Addr) {
  ArrayRef<SymbolId> Funcs = functionsIn(Addr.Section);
  auto It = std::upper_bound(
      Funcs.begin(), Funcs.end(), Addr.Offset,
      [&](uint64_t Off, SymbolId S) { return Off < Symbols[S].Value; });
  // Functions may nest (aliases, or a zero-size label at the same start);
  // walk back to the first that covers the address.
  while (It != Funcs.begin()) {
    --It;
    const Symbol &S = Symbols[*It];
    if (Addr.Offset < S.Value + std::max<uint64_t>(S.Size, 1))
      return *It;
    if (S.Value + 0x100000 < Addr.Offset)
      break;
  }
  return NoSymbol;
}

SymbolId Program::functionAt(CodeAddress Addr) {
  ArrayRef<SymbolId> Funcs = functionsIn(Addr.Section);
  auto It = std::lower_bound(
      Funcs.begin(), Funcs.end(), Addr.Offset,
      [&](SymbolId S, uint64_t Off) { return Symbols[S].Value < Off; });
  if (It != Funcs.end() && Symbols[*It].Value == Addr.Offset)
    return *It;
  return NoSymbol;
}

/// Named symbols of Addr's section, and the first one starting after Addr.
std::pair<const std::vector<SymbolId> *, std::vector<SymbolId>::const_iterator>
Program::namedUpTo(CodeAddress Addr) {
  (void)functionsIn(Addr.Section);
  const std::vector<SymbolId> &Named = indexFor(Addr.Section).Named;
  auto It = std::upper_bound(
      Named.begin(), Named.end(), Addr.Offset,
      [&](uint64_t Off, SymbolId S) { return Off < Symbols[S].Value; });
  return {&Named, It};
}

SymbolId Program::symbolBefore(CodeAddress Addr) {
  if (Addr.Section >= Sections.size())
    return NoSymbol;
  SymbolId Func = functionContaining(Addr);
  if (Func != NoSymbol)
    return Func;
  auto [Named, It] = namedUpTo(Addr);
  if (It == Named->begin())
    return NoSymbol;
  // Prefer the first-ranked symbol at that offset.
  uint64_t Value = Symbols[*std::prev(It)].Value;
  auto First =
      std::lower_bound(Named->begin(), It, Value, [&](SymbolId S, uint64_t V) {
        return Symbols[S].Value < V;
      });
  return *First;
}

SymbolId Program::symbolContaining(CodeAddress Addr) {
  if (Addr.Section >= Sections.size())
    return NoSymbol;
  SymbolId Func = functionContaining(Addr);
  if (Func != NoSymbol)
    return Func;
  auto [NamedPtr, It] = namedUpTo(Addr);
  const std::vector<SymbolId> &Named = *NamedPtr;
  // Look back over a bounded window: symbols in code do not nest deeply.
  for (int Steps = 0; It != Named.begin() && Steps < 64; ++Steps) {
    const Symbol &S = Symbols[*--It];
    if (S.Size && Addr.Offset < S.Value + S.Size) {
      // Prefer the first-ranked symbol at that offset.
      while (It != Named.begin() && Symbols[*std::prev(It)].Value == S.Value &&
             Symbols[*std::prev(It)].Size)
        --It;
      return *It;
    }
  }
  return NoSymbol;
}

SymbolId Program::coldParent(SymbolId Cold) {
  const Symbol &S = Symbols[Cold];
  size_t Pos = S.Name.find(".cold");
  if (Pos == StringRef::npos || Pos == 0)
    return NoSymbol;
  StringRef ParentName = S.Name.substr(0, Pos);
  // The parent is in the same object, preferably the same translation unit.
  const ObjectData &Obj = *Objects[objectOf(Cold)];
  uint32_t Group = Obj.FileGroup[Cold - Obj.SymbolBase];
  SymbolId Fallback = NoSymbol;
  for (uint32_t I = 0; I < Obj.NumSymbols; ++I) {
    SymbolId Id = Obj.SymbolBase + I;
    const Symbol &P = Symbols[Id];
    if (!P.isFunction() || P.Name != ParentName || P.Undefined)
      continue;
    if (Obj.FileGroup[I] == Group)
      return Id;
    if (Fallback == NoSymbol || P.isGlobal())
      Fallback = Id;
  }
  return Fallback;
}

std::vector<SectionId> Program::sectionsNamed(StringRef Name) const {
  std::vector<SectionId> Result;
  for (SectionId Id = 0; Id < Sections.size(); ++Id)
    if (Sections[Id].Name == Name)
      Result.push_back(Id);
  return Result;
}

} // namespace noinstr
