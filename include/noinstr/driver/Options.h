//===- Options.h - what the user asked for ---------------------*- C++ -*-===//
#pragma once

#include "noinstr/report/Baseline.h"
#include "noinstr/report/PathMap.h"
#include "noinstr/report/ReportWriter.h"
#include "noinstr/rules/KernelVersion.h"

#include <optional>

#include <string>
#include <vector>

namespace noinstr {

struct Options {
  std::vector<std::string> Inputs;
  /// --build-dir: vmlinux.o and every module of modules.order, checked
  /// together (after them, Inputs).
  std::string BuildDir;
  std::string ModuleSymvers; ///< --module-symvers: who exports what
  ReportFormat Format = ReportFormat::Text;
  std::string RulesDir;                ///< default: next to the executable
  std::vector<std::string> ExtraRules; ///< --rules FILE, merged last
  /// --kernel-version: selects the rules instead of the object's banner.
  std::optional<KernelVersion> Kernel;
  bool ObjtoolWerror = false; ///< --objtool-werror: "error:" lines
  bool Color = false;
  bool ShowNotes = false;
  bool Stats = false;
  bool AllChains = false;        ///< list every entry point reaching a finding
  bool EntryMap = false;         ///< print the entry map instead of findings
  std::vector<std::string> EntryMapOnly; ///< --entry-map=NAME,...; empty: all
  bool Summary = false;          ///< print counts per rule and entry point
  std::string BaselineFile;      ///< --baseline: only new findings fail
  BaselineEntries Baseline;      ///< its entries, read before the analysis
  std::string WriteBaselineFile; ///< --write-baseline
  std::string GraphDir; ///< --graph-dir: per-finding diagrams; "" = none
  std::string HtmlFile; ///< --html: the report as a page; "" = none
  /// --prefix-map OLD=NEW; none: paths relative to the kernel source tree
  PrefixMap PathPrefixes;

  // The source analyzer (-p): with --source the inputs are source files
  // (none: every relevant TU); without it they are objects to join with.
  std::string CompileDatabase; ///< -p: compile_commands.json or its dir
  bool SourceOnly = false;     ///< --source
  bool AllUnits = false;       ///< --all: skip the pre-scan
  unsigned Jobs = 0;           ///< -j: 0 = every core
  std::string CacheDir;        ///< --cache-dir ("" = no cache)
  std::string EmitFactsDir;    ///< --emit-facts: write each TU's facts
  bool FactsInputs = false;    ///< --link-facts: inputs are facts files
  bool Verbose = false;        ///< -v: dropped flags, cache hits
  bool KeepGoing = false;      ///< --keep-going: report despite failed TUs
};

} // namespace noinstr
