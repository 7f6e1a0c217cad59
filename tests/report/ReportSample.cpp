//===- ReportSample.cpp - the synthetic report, rendered to files ---------===//
//
// Usage: noinstr-report-sample OUTDIR
// Writes OUTDIR/sample.sarif, OUTDIR/graphs/ and OUTDIR/sample.html from
// tests/unit/SyntheticReport.cpp, so that the schema check
// (validate_sarif.py) and the browser check (check_html.py) see chains,
// source frames and hostile names that no corpus object has today.
//
//===----------------------------------------------------------------------===//
#include "SyntheticReport.h"

#include "noinstr/report/GraphWriter.h"
#include "noinstr/report/HtmlWriter.h"
#include "noinstr/report/SarifWriter.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace noinstr;

static int fail(const Twine &Message) {
  errs() << "noinstr-report-sample: error: " << Message << "\n";
  return 2;
}

int main(int argc, char **argv) {
  if (argc != 2)
    return fail("usage: noinstr-report-sample OUTDIR");
  StringRef Dir = argv[1];
  if (std::error_code EC = sys::fs::create_directories(Dir))
    return fail(Dir + ": " + EC.message());
  auto Path = [&](StringRef Name) {
    SmallString<256> P(Dir);
    sys::path::append(P, Name);
    return std::string(P);
  };
  Report R = test::syntheticReport();

  std::error_code EC;
  raw_fd_ostream Sarif(Path("sample.sarif"), EC);
  if (EC)
    return fail(Path("sample.sarif") + ": " + EC.message());
  writeSarif(R, Sarif);

  if (Error E = writeGraphs(R, Path("graphs")))
    return fail(toString(std::move(E)));
  raw_fd_ostream Html(Path("sample.html"), EC);
  if (EC)
    return fail(Path("sample.html") + ": " + EC.message());
  if (Error E = writeHtml(R, Path("graphs"), Html))
    return fail(toString(std::move(E)));
  return 0;
}
