//===- OrderingEngineTest.cpp - what an ordering finding names ------------===//
//
// The engine behind both analyses, fed by hand: a region opened before the
// establishing call names its first instrumentable call and the
// establishing call's line; one after a teardown names the teardown; a
// finding names the facts its path had not made so; a region inside an
// inlined establisher counts only if it takes effect at a primitive; what
// an out-of-line establisher does before its primitive is charged in it
// once, a plain helper's at each call too early; the entry map's calls
// carry the facts made and undone.
//
//===----------------------------------------------------------------------===//
#include "noinstr/entry/OrderingEngine.h"
#include "noinstr/explain/Explainer.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace noinstr;

namespace {

/// Places are indices into a table of (function, line); nodes, functions.
class Table : public OrderingProgram {
public:
  struct Row {
    NodeId Node;
    std::string File;
    unsigned Line;
  };
  std::vector<std::string> Names;
  std::vector<Row> Rows;

  PlaceId add(NodeId Node, unsigned Line) {
    Rows.push_back({Node, "kernel/entry.c", Line});
    return Rows.size() - 1;
  }
  NodeId nodeOf(PlaceId P) const override { return Rows[P].Node; }
  std::string nodeName(NodeId N) const override { return Names[N]; }
  CodeLocation locate(PlaceId P) const override {
    CodeLocation L;
    L.Symbol = Names[Rows[P].Node];
    L.Source = {{Rows[P].File, Rows[P].Line, 1, L.Symbol}};
    return L;
  }
  std::string describe(PlaceId P) const override {
    return Names[Rows[P].Node] + " (" + sourceLine(P) + ")";
  }
  std::string sourceLine(PlaceId P) const override {
    return Rows[P].File + ":" + std::to_string(Rows[P].Line);
  }
  bool before(PlaceId A, PlaceId B) const override {
    return Rows[A].Line < Rows[B].Line;
  }
};

struct Fixture {
  EntryRules Rules;
  EntryPointRule Entry;
  Table Program;
  OrderingEngine Engine{Rules};
  ChainIndex Chains{[this](NodeId N) { return Program.Names[N]; }};

  Fixture() {
    Program.Names = {"exc_nmi"};
    Entry.Initial = EntryState::Raw;
    Engine.addEntry(0, Entry);
    Chains.addEntry(0);
  }
  /// The summary of \p Func, whose one path runs \p Steps from an unknown
  /// caller's state and returns.
  llvm::Expected<const FunctionSummary *> summarise(
      NodeId Func,
      llvm::function_ref<void(OrderingEngine::Walk &, PathState &)> Steps) {
    return Engine.summary(Func, false, [&](FunctionSummary &Sum) {
      OrderingEngine::Walk W(Engine, Func, Sum);
      PathState S;
      Steps(W, S);
      W.finish(S);
      W.done();
      return llvm::Error::success();
    });
  }
  std::vector<Finding> findings() {
    Chains.build();
    return Engine.findings(Engine.violations(Program), Program, Chains);
  }
};

TEST(OrderingEngine, RegionBeforeEstablishNamesCulpritAndEstablisher) {
  Fixture X;
  PlaceId Begin = X.Program.add(0, 583), Printk = X.Program.add(0, 584),
          Enter = X.Program.add(0, 590);
  ASSERT_TRUE(bool(X.summarise(0, [&](OrderingEngine::Walk &W, PathState &S) {
    W.regionBegin(S, Begin, 0, /*Exempt=*/false, /*Used=*/false);
    W.regionUsed(S, Printk, "_printk", CalleeKind::Direct);
    W.regionUsed(S, Printk, "later_call", CalleeKind::Direct); // the first one is named
    W.regionEnd(S, 0);
    W.transition(S, EntryState::Established, Enter, "irqentry_nmi_enter",
                 /*Inlined=*/false);
  })));
  std::vector<Finding> F = X.findings();
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0].Rule, RuleId::EntryRegionBeforeEstablish);
  EXPECT_EQ(F[0].Callee, "_printk");
  EXPECT_EQ(F[0].Message,
            "call to '_printk' in an instrumentation region opened before "
            "'irqentry_nmi_enter' (entry.c:590) establishes RCU/context "
            "tracking on the entry path from 'exc_nmi' (state RAW; missing: "
            "RCU made to watch on this path)");
  EXPECT_EQ(F[0].Chain.back().State, EntryState::Raw);
}

