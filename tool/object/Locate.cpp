//===- Locate.cpp ---------------------------------------------------------===//
#include "noinstr/object/Locate.h"

namespace noinstr {

CodeLocation locate(Program &P, CodeAddress Addr) {
  CodeLocation L;
  const Section &S = P.section(Addr.Section);
  L.Object = P.objectPath(S.Object).str();
  L.Section = S.Name.str();
  L.SectionOffset = Addr.Offset;
  L.Address = Addr;
  if (SymbolId Sym = P.symbolBefore(Addr); Sym != NoSymbol) {
    L.Symbol = P.symbol(Sym).Name.str();
    L.SymbolOffset = Addr.Offset - P.symbol(Sym).Value;
  }
  return L;
}

} // namespace noinstr
