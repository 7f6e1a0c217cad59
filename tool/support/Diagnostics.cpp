//===- Diagnostics.cpp ----------------------------------------------------===//
#include "noinstr/support/Diagnostics.h"

using namespace llvm;

namespace noinstr {

void Diagnostics::warn(StringRef File, const Twine &Message) {
  add((File + ": " + Message).str());
}

void Diagnostics::warn(Error E) { add(toString(std::move(E))); }

void Diagnostics::add(std::string Text) {
  // One line each: a warning is one line of the output.
  Text.resize(StringRef(Text).find('\n') == StringRef::npos
                  ? Text.size()
                  : StringRef(Text).find('\n'));
  std::lock_guard<std::mutex> Guard(Lock);
  Seen.insert(std::move(Text));
}

std::vector<std::string> Diagnostics::warnings() const {
  std::lock_guard<std::mutex> Guard(Lock);
  return std::vector<std::string>(Seen.begin(), Seen.end());
}

} // namespace noinstr
