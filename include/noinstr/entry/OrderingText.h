//===- OrderingText.h - the words of an ordering finding -------*- C++ -*-===//
#pragma once

#include "noinstr/entry/EntryEvent.h"
#include "noinstr/rules/EntryRules.h"

#include <string>

namespace noinstr {

struct OrderingText {
  std::string Message;
  std::string Note; ///< where a helper does it; empty when at the site
};

/// The message of an ordering finding, the same whichever analysis found
/// it. \p Entry is the entry point the chain starts at; \p Name the hook,
/// establisher or teardown the event names (for a region after a teardown:
/// the teardown); \p ImpliedBy the instrumentable call that is the region
/// itself where the code marks none (arm64), else "". When the event
/// happens in \p Helper, called at the site, \p Where says where in it.
OrderingText orderingText(EntryEvent::Kind What, EntryState State,
                          const std::string &Entry, const std::string &Name,
                          const std::string &ImpliedBy,
                          const std::string &Helper, const std::string &Where);

} // namespace noinstr
