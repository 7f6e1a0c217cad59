//===- SourceFacts.cpp - facts as JSON ------------------------------------===//
#include "noinstr/source/SourceFacts.h"
#include "noinstr/support/InputError.h"
#include "noinstr/support/Json.h"

#include <array>

using json = nlohmann::ordered_json;
using namespace llvm;

namespace noinstr {

static constexpr const char *Schema = "noinstr-check-facts/1";

static constexpr std::array<StringRef, 4> FunctionKindNames = {
    "noinstr", "always_inline", "inline", "instrumentable"};
static constexpr std::array<StringRef, 4> EventKindNames = {
    "call", "indirect_call", "region_begin", "region_end"};

StringRef functionKindName(FunctionKind K) {
  return FunctionKindNames[static_cast<size_t>(K)];
}

template <typename Enum, size_t N>
static std::optional<Enum> parseName(const std::array<StringRef, N> &Names,
                                     StringRef Name) {
  for (size_t I = 0; I < N; ++I)
    if (Names[I] == Name)
      return static_cast<Enum>(I);
  return std::nullopt;
}

static json locationJson(const SourceLocation &L) {
  return json{{"file", L.File}, {"line", L.Line}, {"column", L.Column},
              {"function", L.Function}};
}

std::string factsToJson(const TuFacts &Facts) {
  json Functions = json::array();
  for (const FunctionFacts &F : Facts.Functions) {
    json Blocks = json::array();
    for (const FlowBlock &B : F.Blocks) {
      json Events = json::array();
      for (const SourceEvent &E : B.Events) {
        json Event{{"kind", EventKindNames[static_cast<size_t>(E.Kind)]},
                   {"at", locationJson(E.Loc)}};
        if (E.Kind == SourceEventKind::Call) {
          Event["callee"] = E.Callee;
          Event["callee_key"] = E.CalleeKey;
          Event["callee_kind"] = functionKindName(E.CalleeKind);
        }
        if (E.Noreturn)
          Event["noreturn"] = true;
        if (!E.Macro.empty())
          Event["macro"] = E.Macro;
        if (E.Parameter >= 0)
          Event["parameter"] = E.Parameter;
        if (!E.FunctionArguments.empty()) {
          json Args = json::array();
          for (const FunctionArgument &A : E.FunctionArguments)
            Args.push_back(json{{"index", A.Index},
                                {"callee", A.Callee},
                                {"callee_key", A.CalleeKey},
                                {"callee_kind", functionKindName(A.CalleeKind)}});
          Event["function_arguments"] = std::move(Args);
        }
        Events.push_back(std::move(Event));
      }
      json Block{{"events", std::move(Events)}, {"successors", B.Successors}};
      if (B.Returns)
        Block["returns"] = locationJson(B.ReturnAt);
      if (B.Condition >= 0)
        Block["condition"] = B.Condition;
      if (B.ConditionNegated)
        Block["condition_negated"] = true;
      if (!B.Kills.empty())
        Block["kills"] = B.Kills;
      Blocks.push_back(std::move(Block));
    }
    Functions.push_back(json{{"key", F.Key},
                             {"name", F.Name},
                             {"definition", locationJson(F.Definition)},
                             {"kind", functionKindName(F.Kind)},
                             {"section", F.Section},
                             {"blocks", std::move(Blocks)}});
  }
  json Inputs = json::array();
  for (const auto &[Path, Hash] : Facts.Inputs)
    Inputs.push_back(json{{"path", Path}, {"hash", Hash}});
  json Doc{{"schema", Schema},
           {"file", Facts.File},
           {"arch", Facts.Arch},
           {"command_hash", Facts.CommandHash},
           {"inputs", std::move(Inputs)},
           {"functions", std::move(Functions)}};
  // Names are bytes from the source, not always UTF-8: replace what is not
  // (the default handler would throw).
  return Doc.dump(1, ' ', /*ensure_ascii=*/false,
                  json::error_handler_t::replace) +
         "\n";
}

namespace {

/// Reads facts without exceptions: each accessor checks the type before it
/// reads, and the first problem is kept with its JSON path
/// ("facts.functions[2].blocks[0].successors names no block"). After a
/// problem the accessors give empty values and the callers stop at their
/// next check; later problems would only follow from the first.
class FactsReader {
public:
  std::optional<std::string> Problem;

