//===- EntryMap.h - what runs on each entry path, in order -----*- C++ -*-===//
//
// The document people draw by hand to argue that a hook placement is safe:
// per entry point, in program order, the calls made before the state is
// established (including the establishing call) and from the teardown call
// to the return, with the state after each; the noinstr helpers' own
// steps nested under the call reaching them, down to the primitives.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/model/CodeLocation.h"
#include "noinstr/model/EntryState.h"

#include <string>
#include <vector>

namespace noinstr {

struct EntryMapStep {
  CodeLocation Site;
  /// 0: a call in the entry function; d + 1: made inside the callee of
  /// the closest step before it at depth d.
  int Depth = 0;
  /// A nested step: the entry function's call it happens under.
  CodeLocation OuterSite;
  std::string Callee;
  /// Callee is an __always_inline helper found through DWARF (its effect
  /// is at the primitive it reduces to), not a call instruction.
  bool Inlined = false;
  /// The states after the call, several where its paths differ; none
  /// when it does not return.
  EntryStates StateAfter;
  /// The facts after the call, the ones some path of the run makes:
  /// "lockdep:informed rcu:watching"; "no" where the path has not made
  /// the fact so, "mixed" where its paths differ; "" when it does not
  /// return.
  std::string Facts;
  /// Where a hook (code needing the established state) may go: "after"
  /// this step on its path (the state is established here), "before" it
  /// (the state is torn down here); empty otherwise.
  std::string Hooks;
  /// The step before it at its depth (under the same call) does not lead
  /// to it: the two are on different paths (the arms of an if, a switch's
  /// cases). Known where the front end keeps the control flow.
  bool Alternative = false;
  std::string Note; ///< e.g. "opens an instrumentation region at X"
};

struct EntryMapEntry {
  std::string Entry;
  std::string Kind;
  EntryState Initial = EntryState::Raw;
  std::vector<EntryMapStep> Steps;
};

} // namespace noinstr
