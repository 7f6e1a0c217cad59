//===- NameMatcher.cpp ----------------------------------------------------===//
#include "noinstr/rules/NameMatcher.h"

namespace noinstr {

bool NameMatcher::matches(llvm::StringRef Name) const {
  for (const std::string &N : Names)
    if (Name == N)
      return true;
  for (const std::string &P : Prefixes)
    if (Name.starts_with(P))
      return true;
  for (const auto &R : Patterns)
    if (R->match(Name))
      return true;
  return false;
}

} // namespace noinstr
