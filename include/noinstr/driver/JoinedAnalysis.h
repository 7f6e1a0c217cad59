//===- JoinedAnalysis.h - binary findings with source reasons --*- C++ -*-===//
//
// `noinstr-check vmlinux.o -p compile_commands.json`: the binary analysis,
// then its call findings joined with the source facts (source/SourceJoin)
// to say why each call exists in the object.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/driver/Options.h"
#include "noinstr/model/Report.h"
#include "noinstr/support/Diagnostics.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace noinstr {

/// The binary analysis of Opts.Inputs joined with the source facts of
/// Opts.CompileDatabase.
llvm::Expected<Report> analyzeJoined(const Options &Opts,
                                     llvm::raw_ostream &Log,
                                     Diagnostics &Diags);

} // namespace noinstr
