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
};

} // namespace noinstr
