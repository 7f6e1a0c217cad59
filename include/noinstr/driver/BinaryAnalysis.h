//===- BinaryAnalysis.h - the binary pipeline, stage by stage --*- C++ -*-===//
#pragma once

#include "noinstr/driver/Options.h"
#include "noinstr/report/Report.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace noinstr {

/// Reads the objects, loads the rules for their architecture and kernel
/// version, and runs the noinstr check. Input problems are errors; findings
/// are the Report. With Options::Stats, counts go to \p Log.
llvm::Expected<Report> analyzeObjects(const Options &Opts,
                                      llvm::raw_ostream &Log);

} // namespace noinstr
