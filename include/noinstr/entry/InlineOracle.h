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

#include "noinstr/model/CodeAddress.h"
#include "noinstr/model/CodeLocation.h"
#include "noinstr/rules/EntryRules.h"

#include "llvm/ADT/STLFunctionalExtras.h"
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
  /// The line of the walked function the inlined call chain starts at
  /// (unknown for calls that left no code).
  SourceLocation Outer = {};
};

class InlineOracle {
public:
  /// Source frames of an address, innermost first (SourceMap::lookup).
  using FramesFn =
      std::function<llvm::Expected<std::vector<SourceLocation>>(CodeAddress)>;

  /// An inlined call that left no code: where it happened, the inlined
  /// function, and the call site that identifies the instance.
  struct EmptyCall {
    CodeAddress At;
    std::string Function;
    SourceLocation Call;
  };
  /// The empty inlined calls of the functions the rules name, in the
  /// function starting at the given address (SourceMap::emptyInlinedCalls).
  using EmptyCallsFn = std::function<llvm::Expected<std::vector<EmptyCall>>(
      CodeAddress, llvm::function_ref<bool(llvm::StringRef)>)>;

  /// Without \p Frames (no debug info) nothing is ever inlined.
  InlineOracle(const EntryRules &Rules, FramesFn Frames,
               EmptyCallsFn EmptyCalls = {})
      : Rules(Rules), Frames(std::move(Frames)),
        EmptyCalls(std::move(EmptyCalls)) {}

  /// The outermost inlined establisher/teardown holding \p Addr.
  llvm::Expected<std::optional<InlinedTransition>> at(CodeAddress Addr);
  /// Whether \p Addr was inlined from a function \p Functions matches.
  llvm::Expected<bool> inlinedFrom(CodeAddress Addr,
                                   const NameMatcher &Functions);
  /// Whether \p Addr is code of the walked function from before the
  /// inlined call of instance \p Id (prologue, argument set-up) that the
  /// compiler scheduled among the instance's instructions: reaching it is
  /// not the end of the inlined call.
  llvm::Expected<bool> precedes(CodeAddress Addr, int Id);
  /// Inlined establishers/teardowns that compiled to nothing right before
  /// \p Addr, in the function starting at \p FunctionStart: their effect
  /// takes hold where DWARF says they were inlined.
  llvm::Expected<std::vector<InlinedTransition>>
  emptyAt(CodeAddress Addr, CodeAddress FunctionStart);
  const InlinedTransition &instance(int Id) const { return Instances[Id]; }

private:
  const EntryRules &Rules;
  int instanceFor(const std::string &Function, const SourceLocation &Call,
                  const SourceLocation &Outer);

  FramesFn Frames;
  EmptyCallsFn EmptyCalls;
  std::unordered_map<CodeAddress, int> Cache; ///< -1: none
  /// Per function start: instances of empty inlined calls, by address.
  std::map<CodeAddress, std::map<CodeAddress, std::vector<int>>> Empty;
  std::map<std::string, int> Keys;
  std::vector<InlinedTransition> Instances;
};

} // namespace noinstr
