//===- Waiver.h - a finding accepted on purpose, with a reason -*- C++ -*-===//
#pragma once

#include <string>

namespace noinstr {

/// A waiver in the rules: findings of Rule in Function calling Callee are
/// accepted. Empty Rule or Callee match any. Reason is mandatory.
struct Waiver {
  std::string Function;
  std::string Callee;
  std::string Rule;
  std::string Reason;
  std::string File; ///< the rules file it came from
};

} // namespace noinstr
