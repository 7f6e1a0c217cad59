//===- ExplainRules.h - why an edge exists, and how to fix it --*- C++ -*-===//
#pragma once

#include "noinstr/model/RuleCatalog.h"
#include "noinstr/rules/NameMatcher.h"

#include <map>
#include <string>
#include <vector>

namespace noinstr {

/// One class of finding. Classes are tried in the order the rules list
/// them; the first that fits wins. Built-in class names have built-in
/// tests (see Explainer); any other class fits by callee name.
struct FindingClassRule {
  std::string Class;
  NameMatcher Callees;
  std::string Hint;
};

struct ExplainRules {
  std::vector<FindingClassRule> Classes;
  /// A rule's help text for this architecture (its instructions, tables
  /// and tools), in place of the catalog's architecture-neutral one.
  std::map<RuleId, std::string> RuleHelp;
};

} // namespace noinstr
