//===- EntryPathAnalysis.cpp - the machine-code walk of entry paths ------===//
//
// The walk of one function carries, besides the instruction and the region
// depth, the inlined establisher/teardown instance the instruction belongs
// to and the engine's path state. An inlined instance takes effect where
// the walk leaves it; one that compiled to nothing, where DWARF says it
// was inlined.
//
//===----------------------------------------------------------------------===//
#include "noinstr/entry/EntryPathAnalysis.h"
#include "noinstr/check/PathWalker.h"

#include "llvm/BinaryFormat/ELF.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

using namespace llvm;

namespace noinstr {
namespace {

struct WalkState {
  CodeAddress Addr;
  SymbolId Func = NoSymbol; ///< the function (group) walked
  int Depth = 0;
  int Inside = -1; ///< inlined establisher/teardown instance
  /// The inlined instance that made the last transition: scheduling
  /// interleaves inlined code with its caller's, so a path can leave the
  /// same instance several times; it transitions once.
  int LastInstance = -1;
  /// Set by a branch in the inlined wrapper of the instance's primitive
  /// (user_exit_irqoff()) before the instance took effect: the branch (its
  /// original, which names the wrapper) and its fall-through.
  struct Branch {
    CodeAddress At, FallThrough;
    friend bool operator==(const Branch &, const Branch &) = default;
  };
  std::optional<Branch> WrapperBranch;
  PathState Entry;
  /// What the path decided at conditional jumps: an impossible pairing
  /// (the enter under one test, the exit under the other side of the same
  /// test) is not walked.
  BranchFacts Branches;

  friend bool operator==(const WalkState &, const WalkState &) = default;
};

struct WalkStateHash {
  size_t operator()(const WalkState &S) const noexcept {
    return std::hash<CodeAddress>()(S.Addr) ^ (S.Entry.hash() * 31) ^
           (size_t(S.Func) * 0x9E3779B1u) ^
           (size_t(S.Depth + 64) << 40) ^ (size_t(S.Inside + 1) << 48) ^
           (size_t(S.LastInstance + 1) << 56) ^ (S.Branches.hash() * 17);
  }
};

constexpr int MaxDepth = 16;

} // namespace

class EntryPathAnalysis::Walk {
public:
  Walk(EntryPathAnalysis &A, SymbolId Func, FunctionSummary &Out)
      : A(A), Out(Out), Engine(A.Engine, Func, Out),
        Walker(A.P, A.Flow, A.Noreturn, *this) {
    FuncGroup = A.Flow.functionOf(A.P.symbol(Func).address());
    RegionsAllowed =
        A.Rules.Entry.RegionsAllowed.matches(A.P.symbol(Func).Name);
    Start = A.P.symbol(Func).address();
  }

  Error run();

