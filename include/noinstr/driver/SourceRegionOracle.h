//===- SourceRegionOracle.h - regions the source wrote ---------*- C++ -*-===//
//
// The joined mode's answer to "is this call in an instrumentation region?"
// on architectures whose objects carry no region markers (arm64): the
// source analysis knows which calls sit in an instrumentation_begin()/end()
// region written in the source, and DWARF maps a binary call site to the
// file and line it was compiled from. A call the source places in a
// written region is Inside; every other call keeps the binary's Implied
// answer (a region of its own), never Outside: arm64 entry code mostly
// writes no regions and relies on the entry state instead.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/check/RegionOracle.h"
#include "noinstr/entry/InlineOracle.h"
#include "noinstr/object/Program.h"
#include "noinstr/source/SourceLinker.h"

#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

namespace noinstr {

class SourceRegionOracle final : public RegionOracle {
public:
  /// \p Frames gives a call site's DWARF frames, innermost first (empty:
  /// no debug info, every answer Implied); \p Sites are the source
  /// linker's call sites.
  SourceRegionOracle(const Program &P, InlineOracle::FramesFn Frames,
                     const std::vector<SourceCallSite> &Sites);

  /// Inside when the site's innermost frame is the line of source calls to
  /// the same callee (compiler suffixes stripped) and a written region
  /// encloses every one of them; Implied otherwise.
  RegionAnswer at(const RegionQuery &Q) const override;
  /// How many of the call sites asked about the source placed in regions.
  std::string remark() const override;

private:
  RegionAnswer answer(const RegionQuery &Q) const;

  const Program &P;
  InlineOracle::FramesFn Frames;
  /// Per line and callee: the file of each source call site and whether
  /// it is in a written region. Files are compared apart, by suffix.
  std::map<std::pair<unsigned, std::string>,
           std::vector<std::pair<std::string, bool>>>
      Sites;
  /// The walks ask once per path state; DWARF is read once per site.
  mutable std::unordered_map<CodeAddress, RegionAnswer> Answers;
};

} // namespace noinstr
