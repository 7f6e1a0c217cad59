//===- RuleSet.cpp - loading, selecting and merging rules files -----------===//
//
// The schema is declared once, in declareRules(): each key with its type and
// where its value goes in the RuleSet. One walker runs that declaration twice:
// on each file alone, where it checks types and rejects keys the analyzer
// does not know (the values land in a scratch RuleSet), and on the merged
// document, where it also requires the keys the analysis cannot do without
// and fills the real RuleSet. Only "why" keys (documentation) may appear
// anywhere.
//
//===----------------------------------------------------------------------===//
#include "noinstr/rules/RuleSet.h"

#include "noinstr/support/InputError.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>

using json = nlohmann::json;
using namespace llvm;

namespace noinstr {
namespace {

/// Whether the merged rules must give a key. A file alone never has to: it
/// may add to or override a single key. Elements of lists are never merged
/// key by key, so their required keys are required in every file.
enum class Need { Optional, Required };

/// Walks one JSON object along the declaration, reading every declared key
/// that is present into the targets the declaration names. Stops at the
/// first problem, which names the key path.
class SchemaWalk {
public:
  SchemaWalk(const json &Root, bool Complete)
      : Node(&Root), Complete(Complete) {}

  void string(const char *Key, std::string &Out, Need N = Need::Optional) {
    if (const json *V = value(Key, N, "a string", &json::is_string))
      Out = V->get<std::string>();
  }

  /// A string that must be present and say something (a waiver's reason).
  void text(const char *Key, std::string &Out, const char *Why) {
    if (!Node->contains(Key) || Node->at(Key) == "")
      fail("rules key '" + keyPath(Key) + "' is missing or empty: " + Why);
    string(Key, Out, Need::Required);
  }

  void uint(const char *Key, uint32_t &Out, Need N = Need::Optional) {
    if (const json *V = value(Key, N, "a non-negative integer",
                              &json::is_number_unsigned))
      if (fits32(*V, keyPath(Key)))
        Out = V->get<uint32_t>();
  }

  void flag(const char *Key, bool &Out) {
    if (const json *V = value(Key, Need::Optional, "true or false",
                              &json::is_boolean))
      Out = V->get<bool>();
  }

  void state(const char *Key, EntryState &Out) {
    std::string Name;
    string(Key, Name);
    if (Name.empty() || !Problem.empty())
      return;
    if (std::optional<EntryState> S = parseEntryState(Name))
      Out = *S;
    else
      fail("rules key '" + keyPath(Key) + "' must be RAW, ESTABLISHED or TORN_DOWN, "
           "not '" + Name + "'");
  }

  /// A rule of the catalog, by its id string (required).
  std::optional<RuleId> rule(const char *Key) {
    std::string Id;
    string(Key, Id, Need::Required);
    if (Id.empty() || !Problem.empty())
      return std::nullopt;
    std::optional<RuleId> Rule = ruleNamed(Id);
    if (!Rule)
      fail("rules key '" + keyPath(Key) + "' must be a rule id, not '" + Id +
           "'");
    return Rule;
  }

  /// A list of names, each turned into bits by \p Parse and or'ed
  /// together; \p Allowed says which names there are, for the error.
  template <typename ParseName>
  std::optional<uint8_t> nameBits(const char *Key, Need N, ParseName Parse,
                                  const char *Allowed) {
    std::vector<std::string> Names;
    strings(Key, Names, N);
    uint8_t Bits = 0;
    for (const std::string &Name : Names) {
      if (auto Parsed = Parse(Name)) {
        Bits |= *Parsed;
        continue;
      }
      fail("rules key '" + keyPath(Key) + "' names " + Allowed + ", not '" +
           Name + "'");
      break;
    }
    if (!Problem.empty())
      return std::nullopt;
    return Bits;
  }

  /// A list of fact names ("lockdep", "rcu"), or'ed into \p Out.
  void facts(const char *Key, uint8_t &Out) {
    if (std::optional<uint8_t> Bits = nameBits(
            Key, Need::Required, parseEntryFact, "facts 'lockdep' and 'rcu'"))
      Out |= *Bits;
  }

  /// A list of context-tracking state names, or'ed into \p Out (which a
  /// given list replaces).
  void ctStates(const char *Key, uint8_t &Out) {
    if (!Node->contains(Key))
      return;
    if (std::optional<uint8_t> Bits =
            nameBits(Key, Need::Optional, parseCtState,
                     "states 'user', 'kernel', 'idle' and 'guest'"))
      Out = *Bits;
  }

