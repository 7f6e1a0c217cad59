//===- InlineOracle.cpp ---------------------------------------------------===//
#include "noinstr/entry/InlineOracle.h"

using namespace llvm;

namespace noinstr {

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
      std::string Key = F[I - 1].Function + "@" + F[I].File + ":" +
                        std::to_string(F[I].Line) + ":" +
                        std::to_string(F[I].Column);
      auto [It, Inserted] = Keys.try_emplace(Key, Instances.size());
      if (Inserted)
        Instances.push_back(
            {It->second, F[I - 1].Function,
             Establishes ? EntryState::Established : EntryState::TornDown});
      Id = It->second;
    }
    Cached = Cache.emplace(Addr, Id).first;
  }
  if (Cached->second < 0)
    return std::nullopt;
  return Instances[Cached->second];
}

} // namespace noinstr
