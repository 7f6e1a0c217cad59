//===- HtmlWriter.h - the report as one self-contained page ----*- C++ -*-===//
//
// A page for people: a summary, then every finding with its chain, source
// frames, notes and diagram. Inline CSS only, no scripts, no external
// resources, so the file can be attached to a bug or opened offline.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/model/Report.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace noinstr {

/// Writes \p R as HTML. With a non-empty \p GraphDir (where writeGraphs put
/// its files), each finding's SVG and the overview are inlined; a missing or
/// unreadable SVG is an error naming it. Every string from the report is
/// HTML-escaped. Deterministic: no dates, no paths but the report's own.
llvm::Error writeHtml(const Report &R, llvm::StringRef GraphDir,
                      llvm::raw_ostream &OS);

} // namespace noinstr