  /// A context-tracking state, or "interrupted" (0: the state a nesting
  /// enter saved).
  void ctTarget(const char *Key, uint8_t &Out) {
    std::string Name;
    string(Key, Name, Need::Required);
    if (Name.empty() || !Problem.empty())
      return;
    if (std::optional<CtState> S = parseCtState(Name))
      Out = *S;
    else if (Name != "interrupted")
      fail("rules key '" + keyPath(Key) + "' must be user, kernel, idle, "
           "guest or interrupted, not '" + Name + "'");
  }

  /// A list of strings, appended to \p Out.
  void strings(const char *Key, std::vector<std::string> &Out,
               Need N = Need::Optional) {
    list(Key, N, "a string", &json::is_string,
         [&](const json &V) { Out.push_back(V.get<std::string>()); });
  }

  /// A list of non-negative integers, appended to \p Out.
  void uints(const char *Key, std::vector<uint32_t> &Out) {
    list(Key, Need::Optional, "a non-negative integer",
         &json::is_number_unsigned,
         [&](const json &V) {
           if (fits32(V, keyPath(Key)))
             Out.push_back(V.get<uint32_t>());
         });
  }

  /// "names", "prefixes" and "patterns" (regular expressions) of the
  /// current object, appended to \p Out.
  void matcherFields(NameMatcher &Out) {
    strings("names", Out.Names);
    strings("prefixes", Out.Prefixes);
    list("patterns", Need::Optional, "a string", &json::is_string,
         [&](const json &V) {
           auto R = std::make_shared<const llvm::Regex>(V.get<std::string>());
           std::string Why;
           if (!R->isValid(Why))
             fail("rules key '" + keyPath("patterns") +
                  "' holds an invalid regular expression: " + Why);
           Out.Patterns.push_back(std::move(R));
         });
  }

  void matcher(const char *Key, NameMatcher &Out, Need N = Need::Optional) {
    object(Key, N, [&] { matcherFields(Out); });
  }

  /// A nested object whose keys \p Declare declares.
  void object(const char *Key, Need N, const std::function<void()> &Declare) {
    const json *V = value(Key, N, "an object", &json::is_object);
    if (!V)
      return;
    Scope S(*this, *V, keyPath(Key));
    Declare();
    S.close();
  }
  void object(const char *Key, const std::function<void()> &Declare) {
    object(Key, Need::Optional, Declare);
  }

  /// A list of objects; \p Declare declares the keys of one element and is
  /// called once per element, in order.
  void each(const char *Key, const std::function<void()> &Declare) {
    const json *V = value(Key, Need::Optional, "a list", &json::is_array);
    if (!V)
      return;
    for (size_t I = 0; I < V->size() && Problem.empty(); ++I) {
      const json &Element = (*V)[I];
      std::string Path = keyPath(Key) + "[" + std::to_string(I) + "]";
      if (!Element.is_object()) {
        fail("rules key '" + Path + "' must be an object");
        return;
      }
      Scope S(*this, Element, Path);
      bool WasComplete = Complete;
      Complete = true;
      Declare();
      Complete = WasComplete;
      S.close();
    }
  }

  /// The first problem found, naming the key path; empty when
  /// the object fits the declaration.
  const std::string &problem() const { return Problem; }
  /// Called once the root's keys are declared: unknown keys at the root.
  void finish() { checkUnknownKeys(); }

private:
  /// Enters an object: its keys are declared against it, then checked for
  /// unknown ones when closed.
  class Scope {
  public:
    Scope(SchemaWalk &W, const json &Node, std::string Path)
        : W(W), SavedNode(W.Node), SavedPath(std::move(W.Path)),
          SavedDeclared(std::move(W.Declared)) {
      W.Node = &Node;
      W.Path = std::move(Path);
      W.Declared.clear();
    }
    void close() {
      W.checkUnknownKeys();
      W.Node = SavedNode;
      W.Path = std::move(SavedPath);
      W.Declared = std::move(SavedDeclared);
    }

  private:
    SchemaWalk &W;
    const json *SavedNode;
    std::string SavedPath;
    std::vector<std::string> SavedDeclared;
  };

