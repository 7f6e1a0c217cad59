//===- EntryRules.h - entry points, establishers, hooks --------*- C++ -*-===//
//
// The entry-path part of the rules: which functions are entry points and in
// which state they start, which calls establish the kernel's state (RCU
// watching, context tracking and lockdep consistent) and which tear it down,
// and which hooks must only run in between. All of it is data
// (rules/*-entry.json); users add hooks and establishers with --rules.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/model/EntryState.h"
#include "noinstr/rules/NameMatcher.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace noinstr {

/// What a path has made so, each by a step of its own (rules: lockdep,
/// establishers): what code run on it needs.
enum EntryFact : uint8_t {
  FactLockdep = 1, ///< lockdep has been told that IRQs are off
  /// RCU was made to watch by a step of this path (ct_irq_enter(),
  /// rcu_irq_enter_check_tick(), ...): RCU may have watched before it,
  /// but the kernel's order puts tracing after that step.
  FactRcu = 2,
  FactsAll = FactLockdep | FactRcu,
};

/// Context-tracking states (kernel/context_tracking.c, CT_STATE_*), as
/// bits: a path may be in one of several. CtInherited marks "the state the
/// function was called in", CtRestored "the state the caller's last
/// irq/NMI-like enter saved (or, with none, the one the entry point found)",
/// both resolved at call sites.
enum CtState : uint8_t {
  CtUser = 1,
  CtKernel = 2,
  CtIdle = 4,
  CtGuest = 8,
  CtInherited = 16,
  CtRestored = 32,
  /// Where an exception or interrupt may have come from.
  CtInterrupted = CtUser | CtKernel | CtIdle,
};

/// "kernel", "user|kernel|idle" (the inherited bit is not named).
std::string ctStateText(uint8_t States);
std::optional<CtState> parseCtState(llvm::StringRef Name);
/// \p States at a call site whose path is in \p Caller with \p CallerSaved
/// saved by its last irq/NMI-like enter (0: none on its path, so a
/// restore still refers to its own caller's).
inline uint8_t resolveCt(uint8_t States, uint8_t Caller, uint8_t CallerSaved) {
  uint8_t Result = States & ~(CtInherited | CtRestored);
  if (States & CtInherited)
    Result |= Caller;
  if (States & CtRestored)
    Result |= CallerSaved ? CallerSaved : uint8_t(CtRestored);
  return Result;
}

/// A call that moves context tracking (rules: entry.context_tracking).
struct CtTransition {
  /// The state after it; 0: back to the one its nesting enter saved (an
  /// irq or NMI exit returns to the context it interrupted).
  uint8_t To = 0;
  /// An irq/NMI-like enter: it saves the state it found for its exit.
  bool Saves = false;
  NameMatcher Calls;
};

/// The rules' name of a fact ("lockdep", "rcu"), and back.
llvm::StringRef entryFactName(EntryFact F);
std::optional<EntryFact> parseEntryFact(llvm::StringRef Name);

/// The facts a kind of callee needs made on its path before it runs
/// (rules: entry.requirements); a callee no kind names needs them all.
struct EntryRequirement {
  std::string Kind; ///< "tracing", "locking", a hook's own
  uint8_t Needs = 0; ///< EntryFact bits
  NameMatcher Callees;
};

struct EntryPointRule {
  std::string Kind; ///< "asm_vector", "c_vector", "syscall", "idle", ...
  EntryState Initial = EntryState::Raw;
  /// The context-tracking states it may be entered in (CtState bits).
  uint8_t Ct = CtInterrupted;
  NameMatcher Functions;
  std::vector<std::string> Sections; ///< every function in these sections
};

struct EntryRules {
  std::vector<EntryPointRule> EntryPoints;
  /// Symbols never taken as entry points (compiler-made preambles).
  NameMatcher NotEntryPoints;
  /// Calls that establish / tear down the state, and always-inline helpers
  /// that do it where they are inlined (found through DWARF inline info).
  NameMatcher Establishers, InlinedEstablishers;
  NameMatcher Teardowns, InlinedTeardowns;
  /// Always-inline wrappers that call a primitive only when context
  /// tracking is on (user_exit_irqoff()): inside an inlined establisher or
  /// teardown, a path that branches out of the wrapper without the call
  /// has the helper's effect there (context tracking is off on it).
  NameMatcher EstablisherWrappers, TeardownWrappers;
  /// Calls that must only happen while the state is established.
  NameMatcher Hooks;
  /// Functions whose bodies implement the transitions (context tracking,
  /// RCU): not checked against the ordering rule.
  NameMatcher TrustedBodies;
  /// Functions allowed to open an instrumentation region while the state is
  /// not established (die, WARN and debug failure paths: "all lies, just
  /// get the message out"), each with its reason in the rules.
  NameMatcher RegionsAllowed;
  /// NMI-like establishers and their teardowns, which nest: called while
  /// the state is already established they leave it established (arm64
  /// SError from user mode: enter_from_user_mode(), arm64_enter_nmi(), ...,
  /// arm64_exit_nmi(), exit_to_user_mode()).
  NameMatcher Nesting;
  /// Tracing reached by calls the noinstr-call rule accepts (tracepoint
  /// static-call trampolines): on an entry path it is instrumentation like
  /// any other, inside a region or not, needing what Requirements say.
  NameMatcher Tracing;
  /// The lockdep fact: lockdep has been told that the hardware disabled
  /// IRQs (lockdep_hardirqs_off(), the first step of every entry), and the
  /// call that tells it they are on again (lockdep_hardirqs_on(), the last
  /// step out).
  NameMatcher LockdepInformers, LockdepUninformers;
  /// What instrumentable callees and hooks of each kind need; a callee
  /// several kinds name needs the union of their facts.
  std::vector<EntryRequirement> Requirements;

  /// How calls move context tracking, and the first one naming \p Name
  /// (nullptr if none).
  std::vector<CtTransition> ContextTracking;
  const CtTransition *ctTransition(llvm::StringRef Name) const;

  /// The facts a call to \p Callee needs (EntryFact bits).
  uint8_t needs(llvm::StringRef Callee) const;

  bool empty() const { return EntryPoints.empty(); }
};

} // namespace noinstr