// The finding's callee keeps how the call reaches it: an indirect first
// call in the region, or an indirect call that is a region of its own.
TEST(OrderingEngine, FindingKeepsTheCalleeKind) {
  for (bool Implied : {false, true}) {
    Fixture X;
    PlaceId Begin = X.Program.add(0, 583), Call = X.Program.add(0, 584),
            Enter = X.Program.add(0, 590);
    ASSERT_TRUE(bool(X.summarise(0, [&](OrderingEngine::Walk &W, PathState &S) {
      if (Implied) {
        W.impliedRegion(S, Call, "{dynamic}", CalleeKind::Indirect);
      } else {
        W.regionBegin(S, Begin, 0, /*Exempt=*/false, /*Used=*/false);
        W.regionUsed(S, Call, "{dynamic}", CalleeKind::Indirect);
        W.regionUsed(S, Call, "_printk", CalleeKind::Direct);
        W.regionEnd(S, 0);
      }
      W.transition(S, EntryState::Established, Enter, "irqentry_nmi_enter",
                   /*Inlined=*/false);
    })));
    std::vector<Finding> F = X.findings();
    ASSERT_EQ(F.size(), 1u);
    EXPECT_EQ(F[0].Callee, "{dynamic}");
    EXPECT_EQ(F[0].Dispatch, CalleeKind::Indirect);
  }
}

TEST(OrderingEngine, RegionAfterTeardownNamesTeardownAtItsCallLine) {
  Fixture X;
  PlaceId Exit = X.Program.add(0, 229), Begin = X.Program.add(0, 229),
          Call = X.Program.add(0, 230);
  ASSERT_TRUE(bool(X.summarise(0, [&](OrderingEngine::Walk &W, PathState &S) {
    S.Phase = EntryPhase::Established;
    // An inlined teardown takes effect where its code ends; the finding
    // names the line that calls it.
    W.transition(S, EntryState::TornDown, Exit, "exit_to_user_mode",
                 /*Inlined=*/true, {}, "kernel/entry/common.c:228");
    W.regionBegin(S, Begin, 0, false, false);
    W.regionUsed(S, Call, "isolation_quiesce_on_uret", CalleeKind::Direct);
    W.regionEnd(S, 0);
  })));
  std::vector<Finding> F = X.findings();
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0].Rule, RuleId::EntryRegionAfterTeardown);
  EXPECT_EQ(F[0].Callee, "isolation_quiesce_on_uret");
  EXPECT_EQ(F[0].Message,
            "call to 'isolation_quiesce_on_uret' in an instrumentation region "
            "opened after 'exit_to_user_mode' (common.c:228) tore down the "
            "entry state (state TORN_DOWN; missing: RCU made to watch on this "
            "path)");
  EXPECT_EQ(F[0].Chain.back().State, EntryState::TornDown);
}

TEST(OrderingEngine, UnusedRegionIsNotCharged) {
  Fixture X;
  PlaceId Begin = X.Program.add(0, 10);
  ASSERT_TRUE(bool(X.summarise(0, [&](OrderingEngine::Walk &W, PathState &S) {
    W.regionBegin(S, Begin, 0, false, false);
    W.regionEnd(S, 0);
  })));
  EXPECT_TRUE(X.findings().empty());
}

/// The kinds of callee the rules name: tracing needs RCU made to watch,
/// locking lockdep told, a hook what it declares; the rest everything.
void requirements(EntryRules &Rules) {
  Rules.LockdepInformers.Names = {"lockdep_hardirqs_off"};
  Rules.Hooks.Names = {"vendor_hook", "isolation_hook"};
  Rules.Requirements = {{"tracing", FactRcu, {}},
                        {"locking", FactLockdep, {}},
                        {"vendor_hook", FactLockdep, {}}};
  Rules.Requirements[0].Callees.Names = {"trace_hardirqs_off_finish"};
  Rules.Requirements[1].Callees.Names = {"_raw_spin_lock"};
  Rules.Requirements[2].Callees.Names = {"vendor_hook"};
}