  // The path walker's visitor.
  using State = WalkState;
  Expected<bool> enter(WalkState &S);
  Expected<bool> process(WalkState &S, const FlowStep &Step,
                         std::vector<CodeAddress> &After);
  Expected<bool> follow(WalkState &S, const FlowStep &Step, CodeAddress To,
                        bool Ran) {
    // Past its budget the walk forgets what it decided: the states that
    // decisions kept apart merge again, as without correlation.
    if (Visited.size() > A.Branches.budget(FuncGroup)) {
      S.Branches = BranchFacts();
      return true;
    }
    return A.Branches.follow(S.Branches, FuncGroup, *Step.Insn, S.Addr,
                             Step.After, To, Ran);
  }
  bool stopped() const { return false; }

private:
  Error call(WalkState &S, const CallSite &Call, const Instruction &Insn);
  Error impliedRegion(WalkState &S, const CallSite &Call,
                      const Instruction &Insn);
  /// The name of the callee if it is instrumentable code (or unknown);
  /// \p Unresolved: also a module's callee no input defines.
  Expected<std::optional<std::string>>
  instrumentable(const CallSite &Call, const Instruction &Insn,
                 bool Unresolved = false);
  Error regionCall(WalkState &S, const CallSite &Call,
                   const Instruction &Insn);
  Error enterEmptyInstances(WalkState &S);
  void leaveInstance(WalkState &S);
  /// The inlined wrapper of a primitive of the instance the walk is in
  /// that \p Addr belongs to, if any.
  Expected<std::optional<std::string>> wrapperAt(const WalkState &S,
                                                 CodeAddress Addr);
  /// The instance the walk is inside of takes effect at its nested
  /// primitive \p Primitive (inlined, perhaps empty).
  void consumeInstance(WalkState &S, const std::string &Primitive);
  void finish(WalkState S);
  Expected<bool> isWarnRegion(CodeAddress Begin);
  /// Where code in an alternative's replacement stands: its original.
  CodeAddress original(CodeAddress Addr) const {
    if (const Alternative *Alt = A.Flow.special().replacementHolding(Addr))
      return Alt->Orig;
    return Addr;
  }
  /// Where the walked function calls an inlined helper.
  static std::string callLine(const InlinedTransition &T) {
    return T.Outer.Line == 0 ? std::string()
                             : T.Outer.File + ":" + std::to_string(T.Outer.Line);
  }
  /// Inside an inlined teardown: its code after the primitive is the
  /// teardown's own mechanism (lockdep_hardirqs_on() after
  /// user_enter_irqoff()), exempt as the trusted bodies are. Code inside an
  /// inlined establisher before its primitive is not.
  bool inTeardown(const WalkState &S) const {
    return S.Inside >= 0 &&
           A.Inline.instance(S.Inside).After == EntryState::TornDown;
  }
  /// Inside an inlined establisher that has not taken effect: where its
  /// primitive is may be unknown (one that compiled to nothing leaves no
  /// trace on some configs), so a region here is charged only if the
  /// helper takes effect at a primitive call after it.
  bool beforeHelperEffect(const WalkState &S) const {
    return S.Inside >= 0 && S.LastInstance != S.Inside &&
           A.Inline.instance(S.Inside).After == EntryState::Established;
  }
  PlaceId here(const WalkState &S) {
    return A.Places.place(original(S.Addr));
  }

  void orderPlaces();

