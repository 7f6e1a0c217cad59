//===- ReportRenderTest.cpp - SARIF, Graphviz and HTML renderings ---------===//
//
// The renderers on one synthetic report (SyntheticReport.h): SARIF structure,
// DOT content and escaping, file-name safety of the diagram files, and HTML
// escaping. Schema validation and browser rendering are ctest scripts in
// tests/report/.
//
//===----------------------------------------------------------------------===//
#include "SyntheticReport.h"

#include "noinstr/model/RuleCatalog.h"
#include "noinstr/report/GraphWriter.h"
#include "noinstr/report/HtmlWriter.h"
#include "noinstr/report/ReportWriter.h"
#include "noinstr/report/SarifWriter.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>

using namespace noinstr;
using noinstr::test::syntheticReport;

namespace {

std::string sarifText(const Report &R) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeSarif(R, OS);
  return Out;
}

nlohmann::json sarif(const Report &R) {
  return nlohmann::json::parse(sarifText(R));
}

std::string html(const Report &R, llvm::StringRef GraphDir = "") {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  llvm::Error E = writeHtml(R, GraphDir, OS);
  EXPECT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
  return Out;
}

/// The DOT id of the node whose label starts with \p Name.
std::string nodeId(const std::string &Dot, const std::string &Name) {
  std::smatch M;
  std::regex Re("\\n  (n[0-9]+) \\[label=\"" + Name + "[\\\\\"]");
  return std::regex_search(Dot, M, Re) ? M[1].str() : "";
}

/// The attribute list of the edge From -> To.
std::string edgeAttrs(const std::string &Dot, const std::string &From,
                      const std::string &To) {
  std::string Head = "  " + From + " -> " + To + " [";
  size_t Pos = Dot.find(Head);
  if (Pos == std::string::npos)
    return "";
  return Dot.substr(Pos, Dot.find('\n', Pos) - Pos);
}

/// A fresh temporary directory, removed with everything in it.
class TempDir {
public:
  TempDir() {
    EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("noinstr-render", Path));
  }
  ~TempDir() { llvm::sys::fs::remove_directories(Path); }
  std::string str() const { return std::string(Path); }
  std::string sub(llvm::StringRef Name) const {
    llvm::SmallString<128> P(Path);
    llvm::sys::path::append(P, Name);
    return std::string(P);
  }

private:
  llvm::SmallString<128> Path;
};

std::vector<std::string> listDir(const std::string &Dir) {
  std::vector<std::string> Names;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC))
    Names.push_back(llvm::sys::path::filename(It->path()).str());
  std::sort(Names.begin(), Names.end());
  return Names;
}

/// "" for success, else the message: failures show up in the test output.
std::string errorText(llvm::Error E) {
  return E ? llvm::toString(std::move(E)) : std::string();
}

bool haveDot() {
  return static_cast<bool>(llvm::sys::findProgramByName("dot"));
}

//===-- SARIF -------------------------------------------------------------===//

TEST(SarifWriter, ToolAndRulesComeFromTheCatalog) {
  auto J = sarif(syntheticReport());
  EXPECT_EQ(J["version"], "2.1.0");
  ASSERT_EQ(J["runs"].size(), 1u);
  const auto &Driver = J["runs"][0]["tool"]["driver"];
  EXPECT_EQ(Driver["name"], "noinstr-check");
  EXPECT_FALSE(Driver.contains("informationUri"));
  ASSERT_EQ(Driver["rules"].size(), ruleCatalog().size());
  for (size_t I = 0; I < ruleCatalog().size(); ++I) {
    const RuleInfo &Info = ruleCatalog()[I];
    const auto &Rule = Driver["rules"][I];
    EXPECT_EQ(Rule["id"], Info.Id.str());
    EXPECT_EQ(Rule["shortDescription"]["text"], Info.Title.str());
    EXPECT_EQ(Rule["fullDescription"]["text"], Info.Help.str());
    EXPECT_EQ(Rule["help"]["text"], Info.Help.str());
    EXPECT_EQ(Rule["defaultConfiguration"]["level"],
              severityName(Info.Level).str());
  }
  for (const auto &Rule : Driver["rules"])
    if (Rule["id"] == "noinstr-call")
      EXPECT_EQ(Rule["name"], "NoinstrCall");
}

