//===- KernelVersion.cpp --------------------------------------------------===//
#include "noinstr/rules/KernelVersion.h"

namespace noinstr {

std::optional<KernelVersion> KernelVersion::parse(llvm::StringRef Text) {
  Text = Text.trim();
  Text.consume_front("Linux version ");
  KernelVersion V;
  if (Text.consumeInteger(10, V.Major) || !Text.consume_front(".") ||
      Text.consumeInteger(10, V.Minor))
    return std::nullopt;
  return V;
}

std::string KernelVersion::str() const {
  return std::to_string(Major) + "." + std::to_string(Minor);
}

} // namespace noinstr
