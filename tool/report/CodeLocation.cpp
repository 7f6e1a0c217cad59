//===- CodeLocation.cpp ---------------------------------------------------===//
#include "noinstr/report/CodeLocation.h"

#include "llvm/ADT/Twine.h"

namespace noinstr {

std::string CodeLocation::str() const {
  if (!hasAddress())
    return Symbol;
  if (!Symbol.empty())
    return (Symbol + "+0x" + llvm::Twine::utohexstr(SymbolOffset)).str();
  return (Section + "+0x" + llvm::Twine::utohexstr(SectionOffset)).str();
}

} // namespace noinstr
