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
// The ordering rule is the ordering engine's (entry/OrderingEngine.h), fed
// the same events as by the binary walk: this file knows only how the facts
// are walked.
//
//===----------------------------------------------------------------------===//
#include "noinstr/source/SourceLinker.h"
#include "noinstr/entry/OrderingEngine.h"
#include "noinstr/explain/Explainer.h"
#include "noinstr/model/RuleCatalog.h"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

namespace noinstr {
namespace {

using SiteId = PlaceId;

/// A place in the source with the inline frames it was reached through.
struct Site {
  std::string Owner; ///< key of the out-of-line function walked
  std::vector<SourceLocation> Frames; ///< innermost first
};

struct Frame {
  const FunctionFacts *F;
  uint32_t Block = 0;
  uint32_t Next = 0; ///< index of the next event in the block
  /// The call that entered this inline frame (its function arguments bind
  /// the frame's function-pointer parameters).
  const SourceEvent *CalledBy = nullptr;
  /// The conditions (FlowBlock::Condition) this frame's path has tested,
  /// and their values: a second test of one takes the same side.
  uint64_t Known = 0, Values = 0;
  friend bool operator==(const Frame &, const Frame &) = default;
};

struct WalkState {
  std::vector<Frame> Stack;
  int Depth = 0;
  int Inside = -1; ///< stack level of an inlined establisher/teardown
  EntryState InsideAfter = EntryState::Established;
  PathState Entry;
  friend bool operator==(const WalkState &, const WalkState &) = default;
};

struct WalkStateHash {
  size_t operator()(const WalkState &S) const noexcept {
    size_t H = 0;
    for (const Frame &F : S.Stack)
      H = H * 1000003u ^ (std::hash<const void *>()(F.F) + F.Block * 131u +
                          F.Next * 7u + F.Known * 31u + F.Values);
    return H ^ (size_t(S.Depth + 64) << 8) ^ (size_t(S.Inside + 1) << 20) ^
           (S.Entry.hash() * 31);
  }
};

constexpr int MaxDepth = 16;
/// Inline functions calling inline functions: deeper nesting than this is
/// recursion through inline helpers, which C compilers do not inline.
constexpr size_t MaxInlineDepth = 32;

class Linker : public OrderingProgram {
public:
  Linker(const std::vector<TuFacts> &Units, const RuleSet &Rules);
  SourceLinkResult run();

  NodeId nodeOf(PlaceId Place) const override {
    return NodeIds.at(Sites[Place].Owner);
  }
  std::string nodeName(NodeId Node) const override;
  CodeLocation locate(PlaceId Place) const override;
  std::string describe(PlaceId Place) const override;
  std::string sourceLine(PlaceId Place) const override;
  bool before(PlaceId A, PlaceId B) const override;

private:
  class Walk;
  friend class Walk;

  const FunctionFacts *lookup(const std::string &Key) const {
    auto It = Functions.find(Key);
    return It == Functions.end() ? nullptr : It->second;
  }
  NodeId node(const std::string &Key) const { return NodeIds.at(Key); }
  SiteId siteOf(const WalkState &S, const SourceLocation &Loc);
  const FunctionSummary &summary(const FunctionFacts *F);
  bool isEntry(const std::string &Key) const {
    return Engine.isEntry(node(Key));
  }
  void findEntryPoints();
  void addFinding(RuleId Rule, SiteId At, std::string Callee,
                  CalleeKind Dispatch, std::string Message,
                  std::vector<std::string> Notes = {});
  void buildGraph();

