//===- EntryReport.cpp ----------------------------------------------------===//
#include "noinstr/entry/EntryReport.h"

#include "noinstr/object/Locate.h"

#include "llvm/ADT/Twine.h"

#include <algorithm>
#include <map>
#include <optional>
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
    Hops.push_back({nameOf(P, Caller), locate(P, CallSite), {}});
  Hops.push_back({nameOf(P, Func), locate(P, Site), {}});
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
      N.Role = NodeRole::Entry;
    else if (E.Establishers.matches(Sym.Name))
      N.Role = NodeRole::Establisher;
    else if (E.Teardowns.matches(Sym.Name))
      N.Role = NodeRole::Teardown;
    else if (E.Hooks.matches(Sym.Name))
      N.Role = NodeRole::Hook;
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
    E.Dispatch = C.Dispatch;
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

namespace {

/// The states a set of phases stands for, "inherited" meaning the states
/// the function was called in.
EntryStates statesOf(const std::set<EntryPhase> &Phases, EntryStates Caller) {
  EntryStates States;
  for (EntryPhase Phase : Phases)
    States |= Phase == EntryPhase::Inherited     ? Caller
              : Phase == EntryPhase::Established ? EntryState::Established
                                                 : EntryState::TornDown;
  return States;
}

/// The facts a path may hold at a point (EntryFact bits), the
/// context-tracking states it may be in and those its last irq/NMI-like
/// enter saved (CtState bits), one per kind of path.
using PathFacts = std::tuple<uint8_t, uint8_t, uint8_t>;
using FactSets = std::set<PathFacts>;

/// An entry point's: what it starts in; a restore with nothing saved
/// returns to the state it found.
FactSets initialFacts(const EntryPointRule &Rule) {
  return {{Rule.Initial == EntryState::Established ? uint8_t(FactsAll)
                                                   : uint8_t(0),
           Rule.Ct, Rule.Ct}};
}

/// What the engine recorded (the function's own steps: made so, undone;
/// the context-tracking states it moved to), completed by the caller's.
FactSets factsOf(const std::set<std::pair<uint8_t, uint8_t>> &Own,
                 const std::set<std::pair<uint8_t, uint8_t>> &OwnCt,
                 const FactSets &Caller) {
  FactSets Result;
  for (const auto &[Made, Undone] : Own)
    for (const auto &[Ct, Saved] : OwnCt)
      for (const auto &[Held, CallerCt, CallerSaved] : Caller)
        Result.insert({uint8_t(Made | (Held & ~Undone)),
                       resolveCt(Ct, CallerCt, CallerSaved),
                       Saved ? resolveCt(Saved, CallerCt, CallerSaved)
                             : CallerSaved});
  return Result;
}

/// "lockdep:informed rcu:watching ct:kernel", each fact \p Seen: held on
/// every path, on none ("no"), or on some ("mixed"); the context-tracking
/// states any path may be in.
std::string factsText(const FactSets &Facts, uint8_t Seen) {
  std::string Text;
  for (auto [Fact, Name, Held] :
       {std::tuple{FactLockdep, "lockdep:", "informed"},
        std::tuple{FactRcu, "rcu:", "watching"}}) {
    if (!(Seen & Fact) || Facts.empty())
      continue;
    size_t With = std::count_if(Facts.begin(), Facts.end(),
                                [&](const PathFacts &F) {
                                  return std::get<0>(F) & Fact;
                                });
    Text += std::string(Text.empty() ? "" : " ") + Name +
            (With == Facts.size() ? Held : With == 0 ? "no" : "mixed");
  }
  uint8_t Ct = 0;
  for (const PathFacts &F : Facts)
    Ct |= std::get<1>(F);
  if (std::string States = ctStateText(Ct); !States.empty())
    Text += std::string(Text.empty() ? "" : " ") + "ct:" + States;
  return Text;
}

/// Nesting deeper than this is a call chain, not a proof anyone reads.
constexpr int MaxMapDepth = 6;

/// Writes one function's steps, its helpers' nested under them.
class MapWriter {
public:
  MapWriter(Program &P, EntryPathAnalysis &Analysis, const BinaryPlaces &Places,
            std::vector<EntryMapStep> &Out)
      : P(P), Analysis(Analysis), Places(Places), Out(Out) {}

