//===- CompileDatabaseTest.cpp - reading and translating commands ---------===//
#include "TestObject.h"

#include "noinstr/rules/RuleSet.h"
#include "noinstr/source/CompileDatabase.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace noinstr;
using namespace noinstr::test;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

CompileEntry entryOf(std::vector<std::string> Args) {
  return {"/k/tree/a.c", "/k/build", std::move(Args)};
}

TEST(CompileDatabase, SplitsCommandsAsAShellDoes) {
  TempDir Dir;
  std::string Db = Dir.write(
      "compile_commands.json",
      R"([{"directory": "/k/build", "file": "../tree/a.c",
           "command": "gcc -DKBUILD_MODFILE='\"arch/x86/entry/common\"' -DX=a\\ b \"-I/p q\" -c -o a.o ../tree/a.c"}])");
  auto DbOrErr = loadCompileDatabase(Db);
  ASSERT_OK(DbOrErr);
  ASSERT_EQ(DbOrErr->Entries.size(), 1u);
  const CompileEntry &E = DbOrErr->Entries[0];
  EXPECT_EQ(E.File, "/k/tree/a.c"); // resolved against "directory"
  EXPECT_THAT(E.Arguments,
              ElementsAre("gcc", "-DKBUILD_MODFILE=\"arch/x86/entry/common\"",
                          "-DX=a b", "-I/p q", "-c", "-o", "a.o",
                          "../tree/a.c"));
}

TEST(CompileDatabase, ABrokenEntryIsAProblemNotAFailure) {
  TempDir Dir;
  std::string Db = Dir.write("db.json", R"([
    {"directory": "/d", "file": "ok.c", "arguments": ["gcc", "-c", "ok.c"]},
    {"directory": "/d", "arguments": ["gcc"]},
    {"directory": "/d", "file": "none.c"},
    {"directory": "/d", "file": "bad.c", "arguments": "gcc"},
    {"directory": "/d", "file": "asm.S", "arguments": ["gcc", "-c", "asm.S"]},
    "text"])");
  auto DbOrErr = loadCompileDatabase(Db);
  ASSERT_OK(DbOrErr);
  ASSERT_EQ(DbOrErr->Entries.size(), 1u); // asm.S is not C
  ASSERT_EQ(DbOrErr->Problems.size(), 4u);
  EXPECT_EQ(DbOrErr->Problems[0].File, "entry 1");
  EXPECT_EQ(DbOrErr->Problems[1].File, "/d/none.c");
  EXPECT_THAT(DbOrErr->Problems[1].Reason, HasSubstr("neither"));
  EXPECT_THAT(DbOrErr->Problems[2].Reason, HasSubstr("not a list"));
  EXPECT_EQ(DbOrErr->Problems[3].File, "entry 5");
}

TEST(CompileDatabase, AnUnusableFileIsAnErrorNamingIt) {
  TempDir Dir;
  for (const char *Text : {"[{", "{\"a\": 1}"}) {
    std::string Db = Dir.write("db.json", Text);
    auto DbOrErr = loadCompileDatabase(Db);
    ASSERT_FALSE(bool(DbOrErr));
    EXPECT_THAT(toString(DbOrErr.takeError()), HasSubstr(Db + ": "));
  }
  // A directory means the compile_commands.json in it.
  auto Missing = loadCompileDatabase(Dir.path(""));
  ASSERT_FALSE(bool(Missing));
  EXPECT_THAT(toString(Missing.takeError()),
              HasSubstr("compile_commands.json: "));
}

TEST(CompileDatabase, DetectsTheArchitecture) {
  EXPECT_EQ(detectArch(entryOf({"aarch64-linux-gnu-gcc", "-c"})), "arm64");
  EXPECT_EQ(detectArch(entryOf({"gcc", "-mabi=lp64"})), "arm64");
  EXPECT_EQ(detectArch(entryOf({"clang", "--target=aarch64-linux-gnu"})),
            "arm64");
  EXPECT_EQ(detectArch(entryOf({"clang", "-target", "x86_64-linux-gnu"})),
            "x86_64");
  EXPECT_EQ(detectArch(entryOf({"gcc", "-m64", "-m16"})), "x86_64");
  EXPECT_EQ(detectArch(entryOf({"gcc", "-O2"})), "");
}

TEST(CompileDatabase, TranslatesForClang) {
  SourceRules Rules;
  Rules.DropFlags.Names = {"-fconserve-stack"};
  Rules.DropFlags.Prefixes = {"-W"};
  Rules.DropFlagsWithValue = {"-MF"};
  Rules.AddFlags = {"--target=x86_64-linux-gnu", "-w"};
  ClangCommand Cmd = translateCommand(
      entryOf({"gcc", "-Wp,-MMD,a.d", "-I", "inc", "-fconserve-stack", "-MF",
               "a.d", "-Wall", "-DX", "-c", "-o", "a.o", "../tree/a.c"}),
      Rules);
  EXPECT_THAT(Cmd.Arguments,
              ElementsAre("clang", "-I", "inc", "-DX",
                          "--target=x86_64-linux-gnu", "-w", "-fsyntax-only"));
  EXPECT_THAT(Cmd.Dropped, ElementsAre("-Wp,-MMD,a.d", "-fconserve-stack",
                                       "-MF", "a.d", "-Wall"));
  EXPECT_EQ(Cmd.Directory, "/k/build");
}

TEST(CompileDatabase, BuiltInRulesTranslateTheKernelsGccFlags) {
  auto R = loadRuleSet(NOINSTR_TEST_RULES_DIR, "x86_64", std::nullopt, {});
  ASSERT_OK(R);
  ClangCommand Cmd = translateCommand(
      entryOf({"gcc", "-mpreferred-stack-boundary=3",
               "-fno-allow-store-data-races", "-mindirect-branch=thunk-extern",
               "-mrecord-mcount", "-Werror", "-m64", "-c", "../tree/a.c"}),
      R->Source);
  EXPECT_THAT(Cmd.Arguments, ElementsAre("clang", "-m64",
                                         "--target=x86_64-linux-gnu", "-w",
                                         "-fsyntax-only"));
  EXPECT_EQ(Cmd.Dropped.size(), 5u);
}

TEST(CompileDatabase, PrescanLooksForWholeWordsAndSectionNames) {
  TempDir Dir;
  SourceRules Rules;
  Rules.PrescanTokens = {"noinstr", ".noinstr.text"};
  auto Scan = [&](const std::string &Text) {
    CompileEntry E{Dir.write("a.c", Text), Dir.path(""), {"gcc"}};
    auto May = mayDefineNoinstr(E, Rules);
    EXPECT_TRUE(bool(May));
    return May && *May;
  };
  EXPECT_TRUE(Scan("noinstr void f(void) {}"));
  EXPECT_TRUE(Scan("void f(void) __attribute__((section(\".noinstr.text\")));"));
  EXPECT_FALSE(Scan("int noinstrument; int __noinstr_x;"));
  EXPECT_FALSE(Scan("int plain(void) { return 0; }"));
  CompileEntry Missing{Dir.path("missing.c"), Dir.path(""), {"gcc"}};
  auto May = mayDefineNoinstr(Missing, Rules);
  ASSERT_FALSE(bool(May));
  EXPECT_THAT(toString(May.takeError()), HasSubstr("missing.c: "));
}

} // namespace
