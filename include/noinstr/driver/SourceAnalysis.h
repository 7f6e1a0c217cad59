//===- SourceAnalysis.h - the source analyzer's driver ---------*- C++ -*-===//
//
// Compile database -> pre-scan -> facts per TU (in parallel, cached) ->
// link step -> Report. Problems with single TUs (a missing file, a parse
// error, a broken entry) are remarks in the report, counted in its summary
// line; the run fails only when no TU could be analysed.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/driver/Options.h"
#include "noinstr/model/Report.h"
#include "noinstr/rules/KernelVersion.h"
#include "noinstr/source/SourceFacts.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace noinstr {

/// How many TUs a source run looked at, and what became of them.
struct SourceRunCounts {
  size_t Analysed = 0; ///< parsed now or reused from the cache
  size_t Cached = 0;   ///< of Analysed: reused
  size_t Skipped = 0;  ///< the pre-scan found nothing to check
  size_t Failed = 0;   ///< missing, unusable command, parse error
};

/// Facts of the TUs selected by \p Opts, with the counts; \p Log gets the
/// progress line (on a terminal) and -v output.
struct SourceFactsRun {
  std::string Arch;
  /// From the database's tree; unknown for facts files (--link-facts).
  std::optional<KernelVersion> Version;
  std::vector<TuFacts> Units;
  SourceRunCounts Counts;
  std::vector<std::string> Problems; ///< remarks about the run, sorted
  /// TUs that could not be analysed (Counts.Failed): "file: reason", sorted
  std::vector<std::string> Failures;
};
llvm::Expected<SourceFactsRun> collectSourceFacts(const Options &Opts,
                                                  llvm::raw_ostream &Log);

/// A run that could not read every TU it was asked for is not a result: its
/// silence about the failed ones would pass for "clean". An error naming
/// the count and the first failure, unless --keep-going.
llvm::Error requireComplete(const SourceFactsRun &Run, const Options &Opts);

/// --print-commands (hidden; tests and benchmarks): the selected TUs and
/// their translated clang commands as JSON, without parsing anything.
llvm::Error writeSourceCommands(const Options &Opts, llvm::raw_ostream &OS);

/// --source (and --link-facts): the whole source analysis as a report.
llvm::Expected<Report> analyzeSources(const Options &Opts,
                                      llvm::raw_ostream &Log);

} // namespace noinstr
