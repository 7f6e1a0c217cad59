//===- NameMatcher.h - names, prefixes and patterns ------------*- C++ -*-===//
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Regex.h"

#include <memory>
#include <string>
#include <vector>

namespace noinstr {

/// Matches a symbol or section name against exact names, prefixes and
/// regular expressions (POSIX extended, as llvm::Regex), as the rules files
/// list them. Patterns are compiled once, when the rules are loaded.
struct NameMatcher {
  std::vector<std::string> Names;
  std::vector<std::string> Prefixes;
  std::vector<std::shared_ptr<const llvm::Regex>> Patterns;

  bool matches(llvm::StringRef Name) const;
  bool empty() const {
    return Names.empty() && Prefixes.empty() && Patterns.empty();
  }
};

} // namespace noinstr
