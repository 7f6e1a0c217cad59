//===- TestObject.h - objects from YAML for unit tests ---------*- C++ -*-===//
//
// Builds relocatable ELF objects from yaml2obj text into a temporary
// directory and runs the whole binary pipeline on them.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/model/Report.h"
#include "noinstr/rules/KernelVersion.h"

#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

/// Asserts that an llvm::Expected holds a value, printing the error if not.
#define ASSERT_OK(Value)                                                       \
  ASSERT_TRUE(bool(Value)) << llvm::toString((Value).takeError())

namespace noinstr::test {

/// An ET_REL object for \p Machine: \p Sections and \p Symbols are the
/// YAML list items (already indented by two spaces).
std::string elfYaml(const std::string &Sections, const std::string &Symbols,
                    const std::string &Machine = "EM_X86_64");

/// Writes each YAML document to its own object file in a fresh temporary
/// directory and analyzes them together.
llvm::Expected<Report>
analyzeYaml(const std::vector<std::string> &Yamls,
            const std::vector<std::string> &ExtraRules = {},
            std::optional<KernelVersion> Kernel = std::nullopt);

/// Findings as "rule callee@symbol+0xoff" strings, in report order.
std::vector<std::string> summarize(const Report &R);

struct ObjectSpec;
/// Analyzes the object \p Spec describes; a failure to build or analyze it
/// fails the current test and gives an empty report.
Report runSpec(const ObjectSpec &Spec);
/// summarize(runSpec(Spec)).
std::vector<std::string> runSummary(const ObjectSpec &Spec);

/// A temporary directory removed when the object dies.
class TempDir {
public:
  TempDir();
  ~TempDir();
  std::string path(const std::string &Name) const;
  /// Writes \p Text to \p Name (creating its directory); returns the path.
  std::string write(const std::string &Name, const std::string &Text) const;

private:
  std::string Dir;
};

} // namespace noinstr::test
