//===- PathWalker.h - every path through one function's machine code -*- C++ -*-===//
//
// The one walk of machine code, shared by the noinstr check (exact and
// objtool modes) and the entry-path analysis: they differ in the state they
// carry along a path and in what an instruction means to them, which a
// visitor says; where control goes is the walker's. The walk is objtool's
// order (the ways out before an instruction runs, then the instruction's
// own effects, then its successors, branch target before fall-through),
// with an explicit stack (objtool's recursive walk has overflowed the
// stack on real code).
//
// A visitor has a State (at least CodeAddress Addr and SymbolId Func, the
// function the path stays in, NoSymbol for asm without a symbol) and:
//   Expected<bool> enter(State &S)  an instruction is reached: false prunes
//                                   the path (visited); may update S
//                                   (region depth, inlined transitions)
//   Expected<bool> process(State &S, const FlowStep &Step,
//                          std::vector<CodeAddress> &After)
//                                   the instruction runs: its call or
//                                   return; false ends the path, else
//                                   After (which it may extend) follows
//   Expected<bool> follow(State &S, const FlowStep &Step, CodeAddress To,
//                         bool Ran)
//                                   the path goes on at To, a way out of
//                                   Step's instruction (after it ran when
//                                   Ran, else before; To is the
//                                   instruction itself when it runs
//                                   although ways out before it exist);
//                                   false: not this way (a branch the path
//                                   already decided)
//   bool stopped() const            the whole walk ends
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/flow/FlowResolver.h"
#include "noinstr/flow/NoreturnOracle.h"
#include "noinstr/object/Program.h"

#include "llvm/Support/Error.h"

#include <unordered_map>
#include <vector>

namespace noinstr {

template <typename Visitor> class PathWalker {
public:
  using State = typename Visitor::State;

  PathWalker(Program &P, FlowResolver &Flow, NoreturnOracle &Noreturn,
             Visitor &V)
      : P(P), Flow(Flow), Noreturn(Noreturn), V(V) {}

  /// Walks every path from \p Start. A function with a relocation that
  /// cannot be applied is not walked at all: its paths are unknown, and
  /// the driver warns about it (Program::relocationDefects).
  llvm::Error walk(const State &Start) {
    if (Start.Func != NoSymbol) {
      auto SpoiledOrErr = P.hasRelocationDefect(Start.Func);
      if (!SpoiledOrErr)
        return SpoiledOrErr.takeError();
      if (*SpoiledOrErr)
        return llvm::Error::success();
    }
    Stack.push_back({false, Start});
    while (!Stack.empty() && !V.stopped()) {
      Item I = std::move(Stack.back());
      Stack.pop_back();
      if (llvm::Error E = I.Continue ? process(I.S) : visit(I.S))
        return E;
    }
    Stack.clear();
    return llvm::Error::success();
  }

private:
  struct Item {
    bool Continue; ///< run the instruction (after its ways out)
    State S;
  };

  llvm::Expected<const FlowStep *> step(CodeAddress Addr) {
    auto It = Steps.find(Addr);
    if (It != Steps.end())
      return &It->second;
    auto StepOrErr = Flow.step(Addr, Noreturn);
    if (!StepOrErr)
      return StepOrErr.takeError();
    return &Steps.emplace(Addr, std::move(*StepOrErr)).first->second;
  }

  llvm::Error push(const State &S, const FlowStep &Step, CodeAddress To,
                   bool Ran) {
    Item I{false, S};
    auto FollowOrErr = V.follow(I.S, Step, To, Ran);
    if (!FollowOrErr)
      return FollowOrErr.takeError();
    if (!*FollowOrErr)
      return llvm::Error::success();
    I.S.Addr = To;
    Stack.push_back(std::move(I));
    return llvm::Error::success();
  }

  llvm::Error visit(State &S) {
    if (S.Addr.Offset >= P.section(S.Addr.Section).Size)
      return llvm::Error::success(); // fell off the end of the section
    // A walk stays in its function: falling or jumping into the middle of
    // another one ends the path (objtool warns "falls through").
    SymbolId Owner = Flow.functionOf(S.Addr);
    if (S.Func != NoSymbol && Owner != NoSymbol && Owner != S.Func)
      return llvm::Error::success();
    auto EnterOrErr = V.enter(S);
    if (!EnterOrErr)
      return EnterOrErr.takeError();
    if (!*EnterOrErr)
      return llvm::Error::success();
    auto StepOrErr = step(S.Addr);
    if (!StepOrErr)
      return StepOrErr.takeError();
    // The instruction's own effects come after the ways out taken before
    // it runs, which are walked first (last pushed, first popped). Where
    // there are such ways, running the instruction itself is a choice too
    // (an alternative's original stays unpatched).
    const FlowStep &Step = **StepOrErr;
    Item Run{true, S};
    if (!Step.Before.empty()) {
      auto RunsOrErr = V.follow(Run.S, Step, S.Addr, /*Ran=*/false);
      if (!RunsOrErr)
        return RunsOrErr.takeError();
      if (*RunsOrErr)
        Stack.push_back(std::move(Run));
    } else {
      Stack.push_back(std::move(Run));
    }
    for (auto It = Step.Before.rbegin(); It != Step.Before.rend(); ++It)
      if (llvm::Error E = push(S, Step, *It, /*Ran=*/false))
        return E;
    return llvm::Error::success();
  }

  llvm::Error process(State &S) {
    auto StepOrErr = step(S.Addr);
    if (!StepOrErr)
      return StepOrErr.takeError();
    const FlowStep &Step = **StepOrErr;
    if (Step.OnlyBefore)
      return llvm::Error::success();
    std::vector<CodeAddress> After = Step.After;
    auto GoOnOrErr = V.process(S, Step, After);
    if (!GoOnOrErr)
      return GoOnOrErr.takeError();
    if (*GoOnOrErr)
      for (auto It = After.rbegin(); It != After.rend(); ++It)
        if (llvm::Error E = push(S, Step, *It, /*Ran=*/true))
          return E;
    return llvm::Error::success();
  }

  Program &P;
  FlowResolver &Flow;
  NoreturnOracle &Noreturn;
  Visitor &V;
  std::vector<Item> Stack;
  std::unordered_map<CodeAddress, FlowStep> Steps;
};

} // namespace noinstr