/// A region calling \p Callee (or, for a hook, a call to it), then
/// irqentry_enter(); lockdep told before it or after it. The facts the
/// finding names missing; "none" without a finding.
std::string missingFacts(bool LockdepFirst, const std::string &Callee) {
  Fixture X;
  requirements(X.Rules);
  PlaceId Lockdep = X.Program.add(0, LockdepFirst ? 1 : 5),
          Begin = X.Program.add(0, 2), Call = X.Program.add(0, 3),
          Enter = X.Program.add(0, 6);
  EXPECT_TRUE(bool(X.summarise(0, [&](OrderingEngine::Walk &W, PathState &S) {
    if (LockdepFirst)
      W.call(S, Lockdep, "lockdep_hardirqs_off", nullptr, false);
    if (X.Rules.Hooks.matches(Callee)) {
      W.call(S, Call, Callee, nullptr, false);
    } else {
      W.regionBegin(S, Begin, 0, false, false);
      W.regionUsed(S, Call, Callee, CalleeKind::Direct);
      W.regionEnd(S, 0);
    }
    if (!LockdepFirst)
      W.call(S, Lockdep, "lockdep_hardirqs_off", nullptr, false);
    W.transition(S, EntryState::Established, Enter, "irqentry_enter", false);
  })));
  std::vector<Finding> F = X.findings();
  EXPECT_LE(F.size(), 1u);
  if (F.empty())
    return "none";
  size_t At = F[0].Message.find("missing: ");
  return At == std::string::npos ? std::string() : F[0].Message.substr(At);
}

TEST(OrderingEngine, FindingNamesTheFactsItsPathHadNotMade) {
  EXPECT_EQ(missingFacts(/*LockdepFirst=*/false, "_printk"),
            "missing: lockdep told IRQs are off, RCU made to watch on this "
            "path)");
  EXPECT_EQ(missingFacts(/*LockdepFirst=*/true, "_printk"),
            "missing: RCU made to watch on this path)");
}

// What a callee needs decides whether it is a finding: a lock needs only
// lockdep told, tracing only RCU made to watch, a hook what it declares.
TEST(OrderingEngine, EachKindOfCalleeNeedsItsOwnFacts) {
  EXPECT_EQ(missingFacts(false, "_raw_spin_lock"),
            "missing: lockdep told IRQs are off)");
  EXPECT_EQ(missingFacts(true, "_raw_spin_lock"), "none");
  EXPECT_EQ(missingFacts(false, "trace_hardirqs_off_finish"),
            "missing: RCU made to watch on this path)");
  EXPECT_EQ(missingFacts(false, "vendor_hook"),
            "missing: lockdep told IRQs are off)");
  EXPECT_EQ(missingFacts(true, "vendor_hook"), "none");
  EXPECT_EQ(missingFacts(true, "isolation_hook"),
            "missing: RCU made to watch on this path)");
}

// The facts decide, not the phase: after ct_irq_enter() the path is
// established, but lockdep was never told, so a lock is still a finding
// (the callers cannot have told it: the entry starts RAW).
TEST(OrderingEngine, EstablishedPhaseWithoutLockdepStillMissesIt) {
  Fixture X;
  requirements(X.Rules);
  X.Rules.Establishers.Names = {"ct_irq_enter"};
  X.Rules.TrustedBodies.Names = {"ct_irq_enter"};
  PlaceId Ct = X.Program.add(0, 1), Begin = X.Program.add(0, 2),
          Lock = X.Program.add(0, 3), Trace = X.Program.add(0, 4),
          Other = X.Program.add(0, 9), Lockdep = X.Program.add(0, 10);
  ASSERT_TRUE(bool(X.Engine.summary(0, false, [&](FunctionSummary &Sum) {
    OrderingEngine::Walk W(X.Engine, 0, Sum);
    PathState S;
    W.call(S, Ct, "ct_irq_enter", nullptr, false);
    EXPECT_EQ(S.Phase, EntryPhase::Established);
    W.regionBegin(S, Begin, 0, false, false);
    W.regionUsed(S, Trace, "trace_hardirqs_off_finish", CalleeKind::Direct); // needs only RCU
    W.regionUsed(S, Lock, "_raw_spin_lock", CalleeKind::Direct);
    W.regionEnd(S, 0);
    W.finish(S);
    // Another path tells lockdep: the program has the fact.
    PathState T;
    W.call(T, Lockdep, "lockdep_hardirqs_off", nullptr, false);
    W.outCall(T, Other, "x");
    W.finish(T);
    W.done();
    return llvm::Error::success();
  })));
  std::vector<Finding> F = X.findings();
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0].Callee, "_raw_spin_lock");
  EXPECT_NE(F[0].Message.find("(state RAW; missing: lockdep told IRQs are "
                              "off)"),
            std::string::npos)
      << F[0].Message;
}

