//===- RuleSetTest.cpp - loading, selecting and merging rules -------------===//
#include "TestObject.h"

#include "noinstr/model/Report.h"
#include "noinstr/rules/RuleSet.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace noinstr;
using namespace noinstr::test;
using llvm::StringRef;

namespace {

const char *Base = R"({
  "schema": "noinstr-check-rules/1",
  "match": {"arch": "x86_64"},
  "sections": {"checked": {"names": [".noinstr.text"]},
               "noinstr": {"names": [".noinstr.text"]}},
  "noreturn": {"names": ["panic"]},
  "pv_ops": {"call_table": "pv_ops", "tables": [], "init_sections": [],
             "ignored_targets": []},
  "annotations": {"instr_begin_sections": [], "instr_end_sections": [],
    "reachable_sections": [], "annotate_insn_section": "",
    "annotate_types": {"instr_begin": 3, "instr_end": 4, "reachable": 8},
    "stack_frame_non_standard_section": "",
    "intra_function_calls_section": "",
    "unwind_hints": {"section": ".discard.unwind_hints", "entry_size": 12}},
  "tables": {
    "alternatives": {"section": ".altinstructions",
      "replacement_section": ".altinstr_replacement", "entry_size": 14,
      "orig": 0, "replacement": 4, "feature": 8, "orig_len": 12,
      "replacement_len": 13},
    "jump_labels": {"section": "__jump_table", "entry_size": 16, "code": 0, "target": 4,
                    "key": 8, "key_flags_mask": 3, "key_branch_mask": 1},
    "exceptions": {"section": "__ex_table", "entry_size": 12, "insn": 0, "fixup": 4}}
})";

TEST(RuleSet, BuiltInRulesLoad) {
  auto R =
      loadRuleSet(NOINSTR_TEST_RULES_DIR, "x86_64", KernelVersion{6, 12}, {});
  ASSERT_OK(R);
  EXPECT_TRUE(R->CheckedSections.matches(".entry.text"));
  EXPECT_FALSE(R->CheckedSections.matches(".text..__x86.return_thunk"));
  EXPECT_TRUE(R->NoinstrSections.matches(".text..__x86.return_thunk"));
  EXPECT_TRUE(R->Noreturn.matches("__stack_chk_fail"));
  EXPECT_EQ(R->Alternatives.EntrySize, 14u);
  EXPECT_EQ(R->Annotations.BeginType, 3u);
}

// Help naming an architecture's instructions, tables or tools comes from
// that architecture's rules; the catalog's text names none.
TEST(RuleSet, RuleHelpIsPerArchitecture) {
  auto X86 =
      loadRuleSet(NOINSTR_TEST_RULES_DIR, "x86_64", KernelVersion{6, 12}, {});
  auto Arm64 =
      loadRuleSet(NOINSTR_TEST_RULES_DIR, "arm64", KernelVersion{6, 12}, {});
  ASSERT_OK(X86);
  ASSERT_OK(Arm64);
  Report OnX86, OnArm64;
  OnX86.RuleHelp = X86->Explain.RuleHelp;
  OnArm64.RuleHelp = Arm64->Explain.RuleHelp;
  EXPECT_NE(OnX86.ruleHelp(RuleId::NoinstrIndirectCall).find("pv_ops"),
            StringRef::npos);
  EXPECT_NE(OnArm64.ruleHelp(RuleId::NoinstrIndirectCall).find("BLR"),
            StringRef::npos);
  EXPECT_NE(OnX86.ruleHelp(RuleId::NoinstrProfilingCall).find("objtool"),
            StringRef::npos);
  EXPECT_NE(OnArm64.ruleHelp(RuleId::NoinstrProfilingCall)
                .find("no objtool to patch"),
            StringRef::npos);
  for (const RuleInfo &Info : ruleCatalog()) {
    for (StringRef ArchWord : {"pv_ops", "retpoline", "--hacks", "BLR"})
      EXPECT_EQ(Info.Help.find(ArchWord), StringRef::npos)
          << Info.Id.str() << " names " << ArchWord.str();
    EXPECT_EQ(OnArm64.ruleHelp(Info.Rule).find("pv_ops"), StringRef::npos)
        << Info.Id.str();
  }
}

