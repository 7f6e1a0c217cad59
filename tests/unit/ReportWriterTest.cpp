//===- ReportWriterTest.cpp - rendering the report model
//-------------------===//
#include "noinstr/report/ReportWriter.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

using namespace noinstr;

namespace {

Report sample() {
  Report R;
  R.Inputs = {"vmlinux.o"};
  Finding A;
  A.Rule = RuleId::NoinstrCall;
  A.Level = Severity::Error;
  A.Site = {"vmlinux.o", ".noinstr.text", 0x294, "handle_bug", 0x1c, {}};
  A.Function = "handle_bug";
  A.Callee = "decode_bug";
  A.Message = "call to 'decode_bug' leaves .noinstr.text";
  A.ObjtoolReports = true;
  A.ObjtoolMessage = "call to decode_bug() leaves .noinstr.text section";
  Finding B;
  B.Rule = RuleId::RegionOpenNoreturn;
  B.Level = Severity::Note;
  B.Site = {"vmlinux.o", ".noinstr.text", 0x5c2, "exc_double_fault", 0x80, {}};
  B.Function = "exc_double_fault";
  B.Callee = "panic";
  B.Message = "call to noreturn 'panic' with an instrumentation region open";
  B.Notes = {"objtool does not check instrumentation region balance"};
  R.Findings = {B, A};
  R.finalize();
  return R;
}

std::string render(const Report &R, ReportFormat F, bool ShowNotes = true) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeReport(R, F, OS, /*Color=*/false, ShowNotes);
  return Out;
}

TEST(ReportWriter, FinalizeSortsByLocation) {
  Report R = sample();
  ASSERT_EQ(R.Findings.size(), 2u);
  EXPECT_EQ(R.Findings[0].Callee, "decode_bug");
}

TEST(ReportWriter, ObjtoolFormatPrintsObjtoolLinesOnly) {
  EXPECT_EQ(render(sample(), ReportFormat::Objtool),
            "vmlinux.o: warning: objtool: handle_bug+0x1c: call to "
            "decode_bug() leaves .noinstr.text section\n");
}

TEST(ReportWriter, TextFormatIsGccStyle) {
  std::string Text = render(sample(), ReportFormat::Text);
  EXPECT_EQ(Text.rfind("vmlinux.o:(.noinstr.text+0x294): error: call to "
                       "'decode_bug' leaves .noinstr.text [noinstr-call]\n"
                       "note: in function 'handle_bug' at handle_bug+0x1c\n",
                       0),
            0u)
      << Text;
  EXPECT_NE(Text.find("2 findings (1 error, 1 note)"), std::string::npos)
      << Text;
}

TEST(ReportWriter, NotesAreHiddenUnlessAsked) {
  std::string Text = render(sample(), ReportFormat::Text, /*ShowNotes=*/false);
  EXPECT_EQ(Text.find("region-open-noreturn"), std::string::npos) << Text;
  EXPECT_NE(Text.find("1 finding (1 error); 1 note not shown (--show-notes)"),
            std::string::npos)
      << Text;
}

TEST(ReportWriter, JsonCarriesEverything) {
  auto J = nlohmann::json::parse(render(sample(), ReportFormat::Json));
  ASSERT_EQ(J["findings"].size(), 2u);
  EXPECT_EQ(J["schema"], "noinstr-check-report/1");
  EXPECT_EQ(J["findings"][0]["rule"], "noinstr-call");
  EXPECT_EQ(J["findings"][0]["site"]["symbol_offset"], 0x1c);
  EXPECT_EQ(J["findings"][0]["objtool"]["reports"], true);
  EXPECT_EQ(J["findings"][1]["severity"], "note");
  EXPECT_EQ(J["summary"]["by_rule"]["noinstr-call"], 1);
}

} // namespace

namespace {

EntryMapStep mapStep(uint64_t Offset, int Depth, const std::string &Callee,
                     EntryState State) {
  EntryMapStep S;
  S.Site = {"vmlinux.o", ".noinstr.text", 0x100 + Offset, "exc_nmi", Offset, {}};
  S.Depth = Depth;
  S.Callee = Callee;
  S.StateAfter = State;
  return S;
}

Report mapReport(std::vector<EntryMapStep> NmiSteps) {
  Report R;
  R.Inputs = {"vmlinux.o"};
  EntryMapEntry Nmi{"exc_nmi", "c_vector", EntryState::Raw,
                    std::move(NmiSteps)};
  EntryMapEntry Fault{
      "exc_page_fault",
      "c_vector",
      EntryState::Raw,
      {mapStep(0x2e, 0, "irqentry_enter", EntryState::Established)}};
  R.EntryMap = {std::move(Nmi), std::move(Fault)};
  return R;
}

} // namespace