/// A used region inside an inlined establisher, then the helper takes
/// effect at \p Primitive ("": where the walk leaves it).
size_t helperRegionFindings(const std::string &Primitive) {
  Fixture X;
  PlaceId Begin = X.Program.add(0, 2), Call = X.Program.add(0, 3),
          Effect = X.Program.add(0, 4);
  EXPECT_TRUE(bool(X.summarise(0, [&](OrderingEngine::Walk &W, PathState &S) {
    W.regionBegin(S, Begin, 0, false, false, /*InHelper=*/true);
    W.regionUsed(S, Call, "trace_hardirqs_off_finish", CalleeKind::Direct);
    W.regionEnd(S, 0);
    W.transition(S, EntryState::Established, Effect, "enter_from_user_mode",
                 /*Inlined=*/true, Primitive);
  })));
  return X.findings().size();
}

TEST(OrderingEngine, RegionInInlinedEstablisherCountsBeforeItsPrimitive) {
  EXPECT_EQ(helperRegionFindings("__ct_user_exit"), 1u);
  // Where an empty primitive was is unknown.
  EXPECT_EQ(helperRegionFindings(""), 0u);
}

// An inlined establisher takes effect at its primitive on one path and
// where a path skipping the primitive leaves it on another: one note
// names it by its call line, with both places.
TEST(OrderingEngine, InlinedEstablisherIsOneNoteWithEveryPlace) {
  Fixture X;
  X.Rules.Hooks.Names = {"isolation_hook"};
  PlaceId Hook = X.Program.add(0, 5), Primitive = X.Program.add(0, 25),
          Skipped = X.Program.add(0, 312);
  X.Program.Rows[Primitive].File = "include/linux/hardirq.h";
  ASSERT_TRUE(bool(X.Engine.summary(0, false, [&](FunctionSummary &Sum) {
    OrderingEngine::Walk W(X.Engine, 0, Sum);
    PathState S;
    W.call(S, Hook, "isolation_hook", nullptr, false);
    PathState Other = S;
    W.transition(S, EntryState::Established, Primitive,
                 "rcu_irq_enter_check_tick", /*Inlined=*/true, "ct_irq_enter",
                 "kernel/entry.c:311");
    W.transition(Other, EntryState::Established, Skipped,
                 "rcu_irq_enter_check_tick", /*Inlined=*/true, "",
                 "kernel/entry.c:311");
    W.finish(S);
    W.finish(Other);
    W.done();
    return llvm::Error::success();
  })));
  std::vector<Finding> F = X.findings();
  ASSERT_EQ(F.size(), 1u);
  std::vector<std::string> Later;
  for (const std::string &Note : F[0].Notes)
    if (Note.find("establishes the state later") != std::string::npos)
      Later.push_back(Note);
  EXPECT_EQ(Later, (std::vector<std::string>{
                       "'exc_nmi' establishes the state later, with the "
                       "inlined 'rcu_irq_enter_check_tick' (entry.c:311) at "
                       "exc_nmi (include/linux/hardirq.h:25) and exc_nmi "
                       "(kernel/entry.c:312)"}));
}

