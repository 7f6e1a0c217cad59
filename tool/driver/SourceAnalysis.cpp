//===- SourceAnalysis.cpp - compile database in, findings out -------------===//
//
// The stages, each a function below: select the TUs (database, its
// architecture, the rules, the pre-scan), get each TU's facts (cache or
// Clang, in parallel, each result in its own slot), then link the facts.
// A TU that cannot be used is a problem for that TU and the run goes on;
// the report's remarks say what became of every TU.
//
//===----------------------------------------------------------------------===//
#include "noinstr/driver/SourceAnalysis.h"
#include "noinstr/explain/RootCause.h"
#include "noinstr/report/PathMap.h"
#include "noinstr/driver/Acceptance.h"

#include "noinstr/rules/RuleSet.h"
#include "noinstr/source/CompileDatabase.h"
#include "noinstr/source/FactCache.h"
#include "noinstr/source/FactExtractor.h"
#include "noinstr/source/SourceLinker.h"
#include "noinstr/support/InputError.h"
#include "noinstr/support/Json.h"
#include "noinstr/support/Version.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <tuple>

using namespace llvm;

namespace noinstr {
namespace {

/// A command that names no target compiles for the machine it ran on.
std::string hostArch() {
  Triple Host(sys::getProcessTriple());
  if (Host.getArch() == Triple::aarch64)
    return "arm64";
  return Host.getArchName().str();
}

std::string entryArch(const CompileEntry &E) {
  std::string Arch = detectArch(E);
  return Arch.empty() ? hostArch() : Arch;
}

/// Does the command-line \p Input name entry \p E? By its absolute path, or
/// by a tail of it ("arch/x86/entry/common.c").
bool namesEntry(StringRef Input, const CompileEntry &E) {
  SmallString<256> Abs(Input);
  sys::fs::make_absolute(Abs);
  sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  if (Abs == E.File)
    return true;
  Input.consume_front("./");
  return StringRef(E.File).ends_with(("/" + Input).str());
}

/// The kernel version of the tree a compile database was made in: kbuild
/// writes UTS_RELEASE ("6.12.117") into include/generated/utsrelease.h of
/// the object tree, the directory its commands run in. The source's
/// counterpart of the object's linux_banner: rules bounded by kernel version
/// apply to sources too.
std::optional<KernelVersion> treeVersion(const CompileEntry &E) {
  SmallString<256> Path(E.Directory);
  sys::path::append(Path, "include", "generated", "utsrelease.h");
  auto BufOrErr = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!BufOrErr)
    return std::nullopt;
  StringRef Text = (*BufOrErr)->getBuffer();
  size_t At = Text.find("UTS_RELEASE \"");
  if (At == StringRef::npos)
    return std::nullopt;
  return KernelVersion::parse(
      Text.drop_front(At + sizeof("UTS_RELEASE \"") - 1));
}

/// The TUs a run analyses, with the rules for their architecture and kernel
/// version.
struct Selection {
  std::string DatabasePath;
  std::string Arch;
  std::optional<KernelVersion> Version;
  RuleSet Rules;
  std::vector<CompileEntry> Units; ///< in database order
  size_t Skipped = 0;
  std::vector<std::string> Problems;
  std::vector<std::string> Failures; ///< TUs not analysed: "file: reason"
};

Expected<Selection> selectUnits(const Options &Opts) {
  auto DbOrErr = loadCompileDatabase(Opts.CompileDatabase);
  if (!DbOrErr)
    return DbOrErr.takeError();
  Selection S;
  S.DatabasePath = DbOrErr->Path;
  for (const CompileProblem &P : DbOrErr->Problems)
    S.Failures.push_back(P.File + ": " + P.Reason);
  if (DbOrErr->Entries.empty())
    return inputError(S.DatabasePath,
                      "no usable C file entry" +
                          (S.Failures.empty()
                               ? std::string()
                               : " (" + std::to_string(S.Failures.size()) +
                                     " broken, first: " + S.Failures[0] +
                                     ")"));

  // The first entry that names its target decides; a database where none
  // does comes from a native build.
  for (const CompileEntry &E : DbOrErr->Entries)
    if (std::string Arch = detectArch(E); !Arch.empty()) {
      S.Arch = Arch;
      break;
    }
  if (S.Arch.empty())
    S.Arch = hostArch();
  S.Version = treeVersion(DbOrErr->Entries.front());
  auto RulesOrErr =
      loadRuleSet(Opts.RulesDir, S.Arch, Opts.Kernel ? Opts.Kernel : S.Version, Opts.ExtraRules);
  if (!RulesOrErr)
    return RulesOrErr.takeError();
  S.Rules = std::move(*RulesOrErr);

  const std::vector<std::string> &Named =
      Opts.FactsInputs ? std::vector<std::string>() : Opts.Inputs;
  std::vector<bool> Found(Named.size());
  std::vector<std::string> OtherArch;
  for (CompileEntry &E : DbOrErr->Entries) {
    if (!Named.empty()) {
      bool Wanted = false;
      for (size_t I = 0; I < Named.size(); ++I)
        if (namesEntry(Named[I], E))
          Found[I] = Wanted = true;
      if (!Wanted)
        continue;
    }
    // A cross build's database also holds the host programs it built.
    if (entryArch(E) != S.Arch) {
      OtherArch.push_back(E.File);
      continue;
    }
    if (Named.empty() && !Opts.AllUnits) {
      auto MayOrErr = mayDefineNoinstr(E, S.Rules.Source);
      if (!MayOrErr) {
        S.Failures.push_back(toString(MayOrErr.takeError()));
        continue;
      }
      if (!*MayOrErr) {
        ++S.Skipped;
        continue;
      }
    }
    S.Units.push_back(std::move(E));
  }
  for (size_t I = 0; I < Named.size(); ++I)
    if (!Found[I]) {
      S.Failures.push_back(Named[I] + ": not a C file of " + S.DatabasePath);
    }
  if (!OtherArch.empty())
    S.Problems.push_back(S.DatabasePath + ": " +
                         std::to_string(OtherArch.size()) +
                         " entries compile for another architecture than " +
                         S.Arch + " (host programs), not analysed, first: " +
                         OtherArch.front());
  return S;
}

/// What became of one TU.
struct UnitResult {
  std::optional<TuFacts> Facts;
  bool Cached = false;
  std::string Problem;    ///< "file: reason" when it failed
  std::string CacheError; ///< the cache could not store it (not a failure)
  std::vector<std::string> Dropped;
};

UnitResult analyseUnit(const CompileEntry &E, const Selection &S,
                       const FactCache *Cache, StringRef AnalyzerKey) {
  UnitResult R;
  ClangCommand Cmd = translateCommand(E, S.Rules.Source);
  R.Dropped = Cmd.Dropped;
  // The facts also depend on where relative paths resolve, the rules and
  // the analyzer: all part of the key.
  std::vector<std::string> Key = Cmd.Arguments;
  Key.push_back(Cmd.Directory);
  Key.push_back(AnalyzerKey.str());
  std::string CommandHash = FactCache::hashCommand(Key);
  if (Cache)
    if (std::optional<TuFacts> Hit = Cache->lookup(E.File, CommandHash)) {
      R.Facts = std::move(*Hit);
      R.Cached = true;
      return R;
    }
  auto FactsOrErr = extractFacts(Cmd, E.File, S.Rules);
  if (!FactsOrErr) {
    std::string Message =
        toString(withFile(E.File, FactsOrErr.takeError()));
    R.Problem = StringRef(Message).take_until([](char C) { return C == '\n'; });
    return R;
  }
  FactsOrErr->File = E.File;
  FactsOrErr->Arch = S.Arch;
  FactsOrErr->CommandHash = CommandHash;
  if (Cache)
    if (Error Err = Cache->store(*FactsOrErr))
      R.CacheError = toString(std::move(Err));
  R.Facts = std::move(*FactsOrErr);
  return R;
}

/// Everything besides a TU's command that decides its facts, hashed: the
/// rules files and the extractor itself. The executable's contents stand
/// for the extractor, since the version number is not raised by every change
/// to what it extracts: facts cached by an older build could lack what this
/// one records (a condition's sense, say) and would be reused as complete.
std::string analyzerKey(const RuleSet &Rules) {
  static int Anchor;
  std::string Executable =
      sys::fs::getMainExecutable("noinstr-check-source", &Anchor);
  std::vector<std::string> Parts = {NOINSTR_VERSION,
                                    FactCache::hashFile(Executable)};
  for (const std::string &File : Rules.Files)
    Parts.push_back(FactCache::hashFile(File));
  return FactCache::hashCommand(Parts);
}

/// A set of dropped flags as -v shows it: "-Wp,-MMD,<file>" names a
/// per-TU dependency file, so only its option part tells sets apart.
std::string droppedKey(const std::vector<std::string> &Dropped) {
  std::string Key;
  for (StringRef Flag : Dropped) {
    if (Flag.starts_with("-Wp,-M"))
      Flag = Flag.substr(0, Flag.find(',', 4));
    if (!Key.empty())
      Key += ' ';
    Key += Flag;
  }
  return Key;
}

/// The longest directory all \p Files are under.
std::string commonDirectory(const std::vector<TuFacts> &Units) {
  std::string Common = sys::path::parent_path(Units.front().File).str();
  for (const TuFacts &U : Units)
    while (!Common.empty() && !StringRef(U.File).starts_with(Common + "/"))
      Common = sys::path::parent_path(Common).str();
  return Common;
}

/// --emit-facts: DIR/<path of the TU under the common directory>.json.
Error emitFacts(const std::vector<TuFacts> &Units, StringRef Dir) {
  if (Units.empty())
    return Error::success();
  std::string Common = commonDirectory(Units);
  for (const TuFacts &U : Units) {
    SmallString<256> Path(Dir);
    sys::path::append(Path, StringRef(U.File).drop_front(Common.size()));
    Path += ".json";
    if (std::error_code EC =
            sys::fs::create_directories(sys::path::parent_path(Path)))
      return inputError(Path, "cannot write: " + EC.message());
    std::error_code EC;
    raw_fd_ostream OS(Path, EC, sys::fs::OF_Text);
    if (EC)
      return inputError(Path, "cannot write: " + EC.message());
    OS << factsToJson(U);
    OS.close();
    if (OS.has_error())
      return inputError(Path, "cannot write: " + OS.error().message());
  }
  return Error::success();
}

/// --link-facts: the inputs are facts files, or directories of them.
Expected<SourceFactsRun> readFactsFiles(const Options &Opts) {
  std::vector<std::string> Files;
  for (const std::string &Input : Opts.Inputs) {
    if (!sys::fs::is_directory(Input)) {
      Files.push_back(Input);
      continue;
    }
    std::vector<std::string> Found;
    std::error_code EC;
    for (sys::fs::recursive_directory_iterator It(Input, EC), End;
         It != End && !EC; It.increment(EC))
      if (sys::path::extension(It->path()) == ".json")
        Found.push_back(It->path());
    if (EC)
      return inputError(Input, "cannot read: " + EC.message());
    if (Found.empty())
      return inputError(Input, "no facts files (*.json) in this directory");
    std::sort(Found.begin(), Found.end());
    Files.insert(Files.end(), Found.begin(), Found.end());
  }
  SourceFactsRun Run;
  for (const std::string &File : Files) {
    auto BufOrErr = MemoryBuffer::getFile(File, /*IsText=*/true);
    if (!BufOrErr)
      return inputError(File, BufOrErr.getError().message());
    auto FactsOrErr = factsFromJson((*BufOrErr)->getBuffer(), File);
    if (!FactsOrErr)
      return withFile(File, FactsOrErr.takeError());
    if (Run.Arch.empty())
      Run.Arch = FactsOrErr->Arch;
    else if (FactsOrErr->Arch != Run.Arch)
      return inputError(File, "facts for " + FactsOrErr->Arch +
                                  ", but earlier files are for " + Run.Arch);
    Run.Units.push_back(std::move(*FactsOrErr));
  }
  Run.Counts.Analysed = Run.Units.size();
  return Run;
}

void sortRun(SourceFactsRun &Run) {
  std::stable_sort(
      Run.Units.begin(), Run.Units.end(),
      [](const TuFacts &A, const TuFacts &B) { return A.File < B.File; });
  std::sort(Run.Problems.begin(), Run.Problems.end());
  std::sort(Run.Failures.begin(), Run.Failures.end());
  Run.Counts.Failed = Run.Failures.size();
}

} // namespace

