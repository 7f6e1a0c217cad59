//===- PathMap.cpp --------------------------------------------------------===//
#include "noinstr/report/PathMap.h"

#include "llvm/ADT/StringRef.h"

namespace noinstr {

namespace {
struct Mapper {
  const PrefixMap &Map;

  void path(std::string &File) const {
    for (const auto &[Old, New] : Map)
      if (llvm::StringRef(File).starts_with(Old)) {
        File = New + File.substr(Old.size());
        return;
      }
  }
  /// Messages and notes quote locations ("nmi_isolation_hook+0x0
  /// (/build/dir/arch/x86/kernel/nmi.c:537)").
  void text(std::string &Text) const {
    for (const auto &[Old, New] : Map) {
      if (Old.empty())
        continue;
      // Only where a path starts: "./" must not match inside "../".
      for (size_t At = Text.find(Old); At != std::string::npos;) {
        if (At != 0 && Text[At - 1] != '(' && Text[At - 1] != ' ') {
          At = Text.find(Old, At + 1);
          continue;
        }
        Text.replace(At, Old.size(), New);
        At = Text.find(Old, At + New.size());
      }
    }
  }
  void location(CodeLocation &L) const {
    for (SourceLocation &S : L.Source)
      path(S.File);
  }
  void finding(Finding &F) const {
    location(F.Site);
    location(F.CauseSite);
    for (ChainHop &Hop : F.Chain)
      location(Hop.Site);
    text(F.Message);
    for (std::string &N : F.Notes)
      text(N);
    for (Finding &Same : F.SameCause)
      finding(Same);
  }
};
} // namespace

void mapPaths(Report &R, const PrefixMap &Map) {
  if (Map.empty())
    return;
  Mapper M{Map};
  for (Finding &F : R.Findings)
    M.finding(F);
  for (auto &[F, Reason] : R.Waived)
    M.finding(F);
  for (CallGraph::Edge &E : R.Graph.Edges)
    M.location(E.Site);
  for (EntryMapEntry &E : R.EntryMap)
    for (EntryMapStep &S : E.Steps) {
      M.location(S.Site);
      M.location(S.OuterSite);
      M.text(S.Note);
    }
}

} // namespace noinstr
