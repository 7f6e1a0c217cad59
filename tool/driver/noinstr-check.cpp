//===- noinstr-check.cpp - the command-line tool --------------------------===//
//
// Exit status: 0 no findings (notes do not count), 1 findings, 2 usage or
// input error. Errors are one line: "noinstr-check: error: FILE: problem".
// A defect that spoils only a part of the input (a damaged DWARF unit) is
// one line "noinstr-check: warning: FILE: problem" and a remark in the
// report; the status still comes from the findings.
//
// Built twice: noinstr-check without Clang, and noinstr-check-source
// (NOINSTR_WITH_SOURCE) with it. Clang's static initialisers cost about
// 5 MiB of resident memory at start-up, a fifth of a whole binary analysis
// of a small kernel; so the binary analyzer stays lean and hands the runs
// that parse C (--source, -p, --link-facts) to its twin next to it.
//
//===----------------------------------------------------------------------===//
#include "noinstr/driver/BinaryAnalysis.h"
#include "noinstr/driver/JoinedAnalysis.h"
#include "noinstr/driver/Options.h"
#include "noinstr/driver/SourceAnalysis.h"
#include "noinstr/support/Version.h"
#include "noinstr/report/GraphWriter.h"
#include "noinstr/report/HtmlWriter.h"
#include "noinstr/rules/RuleSet.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <map>
#include <set>

using namespace llvm;
using namespace noinstr;