// A patch that adds a call before the establisher and moves another one
// behind it: both show, by call and state; the entry point whose steps
// only moved in the address space does not.
TEST(EntryMapDiff, AddedMovedAndUnchanged) {
  Report Old = mapReport(
      {mapStep(0x10, 0, "sev_es_ist_enter", EntryState::Raw),
       mapStep(0x20, 0, "irqentry_nmi_enter", EntryState::Established),
       mapStep(0x24, 1, "ct_nmi_enter", EntryState::Established)});
  Report New = mapReport(
      {mapStep(0x30, 0, "irqentry_nmi_enter", EntryState::Established),
       mapStep(0x34, 1, "ct_nmi_enter", EntryState::Established),
       mapStep(0x38, 0, "sev_es_ist_enter", EntryState::Established),
       mapStep(0x40, 0, "hook", EntryState::Established)});
  New.EntryMap[1].Steps[0].Site.SectionOffset += 0x40; // unrelated: moved code
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  EXPECT_TRUE(writeEntryMapDiff(Old, New, /*Json=*/true, OS));
  auto Doc = nlohmann::json::parse(Out);
  EXPECT_EQ(Doc["schema"], "noinstr-check-entry-map-diff/1");
  ASSERT_EQ(Doc["entry_points"].size(), 1u);
  const auto &E = Doc["entry_points"][0];
  EXPECT_EQ(E["entry"], "exc_nmi");
  EXPECT_EQ(E["change"], "changed");
  ASSERT_EQ(E["steps"].size(), 2u);
  EXPECT_EQ(E["steps"][0]["change"], "moved");
  EXPECT_EQ(E["steps"][0]["callee"], "sev_es_ist_enter");
  EXPECT_EQ(E["steps"][0]["old_state_after"], "RAW");
  EXPECT_EQ(E["steps"][0]["state_after"], "ESTABLISHED");
  EXPECT_EQ(E["steps"][1]["change"], "added");
  EXPECT_EQ(E["steps"][1]["callee"], "hook");

  std::string Same;
  llvm::raw_string_ostream SameOS(Same);
  EXPECT_FALSE(writeEntryMapDiff(Old, Old, /*Json=*/false, SameOS));
  EXPECT_TRUE(Same.empty());
}

// An entry point only one side has is listed as added or removed.
TEST(EntryMapDiff, EntryPointAddedOrRemoved) {
  Report Old = mapReport(
      {mapStep(0x20, 0, "irqentry_nmi_enter", EntryState::Established)});
  Report New = Old;
  New.EntryMap.pop_back();
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  EXPECT_TRUE(writeEntryMapDiff(Old, New, /*Json=*/false, OS));
  EXPECT_NE(Out.find("exc_page_fault (entry point removed)"), std::string::npos)
      << Out;
  EXPECT_NE(Out.find("  - "), std::string::npos) << Out;
}

// A call moved before lockdep_hardirqs_off() leaves the state RAW but the
// facts after it differ: the diff shows it moved, with both, and the text
// map prints the facts after the state.
TEST(EntryMapDiff, FactsAfterAStepArePartOfIt) {
  auto Step = [](uint64_t Offset, const std::string &Facts) {
    EntryMapStep S = mapStep(Offset, 0, "sev_es_ist_enter", EntryState::Raw);
    S.Facts = Facts;
    return S;
  };
  Report Old = mapReport({Step(0x10, "lockdep:informed rcu:no")});
  Report New = mapReport({Step(0x10, "lockdep:no rcu:no")});
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  EXPECT_TRUE(writeEntryMapDiff(Old, New, /*Json=*/true, OS));
  auto Doc = nlohmann::json::parse(Out);
  ASSERT_EQ(Doc["entry_points"].size(), 1u);
  const auto &S = Doc["entry_points"][0]["steps"];
  ASSERT_EQ(S.size(), 1u);
  EXPECT_EQ(S[0]["change"], "moved");
  EXPECT_EQ(S[0]["facts"], "lockdep:no rcu:no");
  EXPECT_EQ(S[0]["old_facts"], "lockdep:informed rcu:no");

  std::string Map;
  llvm::raw_string_ostream MapOS(Map);
  writeEntryMap(New, /*Json=*/false, MapOS);
  EXPECT_NE(Map.find(": sev_es_ist_enter -> RAW [lockdep:no rcu:no]\n"),
            std::string::npos)
      << Map;
}
