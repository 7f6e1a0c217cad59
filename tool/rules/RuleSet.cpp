//===- RuleSet.cpp - loading and merging rules files ----------------------===//
//
// Each file is parsed and checked against the shape below before it is
// merged, so a typo in a key or a wrong type is reported with the file and
// the key path; a key the analyzer does not know is an error, not silently
// ignored. Only "why" keys (documentation) may appear anywhere.
//
//===----------------------------------------------------------------------===//
#include "noinstr/rules/RuleSet.h"

#include "noinstr/support/InputError.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <nlohmann/json.hpp>

#include <algorithm>

using json = nlohmann::json;
using namespace llvm;

namespace noinstr {
namespace {

/// The accepted shape of a rules file. A string leaf names the type of the
/// value; a one-element array means "list of".
const json &rulesShape() {
  static const json Matcher = {
      {"names", {"string"}}, {"prefixes", {"string"}}, {"patterns", {"regex"}}};
  static const json EntryPoint = {
      {"kind", "string"},      {"initial", "state"},
      {"names", {"string"}},   {"prefixes", {"string"}},
      {"patterns", {"regex"}}, {"sections", {"string"}}};
  static const json Transition = {{"calls", Matcher}, {"inlined", Matcher}};
  static const json FindingClass = {
      {"class", "string"}, {"callees", Matcher}, {"hint", "string"}};
  static const json Table = {{"section", "string"},
                             {"replacement_section", "string"},
                             {"entry_size", "uint"},
                             {"orig", "uint"},
                             {"replacement", "uint"},
                             {"feature", "uint"},
                             {"orig_len", "uint"},
                             {"replacement_len", "uint"},
                             {"code", "uint"},
                             {"target", "uint"},
                             {"insn", "uint"},
                             {"fixup", "uint"},
                             {"skip_original_features", {"uint"}},
                             {"skip_replacement_features", {"uint"}}};
  static const json Shape = {
      {"schema", "string"},
      {"match",
       {{"arch", "string"},
        {"kernel", {{"min", "string"}, {"max", "string"}}}}},
      {"sections", {{"checked", Matcher}, {"noinstr", Matcher}}},
      {"allowed_callees", Matcher},
      {"profiling_hooks", Matcher},
      {"return_thunks", Matcher},
      {"indirect_thunks", Matcher},
      {"noreturn", Matcher},
      {"jump_tables", {{"sections", Matcher}}},
      {"pv_ops",
       {{"call_table", "string"},
        {"tables", {"string"}},
        {"init_sections", {"string"}},
        {"ignored_targets", {"string"}}}},
      {"annotations",
       {{"region_markers", "bool"},
        {"instr_begin_sections", {"string"}},
        {"instr_end_sections", {"string"}},
        {"reachable_sections", {"string"}},
        {"annotate_insn_section", "string"},
        {"annotate_types",
         {{"instr_begin", "uint"},
          {"instr_end", "uint"},
          {"reachable", "uint"}}},
        {"stack_frame_non_standard_section", "string"},
        {"intra_function_calls_section", "string"},
        {"unwind_hints", {{"section", "string"}, {"entry_size", "uint"}}}}},
      {"tables",
       {{"alternatives", Table},
        {"jump_labels", Table},
        {"exceptions", Table}}},
      {"entry",
       {{"entry_points", {EntryPoint}},
        {"not_entry_points", Matcher},
        {"establishers", Transition},
        {"teardowns", Transition},
        {"hooks", Matcher},
        {"trusted_bodies", Matcher},
        {"regions_allowed", Matcher},
        {"nesting", Matcher},
        {"tracing", Matcher}}},
      {"source",
       {{"region_markers", {{"begin", {"string"}}, {"end", {"string"}}}},
        {"noinstr_functions", Matcher},
        {"prescan", {{"tokens", {"string"}}}},
        {"drop_flags",
         {{{"names", {"string"}},
           {"prefixes", {"string"}},
           {"patterns", {"regex"}},
           {"with_value", {"string"}}}}},
        {"add_flags", {{{"flags", {"string"}}}}}}},
      {"explain", {{"classes", {FindingClass}}}},
      {"cpu_features", {{{"bit", "uint"}, {"name", "string"}}}},
      {"waivers",
       {{{"function", "string"},
         {"callee", "string"},
         {"rule", "string"},
         {"reason", "string"}}}}};
  return Shape;
}

Error checkShape(StringRef File, const json &Value, const json &Shape,
                 const std::string &Path) {
  auto Bad = [&](const Twine &What) {
    return inputError(File, "rules key '" + Path + "' " + What);
  };
  if (Shape.is_string()) {
    const std::string &Type = Shape.get_ref<const std::string &>();
    if (Type == "string" && !Value.is_string())
      return Bad("must be a string");
    if (Type == "uint" && !Value.is_number_unsigned())
      return Bad("must be a non-negative integer");
    if (Type == "bool" && !Value.is_boolean())
      return Bad("must be true or false");
    if (Type == "regex" || Type == "state") {
      if (!Value.is_string())
        return Bad("must be a string");
      std::string Text = Value.get<std::string>();
      if (Type == "state" && !parseEntryState(Text))
        return Bad("must be RAW, ESTABLISHED or TORN_DOWN, not '" + Text + "'");
      std::string Why;
      if (Type == "regex" && !llvm::Regex(Text).isValid(Why))
        return Bad("is not a valid regular expression: " + Why);
    }
    return Error::success();
  }
  if (Shape.is_array()) {
    if (!Value.is_array())
      return Bad("must be a list");
    for (size_t I = 0; I < Value.size(); ++I)
      if (Error E = checkShape(File, Value[I], Shape[0],
                               Path + "[" + std::to_string(I) + "]"))
        return E;
    return Error::success();
  }
  if (!Value.is_object())
    return Bad("must be an object");
  for (auto It = Value.begin(); It != Value.end(); ++It) {
    std::string Key = Path.empty() ? It.key() : Path + "." + It.key();
    if (It.key() == "why") {
      if (!It->is_string())
        return inputError(File, "rules key '" + Key + "' must be a string");
      continue;
    }
    if (!Shape.contains(It.key()))
      return inputError(File, "unknown rules key '" + Key + "'");
    if (Error E = checkShape(File, *It, Shape[It.key()], Key))
      return E;
  }
  return Error::success();
}

/// Merges \p From into \p Into: objects key by key, lists appended (without
/// repeating an element), scalars replaced.
void mergeInto(json &Into, const json &From) {
  for (auto It = From.begin(); It != From.end(); ++It) {
    if (It.key() == "why" || It.key() == "match" || It.key() == "schema")
      continue;
    json &Slot = Into[It.key()];
    if (It->is_object() && (Slot.is_object() || Slot.is_null())) {
      if (Slot.is_null())
        Slot = json::object();
      mergeInto(Slot, *It);
    } else if (It->is_array() && Slot.is_array()) {
      for (const json &Element : *It)
        if (std::find(Slot.begin(), Slot.end(), Element) == Slot.end())
          Slot.push_back(Element);
    } else {
      Slot = *It;
    }
  }
}

Expected<json> readRulesFile(StringRef File) {
  auto BufOrErr = MemoryBuffer::getFile(File, /*IsText=*/true);
  if (!BufOrErr)
    return inputError(File, BufOrErr.getError().message());
  json Doc = json::parse((*BufOrErr)->getBuffer().begin(),
                         (*BufOrErr)->getBuffer().end(), nullptr,
                         /*allow_exceptions=*/false);
  if (Doc.is_discarded()) {
    // Parse again with exceptions to get the position of the error.
    try {
      json Reparsed = json::parse((*BufOrErr)->getBuffer().begin(),
                                  (*BufOrErr)->getBuffer().end());
      (void)Reparsed;
    } catch (const json::parse_error &E) {
      std::string What = E.what();
      // nlohmann prefixes "[json.exception.parse_error.101] parse error at ".
      size_t Pos = What.find("parse error");
      return inputError(
          File,
          "bad JSON: " + (Pos == std::string::npos ? What : What.substr(Pos)));
    }
    return inputError(File, "bad JSON");
  }
  if (!Doc.is_object())
    return inputError(File, "a rules file must hold one JSON object");
  if (!Doc.contains("schema") || Doc["schema"] != "noinstr-check-rules/1")
    return inputError(File, "not a rules file: \"schema\" must be "
                            "\"noinstr-check-rules/1\"");
  if (Error E = checkShape(File, Doc, rulesShape(), ""))
    return E;
  // A waiver says why; and it remembers where it came from, so a stale one
  // can be pointed at.
  if (Doc.contains("waivers"))
    for (size_t I = 0; I < Doc["waivers"].size(); ++I) {
      json &W = Doc["waivers"][I];
      if (!W.contains("reason") || W["reason"].get<std::string>().empty())
        return inputError(File, "rules key 'waivers[" + std::to_string(I) +
                                    "]' has no reason: every waiver must say "
                                    "why the finding is accepted");
      if (!W.contains("function"))
        return inputError(File, "rules key 'waivers[" + std::to_string(I) +
                                    "]' names no function");
      W["file"] = File.str();
    }
  return Doc;
}

Expected<bool> fileApplies(StringRef File, const json &Doc,
                           const std::string &Arch,
                           std::optional<KernelVersion> Version) {
  if (!Doc.contains("match"))
    return true;
  const json &Match = Doc["match"];
  if (Match.contains("arch") && Match["arch"] != Arch)
    return false;
  if (!Match.contains("kernel"))
    return true;
  if (!Version)
    return false;
  for (const char *Bound : {"min", "max"}) {
    if (!Match["kernel"].contains(Bound))
      continue;
    std::string Text = Match["kernel"][Bound];
    auto Limit = KernelVersion::parse(Text);
    if (!Limit)
      return inputError(File, "rules key 'match.kernel." + Twine(Bound) +
                                  "' is not a version: '" + Text + "'");
    if (StringRef(Bound) == "min" ? *Version < *Limit : *Version > *Limit)
      return false;
  }
  return true;
}

NameMatcher matcherOf(const json &Node) {
  NameMatcher M;
  if (Node.contains("names"))
    M.Names = Node["names"].get<std::vector<std::string>>();
  if (Node.contains("prefixes"))
    M.Prefixes = Node["prefixes"].get<std::vector<std::string>>();
  if (Node.contains("patterns"))
    for (const std::string &P :
         Node["patterns"].get<std::vector<std::string>>())
      M.Patterns.push_back(std::make_shared<const llvm::Regex>(P));
  return M;
}

NameMatcher matcherAt(const json &Doc, const json::json_pointer &Ptr) {
  return Doc.contains(Ptr) ? matcherOf(Doc[Ptr]) : NameMatcher();
}

EntryRules entryRulesOf(const json &Doc) {
  EntryRules E;
  if (!Doc.contains("entry"))
    return E;
  const json &Entry = Doc["entry"];
  if (Entry.contains("entry_points"))
    for (const json &Point : Entry["entry_points"]) {
      EntryPointRule R;
      R.Kind = Point.value("kind", "");
      R.Initial = parseEntryState(Point.value("initial", "RAW"))
                      .value_or(EntryState::Raw);
      R.Functions = matcherOf(Point);
      if (Point.contains("sections"))
        R.Sections = Point["sections"].get<std::vector<std::string>>();
      E.EntryPoints.push_back(std::move(R));
    }
  json::json_pointer P("/entry");
  E.Establishers = matcherAt(Doc, P / "establishers" / "calls");
  E.InlinedEstablishers = matcherAt(Doc, P / "establishers" / "inlined");
  E.Teardowns = matcherAt(Doc, P / "teardowns" / "calls");
  E.InlinedTeardowns = matcherAt(Doc, P / "teardowns" / "inlined");
  E.Hooks = matcherAt(Doc, P / "hooks");
  E.NotEntryPoints = matcherAt(Doc, P / "not_entry_points");
  E.TrustedBodies = matcherAt(Doc, P / "trusted_bodies");
  E.RegionsAllowed = matcherAt(Doc, P / "regions_allowed");
  E.Nesting = matcherAt(Doc, P / "nesting");
  E.Tracing = matcherAt(Doc, P / "tracing");
  return E;
}

/// The "source" object: only the source analyzer reads it, so every key
/// is optional.
SourceRules sourceRulesOf(const json &Doc) {
  auto Strings = [&](const char *Ptr) {
    json::json_pointer P(Ptr);
    return Doc.contains(P) ? Doc[P].get<std::vector<std::string>>()
                           : std::vector<std::string>();
  };
  auto Append = [](std::vector<std::string> &To, const json &Group,
                   const char *Key) {
    if (Group.contains(Key))
      for (const json &V : Group[Key])
        To.push_back(V.get<std::string>());
  };
  SourceRules S;
  S.RegionBegin = Strings("/source/region_markers/begin");
  S.RegionEnd = Strings("/source/region_markers/end");
  S.NoinstrFunctions =
      matcherAt(Doc, json::json_pointer("/source/noinstr_functions"));
  S.PrescanTokens = Strings("/source/prescan/tokens");
  // Flags come in groups, each with its own "why"; the analysis needs only
  // their union.
  json::json_pointer Drop("/source/drop_flags"), Add("/source/add_flags");
  if (Doc.contains(Drop))
    for (const json &Group : Doc[Drop]) {
      NameMatcher M = matcherOf(Group);
      S.DropFlags.Names.insert(S.DropFlags.Names.end(), M.Names.begin(),
                               M.Names.end());
      S.DropFlags.Prefixes.insert(S.DropFlags.Prefixes.end(),
                                  M.Prefixes.begin(), M.Prefixes.end());
      S.DropFlags.Patterns.insert(S.DropFlags.Patterns.end(),
                                  M.Patterns.begin(), M.Patterns.end());
      Append(S.DropFlagsWithValue, Group, "with_value");
    }
  if (Doc.contains(Add))
    for (const json &Group : Doc[Add])
      Append(S.AddFlags, Group, "flags");
  return S;
}

/// Reads the merged document into a RuleSet; every value the analysis uses
/// must be present.
Expected<RuleSet> extract(const json &Doc, StringRef Origin) {
  std::string Missing;
  auto Need = [&](const char *Ptr) -> const json & {
    static const json Null;
    json::json_pointer P(Ptr);
    if (!Doc.contains(P)) {
      if (Missing.empty())
        Missing = std::string(Ptr + 1);
      return Null;
    }
    return Doc[P];
  };
  auto Str = [&](const char *Ptr) {
    const json &V = Need(Ptr);
    return V.is_string() ? V.get<std::string>() : std::string();
  };
  auto Strs = [&](const char *Ptr) {
    const json &V = Need(Ptr);
    return V.is_array() ? V.get<std::vector<std::string>>()
                        : std::vector<std::string>();
  };
  auto Uint = [&](const char *Ptr) {
    const json &V = Need(Ptr);
    return V.is_number_unsigned() ? V.get<uint32_t>() : 0u;
  };
  auto Table = [&](const char *Ptr,
                   std::initializer_list<const char *> Fields) {
    TableLayout T;
    std::string Base(Ptr);
    T.Section = Str((Base + "/section").c_str());
    T.EntrySize = Uint((Base + "/entry_size").c_str());
    for (const char *F : Fields)
      T.Fields[F] = Uint((Base + "/" + F).c_str());
    return T;
  };

  RuleSet R;
  R.CheckedSections = matcherAt(Doc, json::json_pointer("/sections/checked"));
  R.NoinstrSections = matcherAt(Doc, json::json_pointer("/sections/noinstr"));
  R.AllowedCallees = matcherAt(Doc, json::json_pointer("/allowed_callees"));
  R.ProfilingHooks = matcherAt(Doc, json::json_pointer("/profiling_hooks"));
  R.ReturnThunks = matcherAt(Doc, json::json_pointer("/return_thunks"));
  R.IndirectThunks = matcherAt(Doc, json::json_pointer("/indirect_thunks"));
  R.Noreturn = matcherAt(Doc, json::json_pointer("/noreturn"));
  R.JumpTableSections =
      matcherAt(Doc, json::json_pointer("/jump_tables/sections"));
  R.Entry = entryRulesOf(Doc);
  R.Source = sourceRulesOf(Doc);
  if (Doc.contains("waivers"))
    for (const json &W : Doc["waivers"])
      R.Waivers.push_back({W.value("function", ""), W.value("callee", ""),
                           W.value("rule", ""), W.value("reason", ""),
                           W.value("file", "")});
  if (Doc.contains(json::json_pointer("/explain/classes")))
    for (const json &C : Doc[json::json_pointer("/explain/classes")])
      R.Explain.Classes.push_back(
          {C.value("class", ""),
           C.contains("callees") ? matcherOf(C["callees"]) : NameMatcher(),
           C.value("hint", "")});
  if (Doc.contains("cpu_features"))
    for (const json &F : Doc["cpu_features"])
      R.CpuFeatures[F.value("bit", 0u)] = F.value("name", "");
  if (R.CheckedSections.empty())
    Missing = "sections.checked";

  R.PvOps.CallTable = Str("/pv_ops/call_table");
  R.PvOps.Tables = Strs("/pv_ops/tables");
  R.PvOps.InitSections = Strs("/pv_ops/init_sections");
  R.PvOps.IgnoredTargets.Names = Strs("/pv_ops/ignored_targets");

  auto &A = R.Annotations;
  if (json::json_pointer Markers("/annotations/region_markers");
      Doc.contains(Markers))
    A.RegionMarkers = Doc[Markers].get<bool>();
  A.BeginSections = Strs("/annotations/instr_begin_sections");
  A.EndSections = Strs("/annotations/instr_end_sections");
  A.ReachableSections = Strs("/annotations/reachable_sections");
  A.AnnotateSection = Str("/annotations/annotate_insn_section");
  A.BeginType = Uint("/annotations/annotate_types/instr_begin");
  A.EndType = Uint("/annotations/annotate_types/instr_end");
  A.ReachableType = Uint("/annotations/annotate_types/reachable");
  A.NonStandardSection = Str("/annotations/stack_frame_non_standard_section");
  A.IntraFunctionCallSection = Str("/annotations/intra_function_calls_section");
  A.UnwindHints = Table("/annotations/unwind_hints", {});

  R.Alternatives =
      Table("/tables/alternatives",
            {"orig", "replacement", "feature", "orig_len", "replacement_len"});
  R.ReplacementSection = Str("/tables/alternatives/replacement_section");
  auto OptionalUints = [&](const char *Ptr) {
    json::json_pointer P(Ptr);
    return Doc.contains(P) ? Doc[P].get<std::vector<uint32_t>>()
                           : std::vector<uint32_t>();
  };
  R.SkipOriginalFeatures =
      OptionalUints("/tables/alternatives/skip_original_features");
  R.SkipReplacementFeatures =
      OptionalUints("/tables/alternatives/skip_replacement_features");
  R.JumpLabels = Table("/tables/jump_labels", {"code", "target"});
  R.Exceptions = Table("/tables/exceptions", {"insn", "fixup"});

  if (!Missing.empty()) {
    std::replace(Missing.begin(), Missing.end(), '/', '.');
    return inputError(Origin, "rules lack the key '" + Missing + "'");
  }
  for (const TableLayout *T :
       {&R.Alternatives, &R.JumpLabels, &R.Exceptions, &A.UnwindHints})
    if (T->EntrySize == 0)
      return inputError(Origin, "rules give table '" + T->Section +
                                    "' an entry size of 0");
  return R;
}

/// The rules files of \p RulesDir, in merge (file-name) order.
Expected<std::vector<std::string>> rulesFilesIn(const std::string &RulesDir) {
  std::vector<std::string> Files;
  std::error_code EC;
  for (sys::fs::directory_iterator It(RulesDir, EC), End; It != End && !EC;
       It.increment(EC))
    if (sys::path::extension(It->path()) == ".json")
      Files.push_back(It->path());
  if (EC)
    return inputError(RulesDir, "cannot read rules directory: " + EC.message());
  std::sort(Files.begin(), Files.end());
  return Files;
}

} // namespace

std::string RuleSet::cpuFeatureName(uint32_t Bit) const {
  auto It = CpuFeatures.find(Bit);
  return It != CpuFeatures.end() ? It->second
                                 : "CPU feature " + std::to_string(Bit);
}

Expected<std::vector<RulesFileMatch>>
listRulesFiles(const std::string &RulesDir) {
  auto FilesOrErr = rulesFilesIn(RulesDir);
  if (!FilesOrErr)
    return FilesOrErr.takeError();
  std::vector<RulesFileMatch> Matches;
  for (const std::string &File : *FilesOrErr) {
    auto DocOrErr = readRulesFile(File);
    if (!DocOrErr)
      return DocOrErr.takeError();
    RulesFileMatch M;
    M.File = sys::path::filename(File).str();
    json::json_pointer Match("/match");
    if (DocOrErr->contains(Match)) {
      const json &J = (*DocOrErr)[Match];
      M.Arch = J.value("arch", "");
      if (J.contains("kernel")) {
        M.MinKernel = J["kernel"].value("min", "");
        M.MaxKernel = J["kernel"].value("max", "");
      }
    }
    Matches.push_back(std::move(M));
  }
  return Matches;
}

Expected<RuleSet> loadRuleSet(const std::string &RulesDir,
                              const std::string &Arch,
                              std::optional<KernelVersion> Version,
                              const std::vector<std::string> &ExtraFiles) {
  auto DirFilesOrErr = rulesFilesIn(RulesDir);
  if (!DirFilesOrErr)
    return DirFilesOrErr.takeError();
  const std::vector<std::string> &DirFiles = *DirFilesOrErr;

  json Merged = json::object();
  std::vector<std::string> Used;
  bool HasArchRules = false;
  for (const std::string &File : DirFiles) {
    auto DocOrErr = readRulesFile(File);
    if (!DocOrErr)
      return DocOrErr.takeError();
    auto Applies = fileApplies(File, *DocOrErr, Arch, Version);
    if (!Applies)
      return Applies.takeError();
    if (!*Applies)
      continue;
    mergeInto(Merged, *DocOrErr);
    Used.push_back(File);
    if (DocOrErr->contains(json::json_pointer("/match/arch")))
      HasArchRules = true;
  }
  // Architecture-independent files (explanations) do not make an
  // architecture supported.
  if (!HasArchRules)
    return inputError(RulesDir, "no rules for architecture '" + Arch + "'");
  for (const std::string &File : ExtraFiles) {
    auto DocOrErr = readRulesFile(File);
    if (!DocOrErr)
      return DocOrErr.takeError();
    mergeInto(Merged, *DocOrErr);
    Used.push_back(File);
  }
  auto RulesOrErr = extract(Merged, RulesDir);
  if (!RulesOrErr)
    return RulesOrErr.takeError();
  RulesOrErr->Arch = Arch;
  RulesOrErr->Version = Version;
  RulesOrErr->Files = std::move(Used);
  return RulesOrErr;
}

} // namespace noinstr
