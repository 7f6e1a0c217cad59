//===- SourceLinker.cpp - the rules over all TUs' facts -------------------===//
//
// One walk per out-of-line non-instrumentable function, event by event along
// its reduced CFG. The walk state holds the stack of inline functions being
// walked in the caller's context, the region depth, the entry phase, the
// inlined establisher/teardown being walked (its effect applies when it
// returns) and the region opened before establishment that nothing has run
// in yet. Such a region is charged when it closes or the function returns
// with it open, if instrumentable code ran in it: one that runs into a
// noreturn call or a dead end is a die path ("just get the message out"),
// and unlike in machine code an empty one is visible and harmless (a WARN
// opens one around its trap).
//
// The ordering rule composes per-function summaries exactly like the binary
// analysis (entry/EntryPathAnalysis.cpp): events a function makes while its
// caller's state holds are inherited by the caller; entry points that start
// RAW turn them into findings.
//
//===----------------------------------------------------------------------===//
#include "noinstr/source/SourceLinker.h"
#include "noinstr/entry/OrderingText.h"
#include "noinstr/explain/Explainer.h"
#include "noinstr/report/RuleCatalog.h"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

namespace noinstr {
namespace {

enum class Phase : uint8_t { Inherited, Established, TornDown };

Phase phaseOf(EntryState S) {
  return S == EntryState::Established ? Phase::Established : Phase::TornDown;
}

using SiteId = int;

/// A place in the source with the inline frames it was reached through.
struct Site {
  std::string Owner; ///< key of the out-of-line function walked
  std::vector<SourceLocation> Frames; ///< innermost first
};

struct Event {
  EntryEvent::Kind What;
  SiteId Origin;
  std::string Name;
  std::vector<SiteId> Path; ///< out-of-line call sites down to Origin
  /// The instrumentable call that is the region itself (implied regions).
  std::string ImpliedBy = {};
};

struct Summary {
  std::vector<Event> Inherited;
  std::optional<EntryState> Exit;
  bool TearsDown = false;
  /// Establishing calls made while the caller's state held.
  std::vector<std::pair<SiteId, std::string>> Establishes;
};

struct Violation {
  std::string Rule;
  Event Ev;
  std::string Function; ///< key of the function whose state applies
  EntryState State = EntryState::Raw;
  std::vector<std::string> Entries;
  SiteId At = -1; ///< the charged site
  std::vector<std::pair<SiteId, std::string>> LaterEstablishers;
};

struct Frame {
  const FunctionFacts *F;
  uint32_t Block = 0;
  uint32_t Next = 0; ///< index of the next event in the block
  /// The call that entered this inline frame (its function arguments bind
  /// the frame's function-pointer parameters).
  const SourceEvent *CalledBy = nullptr;
  friend bool operator==(const Frame &, const Frame &) = default;
};

struct WalkState {
  std::vector<Frame> Stack;
  int Depth = 0;
  Phase Ph = Phase::Inherited;
  int Inside = -1; ///< stack level of an inlined establisher/teardown
  Phase InsideAfter = Phase::Inherited;
  SiteId Pending = -1;
  bool PendingUsed = false; ///< instrumentable code ran in that region
  int PendingDepth = 0;
  Phase PendingPhase = Phase::Inherited;
  int Cause = -1; ///< index into Walk::Names of the last transition
  int Nested = 0; ///< NMI-like establishers entered while established
  friend bool operator==(const WalkState &, const WalkState &) = default;
};

struct WalkStateHash {
  size_t operator()(const WalkState &S) const noexcept {
    size_t H = 0;
    for (const Frame &F : S.Stack)
      H = H * 1000003u ^ (std::hash<const void *>()(F.F) + F.Block * 131u +
                          F.Next * 7u);
    return H ^ (size_t(S.Depth + 64) << 8) ^ (size_t(S.Ph) << 16) ^
           (size_t(S.Inside + 1) << 20) ^ (size_t(S.Pending + 1) << 28) ^
           (size_t(S.Cause + 1) << 44);
  }
};

constexpr int MaxDepth = 16;
/// Inline functions calling inline functions: deeper nesting than this is
/// recursion through inline helpers, which C compilers do not inline.
constexpr size_t MaxInlineDepth = 32;

class Linker {
public:
  Linker(const std::vector<TuFacts> &Units, const RuleSet &Rules);
  SourceLinkResult run();

private:
  class Walk;
  friend class Walk;

