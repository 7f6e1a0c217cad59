//===- OrderingEngine.cpp - states, summaries, violations, findings -------===//
//
// A region opened before establishment is only charged when it closes or
// the function returns with it open, and only if code ran in it: a region
// that runs into a noreturn call or a dead end is a die path ("just get
// the message out"), which the kernel allows; the front end does not
// report those ends at all.
//
//===----------------------------------------------------------------------===//
#include "noinstr/entry/OrderingEngine.h"
#include "noinstr/entry/OrderingText.h"
#include "noinstr/model/RuleCatalog.h"

#include <algorithm>

using namespace llvm;

namespace noinstr {
namespace {

constexpr uint8_t MaxNesting = 16;

/// " (nmi.c:584)": a "file:line" without directories, for a first line;
/// "" where the line is unknown.
std::string shortAt(const std::string &Line) {
  if (Line.empty())
    return Line;
  size_t Slash = Line.rfind('/');
  return " (" + (Slash == std::string::npos ? Line : Line.substr(Slash + 1)) +
         ")";
}

/// "on 27 entry paths starting RAW, by their innermost entry point:
/// common_interrupt, exc_bounds, ... and 23 more (54 entry points in all)":
/// a few of them (every entry point is in Finding::EntryPoints).
std::string entryNote(const OrderingProgram &Program,
                      const OrderingViolation &V) {
  constexpr size_t Shown = 4;
  std::vector<std::string> Names;
  for (NodeId N : V.Paths)
    Names.push_back(Program.nodeName(N));
  std::sort(Names.begin(), Names.end());
  std::string Note = "on " + entryPathCount(Names.size()) + " starting " +
                     entryStateName(EntryState::Raw).str() + ", by " +
                     (Names.size() == 1 ? "its" : "their") +
                     " innermost entry point: ";
  for (size_t I = 0; I < Names.size() && I < Shown; ++I)
    Note += (I ? ", " : "") + Names[I];
  if (Names.size() > Shown)
    Note += " and " + std::to_string(Names.size() - Shown) + " more";
  return Note + " (" + std::to_string(V.Entries.size()) +
         " entry points in all)";
}

EntryPhase phaseOf(EntryState S) {
  return S == EntryState::Established ? EntryPhase::Established
                                      : EntryPhase::TornDown;
}

EntryEvent makeEvent(EntryEvent::Kind What, PlaceId At, std::string Name = {},
                     std::string ImpliedBy = {}) {
  EntryEvent Event;
  Event.What = What;
  Event.Origin = At;
  Event.Name = std::move(Name);
  Event.ImpliedBy = std::move(ImpliedBy);
  return Event;
}

} // namespace

size_t PathState::hash() const {
  return size_t(Phase) ^ (size_t(PendingInHelper) << 9) ^ (size_t(Facts) << 10) ^ (size_t(Undone) << 16) ^
         (size_t(PendingMissing) << 24) ^ (size_t(Ct) << 32) ^
         (size_t(CtSaved) << 40) ^
         (size_t(PendingUsed) << 4) ^ (size_t(Nested) << 5) ^
         (size_t(PendingDepth + 64) << 12) ^ (size_t(Pending) * 0x9E3779B1u) ^
         (size_t(Cause + 1) << 20) ^ (size_t(CauseAt) * 0x85EBCA77u) ^
         (size_t(Culprit + 1) << 28) ^ (size_t(CulpritAt) * 0xC2B2AE3Du);
}

int OrderingEngine::nameIndex(const std::string &Name) {
  auto [It, New] = NameIds.try_emplace(Name, Names.size());
  if (New)
    Names.push_back(Name);
  return It->second;
}

void OrderingEngine::Walk::inherit(EntryEvent Event) {
  auto [It, New] = Recorded.try_emplace(
      {Event.What, Event.Origin, Event.Within, Event.Name},
      Out.Inherited.size());
  if (New)
    Out.Inherited.push_back(std::move(Event));
  else
    Out.Inherited[It->second].Missing |= Event.Missing; // another path's
}

void OrderingEngine::Walk::decide(const PathState &S, EntryEvent Event,
                                  RuleId AfterTeardown) {
  if (!Event.Missing)
    return;
  if (Event.Missing & S.Undone)
    local(AfterTeardown, afterTeardown(S, std::move(Event)),
          EntryState::TornDown);
  else
    inherit(std::move(Event));
}

void OrderingEngine::Walk::local(RuleId Rule, EntryEvent Event,
                                 EntryState State) {
  OrderingViolation V;
  V.Rule = Rule;
  V.Event = std::move(Event);
  V.Function = Func;
  V.State = State;
  E.Local.push_back(std::move(V));
}

void OrderingEngine::Walk::note(MappedCall::Kind What,
                                const PathState &Before, const PathState &S,
                                PlaceId At,
                                const std::string &Callee, bool Inlined,
                                const std::string &Completes, bool Returns) {
  auto [It, New] = Out.Calls.try_emplace({At, Callee});
  MappedCall &C = It->second;
  if (New)
    C.Seq = unsigned(Out.Calls.size() - 1);
  C.What = What;
  C.Inlined |= Inlined;
  C.Completes = Completes;
  C.Before.insert(Before.Phase);
  C.After.insert(S.Phase);
  C.FactsBefore.insert({Before.Facts, Before.Undone});
  C.FactsAfter.insert({S.Facts, S.Undone});
  C.CtBefore.insert({Before.Ct, Before.CtSaved});
  C.CtAfter.insert({S.Ct, S.CtSaved});
  C.Returns &= Returns;
}

void OrderingEngine::Walk::confirmPending(PathState &S) {
  if (S.Pending == NoPlace)
    return;
  EntryEvent Event = makeEvent(EntryEvent::RegionOpened, S.Pending);
  Event.Missing = S.PendingMissing;
  if (S.Culprit >= 0) {
    Event.Culprit = E.Names[S.Culprit];
    Event.CulpritAt = S.CulpritAt;
    Event.Dispatch = S.CulpritDispatch;
  }
  decide(S, std::move(Event), RuleId::EntryRegionAfterTeardown);
  clearPending(S);
}

void OrderingEngine::Walk::clearPending(PathState &S) {
  S.Pending = NoPlace;
  S.PendingUsed = false;
  S.PendingInHelper = false;
  S.Culprit = -1;
  S.CulpritAt = NoPlace;
  S.CulpritDispatch = CalleeKind::Direct;
  S.PendingMissing = 0;
}

void OrderingEngine::Walk::regionBegin(PathState &S, PlaceId At,
                                       int DepthBefore, bool Exempt,
                                       bool Used, bool InHelper) {
  if (S.Pending != NoPlace || S.established() || Exempt)
    return;
  // The map shows an inlined establisher where it takes effect, not the
  // mechanism inside it.
  if (!InHelper && mapped(S, FactsAll))
    note(MappedCall::Region, S, S, At, "instrumentation_begin()", false);
  S.Pending = At;
  S.PendingDepth = DepthBefore;
  S.PendingUsed = Used;
  S.PendingInHelper = InHelper;
  // Code known to run there, unnamed, needs everything.
  S.PendingMissing = Used ? FactsAll & ~S.Facts : 0;
}

void OrderingEngine::Walk::regionUsed(PathState &S, PlaceId At,
                                      const std::string &Callee,
                                      CalleeKind Dispatch) const {
  if (S.Pending == NoPlace)
    return;
  S.PendingUsed = true;
  uint8_t Missing = E.Rules.needs(Callee) & ~S.Facts;
  if (Missing && S.Culprit < 0) {
    S.Culprit = E.nameIndex(Callee);
    S.CulpritAt = At;
    S.CulpritDispatch = Dispatch;
  }
  S.PendingMissing |= Missing;
}

void OrderingEngine::Walk::regionEnd(PathState &S, int DepthAfter) {
  // One in an inlined establisher waits for the helper's effect.
  if (S.Pending == NoPlace || DepthAfter > S.PendingDepth || S.PendingInHelper)
    return;
  // The region closes: charged if code ran in it; one nothing ran in (a
  // WARN's trap) is harmless.
  if (S.PendingUsed)
    confirmPending(S);
  clearPending(S);
}

void OrderingEngine::Walk::impliedRegion(PathState &S, PlaceId At,
                                         const std::string &Callee,
                                         CalleeKind Dispatch) {
  if (mapped(S, E.Rules.needs(Callee)))
    note(MappedCall::OutCall, S, S, At, Callee, false);
  EntryEvent Event = makeEvent(EntryEvent::RegionOpened, At, "", Callee);
  Event.Dispatch = Dispatch;
  Event.Missing = E.Rules.needs(Callee) & ~S.Facts;
  decide(S, std::move(Event), RuleId::EntryRegionAfterTeardown);
}

bool OrderingEngine::Walk::mapped(const PathState &S, uint8_t Needs) const {
  return S.Phase != EntryPhase::Established ||
         (Needs & ~S.Facts & E.FactsSeen) != 0;
}

EntryEvent OrderingEngine::Walk::afterTeardown(const PathState &S,
                                               EntryEvent Event) const {
  Event.TornDownBy = S.Cause < 0 ? std::string() : E.Names[S.Cause];
  Event.TornDownAt = S.CauseAt;
  return Event;
}

void OrderingEngine::Walk::transition(PathState &S, EntryState After,
                                      PlaceId At, const std::string &Name,
                                      bool Inlined,
                                      const std::string &Primitive,
                                      const std::string &CallLine) {
  PathState Before = S;
  if (!CallLine.empty())
    E.CallLines.try_emplace({At, Name}, CallLine);
  if (After == EntryState::Established) {
    // A region opened before the step that completes the state (the
    // rcu_irq_enter_check_tick() branch of irqentry_enter() opens it while
    // RCU already watches) is charged for what ran in it before the step;
    // from here on it runs established.
    // One in the inlined helper itself counts only if the helper takes
    // effect at a primitive: where an empty one was is unknown.
    bool Exact = !Inlined || !Primitive.empty();
    if (S.Pending != NoPlace && S.Culprit >= 0 &&
        (Exact || !S.PendingInHelper))
      confirmPending(S);
    clearPending(S);
    if (S.Phase == EntryPhase::Established) {
      local(RuleId::EntryDoubleEstablish, makeEvent(EntryEvent::Established, At, Name),
            EntryState::Established);
    } else if (S.Phase == EntryPhase::Inherited) {
      inherit(makeEvent(EntryEvent::Established, At, Name));
      TransitionCall Call{At, Name, Inlined};
      if (std::find(Out.Establishes.begin(), Out.Establishes.end(), Call) ==
          Out.Establishes.end())
        Out.Establishes.push_back(std::move(Call));
    }
  } else if (S.Phase == EntryPhase::Inherited) {
    inherit(makeEvent(EntryEvent::TornDown, At, Name));
  }
  S.Phase = phaseOf(After);
  S.Cause = E.nameIndex(Name);
  S.CauseAt = At;
  // A context-tracking or RCU primitive called by name (a trusted body)
  // makes RCU watch or stop, and so does an inlined helper at its
  // primitive: lockdep is told by the helper's own lockdep calls, before
  // the primitive on the way in and after it on the way out
  // (include/linux/entry-common.h enter_from_user_mode/exit_to_user_mode,
  // include/linux/cpuidle.h ct_cpuidle_enter/exit). A helper with no
  // primitive, or a composite, stands for its whole contract.
  bool AtPrimitive = Inlined ? !Primitive.empty()
                             : E.Rules.TrustedBodies.matches(Name);
  uint8_t Made = AtPrimitive ? uint8_t(FactRcu) : uint8_t(FactsAll);
  if (After == EntryState::Established) {
    S.make(Made);
  } else {
    S.undo(Made);
  }
  // Context tracking moves as the rules say for the call (or the
  // primitive the inlined helper took effect at).
  // The helper's own rule first: guest_state_enter_irqoff() reaches the
  // guest through the user-mode primitive __ct_user_enter(CT_STATE_GUEST).
  const CtTransition *Ct = E.Rules.ctTransition(Name);
  if (!Ct && !Primitive.empty())
    Ct = E.Rules.ctTransition(Primitive);
  if (Ct) {
    if (Ct->Saves)
      S.CtSaved = S.Ct;
    if (Ct->To) {
      S.Ct = Ct->To;
    } else {
      S.Ct = S.CtSaved ? S.CtSaved : uint8_t(CtRestored);
      S.CtSaved = 0;
    }
  }
  // The map shows the call the code makes; the helper it completes in a
  // note.
  Out.Transitions = true;
  if (Primitive.empty())
    note(MappedCall::Transition, Before, S, At, Name, Inlined);
  else
    note(MappedCall::Transition, Before, S, At, Primitive, false, Name);
  if (Inlined)
    Out.Calls[{At, Primitive.empty() ? Name : Primitive}].CallLine = CallLine;
}

OrderingEngine::CallOutcome
OrderingEngine::Walk::call(PathState &S, PlaceId At, const std::string &Callee,
                           const InlinedHelper *Instance, bool WalkedInPlace,
                           const FunctionSummary *Body) {
  const EntryRules &R = E.Rules;
  // A call to lockdep: the empty inline of a config without it (walked
  // in place by the source walk) tells lockdep nothing.
  if (!WalkedInPlace && R.LockdepInformers.matches(Callee)) {
    TransitionCall Call{At, Callee, false};
    if (!(S.Facts & FactLockdep) &&
        std::find(Out.TellsLockdep.begin(), Out.TellsLockdep.end(), Call) ==
            Out.TellsLockdep.end())
      Out.TellsLockdep.push_back(std::move(Call));
    S.make(FactLockdep);
    E.FactsSeen |= FactLockdep;
  } else if (!WalkedInPlace && R.LockdepUninformers.matches(Callee)) {
    S.undo(FactLockdep);
    E.FactsSeen |= FactLockdep;
  }
  if (R.Hooks.matches(Callee)) {
    // What the hook declares it needs (rules: requirements), everything
    // by default.
    EntryEvent Event = makeEvent(EntryEvent::HookCalled, At, Callee);
    Event.Missing = R.needs(Callee) & ~S.Facts;
    decide(S, std::move(Event), RuleId::EntryHookAfterTeardown);
    if (mapped(S, R.needs(Callee)))
      note(MappedCall::Hook, S, S, At, Callee, false);
    return {true, std::nullopt, false};
  }
  if (R.Tracing.matches(Callee))
    return {false, std::nullopt, false, true};
  bool Establishes = R.Establishers.matches(Callee) ||
                     R.InlinedEstablishers.matches(Callee);
  bool TearsDown =
      R.Teardowns.matches(Callee) || R.InlinedTeardowns.matches(Callee);
  if (!Establishes && !TearsDown)
    return {};
  EntryState After = Establishes ? EntryState::Established : EntryState::TornDown;
  // A composite establisher or teardown is walked like any noinstr
  // function: a hook or instrumentable call it makes before its own
  // primitive runs in the caller's state (irqentry_enter() before
  // ct_irq_enter()), and so does one after a primitive of a teardown. An
  // establisher's is charged inside it (EntryEvent::Within).
  if (Body)
    charge(S, At, *Body,
           Establishes ? BodyRole::Establisher : BodyRole::Teardown);
  if (Instance) {
    // The primitive the inlined helper reduces to (user_exit_irqoff() ->
    // __ct_user_exit() in enter_from_user_mode(), ct_idle_enter() in
    // ct_cpuidle_enter()): the state changes at this call.
    if (WalkedInPlace || After != Instance->After || Instance->TookEffect)
      return {};
    transition(S, After, At, Instance->Function, /*Inlined=*/true, Callee,
               Instance->CallLine);
    return {true, std::nullopt, true};
  }
  // An NMI-like entry nested in an established state, and its exit, leave
  // the state as they found it.
  if (R.Nesting.matches(Callee)) {
    if (Establishes && S.Phase == EntryPhase::Established) {
      S.Nested = std::min<uint8_t>(S.Nested + 1, MaxNesting);
      return {true, std::nullopt, false};
    }
    if (TearsDown && S.Nested > 0) {
      --S.Nested;
      return {true, std::nullopt, false};
    }
  }
  // A body walked in place is the mechanism; its effect holds once it
  // returns.
  if (WalkedInPlace)
    return {true, After, false};
  transition(S, After, At, Callee, false);
  return {true, std::nullopt, false};
}

void OrderingEngine::Walk::charge(PathState &S, PlaceId At,
                                  const FunctionSummary &Sum, BodyRole Kind) {
  for (const EntryEvent &Event : Sum.Inherited) {
    bool Transition = Event.What == EntryEvent::Established ||
                      Event.What == EntryEvent::TornDown;
    if (Transition && Kind != BodyRole::Helper)
      continue;
    EntryEvent Charged = Event;
    // The innermost establisher holding it owns it (irqentry_enter() ->
    // irqentry_enter_from_user_mode(): the latter's order is wrong).
    if (Kind == BodyRole::Establisher && Charged.Within == NoPlace)
      Charged.Within = Event.Path.empty() ? Event.Origin : Event.Path.front();
    Charged.Path.insert(Charged.Path.begin(), At);
    // What the callee needed and had not made so: this path's facts
    // resolve part of it.
    Charged.Missing &= ~S.Facts;
    if (!Transition) {
      decide(S, std::move(Charged),
             Event.What == EntryEvent::HookCalled
                 ? RuleId::EntryHookAfterTeardown
                 : RuleId::EntryRegionAfterTeardown);
      continue;
    }
    // Transitions are checked against the phase.
    if (S.Phase == EntryPhase::Inherited)
      inherit(std::move(Charged));
    else if (S.Phase == EntryPhase::Established &&
             Event.What == EntryEvent::Established)
      local(RuleId::EntryDoubleEstablish, std::move(Charged),
            EntryState::Established);
  }
}

void OrderingEngine::Walk::callSummary(PathState &S, PlaceId At,
                                       const std::string &Callee,
                                       const FunctionSummary &Sum) {
  // Established, a helper matters to the map only for the transitions
  // inside it (arm64's exit_to_kernel_mode() -> irqentry_exit()).
  bool Recordable = S.Phase != EntryPhase::Established || Sum.Transitions ||
                    !Sum.Returns;
  PathState Before = S;
  charge(S, At, Sum, BodyRole::Helper);
  S.undo(Sum.ExitUndone & ~Sum.ExitMade);
  S.make(Sum.ExitMade);
  if (Sum.Returns) {
    uint8_t Ct = S.Ct, Saved = S.CtSaved;
    S.Ct = resolveCt(Sum.ExitCt, Ct, Saved);
    if (Sum.ExitCtSaved)
      S.CtSaved = resolveCt(Sum.ExitCtSaved, Ct, Saved);
  }
  if (Sum.Exit) {
    S.Phase = phaseOf(*Sum.Exit);
    S.Cause = E.nameIndex(Callee);
    S.CauseAt = At;
  }
  Out.Transitions |= Sum.Transitions;
  if (Recordable)
    note(MappedCall::Helper, Before, S, At, Callee, false, {}, Sum.Returns);
}

void OrderingEngine::Walk::outCall(const PathState &S, PlaceId At,
                                   const std::string &Callee) {
  if (mapped(S, E.Rules.needs(Callee)))
    note(MappedCall::OutCall, S, S, At, Callee, false);
}

void OrderingEngine::Walk::noreturnCall(const PathState &S, PlaceId At,
                                        const std::string &Callee) {
  if (mapped(S, E.Rules.needs(Callee)))
    note(MappedCall::OutCall, S, S, At, Callee, false, {},
         /*Returns=*/false);
}

void OrderingEngine::Walk::finish(PathState S) {
  if (S.PendingUsed)
    confirmPending(S);
  ExitPhases.insert(S.Phase);
  ExitFacts.insert({S.Facts, S.Undone});
  ExitCt.insert({S.Ct, S.CtSaved});
}

void OrderingEngine::Walk::done() {
  Out.Returns = !ExitPhases.empty();
  if (Out.Returns) {
    Out.ExitMade = FactsAll;
    for (const auto &[Made, Undone] : ExitFacts) {
      Out.ExitMade &= Made;
      Out.ExitUndone |= Undone;
    }
    Out.ExitCt = 0;
    for (const auto &[Ct, Saved] : ExitCt) {
      Out.ExitCt |= Ct;
      Out.ExitCtSaved |= Saved;
    }
  }
  // The function changes the caller's state only if every return agrees.
  if (ExitPhases.size() == 1 && *ExitPhases.begin() != EntryPhase::Inherited)
    Out.Exit = *ExitPhases.begin() == EntryPhase::Established
                   ? EntryState::Established
                   : EntryState::TornDown;
}

Expected<const FunctionSummary *>
OrderingEngine::summary(NodeId Func, bool Trusted,
                        function_ref<Error(FunctionSummary &)> Compute) {
  if (auto It = Summaries.find(Func); It != Summaries.end())
    return &It->second;
  static const FunctionSummary Empty;
  if (Trusted || InProgress.count(Func))
    return &Empty;
  InProgress.insert(Func);
  FunctionSummary Sum;
  Error Err = Compute(Sum);
  InProgress.erase(Func);
  if (Err)
    return Err;
  return &Summaries.emplace(Func, std::move(Sum)).first->second;
}

bool OrderingEngine::makesTransition(const std::string &Callee) const {
  return Rules.Establishers.matches(Callee) || Rules.Teardowns.matches(Callee);
}

const FunctionSummary *OrderingEngine::summaryOf(NodeId Func) const {
  auto It = Summaries.find(Func);
  return It == Summaries.end() ? nullptr : &It->second;
}

void OrderingEngine::addEntry(NodeId Func, const EntryPointRule &Rule) {
  if (EntrySet.insert(Func).second)
    Entries.push_back({Func, &Rule});
}

std::vector<OrderingViolation>
OrderingEngine::violations(const OrderingProgram &Program) {
  // Where an event is charged: in the out-of-line establisher holding it
  // (EntryEvent::Within); else in the innermost entry point on its path
  // (the C handler rather than the asm stub that calls it), the event
  // itself if it is there, else that entry point's call towards it;
  // without an entry point on the path, the first call.
  auto InEntry = [&](const EntryEvent &Event) {
    if (isEntry(Program.nodeOf(Event.Origin)))
      return Event.Origin;
    for (auto It = Event.Path.rbegin(); It != Event.Path.rend(); ++It)
      if (isEntry(Program.nodeOf(*It)))
        return *It;
    return Event.Path.empty() ? Event.Origin : Event.Path.front();
  };
  auto SiteOf = [&](const EntryEvent &Event) {
    return Event.Within != NoPlace ? Event.Within : InEntry(Event);
  };
  auto ByName = [&](NodeId A, NodeId B) {
    return std::make_pair(Program.nodeName(A), A) <
           std::make_pair(Program.nodeName(B), B);
  };
  std::vector<std::pair<NodeId, const EntryPointRule *>> Sorted = Entries;
  std::sort(Sorted.begin(), Sorted.end(),
            [&](const auto &A, const auto &B) { return ByName(A.first, B.first); });

  // Entry points that start RAW charge what their summary inherited. One
  // violation per (rule, event, call site in the function whose state
  // applies): a helper called too early from two entry functions is two
  // problems; the same call reached from several entry points is one.
  std::map<std::tuple<RuleId, PlaceId, PlaceId>, OrderingViolation>
      Merged;
  for (const auto &[Func, Rule] : Sorted) {
    const FunctionSummary *Sum = summaryOf(Func);
    if (!Sum)
      continue;
    bool Raw = Rule->Initial == EntryState::Raw;
    // An entry point that starts established has every fact made so.
    uint8_t Initial =
        Rule->Initial == EntryState::Established ? uint8_t(FactsAll) : 0;
    for (const EntryEvent &Event : Sum->Inherited) {
      std::optional<RuleId> Id;
      // A fact the program does not have is never missing (FactsSeen).
      uint8_t Missing = Event.Missing & ~Initial & FactsSeen;
      switch (Event.What) {
      case EntryEvent::RegionOpened:
        if (Missing)
          Id = RuleId::EntryRegionBeforeEstablish;
        break;
      case EntryEvent::HookCalled:
        if (Missing)
          Id = RuleId::EntryHookBeforeEstablish;
        break;
      case EntryEvent::TornDown:
        if (Raw)
          Id = RuleId::EntryTeardownWithoutEstablish;
        break;
      case EntryEvent::Established:
        // The walkers do not pair a teardown with an establisher on the
        // other side of the same test (flow/BranchCorrelation.h).
        if (!Raw)
          Id = RuleId::EntryDoubleEstablish;
        break;
      }
      if (!Id)
        continue;
      PlaceId Site = SiteOf(Event);
      auto [It, Inserted] = Merged.try_emplace({*Id, Event.Origin, Site});
      OrderingViolation &V = It->second;
      // Keep the shortest path; every entry point is listed.
      uint8_t Before = Inserted ? 0 : V.Event.Missing;
      if (Inserted || Event.Path.size() < V.Event.Path.size()) {
        V.Rule = *Id;
        V.Event = Event;
        // The establisher's order is wrong: its own establishing calls
        // are the ones to move behind.
        V.Function =
            Event.Within != NoPlace ? Program.nodeOf(Event.Within) : Func;
        V.State = Rule->Initial;
        V.Site = Site;
      }
      V.Event.Missing = Before | Missing;
      V.Entries.push_back(Func);
      V.Paths.insert(Program.nodeOf(InEntry(Event)));
    }
  }
  std::vector<OrderingViolation> Result;
  for (auto &[Key, V] : Merged) {
    const FunctionSummary *Sum = summaryOf(V.Function);
    // A call that only missed lockdep moves behind the lockdep step.
    V.LaterTellLockdep = (V.Event.Missing & FactsAll) == FactLockdep &&
                         !Sum->TellsLockdep.empty();
    std::vector<TransitionCall> &Later = V.LaterEstablishers;
    Later = V.LaterTellLockdep ? Sum->TellsLockdep : Sum->Establishes;
    std::stable_sort(Later.begin(), Later.end(),
                     [&](const auto &A, const auto &B) {
                       return Program.before(A.At, B.At);
                     });
    // Those before the site are on another branch (irqentry_enter()'s
    // user-mode one): named only if nothing comes after it. Program order
    // is the front end's: the binary's is the address, so a later call the
    // compiler placed at a lower address is taken for another branch.
    if (Program.nodeOf(V.Site) == V.Function) {
      auto After = std::find_if(Later.begin(), Later.end(), [&](const auto &C) {
        return Program.before(V.Site, C.At);
      });
      if (After != Later.end())
        Later.erase(Later.begin(), After);
    }
    Result.push_back(std::move(V));
  }
  // The same call site reached both before establishment and after a
  // teardown (an entry that loops back, like exc_nmi's restart) is one
  // problem: keep the first.
  std::set<std::pair<PlaceId, PlaceId>> Charged;
  for (const OrderingViolation &V : Result)
    Charged.insert({V.Event.Origin, V.Site});
  std::set<std::tuple<RuleId, PlaceId, PlaceId>> Seen;
  for (OrderingViolation &V : Local) {
    bool Needing = V.Event.What == EntryEvent::RegionOpened ||
                   V.Event.What == EntryEvent::HookCalled;
    if (Needing && !(V.Event.Missing & FactsSeen))
      continue;
    if (V.Event.Within != NoPlace) {
      V.Site = V.Event.Within;
      V.Function = Program.nodeOf(V.Site);
    } else {
      V.Site = V.Event.Path.empty() ? V.Event.Origin : V.Event.Path.front();
    }
    if (!Charged.count({V.Event.Origin, V.Site}) &&
        Seen.insert({V.Rule, V.Event.Origin, V.Site}).second)
      Result.push_back(V);
  }
  return Result;
}

std::string OrderingEngine::callLine(const OrderingProgram &Program,
                                     PlaceId At,
                                     const std::string &Name) const {
  if (At == NoPlace)
    return {};
  auto It = CallLines.find({At, Name});
  return shortAt(It != CallLines.end() ? It->second : Program.sourceLine(At));
}

std::vector<ChainHop> OrderingEngine::chainTo(const OrderingProgram &Program,
                                              const ChainIndex &Chains,
                                              PlaceId Site,
                                              EntryStates State) const {
  NodeId Func = Program.nodeOf(Site);
  std::vector<ChainHop> Hops;
  for (const auto &[Caller, CallSite] : Chains.pathTo(Func))
    Hops.push_back({Program.nodeName(Caller), Program.locate(CallSite), State});
  Hops.push_back({Program.nodeName(Func), Program.locate(Site), State});
  return Hops;
}

std::vector<Finding>
OrderingEngine::findings(const std::vector<OrderingViolation> &Violations,
                         const OrderingProgram &Program,
                         const ChainIndex &Chains) const {
  std::vector<Finding> Out;
  for (const OrderingViolation &V : Violations) {
    const EntryEvent &Ev = V.Event;
    Finding F;
    F.Rule = V.Rule;
    F.Level = ruleInfo(V.Rule).Level;
    // The offending place on the entry path: the first call from the
    // function whose state is known into the helper that does it, or the
    // event itself when it sits in that function.
    F.Site = Program.locate(V.Site);
    F.Function = Program.nodeName(Program.nodeOf(V.Site));
    // The state is known at every hop of a chain charged to a RAW entry;
    // a violation after a teardown inside the function holds whatever
    // state its callers are in.
    F.Chain = chainTo(Program, Chains, V.Site,
                      V.State == EntryState::Raw ? EntryStates(V.State)
                                                 : EntryStates::any());
    F.Chain.back().State = V.State;
    OrderingWords W;
    W.What = Ev.What;
    W.State = V.State;
    W.Entry = F.Chain.front().Function;
    W.Implied = !Ev.ImpliedBy.empty();
    W.Missing = Ev.Missing & FactsSeen;
    W.TellsLockdep = V.LaterTellLockdep;
    if (V.State == EntryState::Raw && Ev.Within != NoPlace) {
      W.Establisher = Program.nodeName(V.Function);
      F.Cause = "ordering-in-establisher";
      F.CauseSite = Program.locate(V.LaterEstablishers.empty()
                                       ? V.Site
                                       : V.LaterEstablishers.front().At);
    }
    W.Paths = V.Paths.size();
    auto SiteAt = std::find(Ev.Path.begin(), Ev.Path.end(), V.Site);
    if (SiteAt != Ev.Path.end()) {
      // The helper called at the site does it.
      auto Next = std::next(SiteAt);
      W.Helper = Program.nodeName(
          Program.nodeOf(Next != Ev.Path.end() ? *Next : Ev.Origin));
      std::string Via;
      for (auto It = Next; It != Ev.Path.end(); ++It)
        Via += " -> " + Program.describe(*It);
      W.Where = Program.describe(Ev.Origin) +
                (Via.empty() ? "" : " (via" + Via + ")");
    }
    // The callee is the offending call: the hook, the first instrumentable
    // call in the region (or the one that is the region); for a transition
    // the call at the site (the helper making it, if one does).
    if (Ev.What != EntryEvent::RegionOpened)
      W.Name = Ev.Name;
    else
      W.Name = W.Implied ? Ev.ImpliedBy : Ev.Culprit;
    bool Transition = Ev.What == EntryEvent::Established ||
                      Ev.What == EntryEvent::TornDown;
    F.Callee = W.Name.empty() || (Transition && !W.Helper.empty()) ? W.Helper
                                                                  : W.Name;
    if (F.Callee == W.Name)
      F.Dispatch = Ev.Dispatch;
    if (V.State == EntryState::Raw && !V.LaterEstablishers.empty()) {
      const TransitionCall &First = V.LaterEstablishers.front();
      W.Transition =
          "'" + First.Name + "'" + callLine(Program, First.At, First.Name);
    } else if (V.State == EntryState::TornDown && !Ev.TornDownBy.empty()) {
      W.Transition = "'" + Ev.TornDownBy + "'" +
                     callLine(Program, Ev.TornDownAt, Ev.TornDownBy);
    }
    if (Transition)
      W.Place = callLine(Program, Ev.Origin, Ev.Name);
    OrderingText Text = orderingText(W);
    F.Message = std::move(Text.Message);
    if (!Text.Note.empty())
      F.Notes.push_back(std::move(Text.Note));
    if (!Ev.Culprit.empty() && !W.Implied)
      F.Notes.push_back("the first instrumentable call in the region: '" +
                        Ev.Culprit + "' at " +
                        Program.describe(Ev.CulpritAt));
    // One note per establishing call. An inlined helper takes effect at
    // each place a path leaves it established (its primitive's call, the
    // end of a branch skipping it): one note naming its call line and
    // every such place.
    std::vector<std::pair<const TransitionCall *, std::vector<PlaceId>>>
        Later;
    for (const TransitionCall &Call : V.LaterEstablishers) {
      auto Same = std::find_if(Later.begin(), Later.end(), [&](const auto &L) {
        return Call.Inlined && L.first->Inlined && L.first->Name == Call.Name;
      });
      if (Same == Later.end())
        Later.push_back({&Call, {Call.At}});
      else
        Same->second.push_back(Call.At);
    }
    for (const auto &[Call, Places] : Later) {
      // Appended piece by piece: gcc 12 warns falsely (-Wrestrict) on
      // "'" + std::string&&.
      std::string Note = "'";
      Note += Program.nodeName(V.Function);
      Note += V.LaterTellLockdep ? "' tells lockdep IRQs are off later, with "
                                 : "' establishes the state later, with ";
      Note += Call->Inlined ? "the inlined '" : "'";
      Note += Call->Name;
      Note += "'";
      if (Places.size() > 1)
        Note += callLine(Program, Call->At, Call->Name);
      Note += " at ";
      for (size_t I = 0; I < Places.size(); ++I) {
        if (I)
          Note += I + 1 == Places.size() ? " and " : ", ";
        Note += Program.describe(Places[I]);
      }
      F.Notes.push_back(std::move(Note));
    }
    // Charged whatever the callers' state (after a teardown): every entry
    // point reaching the function.
    for (NodeId N : V.Entries.empty()
                        ? Chains.entriesReaching(Program.nodeOf(V.Site))
                        : V.Entries)
      F.EntryPoints.push_back(Program.nodeName(N));
    if (V.Entries.size() > 1)
      F.Notes.push_back(entryNote(Program, V));
    F.Notes.push_back("objtool cannot see this: it checks calls out of "
                      "noinstr code, not the entry state they run in");
    Out.push_back(std::move(F));
  }
  return Out;
}

} // namespace noinstr
