//===- FactCacheTest.cpp - facts reused while their inputs are unchanged --===//
#include "TestObject.h"

#include "noinstr/source/FactCache.h"

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

} // namespace
