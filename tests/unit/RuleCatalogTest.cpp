//===- RuleCatalogTest.cpp - the one registry of rule ids -----------------===//
#include "noinstr/model/RuleCatalog.h"

#include <gtest/gtest.h>

using namespace noinstr;

// Every rule is found by its id string, and its enumerator indexes its own
// entry: reports, baselines and SARIF's ruleIndex rely on both.
TEST(RuleCatalog, IdsRoundTrip) {
  ASSERT_EQ(ruleCatalog().size(), RuleId::Count);
  for (const RuleInfo &Info : ruleCatalog()) {
    std::optional<RuleId> Named = ruleNamed(Info.Id);
    ASSERT_TRUE(Named) << Info.Id.str();
    EXPECT_EQ(*Named, Info.Rule);
    EXPECT_EQ(Named->str(), Info.Id);
    EXPECT_EQ(&ruleInfo(Info.Rule), &Info);
  }
  EXPECT_FALSE(ruleNamed("noinstr-cal"));
  EXPECT_FALSE(ruleNamed(""));
  EXPECT_FALSE(ruleNamed("zzz"));
}

// Sorting findings by rule sorts them by id string, as before the enum.
TEST(RuleCatalog, EnumOrderIsIdOrder) {
  for (size_t I = 1; I < ruleCatalog().size(); ++I) {
    EXPECT_LT(ruleCatalog()[I - 1].Rule, ruleCatalog()[I].Rule);
    EXPECT_LT(ruleCatalog()[I - 1].Id, ruleCatalog()[I].Id);
  }
}

// The kinds the explanation and the root-cause grouping go by.
TEST(RuleCatalog, Kinds) {
  EXPECT_EQ(RuleId(RuleId::NoinstrCall).kind(), RuleKind::Call);
  EXPECT_EQ(RuleId(RuleId::NoinstrProfilingCall).kind(), RuleKind::Call);
  EXPECT_EQ(RuleId(RuleId::UnresolvedCallee).kind(), RuleKind::Coverage);
  EXPECT_EQ(RuleId(RuleId::RegionOpenNoreturn).kind(), RuleKind::Region);
  EXPECT_EQ(RuleId(RuleId::EntryDoubleEstablish).kind(), RuleKind::Ordering);
  for (const RuleInfo &Info : ruleCatalog())
    EXPECT_EQ(Info.Kind == RuleKind::Ordering, Info.Id.starts_with("entry-"))
        << Info.Id.str();
}