namespace {

cl::OptionCategory Category("noinstr-check options");

// Objects; with --source, source files (none: every relevant TU); with
// --link-facts, facts files. Checked in main, which knows the mode.
cl::list<std::string> Inputs(cl::Positional,
                             cl::desc("<vmlinux.o ... | source.c ... | "
                                      "facts.json ...>"),
                             cl::ZeroOrMore, cl::cat(Category));
cl::opt<std::string>
    BuildDir("build-dir",
             cl::desc("Check the kernel build directory's vmlinux.o and "
                      "every module of its modules.order in one run"),
             cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string>
    ModuleSymvers("module-symvers",
                  cl::desc("Module.symvers: says where callees defined in no "
                           "input live (default with --build-dir: its "
                           "Module.symvers)"),
                  cl::value_desc("file"), cl::cat(Category));
cl::opt<std::string>
    FormatName("format", cl::desc("Report format: text, objtool, json, sarif"),
               cl::init("text"), cl::cat(Category));
cl::list<std::string>
    ExtraRules("rules",
               cl::desc("Extra rules file, merged over the built-in "
                        "rules (repeatable)"),
               cl::value_desc("file.json"), cl::cat(Category));
cl::opt<std::string>
    KernelVersionText("kernel-version",
                      cl::desc("Select the rules for this kernel version "
                               "instead of the one in the object's "
                               "linux_banner"),
                      cl::value_desc("X.Y"), cl::cat(Category));
cl::opt<bool> ObjtoolWerror(
    "objtool-werror",
    cl::desc("With --format=objtool, print \"error:\" as objtool does for "
             "a kernel built with CONFIG_OBJTOOL_WERROR"),
    cl::cat(Category));
cl::opt<std::string>
    RulesDir("rules-dir",
             cl::desc("Directory of built-in rules (default: "
                      "share/noinstr-check/rules next to the binary)"),
             cl::cat(Category));
cl::opt<std::string>
    GraphDir("graph-dir",
             cl::desc("Write a Graphviz diagram (.dot and .svg) per finding "
                      "and per entry point into this directory"),
             cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string>
    HtmlFile("html",
             cl::desc("Also write the report as one self-contained HTML page "
                      "(with the diagrams when --graph-dir is given)"),
             cl::value_desc("file"), cl::cat(Category));
cl::opt<bool> AllChains("all-chains",
                        cl::desc("List every entry point that reaches each "
                                 "finding, not only the shortest chain"),
                        cl::cat(Category));
cl::opt<std::string>
    EntryMap("entry-map", cl::ValueOptional,
             cl::desc("Print, per entry point (all, or the comma-separated "
                      "names given), the calls made before the state is "
                      "established and after it is torn down, with the "
                      "state after each"),
             cl::value_desc("name,..."), cl::cat(Category));
cl::opt<bool> EntryMapDiff(
    "entry-map-diff",
    cl::desc("With two objects OLD NEW: what changed on each entry path "
             "(calls added, removed, moved among the transitions); exit 1 "
             "when anything did. --entry-map=NAME,... selects entry points"),
    cl::cat(Category));
cl::opt<std::string>
    BaselineFile("baseline",
                 cl::desc("Compare with a baseline written by "
                          "--write-baseline: only new findings fail the run"),
                 cl::value_desc("file"), cl::cat(Category));
cl::opt<std::string>
    WriteBaselineFile("write-baseline",
                      cl::desc("Write the fingerprints of this run's findings"),
                      cl::value_desc("file"), cl::cat(Category));
cl::opt<bool> Summary("summary",
                      cl::desc("Print counts per rule and per entry point "
                               "instead of the findings"),
                      cl::cat(Category));
cl::opt<bool> ShowNotes("show-notes",
                        cl::desc("List findings of severity note in the text "
                                 "report (they never fail the run)"),
                        cl::cat(Category));
cl::list<std::string>
    PrefixMaps("prefix-map",
               cl::desc("Print source paths starting with OLD as NEW "
                        "(repeatable; default: relative to the kernel "
                        "source tree, DWARF's DW_AT_comp_dir)"),
               cl::value_desc("OLD=NEW"), cl::cat(Category));
cl::opt<bool> Stats(
    "analysis-stats",
    cl::desc("Print analysis counts (roots, instructions, states) to stderr"),
    cl::cat(Category));

cl::OptionCategory SourceCategory("source analysis options");
cl::opt<std::string>
    CompileDatabase("p",
                    cl::desc("The kernel's compile_commands.json (or its "
                             "directory): analyse the C sources"),
                    cl::value_desc("db"), cl::cat(SourceCategory));
cl::opt<bool> SourceOnly("source",
                         cl::desc("Analyse the sources of -p; inputs are "
                                  "source files (default: every TU the "
                                  "pre-scan selects)"),
                         cl::cat(SourceCategory));
cl::opt<bool> AllUnits("all",
                       cl::desc("Analyse every C file of the database, "
                                "not only those the pre-scan selects"),
                       cl::cat(SourceCategory));
cl::opt<unsigned> Jobs("j",
                       cl::desc("TUs analysed in parallel (default: one "
                                "per core)"),
                       cl::value_desc("N"), cl::init(0),
                       cl::cat(SourceCategory));
cl::opt<std::string>
    CacheDir("cache-dir",
             cl::desc("Reuse the facts of unchanged TUs from this directory "
                      "(default: $XDG_CACHE_HOME or ~/.cache, then "
                      "noinstr-check/facts)"),
             cl::value_desc("dir"), cl::cat(SourceCategory));
cl::opt<bool> NoCache("no-cache",
                      cl::desc("Neither read nor write the facts cache"),
                      cl::cat(SourceCategory));
cl::opt<std::string>
    EmitFacts("emit-facts",
              cl::desc("Also write each TU's facts as JSON into this "
                       "directory (for --link-facts)"),
              cl::value_desc("dir"), cl::cat(SourceCategory));
cl::opt<bool> LinkFacts("link-facts",
                        cl::desc("Inputs are facts files (or directories of "
                                 "them) from --emit-facts: run the link step "
                                 "only"),
                        cl::cat(SourceCategory));
cl::opt<bool> KeepGoing("keep-going",
                        cl::desc("Report what was analysed even when some "
                                 "TUs failed (the report names them); "
                                 "without it such a run exits with 2"),
                        cl::cat(SourceCategory));
cl::opt<bool> Verbose("v",
                      cl::desc("Say which compiler flags were dropped for "
                               "clang, and which TUs came from the cache"),
                      cl::cat(SourceCategory));
// For tests and benchmarks: the translated commands, nothing parsed.
cl::opt<bool> PrintCommands("print-commands", cl::Hidden,
                            cl::cat(SourceCategory));

int fail(const Twine &Message) {
  errs() << "noinstr-check: error: " << Message << "\n";
  return 2;
}

/// The one printer of recoverable input defects (Diagnostics) of a run
/// that made a report: each once, one line on stderr, and a remark in \p R,
/// so that every report format says what the run left out. (A run that
/// fails says only its error, which names the first defect when they are
/// the cause.)
void printWarnings(const Diagnostics &Diags, Report &R) {
  for (const std::string &Warning : Diags.warnings()) {
    errs() << "noinstr-check: warning: " << Warning << "\n";
    R.Remarks.push_back(Warning);
  }
}

std::string defaultRulesDir(const char *Argv0) {
  static int Anchor;
  std::string Exe = sys::fs::getMainExecutable(Argv0, &Anchor);
  SmallString<256> Dir(sys::path::parent_path(sys::path::parent_path(Exe)));
  sys::path::append(Dir, "share", "noinstr-check", "rules");
  return std::string(Dir);
}

#ifndef NOINSTR_WITH_SOURCE
/// Runs noinstr-check-source, next to this executable, with our arguments;
/// its exit status is ours.
int runSourceTwin(int argc, char **argv) {
  static int Anchor;
  std::string Exe = sys::fs::getMainExecutable(argv[0], &Anchor);
  SmallString<256> Twin(sys::path::parent_path(Exe));
  sys::path::append(Twin, "noinstr-check-source");
  std::vector<StringRef> Args{Twin.str()};
  for (int I = 1; I < argc; ++I)
    Args.push_back(argv[I]);
  std::string Problem;
  int Status = sys::ExecuteAndWait(Twin, Args, /*Env=*/std::nullopt,
                                   /*Redirects=*/{}, 0, 0, &Problem);
  if (Status < 0)
    return fail("cannot run the source analyzer " + Twin + ": " + Problem);
  return Status;
}
#endif

std::string defaultCacheDir() {
  SmallString<256> Dir;
  if (const char *Xdg = std::getenv("XDG_CACHE_HOME"); Xdg && *Xdg)
    Dir = Xdg;
  else if (sys::path::home_directory(Dir))
    sys::path::append(Dir, ".cache");
  else
    return "";
  sys::path::append(Dir, "noinstr-check", "facts");
  return std::string(Dir);
}

/// Options that contradict each other, or one that another makes
/// meaningless: rejected before anything runs, never silently ignored.
std::string conflict(const Options &Opts) {
  bool Text = Opts.Format == ReportFormat::Text;
  bool Json = Opts.Format == ReportFormat::Json;
  if (Opts.EntryMap && Opts.Summary)
    return "--entry-map and --summary each replace the findings: use one";
  if (Opts.EntryMap && !Text && !Json)
    return "--entry-map is written as text or JSON, not --format=" +
           FormatName;
  if (Opts.Summary && !Text)
    return "--summary is text only, not --format=" + FormatName;
  if (Opts.EntryMap && (!Opts.BaselineFile.empty() ||
                        !Opts.WriteBaselineFile.empty()))
    return "--entry-map lists no findings to compare with a baseline";
  if (Opts.KeepGoing && !Opts.SourceOnly && Opts.CompileDatabase.empty())
    return "--keep-going is about source TUs: it needs -p";
  if (!Opts.BaselineFile.empty() &&
      Opts.BaselineFile == Opts.WriteBaselineFile)
    return "--baseline and --write-baseline name the same file";
  return "";
}

/// Whether \p File can be written (its directory exists and is writable,
/// and the file, if there, too): checked before a long analysis, not after.
std::string unwritable(const std::string &File) {
  if (sys::fs::is_directory(File))
    return File + ": is a directory";
  StringRef Dir = sys::path::parent_path(File);
  if (Dir.empty())
    Dir = ".";
  if (!sys::fs::is_directory(Dir))
    return File + ": cannot write: no directory " + Dir.str();
  if (sys::fs::access(Dir, sys::fs::AccessMode::Write) &&
      !sys::fs::exists(File))
    return File + ": cannot write: directory " + Dir.str() + " not writable";
  if (sys::fs::exists(File) &&
      sys::fs::access(File, sys::fs::AccessMode::Write))
    return File + ": cannot write: permission denied";
  return "";
}

/// --version: which LLVM, which rules, which kernels they describe.
void printVersion(raw_ostream &OS, const std::string &RulesDir) {
  OS << "noinstr-check " NOINSTR_VERSION "\n"
     << "LLVM " LLVM_VERSION_STRING "\n"
     << "rules: " << RulesDir << "\n";
  auto FilesOrErr = listRulesFiles(RulesDir);
  if (!FilesOrErr) {
    OS << "  (" << toString(FilesOrErr.takeError()) << ")\n";
    return;
  }
  std::map<std::string, std::set<std::string>> Versions;
  for (const RulesFileMatch &M : *FilesOrErr) {
    OS << "  " << M.File;
    if (!M.Arch.empty())
      OS << ": " << M.Arch;
    if (!M.MinKernel.empty() || !M.MaxKernel.empty()) {
      std::string Range = M.MinKernel == M.MaxKernel
                              ? M.MinKernel
                              : (M.MinKernel.empty() ? "..." : M.MinKernel) +
                                    " to " +
                                    (M.MaxKernel.empty() ? "..." : M.MaxKernel);
      OS << ", Linux " << Range;
      Versions[M.Arch.empty() ? "any" : M.Arch].insert(Range);
    }
    OS << "\n";
  }
  for (const auto &[Arch, Ranges] : Versions) {
    OS << "kernel versions with their own rules (" << Arch << "): ";
    bool First = true;
    for (const std::string &R : Ranges) {
      OS << (First ? "" : ", ") << R;
      First = false;
    }
    OS << "\n";
  }
  OS << "other versions use the base rules of their architecture\n";
}

} // namespace

int main(int argc, char **argv) {
  cl::HideUnrelatedOptions({&Category, &SourceCategory});
  // LLVM's --color (raw_ostream colours) is ours too: show it.
  if (auto *Color = cl::getRegisteredOptions().lookup("color"))
    Color->setHiddenFlag(cl::NotHidden);
  cl::SetVersionPrinter([Argv0 = argv[0]](raw_ostream &OS) {
    printVersion(OS, RulesDir.empty() ? defaultRulesDir(Argv0) : RulesDir);
  });
  std::string ParseErrors;
  raw_string_ostream ParseErrorStream(ParseErrors);
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "noinstr-check: calls that leave non-instrumentable kernel code\n",
          &ParseErrorStream)) {
    // LLVM prefixes its own name and may add a hint line: keep one line.
    StringRef Message = StringRef(ParseErrors).trim();
    Message = Message.take_until([](char C) { return C == '\n'; });
    for (StringRef Prefix : {StringRef(argv[0]), sys::path::filename(argv[0])})
      if (Message.consume_front((Prefix + ": ").str()))
        break;
    return fail(Message.str() + " (see --help)");
  }

