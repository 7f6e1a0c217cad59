//===- OrderingText.cpp ---------------------------------------------------===//
#include "noinstr/entry/OrderingText.h"

namespace noinstr {

OrderingText orderingText(EntryEvent::Kind What, EntryState State,
                          const std::string &Entry, const std::string &Name,
                          const std::string &ImpliedBy,
                          const std::string &Helper, const std::string &Where) {
  bool Raw = State == EntryState::Raw;
  OrderingText T;
  switch (What) {
  case EntryEvent::RegionOpened:
    if (!ImpliedBy.empty()) {
      // No markers: the instrumentable call itself is the region.
      T.Message = Raw ? "call to instrumentable '" + ImpliedBy +
                            "' before RCU/context tracking are established "
                            "on the entry path from '" +
                            Entry + "' (state RAW)"
                      : "call to instrumentable '" + ImpliedBy + "' after '" +
                            Name +
                            "' tore down the entry state (state TORN_DOWN)";
      if (!Helper.empty())
        T.Note = "'" + Helper + "' calls '" + ImpliedBy + "' at " + Where;
      break;
    }
    T.Message = Raw ? "instrumentation region opened before RCU/context "
                      "tracking are established on the entry path from '" +
                          Entry + "' (state RAW)"
                    : "instrumentation region opened after '" + Name +
                          "' tore down the entry state (state TORN_DOWN)";
    if (!Helper.empty())
      T.Note = "'" + Helper + "' opens the region at " + Where;
    break;
  case EntryEvent::HookCalled:
    T.Message = Raw ? "hook '" + Name +
                          "' called before RCU/context tracking are "
                          "established on the entry path from '" +
                          Entry + "' (state RAW)"
                    : "hook '" + Name +
                          "' called after the entry state was torn down "
                          "(state TORN_DOWN)";
    if (!Helper.empty())
      T.Note = "'" + Name + "' is called at " + Where;
    break;
  case EntryEvent::TornDown:
    T.Message = "'" + Name + "' tears down the entry state on a path of '" +
                Entry + "' that never established it";
    break;
  case EntryEvent::Established:
    T.Message = "'" + Name + "' establishes the entry state again";
    break;
  }
  return T;
}

} // namespace noinstr
