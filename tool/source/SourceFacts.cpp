//===- SourceFacts.cpp - facts as JSON ------------------------------------===//
#include "noinstr/source/SourceFacts.h"
#include "noinstr/support/InputError.h"

#include <nlohmann/json.hpp>

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
  return Doc.dump(1) + "\n";
}

namespace {

/// Reading with one error type: the message names the JSON path.
struct BadFacts {
  std::string What;
};

const json &field(const json &Node, const char *Key, json::value_t Type,
                  const std::string &Where) {
  auto It = Node.find(Key);
  bool NumberOk = Type == json::value_t::number_unsigned && It != Node.end() &&
                  It->is_number_integer() && It->get<int64_t>() >= 0;
  if (It == Node.end() || (It->type() != Type && !NumberOk))
    throw BadFacts{Where + "." + Key + " is missing or of the wrong type"};
  return *It;
}

std::string text(const json &Node, const char *Key, const std::string &Where) {
  return field(Node, Key, json::value_t::string, Where).get<std::string>();
}

unsigned number(const json &Node, const char *Key, const std::string &Where) {
  uint64_t Value =
      field(Node, Key, json::value_t::number_unsigned, Where).get<uint64_t>();
  // Lines, columns and parameter positions: anything larger is not one.
  if (Value > INT32_MAX)
    throw BadFacts{Where + "." + Key + " is out of range"};
  return unsigned(Value);
}

const json &list(const json &Node, const char *Key, const std::string &Where) {
  return field(Node, Key, json::value_t::array, Where);
}

SourceLocation location(const json &Node, const std::string &Where) {
  if (!Node.is_object())
    throw BadFacts{Where + " is not an object"};
  return {text(Node, "file", Where), number(Node, "line", Where),
          number(Node, "column", Where), text(Node, "function", Where)};
}

SourceEvent event(const json &Node, const std::string &Where) {
  if (!Node.is_object())
    throw BadFacts{Where + " is not an object"};
  SourceEvent E;
  auto Kind =
      parseName<SourceEventKind>(EventKindNames, text(Node, "kind", Where));
  if (!Kind)
    throw BadFacts{Where + ".kind is unknown"};
  E.Kind = *Kind;
  E.Loc = location(field(Node, "at", json::value_t::object, Where),
                   Where + ".at");
  if (E.Kind == SourceEventKind::Call) {
    E.Callee = text(Node, "callee", Where);
    E.CalleeKey = text(Node, "callee_key", Where);
    auto CK = parseName<FunctionKind>(FunctionKindNames,
                                      text(Node, "callee_kind", Where));
    if (!CK)
      throw BadFacts{Where + ".callee_kind is unknown"};
    E.CalleeKind = *CK;
  }
  if (Node.contains("noreturn"))
    E.Noreturn =
        field(Node, "noreturn", json::value_t::boolean, Where).get<bool>();
  if (Node.contains("macro"))
    E.Macro = text(Node, "macro", Where);
  if (Node.contains("parameter"))
    E.Parameter = number(Node, "parameter", Where);
  if (Node.contains("function_arguments"))
    for (const json &A : list(Node, "function_arguments", Where)) {
      std::string At = Where + ".function_arguments";
      if (!A.is_object())
        throw BadFacts{At + " holds a non-object"};
      FunctionArgument Arg;
      Arg.Index = number(A, "index", At);
      Arg.Callee = text(A, "callee", At);
      Arg.CalleeKey = text(A, "callee_key", At);
      auto CK = parseName<FunctionKind>(FunctionKindNames,
                                        text(A, "callee_kind", At));
      if (!CK)
        throw BadFacts{At + ".callee_kind is unknown"};
      Arg.CalleeKind = *CK;
      E.FunctionArguments.push_back(std::move(Arg));
    }
  return E;
}

FunctionFacts function(const json &Node, const std::string &Where) {
  if (!Node.is_object())
    throw BadFacts{Where + " is not an object"};
  FunctionFacts F;
  F.Key = text(Node, "key", Where);
  F.Name = text(Node, "name", Where);
  F.Definition = location(field(Node, "definition", json::value_t::object,
                                Where),
                          Where + ".definition");
  auto Kind = parseName<FunctionKind>(FunctionKindNames,
                                      text(Node, "kind", Where));
  if (!Kind)
    throw BadFacts{Where + ".kind is unknown"};
  F.Kind = *Kind;
  F.Section = text(Node, "section", Where);
  const json &Blocks = list(Node, "blocks", Where);
  for (size_t I = 0; I < Blocks.size(); ++I) {
    std::string At = Where + ".blocks[" + std::to_string(I) + "]";
    if (!Blocks[I].is_object())
      throw BadFacts{At + " is not an object"};
    FlowBlock B;
    const json &Events = list(Blocks[I], "events", At);
    for (size_t J = 0; J < Events.size(); ++J)
      B.Events.push_back(
          event(Events[J], At + ".events[" + std::to_string(J) + "]"));
    for (const json &S : list(Blocks[I], "successors", At)) {
      if (!S.is_number_integer() || S.get<int64_t>() < 0 ||
          S.get<uint64_t>() >= Blocks.size())
        throw BadFacts{At + ".successors names no block"};
      B.Successors.push_back(S.get<uint32_t>());
    }
    if (Blocks[I].contains("returns")) {
      B.Returns = true;
      B.ReturnAt = location(Blocks[I]["returns"], At + ".returns");
    }
    F.Blocks.push_back(std::move(B));
  }
  return F;
}

} // namespace

Expected<TuFacts> factsFromJson(StringRef Text, StringRef FileName) {
  json Doc = json::parse(Text.begin(), Text.end(), nullptr,
                         /*allow_exceptions=*/false);
  if (Doc.is_discarded())
    return inputError(FileName, "not a JSON document");
  try {
    if (!Doc.is_object() || !Doc.contains("schema") || Doc["schema"] != Schema)
      throw BadFacts{std::string("not a facts file (schema ") + Schema + ")"};
    TuFacts Facts;
    Facts.File = text(Doc, "file", "facts");
    Facts.Arch = text(Doc, "arch", "facts");
    Facts.CommandHash = text(Doc, "command_hash", "facts");
    for (const json &In : list(Doc, "inputs", "facts")) {
      if (!In.is_object())
        throw BadFacts{"facts.inputs holds a non-object"};
      Facts.Inputs.emplace_back(text(In, "path", "facts.inputs"),
                                text(In, "hash", "facts.inputs"));
    }
    const json &Functions = list(Doc, "functions", "facts");
    for (size_t I = 0; I < Functions.size(); ++I)
      Facts.Functions.push_back(function(
          Functions[I], "facts.functions[" + std::to_string(I) + "]"));
    return Facts;
  } catch (const BadFacts &Bad) {
    return inputError(FileName, Bad.What);
  } catch (const json::exception &Bad) {
    return inputError(FileName, Bad.what());
  }
}

} // namespace noinstr
