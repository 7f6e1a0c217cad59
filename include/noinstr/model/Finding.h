//===- Finding.h - one problem the analysis found --------------*- C++ -*-===//
//
// The report model shared by every analysis (binary, entry paths, source)
// and every output format. A finding says which rule is broken, where, what
// was called, and carries the notes that explain it; formats only render.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/model/CalleeKind.h"
#include "noinstr/model/CodeLocation.h"
#include "noinstr/model/EntryState.h"
#include "noinstr/model/RuleCatalog.h"
#include "noinstr/model/Severity.h"

#include <string>
#include <vector>

namespace noinstr {

/// One step of a call chain from an entry point to a finding.
struct ChainHop {
  std::string Function; ///< the function this hop is in
  CodeLocation Site;    ///< the call (or the finding's instruction, last)
  /// Entry-path states after this hop; empty when the analysis does not
  /// track state.
  EntryStates State;
};

struct Finding {
  /// The broken rule; the stage making the finding sets it.
  RuleId Rule = RuleId::NoinstrCall;
  Severity Level = Severity::Error;
  CodeLocation Site;
  std::string Function; ///< function holding the site ("" for asm holes)
  std::string Callee;   ///< target name, "{dynamic}" or "pv_ops[N]"
  CalleeKind Dispatch = CalleeKind::Direct; ///< how the call reaches it
  /// Where the callee is defined, when it is (not rendered): lets the
  /// explanation read the callee's debug info.
  CodeAddress CalleeAddress;
  std::string Message;
  std::vector<std::string> Notes;
  /// Shortest call chain from an entry point to the site: the first hop is
  /// the entry point, the last hop the function holding the site.
  std::vector<ChainHop> Chain;
  /// Every entry point that reaches the site (--all-chains), sorted; for
  /// an ordering finding charged in RAW, those starting RAW whose paths
  /// have it (all of an out-of-line establisher's callers' entry points).
  std::vector<std::string> EntryPoints;
  /// Why the edge exists (see FindingClass) and how to fix it.
  std::string Classification;
  std::string Hint;
  /// Stable identity for baselines and SARIF: derived from (rule, entry
  /// point, function, callee), never from offsets or lines.
  std::string Fingerprint;
  /// With --baseline: not in the baseline.
  bool New = false;
  /// objtool 6.12 --noinstr --link prints this finding (as it walks: first
  /// finding per function, first visit wins at joins).
  bool ObjtoolReports = false;
  /// The message objtool would print, without location; empty when the
  /// rule has no objtool counterpart.
  std::string ObjtoolMessage;
  /// The root cause this finding stands for when it groups several
  /// (tool/explain/RootCause): "region-end" (calls after one
  /// instrumentation_end()), "inlined-helper" (calls of one inlined
  /// helper); or "ordering-in-establisher": an ordering finding charged
  /// inside an out-of-line establisher, whose own order is wrong
  /// (entry/OrderingEngine); empty for a finding of its own.
  std::string Cause;
  /// Where the cause is: the instrumentation_end(), the helper's call, the
  /// establisher's own establishing call (the site where none is known).
  CodeLocation CauseSite;
  /// The other findings of the same cause, in address order; this finding
  /// is the first of them. Each keeps its own site, callee and objtool line.
  std::vector<Finding> SameCause;
};

} // namespace noinstr
