//===- RootCauseTest.cpp - one finding per cause, and what writers show ---===//
#include "noinstr/explain/RootCause.h"
#include "noinstr/report/Baseline.h"
#include "noinstr/report/PathMap.h"
#include "noinstr/report/ReportWriter.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

using namespace noinstr;

namespace {

CodeLocation at(const std::string &Symbol, uint64_t Offset, unsigned Line,
                std::vector<SourceLocation> Inlined = {}) {
  CodeLocation L{"vmlinux.o", ".noinstr.text", 0x800 + Offset, Symbol,
                 Offset, {}};
  L.Source = std::move(Inlined);
  L.Source.insert(L.Source.begin(),
                  {"/build/linux/arch/x86/kernel/traps.c", Line, 2, Symbol});
  return L;
}

Finding call(const std::string &Callee, uint64_t Offset, unsigned Line,
             std::vector<SourceLocation> Inlined = {}) {
  Finding F;
  F.Rule = RuleId::NoinstrCall;
  F.Level = Severity::Error;
  F.Function = "exc_int3";
  F.Callee = Callee;
  F.Site = at("exc_int3", Offset, Line, std::move(Inlined));
  F.Message = "call to '" + Callee + "' leaves .noinstr.text";
  F.ObjtoolMessage = "call to " + Callee + "() leaves .noinstr.text section";
  F.Chain = {{"asm_exc_int3", at("asm_exc_int3", 0x30, 0), {}},
             {"exc_int3", F.Site, {}}};
  return F;
}

RuleSet rules() {
  RuleSet R;
  for (const char *Class : {"region-end", "inlined-helper", "die-path",
                            "direct"})
    R.Explain.Classes.push_back({Class, NameMatcher(),
                                 std::string("hint for ") + Class});
  return R;
}

/// exc_int3 of the examples kernel: four calls after one early
/// instrumentation_end(), and a call before it that is not grouped.
Report int3(bool WithEnd) {
  Report R;
  R.Inputs = {"vmlinux.o"};
  SourceLocation Helper{"/build/linux/arch/x86/kernel/traps.c", 859, 3,
                        "exc_int3"};
  R.Findings = {call("early", 0x10, 800),
                call("notify_die", 0x42, 822, {Helper}),
                call("cond_local_irq_enable.isra.0", 0x6a, 833, {Helper}),
                call("do_trap", 0x76, 834, {Helper})};
  R.Findings[1].Site.Source.front().Function = "do_int3_user";
  R.Findings[2].Site.Source.front().Function = "do_int3_user";
  R.Findings[3].Site.Source.front().Function = "do_int3_user";
  R.finalize();
  RegionEndFn End;
  if (WithEnd)
    End = [](const Finding &F) -> std::optional<CodeLocation> {
      if (F.Site.SymbolOffset < 0x3d)
        return std::nullopt;
      return at("exc_int3", 0x3d, 858);
    };
  groupByRootCause(R, rules(), End);
  return R;
}

TEST(RootCause, CallsAfterOneRegionEndAreOneFinding) {
  Report R = int3(/*WithEnd=*/true);
  ASSERT_EQ(R.Findings.size(), 2u);
  EXPECT_EQ(R.Findings[0].Callee, "early");
  EXPECT_TRUE(R.Findings[0].Cause.empty());
  EXPECT_TRUE(R.Findings[0].SameCause.empty());
  const Finding &G = R.Findings[1];
  EXPECT_EQ(G.Cause, "region-end");
  EXPECT_EQ(G.Callee, "notify_die"); // the first call names the finding
  EXPECT_EQ(G.Message, "call to 'notify_die' leaves .noinstr.text, and 2 more "
                       "calls after the same instrumentation_end()");
  EXPECT_EQ(G.CauseSite.SymbolOffset, 0x3du);
  ASSERT_EQ(G.SameCause.size(), 2u);
  EXPECT_EQ(G.SameCause[0].Callee, "cond_local_irq_enable.isra.0");
  EXPECT_EQ(G.SameCause[1].Callee, "do_trap");
  // The hint is the cause's, not the clone's "inline it".
  EXPECT_EQ(G.Classification, "region-end");
  EXPECT_EQ(G.Hint, "hint for region-end");
}

TEST(RootCause, CallsOfOneInlinedHelperAreOneFinding) {
  Report R = int3(/*WithEnd=*/false);
  ASSERT_EQ(R.Findings.size(), 2u);
  const Finding &G = R.Findings[1];
  EXPECT_EQ(G.Cause, "inlined-helper");
  EXPECT_EQ(G.CauseSite.Symbol, "do_int3_user");
  EXPECT_EQ(G.CauseSite.Source.front().Line, 859u);
  EXPECT_EQ(G.SameCause.size(), 2u);
  EXPECT_NE(G.Message.find("of the same inlined 'do_int3_user'"),
            std::string::npos);
}

TEST(RootCause, NotesWithOneFingerprintAreOneNote) {
  Report R;
  for (uint64_t Offset : {0x26, 0x4b}) {
    Finding N;
    N.Rule = RuleId::RegionOpenNoreturn;
    N.Level = Severity::Note;
    N.Function = "sysvec_reboot";
    N.Callee = "__sysvec_reboot";
    N.Site = at("sysvec_reboot", Offset, 136);
    R.Findings.push_back(N);
  }
  R.finalize();
  groupByRootCause(R, rules(), nullptr);
  ASSERT_EQ(R.Findings.size(), 1u);
  EXPECT_EQ(R.Findings[0].SameCause.size(), 1u);
  EXPECT_EQ(R.Findings[0].SameCause[0].Site.SymbolOffset, 0x4bu);
  EXPECT_TRUE(R.Findings[0].Cause.empty());
}

TEST(RootCause, WritersShowEveryCallOfTheCause) {
  Report R = int3(/*WithEnd=*/true);
  mapPaths(R, {{"/build/linux/", ""}});
  std::string Text, Objtool, Json;
  llvm::raw_string_ostream T(Text), O(Objtool), J(Json);
  writeReport(R, ReportFormat::Text, T, false, false);
  writeReport(R, ReportFormat::Objtool, O, false, false);
  writeReport(R, ReportFormat::Json, J, false, false);
  EXPECT_EQ(Text.find("/build/linux"), std::string::npos) << Text;
  EXPECT_NE(Text.find("arch/x86/kernel/traps.c:822:2: error: call to "
                      "'notify_die' leaves .noinstr.text, and 2 more"),
            std::string::npos)
      << Text;
  EXPECT_NE(Text.find("note: the region ends before them at exc_int3+0x3d "
                      "(arch/x86/kernel/traps.c:858:2): instrumentation_end()"),
            std::string::npos)
      << Text;
  EXPECT_NE(Text.find("note: also 'do_trap' at exc_int3+0x76 "
                      "(arch/x86/kernel/traps.c:834:2)"),
            std::string::npos)
      << Text;
  // objtool: one line per call, grouped or not.
  EXPECT_EQ(std::count(Objtool.begin(), Objtool.end(), '\n'), 4) << Objtool;
  EXPECT_NE(Objtool.find("vmlinux.o: warning: objtool: exc_int3+0x6a: call to "
                         "cond_local_irq_enable.isra.0() leaves .noinstr.text "
                         "section"),
            std::string::npos);
  auto Doc = nlohmann::json::parse(Json);
  const auto &G = Doc["findings"][1];
  EXPECT_EQ(G["cause"], "region-end");
  EXPECT_EQ(G["cause_site"]["symbol_offset"], 0x3d);
  ASSERT_EQ(G["same_cause"].size(), 2u);
  EXPECT_EQ(G["same_cause"][1]["callee"], "do_trap");
  EXPECT_EQ(G["same_cause"][1]["site"]["source"][0]["file"],
            "arch/x86/kernel/traps.c");
  EXPECT_EQ(Doc["findings"][0]["entry_points"], nlohmann::json::array());
  EXPECT_EQ(Doc["complete"], true);
}

TEST(RootCause, OrderingFindingsGetAnObjtoolShapedLine) {
  Report R;
  Finding F;
  F.Rule = RuleId::EntryRegionBeforeEstablish;
  F.Level = Severity::Error;
  F.Function = "exc_nmi";
  F.Site = at("exc_nmi", 0x7e, 583);
  F.Message = "instrumentation region opened before RCU/context tracking are "
              "established";
  Finding N = F;
  N.Rule = RuleId::RegionOpenNoreturn;
  N.Level = Severity::Note;
  R.Findings = {F, N};
  R.finalize();
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeReport(R, ReportFormat::Objtool, OS, false, false);
  EXPECT_EQ(Out, "vmlinux.o: warning: objtool: exc_nmi+0x7e: instrumentation "
                 "region opened before RCU/context tracking are established "
                 "[entry-region-before-establish]\n");
}

TEST(RootCause, BaselineKeepsEveryCallAndNamesStaleEntries) {
  Report R = int3(/*WithEnd=*/true);
  BaselineEntries Known;
  Known[R.Findings[1].SameCause[0].Fingerprint] = "a grouped call";
  Known[R.Findings[1].Fingerprint] = "the group";
  Known["00000000deadbeef"] = "noinstr-call in 'gone' -> 'away'";
  markNew(R, Known);
  EXPECT_TRUE(R.Findings[0].New);
  EXPECT_FALSE(R.Findings[1].New);
  EXPECT_EQ(R.StaleBaseline, std::vector<std::string>{
                                 "00000000deadbeef noinstr-call in 'gone' -> "
                                 "'away'"});
}

} // namespace
