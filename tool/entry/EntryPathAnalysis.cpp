//===- EntryPathAnalysis.cpp - summaries and the entry-state walk ---------===//
//
// The walk of one function carries, besides the instruction and the region
// depth: the phase (the caller's state, established, or torn down), the
// inlined establisher/teardown instance the instruction belongs to, and the
// first instrumentation region opened before establishment that is still
// open. Such a region is only charged when it closes or the function
// returns with it open: a region that runs into a noreturn call or a dead
// end is a die path ("just get the message out"), which the kernel allows.
//
//===----------------------------------------------------------------------===//
#include "noinstr/entry/EntryPathAnalysis.h"

#include "llvm/ADT/Twine.h"
#include "llvm/BinaryFormat/ELF.h"

#include <algorithm>
#include <set>
#include <unordered_set>

using namespace llvm;

namespace noinstr {
namespace {

enum class Phase : uint8_t { Inherited, Established, TornDown };

Phase phaseOf(EntryState S) {
  return S == EntryState::Established ? Phase::Established : Phase::TornDown;
}

struct WalkState {
  CodeAddress Addr;
  int Depth = 0;
  Phase Ph = Phase::Inherited;
  int Inside = -1;      ///< inlined establisher/teardown instance
  CodeAddress Pending;  ///< region opened before establishment
  int PendingDepth = 0; ///< depth outside that region
  Phase PendingPhase = Phase::Inherited;
  int Cause = -1; ///< name of the last transition (for messages)
  /// The inlined instance that made the last transition: scheduling
  /// interleaves inlined code with its caller's, so a path can leave the
  /// same instance several times; it transitions once.
  int LastInstance = -1;
  /// Nesting (NMI-like) establishers entered while already established.
  int Nested = 0;

  friend bool operator==(const WalkState &, const WalkState &) = default;
};

struct WalkStateHash {
  size_t operator()(const WalkState &S) const noexcept {
    size_t H = std::hash<CodeAddress>()(S.Addr);
    H ^= std::hash<CodeAddress>()(S.Pending) * 31;
    H ^= (size_t(S.Depth + 64) << 8) ^ (size_t(S.Ph) << 16) ^
         (size_t(S.Inside + 1) << 20) ^ (size_t(S.PendingDepth + 64) << 40) ^
         (size_t(S.PendingPhase) << 50) ^ (size_t(S.Cause + 1) << 54) ^
         (size_t(S.LastInstance + 1) << 58) ^ (size_t(S.Nested) << 62);
    return H;
  }
};

constexpr int MaxDepth = 16;

} // namespace

class EntryPathAnalysis::Walk {
public:
  Walk(EntryPathAnalysis &A, SymbolId Func, FunctionSummary &Out)
      : A(A), Func(Func), Out(Out) {
    FuncGroup = A.Flow.functionOf(A.P.symbol(Func).address());
    RegionsAllowed =
        A.Rules.Entry.RegionsAllowed.matches(A.P.symbol(Func).Name);
  }

  Error run();

private:
  Error visit(WalkState S);
  Error call(WalkState &S, const CallSite &Call, const Instruction &Insn);
  Error impliedRegion(WalkState &S, const CallSite &Call,
                      const Instruction &Insn);
  Error enterEmptyInstances(WalkState &S);
  void transition(WalkState &S, EntryState After, CodeAddress Origin,
                  StringRef Name);
  void confirmPending(WalkState &S);
  void leaveInstance(WalkState &S);
  void finish(WalkState S);
  Expected<bool> isWarnRegion(CodeAddress Begin);
  void local(StringRef Rule, EntryEvent::Kind What, CodeAddress Origin,
             StringRef Name, EntryState State,
             std::vector<CodeAddress> Path = {}, std::string ImpliedBy = {});
  int nameIndex(StringRef Name);
  std::string nameOf(int Index) const {
    return Index < 0 ? std::string() : Names[Index];
  }