  std::string keyPath(const char *Key) const {
    return Path.empty() ? Key : Path + "." + Key;
  }

  void fail(const std::string &What) {
    if (Problem.empty())
      Problem = What;
  }

  /// Declares \p Key; its value if present and of the right type.
  /// Whether the unsigned \p V (at \p Path) fits the 32 bits every integer
  /// of the rules has (a mask, a type number, a field offset); a larger one
  /// is a mistake, not to be truncated.
  bool fits32(const json &V, const std::string &Path) {
    if (V.get<uint64_t>() <= UINT32_MAX)
      return true;
    fail("rules key '" + Path + "' must be at most " +
         std::to_string(UINT32_MAX) + ", not " + V.dump());
    return false;
  }

  const json *value(const char *Key, Need N, const char *TypeName,
                    bool (json::*IsType)() const noexcept) {
    Declared.push_back(Key);
    if (!Problem.empty())
      return nullptr;
    auto It = Node->find(Key);
    if (It == Node->end()) {
      if (N == Need::Required && Complete)
        fail("rules lack the key '" + keyPath(Key) + "'");
      return nullptr;
    }
    if (!((*It).*IsType)()) {
      fail("rules key '" + keyPath(Key) + "' must be " + TypeName);
      return nullptr;
    }
    return &*It;
  }

  void list(const char *Key, Need N, const char *ElementType,
            bool (json::*IsType)() const noexcept,
            const std::function<void(const json &)> &Read) {
    const json *V = value(Key, N, "a list", &json::is_array);
    if (!V)
      return;
    for (size_t I = 0; I < V->size() && Problem.empty(); ++I) {
      if (!((*V)[I].*IsType)())
        fail("rules key '" + keyPath(Key) + "[" + std::to_string(I) + "]' must be " +
             ElementType);
      else
        Read((*V)[I]);
    }
  }

  void checkUnknownKeys() {
    for (auto It = Node->begin(); It != Node->end() && Problem.empty(); ++It) {
      if (It.key() == "why") {
        if (!It->is_string())
          fail("rules key '" + keyPath("why") + "' must be a string");
        continue;
      }
      if (std::find(Declared.begin(), Declared.end(), It.key()) ==
          Declared.end())
        fail("unknown rules key '" + keyPath(It.key().c_str()) + "'");
    }
  }

