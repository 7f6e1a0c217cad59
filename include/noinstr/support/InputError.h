//===- InputError.h - errors that name the input file ----------*- C++ -*-===//
//
// Every error the analyzer reports about its input names the file it came
// from and says what is wrong with it, in one line. Library code returns these
// as llvm::Error values; only the driver prints them (and exits with 2).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"

namespace noinstr {

/// An error about input file \p File: rendered as "FILE: Message".
llvm::Error inputError(llvm::StringRef File, const llvm::Twine &Message);

/// Prefixes an error that came from LLVM (or from us) with the file name,
/// unless it already names a file.
llvm::Error withFile(llvm::StringRef File, llvm::Error Err);

} // namespace noinstr
