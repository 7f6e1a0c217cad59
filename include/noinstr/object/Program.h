//===- Program.h - the input objects, read as one program ------*- C++ -*-===//
//
// The first stage: map the relocatable ELF objects (normally one vmlinux.o)
// and give the later stages sections, symbols and relocations with
// program-wide ids. Global symbols that are undefined in one object resolve
// to their definition in another.
//
// "Do less": nothing is decoded here. Section contents stay in the mapped
// file; relocation tables are validated and indexed only for the sections the
// analysis asks about (a vmlinux.o has millions of relocations, of which the
// noinstr check needs a few thousand).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/model/CodeAddress.h"
#include "noinstr/object/Relocation.h"
#include "noinstr/object/Section.h"
#include "noinstr/object/Symbol.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace noinstr {

class Program {
public:
  /// Reads every object in \p Paths. All must be relocatable ELF64
  /// little-endian objects of the same machine.
  static llvm::Expected<std::unique_ptr<Program>>
  load(llvm::ArrayRef<std::string> Paths);

  ~Program();
  Program(const Program &) = delete;
  Program &operator=(const Program &) = delete;

  /// ELF e_machine shared by all objects (EM_X86_64, EM_AARCH64).
  uint16_t machine() const { return Machine; }
  size_t numObjects() const;
  llvm::StringRef objectPath(uint32_t Object) const;
  /// Gives back the pages of the file mapping around bytes [\p Offset,
  /// +\p Size) of section \p Id that reads mapped into this process (to
  /// the window one fault maps, 64 KiB), for walks that read a large
  /// section once, a piece at a time. The page cache keeps them; nothing
  /// happens for a file read into memory.
  void releasePages(SectionId Id, uint64_t Offset, uint64_t Size = 1) const;
  /// The same for the relocation entries of section \p Id that apply to
  /// its bytes [\p Begin, \p End), once relocationsIn has read them, for
  /// callers that copied what they need (nothing for a table not in offset
  /// order: its entries for a range are spread over it).
  void releaseRelocationPages(SectionId Id, uint64_t Begin,
                              uint64_t End) const;

  /// The object holding symbol \p Id (defined or not).
  uint32_t objectOf(SymbolId Id) const;

  /// Kernel modules: their undefined symbols are defined by vmlinux or by
  /// another module at load time, so a callee defined in no input is
  /// unknown rather than a call out of noinstr code (see ModuleInputs).
  void markModule(uint32_t Object);
  bool isModule(uint32_t Object) const;

  llvm::ArrayRef<Section> sections() const { return Sections; }
  const Section &section(SectionId Id) const { return Sections[Id]; }
  /// Contents of a section with file data (empty for SHT_NOBITS).
  llvm::ArrayRef<uint8_t> contents(SectionId Id) const;

  /// What relocationsIn does with a relocation in its range that cannot be
  /// applied: code cannot be read without it (an error naming the object);
  /// a table's entry can be skipped (the driver warns about the defect).
  enum class OnDefect { Fail, Skip };
  /// Relocations applied to [Begin, End) of \p Id, sorted by offset. The
  /// section's table is validated on first use; a relocation that cannot
  /// be applied (outside its section, or against a symbol that does not
  /// exist) is a defect of the table (relocationDefects).
  llvm::Expected<std::vector<Relocation>>
  relocationsIn(SectionId Id, uint64_t Begin, uint64_t End,
                OnDefect Defect = OnDefect::Fail);
  /// The first relocation whose offset lies in [Begin, End) of \p Id.
  llvm::Expected<std::optional<Relocation>>
  relocationIn(SectionId Id, uint64_t Begin, uint64_t End);

  /// A relocation that cannot be applied: it spoils the function whose
  /// bytes it would patch (a walk leaves that function out, with its
  /// ".cold" parts), the table entry it would complete (the entry is
  /// skipped), or nothing when it points outside its section.
  struct RelocationDefect {
    SectionId Section = NoSection;
    SymbolId Function = NoSymbol; ///< spoiled function, if any
    SymbolId Part = NoSymbol;     ///< the function's ".cold" part holding it
    bool InSection = false;       ///< it patches bytes of its section
    std::string Problem;          ///< "relocation N of section 'S' ..."
  };
  /// Whether function \p Func (or one of its ".cold" parts in its section)
  /// has a relocation that cannot be applied. Validates its section's
  /// table (an unreadable table is an error).
  llvm::Expected<bool> hasRelocationDefect(SymbolId Func);
  /// The defects of every relocation table validated so far, in section
  /// and table order.
  std::vector<RelocationDefect> relocationDefects();

  size_t numSymbols() const { return Symbols.size(); }
  const Symbol &symbol(SymbolId Id) const { return Symbols[Id]; }
  /// A defined global symbol named \p Name, in input order, or NoSymbol.
  SymbolId findGlobal(llvm::StringRef Name);
  /// Any defined symbol named \p Name (globals first), or NoSymbol.
  SymbolId findSymbol(llvm::StringRef Name);

  /// The function (STT_FUNC) whose extent holds \p Addr, or NoSymbol.
  SymbolId functionContaining(CodeAddress Addr);
  /// The function starting exactly at \p Addr, or NoSymbol. Prefers a
  /// global alias over a local one, the first in symbol-table order.
  SymbolId functionAt(CodeAddress Addr);
  /// The named symbol (function first, then any other non-section symbol)
  /// nearest at or before \p Addr: what objtool prints as "sym+0xoff".
  SymbolId symbolBefore(CodeAddress Addr);
  /// The sized symbol of any type (functions first) whose extent holds
  /// \p Addr, or NoSymbol: the owner of an instruction, as objtool sees it.
  SymbolId symbolContaining(CodeAddress Addr);
  /// Functions defined in \p Id, sorted by offset.
  llvm::ArrayRef<SymbolId> functionsIn(SectionId Id);
  /// The parent of a compiler-split "foo.cold" part, or NoSymbol.
  SymbolId coldParent(SymbolId Cold);

  /// The symbol a relocation should be read through: an undefined global
  /// resolved to its definition in another object where there is one.
  SymbolId resolve(SymbolId Id);

  /// Sections named \p Name, in input order.
  std::vector<SectionId> sectionsNamed(llvm::StringRef Name) const;

private:
  /// The function a defect at \p At spoils, and the ".cold" part of it
  /// holding \p At if it is one.
  std::pair<SymbolId, SymbolId> spoiledFunction(CodeAddress At);
  Program();
  struct ObjectData;
  struct SectionIndex;

  llvm::Error addObject(const std::string &Path);
  SectionIndex &indexFor(SectionId Id);
  /// The index of \p Id with its relocation table validated.
  llvm::Expected<SectionIndex *> checkedIndex(SectionId Id);
  std::pair<const std::vector<SymbolId> *,
            std::vector<SymbolId>::const_iterator>
  namedUpTo(CodeAddress Addr);
  void buildGlobalMap();

  uint16_t Machine = 0;
  std::vector<std::unique_ptr<ObjectData>> Objects;
  std::vector<bool> Modules; // by object
  std::vector<Section> Sections;
  std::vector<Symbol> Symbols;
  std::vector<std::unique_ptr<SectionIndex>> Indexes;  // by SectionId, lazy
  std::vector<std::vector<SymbolId>> SymbolsBySection; // lazy, all at once
  std::unique_ptr<struct GlobalMap> Globals;           // lazy
};

} // namespace noinstr
