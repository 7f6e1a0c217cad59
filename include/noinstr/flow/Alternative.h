//===- Alternative.h - one .altinstructions entry --------------*- C++ -*-===//
#pragma once

#include "noinstr/model/CodeAddress.h"

#include <cstdint>

namespace noinstr {

/// Code that the kernel may patch over Orig at boot. The replacement runs
/// in place of Orig[0, OrigLength) and then continues after it.
struct Alternative {
  CodeAddress Orig;
  uint32_t OrigLength = 0; ///< max over nested ALTERNATIVE()s at Orig
  CodeAddress Replacement;
  uint32_t ReplacementLength = 0;
  uint32_t Feature = 0;      ///< CPU feature bit (low 16 bits of ft_flags)
  bool SkipOriginal = false; ///< rules: only the replacement is checked

  CodeAddress origEnd() const { return Orig + OrigLength; }
  CodeAddress replacementEnd() const { return Replacement + ReplacementLength; }
};

} // namespace noinstr
