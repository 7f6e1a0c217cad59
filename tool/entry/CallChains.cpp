//===- CallChains.cpp -----------------------------------------------------===//
#include "noinstr/entry/CallChains.h"

namespace noinstr {

CallChains::CallChains(Program &P, FlowResolver &Flow, BinaryPlaces &Places,
                       const std::vector<WalkedCall> &Calls,
                       const std::vector<EntryPoint> &Entries)
    : Places(Places), Index([&P](NodeId N) { return P.symbol(N).Name.str(); }) {
  for (const WalkedCall &C : Calls) {
    if (C.Callee == NoSymbol || P.symbol(C.Callee).Undefined)
      continue;
    SymbolId To = Flow.functionOf(P.symbol(C.Callee).address());
    if (To == NoSymbol)
      To = C.Callee;
    Index.addCall(Places.nodeAt(C.Site), To, Places.place(C.Site));
  }
  for (const EntryPoint &E : Entries)
    Index.addEntry(E.Symbol);
  Index.build();
}

std::vector<std::pair<SymbolId, CodeAddress>>
CallChains::pathTo(SymbolId Func) const {
  std::vector<std::pair<SymbolId, CodeAddress>> Path;
  for (const auto &[Caller, Site] : Index.pathTo(Func))
    Path.push_back({Caller, Places.address(Site)});
  return Path;
}

} // namespace noinstr
