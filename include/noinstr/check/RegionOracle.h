//===- RegionOracle.h - is a call in an instrumentation region? -*- C++ -*-===//
//
// The one question both the noinstr check and the entry-path analysis ask
// about a call site: is it inside instrumentation_begin()/end()? On x86
// kernels built with CONFIG_NOINSTR_VALIDATION the object records the
// markers (.discard.instr_begin/end, .discard.annotate_insn) and the walks
// track the region depth along each path: the answer is that depth. On
// arm64 the markers compile to nothing, so from the binary alone every call
// out of noinstr code may be inside a region the source opened: the answer
// is "implied". A source analysis (compile_commands.json) knows the regions
// and can answer per call site instead, keyed by the site's address or its
// DWARF line (SourceMap::lookup).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/model/CodeAddress.h"

#include <memory>
#include <string>
#include <vector>

namespace noinstr {

/// Where a call site sits relative to instrumentation regions.
enum class RegionAnswer {
  Outside, ///< not in a region: a call out of noinstr code is a finding
  Inside,  ///< in a region: calls out of noinstr code are allowed
  /// Unknown from the binary (no markers): a call out of noinstr code is
  /// taken to be inside a region of its own, around just that call. It is
  /// not a noinstr-call finding, but on an entry path it is instrumentation
  /// and must come after establishment and before teardown.
  Implied,
};

/// One call site, as the walks see it.
struct RegionQuery {
  CodeAddress Site;    ///< the call (the original instruction for
                       ///< alternative replacement code)
  SymbolId Caller;     ///< the function holding it, NoSymbol for asm
  SymbolId Callee;     ///< the called symbol, NoSymbol for an indirect
                       ///< call or a target known by no symbol
  int MarkerDepth = 0; ///< region depth from the object's markers on the
                       ///< path being walked
};

class RegionOracle {
public:
  virtual ~RegionOracle();
  /// Called for every call and tail call the walks reach, once per path
  /// state: must be cheap and deterministic.
  virtual RegionAnswer at(const RegionQuery &Q) const = 0;
  /// One line for the report's remarks saying where the answers come from
  /// when that limits the findings; empty otherwise.
  virtual std::string remark() const = 0;

  /// The binary's own markers: Inside when the path's depth is positive.
  static std::unique_ptr<RegionOracle> fromMarkers();
  /// No markers exist (rules: "annotations.region_markers": false): every
  /// call is in an implied region.
  static std::unique_ptr<RegionOracle> implied();
  /// \p Base, except for call sites in sections where \p ImpliedSections
  /// is set (by SectionId): those are Implied. For objects that lost their
  /// markers (a linked module) among objects that have them.
  static std::unique_ptr<RegionOracle>
  impliedIn(std::unique_ptr<RegionOracle> Base,
            std::vector<bool> ImpliedSections);
};

} // namespace noinstr
