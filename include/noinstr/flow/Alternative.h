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
  /// The replacement is patched in when the feature is absent (x86
  /// ALT_NOT(), rules: feature_not_mask).
  bool Inverted = false;
  bool SkipOriginal = false; ///< rules: only the replacement is checked

  CodeAddress origEnd() const { return Orig + OrigLength; }
  /// Where a path that takes the alternative goes: its replacement, or the
  /// code after the original when the replacement is empty.
  CodeAddress walkTarget() const {
    return ReplacementLength ? Replacement : origEnd();
  }
  CodeAddress replacementEnd() const { return Replacement + ReplacementLength; }
};

} // namespace noinstr