  const FunctionFacts *lookup(const std::string &Key) const {
    auto It = Functions.find(Key);
    return It == Functions.end() ? nullptr : It->second;
  }
  SiteId siteOf(const WalkState &S, const SourceLocation &Loc);
  CodeLocation locationOf(SiteId Id) const;
  const Summary &summary(const FunctionFacts *F);
  bool isEntry(const std::string &Key) const { return EntryKeys.count(Key); }
  void findEntryPoints();
  void computeChains();
  std::vector<ChainHop> chainTo(const std::string &Key, CodeLocation Last,
                                const std::string &State) const;
  void addFinding(const std::string &Rule, SiteId At, std::string Callee,
                  std::string Message, std::vector<std::string> Notes = {});
  std::vector<Violation> orderingViolations();
  void reportOrdering(const std::vector<Violation> &Violations);
  std::string describe(SiteId Id) const;
  void buildGraph();

  const RuleSet &Rules;
  std::map<std::string, const FunctionFacts *> Functions;
  std::vector<Site> Sites;
  std::map<std::string, SiteId> SiteIds;
  std::map<std::string, const EntryPointRule *> EntryKeys;
  std::map<const FunctionFacts *, Summary> Summaries;
  std::set<const FunctionFacts *> InProgress;
  std::vector<Violation> Local;
  /// Out-of-line calls between walked functions: caller -> (callee, site).
  std::map<std::string, std::set<std::pair<std::string, SiteId>>> Calls;
  /// For each function: the entry point and call site it is best reached
  /// through (BFS from the entry points, in name order).
  std::map<std::string, std::pair<std::string, SiteId>> Parent;
  std::map<std::string, std::set<std::string>> Reaching;
  SourceLinkResult Result;
  /// Call-graph edges: site -> (callee, lowest region depth).
  std::map<SiteId, std::pair<std::string, int>> Edges;
  /// The lowest region depth each written call site is walked at.
  std::map<std::tuple<std::string, unsigned, unsigned, std::string>, int>
      CallDepths;
  /// Calls through function-pointer parameters, bound to the function the
  /// inline caller passed (stable addresses: frames point at them).
  std::deque<SourceEvent> Bound;
  /// The walked function of each call finding (parallel to its findings).
  std::vector<std::string> CallFindingOwners;
};

Linker::Linker(const std::vector<TuFacts> &Units, const RuleSet &Rules)
    : Rules(Rules) {
  // The first TU (in file order) that defines a key wins: static inline
  // helpers from headers are the same in every TU that includes them.
  for (const TuFacts &U : Units)
    for (const FunctionFacts &F : U.Functions)
      if (!F.Blocks.empty())
        Functions.emplace(F.Key, &F);
  Result.Functions = Functions.size();
}

SiteId Linker::siteOf(const WalkState &S, const SourceLocation &Loc) {
  Site New;
  New.Owner = S.Stack.front().F->Key;
  New.Frames.push_back(Loc);
  // Each outer frame is suspended right after its call into the next.
  for (size_t I = S.Stack.size() - 1; I-- > 0;) {
    const Frame &Fr = S.Stack[I];
    New.Frames.push_back(Fr.F->Blocks[Fr.Block].Events[Fr.Next - 1].Loc);
  }
  std::string Key = New.Owner;
  for (const SourceLocation &L : New.Frames)
    Key += "|" + L.File + ":" + std::to_string(L.Line) + ":" +
           std::to_string(L.Column) + ":" + L.Function;
  auto [It, Inserted] = SiteIds.try_emplace(Key, Sites.size());
  if (Inserted)
    Sites.push_back(std::move(New));
  return It->second;
}

CodeLocation Linker::locationOf(SiteId Id) const {
  const Site &S = Sites[Id];
  CodeLocation L;
  L.Object = S.Frames.back().File;
  const FunctionFacts *Owner = lookup(S.Owner);
  L.Symbol = Owner ? Owner->Name : S.Owner;
  L.Source = S.Frames;
  return L;
}

std::string Linker::describe(SiteId Id) const {
  const SourceLocation &L = Sites[Id].Frames.front();
  return L.Function + " (" + L.File + ":" + std::to_string(L.Line) + ")";
}

class Linker::Walk {
public:
  Walk(Linker &L, const FunctionFacts *F, bool Ordering, bool CheckCalls,
       Summary &Out)
      : L(L), F(F), Ordering(Ordering), CheckCalls(CheckCalls), Out(Out) {}