/// Two RAW entry points (nodes 0 and 2) each call the out-of-line
/// establisher irqentry_enter (node 1), whose body calls \p Callee (a hook,
/// or a plain helper, node 3, that calls the hook) before its primitive.
std::vector<Finding> establisherBodyFindings(bool ThroughHelper) {
  Fixture X;
  X.Rules.Establishers.Names = {"irqentry_enter", "ct_irq_enter"};
  X.Rules.Hooks.Names = {"isolation_hook"};
  X.Program.Names = {"exc_nmi", "irqentry_enter", "exc_int3", "prepare"};
  X.Engine.addEntry(2, X.Entry);
  X.Chains.addEntry(2);
  PlaceId Call = X.Program.add(1, 10), Ct = X.Program.add(1, 11),
          FromNmi = X.Program.add(0, 20), FromInt3 = X.Program.add(2, 30),
          Hook = X.Program.add(3, 40);
  auto Helper = X.summarise(3, [&](OrderingEngine::Walk &W, PathState &S) {
    W.call(S, Hook, "isolation_hook", nullptr, false);
  });
  EXPECT_TRUE(bool(Helper));
  auto Body = X.summarise(1, [&](OrderingEngine::Walk &W, PathState &S) {
    if (ThroughHelper)
      W.callSummary(S, Call, "prepare", **Helper);
    else
      W.call(S, Call, "isolation_hook", nullptr, false);
    W.call(S, Ct, "ct_irq_enter", nullptr, false);
  });
  EXPECT_TRUE(bool(Body));
  for (auto [Entry, At] : {std::pair{0u, FromNmi}, std::pair{2u, FromInt3}}) {
    X.Chains.addCall(Entry, 1, At);
    EXPECT_TRUE(
        bool(X.summarise(Entry, [&](OrderingEngine::Walk &W, PathState &S) {
          W.call(S, At, "irqentry_enter", nullptr, false, *Body);
        })));
  }
  return X.findings();
}

// irqentry_enter() starts in the raw state whoever calls it: a hook before
// its primitive is one finding in it, listing both entry points, and names
// its own establishing call, not the callers' call of it.
TEST(OrderingEngine, OutOfLineEstablisherBodyIsChargedInsideIt) {
  for (bool ThroughHelper : {false, true}) {
    std::vector<Finding> F = establisherBodyFindings(ThroughHelper);
    ASSERT_EQ(F.size(), 1u);
    EXPECT_EQ(F[0].Rule, RuleId::EntryHookBeforeEstablish);
    EXPECT_EQ(F[0].Callee, "isolation_hook");
    // The hook, or the establisher's call of the helper that calls it.
    EXPECT_EQ(F[0].Function, "irqentry_enter");
    EXPECT_EQ(F[0].Site.Source.front().Line, 10u);
    EXPECT_EQ(F[0].EntryPoints,
              (std::vector<std::string>{"exc_int3", "exc_nmi"}));
    EXPECT_EQ(F[0].Message,
              "hook 'isolation_hook' called in 'irqentry_enter' before its "
              "'ct_irq_enter' (entry.c:11) establishes RCU/context tracking; "
              "'irqentry_enter' starts RAW whoever calls it, on 2 entry "
              "paths (state RAW; missing: RCU made to watch on this path)");
    ASSERT_EQ(F[0].Chain.size(), 2u);
    EXPECT_EQ(F[0].Chain.front().Function, "exc_int3");
  }
}

// The engine decides the finding is the establisher's own order (its
// cause), and the explainer classifies by that decision: a RAW finding in
// an entry point merely named like an establisher is an ordinary one.
TEST(OrderingEngine, EstablisherOrderIsTheEnginesCauseNotAName) {
  RuleSet Rules;
  Rules.Entry.Establishers.Names = {"irqentry_enter", "ct_irq_enter"};
  Rules.Explain.Classes = {{"ordering-in-establisher", {}, "move it inside"},
                           {"ordering-hook", {}, "call it later"}};
  std::vector<Finding> Inside = establisherBodyFindings(false);
  ASSERT_EQ(Inside.size(), 1u);
  EXPECT_EQ(Inside[0].Cause, "ordering-in-establisher");
  EXPECT_EQ(Inside[0].CauseSite.Source.front().Line, 11u); // ct_irq_enter
  Explainer::classify(Rules, Inside[0]);
  EXPECT_EQ(Inside[0].Classification, "ordering-in-establisher");
  EXPECT_EQ(Inside[0].Hint, "move it inside");

  Fixture X;
  X.Rules.Establishers.Names = {"ct_irq_enter"};
  X.Rules.Hooks.Names = {"isolation_hook"};
  X.Program.Names = {"irqentry_enter"};
  PlaceId Hook = X.Program.add(0, 10), Ct = X.Program.add(0, 11);
  ASSERT_TRUE(bool(X.summarise(0, [&](OrderingEngine::Walk &W, PathState &S) {
    W.call(S, Hook, "isolation_hook", nullptr, false);
    W.call(S, Ct, "ct_irq_enter", nullptr, false);
  })));
  std::vector<Finding> Entry = X.findings();
  ASSERT_EQ(Entry.size(), 1u);
  EXPECT_EQ(Entry[0].Function, "irqentry_enter");
  EXPECT_EQ(Entry[0].Cause, "");
  Explainer::classify(Rules, Entry[0]);
  EXPECT_EQ(Entry[0].Classification, "ordering-hook");
  EXPECT_EQ(Entry[0].Hint, "call it later");
}

