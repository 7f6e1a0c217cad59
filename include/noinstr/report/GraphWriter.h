//===- GraphWriter.h - call-chain diagrams in Graphviz ---------*- C++ -*-===//
//
// One diagram per finding (its chain from the entry point, the offending
// calls of its cause, and the other calls of the function holding it), plus
// an overview per entry point of the findings it reaches. DOT text is rendered here;
// SVG comes from running Graphviz' dot on it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/model/Report.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace noinstr {

/// "finding-NNN-<function>-<callee>" for finding \p Index (0-based; the name
/// counts from 1). Only [A-Za-z0-9._-], never a leading '.', at most 80
/// characters; the index alone makes names unique, so symbol names can be
/// truncated freely and can never name a path outside the directory.
std::string findingGraphStem(size_t Index, const Finding &F);

/// The DOT source of finding \p Index's diagram. Deterministic.
std::string findingGraphDot(const Report &R, size_t Index);

/// The entry point a finding is reached from (the first hop of its chain),
/// or its function when it has no chain.
std::string entryPointOf(const Finding &F);

/// The entry points of R's findings, sorted: one overview each.
std::vector<std::string> overviewEntries(const Report &R);

/// "entry-<name>", under the same file-name rules as findingGraphStem.
std::string entryGraphStem(llvm::StringRef Entry);

/// The DOT source of \p Entry's overview: the chains and offending calls of
/// every finding reached from it. Deterministic.
std::string entryGraphDot(const Report &R, llvm::StringRef Entry);

/// Writes <stem>.dot and <stem>.svg for every finding and entry overview
/// into \p Dir, creating it if needed. The SVGs need Graphviz' dot in PATH;
/// without it the .dot files are still written and an error says so.
llvm::Error writeGraphs(const Report &R, llvm::StringRef Dir);

} // namespace noinstr
