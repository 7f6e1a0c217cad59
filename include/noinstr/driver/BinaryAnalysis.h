//===- BinaryAnalysis.h - the binary pipeline, stage by stage --*- C++ -*-===//
#pragma once

#include "noinstr/check/RegionOracle.h"
#include "noinstr/driver/Options.h"
#include "noinstr/report/Report.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace noinstr {

/// Reads the objects, loads the rules for their architecture and kernel
/// version, and runs the noinstr check. Input problems are errors; findings
/// are the Report. With Options::Stats, counts go to \p Log.
///
/// \p SourceRegions, when given, says for each call site whether it is in
/// an instrumentation region (a source analysis of compile_commands.json);
/// without it the object's markers decide, or, on architectures whose
/// rules say they have none, each call out of noinstr code is an implied
/// region of its own.
llvm::Expected<Report>
analyzeObjects(const Options &Opts, llvm::raw_ostream &Log,
               const RegionOracle *SourceRegions = nullptr);

} // namespace noinstr
