//===- NoinstrChecker.h - calls that leave noinstr code --------*- C++ -*-===//
//
// The binary check. Every function (and unwind-hinted asm) in a checked
// section is walked with the instrumentation-region depth as part of the
// state: a call is inside instrumentation_begin()/end() only if every path
// reaching it is, so states are (instruction, depth) and nothing is pruned on
// a first visit. The same walk is also run the way objtool runs it (prune on
// first visit, stop at a function's first finding), to say for each finding
// whether objtool reports it and, if not, why.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/check/CalleePolicy.h"
#include "noinstr/check/RegionOracle.h"
#include "noinstr/flow/FlowResolver.h"
#include "noinstr/flow/NoreturnOracle.h"
#include "noinstr/flow/SectionClasses.h"
#include "noinstr/flow/SpecialSections.h"
#include "noinstr/model/Finding.h"
#include "noinstr/rules/RuleSet.h"

#include "llvm/Support/Error.h"

#include <map>
#include <string>
#include <vector>

namespace noinstr {

/// A call or tail call the exact walk saw, at one site.
struct WalkedCall {
  SymbolId Caller = NoSymbol; ///< symbol owning the site (any type)
  SymbolId Callee = NoSymbol; ///< NoSymbol for indirect calls
  std::string CalleeName;     ///< as reported: symbol, "{dynamic}", "pv_ops[N]"
  CalleeKind Dispatch = CalleeKind::Direct;
  CodeAddress Site;           ///< the original for replacement code
  int MinDepth = 0;           ///< lowest region depth reaching the site
  bool Tail = false;
  bool Allowed = false; ///< the callee policy allows it outside regions
};

struct CheckStats {
  size_t Roots = 0;
  size_t States = 0;       ///< (instruction, depth) states visited
  size_t Instructions = 0; ///< distinct instructions decoded
  /// Call sites checked outside a region and allowed, by reason.
  std::map<std::string, size_t> AllowedCalls;
};

class NoinstrChecker {
public:
  NoinstrChecker(Program &P, const RuleSet &Rules,
                 const SectionClasses &Classes, const SpecialSections &Special,
                 FlowResolver &Flow, NoreturnOracle &Noreturn,
                 const RegionOracle &Regions)
      : P(P), Rules(Rules), Classes(Classes), Special(Special), Flow(Flow),
        Callees(P, Rules, Classes), Noreturn(Noreturn), Regions(Regions) {}

  /// Runs both walks over every root and returns the findings, unsorted.
  llvm::Expected<std::vector<Finding>> run();
  const CheckStats &stats() const { return Stats; }
  /// Every call site the exact walk reached, sorted by site.
  const std::vector<WalkedCall> &calls() const { return Calls; }

private:
  class Walk;
  struct Hit;
  Finding makeFinding(const Hit &H);

  Program &P;
  const RuleSet &Rules;
  const SectionClasses &Classes;
  const SpecialSections &Special;
  FlowResolver &Flow;
  CalleePolicy Callees;
  NoreturnOracle &Noreturn;
  const RegionOracle &Regions;
  CheckStats Stats;
  std::vector<WalkedCall> Calls;
};

} // namespace noinstr
