//===- ChainIndex.h - from entry points to any function --------*- C++ -*-===//
//
// The call graph a walk saw, searched breadth-first from the entry points:
// the shortest chain entry -> ... -> function, each hop a call site, and
// every entry point that reaches a function. Outermost entry points (those
// no other walked code calls, such as the asm stubs) are preferred as chain
// starts; ties go to the smaller name, so chains are deterministic. The
// binary and the source analyses both choose their chains here.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/entry/EntryEvent.h"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace noinstr {

class ChainIndex {
public:
  using NameFn = std::function<std::string(NodeId)>;

  explicit ChainIndex(NameFn Name) : Name(std::move(Name)) {}

  void addCall(NodeId From, NodeId To, PlaceId Site);
  void addEntry(NodeId Entry) { EntrySet.insert(Entry); }
  /// Computes the chains; call once, after every call and entry is added.
  void build();

  /// Call sites from the best entry point down to \p Func: each element is
  /// (caller, call site); empty when \p Func is an entry point or no entry
  /// point reaches it.
  std::vector<std::pair<NodeId, PlaceId>> pathTo(NodeId Func) const;
  /// Every entry point from which \p Func is reachable, by name.
  std::vector<NodeId> entriesReaching(NodeId Func) const;
  bool isEntry(NodeId N) const { return EntrySet.count(N) != 0; }

private:
  bool byName(NodeId A, NodeId B) const;

  NameFn Name;
  std::map<NodeId, std::vector<std::pair<NodeId, PlaceId>>> Callees, Callers;
  std::set<NodeId> EntrySet;
  /// BFS result: predecessor (caller, site) on the best chain.
  std::map<NodeId, std::pair<NodeId, PlaceId>> Parent;
};

} // namespace noinstr
