//===- SectionClasses.cpp -------------------------------------------------===//
#include "noinstr/flow/SectionClasses.h"

namespace noinstr {

SectionClasses::SectionClasses(const Program &P, const RuleSet &Rules) {
  for (const Section &S : P.sections()) {
    bool Code = S.Executable && S.HasBits;
    Checked.push_back(Code && Rules.CheckedSections.matches(S.Name));
    Noinstr.push_back(Code && Rules.NoinstrSections.matches(S.Name));
  }
}

} // namespace noinstr
