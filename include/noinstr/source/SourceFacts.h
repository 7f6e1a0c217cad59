//===- SourceFacts.h - what one translation unit says ----------*- C++ -*-===//
//
// The source analyzer works in two steps so that translation units can be
// analysed apart (in parallel, from a cache, or by the build system that
// compiles the kernel): extraction turns one TU into these facts, written as
// JSON; the link step (SourceLinker) solves the rules over the facts of all
// TUs. Facts keep only what the rules need: the non-instrumentable functions
// and the inline functions they reach, each as a control-flow graph reduced
// to the events that matter (calls, region begin/end).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/model/CodeLocation.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace noinstr {

/// What a function's declaration says about where its code runs.
enum class FunctionKind : uint8_t {
  Noinstr,      ///< in a non-instrumentable section (noinstr, __cpuidle, ...)
  AlwaysInline, ///< __always_inline: its body is part of every caller
  Inline,       ///< declared inline: usually part of the caller, not always
  Instrumentable,
};

llvm::StringRef functionKindName(FunctionKind K);

enum class SourceEventKind : uint8_t {
  Call,         ///< a direct call
  IndirectCall, ///< through a function pointer
  RegionBegin,  ///< instrumentation_begin()
  RegionEnd,    ///< instrumentation_end()
};

/// A function passed by name as an argument (a comparison callback handed
/// to an inline search helper): once inlined, calls through the parameter
/// are direct calls to it.
struct FunctionArgument {
  unsigned Index = 0; ///< parameter position
  std::string Callee, CalleeKey;
  FunctionKind CalleeKind = FunctionKind::Instrumentable;
};

struct SourceEvent {
  SourceEventKind Kind = SourceEventKind::Call;
  SourceLocation Loc; ///< where it is written (Function: the enclosing one)
  /// Call: the callee as named in the source, and the key of its
  /// definition (see FunctionFacts::Key).
  std::string Callee;
  std::string CalleeKey;
  /// Call: what the callee's declarations in this TU say; the link step
  /// may know better (a noinstr definition in another TU).
  FunctionKind CalleeKind = FunctionKind::Instrumentable;
  bool Noreturn = false; ///< the call does not return
  /// The outermost macro the event was expanded from ("" when written
  /// out): "DEFINE_IDTENTRY_RAW", "WARN_ON", ...
  std::string Macro;
  /// IndirectCall: the parameter of the enclosing function called through,
  /// or -1.
  int Parameter = -1;
  /// Call: functions passed by name to the callee.
  std::vector<FunctionArgument> FunctionArguments;
};

/// A basic block of the function's CFG, reduced to its events.
struct FlowBlock {
  std::vector<SourceEvent> Events;
  std::vector<uint32_t> Successors;
  /// The block ends in a test of a condition the function tests more than
  /// once (an id below MaxConditions, per function; -1: none): Successors
  /// are its true and false sides. A path that tested it before takes the
  /// same side, unless a block in between may change what it reads.
  int Condition = -1;
  /// The block tests the condition's negation: Successors are its false
  /// and true sides (if (!static_branch_unlikely(&key))).
  bool ConditionNegated = false;
  static constexpr int MaxConditions = 64;
  /// The conditions this block may change (it assigns a variable they read,
  /// or stores through a pointer and they read memory).
  std::vector<uint32_t> Kills;
  bool Returns = false; ///< control leaves the function from here
  SourceLocation ReturnAt; ///< Returns: the return statement or the '}'
};

struct FunctionFacts {
  /// Unique over the whole kernel: the name for external functions,
  /// "name@file:line" for static ones (a static inline helper in a header
  /// has the same key in every TU that includes it).
  std::string Key;
  std::string Name;
  SourceLocation Definition;
  FunctionKind Kind = FunctionKind::Instrumentable;
  std::string Section; ///< the section attribute, if any
  /// Blocks[0] is the entry. Empty for functions without a body.
  std::vector<FlowBlock> Blocks;
};

struct TuFacts {
  std::string File;   ///< the main source file, as in the compile database
  std::string Arch;   ///< rules architecture ("x86_64", "arm64")
  /// Every file the TU read with a hash of its contents, and a hash of the
  /// command: the cache reuses the facts while all are unchanged.
  std::string CommandHash;
  std::vector<std::pair<std::string, std::string>> Inputs;
  std::vector<FunctionFacts> Functions; ///< sorted by key
};

/// Facts as JSON text ("noinstr-check-facts/1"); deterministic.
std::string factsToJson(const TuFacts &Facts);
/// Reads facts written by factsToJson; errors name \p FileName.
llvm::Expected<TuFacts> factsFromJson(llvm::StringRef Text,
                                      llvm::StringRef FileName);

} // namespace noinstr
