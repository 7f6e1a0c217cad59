//===- RuleCatalog.h - the rule ids and what they mean ---------*- C++ -*-===//
#pragma once

#include "noinstr/model/Severity.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace noinstr {

struct RuleInfo {
  llvm::StringRef Id;
  Severity Level;
  llvm::StringRef Title; ///< one line
  llvm::StringRef Help;  ///< why it matters and how to fix it
};

/// Every rule any analysis can report, in id order.
llvm::ArrayRef<RuleInfo> ruleCatalog();
/// The entry for \p Id; the id must be in the catalog.
const RuleInfo &ruleInfo(llvm::StringRef Id);

} // namespace noinstr
