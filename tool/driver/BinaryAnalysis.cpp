//===- BinaryAnalysis.cpp - objects in, findings out ----------------------===//
#include "noinstr/driver/BinaryAnalysis.h"

#include "noinstr/check/NoinstrChecker.h"
#include "noinstr/debuginfo/SourceMap.h"
#include "noinstr/disasm/InstructionDecoder.h"
#include "noinstr/driver/Acceptance.h"
#include "noinstr/driver/ModuleInputs.h"
#include "noinstr/driver/SourceRegionOracle.h"
#include "noinstr/entry/CallChains.h"
#include "noinstr/entry/EntryPathAnalysis.h"
#include "noinstr/entry/EntryReport.h"
#include "noinstr/entry/InlineOracle.h"
#include "noinstr/explain/Explainer.h"
#include "noinstr/explain/RootCause.h"
#include "noinstr/flow/CodeIndex.h"
#include "noinstr/flow/FlowResolver.h"
#include "noinstr/flow/SectionClasses.h"
#include "noinstr/flow/SpecialSections.h"
#include "noinstr/object/Locate.h"
#include "noinstr/object/Program.h"
#include "noinstr/report/PathMap.h"
#include "noinstr/rules/RuleSet.h"
#include "noinstr/support/InputError.h"

#include "llvm/BinaryFormat/ELF.h"

using namespace llvm;

