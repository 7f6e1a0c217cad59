//===- SourceTestFiles.h - files for the source analyzer's tests -*- C++ -*-===//
#pragma once

#include "llvm/Support/Error.h"

#include <string>

/// Asserts that an llvm::Expected holds a value, printing the error if not.
#define ASSERT_SOURCE_OK(Value)                                                \
  ASSERT_TRUE(bool(Value)) << llvm::toString((Value).takeError())

namespace noinstr::test {

/// A temporary directory of test files, removed when the object dies.
class SourceFiles {
public:
  SourceFiles();
  ~SourceFiles();
  std::string path(const std::string &Name) const;
  /// Writes \p Text to \p Name (creating its directory); returns the path.
  std::string write(const std::string &Name, const std::string &Text) const;

private:
  std::string Dir;
};

} // namespace noinstr::test
