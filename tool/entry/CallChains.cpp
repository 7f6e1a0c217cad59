//===- CallChains.cpp -----------------------------------------------------===//
#include "noinstr/entry/CallChains.h"

#include <algorithm>
#include <deque>

namespace noinstr {

SymbolId CallChains::nodeOf(CodeAddress Site) const {
  SymbolId Owner = Flow.ownerOf(Site);
  if (Owner != NoSymbol && P.symbol(Owner).isFunction())
    return Flow.parentOf(Owner);
  return Owner;
}

CallChains::CallChains(Program &P, FlowResolver &Flow,
                       const std::vector<WalkedCall> &Calls,
                       const std::vector<EntryPoint> &Entries)
    : P(P), Flow(Flow) {
  std::map<SymbolId, std::vector<std::pair<SymbolId, CodeAddress>>> Callees;
  for (const WalkedCall &C : Calls) {
    if (C.Callee == NoSymbol || P.symbol(C.Callee).Undefined)
      continue;
    SymbolId From = nodeOf(C.Site);
    SymbolId To = Flow.functionOf(P.symbol(C.Callee).address());
    if (To == NoSymbol)
      To = C.Callee;
    if (From == NoSymbol || From == To)
      continue;
    Callees[From].push_back({To, C.Site});
    Callers[To].push_back({From, C.Site});
  }
  auto ByName = [&](SymbolId A, SymbolId B) {
    return std::make_pair(P.symbol(A).Name, A) <
           std::make_pair(P.symbol(B).Name, B);
  };
  std::vector<SymbolId> Roots, Inner;
  for (const EntryPoint &E : Entries) {
    EntrySet.insert(E.Symbol);
    (Callers.count(E.Symbol) ? Inner : Roots).push_back(E.Symbol);
  }
  std::sort(Roots.begin(), Roots.end(), ByName);
  std::sort(Inner.begin(), Inner.end(), ByName);
  // Outermost entry points first; the others only reach what those miss.
  for (const std::vector<SymbolId> *Sources : {&Roots, &Inner}) {
    std::deque<SymbolId> Queue;
    for (SymbolId S : *Sources)
      if (Distance.try_emplace(S, 0).second)
        Queue.push_back(S);
    while (!Queue.empty()) {
      SymbolId N = Queue.front();
      Queue.pop_front();
      auto It = Callees.find(N);
      if (It == Callees.end())
        continue;
      for (const auto &[To, Site] : It->second)
        if (Distance.try_emplace(To, Distance[N] + 1).second) {
          Parent[To] = {N, Site};
          Queue.push_back(To);
        }
    }
  }
}

std::vector<std::pair<SymbolId, CodeAddress>>
CallChains::pathTo(SymbolId Func) const {
  std::vector<std::pair<SymbolId, CodeAddress>> Path;
  for (auto It = Parent.find(Func); It != Parent.end();
       It = Parent.find(It->second.first)) {
    Path.push_back(It->second);
    if (Path.size() > Parent.size())
      break; // cannot happen with a BFS tree; guards against a cycle
  }
  std::reverse(Path.begin(), Path.end());
  return Path;
}

std::vector<SymbolId> CallChains::entriesReaching(SymbolId Func) const {
  std::set<SymbolId> Seen{Func};
  std::deque<SymbolId> Queue{Func};
  std::vector<SymbolId> Result;
  while (!Queue.empty()) {
    SymbolId N = Queue.front();
    Queue.pop_front();
    if (EntrySet.count(N))
      Result.push_back(N);
    auto It = Callers.find(N);
    if (It == Callers.end())
      continue;
    for (const auto &[From, Site] : It->second)
      if (Seen.insert(From).second)
        Queue.push_back(From);
  }
  std::sort(Result.begin(), Result.end(), [&](SymbolId A, SymbolId B) {
    return std::make_pair(P.symbol(A).Name, A) <
           std::make_pair(P.symbol(B).Name, B);
  });
  return Result;
}

} // namespace noinstr