// A plain helper is another matter: its verdict is its caller's state, so
// one called too early is charged at the call (shared_helper.c in the
// corpus has it from three places).
TEST(OrderingEngine, HelperBeforeEstablishIsChargedAtEachCall) {
  Fixture X;
  X.Rules.Establishers.Names = {"ct_irq_enter"};
  X.Rules.Hooks.Names = {"isolation_hook"};
  X.Program.Names = {"exc_nmi", "prepare", "exc_int3"};
  X.Engine.addEntry(2, X.Entry);
  X.Chains.addEntry(2);
  PlaceId Hook = X.Program.add(1, 10), FromNmi = X.Program.add(0, 20),
          FromInt3 = X.Program.add(2, 30), Ct = X.Program.add(2, 31);
  auto Helper = X.summarise(1, [&](OrderingEngine::Walk &W, PathState &S) {
    W.call(S, Hook, "isolation_hook", nullptr, false);
  });
  ASSERT_TRUE(bool(Helper));
  for (auto [Entry, At] : {std::pair{0u, FromNmi}, std::pair{2u, FromInt3}})
    ASSERT_TRUE(
        bool(X.summarise(Entry, [&](OrderingEngine::Walk &W, PathState &S) {
          W.callSummary(S, At, "prepare", **Helper);
          if (Entry == 2)
            W.call(S, Ct, "ct_irq_enter", nullptr, false);
        })));
  std::vector<Finding> F = X.findings();
  ASSERT_EQ(F.size(), 2u);
  std::vector<unsigned> Lines;
  for (const Finding &One : F) {
    EXPECT_EQ(One.Callee, "isolation_hook");
    Lines.push_back(One.Site.Source.front().Line);
  }
  std::sort(Lines.begin(), Lines.end());
  EXPECT_EQ(Lines, (std::vector<unsigned>{20, 30}));
}

// An entry that calls the helper too early itself and then calls the
// establisher, which calls it before its own primitive: two problems, one
// at the entry's call and one inside the establisher.
TEST(OrderingEngine, HelperCalledDirectlyAndInsideEstablisherIsTwoFindings) {
  Fixture X;
  X.Rules.Establishers.Names = {"irqentry_enter", "ct_irq_enter"};
  X.Rules.Hooks.Names = {"isolation_hook"};
  X.Program.Names = {"exc_nmi", "irqentry_enter", "prepare"};
  PlaceId Hook = X.Program.add(2, 40), Call = X.Program.add(1, 10),
          Ct = X.Program.add(1, 11), Direct = X.Program.add(0, 20),
          Enter = X.Program.add(0, 21);
  X.Chains.addCall(0, 2, Direct);
  X.Chains.addCall(0, 1, Enter);
  auto Helper = X.summarise(2, [&](OrderingEngine::Walk &W, PathState &S) {
    W.call(S, Hook, "isolation_hook", nullptr, false);
  });
  ASSERT_TRUE(bool(Helper));
  auto Body = X.summarise(1, [&](OrderingEngine::Walk &W, PathState &S) {
    W.callSummary(S, Call, "prepare", **Helper);
    W.call(S, Ct, "ct_irq_enter", nullptr, false);
  });
  ASSERT_TRUE(bool(Body));
  ASSERT_TRUE(bool(X.summarise(0, [&](OrderingEngine::Walk &W, PathState &S) {
    W.callSummary(S, Direct, "prepare", **Helper);
    W.call(S, Enter, "irqentry_enter", nullptr, false, *Body);
  })));
  std::vector<Finding> F = X.findings();
  ASSERT_EQ(F.size(), 2u);
  std::vector<std::pair<std::string, unsigned>> Sites;
  for (const Finding &One : F) {
    EXPECT_EQ(One.Rule, RuleId::EntryHookBeforeEstablish);
    EXPECT_EQ(One.Callee, "isolation_hook");
    Sites.push_back({One.Function, One.Site.Source.front().Line});
  }
  std::sort(Sites.begin(), Sites.end());
  EXPECT_EQ(Sites, (std::vector<std::pair<std::string, unsigned>>{
                       {"exc_nmi", 20}, {"irqentry_enter", 10}}));
}

} // namespace

