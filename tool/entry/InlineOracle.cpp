//===- InlineOracle.cpp ---------------------------------------------------===//
#include "noinstr/entry/InlineOracle.h"

using namespace llvm;

namespace noinstr {

int InlineOracle::instanceFor(const std::string &Function,
                              const SourceLocation &Call,
                              const SourceLocation &Outer) {
  // A helper inlined through other inline helpers has the same call site
  // in every function that inlines the chain: the walked function's line
  // the chain starts at tells the instances apart.
  auto Text = [](const SourceLocation &L) {
    return L.File + ":" + std::to_string(L.Line) + ":" +
           std::to_string(L.Column) + ":" + L.Function;
  };
  std::string Key = Function + "@" + Text(Call) + "@" + Text(Outer);
  auto [It, Inserted] = Keys.try_emplace(Key, Instances.size());
  if (Inserted)
    Instances.push_back({It->second, Function,
                         Rules.InlinedEstablishers.matches(Function)
                             ? EntryState::Established
                             : EntryState::TornDown,
                         Outer});
  return It->second;
}

Expected<std::optional<std::string>>
InlineOracle::inlinedFrom(CodeAddress Addr, const NameMatcher &Functions) {
  if (!Frames)
    return std::nullopt;
  auto FramesOrErr = Frames(Addr);
  if (!FramesOrErr)
    return FramesOrErr.takeError();
  // The last frame is the out-of-line function itself.
  for (size_t I = 0; I + 1 < FramesOrErr->size(); ++I)
    if (Functions.matches((*FramesOrErr)[I].Function))
      return (*FramesOrErr)[I].Function;
  return std::nullopt;
}

Expected<std::vector<InlinedTransition>>
InlineOracle::emptyAt(CodeAddress Addr, CodeAddress FunctionStart) {
  std::vector<InlinedTransition> Result;
  if (!EmptyCalls)
    return Result;
  auto Known = Empty.find(FunctionStart);
  if (Known == Empty.end()) {
    auto CallsOrErr = EmptyCalls(FunctionStart, [&](StringRef Name) {
      return Rules.InlinedEstablishers.matches(Name) ||
             Rules.InlinedTeardowns.matches(Name);
    });
    if (!CallsOrErr)
      return CallsOrErr.takeError();
    std::map<CodeAddress, std::vector<int>> ByAddress;
    for (const EmptyCall &C : *CallsOrErr)
      ByAddress[C.At].push_back(instanceFor(C.Function, C.Call, {}));
    Known = Empty.emplace(FunctionStart, std::move(ByAddress)).first;
  }
  if (auto It = Known->second.find(Addr); It != Known->second.end())
    for (int Id : It->second)
      Result.push_back(Instances[Id]);
  return Result;
}

Expected<bool> InlineOracle::precedes(CodeAddress Addr, int Id) {
  const SourceLocation &Outer = Instances[Id].Outer;
  if (!Frames || Outer.Line == 0)
    return false;
  auto FramesOrErr = Frames(Addr);
  if (!FramesOrErr)
    return FramesOrErr.takeError();
  if (FramesOrErr->empty())
    return false;
  const SourceLocation &Here = FramesOrErr->back();
  return Here.Line != 0 && Here.Function == Outer.Function &&
         Here.File == Outer.File && Here.Line < Outer.Line;
}

Expected<std::optional<InlinedTransition>> InlineOracle::at(CodeAddress Addr) {
  if (!Frames)
    return std::nullopt;
  auto Cached = Cache.find(Addr);
  if (Cached == Cache.end()) {
    auto FramesOrErr = Frames(Addr);
    if (!FramesOrErr)
      return FramesOrErr.takeError();
    const std::vector<SourceLocation> &F = *FramesOrErr;
    int Id = -1;
    // Outermost first; the last frame is the out-of-line function itself.
    for (size_t I = F.size(); I-- > 1 && Id < 0;) {
      bool Establishes = Rules.InlinedEstablishers.matches(F[I - 1].Function);
      bool TearsDown = Rules.InlinedTeardowns.matches(F[I - 1].Function);
      if (!Establishes && !TearsDown)
        continue;
      // Frame I holds the line where frame I-1's function was inlined:
      // that call site identifies the instance.
      Id = instanceFor(F[I - 1].Function, F[I], F.back());
    }
    Cached = Cache.emplace(Addr, Id).first;
  }
  if (Cached->second < 0)
    return std::nullopt;
  return Instances[Cached->second];
}

} // namespace noinstr
