//===- CallChains.h - the binary's walked calls as chains ------*- C++ -*-===//
//
// The noinstr call graph the binary walk saw, fed to the one chain index
// (entry/ChainIndex.h) both analyses choose their chains with.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/check/NoinstrChecker.h"
#include "noinstr/entry/BinaryPlaces.h"
#include "noinstr/entry/ChainIndex.h"
#include "noinstr/entry/EntryPathAnalysis.h"

#include <utility>
#include <vector>

namespace noinstr {

class CallChains {
public:
  CallChains(Program &P, FlowResolver &Flow, BinaryPlaces &Places,
             const std::vector<WalkedCall> &Calls,
             const std::vector<EntryPoint> &Entries);

  const ChainIndex &index() const { return Index; }
  /// Call sites from the best entry point down to \p Func: each element is
  /// (caller, call site); empty when \p Func is an entry point or no entry
  /// point reaches it.
  std::vector<std::pair<SymbolId, CodeAddress>> pathTo(SymbolId Func) const;
  std::vector<SymbolId> entriesReaching(SymbolId Func) const {
    return Index.entriesReaching(Func);
  }
  bool isEntry(SymbolId S) const { return Index.isEntry(S); }
  /// The node a call site belongs to: its owning symbol, with .cold parts
  /// mapped to their function.
  SymbolId nodeOf(CodeAddress Site) const { return Places.nodeAt(Site); }

private:
  BinaryPlaces &Places;
  ChainIndex Index;
};

} // namespace noinstr