// The entry map's facts come from the path state: each mapped call records
// what the function's own steps had made so and undone before and after
// it (lockdep told IRQs are on undoes what a caller told it).
TEST(OrderingEngine, MappedCallsCarryTheFactsMadeAndUndone) {
  Fixture X;
  X.Rules.Establishers.Names = {"ct_irq_enter"};
  X.Rules.TrustedBodies.Names = {"ct_irq_enter"};
  X.Rules.LockdepInformers.Names = {"lockdep_hardirqs_off"};
  X.Rules.LockdepUninformers.Names = {"lockdep_hardirqs_on"};
  PlaceId On = X.Program.add(0, 1), First = X.Program.add(0, 2),
          Off = X.Program.add(0, 3), Second = X.Program.add(0, 4),
          Ct = X.Program.add(0, 5);
  auto Sum = X.summarise(0, [&](OrderingEngine::Walk &W, PathState &S) {
    W.call(S, On, "lockdep_hardirqs_on", nullptr, false);
    W.outCall(S, First, "sev_es_ist_enter");
    W.call(S, Off, "lockdep_hardirqs_off", nullptr, false);
    W.outCall(S, Second, "sev_es_ist_enter");
    W.call(S, Ct, "ct_irq_enter", nullptr, false);
  });
  ASSERT_TRUE(bool(Sum));
  using Facts = std::set<std::pair<uint8_t, uint8_t>>;
  const auto &Calls = (*Sum)->Calls;
  ASSERT_EQ(Calls.size(), 3u);
  EXPECT_EQ(Calls.at({First, "sev_es_ist_enter"}).FactsAfter,
            (Facts{{0, FactLockdep}}));
  EXPECT_EQ(Calls.at({Second, "sev_es_ist_enter"}).FactsAfter,
            (Facts{{FactLockdep, 0}}));
  // A context-tracking primitive makes RCU watch; lockdep was this path's.
  const MappedCall &Enter = Calls.at({Ct, "ct_irq_enter"});
  EXPECT_EQ(Enter.FactsBefore, (Facts{{FactLockdep, 0}}));
  EXPECT_EQ(Enter.FactsAfter, (Facts{{FactsAll, 0}}));
  EXPECT_EQ(X.Engine.factsSeen(), FactsAll);
}

