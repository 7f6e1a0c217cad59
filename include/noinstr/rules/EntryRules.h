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

#include <string>
#include <vector>

namespace noinstr {

struct EntryPointRule {
  std::string Kind; ///< "asm_vector", "c_vector", "syscall", "idle", ...
  EntryState Initial = EntryState::Raw;
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
  /// static-call trampolines): it needs RCU watching, so on an entry path
  /// it is instrumentation like any other, inside a region or not.
  NameMatcher Tracing;
  /// The lockdep fact: lockdep has been told that the hardware disabled
  /// IRQs (lockdep_hardirqs_off(), the first step of every entry), and the
  /// call that tells it they are on again (lockdep_hardirqs_on(), the last
  /// step out).
  NameMatcher LockdepInformers, LockdepUninformers;

  bool empty() const { return EntryPoints.empty(); }
};

} // namespace noinstr