Expected<SourceFactsRun> collectSourceFacts(const Options &Opts,
                                            raw_ostream &Log) {
  if (Opts.FactsInputs) {
    auto RunOrErr = readFactsFiles(Opts);
    if (RunOrErr)
      sortRun(*RunOrErr);
    return RunOrErr;
  }
  auto SelOrErr = selectUnits(Opts);
  if (!SelOrErr)
    return SelOrErr.takeError();
  Selection &S = *SelOrErr;

  std::optional<FactCache> Cache;
  if (!Opts.CacheDir.empty())
    Cache.emplace(Opts.CacheDir);
  std::string AnalyzerKey = analyzerKey(S.Rules);

  // Each TU writes only its own slot; the progress line is the only shared
  // state.
  std::vector<UnitResult> Results(S.Units.size());
  bool Progress = sys::Process::StandardErrIsDisplayed();
  std::mutex LogLock;
  size_t Done = 0;
  {
    DefaultThreadPool Pool(hardware_concurrency(Opts.Jobs));
    for (size_t I = 0; I < S.Units.size(); ++I)
      Pool.async([&, I] {
        Results[I] =
            analyseUnit(S.Units[I], S, Cache ? &*Cache : nullptr, AnalyzerKey);
        if (!Progress)
          return;
        std::lock_guard<std::mutex> Guard(LogLock);
        Log << "\r\033[K[" << ++Done << "/" << S.Units.size() << "] "
            << S.Units[I].File;
        Log.flush();
      });
    Pool.wait();
  }
  if (Progress && !S.Units.empty())
    Log << "\r\033[K";

  SourceFactsRun Run;
  Run.Arch = S.Arch;
  Run.Version = S.Version;
  Run.Counts.Skipped = S.Skipped;
  Run.Problems = std::move(S.Problems);
  Run.Failures = std::move(S.Failures);
  // Distinct sets in the order first seen: (TUs, first TU).
  MapVector<std::string, std::pair<size_t, std::string>,
            std::map<std::string, unsigned>>
      DroppedSets;
  std::string CacheError;
  for (size_t I = 0; I < Results.size(); ++I) {
    UnitResult &R = Results[I];
    auto &Set = DroppedSets[droppedKey(R.Dropped)];
    if (Set.first++ == 0)
      Set.second = S.Units[I].File;
    if (CacheError.empty())
      CacheError = R.CacheError;
    if (!R.Facts) {
      Run.Failures.push_back(R.Problem);
      continue;
    }
    ++Run.Counts.Analysed;
    if (R.Cached) {
      ++Run.Counts.Cached;
      if (Opts.Verbose)
        Log << "source: from the cache: " << S.Units[I].File << "\n";
    }
    Run.Units.push_back(std::move(*R.Facts));
  }
  if (Opts.Verbose)
    for (const auto &[Flags, Use] : DroppedSets)
      Log << "source: dropped for clang in " << Use.first << " TU(s) (first "
          << Use.second << "): " << (Flags.empty() ? "(none)" : Flags) << "\n";
  // One broken cache directory would fail every store: say it once.
  if (!CacheError.empty())
    Run.Problems.push_back("cache not written: " + CacheError);
  sortRun(Run);
  if (!Opts.EmitFactsDir.empty())
    if (Error E = emitFacts(Run.Units, Opts.EmitFactsDir))
      return E;
  return Run;
}