TEST(SarifWriter, ResultHasSourceAddressFlowAndFingerprint) {
  auto J = sarif(syntheticReport());
  const auto &Results = J["runs"][0]["results"];
  ASSERT_EQ(Results.size(), 4u);
  const auto &Call = Results[0];
  EXPECT_EQ(Call["ruleId"], "noinstr-call");
  EXPECT_EQ(ruleCatalog()[Call["ruleIndex"].get<size_t>()].Id, "noinstr-call");
  EXPECT_EQ(Call["level"], "error");
  EXPECT_EQ(Call["message"]["text"],
            "call to 'trace_thing' leaves .noinstr.text");

  const auto &Phys = Call["locations"][0]["physicalLocation"];
  EXPECT_EQ(Phys["artifactLocation"]["uri"], "include/linux/trace.h");
  EXPECT_EQ(Phys["artifactLocation"]["uriBaseId"], "SRCROOT");
  EXPECT_EQ(Phys["region"]["startLine"], 12);
  EXPECT_EQ(Phys["region"]["startColumn"], 3);
  EXPECT_EQ(Phys["address"]["relativeAddress"], 0x210);
  EXPECT_EQ(Phys["address"]["offsetFromParent"], 0x10);
  EXPECT_EQ(Phys["address"]["fullyQualifiedName"], "do_work+0x10");
  EXPECT_EQ(Phys["address"]["kind"], "function");
  EXPECT_EQ(Call["locations"][0]["logicalLocations"][0]["name"], "do_work");
  EXPECT_EQ(Call["partialFingerprints"]["noinstrCheck/v1"], "f00dfeed");

  // The chain, entry point first, ending at the site.
  const auto &Flow = Call["codeFlows"][0]["threadFlows"][0]["locations"];
  ASSERT_EQ(Flow.size(), 3u);
  EXPECT_EQ(Flow[0]["location"]["message"]["text"],
            "call from 'exc_demo' to 'irqentry_helper' [state RAW]");
  EXPECT_EQ(Flow[0]["state"]["entryState"]["text"], "RAW");
  EXPECT_EQ(Flow[0]["location"]["physicalLocation"]["artifactLocation"]["uri"],
            "arch/x86/kernel/demo.c");
  EXPECT_EQ(
      Flow[1]["location"]["physicalLocation"]["address"]["fullyQualifiedName"],
      "irqentry_helper+0x8");
  EXPECT_FALSE(
      Flow[1]["location"]["physicalLocation"].contains("artifactLocation"));
  EXPECT_EQ(
      Flow[2]["location"]["physicalLocation"]["address"]["relativeAddress"],
      0x210);

  // The frame do_work inlined trace_inline at.
  ASSERT_EQ(Call["relatedLocations"].size(), 1u);
  const auto &Inlined = Call["relatedLocations"][0];
  EXPECT_EQ(Inlined["physicalLocation"]["artifactLocation"]["uri"],
            "kernel/entry/demo.c");
  EXPECT_EQ(Inlined["physicalLocation"]["region"]["startLine"], 40);
  EXPECT_EQ(Inlined["message"]["text"],
            "'trace_inline' inlined into 'do_work' here");
}

TEST(SarifWriter, MissingDataIsLeftOutNotInvented) {
  auto J = sarif(syntheticReport());
  const auto &Dynamic = J["runs"][0]["results"][1];
  EXPECT_EQ(Dynamic["properties"]["callee"], "{dynamic}");
  EXPECT_FALSE(Dynamic.contains("partialFingerprints"));
  EXPECT_FALSE(Dynamic.contains("codeFlows"));
  EXPECT_FALSE(Dynamic.contains("relatedLocations"));
  const auto &Phys = Dynamic["locations"][0]["physicalLocation"];
  EXPECT_FALSE(Phys.contains("artifactLocation"));
  EXPECT_FALSE(Phys.contains("region"));
  EXPECT_EQ(Phys["address"]["fullyQualifiedName"], "do_work+0x30");
}