TEST(RuleSet, BuiltInRulesFollowTheAltInstrLayoutAcrossVersions) {
  struct {
    KernelVersion Version;
    uint32_t EntrySize, OrigLen;
  } Cases[] = {{{5, 10}, 13, 10},
               {{5, 15}, 12, 10},
               {{6, 1}, 12, 10},
               {{6, 3}, 14, 12},
               {{6, 18}, 14, 12}};
  for (const auto &C : Cases) {
    auto R = loadRuleSet(NOINSTR_TEST_RULES_DIR, "x86_64", C.Version, {});
    ASSERT_OK(R);
    EXPECT_EQ(R->Alternatives.EntrySize, C.EntrySize) << C.Version.str();
    EXPECT_EQ(R->Alternatives.field("orig_len"), C.OrigLen) << C.Version.str();
  }
}

TEST(RuleSet, UnknownArchitectureIsAnError) {
  auto R = loadRuleSet(NOINSTR_TEST_RULES_DIR, "riscv", std::nullopt, {});
  ASSERT_FALSE(bool(R));
  EXPECT_NE(toString(R.takeError()).find("no rules for architecture 'riscv'"),
            std::string::npos);
}

TEST(RuleSet, ExtraFilesAppendListsAndReplaceScalars) {
  TempDir Dir, User;
  Dir.write("base.json", Base);
  std::string Extra = User.write("extra.json", R"({
    "schema": "noinstr-check-rules/1",
    "why": "site-local additions",
    "noreturn": {"names": ["my_die"]},
    "tables": {"alternatives": {"entry_size": 13}}})");
  auto R = loadRuleSet(Dir.path(""), "x86_64", std::nullopt, {Extra});
  ASSERT_OK(R);
  EXPECT_TRUE(R->Noreturn.matches("panic"));
  EXPECT_TRUE(R->Noreturn.matches("my_die"));
  EXPECT_EQ(R->Alternatives.EntrySize, 13u);
  EXPECT_EQ(R->Files.size(), 2u);
}

TEST(RuleSet, VersionBoundsSelectFiles) {
  TempDir Dir;
  Dir.write("a-base.json", Base);
  Dir.write("b-old.json", R"({"schema": "noinstr-check-rules/1",
    "match": {"arch": "x86_64", "kernel": {"max": "5.12"}},
    "tables": {"alternatives": {"entry_size": 13}}})");
  auto Old = loadRuleSet(Dir.path(""), "x86_64", KernelVersion{5, 10}, {});
  auto New = loadRuleSet(Dir.path(""), "x86_64", KernelVersion{6, 12}, {});
  auto Unknown = loadRuleSet(Dir.path(""), "x86_64", std::nullopt, {});
  ASSERT_OK(Old);
  ASSERT_OK(New);
  ASSERT_OK(Unknown);
  EXPECT_EQ(Old->Alternatives.EntrySize, 13u);
  EXPECT_EQ(New->Alternatives.EntrySize, 14u);
  EXPECT_EQ(Unknown->Alternatives.EntrySize, 14u);
}