  Options Opts;
  Opts.Inputs.assign(Inputs.begin(), Inputs.end());
  Opts.BuildDir = BuildDir;
  Opts.ModuleSymvers = ModuleSymvers;
  auto Format = parseReportFormat(FormatName);
  if (!Format)
    return fail("unknown --format '" + FormatName +
                "' (expected text, objtool, json or sarif)");
  Opts.Format = *Format;
  Opts.RulesDir = RulesDir.empty() ? defaultRulesDir(argv[0]) : RulesDir;
  Opts.ExtraRules.assign(ExtraRules.begin(), ExtraRules.end());
  if (!KernelVersionText.empty()) {
    Opts.Kernel = KernelVersion::parse(KernelVersionText);
    if (!Opts.Kernel)
      return fail("--kernel-version '" + KernelVersionText +
                  "' is not a version (expected X.Y, e.g. 6.12)");
  }
  Opts.ObjtoolWerror = ObjtoolWerror;
  // LLVM's own --color option decides (default: when on a terminal).
  Opts.Color = WithColor(outs()).colorsEnabled();
  Opts.Stats = Stats;
  Opts.ShowNotes = ShowNotes;
  Opts.AllChains = AllChains;
  Opts.EntryMap = EntryMap.getNumOccurrences() > 0 || EntryMapDiff;
  for (StringRef Name : split(EntryMap, ','))
    if (!Name.empty())
      Opts.EntryMapOnly.push_back(Name.str());
  Opts.Summary = Summary;
  Opts.BaselineFile = BaselineFile;
  Opts.WriteBaselineFile = WriteBaselineFile;
  Opts.GraphDir = GraphDir;
  Opts.HtmlFile = HtmlFile;

