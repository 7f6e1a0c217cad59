//===- SourceRegionOracle.cpp ---------------------------------------------===//
#include "noinstr/driver/SourceRegionOracle.h"

#include <algorithm>

namespace noinstr {

SourceRegionOracle::SourceRegionOracle(const Program &P,
                                       InlineOracle::FramesFn Frames,
                                       const std::vector<SourceCallSite> &All)
    : P(P), Frames(std::move(Frames)) {
  for (const SourceCallSite &S : All)
    Sites[{S.At.Line, S.Callee}].emplace_back(S.At.File, S.InRegion);
}

RegionAnswer SourceRegionOracle::at(const RegionQuery &Q) const {
  auto [It, New] = Answers.try_emplace(Q.Site);
  if (New)
    It->second = answer(Q);
  return It->second;
}

RegionAnswer SourceRegionOracle::answer(const RegionQuery &Q) const {
  if (!Frames)
    return RegionAnswer::Implied;
  auto FramesOrErr = Frames(Q.Site);
  if (!FramesOrErr) {
    // Malformed DWARF leaves the binary's own answer; the report names the
    // error where it needs a source line.
    llvm::consumeError(FramesOrErr.takeError());
    return RegionAnswer::Implied;
  }
  if (FramesOrErr->empty())
    return RegionAnswer::Implied;
  const SourceLocation &Inner = FramesOrErr->front();
  llvm::StringRef Callee =
      Q.Callee == NoSymbol ? "" : sourceName(P.symbol(Q.Callee).Name);
  auto It = Sites.find({Inner.Line, Callee.str()});
  if (It == Sites.end())
    return RegionAnswer::Implied;
  // Calls on one line can differ in region (and DWARF columns need not be
  // the source's): only when every one is in a region is the site.
  bool Matched = false;
  for (const auto &[File, InRegion] : It->second) {
    if (!sameSourceFile(Inner.File, File))
      continue;
    if (!InRegion)
      return RegionAnswer::Implied;
    Matched = true;
  }
  return Matched ? RegionAnswer::Inside : RegionAnswer::Implied;
}

std::string SourceRegionOracle::remark() const {
  size_t Inside = std::count_if(Answers.begin(), Answers.end(), [](auto &A) {
    return A.second == RegionAnswer::Inside;
  });
  return "instrumentation regions from the source (objects of this "
         "architecture carry no markers): " +
         std::to_string(Inside) + " of " + std::to_string(Answers.size()) +
         " call sites in noinstr code are in a region written in the "
         "source; every other call out of noinstr code is taken to be in a "
         "region of its own; calls in either are checked against the "
         "entry-path ordering rule";
}

} // namespace noinstr
