//===- FactCache.h - reuse the facts of unchanged TUs ----------*- C++ -*-===//
//
// A TU's facts stay valid while its command and the contents of every file
// it read are unchanged. Entries are files named by a hash of the command
// and main file, so concurrent runs and workers never write the same name
// with different contents for long: writes go through a temporary file and
// a rename.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/source/SourceFacts.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace noinstr {

class FactCache {
public:
  /// \p Dir is created on first store.
  explicit FactCache(std::string Dir) : Dir(std::move(Dir)) {}

  /// A stable hash of a command line (the argv after translation).
  static std::string hashCommand(const std::vector<std::string> &Arguments);
  /// A stable hash of a file's contents; "" when it cannot be read.
  static std::string hashFile(llvm::StringRef Path);

  /// The cached facts for (File, CommandHash) if every input recorded in
  /// them still hashes the same.
  std::optional<TuFacts> lookup(llvm::StringRef File,
                                llvm::StringRef CommandHash) const;
  llvm::Error store(const TuFacts &Facts) const;

private:
  std::string pathFor(llvm::StringRef File, llvm::StringRef CommandHash) const;
  std::string Dir;
};

} // namespace noinstr
