//===- Report.cpp ---------------------------------------------------------===//
#include "noinstr/model/Report.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

namespace noinstr {

static auto sortKey(const Finding &F) {
  // Source findings (no address) are ordered by line and column.
  static const SourceLocation None;
  const SourceLocation &S = F.Site.Source.empty() ? None : F.Site.Source.front();
  return std::tie(F.Site.Object, F.Site.Section, F.Site.SectionOffset, S.Line,
                  S.Column, F.Rule, F.Callee, F.Message);
}

/// FNV-1a: small, stable across platforms and versions of this tool.
static std::string fingerprintOf(const Finding &F) {
  std::string Entry = F.Chain.empty() ? F.Function : F.Chain.front().Function;
  std::string Key =
      F.Rule.str().str() + '\0' + Entry + '\0' + F.Function + '\0' + F.Callee;
  uint64_t H = 0xcbf29ce484222325ull;
  for (unsigned char C : Key) {
    H ^= C;
    H *= 0x100000001b3ull;
  }
  char Buf[17];
  snprintf(Buf, sizeof Buf, "%016llx", static_cast<unsigned long long>(H));
  return Buf;
}

void Report::finalize() {
  for (Finding &F : Findings)
    F.Fingerprint = fingerprintOf(F);
  std::stable_sort(Findings.begin(), Findings.end(),
                   [](const Finding &A, const Finding &B) {
                     return sortKey(A) < sortKey(B);
                   });
  Findings.erase(std::unique(Findings.begin(), Findings.end(),
                             [](const Finding &A, const Finding &B) {
                               return sortKey(A) == sortKey(B);
                             }),
                 Findings.end());
}

llvm::StringRef Report::ruleHelp(RuleId Rule) const {
  auto It = RuleHelp.find(Rule);
  return It != RuleHelp.end() ? llvm::StringRef(It->second)
                              : ruleInfo(Rule).Help;
}

} // namespace noinstr
