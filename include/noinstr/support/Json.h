//===- Json.h - the one JSON library, read without exceptions -*- C++ -*-===//
//
// Every JSON document the tool reads or writes goes through nlohmann::json.
// Why that one and not llvm::json: the report formats (JSON, SARIF,
// baselines, facts) document their fields in a fixed order, and
// nlohmann::ordered_json keeps insertion order, where llvm::json::Value
// always prints keys sorted; and most of the tool already used it.
//
// nlohmann reports syntax errors by throwing. The tool does not use
// exceptions for control flow: parseJson runs the same parser through its
// SAX interface and hands the first error back as an llvm::Error.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace noinstr {

namespace detail {
/// nlohmann's own DOM builder that keeps a syntax error's message instead
/// of throwing it.
template <typename Json>
class DomBuilder : public nlohmann::detail::json_sax_dom_parser<Json> {
public:
  explicit DomBuilder(Json &Doc)
      : nlohmann::detail::json_sax_dom_parser<Json>(
            Doc, /*allow_exceptions=*/false) {}

  template <typename Exception>
  bool parse_error(std::size_t, const std::string &, const Exception &E) {
    if (!Message) {
      // What follows nlohmann's "[json.exception.parse_error.101] ".
      llvm::StringRef What(E.what());
      size_t Pos = What.find("] ");
      Message = (Pos == llvm::StringRef::npos ? What : What.substr(Pos + 2))
                    .str();
    }
    return false;
  }

  std::optional<std::string> Message;
};
} // namespace detail

/// The document \p Text holds; an error "bad JSON: what and where" for a
/// syntax error or a number out of range ("[1e999]").
template <typename Json = nlohmann::json>
llvm::Expected<Json> parseJson(llvm::StringRef Text) {
  Json Doc;
  detail::DomBuilder<Json> Builder(Doc);
  Json::sax_parse(Text.begin(), Text.end(), &Builder);
  if (Builder.Message)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "bad JSON: " + *Builder.Message);
  return Doc;
}

} // namespace noinstr
