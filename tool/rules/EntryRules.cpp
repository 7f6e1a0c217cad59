//===- EntryRules.cpp -----------------------------------------------------===//
#include "noinstr/rules/EntryRules.h"

namespace noinstr {

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
  if (Name == "RAW")
    return EntryState::Raw;
  if (Name == "ESTABLISHED")
    return EntryState::Established;
  if (Name == "TORN_DOWN")
    return EntryState::TornDown;
  return std::nullopt;
}

} // namespace noinstr
