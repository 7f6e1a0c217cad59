//===- NoinstrChecker.cpp - the region-aware walk -------------------------===//
//
// One visitor of the path walker (check/PathWalker.h) serves two modes:
//  - Exact: the state is (instruction, region depth, function being walked);
//    every distinct state is explored, so a call is checked at every depth
//    that reaches it, whatever the order of the walk.
//  - Objtool: the state is the instruction alone and the walk of a function
//    stops at its first finding: objtool 6.12's validate_branch(). The walk
//    order is objtool's (alternatives, then the branch target, then the
//    fall-through) because with first-visit pruning the order decides what
//    is found.
//===----------------------------------------------------------------------===//
#include "noinstr/check/NoinstrChecker.h"
#include "noinstr/check/PathWalker.h"

#include "noinstr/model/RuleCatalog.h"
#include "noinstr/object/Locate.h"

#include "llvm/ADT/Twine.h"
#include "llvm/BinaryFormat/ELF.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

using namespace llvm;

namespace noinstr {
namespace {

/// Depth saturates here: a loop that opens regions without closing them
/// must not make the state space infinite.
constexpr int MaxDepth = 16;
constexpr int MinDepth = -16;

enum class Mode { Exact, Objtool };

struct StateKey {
  CodeAddress Addr;
  int Depth;
  SymbolId Func;
  friend bool operator==(const StateKey &, const StateKey &) = default;
};

struct StateKeyHash {
  size_t operator()(const StateKey &K) const noexcept {
    return std::hash<CodeAddress>()(K.Addr) ^ (size_t(K.Depth + 64) << 48) ^
           (size_t(K.Func) * 0x9E3779B1u);
  }
};

} // namespace

/// What a walk found, before it becomes a Finding.
struct NoinstrChecker::Hit {
  RuleId Rule = RuleId::NoinstrCall;
  CodeAddress Site;   ///< where it is reported (the original for replacements)
  CodeAddress Actual; ///< the instruction itself
  std::string Callee;
  CalleeKind Dispatch = CalleeKind::Direct;
  std::string Message;
  std::string ObjtoolMessage;
  std::vector<std::string> Notes;
  bool InAlternative = false; ///< found in alternative replacement code
  CodeAddress CalleeAddress;  ///< where a direct callee is defined
  SymbolId Root = NoSymbol;   ///< function whose walk found it

  auto key() const { return std::tie(Rule, Site, Callee); }
};

class NoinstrChecker::Walk {
public:
  Walk(NoinstrChecker &C, Mode M)
      : C(C), M(M), Walker(C.P, C.Flow, C.Noreturn, *this) {}

  /// Walks from \p Root as part of function \p Func (NoSymbol for asm).
  Error from(CodeAddress Root, SymbolId Func);
  bool visitedAny(CodeAddress Addr) const {
    return M == Mode::Exact ? VisitedAny.count(Addr)
                            : VisitedObjtool.count(Addr);
  }
  std::vector<NoinstrChecker::Hit> Hits;
  /// Incoming depths per instruction (exact mode): a join where they differ.
  std::map<CodeAddress, std::set<int>> DepthsAt;
  size_t States = 0;
  std::map<std::string, size_t> AllowedCalls;
  /// Call sites reached (exact mode), by site.
  std::map<CodeAddress, WalkedCall> Calls;

  // The path walker's visitor.
  struct State {
    CodeAddress Addr;
    SymbolId Func;
    int Depth;
  };
  Expected<bool> enter(State &S);
  Expected<bool> process(State &S, const FlowStep &Step,
                         std::vector<CodeAddress> &After);
  /// Every way is taken: a call in noinstr code is reported on every path
  /// the code has, possible or not, as objtool reports it.
  Expected<bool> follow(State &, const FlowStep &, CodeAddress, bool) {
    return true;
  }
  bool stopped() const { return Stopped; }

private:
  /// Reports the call if it leaves the section; its verdict names the
  /// callee for the other findings about the call.
  Expected<CalleeVerdict> checkCall(const State &S, const Instruction &Insn,
                                    bool Dynamic, const BranchTarget &Target,
                                    bool Sibling);
  /// A finding about a call of \p Callee.
  void hit(const State &S, RuleId Rule, std::string Callee, CalleeKind Dispatch,
           std::string Message, std::string ObjtoolMessage = {},
           std::vector<std::string> Notes = {}, CodeAddress CalleeAddress = {});
  /// A finding about the code itself, no call.
  void hit(const State &S, RuleId Rule, std::string Message,
           std::string ObjtoolMessage = {}) {
    hit(S, Rule, "", CalleeKind::Direct, std::move(Message),
        std::move(ObjtoolMessage));
  }
  CodeAddress reportSite(CodeAddress Addr) const {
    if (const Alternative *Alt = C.Special.replacementHolding(Addr))
      return Alt->Orig;
    return Addr;
  }

