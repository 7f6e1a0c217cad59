//===- SourceRules.h - rules only the source analyzer needs ----*- C++ -*-===//
#pragma once

#include "noinstr/rules/NameMatcher.h"

#include <string>
#include <vector>

namespace noinstr {

/// The "source" object of the rules (see docs/rules.md).
struct SourceRules {
  /// Macros whose invocation opens / closes an instrumentation region,
  /// whatever they expand to (an asm marker on x86, nothing on arm64).
  std::vector<std::string> RegionBegin, RegionEnd;
  /// Macros whose value is a static key's enabled state, whatever they
  /// expand to (static_branch_likely/unlikely): two tests of one key in a
  /// function decide together, as the kernel patches all its sites.
  std::vector<std::string> StaticKeyTests;
  /// Functions defined in assembly in a non-instrumentable section
  /// (__memcpy on x86): the C declarations do not say so.
  NameMatcher NoinstrFunctions;
  /// Words whose presence in a .c file makes it worth parsing.
  std::vector<std::string> PrescanTokens;
  /// Compiler flags clang does not accept or the analysis does not need
  /// (matched against the whole argument, "-mfoo=bar").
  NameMatcher DropFlags;
  /// Flags that take their value as the next argument and are dropped
  /// with it ("-o", "-MF").
  std::vector<std::string> DropFlagsWithValue;
  /// Added after the translated command ("--target=...", "-w").
  std::vector<std::string> AddFlags;
};

} // namespace noinstr
