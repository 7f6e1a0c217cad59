//===- EntryReport.h - entry-path results as report parts ------*- C++ -*-===//
//
// Turns what the binary walks found into the shared report model: chains
// from entry points onto every finding, the walked call graph for
// diagrams, and the entry map. (Ordering findings are the engine's.)
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/check/NoinstrChecker.h"
#include "noinstr/entry/CallChains.h"
#include "noinstr/entry/EntryPathAnalysis.h"
#include "noinstr/model/Report.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace noinstr {

/// Gives every finding without a chain the shortest chain from an entry
/// point to its function, and lists every entry point reaching it.
void addChains(std::vector<Finding> &Findings, Program &P,
               const CallChains &Chains);

/// The walked call graph, with entry roles from the rules.
CallGraph buildCallGraph(Program &P, const RuleSet &Rules,
                         const SectionClasses &Classes,
                         const std::vector<WalkedCall> &Calls,
                         const CallChains &Chains,
                         const std::vector<Finding> &Findings);

/// Per entry point (those named in \p Only; every one when it is empty),
/// the calls before establishment and after teardown. A name in \p Only
/// that is no entry point is an error.
llvm::Expected<std::vector<EntryMapEntry>>
buildEntryMap(Program &P, EntryPathAnalysis &Analysis,
              const BinaryPlaces &Places, const std::vector<std::string> &Only);

} // namespace noinstr
