//===- FunctionSummary.h - a noinstr function, seen by callers -*- C++ -*-===//
#pragma once

#include "noinstr/entry/EntryEvent.h"
#include "noinstr/rules/EntryRules.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace noinstr {

/// What a noinstr function does to the entry state, computed once with the
/// caller's state left open ("inherited") and applied at every call site.
struct FunctionSummary {
  /// Events that happen while the caller's state still holds: a caller in
  /// RAW (or TORN_DOWN) turns them into findings.
  std::vector<EntryEvent> Inherited;
  /// The state on every return path, when all agree and it changed.
  std::optional<EntryState> Exit;
  /// Some path tears the state down (in the function itself).
  bool TearsDown = false;
  /// Calls made before the state is established or after it is torn down,
  /// with the states after them (for --entry-map): site -> (callee, states;
  /// an empty state set means "still the caller's").
  std::map<CodeAddress, std::pair<std::string, std::set<std::string>>> Calls;
};

} // namespace noinstr