Error writeSourceCommands(const Options &Opts, raw_ostream &OS) {
  auto SelOrErr = selectUnits(Opts);
  if (!SelOrErr)
    return SelOrErr.takeError();
  using json = nlohmann::ordered_json;
  json Problems = json::array();
  for (const std::string &P : SelOrErr->Failures)
    Problems.push_back(P);
  for (const std::string &P : SelOrErr->Problems)
    Problems.push_back(P);
  json Units = json::array();
  for (const CompileEntry &E : SelOrErr->Units) {
    ClangCommand Cmd = translateCommand(E, SelOrErr->Rules.Source);
    Units.push_back(json{{"file", E.File},
                         {"directory", Cmd.Directory},
                         {"arguments", Cmd.Arguments},
                         {"dropped", Cmd.Dropped}});
  }
  json Doc{{"database", SelOrErr->DatabasePath},
           {"arch", SelOrErr->Arch},
           {"skipped", SelOrErr->Skipped},
           {"problems", std::move(Problems)},
           {"units", std::move(Units)}};
  // Paths are bytes, not always UTF-8: replace what is not.
  OS << Doc.dump(2, ' ', /*ensure_ascii=*/false,
                 json::error_handler_t::replace);
  OS << "\n";
  return Error::success();
}

Error requireComplete(const SourceFactsRun &Run, const Options &Opts) {
  const SourceRunCounts &C = Run.Counts;
  if (C.Failed == 0 || Opts.KeepGoing)
    return Error::success();
  return inputError(Opts.CompileDatabase,
                    "the run is incomplete: " + std::to_string(C.Failed) +
                        " of " + std::to_string(C.Failed + C.Analysed) +
                        " TUs failed, first: " + Run.Failures.front() +
                        " (--keep-going reports the others)");
}