TEST(SarifWriter, AbsolutePathsAreFileUrisAndEncoded) {
  auto J = sarif(syntheticReport());
  const auto &Return = J["runs"][0]["results"][2];
  const auto &Phys = Return["locations"][0]["physicalLocation"];
  EXPECT_EQ(Phys["artifactLocation"]["uri"],
            "file:///usr/src/linux%20dir/kernel/a%3Ab.c");
  EXPECT_FALSE(Phys["artifactLocation"].contains("uriBaseId"));
  EXPECT_EQ(Phys["region"]["startLine"], 99);
  EXPECT_FALSE(Phys["region"].contains("startColumn")); // column 0: unknown
}

TEST(SarifWriter, DeterministicAndSelectableAsFormat) {
  Report R = syntheticReport();
  EXPECT_EQ(sarifText(R), sarifText(R));
  ASSERT_EQ(parseReportFormat("sarif"), ReportFormat::Sarif);
  std::string ViaWriter;
  llvm::raw_string_ostream OS(ViaWriter);
  writeReport(R, ReportFormat::Sarif, OS, /*Color=*/false, /*ShowNotes=*/false);
  EXPECT_EQ(ViaWriter, sarifText(R));
}

TEST(SarifWriter, InvalidUtf8DoesNotThrow) {
  Report R = syntheticReport();
  R.Findings[0].Message = "bad \xff\xfe byte";
  std::string Text;
  EXPECT_NO_THROW(Text = sarifText(R));
  EXPECT_NO_THROW(nlohmann::json::parse(Text));
}

//===-- Graphviz ----------------------------------------------------------===//

TEST(GraphWriter, FindingDiagramShowsChainContextAndRedEdge) {
  Report R = syntheticReport();
  std::string Dot = findingGraphDot(R, 0);
  EXPECT_EQ(Dot, findingGraphDot(R, 0));
  std::string Entry = nodeId(Dot, "exc_demo"),
              Helper = nodeId(Dot, "irqentry_helper");
  std::string Work = nodeId(Dot, "do_work"), Trace = nodeId(Dot, "trace_thing");
  std::string Ok = nodeId(Dot, "helper_ok"), Raw = nodeId(Dot, "raw_thing");
  std::string Dyn = nodeId(Dot, "\\\\\\{dynamic\\\\\\}");
  for (const std::string *Id :
       {&Entry, &Helper, &Work, &Trace, &Ok, &Raw, &Dyn})
    ASSERT_FALSE(Id->empty()) << Dot;

  // The offending edge is red and bold, labelled with its source line.
  std::string Off = edgeAttrs(Dot, Work, Trace);
  EXPECT_NE(Off.find("color=\"#d50000\""), std::string::npos) << Off;
  EXPECT_NE(Off.find("penwidth=3"), std::string::npos) << Off;
  EXPECT_NE(Off.find("label=\"trace.h:12\""), std::string::npos) << Off;
  // Chain edges, with the hop's site (source or sym+0xoff).
  EXPECT_NE(edgeAttrs(Dot, Entry, Helper).find("label=\"demo.c:7\""),
            std::string::npos);
  EXPECT_NE(edgeAttrs(Dot, Helper, Work).find("irqentry_helper+0x8"),
            std::string::npos);
  // Context: a call in an instrumentation region, a tail call, another
  // reported (dynamic) call.
  std::string InRegion = edgeAttrs(Dot, Work, Ok);
  EXPECT_NE(InRegion.find("style=dotted"), std::string::npos) << InRegion;
  EXPECT_NE(InRegion.find("label=\"instr\\ndo_work+0x18\""), std::string::npos)
      << InRegion;
  EXPECT_NE(edgeAttrs(Dot, Work, Raw).find("tail call"), std::string::npos);
  std::string ToDyn = edgeAttrs(Dot, Work, Dyn);
  EXPECT_NE(ToDyn.find("#d50000"), std::string::npos);
  EXPECT_EQ(ToDyn.find("penwidth=3"), std::string::npos);

  // Styles: noinstr, instrumentable, dynamic, roles.
  auto NodeLine = [&](const std::string &Id) {
    size_t Pos = Dot.find("\n  " + Id + " [");
    return Dot.substr(Pos + 1, Dot.find('\n', Pos + 1) - Pos - 1);
  };
  EXPECT_NE(NodeLine(Work).find("#cfe8fc"), std::string::npos);
  EXPECT_NE(NodeLine(Trace).find("#ffcc80"), std::string::npos);
  EXPECT_NE(NodeLine(Dyn).find("style=dashed"), std::string::npos);
  EXPECT_NE(NodeLine(Entry).find("peripheries=2"), std::string::npos);
  EXPECT_NE(NodeLine(Entry).find("state: RAW"), std::string::npos);
  EXPECT_NE(NodeLine(Helper).find("shape=hexagon"), std::string::npos);
  EXPECT_NE(Dot.find("  legend [shape=plaintext"), std::string::npos);
}