  void run() {
    WalkState Start;
    Start.Stack.push_back({F, 0, 0});
    Work.push_back(std::move(Start));
    while (!Work.empty()) {
      WalkState S = std::move(Work.back());
      Work.pop_back();
      if (Visited.insert(S).second)
        step(std::move(S));
    }
    if (ExitPhases.size() == 1 && *ExitPhases.begin() != Phase::Inherited)
      Out.Exit = *ExitPhases.begin() == Phase::Established
                     ? EntryState::Established
                     : EntryState::TornDown;
  }

private:
  void step(WalkState S);
  void call(WalkState &S, const SourceEvent &E, bool &Continue);
  void returnFrom(WalkState S, const SourceLocation &At);
  void transition(WalkState &S, EntryState After, SiteId Origin,
                  const std::string &Name);
  void confirmPending(WalkState &S);
  void impliedRegion(WalkState &S, SiteId At, const SourceEvent &E);
  void local(const std::string &Rule, EntryEvent::Kind What, SiteId Origin,
             const std::string &Name, EntryState State,
             std::vector<SiteId> Path = {}, std::string ImpliedBy = "");
  void inherit(Event Ev) {
    if (Recorded.insert({Ev.What, Ev.Origin, Ev.Name}).second)
      Out.Inherited.push_back(std::move(Ev));
  }
  bool regionsAllowed(const WalkState &S) const {
    for (const Frame &Fr : S.Stack)
      if (L.Rules.Entry.RegionsAllowed.matches(Fr.F->Name))
        return true;
    return false;
  }
  int nameIndex(const std::string &Name) {
    auto It = std::find(Names.begin(), Names.end(), Name);
    if (It != Names.end())
      return It - Names.begin();
    Names.push_back(Name);
    return Names.size() - 1;
  }
  std::string nameOf(int Index) const {
    return Index < 0 ? std::string() : Names[Index];
  }
  void hit(const std::string &Rule, SiteId At, std::string Callee,
           std::string Message) {
    if (CheckCalls && Hits.insert({Rule, At}).second)
      L.addFinding(Rule, At, std::move(Callee), std::move(Message));
  }

