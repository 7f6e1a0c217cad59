//===- EntryEvent.h - something that matters on an entry path --*- C++ -*-===//
#pragma once

#include "noinstr/rules/EntryRules.h"

#include <cstdint>
#include <string>
#include <vector>

namespace noinstr {

/// A place the ordering engine talks about, interned by the front end that
/// feeds it: an instruction in the binary, a call written in the source with
/// the inline frames it was reached through.
using PlaceId = uint32_t;
/// A function whose summary composes at its call sites.
using NodeId = uint32_t;
inline constexpr PlaceId NoPlace = ~0u;
inline constexpr NodeId NoNode = ~0u;

/// Something a function does whose verdict depends on the state its caller
/// is in, or that is wrong whatever it is: opening an instrumentation
/// region, calling a hook, establishing, tearing down.
struct EntryEvent {
  enum Kind { RegionOpened, HookCalled, Established, TornDown };
  Kind What = RegionOpened;
  PlaceId Origin = NoPlace; ///< the begin marker, or the call
  std::string Name; ///< the hook, establisher or teardown called
  /// Call sites from the function this event is reported for down to the
  /// function holding Origin (empty when Origin is in that function).
  std::vector<PlaceId> Path;
  /// A region implied by a call (no markers): the instrumentable callee that
  /// stands for it. Empty for regions opened by markers.
  std::string ImpliedBy;
  /// A region opened by markers: the first instrumentable call in it (the
  /// culprit a reader looks for) and where it is; empty if none was seen.
  std::string Culprit;
  PlaceId CulpritAt = NoPlace;
  /// After a teardown: the teardown and where it was called.
  std::string TornDownBy;
  PlaceId TornDownAt = NoPlace;
  /// The facts the event needed that its path had not made so (EntryFact
  /// bits), as the rules' requirements say for its callee or hook; the
  /// callers' facts take away what they made so.
  uint8_t Missing = 0;
  /// An event of an out-of-line establisher before it establishes: where
  /// in it (the event, or its call towards it). The establisher starts in
  /// the interrupted context's raw state whoever calls it
  /// (Documentation/core-api/entry.rst), so its own order is wrong on every
  /// path: charged there once, not at each caller's call. NoPlace for an
  /// event whose verdict depends on the caller.
  PlaceId Within = NoPlace;
};

} // namespace noinstr