  bool failed() const { return Problem.has_value(); }
  void fail(const std::string &What) {
    if (!Problem)
      Problem = What;
  }

  /// Node.Key of \p Type (an unsigned number may be written as a
  /// non-negative integer), or null after reporting it.
  const json *field(const json &Node, const char *Key, json::value_t Type,
                    const std::string &Where) {
    auto It = Node.find(Key);
    bool NumberOk = Type == json::value_t::number_unsigned &&
                    It != Node.end() && It->is_number_integer() &&
                    It->get<int64_t>() >= 0;
    if (It == Node.end() || (It->type() != Type && !NumberOk)) {
      fail(Where + "." + Key + " is missing or of the wrong type");
      return nullptr;
    }
    return &*It;
  }

  std::string text(const json &Node, const char *Key,
                   const std::string &Where) {
    const json *F = field(Node, Key, json::value_t::string, Where);
    return F ? F->get<std::string>() : std::string();
  }

  unsigned number(const json &Node, const char *Key,
                  const std::string &Where) {
    const json *F = field(Node, Key, json::value_t::number_unsigned, Where);
    if (!F)
      return 0;
    uint64_t Value = F->get<uint64_t>();
    // Lines, columns and parameter positions: anything larger is not one.
    if (Value > INT32_MAX) {
      fail(Where + "." + Key + " is out of range");
      return 0;
    }
    return unsigned(Value);
  }

  /// Node.Key as a list; an empty one after reporting a wrong type.
  const json &list(const json &Node, const char *Key,
                   const std::string &Where) {
    static const json Empty = json::array();
    const json *F = field(Node, Key, json::value_t::array, Where);
    return F ? *F : Empty;
  }

  bool isObject(const json &Node, const std::string &Where) {
    if (!Node.is_object())
      fail(Where + " is not an object");
    return Node.is_object();
  }

  /// \p Node.Key, one of \p Names.
  template <typename Enum, size_t N>
  Enum name(const std::array<StringRef, N> &Names, const json &Node,
            const char *Key, const std::string &Where) {
    std::string Text = text(Node, Key, Where);
    if (failed())
      return Enum();
    auto Value = parseName<Enum>(Names, Text);
    if (!Value)
      fail(Where + "." + Key + " is unknown");
    return Value.value_or(Enum());
  }

  SourceLocation location(const json &Node, const std::string &Where) {
    if (!isObject(Node, Where))
      return {};
    return {text(Node, "file", Where), number(Node, "line", Where),
            number(Node, "column", Where), text(Node, "function", Where)};
  }

  SourceLocation location(const json &Node, const char *Key,
                          const std::string &Where) {
    const json *F = field(Node, Key, json::value_t::object, Where);
    return F ? location(*F, Where + "." + Key) : SourceLocation();
  }

  SourceEvent event(const json &Node, const std::string &Where) {
    SourceEvent E;
    if (!isObject(Node, Where))
      return E;
    E.Kind = name<SourceEventKind>(EventKindNames, Node, "kind", Where);
    E.Loc = location(Node, "at", Where);
    if (E.Kind == SourceEventKind::Call) {
      E.Callee = text(Node, "callee", Where);
      E.CalleeKey = text(Node, "callee_key", Where);
      E.CalleeKind =
          name<FunctionKind>(FunctionKindNames, Node, "callee_kind", Where);
    }
    if (Node.contains("noreturn"))
      if (const json *F =
              field(Node, "noreturn", json::value_t::boolean, Where))
        E.Noreturn = F->get<bool>();
    if (Node.contains("macro"))
      E.Macro = text(Node, "macro", Where);
    if (Node.contains("parameter"))
      E.Parameter = number(Node, "parameter", Where);
    if (Node.contains("function_arguments"))
      for (const json &A : list(Node, "function_arguments", Where)) {
        std::string At = Where + ".function_arguments";
        if (!A.is_object()) {
          fail(At + " holds a non-object");
          break;
        }
        FunctionArgument Arg;
        Arg.Index = number(A, "index", At);
        Arg.Callee = text(A, "callee", At);
        Arg.CalleeKey = text(A, "callee_key", At);
        Arg.CalleeKind =
            name<FunctionKind>(FunctionKindNames, A, "callee_kind", At);
        E.FunctionArguments.push_back(std::move(Arg));
      }
    return E;
  }

