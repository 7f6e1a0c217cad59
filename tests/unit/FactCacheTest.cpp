//===- FactCacheTest.cpp - facts reused while their inputs are unchanged --===//
#include "TestObject.h"

#include "noinstr/source/FactCache.h"
#include "noinstr/source/SourceFacts.h"

#include <gtest/gtest.h>

using namespace noinstr;
using namespace noinstr::test;

namespace {

TEST(FactCache, CommandHashesAreStableAndSeparateArguments) {
  EXPECT_EQ(FactCache::hashCommand({"clang", "-DX"}),
            FactCache::hashCommand({"clang", "-DX"}));
  EXPECT_NE(FactCache::hashCommand({"-a", "b"}),
            FactCache::hashCommand({"-ab"}));
  EXPECT_EQ(FactCache::hashCommand({"clang"}).size(), 16u);
  EXPECT_EQ(FactCache::hashFile("/no/such/file"), "");
}

TEST(FactCache, RoundTripUntilAnInputChanges) {
  TempDir Dir;
  std::string Source = Dir.write("a.c", "noinstr void f(void) {}\n");
  std::string Header = Dir.write("a.h", "#define X 1\n");
  TuFacts Facts;
  Facts.File = Source;
  Facts.Arch = "x86_64";
  Facts.CommandHash = FactCache::hashCommand({"clang", "-fsyntax-only"});
  Facts.Inputs = {{Source, FactCache::hashFile(Source)},
                  {Header, FactCache::hashFile(Header)}};
  FunctionFacts F;
  F.Key = F.Name = "f";
  F.Kind = FunctionKind::Noinstr;
  F.Section = ".noinstr.text";
  Facts.Functions.push_back(F);

  FactCache Cache(Dir.path("cache/facts")); // created on first store
  EXPECT_FALSE(Cache.lookup(Source, Facts.CommandHash));
  ASSERT_FALSE(bool(Cache.store(Facts)));
  std::optional<TuFacts> Hit = Cache.lookup(Source, Facts.CommandHash);
  ASSERT_TRUE(Hit);
  EXPECT_EQ(Hit->File, Source);
  ASSERT_EQ(Hit->Functions.size(), 1u);
  EXPECT_EQ(Hit->Functions[0].Section, ".noinstr.text");

  // Another command is another entry; a changed header invalidates.
  EXPECT_FALSE(Cache.lookup(Source, FactCache::hashCommand({"clang"})));
  Dir.write("a.h", "#define X 2\n");
  EXPECT_FALSE(Cache.lookup(Source, Facts.CommandHash));
}

/// A function testing one condition twice, the first time negated
/// (if (!static_branch_unlikely(&k)) ... if (static_branch_unlikely(&k))).
TuFacts twoTests() {
  TuFacts Facts;
  Facts.File = "a.c";
  Facts.Arch = "x86_64";
  FunctionFacts F;
  F.Key = F.Name = "f";
  F.Kind = FunctionKind::Noinstr;
  F.Section = ".noinstr.text";
  F.Blocks.resize(3);
  F.Blocks[0].Successors = {1, 2};
  F.Blocks[0].Condition = 0;
  F.Blocks[0].ConditionNegated = true;
  F.Blocks[1].Successors = {2, 2};
  F.Blocks[1].Condition = 0;
  F.Blocks[2].Returns = true;
  Facts.Functions.push_back(F);
  return Facts;
}

TEST(SourceFactsJson, ConditionSenseRoundTrips) {
  std::string Text = factsToJson(twoTests());
  auto Read = factsFromJson(Text, "a.facts.json");
  ASSERT_TRUE(bool(Read)) << toString(Read.takeError());
  ASSERT_EQ(Read->Functions.size(), 1u);
  const std::vector<FlowBlock> &Blocks = Read->Functions[0].Blocks;
  ASSERT_EQ(Blocks.size(), 3u);
  EXPECT_EQ(Blocks[0].Condition, 0);
  EXPECT_TRUE(Blocks[0].ConditionNegated);
  EXPECT_EQ(Blocks[1].Condition, 0);
  EXPECT_FALSE(Blocks[1].ConditionNegated);
  EXPECT_EQ(factsToJson(*Read), Text);
}

TEST(SourceFactsJson, ConditionSenseNeedsABooleanAndACondition) {
  std::string Text = factsToJson(twoTests());
  size_t At = Text.find("true", Text.find("\"condition_negated\""));
  ASSERT_NE(At, std::string::npos) << Text;
  std::string NotBoolean = Text;
  NotBoolean.replace(At, 4, "1");
  TuFacts Untested = twoTests(); // the sense on a block that tests nothing
  Untested.Functions[0].Blocks[0].Condition = -1;
  for (const std::string &Bad : {NotBoolean, factsToJson(Untested)}) {
    auto Read = factsFromJson(Bad, "a.facts.json");
    ASSERT_FALSE(bool(Read)) << Bad;
    std::string Message = toString(Read.takeError());
    EXPECT_NE(Message.find("a.facts.json"), std::string::npos) << Message;
    EXPECT_NE(Message.find("condition_negated must be true or false"),
              std::string::npos)
        << Message;
  }
}

} // namespace