// An ordering finding on several entry paths (one inside irqentry_enter()
// reached from every interrupt) draws the entry points off its chain as one
// node into the function holding the site; a call finding does not.
TEST(GraphWriter, OrderingFindingShowsItsOtherEntryPointsAsOneNode) {
  Report R = syntheticReport();
  Finding &F = R.Findings[0];
  F.EntryPoints = {"exc_demo", "exc_b", "exc_c", "exc_d", "exc_e"};
  std::string Call = findingGraphDot(R, 0);
  EXPECT_EQ(Call.find("more entry points"), std::string::npos) << Call;
  F.Rule = RuleId::EntryRegionBeforeEstablish;
  std::string Dot = findingGraphDot(R, 0);
  std::string Others = nodeId(Dot, "4 more entry points");
  ASSERT_FALSE(Others.empty()) << Dot;
  EXPECT_NE(Dot.find("4 more entry points\\n[entry]\\nexc_b\\nexc_c\\nexc_d\\n..."),
            std::string::npos)
      << Dot;
  std::string Edge = edgeAttrs(Dot, Others, nodeId(Dot, F.Function));
  EXPECT_NE(Edge.find("each reaches it"), std::string::npos) << Dot;
}

TEST(GraphWriter, RuleWithoutCalleePointsAtTheSite) {
  std::string Dot = findingGraphDot(syntheticReport(), 2);
  std::string Site = nodeId(Dot, "region-return-open");
  ASSERT_FALSE(Site.empty()) << Dot;
  EXPECT_NE(edgeAttrs(Dot, nodeId(Dot, "do_work"), Site).find("penwidth=3"),
            std::string::npos);
}

TEST(GraphWriter, LabelsAreEscaped) {
  Report R = syntheticReport();
  std::string Dot = findingGraphDot(R, 3);
  // ../../x"<evil>{|}\ + newline, as a DOT string.
  EXPECT_NE(Dot.find("../../x\\\"\\<evil\\>\\{\\|\\}\\\\\\n"),
            std::string::npos)
      << Dot;
  EXPECT_EQ(Dot.find("<evil>"), std::string::npos);
  EXPECT_EQ(Dot.find("<script>"), std::string::npos);
  // Node ids never carry names.
  std::regex Ids("\\n  ([^ ]+) \\[label=");
  for (std::sregex_iterator It(Dot.begin(), Dot.end(), Ids), End; It != End;
       ++It)
    EXPECT_TRUE(std::regex_match((*It)[1].str(), std::regex("n[0-9]+")))
        << (*It)[1].str();
}

TEST(GraphWriter, OverviewPerEntryPointHasOnlyItsFindings) {
  Report R = syntheticReport();
  std::vector<std::string> Entries = overviewEntries(R);
  ASSERT_FALSE(Entries.empty());
  EXPECT_TRUE(std::is_sorted(Entries.begin(), Entries.end()));
  ASSERT_TRUE(std::count(Entries.begin(), Entries.end(), "exc_demo"));
  std::string Dot = entryGraphDot(R, "exc_demo");
  EXPECT_EQ(Dot, entryGraphDot(R, "exc_demo"));
  EXPECT_NE(Dot.find("entry point exc_demo: "), std::string::npos) << Dot;
  EXPECT_NE(Dot.find("irqentry_helper"), std::string::npos) << Dot;
  EXPECT_NE(Dot.find("trace_thing"), std::string::npos) << Dot;
  // Not the whole call graph: helper_ok is only context of do_work.
  EXPECT_EQ(Dot.find("helper_ok"), std::string::npos) << Dot;
  std::regex Safe("entry-[A-Za-z0-9_-][A-Za-z0-9._-]*");
  for (const std::string &E : Entries)
    EXPECT_TRUE(std::regex_match(entryGraphStem(E), Safe)) << E;
}

