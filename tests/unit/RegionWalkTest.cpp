//===- RegionWalkTest.cpp - instrumentation regions along paths -----------===//
//
// Each test hand-assembles one small noinstr function so that the paths and
// the markers on them are exactly known; the expected findings follow from
// the rule "a call is inside a region only if every path reaching it is".
//
//===----------------------------------------------------------------------===//
#include "ObjectSpec.h"
#include "TestObject.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace noinstr;
using namespace noinstr::test;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

namespace {

// x86-64 encodings used below.
const char *Nop = "90", *Ret = "c3", *Ud2 = "0f0b", *TestEdi = "85ff",
           *Call = "e800000000", *Jmp32 = "e900000000";

TEST(RegionWalk, CallOutsideRegionIsReported) {
  ObjectSpec S;
  S.Functions = {{"f", ".noinstr.text", std::string(Call) + Ret, {{1, "g"}}}};
  EXPECT_THAT(runSummary(S), ElementsAre("noinstr-call g@f+0x0"));
}

TEST(RegionWalk, CallInsideRegionIsAllowed) {
  for (bool Annotate : {false, true}) {
    ObjectSpec S;
    S.AnnotateInsn = Annotate;
    S.Functions = {{"f",
                    ".noinstr.text",
                    std::string(Nop) + Call + Nop + Ret,
                    {{2, "g"}}}};
    S.Begins = {{"f", 0}};
    S.Ends = {{"f", 6}};
    EXPECT_THAT(runSummary(S), IsEmpty())
        << "annotate_insn encoding: " << Annotate;
  }
}

TEST(RegionWalk, CallAfterRegionEndIsReported) {
  ObjectSpec S;
  S.AnnotateInsn = true;
  S.Functions = {
      {"f", ".noinstr.text", std::string(Nop) + Nop + Call + Ret, {{3, "g"}}}};
  S.Begins = {{"f", 0}};
  S.Ends = {{"f", 1}};
  EXPECT_THAT(runSummary(S), ElementsAre("noinstr-call g@f+0x2"));
}

// 0: begin; 3: je 6; 5: end; 6: call g; b: end; c: ret
// The taken branch reaches the call inside the region, the fall-through
// outside it. objtool walks the branch first and prunes the second arrival,
// so it misses the call; every path must be inside, so it is a finding.
TEST(RegionWalk, JoinWithDifferentDepthsIsCheckedOnEveryPath) {
  ObjectSpec S;
  S.Functions = {{"f",
                  ".noinstr.text",
                  std::string(Nop) + TestEdi + "7401" + Nop + Call + Nop + Ret,
                  {{7, "g"}}}};
  S.Begins = {{"f", 0}};
  S.Ends = {{"f", 5}, {"f", 0xb}};
  Report R = runSpec(S);
  EXPECT_THAT(summarize(R), ElementsAre("noinstr-call g@f+0x6",
                                        "region-depth-mismatch @f+0x6",
                                        "region-unmatched-end @f+0xb"));
  ASSERT_FALSE(R.Findings.empty());
  EXPECT_FALSE(R.Findings[0].ObjtoolReports);
  EXPECT_NE(R.Findings[0].Notes.back().find("prunes"), std::string::npos);
}

TEST(RegionWalk, AllFindingsOfAFunctionAreReported) {
  ObjectSpec S;
  S.Functions = {{"f",
                  ".noinstr.text",
                  std::string(Call) + Call + Ret,
                  {{1, "g"}, {6, "h"}}}};
  Report R = runSpec(S);
  EXPECT_THAT(summarize(R),
              ElementsAre("noinstr-call g@f+0x0", "noinstr-call h@f+0x5"));
  ASSERT_EQ(R.Findings.size(), 2u);
  EXPECT_TRUE(R.Findings[0].ObjtoolReports);
  EXPECT_FALSE(R.Findings[1].ObjtoolReports); // objtool: one per function
}

TEST(RegionWalk, TailCallIsACall) {
  ObjectSpec S;
  S.Functions = {{"f", ".noinstr.text", std::string(Jmp32), {{1, "g"}}}};
  Report R = runSpec(S);
  EXPECT_THAT(summarize(R), ElementsAre("noinstr-call g@f+0x0"));
  EXPECT_NE(R.Findings[0].Message.find("tail call"), std::string::npos);
}

TEST(RegionWalk, RegionOpenAtReturnAndTailCall) {
  ObjectSpec S;
  S.Functions = {{"f", ".noinstr.text", std::string(Nop) + Ret},
                 {"t", ".noinstr.text", std::string(Nop) + Jmp32, {{2, "g"}}},
                 {"r",
                  ".noinstr.text",
                  std::string(Nop) + Jmp32,
                  {{2, "__x86_return_thunk"}}}};
  S.Begins = {{"f", 0}, {"t", 0}, {"r", 0}};
  EXPECT_THAT(runSummary(S), ElementsAre("region-return-open @f+0x1",
                                         "region-open-tail-call g@t+0x1",
                                         "region-return-open @r+0x1"));
}

TEST(RegionWalk, AllowedCallees) {
  ObjectSpec S;
  S.Functions = {{"f",
                  ".noinstr.text",
                  std::string(Call) + Call + Call + Call + Ret,
                  {{1, "__SCT__tp_func_x"},
                   {6, "__ubsan_handle_overflow"},
                   {11, "noinstr_helper"},
                   {16, "thunk_helper"}}},
                 {"noinstr_helper", ".entry.text", Ret},
                 {"thunk_helper", ".text..__x86.indirect_thunk", Ret}};
  EXPECT_THAT(runSummary(S), IsEmpty());
}

TEST(RegionWalk, IndirectAndRetpolineCallsAreDynamic) {
  ObjectSpec S;
  S.Functions = {{"f",
                  ".noinstr.text",
                  std::string("ffd0") + Call + Ret,
                  {{3, "__x86_indirect_thunk_rax"}}}};
  EXPECT_THAT(runSummary(S),
              ElementsAre("noinstr-indirect-call {dynamic}@f+0x0",
                          "noinstr-indirect-call {dynamic}@f+0x2"));
}

TEST(RegionWalk, BugIsADeadEndAndWarnIsNot) {
  ObjectSpec Bug;
  Bug.Functions = {
      {"f", ".noinstr.text", std::string(Nop) + Ud2 + Call + Ret, {{4, "g"}}}};
  Bug.Begins = {{"f", 0}};
  EXPECT_THAT(runSummary(Bug), IsEmpty());

  // WARN: begin; ud2; end, with .discard.reachable pointing after the ud2.
  ObjectSpec Warn = Bug;
  Warn.Functions = {{"f",
                     ".noinstr.text",
                     std::string(Nop) + Ud2 + Nop + Call + Ret,
                     {{5, "g"}}}};
  Warn.Ends = {{"f", 3}};
  Warn.ExtraSections = "  - Name: .discard.reachable\n"
                       "    Type: SHT_PROGBITS\n"
                       "    Content: \"00000000\"\n"
                       "  - Name: .rela.discard.reachable\n"
                       "    Type: SHT_RELA\n"
                       "    Info: .discard.reachable\n"
                       "    Relocations:\n"
                       "      - Offset: 0\n"
                       "        Symbol: .noinstr.text\n"
                       "        Type: R_X86_64_PC32\n"
                       "        Addend: 3\n";
  EXPECT_THAT(runSummary(Warn), ElementsAre("noinstr-call g@f+0x4"));
}

TEST(RegionWalk, NoreturnCallEndsThePath) {
  ObjectSpec S;
  S.Functions = {{"f",
                  ".noinstr.text",
                  std::string(Call) + Call + Ret,
                  {{1, "panic"}, {6, "g"}}}};
  EXPECT_THAT(runSummary(S), ElementsAre("noinstr-call panic@f+0x0"));

  // A local function without a return is noreturn too, and the region
  // left open at such a call is only a note.
  ObjectSpec Local;
  Local.Functions = {
      {"f",
       ".noinstr.text",
       std::string(Nop) + Call + Call + Ret,
       {{2, "die_here"}, {7, "g"}}},
      {"die_here", ".text", std::string(Ud2), {}, /*Global=*/false}};
  Local.Begins = {{"f", 0}};
  Report R = runSpec(Local);
  EXPECT_THAT(summarize(R), ElementsAre("region-open-noreturn die_here@f+0x1"));
  EXPECT_EQ(R.Findings[0].Level, Severity::Note);
}

TEST(RegionWalk, EndWithoutBegin) {
  ObjectSpec S;
  S.Functions = {{"f", ".noinstr.text", std::string(Nop) + Ret}};
  S.Ends = {{"f", 0}};
  EXPECT_THAT(runSummary(S), ElementsAre("region-unmatched-end @f+0x0"));
}

TEST(RegionWalk, ProfilingHooksAreALowerSeverity) {
  ObjectSpec S;
  S.Functions = {{"f",
                  ".noinstr.text",
                  std::string(Call) + Ret,
                  {{1, "__sanitizer_cov_trace_pc"}}}};
  Report R = runSpec(S);
  EXPECT_THAT(
      summarize(R),
      ElementsAre("noinstr-profiling-call __sanitizer_cov_trace_pc@f+0x0"));
  EXPECT_EQ(R.Findings[0].Level, Severity::Warning);
  EXPECT_FALSE(R.Findings[0].ObjtoolReports);
}

TEST(RegionWalk, GlobalsResolveAcrossObjects) {
  ObjectSpec Caller;
  Caller.Functions = {{"f",
                       ".noinstr.text",
                       std::string(Call) + Call + Ret,
                       {{1, "safe"}, {6, "unsafe"}}}};
  ObjectSpec Callee;
  Callee.Functions = {{"safe", ".noinstr.text", Ret}, {"unsafe", ".text", Ret}};
  auto R = analyzeYaml({Caller.yaml(), Callee.yaml()});
  ASSERT_OK(R);
  EXPECT_THAT(summarize(*R), ElementsAre("noinstr-call unsafe@f+0x5"));
}

TEST(RegionWalk, OutputIsIndependentOfRunAndOrder) {
  ObjectSpec S;
  S.Functions = {{"b", ".noinstr.text", std::string(Call) + Ret, {{1, "y"}}},
                 {"a", ".noinstr.text", std::string(Call) + Ret, {{1, "x"}}}};
  std::vector<std::string> First = runSummary(S), Second = runSummary(S);
  EXPECT_EQ(First, Second);
  EXPECT_THAT(First,
              ElementsAre("noinstr-call y@b+0x0", "noinstr-call x@a+0x0"));
}

} // namespace
