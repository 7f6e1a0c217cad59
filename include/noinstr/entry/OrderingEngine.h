//===- OrderingEngine.h - the ordering rule, for every front end -*- C++ -*-===//
//
// Nothing instrumentable, and no configured hook, may run on an entry path
// before the facts it needs are made so (lockdep told that IRQs are off, RCU
// made to watch: rules entry.requirements say which kind of callee needs
// which), nor after a teardown undid them on the way out. The binary walk (entry/EntryPathAnalysis) and the
// source link step (source/SourceLinker) walk their own kind of code and
// feed this engine the same events: region begin/end, a call (hook,
// establisher, teardown, a noinstr function with a summary, an
// instrumentable callee that is a region of its own), a transition made by
// an inlined helper, a return. The engine owns everything else: the path
// state, per-function summaries, which events become violations on which
// entry paths, their merging, the chains and the findings' text.
//
// Each noinstr function is summarised once, walked with the caller's state
// unknown ("inherited"); summaries are applied at call sites, so a helper
// two calls deep that opens an instrumentation region is charged to the
// entry path that calls it too early. Entry points (from the rules) start
// in their rule's state: none of the facts (RAW) or all (ESTABLISHED).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/entry/ChainIndex.h"
#include "noinstr/entry/FunctionSummary.h"
#include "noinstr/model/Finding.h"
#include "noinstr/rules/EntryRules.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace noinstr {

/// The entry-state part of one path's walk state. The facts decide: an
/// event whose callee needs a fact the path has not made so is charged
/// (here if a step of this path undid it, else to the callers, whose
/// facts resolve it). The phase is the label the entry map shows and what
/// transitions are checked against (an establisher called twice, a
/// teardown of a state never established).
struct PathState {
  EntryPhase Phase = EntryPhase::Inherited;
  bool PendingUsed = false; ///< instrumentable code ran in that region
  uint8_t Nested = 0; ///< NMI-like establishers entered while established
  /// A region opened while some fact was not made so that is still open,
  /// and the depth outside it.
  int PendingDepth = 0;
  PlaceId Pending = NoPlace;
  /// That region opened inside an inlined establisher before it took
  /// effect: charged only if the helper then takes effect at a primitive
  /// (one that compiled to nothing leaves its place unknown).
  bool PendingInHelper = false;
  int Cause = -1; ///< the last transition's name (engine-wide index)
  PlaceId CauseAt = NoPlace; ///< and its call
  /// The first call in the pending region that needed a fact not made so
  /// (name index), and where.
  int Culprit = -1;
  PlaceId CulpritAt = NoPlace;
  CalleeKind CulpritDispatch = CalleeKind::Direct;
  /// Facts made so on this path, by steps of the walked function (or, at
  /// a call, of the callees that return with them): EntryFact bits.
  uint8_t Facts = 0;
  /// Facts steps of its own undid (a teardown, lockdep told IRQs are on):
  /// whatever the caller had made so no longer holds.
  uint8_t Undone = 0;
  /// The facts the calls in the pending region needed and missed.
  uint8_t PendingMissing = 0;
  /// The context-tracking states the path may be in (CtState bits;
  /// CtInherited: the caller's), and the ones the last irq/NMI-like enter
  /// found, which its exit returns to (0: none on this path).
  uint8_t Ct = CtInherited;
  uint8_t CtSaved = 0;

  /// A step of the walked function makes \p Bits so, or undoes them.
  void make(uint8_t Bits) {
    Facts |= Bits;
    Undone &= ~Bits;
  }
  void undo(uint8_t Bits) {
    Facts &= ~Bits;
    Undone |= Bits;
  }

  /// Every fact made so by this path's steps: nothing run here can miss
  /// one, whatever the caller's state.
  bool established() const { return (Facts & FactsAll) == FactsAll; }
  friend bool operator==(const PathState &, const PathState &) = default;
  size_t hash() const;
};

/// An ordering violation before it is located and chained.
struct OrderingViolation {
  /// Always set by whoever makes the violation (RuleId has no empty value).
  RuleId Rule = RuleId::EntryRegionBeforeEstablish;
  EntryEvent Event;         ///< Path starts at Function
  NodeId Function = NoNode; ///< the function whose state applies
  EntryState State = EntryState::Raw; ///< the state the event happened in
  std::vector<NodeId> Entries; ///< entry points it is reached from (RAW)
  /// The innermost entry point of each path it is on (the C handler, not
  /// the asm stub calling it): how many entry paths it spoils.
  std::set<NodeId> Paths;
  /// The call (or the event itself) that is charged.
  PlaceId Site = NoPlace;
  /// Where Function establishes the state later (RAW violations): the
  /// calls to move the offending call behind.
  std::vector<TransitionCall> LaterEstablishers;
  /// Those are the calls telling lockdep (the event missed only lockdep).
  bool LaterTellLockdep = false;
};

