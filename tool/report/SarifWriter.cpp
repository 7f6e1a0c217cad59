//===- SarifWriter.cpp - the report as SARIF 2.1.0 ------------------------===//
//
// Mapping of the report model onto SARIF (OASIS SARIF 2.1.0, errata 01):
//
//   rule catalog          -> run.tool.driver.rules (every rule, catalog order,
//                            so ruleIndex is stable across runs)
//   Finding               -> result
//   Finding.Site          -> result.locations[0]: the innermost source frame
//                            as artifactLocation + region when DWARF had one,
//                            and the binary address ("sym+0xoff") when the
//                            finding has one (source findings do not)
//   Site.Source[1..]      -> result.relatedLocations (where each inlined
//                            function was inlined)
//   Finding.Chain         -> result.codeFlows[0].threadFlows[0], entry point
//                            first, ending at the site
//   Finding.CauseSite,    -> result.relatedLocations after the inlined
//   Finding.SameCause        frames: where the cause is, the other calls
//   Finding.Fingerprint   -> result.partialFingerprints["noinstrCheck/v1"]
//
// Source paths come from DWARF as the compiler saw them. Relative ones are
// relative to the kernel source tree, which this tool does not know, so they
// are given against the uriBaseId SRCROOT and a viewer maps SRCROOT to its
// checkout. Paths are percent-encoded so that any byte sequence stays a valid
// URI reference (a ':' in a relative path would otherwise read as a scheme).
//
// Output must be byte-identical for identical reports: ordered_json keeps
// insertion order, and invalid UTF-8 in symbol names is replaced rather than
// thrown on (nlohmann's default), so a hostile object cannot abort a run.
//
//===----------------------------------------------------------------------===//
#include "noinstr/report/SarifWriter.h"

#include "noinstr/support/Version.h"

#include "noinstr/model/RuleCatalog.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"

#include <nlohmann/json.hpp>

#include <optional>

using namespace llvm;
using json = nlohmann::ordered_json;

namespace noinstr {

static constexpr const char *SchemaUri =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
    "sarif-schema-2.1.0.json";
static constexpr const char *FingerprintKey = "noinstrCheck/v1";
static constexpr const char *SourceRootId = "SRCROOT";

/// "noinstr-call" -> "NoinstrCall": SARIF's reportingDescriptor.name is meant
/// to be readable and stable; deriving it from the id keeps both properties.
static std::string ruleName(StringRef Id) {
  std::string Name;
  bool Upper = true;
  for (char C : Id) {
    if (C == '-' || C == '_') {
      Upper = true;
      continue;
    }
    Name += Upper ? toUpper(C) : C;
    Upper = false;
  }
  return Name;
}

/// Percent-encodes everything but RFC 3986 unreserved characters and '/'.
static std::string encodePath(StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (isAlnum(C) || C == '-' || C == '.' || C == '_' || C == '~' ||
        C == '/') {
      Out += C;
      continue;
    }
    Out += '%';
    Out += hexdigit(C >> 4, /*LowerCase=*/false);
    Out += hexdigit(C & 15, /*LowerCase=*/false);
  }
  return Out;
}

static json artifactLocation(StringRef File) {
  json A;
  if (File.starts_with("/")) {
    A["uri"] = "file://" + encodePath(File);
  } else {
    A["uri"] = encodePath(File);
    A["uriBaseId"] = SourceRootId;
  }
  return A;
}

/// The source part of a physicalLocation; nothing when the frame has no
/// file. SARIF regions need startLine >= 1, so line 0 ("no line") drops the
/// region but keeps the file.
static void addSource(json &Physical, const SourceLocation &S) {
  if (S.File.empty())
    return;
  Physical["artifactLocation"] = artifactLocation(S.File);
  if (S.Line == 0)
    return;
  json Region;
  Region["startLine"] = S.Line;
  if (S.Column)
    Region["startColumn"] = S.Column;
  Physical["region"] = std::move(Region);
}

