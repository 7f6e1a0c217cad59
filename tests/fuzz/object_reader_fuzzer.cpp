//===- object_reader_fuzzer.cpp - libFuzzer target for the reader ---------===//
//
// Feeds arbitrary bytes to the object reader (noinstr::Program) and to the
// whole pipeline (noinstr::analyzeObjects), then renders the report in every
// format. Input errors are expected and consumed; anything else -- a crash, a
// sanitizer report, an exception escaping, an unchecked llvm::Error, a hang --
// is a bug in the analyzer.
//
// The API reads files, so each input is written to one temporary file per
// process (removed at exit).
//
// Environment:
//   NOINSTR_RULES_DIR             the built-in rules directory (required
//                                 unless the build defines
//                                 NOINSTR_DEFAULT_RULES_DIR)
//   NOINSTR_FUZZ_REPORT_FORMATS   comma-separated formats to render, e.g.
//                                 text,objtool (default: every format of
//                                 text, objtool, json, sarif that
//                                 parseReportFormat knows). Lets a run go on
//                                 past a known bug in one writer.
//
// Built and run by tests/fuzz/run_fuzzer.sh.
//
//===----------------------------------------------------------------------===//
#include "fuzz_input.h"

#include "noinstr/driver/BinaryAnalysis.h"
#include "noinstr/driver/Options.h"
#include "noinstr/object/Program.h"
#include "noinstr/report/ReportWriter.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

using namespace llvm;
using namespace noinstr;

namespace {

std::string RulesDir;
std::optional<fuzz::InputFile> Input;
std::vector<ReportFormat> Formats;

/// Walks what the reader offers beyond what one analysis asks for: every
/// section's relocations and every symbol lookup, at every relocation and
/// symbol address.
void exerciseProgram(Program &P) {
  for (SectionId Id = 0; Id < P.sections().size(); ++Id) {
    const Section &S = P.section(Id);
    (void)P.contents(Id);
    (void)P.functionsIn(Id);
    auto RelocsOrErr = P.relocationsIn(Id, 0, S.Size);
    if (!RelocsOrErr) {
      consumeError(RelocsOrErr.takeError());
      continue;
    }
    for (const Relocation &R : *RelocsOrErr) {
      CodeAddress At{Id, R.Offset};
      (void)P.functionContaining(At);
      (void)P.functionAt(At);
      (void)P.symbolBefore(At);
      (void)P.symbolContaining(At);
      if (R.Symbol != NoSymbol && R.Symbol < P.numSymbols())
        (void)P.symbol(R.Symbol).Name.size();
    }
    if (auto First = P.relocationIn(Id, 0, S.Size); !First)
      consumeError(First.takeError());
  }
  for (SymbolId Id = 0; Id < P.numSymbols(); ++Id) {
    const Symbol &S = P.symbol(Id);
    (void)P.resolve(Id);
    if (S.Name.contains(".cold"))
      (void)P.coldParent(Id);
    if (S.Section != NoSection && S.Section < P.sections().size()) {
      (void)P.functionContaining(S.address());
      (void)P.symbolBefore(S.address());
      (void)P.symbolContaining(S.address());
    }
  }
  (void)P.findSymbol("linux_banner");
  (void)P.findGlobal("pv_ops");
  (void)P.sectionsNamed(".noinstr.text");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *Argc, char ***Argv) {
  RulesDir = fuzz::rulesDir("object_reader_fuzzer");

  const char *FormatList = std::getenv("NOINSTR_FUZZ_REPORT_FORMATS");
  SmallVector<StringRef, 4> Names;
  StringRef(FormatList ? FormatList : "text,objtool,json,sarif")
      .split(Names, ',', -1, /*KeepEmpty=*/false);
  for (StringRef Name : Names) {
    auto Format = parseReportFormat(Name.trim());
    if (!Format && !FormatList)
      continue; // a default format this version does not have
    if (!Format) {
      std::fprintf(stderr,
                   "object_reader_fuzzer: unknown report format '%s' "
                   "in NOINSTR_FUZZ_REPORT_FORMATS\n",
                   Name.str().c_str());
      std::exit(2);
    }
    Formats.push_back(*Format);
  }

  Input.emplace("object_reader_fuzzer");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  Input->write(Data, Size);

  // 1. The reader alone, asked about everything.
  {
    auto ProgramOrErr = Program::load(std::vector<std::string>{Input->path()});
    if (!ProgramOrErr) {
      consumeError(ProgramOrErr.takeError());
      return 0; // analyzeObjects would stop at the same error
    }
    exerciseProgram(**ProgramOrErr);
  }

  // 2. The whole pipeline, as the command-line tool runs it.
  Options Opts;
  Opts.Inputs = {Input->path()};
  Opts.RulesDir = RulesDir;
  Opts.Stats = true;
  std::string Log;
  raw_string_ostream LogStream(Log);
  Diagnostics Warnings;
  auto ReportOrErr = analyzeObjects(Opts, LogStream, Warnings);
  for (const std::string &Warning : Warnings.warnings())
    LogStream << Warning << "\n";
  if (!ReportOrErr) {
    // The driver prints this; make sure it can be rendered.
    std::string Message = toString(ReportOrErr.takeError());
    (void)Message;
    return 0;
  }
  for (ReportFormat Format : Formats) {
    std::string Out;
    raw_string_ostream OS(Out);
    writeReport(*ReportOrErr, Format, OS,
                /*Color=*/Format == ReportFormat::Text, /*ShowNotes=*/true);
    OS.flush();
  }
  return 0;
}