  const RuleSet &Rules;
  OrderingEngine Engine;
  std::map<std::string, const FunctionFacts *> Functions;
  /// Functions as the engine's nodes (by key).
  std::map<std::string, NodeId> NodeIds;
  std::vector<std::string> NodeKeys;
  std::vector<Site> Sites;
  std::map<std::string, SiteId> SiteIds;
  /// Out-of-line calls between walked functions: caller -> (callee, site).
  std::map<std::string, std::set<std::pair<std::string, SiteId>>> Calls;
  SourceLinkResult Result;
  /// Call-graph edges: site -> (callee, lowest region depth).
  /// A call edge for the diagrams: its callee and the lowest region depth
  /// reaching it.
  struct CallEdge {
    std::string Callee;
    CalleeKind Dispatch;
    int MinDepth;
  };
  std::map<SiteId, CallEdge> Edges;
  /// The lowest region depth each written call site is walked at.
  std::map<std::tuple<std::string, unsigned, unsigned, std::string>, int>
      CallDepths;
  /// Calls through function-pointer parameters, bound to the function the
  /// inline caller passed (stable addresses: frames point at them).
  std::deque<SourceEvent> Bound;
  /// The site of each call finding (parallel to its findings).
  std::vector<SiteId> CallFindingSites;
};

Linker::Linker(const std::vector<TuFacts> &Units, const RuleSet &Rules)
    : Rules(Rules), Engine(Rules.Entry) {
  // The first TU (in file order) that defines a key wins: static inline
  // helpers from headers are the same in every TU that includes them.
  for (const TuFacts &U : Units)
    for (const FunctionFacts &F : U.Functions)
      if (!F.Blocks.empty())
        Functions.emplace(F.Key, &F);
  for (const auto &[Key, F] : Functions) {
    NodeIds.emplace(Key, NodeKeys.size());
    NodeKeys.push_back(Key);
  }
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

std::string Linker::nodeName(NodeId Node) const {
  const FunctionFacts *F = lookup(NodeKeys[Node]);
  return F ? F->Name : NodeKeys[Node];
}

CodeLocation Linker::locate(SiteId Id) const {
  const Site &S = Sites[Id];
  CodeLocation L;
  L.Object = S.Frames.back().File;
  const FunctionFacts *Owner = lookup(S.Owner);
  L.Symbol = Owner ? Owner->Name : S.Owner;
  L.Source = S.Frames;
  return L;
}

std::string Linker::describe(SiteId Id) const {
  return Sites[Id].Frames.front().Function + " (" + sourceLine(Id) + ")";
}

std::string Linker::sourceLine(SiteId Id) const {
  const SourceLocation &L = Sites[Id].Frames.front();
  return L.File + ":" + std::to_string(L.Line);
}

bool Linker::before(SiteId A, SiteId B) const {
  const SourceLocation &X = Sites[A].Frames.back(), &Y = Sites[B].Frames.back();
  return std::tie(X.File, X.Line, X.Column) < std::tie(Y.File, Y.Line, Y.Column);
}

class Linker::Walk {
public:
  /// \p Ordering: \p Out receives the function's summary; \p CheckCalls:
  /// the call rules are checked (a second walk, without entry states).
  Walk(Linker &L, const FunctionFacts *F, FunctionSummary *Ordering,
       bool CheckCalls)
      : L(L), F(F), CheckCalls(CheckCalls) {
    if (Ordering)
      Engine.emplace(L.Engine, L.node(F->Key), *Ordering);
  }

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
    if (Engine)
      Engine->done();
  }

private:
  void step(WalkState S);
  void call(WalkState &S, const SourceEvent &E, bool &Continue);
  void returnFrom(WalkState S, const SourceLocation &At);
  void impliedRegion(WalkState &S, SiteId At, const SourceEvent &E,
                     const std::string &Callee, CalleeKind Dispatch);
  /// Inside an inlined teardown: its code after the primitive is the
  /// teardown's own mechanism, exempt as the trusted bodies are; code
  /// inside an inlined establisher before its primitive is not.
  static bool inTeardown(const WalkState &S) {
    return S.Inside >= 0 && S.InsideAfter == EntryState::TornDown;
  }
  bool regionsAllowed(const WalkState &S) const {
    for (const Frame &Fr : S.Stack)
      if (L.Rules.Entry.RegionsAllowed.matches(Fr.F->Name))
        return true;
    return false;
  }
  /// A finding about a call of \p Callee.
  void hit(RuleId Rule, SiteId At, std::string Callee, CalleeKind Dispatch,
           std::string Message) {
    if (CheckCalls && Hits.insert({Rule, At}).second)
      L.addFinding(Rule, At, std::move(Callee), Dispatch, std::move(Message));
  }
  /// A finding about the code itself, no call.
  void hit(RuleId Rule, SiteId At, std::string Message) {
    hit(Rule, At, "", CalleeKind::Direct, std::move(Message));
  }

  Linker &L;
  const FunctionFacts *F;
  bool CheckCalls;
  /// The engine's side of the walk, when the summary is computed.
  std::optional<OrderingEngine::Walk> Engine;
  std::vector<WalkState> Work;
  std::unordered_set<WalkState, WalkStateHash> Visited;
  std::set<std::pair<RuleId, SiteId>> Hits;
};

/// Where an inlined helper is called, "file:line".
static std::string callLine(const SourceEvent *Call) {
  return Call ? Call->Loc.File + ":" + std::to_string(Call->Loc.Line)
              : std::string();
}

/// Control leaves the innermost frame: back into the inline caller, or out
/// of the walked function.
void Linker::Walk::returnFrom(WalkState S, const SourceLocation &At) {
  if (S.Stack.size() > 1) {
    int Level = S.Stack.size() - 1;
    const FunctionFacts *Returning = S.Stack.back().F;
    S.Stack.pop_back();
    const Frame &Caller = S.Stack.back();
    const SourceEvent &Call =
        Caller.F->Blocks[Caller.Block].Events[Caller.Next - 1];
    const EntryRules &R = L.Rules.Entry;
    bool Wrapper = S.Inside >= 0 && S.Inside < Level &&
                   (S.InsideAfter == EntryState::Established
                        ? R.EstablisherWrappers
                        : R.TeardownWrappers)
                       .matches(Returning->Name);
    if (Wrapper) {
      // The wrapper of the instance's primitive returns without calling it
      // (context tracking is off on this path): the instance takes effect
      // here.
      const Frame &Instance = S.Stack[S.Inside];
      if (Engine)
        Engine->transition(S.Entry, S.InsideAfter, L.siteOf(S, Call.Loc),
                           Instance.F->Name, /*Inlined=*/true,
                           Returning->Name, callLine(Instance.CalledBy));
      S.Inside = -1;
    } else if (S.Inside == Level) {
      // An inlined establisher or teardown takes effect as it returns.
      S.Inside = -1;
      if (Engine)
        Engine->transition(S.Entry, S.InsideAfter, L.siteOf(S, Call.Loc),
                           Call.Callee, /*Inlined=*/true);
    }
    Work.push_back(std::move(S));
    return;
  }
  if (S.Depth > 0)
    hit(RuleId::RegionReturnOpen, L.siteOf(S, At),
        "return with an instrumentation region open");
  if (Engine)
    Engine->finish(S.Entry);
}

/// Where instrumentation_begin()/end() expand to nothing (arm64), the code
/// marks no regions: an instrumentable call outside a written region is
/// one on its own, allowed once the state is established (as in the
/// binary's implied regions). A noreturn call is a die path.
void Linker::Walk::impliedRegion(WalkState &S, SiteId At, const SourceEvent &E,
                                 const std::string &Callee,
                                 CalleeKind Dispatch) {
  if (Engine && S.Inside < 0 && !E.Noreturn && !regionsAllowed(S))
    Engine->impliedRegion(S.Entry, At, Callee, Dispatch);
}

void Linker::Walk::call(WalkState &S, const SourceEvent &E, bool &Continue) {
  const RuleSet &R = L.Rules;
  SiteId At = L.siteOf(S, E.Loc);
  if (CheckCalls) {
    auto Key = std::make_tuple(E.Loc.File, E.Loc.Line, E.Loc.Column,
                               E.Kind == SourceEventKind::Call ? E.Callee
                                                               : std::string());
    auto [It, New] = L.CallDepths.try_emplace(std::move(Key), S.Depth);
    It->second = std::min(It->second, S.Depth);
  }
  auto AddEdge = [&](const std::string &Callee, CalleeKind Dispatch) {
    if (!CheckCalls)
      return;
    auto [Edge, First] =
        L.Edges.try_emplace(At, CallEdge{Callee, Dispatch, S.Depth});
    Edge->second.MinDepth = std::min(Edge->second.MinDepth, S.Depth);
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
    std::string Callee = IndirectCalleeName.str();
    AddEdge(Callee, CalleeKind::Indirect);
    if (S.Depth <= 0 && !R.Annotations.RegionMarkers)
      impliedRegion(S, At, E, Callee, CalleeKind::Indirect);
    else if (S.Depth <= 0)
      hit(RuleId::NoinstrIndirectCall, At, Callee, CalleeKind::Indirect,
          "indirect call" +
              (E.Callee.empty() ? std::string() : " (" + E.Callee + ")") +
              " leaves non-instrumentable code outside an instrumentation "
              "region");
    if (Engine && !inTeardown(S))
      Engine->regionUsed(S.Entry, At, Callee, CalleeKind::Indirect);
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
  OrderingEngine::CallOutcome Outcome;
  if (Engine) {
    std::optional<OrderingEngine::InlinedHelper> Instance;
    if (S.Inside >= 0)
      Instance = {S.InsideAfter, S.Stack[S.Inside].F->Name, false,
                  callLine(S.Stack[S.Inside].CalledBy)};
    // An out-of-line establisher or teardown with a body: what it does
    // before its primitives runs in this path's state.
    const FunctionSummary *Body =
        Def && Kind == FunctionKind::Noinstr && !Walkable &&
                L.Engine.makesTransition(E.Callee)
            ? &L.summary(Def)
            : nullptr;
    Outcome = Engine->call(S.Entry, At, E.Callee,
                           Instance ? &*Instance : nullptr, Walkable, Body);
    if (Outcome.Consumed)
      S.Inside = -1;
  }

  if (Walkable) {
    bool Recursive = S.Stack.size() >= MaxInlineDepth ||
                     std::any_of(S.Stack.begin(), S.Stack.end(),
                                 [&](const Frame &Fr) { return Fr.F == Def; });
    if (Recursive)
      return;
    if (Outcome.Deferred) {
      S.Inside = S.Stack.size();
      S.InsideAfter = *Outcome.Deferred;
    }
    S.Stack.push_back({Def, 0, 0, &E});
    return;
  }
  AddEdge(E.Callee, CalleeKind::Direct);
  if (Outcome.Tracing) {
    // Accepted by the call rule, but tracing all the same; in a region the
    // region is what is checked.
    if (S.Depth <= 0)
      impliedRegion(S, At, E, E.Callee, CalleeKind::Direct);
    else if (!inTeardown(S))
      Engine->regionUsed(S.Entry, At, E.Callee, CalleeKind::Direct);
  }
  if (Kind == FunctionKind::Noinstr || Allowed) {
    if (Def && Kind == FunctionKind::Noinstr) {
      L.Calls[F->Key].insert({Def->Key, At});
      if (Engine && !Outcome.Handled)
        Engine->callSummary(S.Entry, At, E.Callee, L.summary(Def));
    }
  } else {
    // Instrumentable code runs here.
    bool Profiling = R.ProfilingHooks.matches(E.Callee);
    if (S.Depth <= 0 && !R.Annotations.RegionMarkers && !Profiling) {
      impliedRegion(S, At, E, E.Callee, CalleeKind::Direct);
    } else if (S.Depth <= 0) {
      hit(Profiling ? RuleId::NoinstrProfilingCall : RuleId::NoinstrCall, At,
          E.Callee, CalleeKind::Direct,
          "call to '" + E.Callee + "' leaves " +
              (F->Section.empty() ? std::string("non-instrumentable code")
                                  : F->Section));
    }
    // A hook (or a transition) is reported as itself, not as what a
    // region opened too early runs: one finding, as in the binary walk.
    if (Engine && !Outcome.Handled && !inTeardown(S))
      Engine->regionUsed(S.Entry, At, E.Callee, CalleeKind::Direct);
  }
  if (E.Noreturn)
    Continue = false; // a die path: a pending region is allowed
}

void Linker::Walk::step(WalkState S) {
  Frame &Top = S.Stack.back();
  const FlowBlock &B = Top.F->Blocks[Top.Block];
  if (Top.Next == B.Events.size()) {
    for (uint32_t Kill : B.Kills)
      Top.Known &= ~(uint64_t(1) << Kill);
    for (size_t I = B.Successors.size(); I-- > 0;) {
      WalkState Next = S;
      Frame &To = Next.Stack.back();
      if (B.Condition >= 0) {
        // Successors: the condition's true side, then its false side
        // (the other way round when the block tests its negation).
        uint64_t Bit = uint64_t(1) << B.Condition;
        bool Value = (I == 0) != B.ConditionNegated;
        if ((To.Known & Bit) && ((To.Values & Bit) != 0) != Value)
          continue; // the path tested it before and went the other way
        To.Known |= Bit;
        To.Values = Value ? To.Values | Bit : To.Values & ~Bit;
      }
      To.Block = B.Successors[I];
      To.Next = 0;
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
    if (Engine && S.Entry.Pending == NoPlace && !S.Entry.established())
      Engine->regionBegin(S.Entry, L.siteOf(S, E.Loc), S.Depth,
                          inTeardown(S) || regionsAllowed(S),
                          /*Used=*/false, /*InHelper=*/S.Inside >= 0);
    S.Depth = std::min(S.Depth + 1, MaxDepth);
    break;
  case SourceEventKind::RegionEnd:
    S.Depth = std::max(S.Depth - 1, -MaxDepth);
    if (S.Depth < 0)
      hit(RuleId::RegionUnmatchedEnd, L.siteOf(S, E.Loc),
          "instrumentation_end() without a matching instrumentation_begin()");
    if (Engine)
      Engine->regionEnd(S.Entry, S.Depth);
    break;
  case SourceEventKind::Call:
  case SourceEventKind::IndirectCall:
    call(S, E, Continue);
    break;
  }
  if (Continue)
    Work.push_back(std::move(S));
}

const FunctionSummary &Linker::summary(const FunctionFacts *F) {
  // A walk of the facts cannot fail.
  return *llvm::cantFail(Engine.summary(
      node(F->Key), Rules.Entry.TrustedBodies.matches(F->Name),
      [&](FunctionSummary &Sum) {
        Walk(*this, F, &Sum, /*CheckCalls=*/false).run();
        return llvm::Error::success();
      }));
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
        Engine.addEntry(node(Key), Rule);
        break;
      }
  }
  Result.EntryPoints = Engine.entries().size();
}

void Linker::addFinding(RuleId Rule, SiteId At, std::string Callee,
                        CalleeKind Dispatch, std::string Message,
                        std::vector<std::string> Notes) {
  Finding F;
  F.Rule = Rule;
  F.Level = ruleInfo(Rule).Level;
  F.Site = locate(At);
  F.Function = F.Site.Symbol;
  F.Callee = std::move(Callee);
  F.Dispatch = Dispatch;
  F.Message = std::move(Message);
  F.Notes = std::move(Notes);
  const Site &S = Sites[At];
  if (!S.Frames.empty() && S.Frames.size() > 1)
    F.Notes.push_back("reached through inline function" +
                      std::string(S.Frames.size() > 2 ? "s" : "") + " '" +
                      S.Frames.front().Function + "'");
  Result.Findings.push_back(std::move(F));
  CallFindingSites.push_back(At);
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
          N.Role = NodeRole::Entry;
      }
    N.Noinstr |= Rules.AllowedCallees.matches(Name) ||
                 Rules.Source.NoinstrFunctions.matches(Name);
    if (N.Role != NodeRole::None)
      return;
    if (E.Establishers.matches(Name) || E.InlinedEstablishers.matches(Name))
      N.Role = NodeRole::Establisher;
    else if (E.Teardowns.matches(Name) || E.InlinedTeardowns.matches(Name))
      N.Role = NodeRole::Teardown;
    else if (E.Hooks.matches(Name))
      N.Role = NodeRole::Hook;
  };
  for (const auto &[At, Edge] : Edges) {
    const FunctionFacts *Callee = lookup(Sites[At].Owner);
    CallGraph::Edge G;
    G.Caller = Callee ? Callee->Name : Sites[At].Owner;
    G.Callee = Edge.Callee;
    G.Dispatch = Edge.Dispatch;
    G.Site = locate(At);
    G.InRegion = Edge.MinDepth > 0;
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
      Walk(*this, F, nullptr, /*CheckCalls=*/true).run();
      summary(F);
    }
  ChainIndex Chains([&](NodeId N) { return nodeName(N); });
  for (const auto &[Caller, Callees] : Calls)
    for (const auto &[Callee, At] : Callees)
      Chains.addCall(node(Caller), node(Callee), At);
  for (const auto &[Entry, Rule] : Engine.entries())
    Chains.addEntry(Entry);
  Chains.build();
  // Chains for the call findings.
  for (size_t I = 0; I < CallFindingSites.size(); ++I) {
    Finding &Fd = Result.Findings[I];
    Fd.Chain = Engine.chainTo(*this, Chains, CallFindingSites[I], {});
    for (NodeId E : Chains.entriesReaching(nodeOf(CallFindingSites[I])))
      Fd.EntryPoints.push_back(nodeName(E));
  }
  if (!Rules.Entry.empty())
    for (Finding &F :
         Engine.findings(Engine.violations(*this), *this, Chains))
      Result.Findings.push_back(std::move(F));
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
