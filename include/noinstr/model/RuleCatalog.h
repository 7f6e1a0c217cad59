//===- RuleCatalog.h - the rule ids and what they mean ---------*- C++ -*-===//
//
// Every rule any analysis can report is registered once, in RuleCatalog.cpp:
// its enumerator here, its id string, default severity, title and help
// there. Stages name rules by enumerator (a typo does not compile); the id
// string is what reports, baselines, waivers and SARIF carry.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/model/Severity.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <compare>
#include <cstdint>
#include <optional>
#include <string>

namespace noinstr {

/// What a rule is about; the explanation and the grouping of findings
/// into one cause go by it, never by the spelling of the id.
enum class RuleKind : uint8_t {
  Call,     ///< a call out of noinstr code (the noinstr-* rules)
  Region,   ///< instrumentation regions out of balance (region-*)
  Ordering, ///< the entry state's order on entry paths (entry-*)
  Coverage, ///< what could not be checked, or objtool compatibility
};

/// One rule of the catalog.
class RuleId {
public:
  /// In id order (their strings sort like this), so that sorting findings
  /// by rule sorts them by id.
  enum Value : uint8_t {
    DecodeError,
    EntryDoubleEstablish,
    EntryHookAfterTeardown,
    EntryHookBeforeEstablish,
    EntryRegionAfterTeardown,
    EntryRegionBeforeEstablish,
    EntryTeardownWithoutEstablish,
    NoinstrCall,
    NoinstrIndirectCall,
    NoinstrProfilingCall,
    ObjtoolOnly,
    RegionDepthMismatch,
    RegionOpenNoreturn,
    RegionOpenTailCall,
    RegionReturnOpen,
    RegionUnmatchedEnd,
    UnresolvedCallee,
  };
  static constexpr unsigned Count = UnresolvedCallee + 1;

  constexpr RuleId(Value V) : V(V) {}

  constexpr Value value() const { return V; }
  /// The stable id string ("noinstr-call").
  llvm::StringRef str() const;
  RuleKind kind() const;

  friend constexpr bool operator==(RuleId, RuleId) = default;
  friend constexpr auto operator<=>(RuleId, RuleId) = default;

private:
  Value V;
};

struct RuleInfo {
  RuleId Rule;
  llvm::StringRef Id; ///< the stable id string
  RuleKind Kind;
  Severity Level;        ///< default severity
  llvm::StringRef Title; ///< one line
  llvm::StringRef Help;  ///< why it matters and how to fix it
};

/// Every rule any analysis can report, in id order (RuleId order).
llvm::ArrayRef<RuleInfo> ruleCatalog();
const RuleInfo &ruleInfo(RuleId Rule);
/// The rule with the id string \p Id, if the catalog has one (ids read
/// from baselines and waivers).
std::optional<RuleId> ruleNamed(llvm::StringRef Id);

} // namespace noinstr
