//===- CallGraph.h - the noinstr call graph, for diagrams -------*- C++ -*-===//
//
// What the walk saw, kept for the overview diagram and for the context of
// each finding's diagram: every function walked from a checked section,
// every function they call, and every call edge with whether it sat inside
// an instrumentation region.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/model/CalleeKind.h"
#include "noinstr/model/CodeLocation.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace noinstr {

/// What a function does on entry paths, as the diagrams show it.
class NodeRole {
public:
  enum Value : uint8_t {
    None,        ///< nothing special
    Entry,       ///< an entry point
    Establisher, ///< establishes the entry state
    Teardown,    ///< tears it down
    Hook,        ///< a configured hook (needs the established state)
  };
  constexpr NodeRole(Value V = None) : V(V) {}

  constexpr Value value() const { return V; }
  /// The name shown in diagrams; empty for None.
  llvm::StringRef str() const;

  friend constexpr bool operator==(NodeRole, NodeRole) = default;

private:
  Value V;
};

struct CallGraph {
  struct Node {
    std::string Name;
    std::string Section;
    bool Noinstr = false; ///< in a noinstr section (or allowed by rule)
    NodeRole Role;
  };
  struct Edge {
    std::string Caller;
    std::string Callee; ///< symbol, "{dynamic}" or "pv_ops[N]"
    CalleeKind Dispatch = CalleeKind::Direct;
    CodeLocation Site;
    bool InRegion = false; ///< inside instrumentation_begin/end on every path
    bool Finding = false;  ///< the edge is reported
    bool TailCall = false;
  };
  std::vector<Node> Nodes; ///< sorted by name
  std::vector<Edge> Edges; ///< sorted by caller, site offset, callee
};

} // namespace noinstr
