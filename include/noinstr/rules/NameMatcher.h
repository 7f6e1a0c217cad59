//===- NameMatcher.h - a set of exact names and prefixes -------*- C++ -*-===//
#pragma once

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace noinstr {

/// Matches a symbol or section name against exact names and prefixes, as
/// the rules files list them.
struct NameMatcher {
  std::vector<std::string> Names;
  std::vector<std::string> Prefixes;

  bool matches(llvm::StringRef Name) const;
  bool empty() const { return Names.empty() && Prefixes.empty(); }
};

} // namespace noinstr
