//===- ReportWriter.h - rendering a Report ---------------------*- C++ -*-===//
#pragma once

#include "noinstr/report/Report.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

namespace noinstr {

enum class ReportFormat { Text, Objtool, Json };

std::optional<ReportFormat> parseReportFormat(llvm::StringRef Name);

/// Writes \p R in \p Format. Colour only applies to Text.
void writeReport(const Report &R, ReportFormat Format, llvm::raw_ostream &OS,
                 bool Color);

} // namespace noinstr
