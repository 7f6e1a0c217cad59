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

/// What an ordering finding's text is made of, the same whichever analysis
/// found it.
struct OrderingWords {
  EntryEvent::Kind What = EntryEvent::RegionOpened;
  EntryState State = EntryState::Raw;
  std::string Entry; ///< the entry point the chain starts at
  /// The hook, establisher or teardown the event names; for a region the
  /// offending call: the first instrumentable call in it, or the call that
  /// is the region itself where the code marks none (\p Implied).
  std::string Name;
  bool Implied = false;
  /// The transition the event is ordered against, with its short place
  /// ("'irqentry_nmi_enter' (nmi.c:584)"): in RAW the establishing call
  /// that comes later, after a teardown the teardown; "" if unknown.
  std::string Transition;
  /// That call tells lockdep IRQs are off (the event missed only that).
  bool TellsLockdep = false;
  /// Where the event is, for transitions: " (nmi.c:584)".
  std::string Place;
  /// The helper called at the site that does it, and where in it.
  std::string Helper, Where;
  /// The facts it needed that the path had not made so (EntryFact bits).
  uint8_t Missing = 0;
  /// In RAW: the out-of-line establisher whose own order is wrong (the
  /// event is in it, or in a helper it calls first), "" when the caller's
  /// state decides; Transition is then its own establishing call.
  std::string Establisher;
  /// How many entry paths (innermost entry points) it is on.
  size_t Paths = 0;
};

OrderingText orderingText(const OrderingWords &W);

} // namespace noinstr