TEST(GraphWriter, NotesAreNotDrawnAsErrors) {
  Report R = syntheticReport();
  Finding Note = R.Findings.front();
  Note.Level = Severity::Note;
  Note.Rule = RuleId::RegionOpenNoreturn;
  R.Findings = {Note};
  std::string Dot = findingGraphDot(R, 0);
  EXPECT_NE(Dot.find("color=\"#0277bd\", fontcolor=\"#0277bd\", penwidth=2, "
                     "style=dashed"),
            std::string::npos)
      << Dot;
  EXPECT_EQ(Dot.find("penwidth=3, style=bold"), std::string::npos) << Dot;
}

TEST(GraphWriter, FileNamesCannotEscapeAndStayShort) {
  Finding F;
  auto Stem = [&](std::string Fn, std::string Callee, size_t Index = 0) {
    F.Function = std::move(Fn);
    F.Callee = std::move(Callee);
    return findingGraphStem(Index, F);
  };
  EXPECT_EQ(Stem("handle_bug", "decode_bug"),
            "finding-001-handle_bug-decode_bug");
  EXPECT_EQ(Stem("../../x", "a/b"), "finding-001-_.._x-a_b");
  EXPECT_EQ(Stem("", "{dynamic}", 41), "finding-042-asm-_dynamic_");
  EXPECT_EQ(Stem("...", ""), "finding-001-asm-none");
  EXPECT_EQ(Stem("f", "x", 12344), "finding-12345-f-x");
  std::string Long = Stem(std::string(500, 'a'), std::string(500, '/'));
  EXPECT_LE(Long.size(), 80u);
  std::regex Safe("finding-[0-9]+-[A-Za-z0-9_-][A-Za-z0-9._-]*");
  for (const std::string &S :
       {Long, Stem(test::HostileFunction, test::hostileCallee()),
        Stem("\xc3\xa9t\xc3\xa9", "\x01\x02")}) {
    EXPECT_TRUE(std::regex_match(S, Safe)) << S;
    EXPECT_LE(S.size(), 80u);
  }
}

TEST(GraphWriter, WritesEveryDiagramInsideTheDirectory) {
  TempDir Tmp;
  std::string Dir = Tmp.sub("graphs/nested"); // created on demand
  Report R = syntheticReport();
  llvm::Error E = writeGraphs(R, Dir);
  if (!haveDot()) {
    ASSERT_TRUE(static_cast<bool>(E));
    EXPECT_NE(llvm::toString(std::move(E)).find("'dot'"), std::string::npos);
    GTEST_SKIP() << "Graphviz dot not installed";
  }
  ASSERT_EQ(errorText(std::move(E)), "");
  std::vector<std::string> Names = listDir(Dir);
  std::vector<std::string> Entries = overviewEntries(R);
  EXPECT_EQ(Names.size(), 2 * (R.Findings.size() + Entries.size()));
  for (size_t I = 0; I < R.Findings.size(); ++I) {
    std::string Stem = findingGraphStem(I, R.Findings[I]);
    EXPECT_TRUE(std::count(Names.begin(), Names.end(), Stem + ".dot")) << Stem;
    EXPECT_TRUE(std::count(Names.begin(), Names.end(), Stem + ".svg")) << Stem;
  }
  for (const std::string &E : Entries)
    EXPECT_TRUE(
        std::count(Names.begin(), Names.end(), entryGraphStem(E) + ".svg"))
        << E;
  // Nothing was created next to the directory or above it.
  EXPECT_EQ(listDir(Tmp.sub("graphs")), std::vector<std::string>{"nested"});
  EXPECT_EQ(listDir(Tmp.str()), std::vector<std::string>{"graphs"});
}

TEST(GraphWriter, UnwritableDirectoryIsAnErrorNamingIt) {
  TempDir Tmp;
  std::string File = Tmp.sub("file");
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(File, EC);
  }
  llvm::Error E = writeGraphs(syntheticReport(), File + "/sub");
  ASSERT_TRUE(static_cast<bool>(E));
  EXPECT_NE(llvm::toString(std::move(E)).find(File), std::string::npos);
}

//===-- HTML --------------------------------------------------------------===//

