//===- ChainIndex.cpp -----------------------------------------------------===//
#include "noinstr/entry/ChainIndex.h"

#include <algorithm>
#include <deque>

namespace noinstr {

bool ChainIndex::byName(NodeId A, NodeId B) const {
  return std::make_pair(Name(A), A) < std::make_pair(Name(B), B);
}

void ChainIndex::addCall(NodeId From, NodeId To, PlaceId Site) {
  if (From == To || From == NoNode || To == NoNode)
    return;
  Callees[From].push_back({To, Site});
  Callers[To].push_back({From, Site});
}

void ChainIndex::build() {
  auto Less = [&](NodeId A, NodeId B) { return byName(A, B); };
  std::vector<NodeId> Roots, Inner;
  for (NodeId E : EntrySet)
    (Callers.count(E) ? Inner : Roots).push_back(E);
  std::sort(Roots.begin(), Roots.end(), Less);
  std::sort(Inner.begin(), Inner.end(), Less);
  // Outermost entry points first; the others only reach what those miss.
  std::map<NodeId, unsigned> Distance;
  for (const std::vector<NodeId> *Sources : {&Roots, &Inner}) {
    std::deque<NodeId> Queue;
    for (NodeId S : *Sources)
      if (Distance.try_emplace(S, 0).second)
        Queue.push_back(S);
    while (!Queue.empty()) {
      NodeId N = Queue.front();
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

std::vector<std::pair<NodeId, PlaceId>> ChainIndex::pathTo(NodeId Func) const {
  std::vector<std::pair<NodeId, PlaceId>> Path;
  for (auto It = Parent.find(Func); It != Parent.end();
       It = Parent.find(It->second.first)) {
    Path.push_back(It->second);
    if (Path.size() > Parent.size())
      break; // cannot happen with a BFS tree; guards against a cycle
  }
  std::reverse(Path.begin(), Path.end());
  return Path;
}

std::vector<NodeId> ChainIndex::entriesReaching(NodeId Func) const {
  std::set<NodeId> Seen{Func};
  std::deque<NodeId> Queue{Func};
  std::vector<NodeId> Result;
  while (!Queue.empty()) {
    NodeId N = Queue.front();
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
  std::sort(Result.begin(), Result.end(),
            [&](NodeId A, NodeId B) { return byName(A, B); });
  return Result;
}

} // namespace noinstr