  Linker &L;
  const FunctionFacts *F;
  bool Ordering, CheckCalls;
  Summary &Out;
  std::vector<WalkState> Work;
  std::unordered_set<WalkState, WalkStateHash> Visited;
  std::set<Phase> ExitPhases;
  std::vector<std::string> Names;
  std::set<std::tuple<int, SiteId, std::string>> Recorded;
  std::set<std::pair<std::string, SiteId>> Hits;
};

void Linker::Walk::local(const std::string &Rule, EntryEvent::Kind What,
                         SiteId Origin, const std::string &Name,
                         EntryState State, std::vector<SiteId> Path,
                         std::string ImpliedBy) {
  Violation V;
  V.Rule = Rule;
  V.Ev = {What, Origin, Name, std::move(Path), std::move(ImpliedBy)};
  V.Function = F->Key;
  V.State = State;
  L.Local.push_back(std::move(V));
}

void Linker::Walk::transition(WalkState &S, EntryState After, SiteId Origin,
                              const std::string &Name) {
  if (!Ordering)
    return;
  if (After == EntryState::Established) {
    if (S.Ph == Phase::Established)
      local("entry-double-establish", EntryEvent::Established, Origin, Name,
            EntryState::Established);
    else if (S.Ph == Phase::Inherited) {
      inherit({EntryEvent::Established, Origin, Name, {}});
      Out.Establishes.emplace_back(Origin, Name);
    }
  } else if (S.Ph == Phase::Inherited) {
    inherit({EntryEvent::TornDown, Origin, Name, {}});
  }
  S.Ph = phaseOf(After);
  S.Cause = nameIndex(Name);
  Out.TearsDown |= After == EntryState::TornDown;
}

void Linker::Walk::confirmPending(WalkState &S) {
  if (S.Pending < 0)
    return;
  if (S.PendingPhase == Phase::Inherited)
    inherit({EntryEvent::RegionOpened, S.Pending, "", {}});
  else
    local("entry-region-after-teardown", EntryEvent::RegionOpened, S.Pending,
          nameOf(S.Cause), EntryState::TornDown);
  S.Pending = -1;
  S.PendingUsed = false;
}

/// Control leaves the innermost frame: back into the inline caller, or out
/// of the walked function.
void Linker::Walk::returnFrom(WalkState S, const SourceLocation &At) {
  if (S.Stack.size() > 1) {
    int Level = S.Stack.size() - 1;
    S.Stack.pop_back();
    if (S.Inside == Level) {
      const Frame &Caller = S.Stack.back();
      const SourceEvent &Call =
          Caller.F->Blocks[Caller.Block].Events[Caller.Next - 1];
      S.Inside = -1;
      transition(S,
                 S.InsideAfter == Phase::Established ? EntryState::Established
                                                     : EntryState::TornDown,
                 L.siteOf(S, Call.Loc), Call.Callee);
    }
    Work.push_back(std::move(S));
    return;
  }
  if (S.Depth > 0)
    hit("region-return-open", L.siteOf(S, At), "",
        "return with an instrumentation region open");
  if (S.PendingUsed)
    confirmPending(S);
  ExitPhases.insert(S.Ph);
}

/// Where instrumentation_begin()/end() expand to nothing (arm64), the code
/// marks no regions: an instrumentable call outside a written region is
/// one on its own, allowed once the state is established (as in the
/// binary's implied regions). A noreturn call is a die path.
void Linker::Walk::impliedRegion(WalkState &S, SiteId At,
                                 const SourceEvent &E) {
  if (S.Ph == Phase::Established || S.Inside >= 0 || E.Noreturn ||
      regionsAllowed(S))
    return;
  std::string Callee = E.Kind == SourceEventKind::Call ? E.Callee : "{dynamic}";
  if (S.Ph == Phase::Inherited)
    inherit({EntryEvent::RegionOpened, At, "", {}, Callee});
  else
    local("entry-region-after-teardown", EntryEvent::RegionOpened, At,
          nameOf(S.Cause), EntryState::TornDown, {}, Callee);
}

void Linker::Walk::call(WalkState &S, const SourceEvent &E, bool &Continue) {
  const RuleSet &R = L.Rules;
  const EntryRules &ER = R.Entry;
  SiteId At = L.siteOf(S, E.Loc);
  if (CheckCalls) {
    auto Key = std::make_tuple(E.Loc.File, E.Loc.Line, E.Loc.Column,
                               E.Kind == SourceEventKind::Call ? E.Callee
                                                               : std::string());
    auto [It, New] = L.CallDepths.try_emplace(std::move(Key), S.Depth);
    It->second = std::min(It->second, S.Depth);
  }
  auto AddEdge = [&](const std::string &Callee) {
    if (!CheckCalls)
      return;
    auto [Edge, First] = L.Edges.try_emplace(At, Callee, S.Depth);
    Edge->second.second = std::min(Edge->second.second, S.Depth);
  };
  if (E.Kind == SourceEventKind::IndirectCall && E.Parameter >= 0 &&
      S.Stack.back().CalledBy)
    for (const FunctionArgument &A : S.Stack.back().CalledBy->FunctionArguments)
      if (A.Index == unsigned(E.Parameter)) {
        // Inlined, the call through the parameter calls A directly.
        SourceEvent &Direct = L.Bound.emplace_back(E);
        Direct.Kind = SourceEventKind::Call;
        Direct.Parameter = -1;
        Direct.Callee = A.Callee;
        Direct.CalleeKey = A.CalleeKey;
        Direct.CalleeKind = A.CalleeKind;
        return call(S, Direct, Continue);
      }
  if (E.Kind == SourceEventKind::IndirectCall) {
    AddEdge("{dynamic}");
    if (S.Depth <= 0 && !R.Annotations.RegionMarkers) {
      if (Ordering)
        impliedRegion(S, At, E);
    } else if (S.Depth <= 0)
      hit("noinstr-indirect-call", At, "{dynamic}",
          "indirect call" +
              (E.Callee.empty() ? std::string() : " (" + E.Callee + ")") +
              " leaves non-instrumentable code outside an instrumentation "
              "region");
    if (Ordering && S.Inside < 0 && S.Pending >= 0)
      S.PendingUsed = true;
    return;
  }
  const FunctionFacts *Def = L.lookup(E.CalleeKey);
  FunctionKind Kind = E.CalleeKind == FunctionKind::Noinstr || !Def
                          ? E.CalleeKind
                          : Def->Kind;
  bool Walkable = Def && (Kind == FunctionKind::AlwaysInline ||
                          Kind == FunctionKind::Inline);
  if (R.Source.NoinstrFunctions.matches(E.Callee))
    Kind = FunctionKind::Noinstr;
  bool Allowed = R.AllowedCallees.matches(E.Callee);
  bool Ordered = Ordering && S.Inside < 0;

  if (Ordered && ER.Hooks.matches(E.Callee)) {
    if (S.Ph == Phase::Inherited)
      inherit({EntryEvent::HookCalled, At, E.Callee, {}});
    else if (S.Ph == Phase::TornDown)
      local("entry-hook-after-teardown", EntryEvent::HookCalled, At, E.Callee,
            EntryState::TornDown);
  }
  bool Establishes = ER.Establishers.matches(E.Callee) ||
                     ER.InlinedEstablishers.matches(E.Callee);
  bool TearsDown =
      ER.Teardowns.matches(E.Callee) || ER.InlinedTeardowns.matches(E.Callee);
  // An NMI-like entry nested in an established state, and its exit, leave
  // the state as they found it.
  bool Nests = false;
  if (Ordered && ER.Nesting.matches(E.Callee)) {
    if (Establishes && S.Ph == Phase::Established) {
      S.Nested = std::min(S.Nested + 1, MaxDepth);
      Nests = true;
    } else if (TearsDown && S.Nested > 0) {
      --S.Nested;
      Nests = true;
    }
  }
  if (Nests)
    Establishes = TearsDown = false;
  if (Ordered && (Establishes || TearsDown) && !Walkable)
    transition(S, Establishes ? EntryState::Established : EntryState::TornDown,
               At, E.Callee);

  if (!Walkable)
    AddEdge(E.Callee);
  if (Walkable) {
    bool Recursive = S.Stack.size() >= MaxInlineDepth ||
                     std::any_of(S.Stack.begin(), S.Stack.end(),
                                 [&](const Frame &Fr) { return Fr.F == Def; });
    if (Recursive)
      return;
    if (Ordered && (Establishes || TearsDown)) {
      // The helper's body is the mechanism; its effect holds once it returns.
      S.Inside = S.Stack.size();
      S.InsideAfter = Establishes ? Phase::Established : Phase::TornDown;
    }
    S.Stack.push_back({Def, 0, 0, &E});
    return;
  }
  if (Kind == FunctionKind::Noinstr || Allowed) {
    if (Def && Kind == FunctionKind::Noinstr) {
      L.Calls[F->Key].insert({Def->Key, At});
      if (Ordered && !Establishes && !TearsDown && !Nests) {
        const Summary &Sum = L.summary(Def);
        for (const Event &Ev : Sum.Inherited) {
          Event Charged = Ev;
          Charged.Path.insert(Charged.Path.begin(), At);
          if (S.Ph == Phase::Inherited)
            inherit(std::move(Charged));
          else if (S.Ph == Phase::Established) {
            if (Ev.What == EntryEvent::Established)
              local("entry-double-establish", Ev.What, Ev.Origin, Ev.Name,
                    EntryState::Established, Charged.Path);
          } else if (Ev.What == EntryEvent::RegionOpened) {
            local("entry-region-after-teardown", Ev.What, Ev.Origin,
                  nameOf(S.Cause), EntryState::TornDown, Charged.Path,
                  Ev.ImpliedBy);
          } else if (Ev.What == EntryEvent::HookCalled) {
            local("entry-hook-after-teardown", Ev.What, Ev.Origin, Ev.Name,
                  EntryState::TornDown, Charged.Path);
          }
        }
        if (Sum.Exit) {
          S.Ph = phaseOf(*Sum.Exit);
          S.Cause = nameIndex(E.Callee);
        }
      }
    }
  } else {
    // Instrumentable code runs here.
    bool Profiling = R.ProfilingHooks.matches(E.Callee);
    if (S.Depth <= 0 && !R.Annotations.RegionMarkers && !Profiling) {
      if (Ordered)
        impliedRegion(S, At, E);
    } else if (S.Depth <= 0) {
      hit(Profiling ? "noinstr-profiling-call" : "noinstr-call", At, E.Callee,
          "call to '" + E.Callee + "' leaves " +
              (F->Section.empty() ? std::string("non-instrumentable code")
                                  : F->Section));
    }
    if (Ordered && S.Pending >= 0)
      S.PendingUsed = true;
  }
  if (E.Noreturn)
    Continue = false; // a die path: a pending region is allowed
}

void Linker::Walk::step(WalkState S) {
  Frame &Top = S.Stack.back();
  const FlowBlock &B = Top.F->Blocks[Top.Block];
  if (Top.Next == B.Events.size()) {
    for (auto It = B.Successors.rbegin(); It != B.Successors.rend(); ++It) {
      WalkState Next = S;
      Next.Stack.back().Block = *It;
      Next.Stack.back().Next = 0;
      Work.push_back(std::move(Next));
    }
    if (B.Returns)
      returnFrom(std::move(S), B.ReturnAt);
    return; // no successor: a dead end (BUG)
  }
  const SourceEvent &E = B.Events[Top.Next++];
  bool Continue = true;
  switch (E.Kind) {
  case SourceEventKind::RegionBegin:
    if (Ordering && S.Pending < 0 && S.Ph != Phase::Established &&
        S.Inside < 0 && !regionsAllowed(S)) {
      S.Pending = L.siteOf(S, E.Loc);
      S.PendingDepth = S.Depth;
      S.PendingPhase = S.Ph;
    }
    S.Depth = std::min(S.Depth + 1, MaxDepth);
    break;
  case SourceEventKind::RegionEnd:
    S.Depth = std::max(S.Depth - 1, -MaxDepth);
    if (S.Depth < 0)
      hit("region-unmatched-end", L.siteOf(S, E.Loc), "",
          "instrumentation_end() without a matching instrumentation_begin()");
    // The region closes: charged if instrumentable code ran in it; one
    // nothing ran in (a WARN's trap) is harmless.
    if (S.Pending >= 0 && S.Depth <= S.PendingDepth) {
      if (S.PendingUsed)
        confirmPending(S);
      S.Pending = -1;
      S.PendingUsed = false;
    }
    break;
  case SourceEventKind::Call:
  case SourceEventKind::IndirectCall:
    call(S, E, Continue);
    break;
  }
  if (Continue)
    Work.push_back(std::move(S));
}

const Summary &Linker::summary(const FunctionFacts *F) {
  static const Summary Empty;
  if (auto It = Summaries.find(F); It != Summaries.end())
    return It->second;
  // Recursion, or a body that implements the transitions itself.
  if (InProgress.count(F) || Rules.Entry.TrustedBodies.matches(F->Name))
    return Empty;
  InProgress.insert(F);
  Summary Sum;
  Walk(*this, F, /*Ordering=*/true, /*CheckCalls=*/false, Sum).run();
  InProgress.erase(F);
  return Summaries.emplace(F, std::move(Sum)).first->second;
}

void Linker::findEntryPoints() {
  const EntryRules &R = Rules.Entry;
  for (const auto &[Key, F] : Functions) {
    if (F->Kind != FunctionKind::Noinstr || R.NotEntryPoints.matches(F->Name))
      continue;
    for (const EntryPointRule &Rule : R.EntryPoints)
      if (Rule.Functions.matches(F->Name) ||
          std::find(Rule.Sections.begin(), Rule.Sections.end(), F->Section) !=
              Rule.Sections.end()) {
        EntryKeys.emplace(Key, &Rule);
        break;
      }
  }
  Result.EntryPoints = EntryKeys.size();
}

void Linker::computeChains() {
  for (const auto &[Entry, Rule] : EntryKeys) {
    std::deque<std::string> Queue{Entry};
    std::set<std::string> Seen{Entry};
    while (!Queue.empty()) {
      std::string Caller = Queue.front();
      Queue.pop_front();
      Reaching[Caller].insert(Entry);
      for (const auto &[Callee, At] : Calls[Caller])
        if (Seen.insert(Callee).second) {
          Queue.push_back(Callee);
          // Entries in name order: the first to reach a function keeps it,
          // unless a later one reaches it in fewer hops.
          if (!Parent.count(Callee) && !EntryKeys.count(Callee))
            Parent[Callee] = {Caller, At};
        }
    }
  }
}

std::vector<ChainHop> Linker::chainTo(const std::string &Key,
                                      CodeLocation Last,
                                      const std::string &State) const {
  std::vector<ChainHop> Hops;
  std::set<std::string> Seen{Key};
  for (std::string Cur = Key;;) {
    auto It = Parent.find(Cur);
    if (It == Parent.end() || !Seen.insert(It->second.first).second)
      break;
    const FunctionFacts *Caller = lookup(It->second.first);
    Hops.insert(Hops.begin(), {Caller ? Caller->Name : It->second.first,
                               locationOf(It->second.second), State});
    Cur = It->second.first;
  }
  const FunctionFacts *F = lookup(Key);
  Hops.push_back({F ? F->Name : Key, std::move(Last), State});
  return Hops;
}

void Linker::addFinding(const std::string &Rule, SiteId At, std::string Callee,
                        std::string Message, std::vector<std::string> Notes) {
  Finding F;
  F.Rule = Rule;
  F.Level = ruleInfo(Rule).Level;
  F.Site = locationOf(At);
  F.Function = F.Site.Symbol;
  F.Callee = std::move(Callee);
  F.Message = std::move(Message);
  F.Notes = std::move(Notes);
  const Site &S = Sites[At];
  if (!S.Frames.empty() && S.Frames.size() > 1)
    F.Notes.push_back("reached through inline function" +
                      std::string(S.Frames.size() > 2 ? "s" : "") + " '" +
                      S.Frames.front().Function + "'");
  Result.Findings.push_back(std::move(F));
  CallFindingOwners.push_back(S.Owner);
}

std::vector<Violation> Linker::orderingViolations() {
  std::vector<Violation> Out;
  // Where an event is charged: in the innermost entry point on its path.
  auto SiteOfEvent = [&](const Event &Ev) {
    if (isEntry(Sites[Ev.Origin].Owner))
      return Ev.Origin;
    for (auto It = Ev.Path.rbegin(); It != Ev.Path.rend(); ++It)
      if (isEntry(Sites[*It].Owner))
        return *It;
    return Ev.Path.empty() ? Ev.Origin : Ev.Path.front();
  };
  std::map<std::tuple<std::string, SiteId, SiteId>, Violation> Merged;
  for (const auto &[Key, Rule] : EntryKeys) {
    const FunctionFacts *F = lookup(Key);
    const Summary &Sum = summary(F);
    bool Raw = Rule->Initial == EntryState::Raw;
    for (const Event &Ev : Sum.Inherited) {
      const char *Id = nullptr;
      switch (Ev.What) {
      case EntryEvent::RegionOpened:
        Id = Raw ? "entry-region-before-establish" : nullptr;
        break;
      case EntryEvent::HookCalled:
        Id = Raw ? "entry-hook-before-establish" : nullptr;
        break;
      case EntryEvent::TornDown:
        Id = Raw ? "entry-teardown-without-establish" : nullptr;
        break;
      case EntryEvent::Established:
        Id = Raw || Sum.TearsDown ? nullptr : "entry-double-establish";
        break;
      }
      if (!Id)
        continue;
      SiteId At = SiteOfEvent(Ev);
      auto [It, Inserted] = Merged.try_emplace({Id, Ev.Origin, At});
      Violation &V = It->second;
      if (Inserted || Ev.Path.size() < V.Ev.Path.size()) {
        V.Rule = Id;
        V.Ev = Ev;
        V.Function = Key;
        V.State = Rule->Initial;
        V.At = At;
      }
      V.Entries.push_back(F->Name);
    }
  }
  for (auto &[Key, V] : Merged) {
    V.LaterEstablishers = summary(lookup(V.Function)).Establishes;
    Out.push_back(std::move(V));
  }
  std::set<std::pair<SiteId, SiteId>> Charged;
  for (const Violation &V : Out)
    Charged.insert({V.Ev.Origin, V.At});
  std::set<std::tuple<std::string, SiteId, SiteId>> Seen;
  for (Violation &V : Local) {
    V.At = V.Ev.Path.empty() ? V.Ev.Origin : V.Ev.Path.front();
    if (!Charged.count({V.Ev.Origin, V.At}) &&
        Seen.insert({V.Rule, V.Ev.Origin, V.At}).second)
      Out.push_back(std::move(V));
  }
  return Out;
}

void Linker::reportOrdering(const std::vector<Violation> &Violations) {
  for (const Violation &V : Violations) {
    const Event &E = V.Ev;
    std::string State = entryStateName(V.State).str();
    std::string SiteOwner = Sites[V.At].Owner;
    Finding F;
    F.Rule = V.Rule;
    F.Level = ruleInfo(V.Rule).Level;
    F.Site = locationOf(V.At);
    F.Function = F.Site.Symbol;
    F.Chain = chainTo(SiteOwner, F.Site,
                      V.State == EntryState::Raw ? State : std::string());
    F.Chain.back().State = State;
    std::string Entry = F.Chain.front().Function;
    auto SiteAt = std::find(E.Path.begin(), E.Path.end(), V.At);
    auto OwnerName = [&](SiteId Id) {
      const FunctionFacts *Fn = lookup(Sites[Id].Owner);
      return Fn ? Fn->Name : Sites[Id].Owner;
    };
    if (SiteAt != E.Path.end()) {
      auto Next = std::next(SiteAt);
      F.Callee = OwnerName(Next != E.Path.end() ? *Next : E.Origin);
    } else if (E.What != EntryEvent::RegionOpened) {
      F.Callee = E.Name;
    }
    std::string Via;
    if (SiteAt != E.Path.end())
      for (auto It = std::next(SiteAt); It != E.Path.end(); ++It)
        Via += " -> " + describe(*It);
    if (F.Callee.empty())
      F.Callee = E.ImpliedBy;
    OrderingText Text = orderingText(
        E.What, V.State, Entry, E.Name, E.ImpliedBy,
        SiteAt != E.Path.end() ? F.Callee : std::string(),
        describe(E.Origin) + (Via.empty() ? "" : " (via" + Via + ")"));
    F.Message = std::move(Text.Message);
    if (!Text.Note.empty())
      F.Notes.push_back(std::move(Text.Note));
    const FunctionFacts *Fn = lookup(V.Function);
    for (const auto &[At, Name] : V.LaterEstablishers)
      F.Notes.push_back("'" + (Fn ? Fn->Name : V.Function) +
                        "' establishes the state later, with '" + Name +
                        "' at " + describe(At));
    if (V.Entries.size() > 1) {
      std::string List;
      for (const std::string &Name : V.Entries)
        List += (List.empty() ? "" : ", ") + Name;
      F.Notes.push_back("entry points starting RAW that reach it: " + List);
    }
    Result.Findings.push_back(std::move(F));
  }
}

/// The diagrams' call graph: calls out of the walked functions, except
/// into inline functions (their calls are the caller's).
void Linker::buildGraph() {
  std::set<std::tuple<std::string, unsigned, unsigned>> FindingSites;
  for (const Finding &F : Result.Findings)
    if (!F.Site.Source.empty())
      FindingSites.insert({F.Site.Source.front().File,
                           F.Site.Source.front().Line,
                           F.Site.Source.front().Column});
  std::map<std::string, CallGraph::Node> Nodes;
  const EntryRules &E = Rules.Entry;
  auto AddNode = [&](const std::string &Name) {
    CallGraph::Node &N = Nodes[Name];
    N.Name = Name;
    for (const auto &[Key, F] : Functions)
      if (F->Name == Name && F->Kind == FunctionKind::Noinstr) {
        N.Section = F->Section;
        N.Noinstr = true;
        if (isEntry(Key))
          N.Role = "entry";
      }
    N.Noinstr |= Rules.AllowedCallees.matches(Name) ||
                 Rules.Source.NoinstrFunctions.matches(Name);
    if (!N.Role.empty())
      return;
    if (E.Establishers.matches(Name) || E.InlinedEstablishers.matches(Name))
      N.Role = "establisher";
    else if (E.Teardowns.matches(Name) || E.InlinedTeardowns.matches(Name))
      N.Role = "teardown";
    else if (E.Hooks.matches(Name))
      N.Role = "hook";
  };
  for (const auto &[At, Edge] : Edges) {
    const FunctionFacts *Callee = lookup(Sites[At].Owner);
    CallGraph::Edge G;
    G.Caller = Callee ? Callee->Name : Sites[At].Owner;
    G.Callee = Edge.first;
    G.Site = locationOf(At);
    G.InRegion = Edge.second > 0;
    const SourceLocation &S = Sites[At].Frames.front();
    G.Finding = FindingSites.count({S.File, S.Line, S.Column}) != 0;
    AddNode(G.Caller);
    AddNode(G.Callee);
    Result.Graph.Edges.push_back(std::move(G));
  }
  for (auto &[Name, N] : Nodes)
    Result.Graph.Nodes.push_back(std::move(N));
  auto Key = [](const CallGraph::Edge &G) {
    return std::make_tuple(G.Caller, G.Site.Source.front().File,
                           G.Site.Source.front().Line,
                           G.Site.Source.front().Column, G.Callee);
  };
  std::sort(Result.Graph.Edges.begin(), Result.Graph.Edges.end(),
            [&](const CallGraph::Edge &A, const CallGraph::Edge &B) {
              return Key(A) < Key(B);
            });
}

SourceLinkResult Linker::run() {
  findEntryPoints();
  // Every out-of-line non-instrumentable function is walked once for the
  // call rules; its summary (ordering) is computed on the way.
  for (const auto &[Key, F] : Functions)
    if (F->Kind == FunctionKind::Noinstr) {
      Summary Unused;
      Walk(*this, F, /*Ordering=*/false, /*CheckCalls=*/true, Unused).run();
      summary(F);
    }
  computeChains();
  // Chains for the call findings.
  for (size_t I = 0; I < CallFindingOwners.size(); ++I) {
    Finding &Fd = Result.Findings[I];
    const std::string &Owner = CallFindingOwners[I];
    Fd.Chain = chainTo(Owner, Fd.Site, "");
    for (const std::string &E : Reaching[Owner]) {
      const FunctionFacts *EF = lookup(E);
      Fd.EntryPoints.push_back(EF ? EF->Name : E);
    }
  }
  if (!Rules.Entry.empty())
    reportOrdering(orderingViolations());
  for (Finding &F : Result.Findings)
    Explainer::classify(Rules, F);
  buildGraph();
  for (const auto &[Key, Depth] : CallDepths) {
    const auto &[File, Line, Column, Callee] = Key;
    Result.CallSites.push_back({{File, Line, Column, ""}, Callee, Depth > 0});
  }
  return std::move(Result);
}

} // namespace

SourceLinkResult linkFacts(const std::vector<TuFacts> &Units,
                           const RuleSet &Rules) {
  return Linker(Units, Rules).run();
}

} // namespace noinstr
