//===- RegionOracle.cpp - the binary's two answers ------------------------===//
#include "noinstr/check/RegionOracle.h"

namespace noinstr {

RegionOracle::~RegionOracle() = default;

namespace {

class MarkerRegions final : public RegionOracle {
public:
  RegionAnswer at(const RegionQuery &Q) const override {
    return Q.MarkerDepth > 0 ? RegionAnswer::Inside : RegionAnswer::Outside;
  }
  std::string remark() const override { return {}; }
};

class ImpliedRegions final : public RegionOracle {
public:
  RegionAnswer at(const RegionQuery &) const override {
    return RegionAnswer::Implied;
  }
  std::string remark() const override {
    return "instrumentation_begin()/end() leave no trace in objects of this "
           "architecture, so instrumentation regions are unknown without the "
           "source: each call out of noinstr code is taken to be in a region "
           "of its own (not reported as noinstr-call) and is checked only "
           "against the entry-path ordering rule; -p compile_commands.json "
           "supplies the real regions";
  }
};

class PartlyImpliedRegions final : public RegionOracle {
public:
  PartlyImpliedRegions(std::unique_ptr<RegionOracle> Base,
                       std::vector<bool> ImpliedSections)
      : Base(std::move(Base)), ImpliedSections(std::move(ImpliedSections)) {}
  RegionAnswer at(const RegionQuery &Q) const override {
    if (Q.Site.Section < ImpliedSections.size() &&
        ImpliedSections[Q.Site.Section])
      return RegionAnswer::Implied;
    return Base->at(Q);
  }
  std::string remark() const override { return Base->remark(); }

private:
  std::unique_ptr<RegionOracle> Base;
  std::vector<bool> ImpliedSections;
};

} // namespace

std::unique_ptr<RegionOracle>
RegionOracle::impliedIn(std::unique_ptr<RegionOracle> Base,
                        std::vector<bool> ImpliedSections) {
  return std::make_unique<PartlyImpliedRegions>(std::move(Base),
                                                std::move(ImpliedSections));
}

std::unique_ptr<RegionOracle> RegionOracle::fromMarkers() {
  return std::make_unique<MarkerRegions>();
}

std::unique_ptr<RegionOracle> RegionOracle::implied() {
  return std::make_unique<ImpliedRegions>();
}

} // namespace noinstr
