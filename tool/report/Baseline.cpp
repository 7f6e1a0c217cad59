//===- Baseline.cpp - baselines and waivers -------------------------------===//
#include "noinstr/report/Baseline.h"

#include "noinstr/support/InputError.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

using namespace llvm;

namespace noinstr {

static constexpr const char *Schema = "noinstr-check-baseline/1";

Error writeBaseline(const Report &R, const std::string &File) {
  using json = nlohmann::ordered_json;
  std::vector<const Finding *> Kept;
  for (const Finding &F : R.Findings)
    if (F.Level != Severity::Note) {
      Kept.push_back(&F);
      for (const Finding &Same : F.SameCause)
        Kept.push_back(&Same);
    }
  std::sort(Kept.begin(), Kept.end(), [](const Finding *A, const Finding *B) {
    return A->Fingerprint < B->Fingerprint;
  });
  json Doc;
  Doc["schema"] = Schema;
  Doc["findings"] = json::array();
  std::string Last;
  for (const Finding *F : Kept) {
    if (F->Fingerprint == Last)
      continue; // one entry per fingerprint (several sites may share one)
    Last = F->Fingerprint;
    Doc["findings"].push_back(
        {{"fingerprint", F->Fingerprint},
         {"rule", F->Rule.str()},
         {"entry", F->Chain.empty() ? F->Function : F->Chain.front().Function},
         {"function", F->Function},
         {"callee", F->Callee}});
  }
  std::error_code EC;
  raw_fd_ostream OS(File, EC, sys::fs::OF_Text);
  if (EC)
    return inputError(File, "cannot write baseline: " + EC.message());
  // Symbol names are bytes, not always UTF-8: replace what is not.
  OS << Doc.dump(2, ' ', /*ensure_ascii=*/false,
                 nlohmann::json::error_handler_t::replace)
     << "\n";
  return Error::success();
}

static std::string describe(const std::string &Rule, const std::string &Function,
                            const std::string &Callee) {
  return Rule + " in '" + Function + "'" +
         (Callee.empty() ? "" : " -> '" + Callee + "'");
}

Expected<BaselineEntries> readBaseline(const std::string &File) {
  auto BufOrErr = MemoryBuffer::getFile(File, /*IsText=*/true);
  if (!BufOrErr)
    return inputError(File, BufOrErr.getError().message());
  auto Doc = nlohmann::json::parse((*BufOrErr)->getBuffer().begin(),
                                   (*BufOrErr)->getBuffer().end(), nullptr,
                                   /*allow_exceptions=*/false);
  if (Doc.is_discarded() || !Doc.is_object() ||
      Doc.value("schema", "") != Schema || !Doc.contains("findings") ||
      !Doc["findings"].is_array())
    return inputError(File, std::string("not a baseline (expected JSON with "
                                        "\"schema\": \"") +
                                Schema + "\" and a \"findings\" list)");
  BaselineEntries Known;
  auto Str = [](const nlohmann::json &Entry, const char *Key) {
    return Entry.contains(Key) && Entry[Key].is_string()
               ? Entry[Key].get<std::string>()
               : std::string();
  };
  for (const auto &Entry : Doc["findings"]) {
    if (!Entry.is_object() || !Entry.contains("fingerprint") ||
        !Entry["fingerprint"].is_string())
      return inputError(File, "baseline entry without a fingerprint");
    Known[Entry["fingerprint"].get<std::string>()] =
        describe(Str(Entry, "rule"), Str(Entry, "function"),
                 Str(Entry, "callee"));
  }
  return Known;
}

void markNew(Report &R, const BaselineEntries &Known) {
  R.HasBaseline = true;
  std::set<std::string> Seen;
  // Notes are not written to baselines, and never fail a run.
  for (Finding &F : R.Findings) {
    F.New = F.Level != Severity::Note && !Known.count(F.Fingerprint);
    Seen.insert(F.Fingerprint);
    for (const Finding &Same : F.SameCause)
      Seen.insert(Same.Fingerprint);
  }
  for (const auto &[Fingerprint, What] : Known)
    if (!Seen.count(Fingerprint))
      R.StaleBaseline.push_back(Fingerprint + " " + What);
}

static bool matches(const Waiver &W, const Finding &F) {
  return W.Function == F.Function &&
         (W.Callee.empty() || W.Callee == F.Callee) &&
         (W.Rule.empty() || W.Rule == F.Rule.str());
}

void applyWaivers(Report &R, const std::vector<Waiver> &Waivers) {
  std::vector<bool> Used(Waivers.size());
  std::vector<Finding> Kept;
  for (Finding &F : R.Findings) {
    auto It = std::find_if(Waivers.begin(), Waivers.end(),
                           [&](const Waiver &W) { return matches(W, F); });
    if (It == Waivers.end()) {
      Kept.push_back(std::move(F));
      continue;
    }
    Used[It - Waivers.begin()] = true;
    R.Waived.push_back({std::move(F), It->Reason});
  }
  R.Findings = std::move(Kept);
  for (size_t I = 0; I < Waivers.size(); ++I)
    if (!Used[I]) {
      const Waiver &W = Waivers[I];
      R.StaleWaivers.push_back(
          W.File + ": waiver for function '" + W.Function + "'" +
          (W.Callee.empty() ? "" : ", callee '" + W.Callee + "'") +
          (W.Rule.empty() ? "" : ", rule '" + W.Rule + "'") +
          " matches no finding (stale)");
    }
}

} // namespace noinstr