TEST(HtmlWriter, EscapesEverythingFromTheReport) {
  std::string Page = html(syntheticReport());
  EXPECT_EQ(Page.find("<script"), std::string::npos);
  EXPECT_EQ(Page.find("<evil>"), std::string::npos);
  EXPECT_EQ(Page.find("<b>not bold"), std::string::npos);
  EXPECT_EQ(Page.find("<img"), std::string::npos);
  EXPECT_NE(Page.find("call to &#39;&lt;script&gt;alert(&quot;x&quot;)&lt;/"
                      "script&gt;&#39; &amp; friends"),
            std::string::npos);
  EXPECT_NE(Page.find("quote &#39; and &quot; and &amp;amp;"),
            std::string::npos);
  EXPECT_NE(Page.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(Page.find("synthetic report &lt;for tests&gt; &amp; checks"),
            std::string::npos);
  // Self-contained: no external resources, no scripts.
  EXPECT_EQ(Page.find("http://"), std::string::npos);
  EXPECT_EQ(Page.find("https://"), std::string::npos);
  EXPECT_EQ(Page.find("<link"), std::string::npos);
  EXPECT_EQ(Page, html(syntheticReport()));
}

TEST(HtmlWriter, ShowsSummaryChainFramesAndFacts) {
  std::string Page = html(syntheticReport());
  // Counts: 3 errors + 1 warning; noinstr-call has one of each.
  EXPECT_NE(Page.find("<tr><td><code>noinstr-call</code></td><td>call from "
                      "noinstr code to instrumentable code</td><td "
                      "class=\"n\">1</td><td class=\"n\">1</td><td "
                      "class=\"n\">0</td><td class=\"n\">2</td></tr>"),
            std::string::npos)
      << Page;
  EXPECT_NE(Page.find("<td class=\"n\">4</td></tr>"), std::string::npos);
  // The chain in order, with states.
  size_t A = Page.find("<li><code>exc_demo</code><span class=\"state\">RAW");
  size_t B = Page.find("<li><code>irqentry_helper</code><span "
                       "class=\"state\">ESTABLISHED");
  ASSERT_NE(A, std::string::npos);
  ASSERT_NE(B, std::string::npos);
  EXPECT_LT(A, B);
  EXPECT_NE(Page.find("<code class=\"src\">include/linux/trace.h:12:3</code>"),
            std::string::npos);
  EXPECT_NE(Page.find("Inlined frames"), std::string::npos);
  EXPECT_NE(Page.find("<code class=\"src\">kernel/entry/demo.c:40:5</code>"),
            std::string::npos);
  EXPECT_NE(Page.find("use the raw_ variant"), std::string::npos);
  EXPECT_NE(Page.find("traced-helper"), std::string::npos);
  EXPECT_NE(Page.find("id=\"finding-4\""), std::string::npos);
}

TEST(HtmlWriter, InlinesDiagramsWithoutProlog) {
  if (!haveDot())
    GTEST_SKIP() << "Graphviz dot not installed";
  TempDir Tmp;
  Report R = syntheticReport();
  ASSERT_EQ(errorText(writeGraphs(R, Tmp.str())), "");
  std::string Page = html(R, Tmp.str());
  size_t Svgs = 0;
  for (size_t Pos = 0; (Pos = Page.find("<svg", Pos)) != std::string::npos;
       ++Pos)
    ++Svgs;
  EXPECT_EQ(Svgs, R.Findings.size() + overviewEntries(R).size());
  EXPECT_EQ(Page.find("<?xml"), std::string::npos);
  EXPECT_EQ(Page.find("<!DOCTYPE svg"), std::string::npos);
  EXPECT_EQ(Page.find("<script"), std::string::npos);
  EXPECT_EQ(Page.find("<evil>"), std::string::npos);
}

TEST(HtmlWriter, MissingDiagramIsAnErrorNamingIt) {
  TempDir Tmp;
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  llvm::Error E = writeHtml(syntheticReport(), Tmp.str(), OS);
  ASSERT_TRUE(static_cast<bool>(E));
  std::string First =
      entryGraphStem(overviewEntries(syntheticReport()).front()) + ".svg";
  EXPECT_NE(llvm::toString(std::move(E)).find(Tmp.sub(First)),
            std::string::npos);
}

} // namespace
