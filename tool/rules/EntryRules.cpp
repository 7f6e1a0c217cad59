//===- EntryRules.cpp -----------------------------------------------------===//
#include "noinstr/rules/EntryRules.h"

namespace noinstr {

llvm::StringRef entryFactName(EntryFact F) {
  return F == FactLockdep ? "lockdep" : "rcu";
}

std::optional<EntryFact> parseEntryFact(llvm::StringRef Name) {
  if (Name == "lockdep")
    return FactLockdep;
  if (Name == "rcu")
    return FactRcu;
  return std::nullopt;
}

std::string ctStateText(uint8_t States) {
  std::string Text;
  for (auto [Bit, Name] : {std::pair{CtUser, "user"}, std::pair{CtKernel, "kernel"},
                           std::pair{CtIdle, "idle"}, std::pair{CtGuest, "guest"}})
    if (States & Bit)
      Text += std::string(Text.empty() ? "" : "|") + Name;
  return Text;
}

std::optional<CtState> parseCtState(llvm::StringRef Name) {
  if (Name == "user")
    return CtUser;
  if (Name == "kernel")
    return CtKernel;
  if (Name == "idle")
    return CtIdle;
  if (Name == "guest")
    return CtGuest;
  return std::nullopt;
}

const CtTransition *EntryRules::ctTransition(llvm::StringRef Name) const {
  for (const CtTransition &T : ContextTracking)
    if (T.Calls.matches(Name))
      return &T;
  return nullptr;
}

uint8_t EntryRules::needs(llvm::StringRef Callee) const {
  uint8_t Needs = 0;
  bool Named = false;
  for (const EntryRequirement &R : Requirements)
    if (R.Callees.matches(Callee)) {
      Needs |= R.Needs;
      Named = true;
    }
  return Named ? Needs : uint8_t(FactsAll);
}

} // namespace noinstr
