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
  A.Rule = "noinstr-call";
  A.Level = Severity::Error;
  A.Site = {"vmlinux.o", ".noinstr.text", 0x294, "handle_bug", 0x1c, {}};
  A.Function = "handle_bug";
  A.Callee = "decode_bug";
  A.Message = "call to 'decode_bug' leaves .noinstr.text";
  A.ObjtoolReports = true;
  A.ObjtoolMessage = "call to decode_bug() leaves .noinstr.text section";
  Finding B;
  B.Rule = "region-open-noreturn";
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
