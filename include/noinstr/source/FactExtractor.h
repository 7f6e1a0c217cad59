//===- FactExtractor.h - one TU's facts with Clang -------------*- C++ -*-===//
#pragma once

#include "noinstr/rules/RuleSet.h"
#include "noinstr/source/CompileDatabase.h"
#include "noinstr/source/SourceFacts.h"

#include "llvm/Support/Error.h"

namespace noinstr {

/// Parses the TU of \p Command with Clang (syntax only) and extracts the
/// facts of its non-instrumentable functions and the inline functions they
/// reach. Fails with the first compiler error when the TU does not parse.
/// Safe to call from several threads at once.
llvm::Expected<TuFacts> extractFacts(const ClangCommand &Command,
                                     llvm::StringRef File,
                                     const RuleSet &Rules);

} // namespace noinstr