/// What the engine asks the front end about the places it interned.
class OrderingProgram {
public:
  virtual ~OrderingProgram() = default;
  /// The function a place belongs to (a .cold part: its function).
  virtual NodeId nodeOf(PlaceId Place) const = 0;
  virtual std::string nodeName(NodeId Node) const = 0;
  virtual CodeLocation locate(PlaceId Place) const = 0;
  /// A place for a note: "sym+0xoff (file:line)", "function (file:line)".
  virtual std::string describe(PlaceId Place) const = 0;
  /// The source line of a place, "file:line" ("" if unknown).
  virtual std::string sourceLine(PlaceId Place) const = 0;
  /// Program order of two places in one function, for notes.
  virtual bool before(PlaceId A, PlaceId B) const = 0;
};

class OrderingEngine {
public:
  explicit OrderingEngine(const EntryRules &Rules) : Rules(Rules) {}

  /// An inlined establisher or teardown a walk is inside of.
  struct InlinedHelper {
    EntryState After;
    std::string Function;
    bool TookEffect = false; ///< already, on this path
    /// Where the walked function calls the helper, "file:line" ("" if
    /// unknown): what a finding names it by.
    std::string CallLine;
  };
  struct CallOutcome {
    bool Handled = false; ///< a hook or a transition: no summary to apply
    std::optional<EntryState> Deferred;
    bool Consumed = false; ///< made the enclosing instance's transition
    /// Tracing the noinstr-call rule accepts: outside a region it is
    /// instrumentation of its own (impliedRegion).
    bool Tracing = false;
  };

  /// One function's walk: the front end reports the events of every path.
  class Walk {
  public:
    Walk(OrderingEngine &E, NodeId Func, FunctionSummary &Out)
        : E(E), Func(Func), Out(Out) {}

    /// instrumentation_begin() at \p At, \p DepthBefore regions deep.
    /// \p Exempt: the region may open whatever the state (die and WARN
    /// paths, functions the rules allow, a teardown's mechanism);
    /// \p Used: code is known to run in it; \p InHelper: inside an inlined
    /// establisher that has not taken effect (PathState::PendingInHelper).
    void regionBegin(PathState &S, PlaceId At, int DepthBefore, bool Exempt,
                     bool Used, bool InHelper = false);
    /// Instrumentable code runs in the open region: a call to \p Callee
    /// at \p At, reaching it as \p Dispatch says (the first one is the
    /// region's culprit).
    void regionUsed(PathState &S, PlaceId At, const std::string &Callee,
                    CalleeKind Dispatch) const;
    /// instrumentation_end() leaving \p DepthAfter regions open.
    void regionEnd(PathState &S, int DepthAfter);
    /// A call to instrumentable code that is a region of its own (the code
    /// marks none), \p Callee naming it ("{dynamic}" for an indirect one).
    /// The front end has ruled out exemptions it alone can see.
    void impliedRegion(PathState &S, PlaceId At, const std::string &Callee,
                       CalleeKind Dispatch);
    /// A direct call by name. Hooks are checked everywhere. Inside an
    /// inlined establisher or teardown \p Instance, only a primitive of
    /// its direction counts: the instance takes effect at it (Consumed),
    /// not where the walk leaves the inlined code, and is named for what
    /// the code calls (the helper); other transitions there are the
    /// helper's mechanism. A callee
    /// \p WalkedInPlace (an inline body the front end walks) makes its
    /// transition when it returns: the front end applies Deferred then.
    /// \p Body: the summary of an out-of-line callee (see makesTransition):
    /// what an establisher or teardown does before its own primitives is
    /// charged in this path's state (an establisher's inside it, once for
    /// every caller: EntryEvent::Within), then the call makes its
    /// transition.
    CallOutcome call(PathState &S, PlaceId At, const std::string &Callee,
                     const InlinedHelper *Instance, bool WalkedInPlace,
                     const FunctionSummary *Body = nullptr);
    /// An inlined establisher or teardown \p Name takes effect at \p At
    /// (at its call of \p Primitive, when there is one); \p CallLine:
    /// where the walked function calls it, when that is not \p At's line.
    void transition(PathState &S, EntryState After, PlaceId At,
                    const std::string &Name, bool Inlined,
                    const std::string &Primitive = {},
                    const std::string &CallLine = {});
    /// A call to a summarised noinstr function.
    void callSummary(PathState &S, PlaceId At, const std::string &Callee,
                     const FunctionSummary &Sum);
    /// A call out of noinstr code (in a region or not): the entry map
    /// lists it where the state is not established.
    void outCall(const PathState &S, PlaceId At, const std::string &Callee);
    /// A call that never returns and has no summary (panic() out of
    /// noinstr code): the entry map says so.
    void noreturnCall(const PathState &S, PlaceId At,
                      const std::string &Callee);
    /// A return, or a tail call: the region still open is charged, and the
    /// phase the caller continues in is recorded.
    void finish(PathState S);
    /// Every path walked: the exit state.
    void done();

