//===- EntryState.cpp -----------------------------------------------------===//
#include "noinstr/model/EntryState.h"

namespace noinstr {

static constexpr EntryState InPathOrder[] = {
    EntryState::Raw, EntryState::Established, EntryState::TornDown};

llvm::StringRef entryStateName(EntryState S) {
  switch (S) {
  case EntryState::Raw:
    return "RAW";
  case EntryState::Established:
    return "ESTABLISHED";
  case EntryState::TornDown:
    return "TORN_DOWN";
  }
  return "RAW";
}

std::optional<EntryState> parseEntryState(llvm::StringRef Name) {
  for (EntryState S : InPathOrder)
    if (Name == entryStateName(S))
      return S;
  return std::nullopt;
}

std::string EntryStates::chainText() const {
  if (empty())
    return "";
  if (*this == any())
    return "ANY";
  return mapText();
}

std::string EntryStates::mapText() const {
  if (empty())
    return "does not return";
  std::string Text = single() ? "" : "mixed (";
  llvm::StringRef Separator;
  for (EntryState S : InPathOrder)
    if (contains(S)) {
      Text += Separator;
      Text += entryStateName(S);
      Separator = "|";
    }
  return single() ? Text : Text + ")";
}

} // namespace noinstr