// Established by an RCU primitive alone, lockdep is still missing: the map
// lists the hooks, regions and out-calls needing it (the finding's
// placement shows there), not those needing only RCU.
TEST(OrderingEngine, MapListsCallsMissingAFactWhileEstablished) {
  Fixture X;
  requirements(X.Rules);
  X.Rules.Establishers.Names = {"ct_irq_enter"};
  X.Rules.TrustedBodies.Names = {"ct_irq_enter"};
  PlaceId Told = X.Program.add(0, 1), Ct = X.Program.add(0, 2),
          Hook = X.Program.add(0, 3), Lock = X.Program.add(0, 4),
          Trace = X.Program.add(0, 5), Begin = X.Program.add(0, 6);
  auto Sum = X.Engine.summary(0, false, [&](FunctionSummary &Sum) {
    OrderingEngine::Walk W(X.Engine, 0, Sum);
    // A path telling lockdep: the program has the fact.
    PathState T;
    W.call(T, Told, "lockdep_hardirqs_off", nullptr, false);
    W.finish(T);
    PathState S;
    W.call(S, Ct, "ct_irq_enter", nullptr, false);
    EXPECT_EQ(S.Phase, EntryPhase::Established);
    W.call(S, Hook, "vendor_hook", nullptr, false);
    W.outCall(S, Lock, "_raw_spin_lock");
    W.outCall(S, Trace, "trace_hardirqs_off_finish");
    W.regionBegin(S, Begin, 0, false, false);
    W.finish(S);
    W.done();
    return llvm::Error::success();
  });
  ASSERT_TRUE(bool(Sum));
  const auto &Calls = (*Sum)->Calls;
  EXPECT_EQ(Calls.count({Hook, "vendor_hook"}), 1u);
  EXPECT_EQ(Calls.count({Lock, "_raw_spin_lock"}), 1u);
  EXPECT_EQ(Calls.count({Trace, "trace_hardirqs_off_finish"}), 0u);
  EXPECT_EQ(Calls.count({Begin, "instrumentation_begin()"}), 1u);
}

// Context tracking moves at the transitions the rules name: an irq enter
// saves the state it found and its exit returns to it; an exit with no
// enter on the path returns to what the caller's enter saved (resolved at
// the call site, or at the entry point: the state it was entered in).
TEST(OrderingEngine, ContextTrackingFollowsTheRulesAndRestores) {
  Fixture X;
  X.Rules.Establishers.Names = {"ct_irq_enter", "__ct_user_exit"};
  X.Rules.Teardowns.Names = {"ct_irq_exit"};
  X.Rules.TrustedBodies.Names = X.Rules.Establishers.Names;
  X.Rules.ContextTracking.resize(3);
  X.Rules.ContextTracking[0] = {CtKernel, /*Saves=*/true, {}};
  X.Rules.ContextTracking[0].Calls.Names = {"ct_irq_enter"};
  X.Rules.ContextTracking[1] = {0, false, {}}; // back to the saved state
  X.Rules.ContextTracking[1].Calls.Names = {"ct_irq_exit"};
  X.Rules.ContextTracking[2] = {CtKernel, false, {}};
  X.Rules.ContextTracking[2].Calls.Names = {"__ct_user_exit"};
  PlaceId Enter = X.Program.add(0, 1), Exit = X.Program.add(0, 2),
          User = X.Program.add(0, 3), Lone = X.Program.add(0, 4);
  using Ct = std::set<std::pair<uint8_t, uint8_t>>;
  auto Sum = X.summarise(0, [&](OrderingEngine::Walk &W, PathState &S) {
    W.call(S, Enter, "ct_irq_enter", nullptr, false);
    EXPECT_EQ(S.Ct, CtKernel);
    EXPECT_EQ(S.CtSaved, CtInherited); // what the caller had
    W.call(S, Exit, "ct_irq_exit", nullptr, false);
    EXPECT_EQ(S.Ct, CtInherited);
    W.call(S, User, "__ct_user_exit", nullptr, false);
    EXPECT_EQ(S.Ct, CtKernel);
    W.call(S, Lone, "ct_irq_exit", nullptr, false);
    EXPECT_EQ(S.Ct, CtRestored);
  });
  ASSERT_TRUE(bool(Sum));
  EXPECT_EQ((*Sum)->Calls.at({Enter, "ct_irq_enter"}).CtAfter,
            (Ct{{CtKernel, CtInherited}}));
  EXPECT_EQ((*Sum)->ExitCt, CtRestored);
  // At a call from a path in user mode that saved "user|kernel|idle", the
  // lone exit returns there; with nothing saved it stays unresolved for
  // the caller's caller.
  EXPECT_EQ(resolveCt((*Sum)->ExitCt, CtKernel, CtInterrupted), CtInterrupted);
  EXPECT_EQ(resolveCt(CtInherited, CtUser, 0), CtUser);
  EXPECT_EQ(resolveCt(CtRestored, CtKernel, 0), CtRestored);
  EXPECT_EQ(ctStateText(CtInterrupted), "user|kernel|idle");
}
