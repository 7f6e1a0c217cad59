//===- BinaryPlaces.h - machine code as the ordering engine sees it -*- C++ -*-===//
//
// The binary front end's side of the ordering engine: instructions interned
// as places, symbols as nodes (a .cold part counts as its function).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/entry/OrderingEngine.h"
#include "noinstr/flow/FlowResolver.h"
#include "noinstr/object/Program.h"

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace noinstr {

/// The source line of an address, "file:line" ("" if unknown).
using LineFinder = std::function<std::string(CodeAddress)>;

class BinaryPlaces : public OrderingProgram {
public:
  BinaryPlaces(Program &P, FlowResolver &Flow) : P(P), Flow(Flow) {}

  PlaceId place(CodeAddress Addr);
  CodeAddress address(PlaceId Place) const { return Addresses[Place]; }
  /// The function a call site belongs to, .cold parts mapped to their
  /// function.
  SymbolId nodeAt(CodeAddress Addr) const;
  /// Without one, places are described by their location alone.
  void setLineFinder(LineFinder F) { FindLine = std::move(F); }

  NodeId nodeOf(PlaceId Place) const override {
    return nodeAt(address(Place));
  }
  std::string nodeName(NodeId Node) const override;
  CodeLocation locate(PlaceId Place) const override;
  std::string describe(PlaceId Place) const override;
  std::string sourceLine(PlaceId Place) const override;
  bool before(PlaceId A, PlaceId B) const override {
    return address(A) < address(B);
  }

private:
  Program &P;
  FlowResolver &Flow;
  LineFinder FindLine;
  std::unordered_map<CodeAddress, PlaceId> Ids;
  std::vector<CodeAddress> Addresses;
};

} // namespace noinstr
