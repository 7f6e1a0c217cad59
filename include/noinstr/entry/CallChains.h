//===- CallChains.h - from entry points to any function --------*- C++ -*-===//
//
// The noinstr call graph the walk saw, searched breadth-first from the entry
// points: the shortest chain entry -> ... -> function, each hop a call site,
// and every entry point that reaches a function. Outermost entry points
// (those no other walked code calls, such as the asm stubs) are preferred as
// chain starts; ties go to the smaller name, so chains are deterministic.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/check/NoinstrChecker.h"
#include "noinstr/entry/EntryPathAnalysis.h"
#include "noinstr/flow/FlowResolver.h"

#include <map>
#include <set>
#include <vector>

namespace noinstr {

class CallChains {
public:
  CallChains(Program &P, FlowResolver &Flow,
             const std::vector<WalkedCall> &Calls,
             const std::vector<EntryPoint> &Entries);

  /// Call sites from the best entry point down to \p Func: each element is
  /// (caller, call site); empty when \p Func is an entry point or no entry
  /// point reaches it.
  std::vector<std::pair<SymbolId, CodeAddress>> pathTo(SymbolId Func) const;
  /// Every entry point from which \p Func is reachable, by name.
  std::vector<SymbolId> entriesReaching(SymbolId Func) const;
  bool isEntry(SymbolId S) const { return EntrySet.count(S); }

  /// The node a call site belongs to: its owning symbol, with .cold parts
  /// mapped to their function.
  SymbolId nodeOf(CodeAddress Site) const;

private:
  Program &P;
  FlowResolver &Flow;
  std::map<SymbolId, std::vector<std::pair<SymbolId, CodeAddress>>> Callers;
  std::set<SymbolId> EntrySet;
  /// BFS result: predecessor (caller, site) on the best chain.
  std::map<SymbolId, std::pair<SymbolId, CodeAddress>> Parent;
  std::map<SymbolId, unsigned> Distance;
};

} // namespace noinstr