/// For a source finding: the instrumentation_end() written before the call
/// in the function holding it, when the nearest region marker before the
/// call in that function's text is an end (source order: what the author
/// wrote). The call's place in the function is its outermost frame.
static RegionEndFn sourceRegionEnds(const std::vector<TuFacts> &Units) {
  struct Marker {
    unsigned Line, Column;
    bool End;
    SourceLocation Loc;
    bool operator<(const Marker &O) const {
      return std::tie(Line, Column) < std::tie(O.Line, O.Column);
    }
  };
  // By function name and file: a noinstr function's facts may come from
  // several TUs (a header), each with the same markers.
  using MarkerMap = std::map<std::string, std::vector<Marker>>;
  auto Markers = std::make_shared<MarkerMap>();
  for (const TuFacts &TU : Units)
    for (const FunctionFacts &F : TU.Functions)
      for (const FlowBlock &B : F.Blocks)
        for (const SourceEvent &E : B.Events)
          if ((E.Kind == SourceEventKind::RegionBegin ||
               E.Kind == SourceEventKind::RegionEnd) &&
              E.Loc.File == F.Definition.File)
            (*Markers)[F.Name + '\0' + F.Definition.File].push_back(
                {E.Loc.Line, E.Loc.Column,
                 E.Kind == SourceEventKind::RegionEnd, E.Loc});
  for (auto &[Key, List] : *Markers) {
    std::sort(List.begin(), List.end());
    List.erase(std::unique(List.begin(), List.end(),
                           [](const Marker &A, const Marker &B) {
                             return !(A < B) && !(B < A);
                           }),
               List.end());
  }
  return [Markers](const Finding &F) -> std::optional<CodeLocation> {
    if (F.Site.hasAddress() || F.Site.Source.empty())
      return std::nullopt;
    const SourceLocation &Call = F.Site.Source.back();
    auto It = Markers->find(F.Function + '\0' + Call.File);
    if (It == Markers->end())
      return std::nullopt;
    const std::vector<Marker> &List = It->second;
    auto After = std::lower_bound(List.begin(), List.end(),
                                  Marker{Call.Line, Call.Column, false, {}});
    if (After == List.begin() || !std::prev(After)->End)
      return std::nullopt;
    CodeLocation End;
    End.Symbol = F.Function;
    End.Source = {std::prev(After)->Loc};
    return End;
  };
}

