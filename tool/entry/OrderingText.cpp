//===- OrderingText.cpp ---------------------------------------------------===//
#include "noinstr/entry/OrderingText.h"

namespace noinstr {

namespace {

/// "before 'X' (f.c:12) establishes RCU/context tracking on the entry path
/// from 'E' (state RAW)", or "after 'X' (f.c:12) tore down the entry state
/// (state TORN_DOWN)".
std::string when(const OrderingWords &W) {
  std::string Missing;
  if (W.Missing & FactLockdep)
    Missing += "lockdep told IRQs are off";
  if (W.Missing & FactRcu)
    Missing += std::string(Missing.empty() ? "" : ", ") +
               "RCU made to watch on this path";
  if (!Missing.empty())
    Missing = "; missing: " + Missing;
  // The step the event must move behind.
  std::string Step = W.TellsLockdep ? " tells lockdep that IRQs are off"
                                    : " establishes RCU/context tracking";
  if (W.State == EntryState::Raw && !W.Establisher.empty())
    return "in '" + W.Establisher + "' before " +
           (W.Transition.empty() ? "it" : "its " + W.Transition) + Step +
           "; '" + W.Establisher +
           "' starts RAW whoever calls it, on " + std::to_string(W.Paths) +
           (W.Paths == 1 ? " entry path" : " entry paths") + " (state RAW" +
           Missing + ")";
  if (W.State == EntryState::Raw)
    return (W.Transition.empty()
                ? "before RCU/context tracking are established"
                : "before " + W.Transition + Step) +
           " on the entry path from '" + W.Entry + "' (state RAW" + Missing +
           ")";
  return (W.Transition.empty() ? "after the entry state was torn down"
                               : "after " + W.Transition +
                                     " tore down the entry state") +
         " (state TORN_DOWN" + Missing + ")";
}

} // namespace

OrderingText orderingText(const OrderingWords &W) {
  OrderingText T;
  switch (W.What) {
  case EntryEvent::RegionOpened:
    if (W.Implied) {
      // No markers: the instrumentable call itself is the region.
      T.Message = "call to instrumentable '" + W.Name + "' " + when(W);
      if (!W.Helper.empty())
        T.Note = "'" + W.Helper + "' calls '" + W.Name + "' at " + W.Where;
    } else {
      T.Message = (W.Name.empty() ? std::string("instrumentation region")
                                  : "call to '" + W.Name +
                                        "' in an instrumentation region") +
                  " opened " + when(W);
      if (!W.Helper.empty())
        T.Note = "'" + W.Helper + "' opens the region at " + W.Where;
    }
    break;
  case EntryEvent::HookCalled:
    T.Message = "hook '" + W.Name + "' called " + when(W);
    if (!W.Helper.empty())
      T.Note = "'" + W.Name + "' is called at " + W.Where;
    break;
  case EntryEvent::TornDown:
    T.Message = "'" + W.Name + "'" + W.Place +
                " tears down the entry state on a path of '" + W.Entry +
                "' that never established it";
    break;
  case EntryEvent::Established:
    T.Message =
        "'" + W.Name + "'" + W.Place + " establishes the entry state again";
    break;
  }
  return T;
}

} // namespace noinstr
