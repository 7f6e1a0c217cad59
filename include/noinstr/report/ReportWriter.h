//===- ReportWriter.h - rendering a Report ---------------------*- C++ -*-===//
#pragma once

#include "noinstr/model/Report.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

namespace noinstr {

enum class ReportFormat { Text, Objtool, Json, Sarif };

std::optional<ReportFormat> parseReportFormat(llvm::StringRef Name);

/// Writes \p R in \p Format. Colour only applies to Text. Findings of
/// severity note are listed in Text only with \p ShowNotes (the summary
/// counts them either way); JSON always has every finding. \p ObjtoolWerror:
/// the objtool format says "error:" (CONFIG_OBJTOOL_WERROR) for "warning:".
void writeReport(const Report &R, ReportFormat Format, llvm::raw_ostream &OS,
                 bool Color, bool ShowNotes, bool ObjtoolWerror = false);

/// Writes counts per rule and per entry point (--summary).
void writeSummary(const Report &R, llvm::raw_ostream &OS);

/// Writes the entry map (Report::EntryMap) as text or JSON.
void writeEntryMap(const Report &R, bool Json, llvm::raw_ostream &OS);

/// Writes what changed between the entry maps of \p Old and \p New
/// (--entry-map-diff): per entry point, the steps removed, added and moved
/// (the same call now in another state or place among the transitions),
/// compared by call and state, never by address. Returns whether anything
/// changed.
bool writeEntryMapDiff(const Report &Old, const Report &New, bool Json,
                       llvm::raw_ostream &OS);

} // namespace noinstr
