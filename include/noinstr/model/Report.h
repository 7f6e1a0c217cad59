//===- Report.h - all findings of a run, in their final order --*- C++ -*-===//
#pragma once

#include "noinstr/model/CallGraph.h"
#include "noinstr/model/EntryMap.h"
#include "noinstr/model/Finding.h"

#include <map>
#include <string>
#include <vector>

namespace noinstr {

struct Report {
  std::vector<std::string> Inputs;
  std::vector<Finding> Findings;
  /// Remarks about the run itself (no debug info, unknown kernel version).
  std::vector<std::string> Remarks;
  CallGraph Graph;
  /// Filled with --entry-map.
  std::vector<EntryMapEntry> EntryMap;
  /// Findings removed by a waiver, with its reason (as "reason").
  std::vector<std::pair<Finding, std::string>> Waived;
  /// Waivers that matched nothing: "file: function/callee/rule".
  std::vector<std::string> StaleWaivers;
  bool HasBaseline = false;
  /// --all-chains: the text lists every entry point reaching a finding
  /// (the machine formats always have them).
  bool AllChains = false;
  /// Inputs that could not be analysed ("file: reason"): the run is
  /// incomplete (only with --keep-going does it report at all).
  std::vector<std::string> Failures;
  /// Baseline entries no run finding has any more: "fingerprint rule
  /// function -> callee".
  std::vector<std::string> StaleBaseline;
  /// The rules' help texts for the run's architecture (rules key
  /// explain.rule_help); the catalog's where they give none.
  std::map<RuleId, std::string> RuleHelp;

  /// \p Rule's help text for this run.
  llvm::StringRef ruleHelp(RuleId Rule) const;

  /// Sorts findings by object, section, offset, rule and callee, drops
  /// exact duplicates (output never depends on walk order or threads), and
  /// gives each finding its fingerprint.
  void finalize();
};

} // namespace noinstr
