//===- Report.cpp ---------------------------------------------------------===//
#include "noinstr/report/Report.h"

#include <algorithm>
#include <tuple>

namespace noinstr {

static auto sortKey(const Finding &F) {
  return std::tie(F.Site.Object, F.Site.Section, F.Site.SectionOffset, F.Rule,
                  F.Callee, F.Message);
}

void Report::finalize() {
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

} // namespace noinstr