  EntryPathAnalysis &A;
  SymbolId Func;
  SymbolId FuncGroup;
  FunctionSummary &Out;
  bool RegionsAllowed = false;
  std::vector<WalkState> Stack;
  std::unordered_set<WalkState, WalkStateHash> Visited;
  std::set<Phase> ExitPhases;
  std::vector<std::string> Names;
  std::set<std::tuple<int, CodeAddress, std::string>> Recorded;
};

int EntryPathAnalysis::Walk::nameIndex(StringRef Name) {
  auto It = std::find(Names.begin(), Names.end(), Name);
  if (It != Names.end())
    return It - Names.begin();
  Names.push_back(Name.str());
  return Names.size() - 1;
}

void EntryPathAnalysis::Walk::local(StringRef Rule, EntryEvent::Kind What,
                                    CodeAddress Origin, StringRef Name,
                                    EntryState State,
                                    std::vector<CodeAddress> Path,
                                    std::string ImpliedBy) {
  OrderingViolation V;
  V.Rule = Rule.str();
  V.Event = {What, Origin, Name.str(), std::move(Path), std::move(ImpliedBy)};
  V.Function = Func;
  V.State = State;
  A.Local.push_back(std::move(V));
}

Error EntryPathAnalysis::Walk::run() {
  WalkState Start;
  Start.Addr = A.P.symbol(Func).address();
  Stack.push_back(Start);
  while (!Stack.empty()) {
    WalkState S = Stack.back();
    Stack.pop_back();
    if (Error E = visit(S))
      return E;
  }
  // The function changes the caller's state only if every return agrees.
  if (ExitPhases.size() == 1 && *ExitPhases.begin() != Phase::Inherited)
    Out.Exit = *ExitPhases.begin() == Phase::Established
                   ? EntryState::Established
                   : EntryState::TornDown;
  return Error::success();
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

void EntryPathAnalysis::Walk::transition(WalkState &S, EntryState After,
                                         CodeAddress Origin, StringRef Name) {
  if (After == EntryState::Established) {
    if (S.Ph == Phase::Established)
      local("entry-double-establish", EntryEvent::Established, Origin, Name,
            EntryState::Established);
    else if (S.Ph == Phase::Inherited &&
             Recorded.insert({EntryEvent::Established, Origin, ""}).second)
      Out.Inherited.push_back(
          {EntryEvent::Established, Origin, Name.str(), {}, {}});
  } else if (S.Ph == Phase::Inherited &&
             Recorded.insert({EntryEvent::TornDown, Origin, ""}).second) {
    Out.Inherited.push_back({EntryEvent::TornDown, Origin, Name.str(), {}, {}});
  }
  S.Ph = phaseOf(After);
  S.Cause = nameIndex(Name);
  Out.TearsDown |= After == EntryState::TornDown;
}

void EntryPathAnalysis::Walk::leaveInstance(WalkState &S) {
  if (S.Inside == S.LastInstance)
    return;
  const InlinedTransition &T = A.Inline.instance(S.Inside);
  transition(S, T.After, S.Addr, T.Function);
  S.LastInstance = S.Inside;
  // The entry map shows the inlined helper where its effect takes hold.
  auto &Entry = Out.Calls[S.Addr];
  Entry.first = T.Function + " (inlined)";
  Entry.second.insert(S.Ph == Phase::Established ? "ESTABLISHED" : "TORN_DOWN");
}

void EntryPathAnalysis::Walk::confirmPending(WalkState &S) {
  if (!S.Pending.valid())
    return;
  if (S.PendingPhase == Phase::Inherited) {
    if (Recorded.insert({EntryEvent::RegionOpened, S.Pending, ""}).second)
      Out.Inherited.push_back(
          {EntryEvent::RegionOpened, S.Pending, "", {}, {}});
  } else {
    local("entry-region-after-teardown", EntryEvent::RegionOpened, S.Pending,
          nameOf(S.Cause), EntryState::TornDown);
  }
  S.Pending = CodeAddress();
}

/// A return (or a tail call): the region still open is charged, and the
/// phase the caller continues in is recorded.
void EntryPathAnalysis::Walk::finish(WalkState S) {
  confirmPending(S);
  if (S.Inside >= 0)
    leaveInstance(S);
  ExitPhases.insert(S.Ph);
}

/// A call out of noinstr code in a region the object does not mark (no
/// markers: implied, or written in the source): for the ordering rule it
/// stands for a region opened and closed around the call, with the same
/// exceptions as a marked region (establishment code, functions allowed
/// to, die paths).
Error EntryPathAnalysis::Walk::impliedRegion(WalkState &S, const CallSite &Call,
                                             const Instruction &Insn) {
  if (S.Ph == Phase::Established || S.Inside >= 0 || RegionsAllowed ||
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
      V.Verdict != CalleeVerdict::Dynamic)
    return Error::success();
  // With no markers the helper allowed to run instrumentable code may have
  // been inlined into the function walked.
  auto AllowedOrErr =
      A.Inline.inlinedFrom(S.Addr, A.Rules.Entry.RegionsAllowed);
  if (!AllowedOrErr)
    return AllowedOrErr.takeError();
  if (*AllowedOrErr)
    return Error::success();
  if (S.Ph == Phase::Inherited) {
    if (Recorded.insert({EntryEvent::RegionOpened, S.Addr, ""}).second)
      Out.Inherited.push_back(
          {EntryEvent::RegionOpened, S.Addr, "", {}, V.Name});
  } else {
    local("entry-region-after-teardown", EntryEvent::RegionOpened, S.Addr,
          nameOf(S.Cause), EntryState::TornDown, {}, V.Name);
  }
  return Error::success();
}

/// Inlined establishers/teardowns that compiled to nothing take effect
/// before the instruction DWARF says they were inlined at.
Error EntryPathAnalysis::Walk::enterEmptyInstances(WalkState &S) {
  auto EmptyOrErr = A.Inline.emptyAt(S.Addr, A.P.symbol(FuncGroup).address());
  if (!EmptyOrErr)
    return EmptyOrErr.takeError();
  for (const InlinedTransition &T : *EmptyOrErr) {
    if (S.LastInstance == T.Id)
      continue;
    transition(S, T.After, S.Addr, T.Function);
    S.LastInstance = T.Id;
    auto &Entry = Out.Calls[S.Addr];
    Entry.first = T.Function + " (inlined)";
    Entry.second.insert(S.Ph == Phase::Established ? "ESTABLISHED"
                                                   : "TORN_DOWN");
  }
  return Error::success();
}

Error EntryPathAnalysis::Walk::call(WalkState &S, const CallSite &Call,
                                    const Instruction &Insn) {
  if (Call.Dynamic || Call.Target.Callee == NoSymbol)
    return impliedRegion(S, Call, Insn);
  const Symbol &Callee = A.P.symbol(Call.Target.Callee);
  StringRef Name = Callee.Name;
  const EntryRules &R = A.Rules.Entry;
  // Calls made before establishment (or after teardown), with the state
  // after them, for --entry-map.
  auto Note = [&]() {
    std::string State = S.Ph == Phase::Inherited     ? ""
                        : S.Ph == Phase::Established ? "ESTABLISHED"
                                                     : "TORN_DOWN";
    auto &Entry = Out.Calls[S.Addr];
    Entry.first = Name.str();
    Entry.second.insert(State);
  };
  bool Recordable = S.Ph != Phase::Established;

  if (R.Hooks.matches(Name)) {
    if (S.Ph == Phase::Inherited) {
      if (Recorded.insert({EntryEvent::HookCalled, S.Addr, Name.str()}).second)
        Out.Inherited.push_back(
            {EntryEvent::HookCalled, S.Addr, Name.str(), {}, {}});
    } else if (S.Ph == Phase::TornDown) {
      local("entry-hook-after-teardown", EntryEvent::HookCalled, S.Addr, Name,
            EntryState::TornDown);
    }
    if (Recordable)
      Note();
    return Error::success();
  }
  // An NMI-like entry nested in an established state, and its exit.
  if (S.Inside < 0 && R.Nesting.matches(Name)) {
    if (S.Ph == Phase::Established && R.Establishers.matches(Name)) {
      S.Nested = std::min(S.Nested + 1, MaxDepth);
      return Error::success();
    }
    if (S.Nested > 0 && R.Teardowns.matches(Name)) {
      --S.Nested;
      return Error::success();
    }
  }
  // Inside an inlined establisher the instance itself is the transition.
  if (S.Inside < 0 && R.Establishers.matches(Name)) {
    transition(S, EntryState::Established, S.Addr, Name);
    Note();
    return Error::success();
  }
  if (S.Inside < 0 && R.Teardowns.matches(Name)) {
    transition(S, EntryState::TornDown, S.Addr, Name);
    Note();
    return Error::success();
  }
  if (Error E = impliedRegion(S, Call, Insn))
    return E;
  if (Callee.Undefined || !A.Classes.checked(Callee.Section) ||
      A.Flow.functionOf(Callee.address()) == FuncGroup)
    return Error::success();
  auto SummaryOrErr = A.summary(Call.Target.Callee);
  if (!SummaryOrErr)
    return SummaryOrErr.takeError();
  const FunctionSummary &Sum = **SummaryOrErr;
  for (const EntryEvent &Event : Sum.Inherited) {
    EntryEvent Charged = Event;
    Charged.Path.insert(Charged.Path.begin(), S.Addr);
    if (S.Ph == Phase::Inherited) {
      if (Recorded.insert({Event.What, Event.Origin, Event.Name}).second)
        Out.Inherited.push_back(std::move(Charged));
    } else if (S.Ph == Phase::Established) {
      if (Event.What == EntryEvent::Established)
        local("entry-double-establish", Event.What, Event.Origin, Event.Name,
              EntryState::Established, Charged.Path);
    } else if (S.Ph == Phase::TornDown) {
      if (Event.What == EntryEvent::RegionOpened)
        local("entry-region-after-teardown", Event.What, Event.Origin,
              nameOf(S.Cause), EntryState::TornDown, Charged.Path);
      else if (Event.What == EntryEvent::HookCalled)
        local("entry-hook-after-teardown", Event.What, Event.Origin, Event.Name,
              EntryState::TornDown, Charged.Path);
    }
  }
  if (Sum.Exit) {
    S.Ph = phaseOf(*Sum.Exit);
    S.Cause = nameIndex(Name);
  }
  if (Recordable)
    Note();
  return Error::success();
}

Error EntryPathAnalysis::Walk::visit(WalkState S) {
  Program &P = A.P;
  if (S.Addr.Offset >= P.section(S.Addr.Section).Size)
    return Error::success();
  SymbolId Owner = A.Flow.functionOf(S.Addr);
  if (FuncGroup != NoSymbol && Owner != NoSymbol && Owner != FuncGroup)
    return Error::success();
  if (!Visited.insert(S).second)
    return Error::success();

  // Leaving an inlined establisher/teardown applies it.
  auto InstOrErr = A.Inline.at(S.Addr);
  if (!InstOrErr)
    return InstOrErr.takeError();
  int Inst = *InstOrErr ? (*InstOrErr)->Id : -1;
  if (S.Inside >= 0 && Inst != S.Inside) {
    leaveInstance(S);
    S.Inside = -1;
  }
  if (Inst >= 0)
    S.Inside = Inst;
  if (FuncGroup != NoSymbol)
    if (Error E = enterEmptyInstances(S))
      return E;

  int Delta = 0;
  if (auto D = A.Flow.special().RegionDelta.find(S.Addr);
      D != A.Flow.special().RegionDelta.end())
    Delta = D->second;
  int NewDepth = std::clamp(S.Depth + Delta, -MaxDepth, MaxDepth);
  if (Delta > 0 && !S.Pending.valid() && S.Ph != Phase::Established &&
      S.Inside < 0 && !RegionsAllowed) {
    auto WarnOrErr = isWarnRegion(S.Addr);
    if (!WarnOrErr)
      return WarnOrErr.takeError();
    if (!*WarnOrErr) {
      S.Pending = S.Addr;
      S.PendingDepth = S.Depth;
      S.PendingPhase = S.Ph;
    }
  }
  S.Depth = NewDepth;
  if (S.Pending.valid() && Delta < 0 && S.Depth <= S.PendingDepth)
    confirmPending(S);

  auto StepOrErr = A.Flow.step(S.Addr, A.Noreturn);
  if (!StepOrErr)
    return StepOrErr.takeError();
  const FlowStep &Step = *StepOrErr;
  auto Push = [&](CodeAddress To) {
    WalkState Next = S;
    Next.Addr = To;
    Stack.push_back(Next);
  };
  for (auto It = Step.Before.rbegin(); It != Step.Before.rend(); ++It)
    Push(*It);
  if (Step.OnlyBefore)
    return Error::success();
  if (Step.Returns) {
    finish(S);
    return Error::success();
  }
  if (Step.Call) {
    if (Error E = call(S, *Step.Call, *Step.Insn))
      return E;
    if (Step.Call->Sibling) {
      finish(S);
      return Error::success();
    }
    if (Step.Call->Noreturn)
      return Error::success(); // a die path: a pending region is allowed
  }
  // No successor: a dead end (BUG), which also discharges a pending region.
  for (auto It = Step.After.rbegin(); It != Step.After.rend(); ++It)
    Push(*It);
  return Error::success();
}

Expected<const FunctionSummary *> EntryPathAnalysis::summary(SymbolId Func) {
  auto It = Summaries.find(Func);
  if (It != Summaries.end())
    return &It->second;
  if (InProgress[Func] ||
      Rules.Entry.TrustedBodies.matches(P.symbol(Func).Name)) {
    // Recursion (the function is being summarised further up) or a trusted
    // body: assume it neither changes the state nor does anything on entry
    // paths; calls to the transitions themselves are named in the rules.
    static const FunctionSummary Empty;
    return &Empty;
  }
  InProgress[Func] = true;
  FunctionSummary Sum;
  Walk W(*this, Func, Sum);
  if (Error E = W.run())
    return E;
  InProgress[Func] = false;
  return &Summaries.emplace(Func, std::move(Sum)).first->second;
}

/// Where an entry-path event is charged: in the innermost entry point on
/// its path (the C handler rather than the asm stub that calls it), the
/// event itself if it is there, else that entry point's call towards it;
/// without an entry point on the path, the first call.
CodeAddress EntryPathAnalysis::siteOf(const EntryEvent &Event) const {
  auto IsEntry = [&](CodeAddress At) {
    SymbolId Owner = Flow.ownerOf(At);
    if (Owner != NoSymbol && P.symbol(Owner).isFunction())
      Owner = Flow.parentOf(Owner);
    return EntrySymbols.count(Owner) != 0;
  };
  if (IsEntry(Event.Origin))
    return Event.Origin;
  for (auto It = Event.Path.rbegin(); It != Event.Path.rend(); ++It)
    if (IsEntry(*It))
      return *It;
  return Event.Path.empty() ? Event.Origin : Event.Path.front();
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
        EntrySymbols.insert(Id);
        break;
      }
    }
  }
}