  Opts.CompileDatabase = CompileDatabase;
  Opts.SourceOnly = SourceOnly;
  Opts.AllUnits = AllUnits;
  Opts.Jobs = Jobs;
  Opts.CacheDir = NoCache ? "" : CacheDir.empty() ? defaultCacheDir() : CacheDir;
  Opts.EmitFactsDir = EmitFacts;
  Opts.FactsInputs = LinkFacts;
  Opts.Verbose = Verbose;
  Opts.KeepGoing = KeepGoing;
  for (const std::string &Map : PrefixMaps) {
    auto [Old, New] = StringRef(Map).split('=');
    if (Old.empty() || Old.size() == Map.size())
      return fail("--prefix-map '" + Map + "': expected OLD=NEW");
    Opts.PathPrefixes.push_back({Old.str(), New.str()});
  }
  if (std::string Problem = conflict(Opts); !Problem.empty())
    return fail(Problem + " (see --help)");
  // Outputs and the baseline are checked now: a typo must not cost a
  // whole analysis.
  // The diagram directory first: it may create the page's directory.
  if (!Opts.GraphDir.empty()) {
    if (std::error_code EC = sys::fs::create_directories(Opts.GraphDir))
      return fail(Opts.GraphDir + ": cannot create: " + EC.message());
    if (sys::fs::access(Opts.GraphDir, sys::fs::AccessMode::Write))
      return fail(Opts.GraphDir + ": cannot write: directory not writable");
  }
  for (const std::string *File : {&Opts.HtmlFile, &Opts.WriteBaselineFile})
    if (!File->empty())
      if (std::string Problem = unwritable(*File); !Problem.empty())
        return fail(Problem);
  if (!Opts.BaselineFile.empty()) {
    auto BaselineOrErr = readBaseline(Opts.BaselineFile);
    if (!BaselineOrErr)
      return fail(toString(BaselineOrErr.takeError()));
    Opts.Baseline = std::move(*BaselineOrErr);
  }