  Error write(const FunctionSummary &Sum, EntryStates Caller,
              const FactSets &CallerFacts, int Depth,
              const CodeLocation *Outer) {
    std::map<CodeAddress, std::string> RegionNotes;
    for (const EntryEvent &Ev : Sum.Inherited)
      if (Ev.What == EntryEvent::RegionOpened && !Ev.Path.empty())
        RegionNotes[Places.address(Ev.Path.front())] =
            "opens an instrumentation region at " +
            Places.locate(Ev.Origin).str();
    // Program order (the front end's), then the order the walk reached
    // calls sharing a place.
    using Item = const std::pair<const std::pair<PlaceId, std::string>,
                                 MappedCall>;
    std::vector<Item *> Items;
    for (Item &I : Sum.Calls)
      Items.push_back(&I);
    auto Rank = [&](Item *I) {
      auto It = Sum.Order.find(I->first.first);
      return std::make_tuple(It == Sum.Order.end() ? ~0u : It->second,
                             I->second.Seq, I->first.second);
    };
    std::sort(Items.begin(), Items.end(),
              [&](Item *A, Item *B) { return Rank(A) < Rank(B); });
    // An inlined helper is one step, at the first place it takes effect:
    // its call of a primitive and the end of its code on paths that skip
    // the primitive (context tracking off) are its paths, not steps.
    std::map<std::pair<std::string, std::string>, std::vector<Item *>>
        Instances;
    auto InstanceOf = [](Item *I) -> std::pair<std::string, std::string> {
      const MappedCall &C = I->second;
      if (!C.Completes.empty())
        return {C.Completes, C.CallLine};
      if (C.Inlined)
        return {I->first.second, C.CallLine};
      return {};
    };
    for (Item *I : Items)
      if (auto Instance = InstanceOf(I); !Instance.first.empty())
        Instances[Instance].push_back(I);
    std::optional<PlaceId> Previous; // the last step written at this depth
    for (Item *I : Items) {
      auto Instance = InstanceOf(I);
      const std::vector<Item *> *Paths =
          Instance.first.empty() ? nullptr : &Instances[Instance];
      if (Paths && Paths->front() != I)
        continue;
      const auto &Key = I->first;
      MappedCall Call = I->second;
      std::set<std::string> Primitives;
      bool EndsUnmade = false; // some path takes effect where it ends
      if (Paths) {
        for (Item *Path : *Paths) {
          const MappedCall &Other = Path->second;
          Call.Before.insert(Other.Before.begin(), Other.Before.end());
          Call.After.insert(Other.After.begin(), Other.After.end());
          Call.FactsBefore.insert(Other.FactsBefore.begin(),
                                  Other.FactsBefore.end());
          Call.FactsAfter.insert(Other.FactsAfter.begin(),
                                 Other.FactsAfter.end());
          Call.CtBefore.insert(Other.CtBefore.begin(), Other.CtBefore.end());
          Call.CtAfter.insert(Other.CtAfter.begin(), Other.CtAfter.end());
          Call.Returns &= Other.Returns;
          if (Other.Completes.empty())
            EndsUnmade = true;
          else
            Primitives.insert(Path->first.second);
        }
      }
      CodeAddress Site = Places.address(Key.first);
      EntryMapStep S;
      S.Site = locate(P, Site);
      S.Depth = Depth;
      if (Outer)
        S.OuterSite = *Outer;
      S.Callee = Paths ? Instance.first : Key.second;
      S.Inlined = Call.Inlined || Paths;
      EntryStates Before = statesOf(Call.Before, Caller);
      EntryStates After = statesOf(Call.After, Caller);
      // What runs established is fine: a helper is shown there only for
      // the transitions it makes or when it does not return.
      if (Before == EntryState::Established &&
          Call.What != MappedCall::Transition &&
          Call.What != MappedCall::Hook) {
        const FunctionSummary *Callee = summaryOf(Key.second);
        if (Call.What != MappedCall::Helper ||
            (Call.Returns && !(Callee && Callee->Transitions)))
          continue;
      }
      FactSets FactsBefore =
          factsOf(Call.FactsBefore, Call.CtBefore, CallerFacts);
      if (Call.Returns) {
        S.StateAfter = After;
        S.Facts = factsText(factsOf(Call.FactsAfter, Call.CtAfter, CallerFacts),
                            Analysis.engine().factsSeen());
      }
      if (auto It = RegionNotes.find(Site); It != RegionNotes.end()) {
        S.Note = It->second;
      } else if (!Primitives.empty()) {
        std::string Calls;
        for (const std::string &Primitive : Primitives)
          Calls += (Calls.empty() ? "" : ", ") + Primitive + "()";
        S.Note = (Call.CallLine.empty() ? std::string()
                                        : "called at " + Call.CallLine + ", ") +
                 "takes effect at its call of " + Calls +
                 (EndsUnmade ? ", or where its code ends on paths that skip it"
                             : "");
      }
      if (Previous && *Previous != Key.first) {
        auto It = Sum.Reaches.find(*Previous);
        S.Alternative = It != Sum.Reaches.end() && !It->second.count(Key.first);
      }
      Previous = Key.first;
      // Where a transition moves the path into or out of the established
      // state, a hook's place begins or ends.
      if (Call.What == MappedCall::Transition && Call.Returns) {
        bool WasOff = Before.contains(EntryState::Raw) ||
                      Before.contains(EntryState::TornDown);
        if (After.contains(EntryState::Established) && WasOff)
          S.Hooks = "after";
        else if (After.contains(EntryState::TornDown) &&
                 Before.contains(EntryState::Established))
          S.Hooks = "before";
      }
      size_t At = Out.size();
      Out.push_back(S);
      if (Error E = descend(Call, Key.second, Before, FactsBefore, Depth,
                            Outer ? *Outer : S.Site))
        return E;
      // The place is marked at the primitive, not at the helpers that
      // reach it.
      if (std::any_of(Out.begin() + At + 1, Out.end(),
                      [&](const EntryMapStep &N) { return N.Hooks == S.Hooks; }))
        Out[At].Hooks.clear();
    }
    return Error::success();
  }

private:
  /// A noinstr callee with a summary shows its own steps under the call.
  Error descend(const MappedCall &Call, const std::string &Callee,
                EntryStates Before, const FactSets &FactsBefore, int Depth,
                const CodeLocation &Outer) {
    if (Call.Inlined || !Call.Completes.empty() || Depth + 1 >= MaxMapDepth ||
        (Call.What != MappedCall::Helper &&
         Call.What != MappedCall::Transition))
      return Error::success();
    SymbolId Func = P.findSymbol(Callee);
    if (Func == NoSymbol || !OnPath.insert(Func).second)
      return Error::success();
    Error Result = Error::success();
    if (const FunctionSummary *Sum = Analysis.engine().summaryOf(Func))
      Result = write(*Sum, Before, FactsBefore, Depth + 1, &Outer);
    OnPath.erase(Func);
    return Result;
  }

  const FunctionSummary *summaryOf(const std::string &Callee) {
    SymbolId Func = P.findSymbol(Callee);
    return Func == NoSymbol ? nullptr : Analysis.engine().summaryOf(Func);
  }

  Program &P;
  EntryPathAnalysis &Analysis;
  const BinaryPlaces &Places;
  std::vector<EntryMapStep> &Out;
  std::set<SymbolId> OnPath;
};

} // namespace

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
    M.Initial = E.Rule->Initial;
    MapWriter Writer(P, Analysis, Places, M.Steps);
    if (Error Err = Writer.write(**SumOrErr, M.Initial,
                                 initialFacts(*E.Rule), 0, nullptr))
      return Err;
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