  FunctionFacts function(const json &Node, const std::string &Where) {
    FunctionFacts F;
    if (!isObject(Node, Where))
      return F;
    F.Key = text(Node, "key", Where);
    F.Name = text(Node, "name", Where);
    F.Definition = location(Node, "definition", Where);
    F.Kind = name<FunctionKind>(FunctionKindNames, Node, "kind", Where);
    F.Section = text(Node, "section", Where);
    const json &Blocks = list(Node, "blocks", Where);
    for (size_t I = 0; I < Blocks.size() && !failed(); ++I) {
      std::string At = Where + ".blocks[" + std::to_string(I) + "]";
      if (!isObject(Blocks[I], At))
        break;
      FlowBlock B;
      const json &Events = list(Blocks[I], "events", At);
      for (size_t J = 0; J < Events.size() && !failed(); ++J)
        B.Events.push_back(
            event(Events[J], At + ".events[" + std::to_string(J) + "]"));
      for (const json &S : list(Blocks[I], "successors", At)) {
        if (!S.is_number_integer() || S.get<int64_t>() < 0 ||
            S.get<uint64_t>() >= Blocks.size()) {
          fail(At + ".successors names no block");
          break;
        }
        B.Successors.push_back(S.get<uint32_t>());
      }
      if (Blocks[I].contains("returns")) {
        B.Returns = true;
        B.ReturnAt = location(Blocks[I], "returns", At);
      }
      auto Condition = [&](const json &C) {
        if (C.is_number_integer() && C.get<int64_t>() >= 0 &&
            C.get<int64_t>() < FlowBlock::MaxConditions)
          return C.get<int>();
        fail(At + " names a condition outside 0.." +
             std::to_string(FlowBlock::MaxConditions - 1));
        return -1;
      };
      if (Blocks[I].contains("condition")) {
        B.Condition = Condition(Blocks[I]["condition"]);
        if (B.Successors.size() != 2)
          fail(At + ".condition needs two successors");
      }
      if (Blocks[I].contains("condition_negated")) {
        const json &N = Blocks[I]["condition_negated"];
        if (!N.is_boolean() || B.Condition < 0)
          fail(At + ".condition_negated must be true or false, with a "
                    "condition");
        else
          B.ConditionNegated = N.get<bool>();
      }
      if (Blocks[I].contains("kills"))
        for (const json &K : list(Blocks[I], "kills", At))
          if (int C = Condition(K); C >= 0)
            B.Kills.push_back(C);
      F.Blocks.push_back(std::move(B));
    }
    return F;
  }

  TuFacts facts(const json &Doc) {
    TuFacts Facts;
    auto SchemaIt = Doc.is_object() ? Doc.find("schema") : Doc.end();
    if (!Doc.is_object() || SchemaIt == Doc.end() || *SchemaIt != Schema) {
      fail(std::string("not a facts file (schema ") + Schema + ")");
      return Facts;
    }
    Facts.File = text(Doc, "file", "facts");
    Facts.Arch = text(Doc, "arch", "facts");
    Facts.CommandHash = text(Doc, "command_hash", "facts");
    for (const json &In : list(Doc, "inputs", "facts")) {
      if (!In.is_object()) {
        fail("facts.inputs holds a non-object");
        break;
      }
      Facts.Inputs.emplace_back(text(In, "path", "facts.inputs"),
                                text(In, "hash", "facts.inputs"));
    }
    const json &Functions = list(Doc, "functions", "facts");
    for (size_t I = 0; I < Functions.size() && !failed(); ++I)
      Facts.Functions.push_back(function(
          Functions[I], "facts.functions[" + std::to_string(I) + "]"));
    return Facts;
  }
};

} // namespace

Expected<TuFacts> factsFromJson(StringRef Text, StringRef FileName) {
  auto DocOrErr = parseJson<json>(Text);
  if (!DocOrErr)
    return withFile(FileName, DocOrErr.takeError());
  FactsReader Reader;
  TuFacts Facts = Reader.facts(*DocOrErr);
  if (Reader.Problem)
    return inputError(FileName, *Reader.Problem);
  return Facts;
}

} // namespace noinstr