/// A SARIF location for an instruction: source frame (innermost) when known,
/// the address always, and the enclosing function as a logical location.
static json location(const CodeLocation &L, StringRef Function,
                     std::optional<std::string> Message = std::nullopt) {
  json Physical = json::object();
  if (!L.Source.empty())
    addSource(Physical, L.Source.front());
  if (L.hasAddress()) {
    json Address;
    Address["relativeAddress"] = L.SectionOffset;
    if (!L.Symbol.empty())
      Address["offsetFromParent"] = L.SymbolOffset;
    Address["fullyQualifiedName"] = L.str();
    Address["kind"] = L.Symbol.empty() ? "section" : "function";
    Physical["address"] = std::move(Address);
    Physical["properties"] = {{"object", L.Object}, {"section", L.Section}};
  }

  json Loc;
  Loc["physicalLocation"] = std::move(Physical);
  std::string Logical = Function.empty() ? L.Symbol : Function.str();
  if (!Logical.empty())
    Loc["logicalLocations"] =
        json::array({{{"name", Logical}, {"kind", "function"}}});
  if (Message)
    Loc["message"] = {{"text", *Message}};
  return Loc;
}

// Built with Twine: gcc 12 warns falsely (-Wrestrict) on "'" + std::string.
static std::string quoteName(StringRef Name) {
  return (Twine("'") + Name + "'").str();
}

/// The chain as one thread flow: each hop is the call it makes, the last hop
/// the site itself. Hop states become threadFlowLocation.state so viewers
/// can show what was established at each step.
static json codeFlow(const Finding &F) {
  json Locations = json::array();
  for (size_t I = 0; I < F.Chain.size(); ++I) {
    const ChainHop &Hop = F.Chain[I];
    bool Last = I + 1 == F.Chain.size();
    std::string Text;
    if (!Last)
      Text = "call from " + quoteName(Hop.Function) + " to " +
             quoteName(F.Chain[I + 1].Function);
    else
      Text = "in " + quoteName(Hop.Function) + ": " + F.Message;
    if (!Hop.State.empty())
      Text += " [state " + Hop.State.chainText() + "]";
    json TFL;
    TFL["location"] = location(Hop.Site, Hop.Function, Text);
    if (!Last)
      TFL["kinds"] = json::array({"call"});
    if (!Hop.State.empty())
      TFL["state"] = {{"entryState", {{"text", Hop.State.chainText()}}}};
    TFL["nestingLevel"] = I;
    TFL["executionOrder"] = I + 1;
    Locations.push_back(std::move(TFL));
  }
  // A chain that stops at the function's entry (not at the instruction)
  // still has to end at the site the result is about.
  const CodeLocation &End = F.Chain.back().Site;
  if (End.Section != F.Site.Section ||
      End.SectionOffset != F.Site.SectionOffset ||
      End.Object != F.Site.Object) {
    json TFL;
    TFL["location"] = location(
        F.Site, F.Function, "in " + quoteName(F.Function) + ": " + F.Message);
    TFL["nestingLevel"] = F.Chain.size();
    TFL["executionOrder"] = F.Chain.size() + 1;
    Locations.push_back(std::move(TFL));
  }
  json Thread;
  Thread["locations"] = std::move(Locations);
  json Flow;
  Flow["message"] = {{"text", "call chain from entry point " +
                                  quoteName(F.Chain.front().Function)}};
  Flow["threadFlows"] = json::array({std::move(Thread)});
  return Flow;
}

/// Source[1..]: the call sites into which Source[I-1].Function was inlined.
static json inlinedFrames(const Finding &F) {
  json Related = json::array();
  const std::vector<SourceLocation> &Frames = F.Site.Source;
  for (size_t I = 1; I < Frames.size(); ++I) {
    json Physical = json::object();
    addSource(Physical, Frames[I]);
    if (Physical.empty())
      continue; // nothing a viewer could point at
    json Loc;
    Loc["id"] = I;
    Loc["physicalLocation"] = std::move(Physical);
    if (!Frames[I].Function.empty())
      Loc["logicalLocations"] =
          json::array({{{"name", Frames[I].Function}, {"kind", "function"}}});
    std::string Inner = Frames[I - 1].Function.empty()
                            ? "code"
                            : quoteName(Frames[I - 1].Function);
    std::string Outer = Frames[I].Function.empty()
                            ? "its caller"
                            : quoteName(Frames[I].Function);
    Loc["message"] = {{"text", Inner + " inlined into " + Outer + " here"}};
    Related.push_back(std::move(Loc));
  }
  return Related;
}