Expected<Report> analyzeSources(const Options &Opts, raw_ostream &Log) {
  auto RunOrErr = collectSourceFacts(Opts, Log);
  if (!RunOrErr)
    return RunOrErr.takeError();
  SourceFactsRun &Run = *RunOrErr;
  const SourceRunCounts &C = Run.Counts;
  // Nothing analysed is a result only when the pre-scan chose so.
  if (C.Analysed == 0 && (C.Failed > 0 || C.Skipped == 0))
    return inputError(Opts.CompileDatabase,
                      "no TU could be analysed: " + std::to_string(C.Failed) +
                          " failed" +
                          (Run.Failures.empty()
                               ? std::string()
                               : ", first: " + Run.Failures.front()));
  if (Error E = requireComplete(Run, Opts))
    return E;

  auto RulesOrErr =
      loadRuleSet(Opts.RulesDir, Run.Arch, Opts.Kernel ? Opts.Kernel : Run.Version, Opts.ExtraRules);
  if (!RulesOrErr)
    return RulesOrErr.takeError();
  SourceLinkResult Link = linkFacts(Run.Units, *RulesOrErr);

  Report R;
  if (Opts.FactsInputs)
    R.Inputs = Opts.Inputs;
  else
    R.Inputs = {Opts.CompileDatabase};
  R.RuleHelp = RulesOrErr->Explain.RuleHelp;
  R.Findings = std::move(Link.Findings);
  R.Graph = std::move(Link.Graph);
  R.Remarks.push_back("source: " + std::to_string(C.Analysed) +
                      " TUs analysed (" + std::to_string(C.Cached) +
                      " cached), " + std::to_string(C.Skipped) +
                      " skipped by the pre-scan, " + std::to_string(C.Failed) +
                      " failed");
  R.Remarks.insert(R.Remarks.end(), Run.Problems.begin(), Run.Problems.end());
  R.Failures = std::move(Run.Failures);
  R.AllChains = Opts.AllChains;
  R.finalize();
  groupByRootCause(R, *RulesOrErr, sourceRegionEnds(Run.Units));
  mapPaths(R, Opts.PathPrefixes);
  if (Error E = acceptFindings(R, *RulesOrErr, Opts))
    return E;
  return R;
}

} // namespace noinstr