TEST(RuleSet, NewerFilesRemoveWhatOlderKernelsNeeded) {
  TempDir Dir;
  Dir.write("a-base.json", Base);
  Dir.write("b-old.json", R"({"schema": "noinstr-check-rules/1",
    "match": {"arch": "x86_64", "kernel": {"min": "5.10", "max": "6.14"}},
    "noreturn": {"names": ["old_die"]},
    "remove": {"why": "not noreturn before 6.15",
               "noreturn": {"names": ["panic"]}}})");
  Dir.write("c-new.json", R"({"schema": "noinstr-check-rules/1",
    "match": {"arch": "x86_64", "kernel": {"min": "6.15", "max": "6.18"}},
    "known_kernels": {"min": "5.10", "max": "6.18"}})");
  auto Old = loadRuleSet(Dir.path(""), "x86_64", KernelVersion{6, 12}, {});
  auto New = loadRuleSet(Dir.path(""), "x86_64", KernelVersion{6, 18}, {});
  ASSERT_OK(Old);
  ASSERT_OK(New);
  EXPECT_TRUE(Old->Noreturn.matches("old_die"));
  EXPECT_FALSE(Old->Noreturn.matches("panic"));
  EXPECT_FALSE(New->Noreturn.matches("old_die"));
  EXPECT_TRUE(New->Noreturn.matches("panic"));
  EXPECT_TRUE(Old->VersionNote.empty());

  // Outside every known range, or unknown: the newest rules; a known
  // version says so.
  auto Future = loadRuleSet(Dir.path(""), "x86_64", KernelVersion{7, 2}, {});
  auto Ancient = loadRuleSet(Dir.path(""), "x86_64", KernelVersion{4, 19}, {});
  auto Unknown = loadRuleSet(Dir.path(""), "x86_64", std::nullopt, {});
  for (auto *R : {&Future, &Ancient, &Unknown}) {
    ASSERT_OK(*R);
    EXPECT_EQ((*R)->Version, (KernelVersion{6, 18}));
    EXPECT_TRUE((*R)->Noreturn.matches("panic"));
  }
  EXPECT_NE(Future->VersionNote.find("kernel 7.2 is outside the versions the "
                                     "rules know (5.10 .. 6.18)"),
            std::string::npos)
      << Future->VersionNote;
  EXPECT_FALSE(Ancient->VersionNote.empty());
  EXPECT_TRUE(Unknown->VersionNote.empty());
}

TEST(RuleSet, BuiltInRulesPerVersion) {
  auto Old = loadRuleSet(NOINSTR_TEST_RULES_DIR, "x86_64", KernelVersion{6, 12},
                         {});
  auto New = loadRuleSet(NOINSTR_TEST_RULES_DIR, "x86_64", KernelVersion{6, 18},
                         {});
  ASSERT_OK(Old);
  ASSERT_OK(New);
  EXPECT_TRUE(Old->ProfilingHooks.matches("__tsan_func_entry"));
  EXPECT_FALSE(New->ProfilingHooks.matches("__tsan_func_entry"));
  EXPECT_TRUE(Old->Noreturn.matches("snp_abort"));
  EXPECT_FALSE(Old->Noreturn.matches("vpanic"));
  EXPECT_TRUE(New->Noreturn.matches("vpanic"));
  EXPECT_FALSE(Old->SkipOriginalFeatures.empty());
  EXPECT_TRUE(New->SkipOriginalFeatures.empty());
  EXPECT_EQ(New->Annotations.IntraFunctionCallType, 7u);
  EXPECT_FALSE(Old->ObjtoolReplacementNoreturnEndsPath);
  EXPECT_TRUE(New->ObjtoolReplacementNoreturnEndsPath);
  // 6.15 .. 6.17: objtool's feature skips and replacement quirk are gone,
  // its TSAN hooks are not (dropped in 6.18).
  auto Between = loadRuleSet(NOINSTR_TEST_RULES_DIR, "x86_64",
                             KernelVersion{6, 16}, {});
  ASSERT_OK(Between);
  EXPECT_TRUE(Between->ProfilingHooks.matches("__tsan_func_entry"));
  EXPECT_TRUE(Between->SkipOriginalFeatures.empty());
  EXPECT_TRUE(Between->ObjtoolReplacementNoreturnEndsPath);
  EXPECT_TRUE(Between->SystemCallsContinue);
  // Before 5.18 objtool asked dead_end_function() at every call.
  auto Older = loadRuleSet(NOINSTR_TEST_RULES_DIR, "x86_64",
                           KernelVersion{5, 15}, {});
  ASSERT_OK(Older);
  EXPECT_TRUE(Older->ObjtoolReplacementNoreturnEndsPath);
}