  NoinstrChecker &C;
  Mode M;
  PathWalker<Walk> Walker;
  SymbolId Root = NoSymbol;
  bool Stopped = false; ///< objtool mode: the function's first finding
  std::unordered_set<StateKey, StateKeyHash> Visited;
  std::unordered_set<CodeAddress> VisitedAny;
  std::unordered_set<CodeAddress> VisitedObjtool;
};

void NoinstrChecker::Walk::hit(const State &I, RuleId Rule, std::string Callee,
                               CalleeKind Dispatch, std::string Message,
                               std::string ObjtoolMessage,
                               std::vector<std::string> Notes,
                               CodeAddress CalleeAddress) {
  // objtool has no counterpart for the rules without an objtool message.
  if (M == Mode::Objtool && ObjtoolMessage.empty())
    return;
  Hit H;
  H.Rule = Rule;
  H.Actual = I.Addr;
  H.Site = reportSite(I.Addr);
  H.Callee = std::move(Callee);
  H.Dispatch = Dispatch;
  H.Message = std::move(Message);
  H.ObjtoolMessage = std::move(ObjtoolMessage);
  H.Notes = std::move(Notes);
  H.CalleeAddress = CalleeAddress;
  H.Root = Root;
  H.InAlternative = C.Special.replacementHolding(I.Addr) != nullptr;
  if (const Alternative *Alt = C.Special.replacementHolding(I.Addr))
    H.Notes.push_back("the call is in alternative replacement code (" +
                      C.Rules.cpuFeatureName(Alt->Feature) +
                      ") patched over this instruction at boot");
  Hits.push_back(std::move(H));
  if (M == Mode::Objtool)
    Stopped = true;
}

Error NoinstrChecker::Walk::from(CodeAddress RootAddr, SymbolId Func) {
  Root = Func;
  Stopped = false;
  return Walker.walk({RootAddr, Func, 0});
}

Expected<bool> NoinstrChecker::Walk::enter(State &I) {
  if (M == Mode::Exact) {
    if (!Visited.insert({I.Addr, I.Depth, I.Func}).second)
      return false;
    VisitedAny.insert(I.Addr);
    DepthsAt[I.Addr].insert(I.Depth);
  } else if (!VisitedObjtool.insert(I.Addr).second) {
    return false;
  }
  ++States;

  int Delta = 0;
  if (auto D = C.Special.RegionDelta.find(I.Addr);
      D != C.Special.RegionDelta.end())
    Delta = D->second;
  if (M == Mode::Objtool)
    if (auto D = C.Special.BeginsObjtoolIgnores.find(I.Addr);
        D != C.Special.BeginsObjtoolIgnores.end())
      Delta -= D->second;
  int Depth = std::clamp(I.Depth + Delta, MinDepth, MaxDepth);
  if (Delta < 0 && Depth < 0 && I.Depth >= 0)
    hit(I, RuleId::RegionUnmatchedEnd,
        "instrumentation_end() without a matching instrumentation_begin() "
        "on this path");
  I.Depth = Depth;
  return true;
}

Expected<CalleeVerdict>
NoinstrChecker::Walk::checkCall(const State &I, const Instruction &Insn,
                                bool Dynamic, const BranchTarget &Target,
                                bool Sibling) {
  CalleeVerdict V;
  if (Dynamic) {
    auto VOrErr = C.Callees.indirect(Insn, Target);
    if (!VOrErr)
      return VOrErr.takeError();
    V = std::move(*VOrErr);
  } else {
    V = C.Callees.direct(Target);
  }
  if (M == Mode::Exact) {
    CodeAddress Site = reportSite(I.Addr);
    auto [It, Inserted] = Calls.try_emplace(Site);
    WalkedCall &Call = It->second;
    if (Inserted) {
      Call.Caller = C.Flow.ownerOf(Site);
      Call.Callee = Dynamic ? NoSymbol : Target.Callee;
      Call.CalleeName = V.Name;
      Call.Dispatch = V.Dispatch;
      Call.Site = Site;
      Call.MinDepth = I.Depth;
      Call.Tail = Sibling;
      Call.Allowed = V.Verdict == CalleeVerdict::Allowed;
    }
    Call.MinDepth = std::min(Call.MinDepth, I.Depth);
  }
  switch (C.Regions.at({reportSite(I.Addr), I.Func,
                        Dynamic ? NoSymbol : Target.Callee, I.Depth})) {
  case RegionAnswer::Inside:
    return V;
  case RegionAnswer::Implied:
    // The call stands for a region of its own; the entry-path analysis
    // checks when it runs. Compiler-inserted hooks never sit in a region.
    // A callee no input defines may be noinstr or not, so the ordering
    // rule cannot check it: it stays an unresolved-callee note.
    if (V.Verdict == CalleeVerdict::Instrumentable ||
        V.Verdict == CalleeVerdict::Dynamic) {
      if (M == Mode::Exact)
        ++AllowedCalls["implied instrumentation region"];
      return V;
    }
    break;
  case RegionAnswer::Outside:
    break;
  }
  if (V.Verdict == CalleeVerdict::Allowed) {
    if (M == Mode::Exact)
      ++AllowedCalls[V.Reason];
    return V;
  }
  StringRef SectionName = C.P.section(reportSite(I.Addr).Section).Name;
  std::string What = Sibling ? "tail call" : "call";
  // objtool 6.12 names pv_ops slots "{dynamic}" (call_dest_name() reads
  // the relocation of a NULL file); its line must stay byte-identical.
  std::string ObjtoolName =
      V.Verdict == CalleeVerdict::Dynamic ? IndirectCalleeName.str() : V.Name;
  std::string ObjtoolMessage =
      "call to " + ObjtoolName + "() leaves .noinstr.text section";
  switch (V.Verdict) {
  case CalleeVerdict::Allowed:
    break;
  case CalleeVerdict::Instrumentable: {
    CodeAddress Defined;
    if (Target.Callee != NoSymbol && !C.P.symbol(Target.Callee).Undefined)
      Defined = C.P.symbol(Target.Callee).address();
    hit(I, RuleId::NoinstrCall, V.Name, V.Dispatch,
        What + " to '" + V.Name + "' leaves " + SectionName.str(),
        ObjtoolMessage, V.Notes, Defined);
    break;
  }
  case CalleeVerdict::Dynamic:
    hit(I, RuleId::NoinstrIndirectCall, V.Name, V.Dispatch,
        "indirect " + What + " (" + V.Name + ") leaves " + SectionName.str() +
            " outside an instrumentation region",
        ObjtoolMessage, V.Notes);
    break;
  case CalleeVerdict::Unresolved:
    // objtool run on a module alone reports these like any call out of
    // .noinstr.text; keep its line for --format=objtool.
    hit(I, RuleId::UnresolvedCallee, V.Name, V.Dispatch,
        What + " to '" + V.Name + "', which no input object defines: " +
            "whether it may be called from " + SectionName.str() +
            " is unknown",
        ObjtoolMessage, V.Notes);
    break;
  case CalleeVerdict::ProfilingHook:
    // objtool rewrites these calls into NOPs (a tail call into RET).
    hit(I, RuleId::NoinstrProfilingCall, V.Name, V.Dispatch,
        What + " to sanitizer/coverage hook '" + V.Name + "' in " +
            SectionName.str(),
        /*ObjtoolMessage=*/{}, V.Notes);
    break;
  }
  return V;
}

Expected<bool> NoinstrChecker::Walk::process(State &I, const FlowStep &S,
                                             std::vector<CodeAddress> &After) {
  auto Return = [&]() {
    if (I.Depth > 0)
      hit(I, RuleId::RegionReturnOpen,
          "return with an instrumentation region open",
          "return with instrumentation enabled");
  };
  if (S.Invalid)
    hit(I, RuleId::DecodeError,
        "cannot decode the instruction here; paths through it are not "
        "checked");
  if (S.Returns)
    Return();
  if (S.Call) {
    const CallSite &Call = *S.Call;
    bool Profiling =
        !Call.Dynamic && Call.Target.Callee != NoSymbol &&
        C.Rules.ProfilingHooks.matches(C.P.symbol(Call.Target.Callee).Name);
    if (Call.Sibling && Profiling && M == Mode::Objtool) {
      Return(); // objtool turned this tail call into a RET
    } else {
      Expected<CalleeVerdict> V =
          checkCall(I, *S.Insn, Call.Dynamic, Call.Target, Call.Sibling);
      if (!V)
        return V.takeError();
      if (I.Depth > 0 && Call.Sibling)
        hit(I, RuleId::RegionOpenTailCall, V->Name, V->Dispatch,
            "tail call to '" + V->Name +
                "' with an instrumentation region open: the region never "
                "ends in this function");
      else if (I.Depth > 0 && Call.Noreturn)
        hit(I, RuleId::RegionOpenNoreturn, V->Name, V->Dispatch,
            "call to noreturn '" + V->Name +
                "' with an instrumentation region open");
    }
    // objtool up to 6.14 does not annotate calls in replacement code
    // (annotate_call_site()), so for it they are never dead ends.
    if (Call.Noreturn && M == Mode::Objtool &&
        !C.Rules.ObjtoolReplacementNoreturnEndsPath &&
        C.Special.replacementHolding(I.Addr))
      After.push_back(S.FallThrough);
  }
  return true;
}

/// The finding for a walk hit, located at the symbol holding its site.
Finding NoinstrChecker::makeFinding(const Hit &H) {
  Finding F;
  F.Rule = H.Rule;
  F.Level = ruleInfo(H.Rule).Level;
  F.Callee = H.Callee;
  F.Dispatch = H.Dispatch;
  F.Message = H.Message;
  F.Notes = H.Notes;
  F.ObjtoolMessage = H.ObjtoolMessage;
  if (H.InAlternative)
    F.Classification = "alternative";
  F.CalleeAddress = H.CalleeAddress;
  F.Site = locate(P, H.Site);
  SymbolId Func = Flow.functionOf(H.Site);
  if (Func != NoSymbol)
    F.Function = P.symbol(Func).Name.str();
  return F;
}

Expected<std::vector<Finding>> NoinstrChecker::run() {
  // Roots: every function in a checked section, in the order objtool
  // validates them (sections as the rules list them, then by offset).
  struct RootInfo {
    CodeAddress Addr;
    SymbolId Func;
  };
  std::vector<RootInfo> Roots;
  std::vector<SectionId> Checked;
  for (const std::string &Name : Rules.CheckedSections.Names)
    for (SectionId Id : P.sectionsNamed(Name))
      if (Classes.checked(Id))
        Checked.push_back(Id);
  for (SectionId Id = 0; Id < P.sections().size(); ++Id)
    if (Classes.checked(Id) &&
        std::find(Checked.begin(), Checked.end(), Id) == Checked.end())
      Checked.push_back(Id);
  for (SectionId Id : Checked)
    for (SymbolId Func : P.functionsIn(Id)) {
      if (Flow.parentOf(Func) != Func)
        continue; // .cold parts are walked with their parent
      SymbolId Owner = Flow.functionOf(P.symbol(Func).address());
      if (Owner != Func)
        continue; // an alias
      Roots.push_back({P.symbol(Func).address(), Func});
    }
  Stats.Roots = Roots.size();

  Walk Exact(*this, Mode::Exact), Objtool(*this, Mode::Objtool);
  for (const RootInfo &R : Roots) {
    if (Error E = Exact.from(R.Addr, R.Func))
      return E;
    if (!Special.NonStandardFunctions.count(R.Func))
      if (Error E = Objtool.from(R.Addr, R.Func))
        return E;
  }
  // Asm code without a function symbol is reached through unwind hints.
  for (CodeAddress Hint : Special.UnwindHints) {
    SymbolId Func = Flow.functionOf(Hint);
    if (!Exact.visitedAny(Hint))
      if (Error E = Exact.from(Hint, Func))
        return E;
    if (!Objtool.visitedAny(Hint) && !Special.NonStandardFunctions.count(Func))
      if (Error E = Objtool.from(Hint, Func))
        return E;
  }
  Stats.States = Exact.States;
  Stats.AllowedCalls = Exact.AllowedCalls;
  for (auto &[Site, Call] : Exact.Calls)
    Calls.push_back(std::move(Call));
  Stats.Instructions = Flow.code().numDecoded();

  // Joins reached with different region depths: report the first such
  // instruction of each function (later ones inherit the mismatch).
  std::set<SymbolId> MismatchReported;
  for (const auto &[Addr, Depths] : Exact.DepthsAt) {
    if (Depths.size() < 2)
      continue;
    SymbolId Func = Flow.functionOf(Addr);
    if (!MismatchReported.insert(Func).second)
      continue;
    Hit H;
    H.Rule = RuleId::RegionDepthMismatch;
    H.Site = H.Actual = Addr;
    std::string List;
    for (int D : Depths)
      List += (List.empty() ? "" : ", ") + std::to_string(D);
    H.Message = "paths join here with different instrumentation region "
                "depths (" +
                List + ")";
    H.Root = Func;
    Exact.Hits.push_back(std::move(H));
  }

  // Which exact findings objtool reports, and why it misses the others.
  std::set<std::tuple<RuleId, CodeAddress, std::string>> ObjtoolKeys;
  std::map<SymbolId, CodeAddress> ObjtoolFirst;
  for (const Hit &H : Objtool.Hits) {
    ObjtoolKeys.insert(H.key());
    ObjtoolFirst.emplace(H.Root, H.Site);
  }

  std::vector<Finding> Findings;
  std::set<std::tuple<RuleId, CodeAddress, std::string>> Seen;
  for (Hit &H : Exact.Hits) {
    if (!Seen.insert(H.key()).second)
      continue;
    Finding F = makeFinding(H);
    F.ObjtoolReports = ObjtoolKeys.count(H.key());

    if (!F.ObjtoolReports) {
      std::string Why;
      if (Special.NonStandardFunctions.count(H.Root))
        Why = "objtool skips this function: it is marked "
              "STACK_FRAME_NON_STANDARD";
      else if (F.Rule == RuleId::NoinstrProfilingCall)
        Why = "objtool --hacks=noinstr turns such calls into NOPs instead of "
              "reporting them";
      else if (F.ObjtoolMessage.empty())
        Why = "objtool does not check instrumentation region balance";
      else if (auto First = ObjtoolFirst.find(H.Root);
               First != ObjtoolFirst.end())
        Why = "objtool reports only the first finding of a function (here "
              "at offset 0x" +
              Twine::utohexstr(First->second.Offset).str() + " of " +
              P.section(First->second.Section).Name.str() + ")";
      else
        Why = "objtool misses this path: it prunes an instruction on its "
              "first visit, whatever the region depth of later paths";
      F.Notes.push_back(Why);
    }
    Findings.push_back(std::move(F));
  }

  // What objtool reports and the exact walk does not: objtool is wrong
  // there; say so, so that --format=objtool still matches its output.
  for (const Hit &H : Objtool.Hits) {
    if (Seen.count(H.key()))
      continue;
    Finding F = makeFinding(H);
    F.Rule = RuleId::ObjtoolOnly;
    F.Level = ruleInfo(F.Rule).Level;
    F.ObjtoolReports = true;
    F.Message = "objtool reports '" + H.ObjtoolMessage +
                "' here, but it is not a violation on any path";
    F.Notes.push_back(
        Special.BeginsObjtoolIgnores.empty()
            ? "objtool's walk differs from the exact one here"
            : "objtool ignores the instrumentation_begin() markers of an "
              "object that has no instrumentation_end() markers");
    Findings.push_back(std::move(F));
  }
  return Findings;
}

} // namespace noinstr