Expected<std::vector<OrderingViolation>> EntryPathAnalysis::run() {
  std::vector<OrderingViolation> Result;
  if (Rules.Entry.empty())
    return Result;
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

  // Entry points that start RAW charge what their summary inherited.
  // One violation per (rule, event, call site in the function whose state
  // applies): a helper called too early from two entry functions is two
  // problems; the same call reached from several entry points is one.
  std::map<std::tuple<std::string, CodeAddress, CodeAddress>, OrderingViolation>
      Merged;
  for (const EntryPoint &E : Entries) {
    auto SumOrErr = summary(E.Symbol);
    if (!SumOrErr)
      return SumOrErr.takeError();
    bool Raw = E.Rule->Initial == EntryState::Raw;
    for (const EntryEvent &Event : (*SumOrErr)->Inherited) {
      const char *Rule = nullptr;
      switch (Event.What) {
      case EntryEvent::RegionOpened:
        Rule = Raw ? "entry-region-before-establish" : nullptr;
        break;
      case EntryEvent::HookCalled:
        Rule = Raw ? "entry-hook-before-establish" : nullptr;
        break;
      case EntryEvent::TornDown:
        Rule = Raw ? "entry-teardown-without-establish" : nullptr;
        break;
      case EntryEvent::Established:
        // Only where nothing tears down first on any path: a teardown and
        // its establisher are often guarded by the same flag tested twice
        // (cpuidle_enter_state), which a path-insensitive walk cannot pair.
        Rule =
            Raw || (*SumOrErr)->TearsDown ? nullptr : "entry-double-establish";
        break;
      }
      if (!Rule)
        continue;
      CodeAddress Site = siteOf(Event);
      auto [It, Inserted] = Merged.try_emplace({Rule, Event.Origin, Site});
      OrderingViolation &V = It->second;
      // Keep the shortest path; every entry point is listed.
      if (Inserted || Event.Path.size() < V.Event.Path.size()) {
        V.Rule = Rule;
        V.Event = Event;
        V.Function = E.Symbol;
        V.State = E.Rule->Initial;
        V.Site = Site;
      }
      V.Entries.push_back(E.Symbol);
    }
  }
  for (auto &[Key, V] : Merged) {
    auto SumOrErr = summary(V.Function);
    if (!SumOrErr)
      return SumOrErr.takeError();
    for (const auto &[Site, Call] : (*SumOrErr)->Calls)
      if (Call.second.count("ESTABLISHED") &&
          (Rules.Entry.Establishers.matches(Call.first) ||
           StringRef(Call.first).ends_with(" (inlined)")))
        V.LaterEstablishers.push_back({Site, Call.first});
    Result.push_back(std::move(V));
  }
  // The same call site reached both before establishment and after a
  // teardown (an entry that loops back, like exc_nmi's restart) is one
  // problem: keep the first.
  for (OrderingViolation &V : Local)
    V.Site = V.Event.Path.empty() ? V.Event.Origin : V.Event.Path.front();
  auto SiteOf = [](const OrderingViolation &V) {
    return std::make_pair(V.Event.Origin, V.Site);
  };
  std::set<std::pair<CodeAddress, CodeAddress>> Charged;
  for (const OrderingViolation &V : Result)
    Charged.insert(SiteOf(V));
  std::set<std::tuple<std::string, CodeAddress, CodeAddress>> Seen;
  for (OrderingViolation &V : Local)
    if (!Charged.count(SiteOf(V)) &&
        Seen.insert({V.Rule, V.Event.Origin, SiteOf(V).second}).second)
      Result.push_back(std::move(V));
  return Result;
}

} // namespace noinstr