namespace noinstr {

static std::string archName(uint16_t Machine) {
  return Machine == ELF::EM_AARCH64 ? "arm64" : "x86_64";
}

/// The kernel version from the "Linux version 6.12.117 ..." banner string,
/// when the object holds one.
static std::optional<KernelVersion> kernelVersion(Program &P) {
  SymbolId Banner = P.findSymbol("linux_banner");
  if (Banner == NoSymbol)
    return std::nullopt;
  const Symbol &S = P.symbol(Banner);
  ArrayRef<uint8_t> Bytes = P.contents(S.Section);
  if (S.Value >= Bytes.size())
    return std::nullopt;
  StringRef Text(reinterpret_cast<const char *>(Bytes.data()) + S.Value,
                 std::min<uint64_t>(Bytes.size() - S.Value, 256));
  return KernelVersion::parse(Text.take_until([](char C) { return C == 0; }));
}

/// Whether a section is one the rules name for objtool's annotations
/// (instrumentation markers and the others).
static bool isAnnotation(StringRef Name,
                         const decltype(RuleSet::Annotations) &A) {
  auto In = [&](const std::vector<std::string> &Names) {
    return std::find(Names.begin(), Names.end(), Name) != Names.end();
  };
  return In(A.BeginSections) || In(A.EndSections) || In(A.ReachableSections) ||
         Name == A.AnnotateSection || Name == A.NonStandardSection ||
         Name == A.IntraFunctionCallSection || Name == A.UnwindHints.Section;
}

/// Modules with noinstr code whose annotations are gone (a linked .ko: the
/// module link script discards every .discard.* section) or were never
/// made: their regions are unknown, so each call out of their noinstr code
/// is an implied region. Returns the sections concerned (by SectionId) and
/// adds one remark per such module.
static std::vector<bool> unmarkedModules(const Program &P, const RuleSet &Rules,
                                         const SectionClasses &Classes,
                                         const ModuleInputs &In,
                                         std::vector<std::string> &Remarks) {
  std::vector<bool> Implied(P.sections().size());
  if (!Rules.Annotations.RegionMarkers)
    return Implied; // the architecture has none: implied everywhere
  std::vector<bool> Annotated(P.numObjects()), Checked(P.numObjects());
  for (SectionId Id = 0; Id < P.sections().size(); ++Id) {
    const Section &S = P.section(Id);
    if (isAnnotation(S.Name, Rules.Annotations))
      Annotated[S.Object] = true;
    if (Classes.checked(Id))
      Checked[S.Object] = true;
  }
  for (SectionId Id = 0; Id < P.sections().size(); ++Id) {
    uint32_t Object = P.section(Id).Object;
    Implied[Id] = In.IsModule[Object] && !Annotated[Object];
  }
  for (uint32_t Object = 0; Object < P.numObjects(); ++Object) {
    if (!In.IsModule[Object] || Annotated[Object] || !Checked[Object])
      continue;
    std::string Markers = Rules.Annotations.AnnotateSection;
    for (const std::string &Name : Rules.Annotations.BeginSections)
      Markers += ", " + Name;
    for (const std::string &Name : Rules.Annotations.EndSections)
      Markers += ", " + Name;
    std::string Remark = P.objectPath(Object).str() + ": no " + Markers +
                         " nor any other objtool annotation section";
    if (In.IsLinked[Object]) {
      Remark += ": this is a linked module, and the module link script "
                "(scripts/module.lds.S) discards every .discard.* section";
      std::string PreLink = preLinkObject(P.objectPath(Object));
      Remark += PreLink.empty()
                    ? "; check the pre-link object kbuild makes next to it "
                      "(foo.o for foo.ko) instead"
                    : "; check its pre-link object " + PreLink + " instead";
    } else {
      Remark += " (module built without CONFIG_NOINSTR_VALIDATION?)";
    }
    Remark += ". Its instrumentation regions are unknown: each call out of "
              "its noinstr code is taken to be in a region of its own (never "
              "a noinstr-call) and checked by the entry-path ordering rule "
              "only";
    Remarks.push_back(std::move(Remark));
  }
  return Implied;
}

/// Callees no input defines (unresolved-callee notes): the fix is to give
/// the object that defines them, which Module.symvers may name; one remark
/// counts them.
static void explainUnresolved(Report &R, const ModuleInputs &In) {
  size_t Count = 0;
  for (Finding &F : R.Findings) {
    if (F.Rule != RuleId::UnresolvedCallee)
      continue;
    ++Count;
    auto It = In.Exporters.find(F.Callee);
    if (It != In.Exporters.end())
      F.Hint = "Module.symvers: '" + F.Callee + "' is exported by " +
               It->second + "; give " + It->second + ".o to check this call";
    else
      F.Hint = "give vmlinux.o and the pre-link objects of the modules this "
               "one uses (or --build-dir) to check this call";
  }
  if (Count)
    R.Remarks.push_back(
        std::to_string(Count) +
        " call(s) out of module noinstr code go to functions no input "
        "defines: not checked, listed as unresolved-callee notes "
        "(--show-notes); give vmlinux.o and every module together, or "
        "--build-dir");
}

/// The instrumentation_end() a call outside a region follows: the nearest
/// marker before the call in its function, when it is an end (a begin
/// would mean the call is not outside for that reason). By address, which
/// is the order the compiler laid the function out in.
static RegionEndFn regionEnds(Program &P, const SpecialSections &Special,
                              SourceMap &Sources) {
  auto Markers = std::make_shared<std::vector<std::pair<CodeAddress, int>>>();
  for (const auto &[At, Delta] : Special.RegionDelta)
    if (Delta != 0)
      Markers->push_back({At, Delta});
  std::sort(Markers->begin(), Markers->end());
  return [&P, &Sources, Markers](const Finding &F) -> std::optional<CodeLocation> {
    CodeAddress Site = F.Site.Address;
    if (!Site.valid())
      return std::nullopt;
    SymbolId Func = P.functionContaining(Site);
    if (Func == NoSymbol)
      return std::nullopt;
    CodeAddress Start = P.symbol(Func).address();
    auto It = std::lower_bound(Markers->begin(), Markers->end(),
                               std::make_pair(Site, INT_MIN));
    if (It == Markers->begin() || std::prev(It)->first < Start ||
        std::prev(It)->second > 0)
      return std::nullopt;
    CodeLocation End = locate(P, std::prev(It)->first);
    if (auto Frames = Sources.lookup(End.Address))
      End.Source = std::move(*Frames);
    else
      consumeError(Frames.takeError()); // the location alone still names it
    return End;
  };
}

/// Paths relative to the kernel tree. kbuild runs the compiler at the top
/// of the build directory (DW_AT_comp_dir): in an in-tree build that is the
/// source tree; in an O= build the sources are the directory the unit's
/// other files share. Every unit of one build agrees: the first located
/// finding (or entry-map step) whose unit knows tells (an assembler unit
/// names one file: it knows the build directory only).
static Expected<PrefixMap> sourceTreeMap(const Report &R, SourceMap &Sources) {
  std::vector<CodeAddress> Sites;
  for (const Finding &F : R.Findings)
    Sites.push_back(F.Site.Address);
  for (const EntryMapEntry &E : R.EntryMap)
    for (const EntryMapStep &S : E.Steps)
      Sites.push_back(S.Site.Address);
  PrefixMap Map;
  for (CodeAddress A : Sites) {
    if (!A.valid() || !Sources.hasDebugInfo(A))
      continue;
    auto DirsOrErr = Sources.unitDirs(A);
    if (!DirsOrErr)
      return DirsOrErr.takeError();
    if (DirsOrErr->Build.empty())
      continue;
    if (Map.empty())
      Map.push_back({DirsOrErr->Build, ""});
    if (!DirsOrErr->Sources.empty()) {
      Map.push_back({DirsOrErr->Sources, ""});
      break;
    }
  }
  return Map;
}

Expected<Report>
analyzeObjects(const Options &Opts, raw_ostream &Log, Diagnostics &Diags,
               const std::vector<SourceCallSite> *SourceSites) {
  // 1. Map the objects (those of the build directory, then those named);
  //    nothing is decoded yet. Modules' undefined symbols live in objects
  //    that may not be among the inputs.
  auto InputsOrErr =
      gatherInputs(Opts.BuildDir, Opts.Inputs, Opts.ModuleSymvers);
  if (!InputsOrErr)
    return InputsOrErr.takeError();
  const ModuleInputs &In = *InputsOrErr;
  auto ProgramOrErr = Program::load(In.Objects);
  if (!ProgramOrErr)
    return ProgramOrErr.takeError();
  Program &P = **ProgramOrErr;
  for (uint32_t Object = 0; Object < P.numObjects(); ++Object)
    if (In.IsModule[Object])
      P.markModule(Object);
  auto DecoderOrErr = InstructionDecoder::create(P.machine());
  if (!DecoderOrErr)
    return withFile(In.Objects.front(), DecoderOrErr.takeError());

  // 2. Rules for this architecture and kernel version (--kernel-version
  //    over the banner).
  std::optional<KernelVersion> Version =
      Opts.Kernel ? Opts.Kernel : kernelVersion(P);
  auto RulesOrErr = loadRuleSet(Opts.RulesDir, archName(P.machine()), Version,
                                Opts.ExtraRules);
  if (!RulesOrErr)
    return RulesOrErr.takeError();
  const RuleSet &Rules = *RulesOrErr;

  // 3. Which sections are noinstr, and what the kernel's tables add to
  //    control flow in them.
  SectionClasses Classes(P, Rules);
  auto SpecialOrErr = readSpecialSections(P, Rules, Classes, Diags);
  if (!SpecialOrErr)
    return SpecialOrErr.takeError();

  // 4. Walk the noinstr code, decoding lazily from its roots. Whether a
  //    call is inside an instrumentation region: the object's markers
  //    where the architecture has them (the object is the truth), else
  //    the regions written in the source when there is one, else an
  //    implied region around each call. DWARF is read lazily, only for
  //    the sites and units asked about.
  SourceMap Sources(P, Diags);
  InlineOracle::FramesFn Frames;
  if (Sources.hasDebugInfo())
    Frames = [&](CodeAddress A) { return Sources.lookup(A); };
  std::vector<std::string> ModuleRemarks;
  std::vector<bool> Unmarked =
      unmarkedModules(P, Rules, Classes, In, ModuleRemarks);
  SpecialOrErr->AnnotationsLost = Unmarked;
  std::unique_ptr<RegionOracle> Regions;
  if (Rules.Annotations.RegionMarkers)
    Regions = ModuleRemarks.empty()
                  ? RegionOracle::fromMarkers()
                  : RegionOracle::impliedIn(RegionOracle::fromMarkers(),
                                            std::move(Unmarked));
  else if (SourceSites)
    Regions = std::make_unique<SourceRegionOracle>(P, Frames, *SourceSites);
  else
    Regions = RegionOracle::implied();
  CodeIndex Code(P, **DecoderOrErr);
  FlowResolver Flow(Code, Rules, *SpecialOrErr);
  NoreturnOracle Noreturn(Flow, Rules);
  NoinstrChecker Checker(P, Rules, Classes, *SpecialOrErr, Flow, Noreturn,
                         *Regions);
  auto FindingsOrErr = Checker.run();
  if (!FindingsOrErr)
    return FindingsOrErr.takeError();

  // 5. Entry paths: entry points, per-function summaries, the ordering
  //    rule. Inlined establishers are seen through DWARF inline info,
  //    read lazily: only the units holding entry code are parsed.
  InlineOracle::EmptyCallsFn EmptyCalls;
  if (Sources.hasDebugInfo()) {
    EmptyCalls = [&](CodeAddress Start, function_ref<bool(StringRef)> Wanted)
        -> Expected<std::vector<InlineOracle::EmptyCall>> {
      auto CallsOrErr = Sources.emptyInlinedCalls(Start, Wanted);
      if (!CallsOrErr)
        return CallsOrErr.takeError();
      std::vector<InlineOracle::EmptyCall> Calls;
      for (SourceMap::EmptyInline &E : *CallsOrErr)
        Calls.push_back({E.At, std::move(E.Function), std::move(E.Call)});
      return Calls;
    };
  }
  InlineOracle Inline(Rules.Entry, Frames, std::move(EmptyCalls));
  BinaryPlaces Places(P, Flow);
  EntryPathAnalysis Entry(P, Rules, Classes, Flow, Noreturn, Inline, *Regions,
                          Places);
  // The entry map lists steps in program order: alternatives in source
  // order (the line in the walked function, the outermost inline frame).
  if (Opts.EntryMap)
    Entry.keepProgramOrder([&](CodeAddress A) {
      if (!Sources.hasDebugInfo())
        return 0u;
      auto FramesOrErr = Sources.lookup(A);
      if (!FramesOrErr) {
        consumeError(FramesOrErr.takeError()); // the address orders it
        return 0u;
      }
      return FramesOrErr->empty() ? 0u : FramesOrErr->back().Line;
    });
  auto ViolationsOrErr = Entry.run();
  if (!ViolationsOrErr)
    return ViolationsOrErr.takeError();
  CallChains Chains(P, Flow, Places, Checker.calls(), Entry.entryPoints());
  // A relocation that cannot be applied spoils the function it patches
  // (the walks left that function out) or the table entry it completes
  // (the table's reader skipped it).
  for (const Program::RelocationDefect &D : P.relocationDefects()) {
    std::string Spoiled;
    if (D.Function != NoSymbol)
      Spoiled =
          ": function '" + P.symbol(D.Function).Name.str() +
          "' is left out of the analysis" +
          (D.Part == NoSymbol ? ""
                              : " (its part '" + P.symbol(D.Part).Name.str() +
                                    "' holds the relocation)");
    else if (!D.InSection)
      Spoiled = ": ignored (it patches no code)";
    else if (!P.section(D.Section).Executable)
      Spoiled = ": the table entry it completes is skipped";
    else
      Spoiled = ": it patches code no function holds";
    Diags.warn(P.objectPath(P.section(D.Section).Object), D.Problem + Spoiled);
  }

  // 6. One sorted report: findings with chains, the call graph, the map.
  Report R;
  R.Inputs = In.Objects;
  R.RuleHelp = Rules.Explain.RuleHelp;
  R.Findings = std::move(*FindingsOrErr);
  if (!Rules.VersionNote.empty())
    R.Remarks.push_back(Rules.VersionNote);
  Places.setLineFinder([&](CodeAddress A) {
    auto Frames = Sources.lookup(A);
    if (!Frames) {
      consumeError(Frames.takeError()); // the location alone still names it
      return std::string();
    }
    if (Frames->empty())
      return std::string();
    return Frames->front().File + ":" + std::to_string(Frames->front().Line);
  });
  for (Finding &F :
       Entry.engine().findings(*ViolationsOrErr, Places, Chains.index()))
    R.Findings.push_back(std::move(F));
  addChains(R.Findings, P, Chains);
  R.AllChains = Opts.AllChains;
  R.Graph =
      buildCallGraph(P, Rules, Classes, Checker.calls(), Chains, R.Findings);
  if (Opts.EntryMap) {
    auto MapOrErr = buildEntryMap(P, Entry, Places, Opts.EntryMapOnly);
    if (!MapOrErr)
      return MapOrErr.takeError();
    R.EntryMap = std::move(*MapOrErr);
  }
  // 7. Explain: source lines (DWARF), classes and fix hints.
  Explainer Explain(Rules, Sources);
  if (Error E =
          Explain.run(R, !Opts.GraphDir.empty() || !Opts.HtmlFile.empty()))
    return E;
  R.finalize();
  groupByRootCause(R, Rules, regionEnds(P, *SpecialOrErr, Sources));
  auto MapOrErr = Opts.PathPrefixes.empty() ? sourceTreeMap(R, Sources)
                                         : Expected<PrefixMap>(Opts.PathPrefixes);
  if (!MapOrErr)
    return MapOrErr.takeError();
  mapPaths(R, *MapOrErr);
  // 8. CI: accepted findings (waivers, with reasons) and the baseline.
  if (Error E = acceptFindings(R, Rules, Opts))
    return E;
  explainUnresolved(R, In);
  for (std::string &Remark : ModuleRemarks)
    R.Remarks.push_back(std::move(Remark));
  if (std::string Remark = Regions->remark(); !Remark.empty())
    R.Remarks.push_back(std::move(Remark));
  else if (!SpecialOrErr->HasRegionMarkers && ModuleRemarks.empty())
    R.Remarks.push_back(
        "no instrumentation_begin()/end() markers in the input (kernel built "
        "without CONFIG_NOINSTR_VALIDATION, or not x86): every call out of "
        "noinstr code is reported");

  if (Opts.Stats) {
    const CheckStats &S = Checker.stats();
    Log << "kernel version: " << (Version ? Version->str() : "unknown")
        << " (rules for "
        << (Rules.Version ? Rules.Version->str() : "any version") << ")\n"
        << "rules: " << Rules.Files.size() << " file(s)\n"
        << "roots: " << S.Roots << "\n"
        << "instructions decoded: " << S.Instructions << "\n"
        << "states visited: " << S.States << "\n";
    SourceMap::Statistics D = Sources.statistics();
    Log << "debug info units parsed: " << D.UnitsParsed << " ("
        << D.BytesCopied / 1024 << " KiB copied, " << D.RelocationsApplied
        << " relocations applied)\n";
    for (const auto &[Reason, Count] : S.AllowedCalls)
      Log << "calls outside regions allowed (" << Reason << "): " << Count
          << "\n";
  }
  return R;
}

} // namespace noinstr
