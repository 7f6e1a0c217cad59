//===- SourceJoin.h - binary findings with source reasons -------*- C++ -*-===//
//
// The binary says what the compiler emitted, the source says what the
// author wrote. Each binary call finding is matched with the call the
// source facts record at the same file and line, which tells why the call
// exists in the object: a function declared inline that was emitted out of
// line, a call written in a macro, an ordinary function the compiler
// inlined into noinstr code.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/model/Report.h"
#include "noinstr/rules/RuleSet.h"
#include "noinstr/source/SourceFacts.h"

#include <cstddef>
#include <vector>

namespace noinstr {

/// Adds source reasons to the call findings of \p Binary (and classifies
/// the findings it explains again); returns how many it explained.
size_t joinWithSource(Report &Binary, const std::vector<TuFacts> &Units,
                      const RuleSet &Rules);

} // namespace noinstr
