//===- CalleeVerdict.h - may noinstr code call this? -----------*- C++ -*-===//
#pragma once

#include "noinstr/model/CalleeKind.h"

#include <string>
#include <vector>

namespace noinstr {

struct CalleeVerdict {
  enum Kind {
    Allowed, ///< noinstr target, static call, UBSAN handler, clean pv slot
    Instrumentable, ///< a direct call leaving noinstr code
    Dynamic, ///< an indirect call whose targets are unknown or not noinstr
    ProfilingHook, ///< KCOV/TSAN hook that objtool NOPs
    /// A module's callee that no input defines (vmlinux or another module
    /// defines it at load time): whether it is noinstr is unknown.
    Unresolved,
  } Verdict = Allowed;
  std::string Name; ///< callee as printed: symbol, "{dynamic}", "pv_ops[N]"
  CalleeKind Dispatch = CalleeKind::Direct;
  /// Why an Allowed call is allowed (for statistics): "noinstr section",
  /// "allowed name", "pv_ops slot".
  std::string Reason;
  std::vector<std::string> Notes;
};

} // namespace noinstr