  // Three modes: sources (-p --source, or facts with --link-facts),
  // objects, and objects joined with sources (-p alone).
  bool Sources = Opts.SourceOnly || Opts.FactsInputs;
  if (Opts.SourceOnly && Opts.CompileDatabase.empty() && !Opts.FactsInputs)
    return fail("--source needs -p <compile_commands.json>");
  if (Opts.FactsInputs && Opts.Inputs.empty())
    return fail("--link-facts needs facts files (from --emit-facts)");
  if (!Opts.BuildDir.empty() && (Sources || !Opts.CompileDatabase.empty()))
    return fail("--build-dir checks objects: it does not combine with -p, "
                "--source or --link-facts");
  if (!Sources && Opts.Inputs.empty() && Opts.BuildDir.empty())
    return fail("Not enough positional command line arguments specified! "
                "(see --help)");
  // Two objects' entry maps, compared: what a patch did to each entry path.
  if (EntryMapDiff) {
    if (Sources || !Opts.CompileDatabase.empty() || !Opts.BuildDir.empty() ||
        Opts.Inputs.size() != 2)
      return fail("--entry-map-diff compares two objects: OLD.o NEW.o");
    Options Old = Opts, New = Opts;
    Old.Inputs = {Opts.Inputs[0]};
    New.Inputs = {Opts.Inputs[1]};
    Diagnostics OldDiags, NewDiags;
    auto OldOrErr = analyzeObjects(Old, errs(), OldDiags);
    if (!OldOrErr)
      return fail(toString(OldOrErr.takeError()));
    printWarnings(OldDiags, *OldOrErr);
    auto NewOrErr = analyzeObjects(New, errs(), NewDiags);
    if (!NewOrErr)
      return fail(toString(NewOrErr.takeError()));
    printWarnings(NewDiags, *NewOrErr);
    bool Changed = writeEntryMapDiff(*OldOrErr, *NewOrErr,
                                     Opts.Format == ReportFormat::Json, outs());
    return Changed ? 1 : 0;
  }
#ifndef NOINSTR_WITH_SOURCE
  if (Sources || !Opts.CompileDatabase.empty() || PrintCommands) {
    outs().flush();
    return runSourceTwin(argc, argv);
  }
  Diagnostics Diags;
  auto ReportOrErr = analyzeObjects(Opts, errs(), Diags);
#else
  if (PrintCommands) {
    if (!Opts.SourceOnly)
      return fail("--print-commands needs --source -p <db>");
    if (Error E = writeSourceCommands(Opts, outs()))
      return fail(toString(std::move(E)));
    return 0;
  }

