//===- Severity.h ----------------------------------------------*- C++ -*-===//
#pragma once

#include "llvm/ADT/StringRef.h"

namespace noinstr {

enum class Severity { Note, Warning, Error };

/// "note", "warning", "error": the words of GCC-style diagnostics and SARIF.
llvm::StringRef severityName(Severity S);

} // namespace noinstr
