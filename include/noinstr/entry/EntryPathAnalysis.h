//===- EntryPathAnalysis.h - the ordering rule on entry paths --*- C++ -*-===//
//
// Nothing instrumentable, and no configured hook, may run on an entry path
// before RCU and context tracking are established, nor after they are torn
// down on the way out. Each noinstr function is summarised once, walking it
// with the caller's state unknown ("inherited"); summaries are applied at
// call sites, so a helper two calls deep that opens an instrumentation
// region is charged to the entry path that calls it too early. Entry points
// (from the rules) start in their rule's state.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/check/CalleePolicy.h"
#include "noinstr/check/NoinstrChecker.h"
#include "noinstr/check/RegionOracle.h"
#include "noinstr/entry/FunctionSummary.h"
#include "noinstr/entry/InlineOracle.h"
#include "noinstr/flow/FlowResolver.h"
#include "noinstr/flow/NoreturnOracle.h"
#include "noinstr/flow/SectionClasses.h"
#include "noinstr/report/Finding.h"
#include "noinstr/rules/RuleSet.h"

#include "llvm/Support/Error.h"

#include <map>
#include <set>
#include <vector>

namespace noinstr {

struct EntryPoint {
  SymbolId Symbol = NoSymbol;
  const EntryPointRule *Rule = nullptr;
};

/// An ordering violation before it is located and chained.
struct OrderingViolation {
  std::string Rule;
  EntryEvent Event; ///< Path starts at Function
  SymbolId Function = NoSymbol;
  EntryState State;              ///< the state the event happened in
  std::vector<SymbolId> Entries; ///< entry points it is reached from (RAW)
  /// The call (or the event itself) that is charged: see siteOf().
  CodeAddress Site;
  /// Where Function establishes the state later (RAW violations): the
  /// calls to move the offending call behind.
  std::vector<std::pair<CodeAddress, std::string>> LaterEstablishers;
};

class EntryPathAnalysis {
public:
  EntryPathAnalysis(Program &P, const RuleSet &Rules,
                    const SectionClasses &Classes, FlowResolver &Flow,
                    NoreturnOracle &Noreturn, InlineOracle &Inline,
                    const RegionOracle &Regions)
      : P(P), Rules(Rules), Classes(Classes), Flow(Flow), Noreturn(Noreturn),
        Inline(Inline), Regions(Regions), Callees(P, Rules, Classes) {}

  /// Finds the entry points and every ordering violation.
  llvm::Expected<std::vector<OrderingViolation>> run();

  const std::vector<EntryPoint> &entryPoints() const { return Entries; }
  /// The summary of \p Func (computed on first use).
  llvm::Expected<const FunctionSummary *> summary(SymbolId Func);

private:
  class Walk;
  void findEntryPoints();
  CodeAddress siteOf(const EntryEvent &Event) const;

  Program &P;
  const RuleSet &Rules;
  const SectionClasses &Classes;
  FlowResolver &Flow;
  NoreturnOracle &Noreturn;
  InlineOracle &Inline;
  const RegionOracle &Regions;
  /// Whether a call leaves noinstr code (an implied region when the
  /// region oracle cannot tell).
  CalleePolicy Callees;
  std::vector<EntryPoint> Entries;
  std::set<SymbolId> EntrySymbols;
  std::map<SymbolId, FunctionSummary> Summaries;
  std::map<SymbolId, bool> InProgress;
  /// Violations whatever the caller's state: after a teardown inside the
  /// function, or an establisher called when already established.
  std::vector<OrderingViolation> Local;
};

} // namespace noinstr