  Diagnostics Diags;
  auto ReportOrErr = Sources ? analyzeSources(Opts, errs())
                     : Opts.CompileDatabase.empty()
                         ? analyzeObjects(Opts, errs(), Diags)
                         : analyzeJoined(Opts, errs(), Diags);
#endif
  if (!ReportOrErr)
    return fail(toString(ReportOrErr.takeError()));
  printWarnings(Diags, *ReportOrErr);
  if (Opts.EntryMap) {
    writeEntryMap(*ReportOrErr, Opts.Format == ReportFormat::Json, outs());
    return 0;
  }
  if (Opts.Summary)
    writeSummary(*ReportOrErr, outs());
  else
    writeReport(*ReportOrErr, Opts.Format, outs(), Opts.Color, Opts.ShowNotes,
                Opts.ObjtoolWerror);
  outs().flush();
  // Diagrams before the page: the page inlines them.
  if (!Opts.GraphDir.empty())
    if (Error E = writeGraphs(*ReportOrErr, Opts.GraphDir))
      return fail(toString(std::move(E)));
  if (!Opts.HtmlFile.empty()) {
    std::error_code EC;
    raw_fd_ostream Html(Opts.HtmlFile, EC, sys::fs::OF_Text);
    if (EC)
      return fail(Opts.HtmlFile + ": cannot write: " + EC.message());
    if (Error E = writeHtml(*ReportOrErr, Opts.GraphDir, Html))
      return fail(toString(std::move(E)));
    Html.close();
    if (Html.has_error())
      return fail(Opts.HtmlFile + ": cannot write: " + Html.error().message());
  }
  // Writing a baseline accepts this run's findings: that run succeeds.
  if (!Opts.WriteBaselineFile.empty())
    return 0;
  // Notes never fail a run; with a baseline only new findings do.
  for (const Finding &F : ReportOrErr->Findings)
    if (F.Level != Severity::Note && (!ReportOrErr->HasBaseline || F.New))
      return 1;
  return 0;
}
