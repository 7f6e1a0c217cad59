//===- GraphWriter.h - call-chain diagrams in Graphviz ---------*- C++ -*-===//
//
// One diagram per finding (its chain from the entry point, the offending
// call, and the other calls of the function holding it), plus an overview of
// all noinstr code in the report's call graph. DOT text is rendered here;
// SVG comes from running Graphviz' dot on it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/report/Report.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace noinstr {

/// "finding-NNN-<function>-<callee>" for finding \p Index (0-based; the name
/// counts from 1). Only [A-Za-z0-9._-], never a leading '.', at most 80
/// characters; the index alone makes names unique, so symbol names can be
/// truncated freely and can never name a path outside the directory.
std::string findingGraphStem(size_t Index, const Finding &F);

/// The DOT source of finding \p Index's diagram. Deterministic.
std::string findingGraphDot(const Report &R, size_t Index);

/// The DOT source of the overview of all noinstr code in R.Graph, clustered
/// by section. Deterministic.
std::string overviewGraphDot(const Report &R);

/// Writes <stem>.dot and <stem>.svg for every finding and overview.dot/.svg
/// into \p Dir, creating it if needed. The SVGs need Graphviz' dot in PATH;
/// without it the .dot files are still written and an error says so.
llvm::Error writeGraphs(const Report &R, llvm::StringRef Dir);

} // namespace noinstr
