//===- BinaryPlaces.cpp ---------------------------------------------------===//
#include "noinstr/entry/BinaryPlaces.h"
#include "noinstr/object/Locate.h"

namespace noinstr {

PlaceId BinaryPlaces::place(CodeAddress Addr) {
  auto [It, New] = Ids.try_emplace(Addr, Addresses.size());
  if (New)
    Addresses.push_back(Addr);
  return It->second;
}

SymbolId BinaryPlaces::nodeAt(CodeAddress Addr) const {
  SymbolId Owner = Flow.ownerOf(Addr);
  if (Owner != NoSymbol && P.symbol(Owner).isFunction())
    return Flow.parentOf(Owner);
  return Owner;
}

std::string BinaryPlaces::nodeName(NodeId Node) const {
  return Node == NoSymbol ? std::string() : P.symbol(Node).Name.str();
}

CodeLocation BinaryPlaces::locate(PlaceId Place) const {
  return noinstr::locate(P, address(Place));
}

std::string BinaryPlaces::describe(PlaceId Place) const {
  std::string Line = sourceLine(Place);
  return locate(Place).str() + (Line.empty() ? "" : " (" + Line + ")");
}

std::string BinaryPlaces::sourceLine(PlaceId Place) const {
  return FindLine ? FindLine(address(Place)) : std::string();
}

} // namespace noinstr
