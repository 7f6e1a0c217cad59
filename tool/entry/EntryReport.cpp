//===- EntryReport.cpp ----------------------------------------------------===//
#include "noinstr/entry/EntryReport.h"

#include "noinstr/report/Locate.h"

#include "llvm/ADT/Twine.h"

#include <algorithm>
#include <map>
#include <set>

using namespace llvm;

namespace noinstr {

static std::string nameOf(Program &P, SymbolId S) {
  return S == NoSymbol ? std::string() : P.symbol(S).Name.str();
}

/// Hops from the best entry point to \p Func, ending with \p Func itself at
/// \p Site.
static std::vector<ChainHop> chainTo(Program &P, const CallChains &Chains,
                                     SymbolId Func, CodeAddress Site) {
  std::vector<ChainHop> Hops;
  for (const auto &[Caller, CallSite] : Chains.pathTo(Func))
    Hops.push_back({nameOf(P, Caller), locate(P, CallSite), ""});
  Hops.push_back({nameOf(P, Func), locate(P, Site), ""});
  return Hops;
}

void addChains(std::vector<Finding> &Findings, Program &P,
               const CallChains &Chains) {
  for (Finding &F : Findings) {
    SymbolId Func = Chains.nodeOf(F.Site.Address);
    if (Func == NoSymbol)
      continue;
    if (F.Chain.empty())
      F.Chain = chainTo(P, Chains, Func, F.Site.Address);
    if (F.EntryPoints.empty())
      for (SymbolId E : Chains.entriesReaching(Func))
        F.EntryPoints.push_back(nameOf(P, E));
  }
}

CallGraph buildCallGraph(Program &P, const RuleSet &Rules,
                         const SectionClasses &Classes,
                         const std::vector<WalkedCall> &Calls,
                         const CallChains &Chains,
                         const std::vector<Finding> &Findings) {
  CallGraph G;
  std::set<CodeAddress> FindingSites;
  for (const Finding &F : Findings)
    FindingSites.insert(F.Site.Address);
  std::map<std::string, CallGraph::Node> Nodes;
  auto AddNode = [&](SymbolId S, const std::string &Name) {
    CallGraph::Node &N = Nodes[Name];
    N.Name = Name;
    if (S == NoSymbol)
      return;
    const Symbol &Sym = P.symbol(S);
    if (Sym.Section != NoSection)
      N.Section = P.section(Sym.Section).Name.str();
    N.Noinstr =
        Classes.noinstr(Sym.Section) || Rules.AllowedCallees.matches(Sym.Name);
    const EntryRules &E = Rules.Entry;
    if (Chains.isEntry(S))
      N.Role = "entry";
    else if (E.Establishers.matches(Sym.Name))
      N.Role = "establisher";
    else if (E.Teardowns.matches(Sym.Name))
      N.Role = "teardown";
    else if (E.Hooks.matches(Sym.Name))
      N.Role = "hook";
  };
  for (const WalkedCall &C : Calls) {
    SymbolId From = Chains.nodeOf(C.Site);
    std::string Caller =
        From == NoSymbol ? locate(P, C.Site).Section : nameOf(P, From);
    AddNode(From, Caller);
    AddNode(C.Callee, C.CalleeName);
    CallGraph::Edge E;
    E.Caller = Caller;
    E.Callee = C.CalleeName;
    E.Site = locate(P, C.Site);
    E.InRegion = C.MinDepth > 0;
    E.Finding = FindingSites.count(C.Site);
    E.TailCall = C.Tail;
    G.Edges.push_back(std::move(E));
  }
  for (auto &[Name, N] : Nodes)
    G.Nodes.push_back(std::move(N));
  std::sort(G.Edges.begin(), G.Edges.end(),
            [](const CallGraph::Edge &A, const CallGraph::Edge &B) {
              return std::tie(A.Caller, A.Site.Section, A.Site.SectionOffset,
                              A.Callee) < std::tie(B.Caller, B.Site.Section,
                                                   B.Site.SectionOffset,
                                                   B.Callee);
            });
  return G;
}

Expected<std::vector<EntryMapEntry>>
buildEntryMap(Program &P, EntryPathAnalysis &Analysis,
              const BinaryPlaces &Places, const std::vector<std::string> &Only) {
  std::set<std::string> Wanted(Only.begin(), Only.end());
  std::vector<EntryMapEntry> Map;
  for (const EntryPoint &E : Analysis.entryPoints()) {
    if (!Wanted.empty() && !Wanted.count(nameOf(P, E.Symbol)))
      continue;
    auto SumOrErr = Analysis.summary(E.Symbol);
    if (!SumOrErr)
      return SumOrErr.takeError();
    EntryMapEntry M;
    M.Entry = nameOf(P, E.Symbol);
    M.Kind = E.Rule->Kind;
    M.Initial = entryStateName(E.Rule->Initial).str();
    std::map<CodeAddress, std::string> RegionNotes;
    for (const EntryEvent &Ev : (*SumOrErr)->Inherited)
      if (Ev.What == EntryEvent::RegionOpened && !Ev.Path.empty())
        RegionNotes[Places.address(Ev.Path.front())] =
            "opens an instrumentation region at " + Places.locate(Ev.Origin).str();
    std::vector<std::pair<CodeAddress, EntryMapStep>> Steps;
    for (const auto &[Key, Call] : (*SumOrErr)->Calls) {
      CodeAddress Site = Places.address(Key.first);
      EntryMapStep S;
      S.Site = locate(P, Site);
      S.Callee = Key.second + (Call.Inlined ? " (inlined)" : "");
      for (EntryPhase Phase : Call.After) {
        StringRef State = Phase == EntryPhase::Inherited ? StringRef(M.Initial)
                          : Phase == EntryPhase::Established
                              ? entryStateName(EntryState::Established)
                              : entryStateName(EntryState::TornDown);
        if (!S.StateAfter.empty())
          S.StateAfter += '|';
        S.StateAfter.append(State.data(), State.size());
      }
      // Paths that leave the call in different states say so.
      if (Call.After.size() > 1)
        S.StateAfter = "mixed (" + S.StateAfter + ")";
      if (auto It = RegionNotes.find(Site); It != RegionNotes.end())
        S.Note = It->second;
      else if (!Call.Completes.empty())
        S.Note = "where the inlined " + Call.Completes + "() takes effect";
      Steps.push_back({Site, std::move(S)});
    }
    std::stable_sort(Steps.begin(), Steps.end(),
                     [](const auto &A, const auto &B) { return A.first < B.first; });
    for (auto &[Site, Step] : Steps)
      M.Steps.push_back(std::move(Step));
    Map.push_back(std::move(M));
  }
  for (const EntryMapEntry &M : Map)
    Wanted.erase(M.Entry);
  if (!Wanted.empty())
    return createStringError(inconvertibleErrorCode(),
                             "--entry-map: '" + *Wanted.begin() +
                                 "' is not an entry point of the input "
                                 "(the rules' entry_points name them)");
  std::sort(Map.begin(), Map.end(),
            [](const EntryMapEntry &A, const EntryMapEntry &B) {
              return A.Entry < B.Entry;
            });
  return Map;
}

} // namespace noinstr
