//===- CodeLocation.cpp ---------------------------------------------------===//
#include "noinstr/model/CodeLocation.h"

#include "llvm/ADT/Twine.h"

namespace noinstr {

bool sameSourceFile(llvm::StringRef Dwarf, llvm::StringRef Source) {
  return Dwarf == Source ||
         (Dwarf.ends_with(Source) &&
          Dwarf[Dwarf.size() - Source.size() - 1] == '/');
}

llvm::StringRef sourceName(llvm::StringRef Symbol) {
  return Symbol.take_until([](char C) { return C == '.'; });
}

std::string SourceLocation::str() const {
  std::string Out = File;
  for (unsigned Part : {Line, Line ? Column : 0u}) {
    if (!Part)
      break;
    Out += ':';
    Out += std::to_string(Part);
  }
  return Out;
}

std::string CodeLocation::str() const {
  if (!hasAddress())
    return Symbol;
  if (!Symbol.empty())
    return (Symbol + "+0x" + llvm::Twine::utohexstr(SymbolOffset)).str();
  return (Section + "+0x" + llvm::Twine::utohexstr(SectionOffset)).str();
}

} // namespace noinstr
