//===- FunctionSummary.h - a noinstr function, seen by callers -*- C++ -*-===//
#pragma once

#include "noinstr/entry/EntryEvent.h"
#include "noinstr/rules/EntryRules.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace noinstr {

/// The state a path is in while a function is walked with its caller's
/// state left open.
enum class EntryPhase : uint8_t {
  Inherited,   ///< still the caller's state
  Established, ///< after an establishing call
  TornDown,    ///< after a teardown call
};

/// A call the entry map shows: made before the state is established or
/// after it is torn down, a transition, a hook, or a noinstr helper whose
/// own steps make a transition.
struct MappedCall {
  enum Kind : uint8_t {
    Transition, ///< an establisher or teardown (or an inlined helper's)
    Hook,
    Helper,  ///< a noinstr function with a summary: its steps nest under it
    OutCall, ///< a call out of noinstr code (an implied region, tracing)
    Region,  ///< instrumentation_begin()
  } What = OutCall;
  bool Inlined = false; ///< an inlined helper, shown where it takes effect
  /// The primitive is where this inlined helper takes effect.
  std::string Completes;
  /// An inlined helper's: where the walked function calls it, "file:line"
  /// ("" if unknown). Its steps with the same one are one instance.
  std::string CallLine;
  std::set<EntryPhase> Before; ///< the phases it is reached in
  std::set<EntryPhase> After;  ///< the phases after it, over all paths
  /// The facts the function's own steps had made so and undone (EntryFact
  /// bits) before and after it, one pair per kind of path: the caller's
  /// facts complete them.
  std::set<std::pair<uint8_t, uint8_t>> FactsBefore, FactsAfter;
  /// The context-tracking states before and after it and those the path's
  /// last irq/NMI-like enter saved (0: none), one pair per kind of path
  /// (CtState bits, resolved against the caller's).
  std::set<std::pair<uint8_t, uint8_t>> CtBefore, CtAfter;
  bool Returns = true; ///< false: the callee never returns
  /// When the walk first reached it: orders calls that share a place.
  unsigned Seq = 0;
};

/// An establishing call: an out-of-line one or an inlined helper.
struct TransitionCall {
  PlaceId At = NoPlace;
  std::string Name;
  bool Inlined = false;
  friend bool operator==(const TransitionCall &,
                         const TransitionCall &) = default;
};

/// What a noinstr function does to the entry state, computed once with the
/// caller's state left open ("inherited") and applied at every call site.
struct FunctionSummary {
  /// Events that happen while the caller's state still holds: a caller in
  /// RAW (or TORN_DOWN) turns them into findings.
  std::vector<EntryEvent> Inherited;
  /// The state on every return path, when all agree and it changed.
  std::optional<EntryState> Exit;
  /// The facts made so on every return path, and those a step undid on
  /// some (EntryFact bits): after the call the caller has ExitMade and
  /// what it had made so that no path undid.
  uint8_t ExitMade = 0, ExitUndone = 0;
  /// The context-tracking states its return paths are in (CtState bits,
  /// CtInherited: the caller's).
  uint8_t ExitCt = CtInherited;
  /// The states an irq/NMI-like enter left saved for a later exit (0:
  /// none, the caller's stay).
  uint8_t ExitCtSaved = 0;
  /// Establishing calls made while the caller's state held: where a
  /// too-early call should move to.
  std::vector<TransitionCall> Establishes;
  /// Calls telling lockdep that IRQs are off made while the path had not
  /// yet told it: where a call needing only lockdep should move to.
  std::vector<TransitionCall> TellsLockdep;
  /// For --entry-map, by (place, callee): two calls can share a place (an
  /// inlined helper that left no code and the call after it).
  std::map<std::pair<PlaceId, std::string>, MappedCall> Calls;
  /// Program order of the mapped places (the front end's: control flow,
  /// not addresses); a place without one sorts after the others.
  std::map<PlaceId, unsigned> Order;
  /// Per mapped place, the mapped places a path from it reaches (kept
  /// with Order): a step its predecessor does not reach is an alternative
  /// to it, on another path.
  std::map<PlaceId, std::set<PlaceId>> Reaches;
  /// Some path returns (or tail-calls): false for a function that never
  /// returns (panic paths).
  bool Returns = true;
  /// A transition is among Calls, or nested under one of them: callers
  /// map this function even when they call it established.
  bool Transitions = false;
};

} // namespace noinstr
