//===- InlineOracle.h - inlined establishers in the binary -----*- C++ -*-===//
//
// enter_from_user_mode(), exit_to_user_mode(), ct_cpuidle_enter() and their
// kind are __always_inline: in the binary their bodies sit inside the entry
// function and nothing calls them. On configs without context tracking they
// even reduce to a few instrumentation markers. The DWARF inline tree still
// says which instructions came from them; this oracle answers, per
// instruction, which inlined establisher or teardown instance (if any) it
// belongs to, so the state changes where the inlined call ends.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/object/CodeAddress.h"
#include "noinstr/report/CodeLocation.h"
#include "noinstr/rules/EntryRules.h"

#include "llvm/Support/Error.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace noinstr {

/// One inlined call of an establisher or teardown helper.
struct InlinedTransition {
  int Id = -1;          ///< distinct per inlined call site
  std::string Function; ///< the inlined helper
  EntryState After;     ///< Established or TornDown
};

class InlineOracle {
public:
  /// Source frames of an address, innermost first (SourceMap::lookup).
  using FramesFn =
      std::function<llvm::Expected<std::vector<SourceLocation>>(CodeAddress)>;

  /// Without \p Frames (no debug info) nothing is ever inlined.
  InlineOracle(const EntryRules &Rules, FramesFn Frames)
      : Rules(Rules), Frames(std::move(Frames)) {}

  /// The outermost inlined establisher/teardown holding \p Addr.
  llvm::Expected<std::optional<InlinedTransition>> at(CodeAddress Addr);
  const InlinedTransition &instance(int Id) const { return Instances[Id]; }

private:
  const EntryRules &Rules;
  FramesFn Frames;
  std::unordered_map<CodeAddress, int> Cache; ///< -1: none
  std::map<std::string, int> Keys;
  std::vector<InlinedTransition> Instances;
};

} // namespace noinstr
