//===- EntryEvent.h - something that matters on an entry path --*- C++ -*-===//
#pragma once

#include "noinstr/object/CodeAddress.h"

#include <string>
#include <vector>

namespace noinstr {

/// Something a function does whose verdict depends on the state its caller
/// is in, or that is wrong whatever it is: opening an instrumentation
/// region, calling a hook, establishing, tearing down.
struct EntryEvent {
  enum Kind { RegionOpened, HookCalled, Established, TornDown } What;
  CodeAddress Origin; ///< the begin marker, or the call
  std::string Name;   ///< the hook, establisher or teardown called
  /// Call sites from the function this event is reported for down to the
  /// function holding Origin (empty when Origin is in that function).
  std::vector<CodeAddress> Path;
  /// A region implied by a call (RegionAnswer::Implied): the instrumentable
  /// callee that stands for it. Empty for regions opened by markers.
  std::string ImpliedBy;
};

} // namespace noinstr
