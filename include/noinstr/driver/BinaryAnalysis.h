//===- BinaryAnalysis.h - the binary pipeline, stage by stage --*- C++ -*-===//
#pragma once

#include "noinstr/driver/Options.h"
#include "noinstr/model/Report.h"
#include "noinstr/source/SourceLinker.h"
#include "noinstr/support/Diagnostics.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace noinstr {

/// Reads the objects, loads the rules for their architecture and kernel
/// version, and runs the noinstr check. Inputs that cannot be analysed are
/// errors; defects that spoil a part of one (a damaged DWARF unit) are
/// warnings to \p Diags and the run goes on; findings are the Report. With
/// Options::Stats, counts go to \p Log.
///
/// Whether a call is in an instrumentation region: the object's markers
/// decide on architectures whose rules say it has them. On the others,
/// \p SourceSites (the source linker's call sites, from the joined mode)
/// place the calls written in a region inside it (SourceRegionOracle);
/// every other call out of noinstr code is an implied region of its own.
llvm::Expected<Report>
analyzeObjects(const Options &Opts, llvm::raw_ostream &Log, Diagnostics &Diags,
               const std::vector<SourceCallSite> *SourceSites = nullptr);

} // namespace noinstr
