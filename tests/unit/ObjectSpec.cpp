//===- ObjectSpec.cpp -----------------------------------------------------===//
#include "ObjectSpec.h"

#include "TestObject.h"

#include <set>
#include <sstream>
#include <stdexcept>

namespace noinstr::test {

std::string tableSection(const std::string &Name, const std::string &ContentHex,
                         const std::vector<TableField> &Fields) {
  std::string Y = "  - Name: " + Name +
                  "\n    Type: SHT_PROGBITS\n"
                  "    Flags: [ SHF_ALLOC ]\n    Content: \"" +
                  ContentHex + "\"\n";
  Y += "  - Name: .rela" + Name + "\n    Type: SHT_RELA\n    Info: " + Name +
       "\n    Relocations:\n";
  for (const TableField &F : Fields)
    Y += "      - Offset: " + std::to_string(F.Offset) +
         "\n        Symbol: " + F.Symbol + "\n        Type: " + F.Type +
         "\n        Addend: " + std::to_string(F.Addend) + "\n";
  return Y;
}

unsigned ObjectSpec::offsetOf(const std::string &Function) const {
  std::map<std::string, unsigned> Size;
  for (const FunctionSpec &F : Functions) {
    if (F.Name == Function)
      return Size[F.Section];
    Size[F.Section] += F.Hex.size() / 2;
  }
  throw std::runtime_error("no function " + Function);
}

static std::string sectionOf(const ObjectSpec &S, const std::string &Fn) {
  for (const FunctionSpec &F : S.Functions)
    if (F.Name == Fn)
      return F.Section;
  throw std::runtime_error("no function " + Fn);
}

std::string ObjectSpec::yaml() const {
  std::map<std::string, std::string> Code;
  std::map<std::string, std::vector<std::string>> Relocs;
  std::vector<std::string> Order;
  std::set<std::string> Defined;
  std::ostringstream Symbols;
  for (const FunctionSpec &F : Functions) {
    if (!Code.count(F.Section))
      Order.push_back(F.Section);
    unsigned Base = Code[F.Section].size() / 2;
    for (const auto &[Off, Sym] : F.Rel32)
      Relocs[F.Section].push_back(
          "      - Offset: " + std::to_string(Base + Off) +
          "\n        Symbol: " + Sym +
          (AArch64 ? "\n        Type: R_AARCH64_CALL26\n        Addend: 0\n"
                   : "\n        Type: R_X86_64_PLT32"
                     "\n        Addend: -4\n"));
    for (const auto &[Off, Sym] : F.Jump26)
      Relocs[F.Section].push_back(
          "      - Offset: " + std::to_string(Base + Off) +
          "\n        Symbol: " + Sym +
          "\n        Type: R_AARCH64_JUMP26"
          "\n        Addend: 0\n");
    Code[F.Section] += F.Hex;
    Defined.insert(F.Name);
    Symbols << "  - Name: " << F.Name
            << "\n    Type: STT_FUNC\n    Section: " << F.Section
            << "\n    Value: " << Base << "\n    Size: " << F.Hex.size() / 2
            << "\n"
            << (F.Global ? "    Binding: STB_GLOBAL\n" : "");
  }
  std::ostringstream Sections;
  for (const std::string &Name : Order) {
    Sections << "  - Name: " << Name
             << "\n    Type: SHT_PROGBITS\n    Flags: [ SHF_ALLOC, "
                "SHF_EXECINSTR ]\n    AddressAlign: 16\n    Content: \""
             << Code[Name] << "\"\n";
    if (!Relocs[Name].empty()) {
      Sections << "  - Name: .rela" << Name
               << "\n    Type: SHT_RELA\n    Info: " << Name
               << "\n    Relocations:\n";
      for (const std::string &R : Relocs[Name])
        Sections << R;
    }
  }
  // Markers point at a NOP: .discard.instr_begin/_end hold one PC32 entry
  // each (6.12); .discard.annotate_insn holds {PC32, type} pairs (6.14+).
  auto Markers = [&](const std::string &Section,
                     const std::vector<std::pair<std::string, unsigned>> &List,
                     const std::vector<int> &Types) {
    if (List.empty())
      return;
    unsigned Entry = Types.empty() ? 4 : 8;
    std::string Content;
    for (size_t I = 0; I < List.size(); ++I) {
      Content += "00000000";
      if (!Types.empty())
        Content += Types[I] == 3 ? "03000000" : "04000000";
    }
    Sections << "  - Name: " << Section << "\n    Type: SHT_PROGBITS\n"
             << (Types.empty() ? ""
                               : "    Flags: [ SHF_MERGE ]\n    EntSize: 8\n")
             << "    Content: \"" << Content << "\"\n";
    Sections << "  - Name: .rela" << Section
             << "\n    Type: SHT_RELA\n    Info: " << Section
             << "\n    Relocations:\n";
    for (size_t I = 0; I < List.size(); ++I)
      Sections << "      - Offset: " << I * Entry
               << "\n        Symbol: " << sectionOf(*this, List[I].first)
               << "\n        Type: R_X86_64_PC32\n        Addend: "
               << offsetOf(List[I].first) + List[I].second << "\n";
  };
  if (AnnotateInsn) {
    std::vector<std::pair<std::string, unsigned>> All = Begins;
    All.insert(All.end(), Ends.begin(), Ends.end());
    std::vector<int> Types(Begins.size(), 3);
    Types.resize(All.size(), 4);
    Markers(".discard.annotate_insn", All, Types);
  } else {
    Markers(".discard.instr_begin", Begins, {});
    Markers(".discard.instr_end", Ends, {});
    // Like every kernel object with markers, have an end-marker table even
    // when no end is used: objtool ignores begins in objects without one.
    if (!Begins.empty() && Ends.empty())
      Sections << "  - Name: .discard.instr_end\n    Type: SHT_PROGBITS\n"
                  "  - Name: .rela.discard.instr_end\n    Type: SHT_RELA\n"
                  "    Info: .discard.instr_end\n    Relocations: []\n";
  }
  Sections << ExtraSections;

  std::ostringstream SectionSymbols;
  for (const std::string &Name : Order)
    SectionSymbols << "  - Name: " << Name << "\n    Type: STT_SECTION\n"
                   << "    Section: " << Name << "\n";
  std::string AllSymbols = SectionSymbols.str() + Symbols.str() + ExtraSymbols;
  // Every relocation target that is not defined here is an undefined global.
  std::set<std::string> Undefined;
  for (const FunctionSpec &F : Functions)
    for (const auto *List : {&F.Rel32, &F.Jump26})
      for (const auto &[Off, Sym] : *List)
        if (!Defined.count(Sym) && !Code.count(Sym) &&
            AllSymbols.find("Name: " + Sym + "\n") == std::string::npos)
          Undefined.insert(Sym);
  for (const std::string &Sym : Undefined)
    AllSymbols += "  - Name: " + Sym + "\n    Binding: STB_GLOBAL\n";
  return elfYaml(Sections.str(), AllSymbols,
                 AArch64 ? "EM_AARCH64" : "EM_X86_64");
}

} // namespace noinstr::test
