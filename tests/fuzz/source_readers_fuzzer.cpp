//===- source_readers_fuzzer.cpp - libFuzzer target for the source readers ===//
//
// Feeds arbitrary bytes to the two readers of the source analyzer that take
// files a user or a build system writes, and to what runs on whatever they
// accept:
//
//   facts             factsFromJson; an accepted file must write back
//                     (factsToJson) to text that reads again to the same
//                     facts, and linkFacts must get through it, alone and
//                     next to itself (every key defined twice, as a header's
//                     static helpers are), with the rules of its arch;
//   compile database  loadCompileDatabase; then detectArch and
//                     translateCommand on every entry, and mayDefineNoinstr
//                     on an entry whose file does not exist (an Error).
//
// Every input goes to both: each reader rejects the other's files at once,
// so nothing is spent choosing. Input errors are expected and consumed;
// anything else -- a crash, a sanitizer report, an exception escaping, an
// unchecked llvm::Error, a failed round trip, a hang -- is a bug.
//
// loadCompileDatabase reads a file (as the driver gives it one), so each
// input is also written to one temporary file per process (removed at exit).
//
// Environment:
//   NOINSTR_RULES_DIR   the built-in rules directory (required unless the
//                       build defines NOINSTR_DEFAULT_RULES_DIR)
//
// Built and run by tests/fuzz/run_fuzzer.sh (target source_readers).
//
//===----------------------------------------------------------------------===//
#include "fuzz_input.h"

#include "noinstr/rules/RuleSet.h"
#include "noinstr/source/CompileDatabase.h"
#include "noinstr/source/SourceFacts.h"
#include "noinstr/source/SourceLinker.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

using namespace llvm;
using namespace noinstr;

namespace {

// Loaded once: the rules are not what is fuzzed here.
std::optional<RuleSet> X86Rules, Arm64Rules;
std::optional<fuzz::InputFile> Input;

[[noreturn]] void fail(const std::string &What) {
  std::fprintf(stderr, "source_readers_fuzzer: %s\n", What.c_str());
  std::abort();
}

RuleSet loadRules(const std::string &Dir, const std::string &Arch) {
  auto RulesOrErr = loadRuleSet(Dir, Arch, std::nullopt, {});
  if (!RulesOrErr) {
    std::fprintf(stderr, "source_readers_fuzzer: the %s rules in %s: %s\n",
                 Arch.c_str(), Dir.c_str(),
                 toString(RulesOrErr.takeError()).c_str());
    std::exit(2);
  }
  return std::move(*RulesOrErr);
}

const RuleSet &rulesFor(StringRef Arch) {
  return Arch == "arm64" ? *Arm64Rules : *X86Rules;
}

void fuzzFacts(StringRef Text) {
  auto FactsOrErr = factsFromJson(Text, "input.facts.json");
  if (!FactsOrErr) {
    consumeError(FactsOrErr.takeError());
    return;
  }
  // What the cache and --emit-facts write must read back as it was.
  std::string Written = factsToJson(*FactsOrErr);
  auto RereadOrErr = factsFromJson(Written, "written.facts.json");
  if (!RereadOrErr)
    fail("facts it accepted do not read back: " +
         toString(RereadOrErr.takeError()));
  if (factsToJson(*RereadOrErr) != Written)
    fail("facts it accepted read back different:\n" + Written);

  const RuleSet &Rules = rulesFor(FactsOrErr->Arch);
  std::vector<TuFacts> Units{std::move(*FactsOrErr)};
  (void)linkFacts(Units, Rules);
  Units.push_back(std::move(*RereadOrErr));
  (void)linkFacts(Units, Rules);
}

void fuzzCompileDatabase() {
  auto DbOrErr = loadCompileDatabase(Input->path());
  if (!DbOrErr) {
    // The driver prints this; make sure it can be rendered.
    std::string Message = toString(DbOrErr.takeError());
    (void)Message;
    return;
  }
  for (const CompileEntry &Entry : DbOrErr->Entries) {
    const RuleSet &Rules = rulesFor(detectArch(Entry));
    (void)translateCommand(Entry, Rules.Source);
  }
  if (DbOrErr->Entries.empty())
    return;
  // The pre-scan reads the entry's file: one that is not there (the
  // database is older than the tree) is an error for that TU.
  CompileEntry Missing = DbOrErr->Entries.front();
  Missing.File = Input->path() + ".missing.c";
  auto MayOrErr = mayDefineNoinstr(Missing, rulesFor(detectArch(Missing)).Source);
  if (MayOrErr)
    fail("mayDefineNoinstr read a file that does not exist: " + Missing.File);
  consumeError(MayOrErr.takeError());
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *Argc, char ***Argv) {
  std::string RulesDir = fuzz::rulesDir("source_readers_fuzzer");
  X86Rules = loadRules(RulesDir, "x86_64");
  Arm64Rules = loadRules(RulesDir, "arm64");

  Input.emplace("source_readers_fuzzer");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  fuzzFacts(StringRef(reinterpret_cast<const char *>(Data), Size));
  Input->write(Data, Size);
  fuzzCompileDatabase();
  return 0;
}