  private:
    /// What a summarised callee is to the path that calls it.
    enum class BodyRole {
      Helper,      ///< its establishing and tearing down are charged too
      Establisher, ///< a composite: makes its own transition at the call,
                   ///< and what it inherits is wrong whoever calls it
                   ///< (EntryEvent::Within)
      Teardown,    ///< a composite: makes its own transition at the call
    };
    /// The events \p Sum inherited from its caller, charged in \p S for
    /// the call at \p At of a callee that is \p Kind.
    void charge(PathState &S, PlaceId At, const FunctionSummary &Sum,
                BodyRole Kind);
    void inherit(EntryEvent Event);
    /// \p Event needed the facts in its Missing that \p S had not made
    /// so: nothing if none; wrong whatever the caller's state (\p
    /// AfterTeardown) if a step of this path undid one; else the
    /// callers' facts decide.
    void decide(const PathState &S, EntryEvent Event, RuleId AfterTeardown);
    void local(RuleId Rule, EntryEvent Event, EntryState State);
    void confirmPending(PathState &S);
    static void clearPending(PathState &S);
    /// \p Event with the teardown \p S is in and where it was called.
    EntryEvent afterTeardown(const PathState &S, EntryEvent Event) const;
    /// Whether the entry map lists a hook, region or out-call needing \p
    /// Needs: wherever a fact it needs may be missing (the map is where a
    /// finding's placement shows), not only outside ESTABLISHED.
    bool mapped(const PathState &S, uint8_t Needs) const;
    void note(MappedCall::Kind What, const PathState &Before, const PathState &S,
              PlaceId At, const std::string &Callee, bool Inlined,
              const std::string &Completes = {}, bool Returns = true);

    OrderingEngine &E;
    NodeId Func;
    FunctionSummary &Out;
    std::set<EntryPhase> ExitPhases;
    /// The facts made so and undone on each kind of return path.
    std::set<std::pair<uint8_t, uint8_t>> ExitFacts;
    std::set<std::pair<uint8_t, uint8_t>> ExitCt;
    /// Out.Inherited's index of each recorded event, by what, where, the
    /// establisher holding it (EntryEvent::Within) and name: a helper
    /// called too early directly and inside an establisher is two events.
    std::map<std::tuple<int, PlaceId, PlaceId, std::string>, size_t> Recorded;
  };

  /// The summary of \p Func, computed by \p Compute on first use. A
  /// recursive call, or a \p Trusted body (one that implements the
  /// transitions), neither changes the state nor does anything on entry
  /// paths; calls to the transitions themselves are named in the rules.
  llvm::Expected<const FunctionSummary *>
  summary(NodeId Func, bool Trusted,
          llvm::function_ref<llvm::Error(FunctionSummary &)> Compute);
  /// Whether a call to \p Callee by name establishes or tears down (an
  /// out-of-line composite whose body the front end summarises for call).
  bool makesTransition(const std::string &Callee) const;
  /// The facts that exist in the program (EntryFact bits): the only ones
  /// that can be missing.
  uint8_t factsSeen() const { return FactsSeen; }
  /// A summary computed earlier (nullptr if none).
  const FunctionSummary *summaryOf(NodeId Func) const;

  void addEntry(NodeId Func, const EntryPointRule &Rule);
  const std::vector<std::pair<NodeId, const EntryPointRule *>> &
  entries() const {
    return Entries;
  }
  bool isEntry(NodeId Func) const { return EntrySet.count(Func) != 0; }

  /// Every violation: what entry points starting RAW inherit, and what is
  /// wrong whatever the caller's state. Call after the entries' summaries.
  std::vector<OrderingViolation> violations(const OrderingProgram &Program);
  /// The findings for \p Violations, chained through \p Chains.
  std::vector<Finding> findings(const std::vector<OrderingViolation> &Violations,
                                const OrderingProgram &Program,
                                const ChainIndex &Chains) const;
  /// The hops from the best entry point to the function holding \p Site,
  /// ending at \p Site, each with \p State.
  std::vector<ChainHop> chainTo(const OrderingProgram &Program,
                                const ChainIndex &Chains, PlaceId Site,
                                EntryStates State) const;

private:
  int nameIndex(const std::string &Name);
  /// " (nmi.c:584)": where the transition \p Name made at \p At is
  /// called, file name without directories; "" where unknown.
  std::string callLine(const OrderingProgram &Program, PlaceId At,
                       const std::string &Name) const;

  const EntryRules &Rules;
  std::map<NodeId, FunctionSummary> Summaries;
  std::set<NodeId> InProgress;
  std::vector<std::pair<NodeId, const EntryPointRule *>> Entries;
  std::set<NodeId> EntrySet;
  /// Violations whatever the caller's state: after a teardown inside the
  /// function, or an establisher called when already established.
  std::vector<OrderingViolation> Local;
  std::vector<std::string> Names;
  /// Inlined transitions' call lines, by (place, name): they take effect
  /// at a place of the helper's code, not at their call.
  std::map<std::pair<PlaceId, std::string>, std::string> CallLines;
  std::map<std::string, int> NameIds;
  /// The facts that exist in the program: RCU always; lockdep once some
  /// walked path tells it something. A config without it, where
  /// lockdep_hardirqs_off() is an empty inline, never misses it.
  uint8_t FactsSeen = FactRcu;
};

} // namespace noinstr
