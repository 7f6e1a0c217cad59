//===- CallGraph.h - the noinstr call graph, for diagrams -------*- C++ -*-===//
//
// What the walk saw, kept for the overview diagram and for the context of
// each finding's diagram: every function walked from a checked section,
// every function they call, and every call edge with whether it sat inside
// an instrumentation region.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/model/CodeLocation.h"

#include <string>
#include <vector>

namespace noinstr {

struct CallGraph {
  struct Node {
    std::string Name;
    std::string Section;
    bool Noinstr = false; ///< in a noinstr section (or allowed by rule)
    /// Role on entry paths: "entry", "establisher", "teardown", "hook", or
    /// empty.
    std::string Role;
  };
  struct Edge {
    std::string Caller;
    std::string Callee; ///< symbol, "{dynamic}" or "pv_ops[N]"
    CodeLocation Site;
    bool InRegion = false; ///< inside instrumentation_begin/end on every path
    bool Finding = false;  ///< the edge is reported
    bool TailCall = false;
  };
  std::vector<Node> Nodes; ///< sorted by name
  std::vector<Edge> Edges; ///< sorted by caller, site offset, callee
};

} // namespace noinstr
