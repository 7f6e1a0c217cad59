//===- EntryState.h - the state of an entry path ---------------*- C++ -*-===//
//
// The phase an entry path is in (entry-rules.md): raw on entry, established
// once lockdep, RCU and context tracking are set up, torn down on the way
// out. Rules name them, the entry stage computes them, findings and the
// entry map carry them, and this file is the one place that spells them.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>

namespace noinstr {

/// The state of an entry path, in the order a path goes through them.
enum class EntryState : uint8_t {
  Raw,         ///< just entered: RCU may not watch, lockdep/context stale
  Established, ///< after an establishing call returned
  TornDown,    ///< after a teardown call: on the way out
};

/// "RAW", "ESTABLISHED", "TORN_DOWN": the rules' and the reports' names.
llvm::StringRef entryStateName(EntryState S);
std::optional<EntryState> parseEntryState(llvm::StringRef Name);

/// The states a place may be in, one for each kind of path reaching it.
class EntryStates {
public:
  EntryStates() = default;
  EntryStates(EntryState S) : Bits(bit(S)) {}
  /// Every state: a place whose state is its callers'.
  static EntryStates any() {
    return EntryStates(EntryState::Raw) | EntryState::Established |
           EntryState::TornDown;
  }

  bool empty() const { return Bits == 0; }
  bool contains(EntryState S) const { return Bits & bit(S); }
  /// Exactly one state.
  bool single() const { return Bits && !(Bits & (Bits - 1)); }
  EntryStates &operator|=(EntryStates O) {
    Bits |= O.Bits;
    return *this;
  }
  friend EntryStates operator|(EntryStates A, EntryStates B) { return A |= B; }
  friend bool operator==(EntryStates, EntryStates) = default;

  /// A call chain's hop: "" when not tracked, "ANY" for a callers' state,
  /// else the one state.
  std::string chainText() const;
  /// After an entry-map step: the state, "mixed (RAW|TORN_DOWN)" where
  /// paths leave it in several (in path order), "does not return" for
  /// none.
  std::string mapText() const;

private:
  static uint8_t bit(EntryState S) { return uint8_t(1u << unsigned(S)); }
  uint8_t Bits = 0;
};

} // namespace noinstr
