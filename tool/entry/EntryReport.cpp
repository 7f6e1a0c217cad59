//===- EntryReport.cpp ----------------------------------------------------===//
#include "noinstr/entry/EntryReport.h"
#include "noinstr/entry/OrderingText.h"

#include "noinstr/report/Locate.h"
#include "noinstr/report/RuleCatalog.h"

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
                                     SymbolId Func, CodeAddress Site,
                                     const std::string &State) {
  std::vector<ChainHop> Hops;
  for (const auto &[Caller, CallSite] : Chains.pathTo(Func))
    Hops.push_back({nameOf(P, Caller), locate(P, CallSite), State});
  Hops.push_back({nameOf(P, Func), locate(P, Site), State});
  return Hops;
}

std::vector<Finding>
orderingFindings(Program &P, const std::vector<OrderingViolation> &Violations,
                 const CallChains &Chains, const Describer &Describe) {
  std::vector<Finding> Out;
  for (const OrderingViolation &V : Violations) {
    const EntryEvent &E = V.Event;
    std::string State = entryStateName(V.State).str();
    Finding F;
    F.Rule = V.Rule;
    F.Level = ruleInfo(V.Rule).Level;
    // The offending place on the entry path: the first call from the
    // function whose state is known into the helper that does it, or the
    // event itself when it sits in that function.
    CodeAddress Site = V.Site;
    SymbolId SiteFunc = Chains.nodeOf(Site);
    F.Site = locate(P, Site);
    F.Function = nameOf(P, SiteFunc);
    // The chain: entry point ... function holding the site.
    // The state is known at every hop of a chain charged to a RAW entry;
    // after a teardown only where it happens.
    F.Chain = chainTo(P, Chains, SiteFunc, Site,
                      V.State == EntryState::Raw ? State : std::string());
    F.Chain.back().State = State;
    std::string Entry = F.Chain.front().Function;
    auto SiteAt = std::find(E.Path.begin(), E.Path.end(), Site);
    if (SiteAt != E.Path.end()) {
      // Callee: the helper called at Site.
      auto Next = std::next(SiteAt);
      F.Callee = nameOf(P, Next != E.Path.end() ? Chains.nodeOf(*Next)
                                                : Chains.nodeOf(E.Origin));
    } else if (E.What != EntryEvent::RegionOpened) {
      F.Callee = E.Name; // the hook, establisher or teardown called here
    }
    std::string Via;
    if (SiteAt != E.Path.end())
      for (auto It = std::next(SiteAt); It != E.Path.end(); ++It)
        Via += " -> " + locate(P, *It).str();
    bool InHelper = SiteAt != E.Path.end();
    if (F.Callee.empty())
      F.Callee = E.ImpliedBy;
    OrderingText Text = orderingText(
        E.What, V.State, Entry, E.Name, E.ImpliedBy,
        InHelper ? F.Callee : std::string(),
        Describe(E.Origin) + (Via.empty() ? "" : " (via" + Via + ")"));
    F.Message = std::move(Text.Message);
    if (!Text.Note.empty())
      F.Notes.push_back(std::move(Text.Note));
    for (const auto &[At, Name] : V.LaterEstablishers)
      F.Notes.push_back("'" + nameOf(P, V.Function) +
                        "' establishes the state later, with '" + Name +
                        "' at " + Describe(At));
    if (V.Entries.size() > 1) {
      std::string List;
      for (SymbolId S : V.Entries)
        List += (List.empty() ? "" : ", ") + nameOf(P, S);
      F.Notes.push_back("entry points starting RAW that reach it: " + List);
    }
    F.Notes.push_back("objtool cannot see this: it checks calls out of "
                      "noinstr code, not the entry state they run in");
    Out.push_back(std::move(F));
  }
  return Out;
}

void addChains(std::vector<Finding> &Findings, Program &P,
               const CallChains &Chains) {
  for (Finding &F : Findings) {
    SymbolId Func = Chains.nodeOf(F.Site.Address);
    if (Func == NoSymbol)
      continue;
    if (F.Chain.empty())
      F.Chain = chainTo(P, Chains, Func, F.Site.Address, "");
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
buildEntryMap(Program &P, EntryPathAnalysis &Analysis) {
  std::vector<EntryMapEntry> Map;
  for (const EntryPoint &E : Analysis.entryPoints()) {
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
        RegionNotes[Ev.Path.front()] =
            "opens an instrumentation region at " + locate(P, Ev.Origin).str();
    for (const auto &[Site, Call] : (*SumOrErr)->Calls) {
      EntryMapStep S;
      S.Site = locate(P, Site);
      S.Callee = Call.first;
      for (const std::string &State : Call.second)
        S.StateAfter += (S.StateAfter.empty() ? "" : "|") +
                        (State.empty() ? M.Initial : State);
      if (auto It = RegionNotes.find(Site); It != RegionNotes.end())
        S.Note = It->second;
      M.Steps.push_back(std::move(S));
    }
    Map.push_back(std::move(M));
  }
  std::sort(Map.begin(), Map.end(),
            [](const EntryMapEntry &A, const EntryMapEntry &B) {
              return A.Entry < B.Entry;
            });
  return Map;
}

} // namespace noinstr