TEST(RuleSet, BadFilesNameTheFileAndTheProblem) {
  TempDir Dir, User;
  Dir.write("base.json", Base);
  struct Case {
    const char *Text;
    const char *Expect;
  } Cases[] = {
      {"{ \"schema\": ", "bad JSON"},
      {R"({"schema": "noinstr-check-rules/1", "sections": {"bogus": {}}})",
       "unknown rules key 'sections.bogus'"},
      {R"({"schema": "noinstr-check-rules/1", "noreturn": {"names": "panic"}})",
       "rules key 'noreturn.names' must be a list"},
      {R"({"schema": "something-else"})", "not a rules file"},
      {"[1, 2]", "one JSON object"},
      {R"({"schema": "noinstr-check-rules/1",
           "remove": {"noreturn": {"nmaes": []}}})",
       "in 'remove': unknown rules key 'noreturn.nmaes'"},
      {R"({"schema": "noinstr-check-rules/1",
           "waivers": [{"function": "f", "reason": ""}]})",
       "'waivers[0].reason' is missing or empty"},
      {R"({"schema": "noinstr-check-rules/1",
           "tables": {"jump_labels": {"key_flags_mask": 4294967296}}})",
       "rules key 'tables.jump_labels.key_flags_mask' must be at most "
       "4294967295, not 4294967296"},
      {R"({"schema": "noinstr-check-rules/1",
           "explain": {"rule_help": [{"rule": "noinstr-cal", "help": "x"}]}})",
       "rules key 'explain.rule_help[0].rule' must be a rule id, not "
       "'noinstr-cal'"},
  };
  for (const Case &C : Cases) {
    std::string File = User.write("extra.json", C.Text);
    auto R = loadRuleSet(Dir.path(""), "x86_64", std::nullopt, {File});
    ASSERT_FALSE(bool(R)) << C.Text;
    std::string Message = toString(R.takeError());
    EXPECT_EQ(Message.rfind(File + ": ", 0), 0u) << Message;
    EXPECT_NE(Message.find(C.Expect), std::string::npos) << Message;
  }
}

TEST(KernelVersion, ParsesBannersAndReleases) {
  auto V = KernelVersion::parse("Linux version 6.12.117-amd64 (gcc 12.2.0)");
  ASSERT_TRUE(V);
  EXPECT_EQ(V->str(), "6.12");
  EXPECT_TRUE(*KernelVersion::parse("5.10") < *V);
  EXPECT_FALSE(KernelVersion::parse("Linux version x.y"));
}

} // namespace

TEST(RuleSet, CpuFeaturesAreNamedPerKernelVersion) {
  // X86_FEATURE_ALWAYS is ( 3*32+21) in 6.12's and 6.18's cpufeatures.h.
  auto V612 = loadRuleSet(NOINSTR_TEST_RULES_DIR, "x86_64",
                          KernelVersion{6, 12}, {});
  auto V618 = loadRuleSet(NOINSTR_TEST_RULES_DIR, "x86_64",
                          KernelVersion{6, 18}, {});
  auto V615 = loadRuleSet(NOINSTR_TEST_RULES_DIR, "x86_64",
                          KernelVersion{6, 15}, {});
  auto Arm = loadRuleSet(NOINSTR_TEST_RULES_DIR, "arm64",
                         KernelVersion{6, 12}, {});
  ASSERT_OK(V612);
  ASSERT_OK(V618);
  ASSERT_OK(V615);
  ASSERT_OK(Arm);
  EXPECT_EQ(V612->cpuFeatureName(3 * 32 + 21), "X86_FEATURE_ALWAYS");
  EXPECT_EQ(V618->cpuFeatureName(3 * 32 + 21), "X86_FEATURE_ALWAYS");
  EXPECT_EQ(V612->cpuFeatureName(4 * 32 + 23), "X86_FEATURE_POPCNT");
  // Without names for the version or the architecture: the bit, with no
  // x86 word*32+bit form.
  EXPECT_EQ(V615->cpuFeatureName(117), "CPU feature 117");
  EXPECT_EQ(Arm->cpuFeatureName(5), "CPU feature 5");
}
