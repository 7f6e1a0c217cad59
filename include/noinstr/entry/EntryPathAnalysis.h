//===- EntryPathAnalysis.h - the binary front end of the ordering rule -*- C++ -*-===//
//
// Walks every noinstr function's machine code, path by path, and feeds the
// ordering engine (entry/OrderingEngine.h) its events: region markers,
// calls, the inlined establishers and teardowns the DWARF inline tree
// shows, returns. The engine keeps the state, the summaries and the
// verdicts; this walk knows only machine code.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/check/CalleePolicy.h"
#include "noinstr/check/NoinstrChecker.h"
#include "noinstr/check/RegionOracle.h"
#include "noinstr/entry/BinaryPlaces.h"
#include "noinstr/entry/InlineOracle.h"
#include "noinstr/entry/OrderingEngine.h"
#include "noinstr/flow/BranchCorrelation.h"
#include "noinstr/flow/FlowResolver.h"
#include "noinstr/flow/NoreturnOracle.h"
#include "noinstr/flow/SectionClasses.h"
#include "noinstr/rules/RuleSet.h"

#include "llvm/Support/Error.h"

#include <functional>
#include <vector>

namespace noinstr {

struct EntryPoint {
  SymbolId Symbol = NoSymbol;
  const EntryPointRule *Rule = nullptr;
};

class EntryPathAnalysis {
public:
  EntryPathAnalysis(Program &P, const RuleSet &Rules,
                    const SectionClasses &Classes, FlowResolver &Flow,
                    NoreturnOracle &Noreturn, InlineOracle &Inline,
                    const RegionOracle &Regions, BinaryPlaces &Places)
      : P(P), Rules(Rules), Classes(Classes), Flow(Flow), Noreturn(Noreturn),
        Inline(Inline), Regions(Regions), Places(Places),
        Callees(P, Rules, Classes), Branches(Flow.code(), Flow.special(),
                                         Rules.PrivateDataSections),
        Engine(Rules.Entry) {}

  /// Finds the entry points and every ordering violation.
  llvm::Expected<std::vector<OrderingViolation>> run();

  const std::vector<EntryPoint> &entryPoints() const { return Entries; }
  /// The summary of \p Func (computed on first use).
  llvm::Expected<const FunctionSummary *> summary(SymbolId Func);
  const OrderingEngine &engine() const { return Engine; }
  /// Puts the places of every summary in program order for the entry map
  /// (FunctionSummary::Order), \p LineOf giving the source line of an
  /// instruction in the function it was walked in (0: unknown; it orders
  /// alternatives). Call before run(); without it no order is kept.
  void keepProgramOrder(std::function<unsigned(CodeAddress)> LineOf) {
    Ordered = true;
    this->LineOf = std::move(LineOf);
  }

private:
  class Walk;
  void findEntryPoints();

  Program &P;
  const RuleSet &Rules;
  const SectionClasses &Classes;
  FlowResolver &Flow;
  NoreturnOracle &Noreturn;
  InlineOracle &Inline;
  const RegionOracle &Regions;
  BinaryPlaces &Places;
  /// Whether a call leaves noinstr code (an implied region when the
  /// region oracle cannot tell).
  CalleePolicy Callees;
  /// Branches decided by a test the path already made.
  BranchCorrelation Branches;
  OrderingEngine Engine;
  std::vector<EntryPoint> Entries;
  bool Ordered = false;
  std::function<unsigned(CodeAddress)> LineOf;
};

} // namespace noinstr
