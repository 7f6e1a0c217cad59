//===- SectionClasses.h - which sections are noinstr -----------*- C++ -*-===//
#pragma once

#include "noinstr/object/Program.h"
#include "noinstr/rules/RuleSet.h"

#include <vector>

namespace noinstr {

/// Per-section flags derived once from the rules.
struct SectionClasses {
  std::vector<bool> Checked; ///< walked as call sources
  std::vector<bool> Noinstr; ///< a call into them stays noinstr

  SectionClasses(const Program &P, const RuleSet &Rules);
  bool checked(SectionId S) const { return S != NoSection && Checked[S]; }
  bool noinstr(SectionId S) const { return S != NoSection && Noinstr[S]; }
};

} // namespace noinstr