  EntryPathAnalysis &A;
  FunctionSummary &Out;
  OrderingEngine::Walk Engine;
  PathWalker<Walk> Walker;
  CodeAddress Start;
  SymbolId FuncGroup;
  bool RegionsAllowed = false;
  std::unordered_set<WalkState, WalkStateHash> Visited;
  /// The control flow the walk took: each instruction's successors, in
  /// the walker's order (branch target before fall-through).
  std::map<CodeAddress, std::vector<CodeAddress>> Successors;
};

Error EntryPathAnalysis::Walk::run() {
  if (Error E = A.Branches.scan(FuncGroup))
    return E;
  WalkState First;
  First.Addr = Start;
  First.Func = FuncGroup;
  if (Error E = Walker.walk(First))
    return E;
  Engine.done();
  if (A.Ordered)
    orderPlaces();
  return Error::success();
}

/// Program order for the entry map: a topological order of the control
/// flow walked (loops cut where they close), so every instruction comes
/// after the code leading to it whatever the layout (a cold block, a
/// switch's default placed first); among instructions whose predecessors
/// all came, the one with the smallest source line in the walked function
/// first (the frontend's LineOf; without it, or without a line, the
/// lowest address), so the cases of a switch and the arms of an if come
/// in the order they are written.
void EntryPathAnalysis::Walk::orderPlaces() {
  auto SuccessorsOf = [&](CodeAddress Addr) -> const std::vector<CodeAddress> & {
    static const std::vector<CodeAddress> None;
    auto It = Successors.find(Addr);
    return It == Successors.end() ? None : It->second;
  };
  // Back edges: to an instruction still on the depth-first stack.
  std::set<std::pair<CodeAddress, CodeAddress>> Back;
  std::map<CodeAddress, unsigned> InDegree{{Start, 0}};
  std::set<CodeAddress> OnStack{Start};
  std::vector<std::pair<CodeAddress, size_t>> Stack{{Start, 0}};
  while (!Stack.empty()) {
    auto &[Addr, Next] = Stack.back();
    const std::vector<CodeAddress> &Succ = SuccessorsOf(Addr);
    if (Next == Succ.size()) {
      OnStack.erase(Addr);
      Stack.pop_back();
      continue;
    }
    CodeAddress From = Addr, To = Succ[Next++];
    if (OnStack.count(To)) {
      Back.insert({From, To});
      continue;
    }
    auto [It, New] = InDegree.try_emplace(To, 0);
    ++It->second;
    if (New) {
      OnStack.insert(To);
      Stack.push_back({To, 0});
    }
  }
  auto Key = [&](CodeAddress Addr) {
    return std::make_pair(A.LineOf ? A.LineOf(Addr) : 0u, Addr);
  };
  std::set<std::pair<std::pair<unsigned, CodeAddress>, CodeAddress>> Ready{
      {Key(Start), Start}};
  unsigned Rank = 0;
  while (!Ready.empty()) {
    CodeAddress Addr = Ready.begin()->second;
    Ready.erase(Ready.begin());
    Out.Order.try_emplace(A.Places.place(original(Addr)), Rank++);
    for (CodeAddress To : SuccessorsOf(Addr))
      if (!Back.count({Addr, To}) && --InDegree[To] == 0)
        Ready.insert({Key(To), To});
  }
  // Which mapped places each mapped place leads to.
  std::map<PlaceId, std::vector<CodeAddress>> Mapped;
  for (const auto &[Addr, Succ] : Successors) {
    PlaceId Place = A.Places.place(original(Addr));
    if (Out.Calls.lower_bound({Place, std::string()}) != Out.Calls.end() &&
        Out.Calls.lower_bound({Place, std::string()})->first.first == Place)
      Mapped[Place].push_back(Addr);
  }
  for (const auto &[From, Starts] : Mapped) {
    std::set<PlaceId> &Reached = Out.Reaches[From];
    std::set<CodeAddress> Seen;
    std::vector<CodeAddress> Work;
    for (CodeAddress Start : Starts)
      for (CodeAddress To : SuccessorsOf(Start))
        Work.push_back(To);
    while (!Work.empty()) {
      CodeAddress Addr = Work.back();
      Work.pop_back();
      if (!Seen.insert(Addr).second)
        continue;
      PlaceId Place = A.Places.place(original(Addr));
      if (Mapped.count(Place))
        Reached.insert(Place);
      for (CodeAddress To : SuccessorsOf(Addr))
        Work.push_back(To);
    }
  }
}

/// A WARN or BUG: instrumentation_begin() right before a ud2.
Expected<bool> EntryPathAnalysis::Walk::isWarnRegion(CodeAddress Begin) {
  auto NopOrErr = A.Flow.code().at(Begin);
  if (!NopOrErr)
    return NopOrErr.takeError();
  CodeAddress Next = Begin + (*NopOrErr)->Length;
  if (Next.Offset >= A.P.section(Next.Section).Size)
    return false;
  auto NextOrErr = A.Flow.code().at(Next);
  if (!NextOrErr)
    return NextOrErr.takeError();
  return (*NextOrErr)->Kind == InsnKind::Trap;
}

void EntryPathAnalysis::Walk::leaveInstance(WalkState &S) {
  if (S.Inside == S.LastInstance)
    return;
  const InlinedTransition &T = A.Inline.instance(S.Inside);
  Engine.transition(S.Entry, T.After, here(S), T.Function, /*Inlined=*/true,
                    {}, callLine(T));
  S.LastInstance = S.Inside;
}

Expected<std::optional<std::string>>
EntryPathAnalysis::Walk::wrapperAt(const WalkState &S, CodeAddress Addr) {
  if (S.Inside < 0)
    return std::nullopt;
  const EntryRules &R = A.Rules.Entry;
  return A.Inline.inlinedFrom(Addr, A.Inline.instance(S.Inside).After ==
                                            EntryState::Established
                                        ? R.EstablisherWrappers
                                        : R.TeardownWrappers);
}

void EntryPathAnalysis::Walk::consumeInstance(WalkState &S,
                                              const std::string &Primitive) {
  if (S.Inside == S.LastInstance)
    return;
  const InlinedTransition &T = A.Inline.instance(S.Inside);
  Engine.transition(S.Entry, T.After, here(S), T.Function, /*Inlined=*/true,
                    Primitive, callLine(T));
  S.LastInstance = S.Inside;
}

void EntryPathAnalysis::Walk::finish(WalkState S) {
  if (S.Inside >= 0)
    leaveInstance(S);
  Engine.finish(S.Entry);
}

/// A call out of noinstr code in a region the object does not mark (no
/// markers: implied, or written in the source): for the ordering rule it
/// stands for a region opened and closed around the call, with the same
/// exceptions as a marked region (establishment code, functions allowed
/// to, die paths).
Error EntryPathAnalysis::Walk::impliedRegion(WalkState &S, const CallSite &Call,
                                             const Instruction &Insn) {
  if (S.Entry.established() || S.Inside >= 0 || RegionsAllowed ||
      Call.Noreturn)
    return Error::success();
  // A call in a marked region was checked where the region opened; one
  // outside every region is a noinstr-call finding. A call the oracle puts
  // in a region the object does not mark (the source wrote it, or none is
  // known) is instrumentation right here, and checked as such.
  if (S.Depth > 0 || A.Regions.at({S.Addr, FuncGroup,
                                   Call.Dynamic ? NoSymbol : Call.Target.Callee,
                                   S.Depth}) == RegionAnswer::Outside)
    return Error::success();
  auto NameOrErr = instrumentable(Call, Insn);
  if (!NameOrErr)
    return NameOrErr.takeError();
  if (!*NameOrErr)
    return Error::success();
  // With no markers the helper allowed to run instrumentable code may have
  // been inlined into the function walked.
  auto AllowedOrErr =
      A.Inline.inlinedFrom(S.Addr, A.Rules.Entry.RegionsAllowed);
  if (!AllowedOrErr)
    return AllowedOrErr.takeError();
  if (!*AllowedOrErr)
    Engine.impliedRegion(S.Entry, here(S), **NameOrErr);
  return Error::success();
}

Expected<std::optional<std::string>>
EntryPathAnalysis::Walk::instrumentable(const CallSite &Call,
                                        const Instruction &Insn,
                                        bool Unresolved) {
  CalleeVerdict V;
  if (Call.Dynamic) {
    auto VOrErr = A.Callees.indirect(Insn, Call.Target);
    if (!VOrErr)
      return VOrErr.takeError();
    V = std::move(*VOrErr);
  } else {
    V = A.Callees.direct(Call.Target);
  }
  if (V.Verdict != CalleeVerdict::Instrumentable &&
      V.Verdict != CalleeVerdict::Dynamic &&
      !(Unresolved && V.Verdict == CalleeVerdict::Unresolved))
    return std::nullopt;
  return V.Name;
}

/// Instrumentable code called in a region opened too early: the first
/// such call is what the finding names.
Error EntryPathAnalysis::Walk::regionCall(WalkState &S, const CallSite &Call,
                                          const Instruction &Insn) {
  if (S.Entry.Pending == NoPlace || S.Entry.Culprit >= 0 || S.Depth <= 0 ||
      inTeardown(S))
    return Error::success();
  if (!Call.Dynamic && Call.Target.Callee != NoSymbol &&
      A.Rules.Entry.Tracing.matches(A.P.symbol(Call.Target.Callee).Name)) {
    Engine.regionUsed(S.Entry, here(S),
                      A.P.symbol(Call.Target.Callee).Name.str());
    return Error::success();
  }
  auto NameOrErr = instrumentable(Call, Insn, /*Unresolved=*/true);
  if (!NameOrErr)
    return NameOrErr.takeError();
  if (*NameOrErr)
    Engine.regionUsed(S.Entry, here(S), **NameOrErr);
  return Error::success();
}

/// Inlined establishers/teardowns that compiled to nothing take effect
/// before the instruction DWARF says they were inlined at.
Error EntryPathAnalysis::Walk::enterEmptyInstances(WalkState &S) {
  auto EmptyOrErr = A.Inline.emptyAt(S.Addr, A.P.symbol(FuncGroup).address());
  if (!EmptyOrErr)
    return EmptyOrErr.takeError();
  for (const InlinedTransition &T : *EmptyOrErr) {
    // An empty primitive of the instance the walk is in (tinyconfig's
    // user_exit_irqoff() in enter_from_user_mode()) is where it takes
    // effect.
    if (S.Inside >= 0 && A.Inline.instance(S.Inside).After == T.After) {
      consumeInstance(S, T.Function);
      continue;
    }
    if (S.LastInstance == T.Id)
      continue;
    Engine.transition(S.Entry, T.After, here(S), T.Function, /*Inlined=*/true,
                      {}, callLine(T));
    S.LastInstance = T.Id;
  }
  return Error::success();
}

Error EntryPathAnalysis::Walk::call(WalkState &S, const CallSite &Call,
                                    const Instruction &Insn) {
  if (Call.Dynamic || Call.Target.Callee == NoSymbol) {
    if (Error E = regionCall(S, Call, Insn))
      return E;
    return impliedRegion(S, Call, Insn);
  }
  const Symbol &Callee = A.P.symbol(Call.Target.Callee);
  std::string Name = Callee.Name.str();
  // Scheduling interleaves an inlined helper's code with its caller's: a
  // path that already left the instance once has had its effect.
  std::optional<OrderingEngine::InlinedHelper> Instance;
  if (S.Inside >= 0) {
    const InlinedTransition &T = A.Inline.instance(S.Inside);
    Instance = {T.After, T.Function, S.LastInstance == S.Inside, callLine(T)};
  }
  // An out-of-line establisher or teardown with a body: what it does
  // before its primitives runs in this path's state.
  const FunctionSummary *Body = nullptr;
  if (!Callee.Undefined && A.Classes.checked(Callee.Section) &&
      A.Flow.functionOf(Callee.address()) != FuncGroup &&
      A.Engine.makesTransition(Name)) {
    auto BodyOrErr = A.summary(Call.Target.Callee);
    if (!BodyOrErr)
      return BodyOrErr.takeError();
    Body = *BodyOrErr;
  }
  OrderingEngine::CallOutcome Outcome =
      Engine.call(S.Entry, here(S), Name, Instance ? &*Instance : nullptr,
                  /*WalkedInPlace=*/false, Body);
  if (Outcome.Consumed)
    S.LastInstance = S.Inside;
  if (Outcome.Handled)
    return Error::success();
  // What a region opened too early runs (a transition made in it is not).
  if (Error E = regionCall(S, Call, Insn))
    return E;
  if (Outcome.Tracing) {
    // Accepted by the call rule, but tracing all the same; in a region the
    // region is what is checked.
    if (S.Depth <= 0 && S.Inside < 0 && !RegionsAllowed)
      Engine.impliedRegion(S.Entry, here(S), Name);
    return Error::success();
  }
  if (Error E = impliedRegion(S, Call, Insn))
    return E;
  if (Callee.Undefined || !A.Classes.checked(Callee.Section) ||
      A.Flow.functionOf(Callee.address()) == FuncGroup) {
    if (Call.Noreturn)
      Engine.noreturnCall(S.Entry, here(S), Name);
    else if (A.Flow.functionOf(Callee.address()) != FuncGroup &&
             S.Inside < 0 && !RegionsAllowed &&
             (S.Depth <= 0 || S.Entry.Pending != NoPlace))
      // The map lists what runs in the open: not an inlined transition's
      // mechanism, a function allowed its regions, a WARN's region.
      Engine.outCall(S.Entry, here(S), Name);
    return Error::success();
  }
  auto SummaryOrErr = A.summary(Call.Target.Callee);
  if (!SummaryOrErr)
    return SummaryOrErr.takeError();
  Engine.callSummary(S.Entry, here(S), Name, **SummaryOrErr);
  return Error::success();
}

Expected<bool> EntryPathAnalysis::Walk::enter(WalkState &S) {
  if (!Visited.insert(S).second)
    return false;

  // A branch out of the wrapper of the instance's primitive skips the
  // primitive (context tracking is off on this path): the instance takes
  // effect here. Falling through out of the wrapper is not such an exit:
  // the compiler interleaves the wrapper's code with the helper's.
  if (S.WrapperBranch) {
    WalkState::Branch From = *S.WrapperBranch;
    S.WrapperBranch.reset();
    if (S.Addr != From.FallThrough && S.LastInstance != S.Inside) {
      auto InOrErr = wrapperAt(S, original(S.Addr));
      if (!InOrErr)
        return InOrErr.takeError();
      if (!*InOrErr) {
        auto WrapperOrErr = wrapperAt(S, From.At);
        if (!WrapperOrErr)
          return WrapperOrErr.takeError();
        consumeInstance(S, WrapperOrErr->value_or(std::string()));
      }
    }
  }

  // Leaving an inlined establisher/teardown applies it. Code patched in
  // (an alternative's replacement: it stands where its original is) or
  // outside the function (static_cpu_has()'s .altinstr_aux test) neither
  // leaves nor enters an inlined helper.
  if (FuncGroup == NoSymbol || A.Flow.functionOf(S.Addr) == FuncGroup) {
    auto InstOrErr = A.Inline.at(original(S.Addr));
    if (!InstOrErr)
      return InstOrErr.takeError();
    int Inst = *InstOrErr ? (*InstOrErr)->Id : -1;
    if (S.Inside >= 0 && Inst != S.Inside) {
      bool Interleaved = false;
      if (Inst < 0) {
        auto PrecedesOrErr = A.Inline.precedes(original(S.Addr), S.Inside);
        if (!PrecedesOrErr)
          return PrecedesOrErr.takeError();
        Interleaved = *PrecedesOrErr;
      }
      if (!Interleaved) {
        leaveInstance(S);
        S.Inside = -1;
      }
    }
    if (Inst >= 0)
      S.Inside = Inst;
    if (FuncGroup != NoSymbol)
      if (Error E = enterEmptyInstances(S))
        return E;
  }

  int Delta = 0;
  if (auto D = A.Flow.special().RegionDelta.find(S.Addr);
      D != A.Flow.special().RegionDelta.end())
    Delta = D->second;
  int NewDepth = std::clamp(S.Depth + Delta, -MaxDepth, MaxDepth);
  if (Delta > 0 && S.Entry.Pending == NoPlace && !S.Entry.established()) {
    bool Exempt = inTeardown(S) || RegionsAllowed;
    if (!Exempt) {
      auto WarnOrErr = isWarnRegion(S.Addr);
      if (!WarnOrErr)
        return WarnOrErr.takeError();
      Exempt = *WarnOrErr;
    }
    // Used once instrumentable code is called in it (regionCall): a
    // region whose calls compiled away (tinyconfig's kmsan and tracing in
    // enter_from_user_mode()) runs nothing that needs the state.
    Engine.regionBegin(S.Entry, here(S), S.Depth, Exempt, /*Used=*/false,
                       beforeHelperEffect(S));
  }
  S.Depth = NewDepth;
  if (Delta < 0)
    Engine.regionEnd(S.Entry, S.Depth);
  return true;
}

Expected<bool> EntryPathAnalysis::Walk::process(WalkState &S,
                                                const FlowStep &Step,
                                                std::vector<CodeAddress> &After) {
  if (A.Ordered) {
    std::vector<CodeAddress> &Next = Successors[S.Addr];
    for (const std::vector<CodeAddress> *Ways :
         {&Step.Before, static_cast<const std::vector<CodeAddress> *>(&After)})
      for (CodeAddress To : *Ways)
        if (std::find(Next.begin(), Next.end(), To) == Next.end())
          Next.push_back(To);
  }
  if (Error E = A.Branches.run(S.Branches, FuncGroup, *Step.Insn, S.Addr))
    return E;
  if (Step.Returns) {
    finish(S);
    return false;
  }
  // Only inside an instance that has not taken effect: most instructions
  // stop at the first test.
  if (!Step.Call && S.Inside >= 0 && S.LastInstance != S.Inside &&
      std::any_of(Step.After.begin(), Step.After.end(),
                  [&](CodeAddress To) { return To != Step.FallThrough; })) {
    CodeAddress At = original(S.Addr);
    auto WrapperOrErr = wrapperAt(S, At);
    if (!WrapperOrErr)
      return WrapperOrErr.takeError();
    if (*WrapperOrErr)
      S.WrapperBranch = WalkState::Branch{At, Step.FallThrough};
  }
  if (Step.Call) {
    if (Error E = call(S, *Step.Call, *Step.Insn))
      return E;
    if (Step.Call->Sibling) {
      finish(S);
      return false;
    }
    // A noreturn call is a die path: a pending region is allowed. So is
    // a dead end (BUG), an instruction with no successor.
  }
  return true;
}

Expected<const FunctionSummary *> EntryPathAnalysis::summary(SymbolId Func) {
  return Engine.summary(Func,
                        Rules.Entry.TrustedBodies.matches(P.symbol(Func).Name),
                        [&](FunctionSummary &Sum) {
                          return Walk(*this, Func, Sum).run();
                        });
}

void EntryPathAnalysis::findEntryPoints() {
  const EntryRules &R = Rules.Entry;
  for (SymbolId Id = 0; Id < P.numSymbols(); ++Id) {
    const Symbol &S = P.symbol(Id);
    if (S.Undefined || !Classes.checked(S.Section) || S.isSection() ||
        S.Type == ELF::STT_FILE || S.Name.empty() ||
        (S.Type != ELF::STT_FUNC && S.Size == 0))
      continue;
    // One symbol per address (aliases share their entry state).
    if (P.symbolContaining(S.address()) != Id ||
        R.NotEntryPoints.matches(S.Name))
      continue;
    for (const EntryPointRule &Rule : R.EntryPoints) {
      bool InSection =
          std::find(Rule.Sections.begin(), Rule.Sections.end(),
                    P.section(S.Section).Name) != Rule.Sections.end();
      if (Rule.Functions.matches(S.Name) || (InSection && S.isFunction())) {
        Entries.push_back({Id, &Rule});
        Engine.addEntry(Id, Rule);
        break;
      }
    }
  }
}

Expected<std::vector<OrderingViolation>> EntryPathAnalysis::run() {
  if (Rules.Entry.empty())
    return std::vector<OrderingViolation>();
  findEntryPoints();

  // Every noinstr function is summarised: that also finds the violations
  // that do not depend on the caller (after a teardown inside it).
  for (SectionId Id = 0; Id < P.sections().size(); ++Id)
    if (Classes.checked(Id))
      for (SymbolId Func : P.functionsIn(Id))
        if (Flow.parentOf(Func) == Func &&
            Flow.functionOf(P.symbol(Func).address()) == Func)
          if (auto S = summary(Func); !S)
            return S.takeError();
  for (const EntryPoint &E : Entries)
    if (auto S = summary(E.Symbol); !S)
      return S.takeError();
  return Engine.violations(Places);
}

} // namespace noinstr
