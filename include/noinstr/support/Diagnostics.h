//===- Diagnostics.h - recoverable defects of the input --------*- C++ -*-===//
//
// A defect that spoils one part of the input (a damaged DWARF unit, a
// relocation that cannot be applied inside it) does not stop the run: the
// stage that meets it reports it here, leaves out what it spoils and goes
// on. Only the driver prints them: each warning once, as one line, and the
// report's remarks say what was skipped. An input that cannot be analysed
// at all is still an llvm::Error (exit 2).
//
// Like llvm-readobj's reportUniqueWarning, a warning met again (the same
// broken unit asked about for a second finding) is dropped. Thread-safe.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"

#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace noinstr {

class Diagnostics {
public:
  /// Input \p File has a defect: \p Message says what it is and what the
  /// run leaves out because of it. Rendered as "FILE: Message".
  void warn(llvm::StringRef File, const llvm::Twine &Message);
  /// The same for an error about the input, which names its file already
  /// (inputError, withFile): it becomes a warning, its first line only.
  void warn(llvm::Error E);

  /// Each warning once, sorted: the output never depends on the order in
  /// which stages or threads met the defects.
  std::vector<std::string> warnings() const;

private:
  void add(std::string Text);

  mutable std::mutex Lock;
  std::set<std::string> Seen;
};

} // namespace noinstr
