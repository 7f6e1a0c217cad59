//===- KernelVersion.h - major.minor of the analysed kernel ----*- C++ -*-===//
#pragma once

#include "llvm/ADT/StringRef.h"

#include <compare>
#include <optional>
#include <string>

namespace noinstr {

struct KernelVersion {
  unsigned Major = 0;
  unsigned Minor = 0;

  /// Parses "6.12", "6.12.117-1", or a banner "Linux version 6.12.117 ...".
  static std::optional<KernelVersion> parse(llvm::StringRef Text);
  std::string str() const;
  friend auto operator<=>(const KernelVersion &,
                          const KernelVersion &) = default;
};

} // namespace noinstr
