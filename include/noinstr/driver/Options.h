//===- Options.h - what the user asked for ---------------------*- C++ -*-===//
#pragma once

#include "noinstr/report/ReportWriter.h"

#include <string>
#include <vector>

namespace noinstr {

struct Options {
  std::vector<std::string> Inputs;
  ReportFormat Format = ReportFormat::Text;
  std::string RulesDir;                ///< default: next to the executable
  std::vector<std::string> ExtraRules; ///< --rules FILE, merged last
  bool Color = false;
  bool ShowNotes = false;
  bool Stats = false;
  bool AllChains = false;        ///< list every entry point reaching a finding
  bool EntryMap = false;         ///< print the entry map instead of findings
  bool Summary = false;          ///< print counts per rule and entry point
  std::string BaselineFile;      ///< --baseline: only new findings fail
  std::string WriteBaselineFile; ///< --write-baseline
  std::string GraphDir; ///< --graph-dir: per-finding diagrams; "" = none
  std::string HtmlFile; ///< --html: the report as a page; "" = none
};

} // namespace noinstr
