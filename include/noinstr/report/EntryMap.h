//===- EntryMap.h - what runs on each entry path, in order -----*- C++ -*-===//
//
// The document people draw by hand to argue that a hook placement is safe:
// per entry point, the calls made before the state is established
// (including the establishing call) and from the teardown call to the
// return, with the state after each.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/report/CodeLocation.h"

#include <string>
#include <vector>

namespace noinstr {

struct EntryMapStep {
  CodeLocation Site;
  std::string Callee;
  /// State after the call: "RAW", "ESTABLISHED", "TORN_DOWN", several
  /// joined by "|" where paths differ.
  std::string StateAfter;
  std::string Note; ///< e.g. "opens an instrumentation region at X"
};

struct EntryMapEntry {
  std::string Entry;
  std::string Kind;
  std::string Initial;
  std::vector<EntryMapStep> Steps;
};

} // namespace noinstr
