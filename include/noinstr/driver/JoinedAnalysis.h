//===- JoinedAnalysis.h - binary findings with source reasons --*- C++ -*-===//
//
// `noinstr-check vmlinux.o -p compile_commands.json`: the binary says what
// the compiler emitted, the source says what the author wrote. Each binary
// call finding is matched with the call the source facts record at the
// same file and line, which tells why the call exists in the object: a
// function declared inline that was emitted out of line, a call written in
// a macro, an ordinary function the compiler inlined into noinstr code.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/driver/Options.h"
#include "noinstr/model/Report.h"
#include "noinstr/rules/RuleSet.h"
#include "noinstr/source/SourceFacts.h"
#include "noinstr/support/Diagnostics.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace noinstr {

/// Adds source reasons to the call findings of \p Binary; returns how many
/// findings the source explained.
size_t joinWithSource(Report &Binary, const std::vector<TuFacts> &Units,
                      const RuleSet &Rules);

/// The binary analysis of Opts.Inputs joined with the source facts of
/// Opts.CompileDatabase.
llvm::Expected<Report> analyzeJoined(const Options &Opts,
                                     llvm::raw_ostream &Log,
                                     Diagnostics &Diags);

} // namespace noinstr