/// Finding fields SARIF has no slot for, kept as result properties so that
/// nothing the JSON format carries is lost.
static json resultProperties(const Finding &F) {
  json P;
  P["function"] = F.Function;
  P["callee"] = F.Callee;
  if (!F.Notes.empty())
    P["notes"] = F.Notes;
  if (!F.EntryPoints.empty())
    P["entryPoints"] = F.EntryPoints;
  if (!F.Classification.empty())
    P["classification"] = F.Classification;
  if (!F.Hint.empty())
    P["hint"] = F.Hint;
  if (F.New)
    P["new"] = true;
  json Reports = nullptr; // unknown for a source finding (no machine code)
  if (F.Site.hasAddress())
    Reports = F.ObjtoolReports;
  P["objtool"] = {{"reports", Reports}, {"message", F.ObjtoolMessage}};
  if (!F.Cause.empty())
    P["cause"] = F.Cause;
  return P;
}

void writeSarif(const Report &R, raw_ostream &OS) {
  ArrayRef<RuleInfo> Catalog = ruleCatalog();
  json Rules = json::array();
  for (const RuleInfo &Info : Catalog) {
    json Rule;
    Rule["id"] = Info.Id.str();
    Rule["name"] = ruleName(Info.Id);
    Rule["shortDescription"] = {{"text", Info.Title.str()}};
    std::string Help = R.ruleHelp(Info.Rule).str();
    Rule["fullDescription"] = {{"text", Help}};
    Rule["help"] = {{"text", Help}};
    Rule["defaultConfiguration"] = {{"level", severityName(Info.Level).str()}};
    Rules.push_back(std::move(Rule));
  }

  json Results = json::array();
  for (const Finding &F : R.Findings) {
    json Result;
    Result["ruleId"] = F.Rule.str();
    Result["ruleIndex"] = F.Rule.value();
    Result["level"] = severityName(F.Level).str();
    Result["message"] = {{"text", F.Message}};
    Result["locations"] = json::array({location(F.Site, F.Function)});
    if (!F.Fingerprint.empty())
      Result["partialFingerprints"] = {{FingerprintKey, F.Fingerprint}};
    if (!F.Chain.empty())
      Result["codeFlows"] = json::array({codeFlow(F)});
    json Related = inlinedFrames(F);
    // One cause, several calls: the cause and every other call, each a
    // location a viewer can jump to.
    size_t Id = F.Site.Source.size();
    if (!F.Cause.empty()) {
      json Cause = location(F.CauseSite, "",
                            F.Cause == "region-end"
                                ? std::string("the region ends here")
                                : quoteName(F.CauseSite.Symbol) +
                                      " is inlined here");
      Cause["id"] = Id++;
      Related.push_back(std::move(Cause));
    }
    for (const Finding &Same : F.SameCause) {
      json Loc = location(Same.Site, Same.Function,
                          "also " + (Same.Callee.empty()
                                         ? std::string("here")
                                         : quoteName(Same.Callee)));
      Loc["id"] = Id++;
      Related.push_back(std::move(Loc));
    }
    if (!Related.empty())
      Result["relatedLocations"] = std::move(Related);
    Result["properties"] = resultProperties(F);
    Results.push_back(std::move(Result));
  }

  json Artifacts = json::array();
  for (const std::string &Input : R.Inputs) {
    json A;
    A["location"] = Input.starts_with("/")
                        ? json{{"uri", "file://" + encodePath(Input)}}
                        : json{{"uri", encodePath(Input)}};
    A["roles"] = json::array({"analysisTarget"});
    Artifacts.push_back(std::move(A));
  }

  json Driver;
  Driver["name"] = "noinstr-check";
  Driver["version"] = NOINSTR_VERSION;
  Driver["semanticVersion"] = NOINSTR_VERSION;
  Driver["rules"] = std::move(Rules);
  json Run;
  Run["tool"] = {{"driver", std::move(Driver)}};
  Run["artifacts"] = std::move(Artifacts);
  Run["results"] = std::move(Results);
  if (!R.Remarks.empty())
    Run["properties"] = {{"remarks", R.Remarks}};

  json Log;
  Log["$schema"] = SchemaUri;
  Log["version"] = "2.1.0";
  Log["runs"] = json::array({std::move(Run)});
  OS << Log.dump(2, ' ', /*ensure_ascii=*/false, json::error_handler_t::replace)
     << "\n";
}

} // namespace noinstr
