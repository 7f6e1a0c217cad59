//===- CompileDatabase.h - the kernel's compile_commands.json --*- C++ -*-===//
//
// Read with per-entry tolerance: one broken entry is a problem reported for
// that TU, not a failed run. Commands come from gcc builds as often as from
// clang ones; translateCommand() turns them into clang 19 command lines with
// flag rules from the rules data.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/rules/SourceRules.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace noinstr {

/// One entry of the database, as written.
struct CompileEntry {
  std::string File;      ///< absolute (resolved against Directory)
  std::string Directory; ///< working directory of the command
  std::vector<std::string> Arguments; ///< argv, from "arguments" or "command"
};

/// An entry that cannot be used, and why.
struct CompileProblem {
  std::string File; ///< the TU's file, or "entry N" when it has none
  std::string Reason;
};

struct CompileDatabase {
  std::string Path;
  std::vector<CompileEntry> Entries; ///< C files only, in database order
  std::vector<CompileProblem> Problems;
};

/// Loads \p Path (a compile_commands.json, or a directory holding one).
/// Fails only when the file cannot be read or is not a JSON array.
llvm::Expected<CompileDatabase> loadCompileDatabase(llvm::StringRef Path);

/// The rules architecture the command compiles for ("x86_64", "arm64"), or
/// "" when the command does not say.
std::string detectArch(const CompileEntry &Entry);

/// A command clang 19 can parse for syntax only.
struct ClangCommand {
  std::vector<std::string> Arguments; ///< argv, argv[0] is the driver
  std::string Directory;
  std::vector<std::string> Dropped; ///< flags removed (shown with -v)
};
ClangCommand translateCommand(const CompileEntry &Entry,
                              const SourceRules &Rules);

/// The cheap pre-scan: does the file's text contain one of the rules'
/// tokens (so that it may define non-instrumentable or entry code)?
llvm::Expected<bool> mayDefineNoinstr(const CompileEntry &Entry,
                                      const SourceRules &Rules);

} // namespace noinstr