  const json *Node;
  std::string Path;
  std::vector<std::string> Declared;
  bool Complete;
  std::string Problem;
};

/// A table layout: its section, entry size and the byte offsets of \p Fields.
void declareTable(SchemaWalk &S, TableLayout &T,
                  std::initializer_list<const char *> Fields) {
  S.string("section", T.Section, Need::Required);
  S.uint("entry_size", T.EntrySize, Need::Required);
  for (const char *F : Fields)
    S.uint(F, T.Fields[F], Need::Required);
}

/// The rules schema: every key, its type, and where it goes.
void declareRules(SchemaWalk &S, RuleSet &R) {
  std::string Schema;
  S.string("schema", Schema);
  S.object("match", [&] {
    std::string Arch, Min, Max;
    S.string("arch", Arch);
    S.object("kernel", [&] {
      S.string("min", Min);
      S.string("max", Max);
    });
  });
  // Read by the loader before merging: the versions the architecture's
  // rules were written for.
  S.object("known_kernels", [&] {
    std::string Min, Max;
    S.string("min", Min);
    S.string("max", Max);
  });
  S.object("sections", Need::Required, [&] {
    S.matcher("checked", R.CheckedSections, Need::Required);
    S.matcher("noinstr", R.NoinstrSections);
  });
  S.matcher("allowed_callees", R.AllowedCallees);
  S.matcher("profiling_hooks", R.ProfilingHooks);
  S.matcher("return_thunks", R.ReturnThunks);
  S.matcher("indirect_thunks", R.IndirectThunks);
  S.matcher("noreturn", R.Noreturn);
  S.object("instructions",
           [&] { S.flag("system_calls_continue", R.SystemCallsContinue); });
  S.object("jump_tables", [&] {
    S.matcher("sections", R.JumpTableSections);
    S.matcher("not_sections", R.JumpTableNotSections);
  });
  S.object("branch_correlation", [&] {
    S.matcher("private_data_sections", R.PrivateDataSections);
  });
  S.object("pv_ops", Need::Required, [&] {
    S.string("call_table", R.PvOps.CallTable, Need::Required);
    S.strings("tables", R.PvOps.Tables, Need::Required);
    S.strings("init_sections", R.PvOps.InitSections, Need::Required);
    S.strings("ignored_targets", R.PvOps.IgnoredTargets.Names,
              Need::Required);
  });
  auto &A = R.Annotations;
  S.object("annotations", Need::Required, [&] {
    S.flag("region_markers", A.RegionMarkers);
    S.strings("instr_begin_sections", A.BeginSections, Need::Required);
    S.strings("instr_end_sections", A.EndSections, Need::Required);
    S.strings("reachable_sections", A.ReachableSections, Need::Required);
    S.strings("ignore_alts_sections", A.IgnoreAltsSections);
    S.string("annotate_insn_section", A.AnnotateSection, Need::Required);
    S.object("annotate_types", Need::Required, [&] {
      S.uint("instr_begin", A.BeginType, Need::Required);
      S.uint("instr_end", A.EndType, Need::Required);
      S.uint("reachable", A.ReachableType, Need::Required);
      S.uint("ignore_alts", A.IgnoreAltsType);
      S.uint("intra_function_call", A.IntraFunctionCallType);
      S.uints("without_effect", A.TypesWithoutEffect);
    });
    S.string("stack_frame_non_standard_section", A.NonStandardSection,
             Need::Required);
    S.string("intra_function_calls_section", A.IntraFunctionCallSection,
             Need::Required);
    S.object("unwind_hints", Need::Required,
             [&] { declareTable(S, A.UnwindHints, {}); });
  });
  S.object("tables", Need::Required, [&] {
    S.object("alternatives", Need::Required, [&] {
      declareTable(S, R.Alternatives,
                   {"orig", "replacement", "feature", "orig_len",
                    "replacement_len"});
      S.string("replacement_section", R.ReplacementSection, Need::Required);
      S.uint("feature_not_mask", R.AlternativeNotMask);
      S.uints("skip_original_features", R.SkipOriginalFeatures);
      S.uints("skip_replacement_features", R.SkipReplacementFeatures);
      S.flag("objtool_noreturn_in_replacement_ends_path",
             R.ObjtoolReplacementNoreturnEndsPath);
    });
    S.object("jump_labels", Need::Required, [&] {
      declareTable(S, R.JumpLabels, {"code", "target", "key"});
      S.uint("key_flags_mask", R.JumpLabelKeyFlagsMask, Need::Required);
      S.uint("key_branch_mask", R.JumpLabelBranchMask, Need::Required);
    });
    S.object("exceptions", Need::Required,
             [&] { declareTable(S, R.Exceptions, {"insn", "fixup"}); });
  });
  auto &E = R.Entry;
  S.object("entry", [&] {
    S.each("entry_points", [&] {
      EntryPointRule &P = E.EntryPoints.emplace_back();
      S.string("kind", P.Kind);
      S.state("initial", P.Initial);
      S.ctStates("context_tracking", P.Ct);
      S.matcherFields(P.Functions);
      S.strings("sections", P.Sections);
    });
    S.matcher("not_entry_points", E.NotEntryPoints);
    S.object("establishers", [&] {
      S.matcher("calls", E.Establishers);
      S.matcher("inlined", E.InlinedEstablishers);
      S.matcher("inlined_wrappers", E.EstablisherWrappers);
    });
    S.object("teardowns", [&] {
      S.matcher("calls", E.Teardowns);
      S.matcher("inlined", E.InlinedTeardowns);
      S.matcher("inlined_wrappers", E.TeardownWrappers);
    });
    S.matcher("hooks", E.Hooks);
    S.matcher("trusted_bodies", E.TrustedBodies);
    S.matcher("regions_allowed", E.RegionsAllowed);
    S.matcher("nesting", E.Nesting);
    S.matcher("tracing", E.Tracing);
    S.object("lockdep", [&] {
      S.matcher("informed_by", E.LockdepInformers);
      S.matcher("uninformed_by", E.LockdepUninformers);
    });
    S.each("context_tracking", [&] {
      CtTransition &T = E.ContextTracking.emplace_back();
      S.ctTarget("to", T.To);
      S.flag("saves", T.Saves);
      S.matcherFields(T.Calls);
    });
    S.each("requirements", [&] {
      EntryRequirement &Q = E.Requirements.emplace_back();
      S.string("kind", Q.Kind, Need::Required);
      S.facts("needs", Q.Needs);
      S.matcherFields(Q.Callees);
    });
  });
  auto &Src = R.Source;
  S.object("source", [&] {
    S.object("region_markers", [&] {
      S.strings("begin", Src.RegionBegin);
      S.strings("end", Src.RegionEnd);
    });
    S.object("static_key_tests",
             [&] { S.strings("macros", Src.StaticKeyTests); });
    S.matcher("noinstr_functions", Src.NoinstrFunctions);
    S.object("prescan", [&] { S.strings("tokens", Src.PrescanTokens); });
    // Flags come in groups, each with its own "why"; the analysis needs
    // only their union.
    S.each("drop_flags", [&] {
      S.matcherFields(Src.DropFlags);
      S.strings("with_value", Src.DropFlagsWithValue);
    });
    S.each("add_flags", [&] { S.strings("flags", Src.AddFlags); });
  });
  S.object("explain", [&] {
    S.each("classes", [&] {
      FindingClassRule &C = R.Explain.Classes.emplace_back();
      S.string("class", C.Class);
      S.matcher("callees", C.Callees);
      S.string("hint", C.Hint);
    });
    S.each("rule_help", [&] {
      std::optional<RuleId> Rule = S.rule("rule");
      std::string Help;
      S.text("help", Help, "the rule's help text for this architecture");
      if (Rule)
        R.Explain.RuleHelp[*Rule] = Help;
    });
  });
  S.each("cpu_features", [&] {
    uint32_t Bit = 0;
    std::string Name;
    S.uint("bit", Bit, Need::Required);
    S.string("name", Name, Need::Required);
    R.CpuFeatures[Bit] = Name;
  });
  S.each("waivers", [&] {
    Waiver &W = R.Waivers.emplace_back();
    S.string("function", W.Function, Need::Required);
    S.string("callee", W.Callee);
    S.string("rule", W.Rule);
    S.text("reason", W.Reason,
           "every waiver must say why the finding is accepted");
    // Where it came from, so that a stale one can be pointed at: the
    // loader adds it to each waiver of a file.
    S.string("file", W.File);
  });
}

/// Runs the declaration over \p Doc, reading it into \p Out; the first
/// problem, or "". \p Complete: \p Doc is the merged rules and must give
/// every required key.
std::string walkRules(const json &Doc, bool Complete, RuleSet &Out) {
  SchemaWalk S(Doc, Complete);
  declareRules(S, Out);
  S.finish();
  return S.problem();
}

/// One parse, no exceptions: the DOM parser of nlohmann's SAX interface
/// with the error kept as text.
class DomParser : public nlohmann::detail::json_sax_dom_parser<json> {
public:
  explicit DomParser(json &Root)
      : json_sax_dom_parser(Root, /*allow_exceptions_=*/false) {}
  bool parse_error(std::size_t Position, const std::string &Token,
                   const nlohmann::detail::exception &Ex) {
    // nlohmann prefixes "[json.exception.parse_error.101] parse error at ".
    std::string What = Ex.what();
    size_t Pos = What.find("parse error");
    Error = Pos == std::string::npos ? What : What.substr(Pos);
    return json_sax_dom_parser::parse_error(Position, Token, Ex);
  }
  std::string Error;
};

/// The "remove" object of a rules file: the shape of a rules file, whose
/// lists name elements to drop from what earlier files gave.
void removeFrom(json &Into, const json &Remove) {
  for (auto It = Remove.begin(); It != Remove.end(); ++It) {
    if (It.key() == "why" || !Into.contains(It.key()))
      continue;
    json &Slot = Into[It.key()];
    if (It->is_object() && Slot.is_object()) {
      removeFrom(Slot, *It);
    } else if (It->is_array() && Slot.is_array()) {
      json Kept = json::array();
      for (const json &Element : Slot)
        if (std::find(It->begin(), It->end(), Element) == It->end())
          Kept.push_back(Element);
      Slot = std::move(Kept);
    }
  }
}

/// Merges \p From into \p Into: objects key by key, lists appended (without
/// repeating an element), scalars replaced; then takes away what \p From's
/// "remove" names.
void mergeInto(json &Into, const json &From) {
  for (auto It = From.begin(); It != From.end(); ++It) {
    if (It.key() == "why" || It.key() == "match" || It.key() == "schema" ||
        It.key() == "remove" || It.key() == "known_kernels")
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
  if (auto Remove = From.find("remove"); Remove != From.end())
    removeFrom(Into, *Remove);
}

/// A rules file's selection: architecture and kernel version bounds.
struct Match {
  std::optional<std::string> Arch;
  std::optional<KernelVersion> Min, Max;
  bool hasBounds() const { return Min || Max; }
  bool fits(const std::string &A, std::optional<KernelVersion> V) const {
    if (Arch && *Arch != A)
      return false;
    if (!hasBounds())
      return true;
    return V && !(Min && *V < *Min) && !(Max && *Max < *V);
  }
};

struct RulesFile {
  std::string Path;
  json Doc;
  Match When;
};

Expected<RulesFile> readRulesFile(StringRef File) {
  auto BufOrErr = MemoryBuffer::getFile(File, /*IsText=*/true);
  if (!BufOrErr)
    return inputError(File, BufOrErr.getError().message());
  StringRef Text = (*BufOrErr)->getBuffer();
  RulesFile F;
  F.Path = File.str();
  DomParser Parser(F.Doc);
  if (!json::sax_parse(Text.begin(), Text.end(), &Parser))
    return inputError(File, "bad JSON" + (Parser.Error.empty()
                                              ? std::string()
                                              : ": " + Parser.Error));
  json &Doc = F.Doc;
  if (!Doc.is_object())
    return inputError(File, "a rules file must hold one JSON object");
  if (!Doc.contains("schema") || Doc["schema"] != "noinstr-check-rules/1")
    return inputError(File, "not a rules file: \"schema\" must be "
                            "\"noinstr-check-rules/1\"");
  if (Doc.contains("waivers") && Doc["waivers"].is_array())
    for (json &W : Doc["waivers"])
      if (W.is_object())
        W["file"] = F.Path;
  // "remove" has the shape of a rules file itself.
  json Body = Doc;
  std::optional<json> Remove;
  if (auto It = Body.find("remove"); It != Body.end()) {
    if (!It->is_object())
      return inputError(File, "rules key 'remove' must be an object");
    Remove = std::move(*It);
    Body.erase(It);
  }
  RuleSet Scratch;
  if (std::string Problem = walkRules(Body, /*Complete=*/false, Scratch);
      !Problem.empty())
    return inputError(File, Problem);
  if (Remove)
    if (std::string Problem = walkRules(*Remove, /*Complete=*/false, Scratch);
        !Problem.empty())
      return inputError(File, "in 'remove': " + Problem);
  if (auto M = Doc.find("match"); M != Doc.end()) {
    if (M->contains("arch"))
      F.When.Arch = (*M)["arch"].get<std::string>();
    for (const char *Bound : {"min", "max"}) {
      json::json_pointer P(std::string("/kernel/") + Bound);
      if (!M->contains(P))
        continue;
      std::string Text = (*M)[P].get<std::string>();
      auto Limit = KernelVersion::parse(Text);
      if (!Limit)
        return inputError(File, "rules key 'match.kernel." + Twine(Bound) +
                                    "' is not a version: '" + Text + "'");
      (StringRef(Bound) == "min" ? F.When.Min : F.When.Max) = Limit;
    }
  }
  return F;
}

/// The versions the built-in rules of \p Arch were written for: the
/// "known_kernels" its files declare (none: any version, nothing clamped).
struct KnownVersions {
  std::optional<KernelVersion> Min, Max;
  bool contains(KernelVersion V) const {
    return !(Min && V < *Min) && !(Max && *Max < V);
  }
};
Expected<KnownVersions> knownVersions(const std::vector<RulesFile> &Files,
                                      const std::string &Arch) {
  KnownVersions K;
  for (const RulesFile &F : Files) {
    if (!F.When.Arch || *F.When.Arch != Arch || !F.Doc.contains("known_kernels"))
      continue;
    for (const char *Bound : {"min", "max"}) {
      std::string Text = F.Doc["known_kernels"].value(Bound, "");
      if (Text.empty())
        continue;
      auto V = KernelVersion::parse(Text);
      if (!V)
        return inputError(F.Path, "rules key 'known_kernels." + Twine(Bound) +
                                      "' is not a version: '" + Text + "'");
      std::optional<KernelVersion> &Slot =
          StringRef(Bound) == "min" ? K.Min : K.Max;
      if (!Slot || (StringRef(Bound) == "min" ? *V < *Slot : *Slot < *V))
        Slot = V;
    }
  }
  return K;
}

/// The rules files of \p RulesDir, read and checked, in merge (file-name)
/// order.
Expected<std::vector<RulesFile>> rulesFilesIn(const std::string &RulesDir) {
  std::vector<std::string> Paths;
  std::error_code EC;
  for (sys::fs::directory_iterator It(RulesDir, EC), End; It != End && !EC;
       It.increment(EC))
    if (sys::path::extension(It->path()) == ".json")
      Paths.push_back(It->path());
  if (EC)
    return inputError(RulesDir, "cannot read rules directory: " + EC.message());
  std::sort(Paths.begin(), Paths.end());
  std::vector<RulesFile> Files;
  for (const std::string &Path : Paths) {
    auto FileOrErr = readRulesFile(Path);
    if (!FileOrErr)
      return FileOrErr.takeError();
    Files.push_back(std::move(*FileOrErr));
  }
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
  for (const RulesFile &F : *FilesOrErr) {
    RulesFileMatch M;
    M.File = sys::path::filename(F.Path).str();
    M.Arch = F.When.Arch.value_or("");
    json::json_pointer Kernel("/match/kernel");
    if (F.Doc.contains(Kernel)) {
      M.MinKernel = F.Doc[Kernel].value("min", "");
      M.MaxKernel = F.Doc[Kernel].value("max", "");
    }
    Matches.push_back(std::move(M));
  }
  return Matches;
}

Expected<RuleSet> loadRuleSet(const std::string &RulesDir,
                              const std::string &Arch,
                              std::optional<KernelVersion> Version,
                              const std::vector<std::string> &ExtraFiles) {
  auto FilesOrErr = rulesFilesIn(RulesDir);
  if (!FilesOrErr)
    return FilesOrErr.takeError();
  std::vector<RulesFile> &Files = *FilesOrErr;

  // A version outside what the rules know, or none, is checked with the
  // rules of the newest known version (when the known range has an end).
  std::optional<KernelVersion> RulesVersion = Version;
  std::string VersionNote;
  auto KnownOrErr = knownVersions(Files, Arch);
  if (!KnownOrErr)
    return KnownOrErr.takeError();
  const KnownVersions &Known = *KnownOrErr;
  if (Known.Max && (!Version || !Known.contains(*Version)))
    RulesVersion = Known.Max;
  if (Version && RulesVersion != Version)
    VersionNote = "kernel " + Version->str() +
                  " is outside the versions the rules know (" +
                  (Known.Min ? Known.Min->str() : std::string("any")) +
                  " .. " + Known.Max->str() +
                  "): checked with the rules for " + Known.Max->str();

  json Merged = json::object();
  std::vector<std::string> Used;
  bool HasArchRules = false;
  for (const RulesFile &F : Files) {
    if (!F.When.fits(Arch, RulesVersion))
      continue;
    mergeInto(Merged, F.Doc);
    Used.push_back(F.Path);
    HasArchRules |= F.When.Arch.has_value();
  }
  // Architecture-independent files (explanations) do not make an
  // architecture supported.
  if (!HasArchRules)
    return inputError(RulesDir, "no rules for architecture '" + Arch + "'");
  for (const std::string &Path : ExtraFiles) {
    auto FileOrErr = readRulesFile(Path);
    if (!FileOrErr)
      return FileOrErr.takeError();
    mergeInto(Merged, FileOrErr->Doc);
    Used.push_back(Path);
  }
  RuleSet R;
  if (std::string Problem = walkRules(Merged, /*Complete=*/true, R);
      !Problem.empty())
    return inputError(RulesDir, Problem);
  if (R.CheckedSections.empty())
    return inputError(RulesDir, "rules lack the key 'sections.checked'");
  for (const TableLayout *T :
       {&R.Alternatives, &R.JumpLabels, &R.Exceptions,
        &R.Annotations.UnwindHints})
    if (T->EntrySize == 0)
      return inputError(RulesDir, "rules give table '" + T->Section +
                                      "' an entry size of 0");
  R.Arch = Arch;
  R.Version = RulesVersion;
  R.VersionNote = std::move(VersionNote);
  R.Files = std::move(Used);
  return R;
}

} // namespace noinstr
