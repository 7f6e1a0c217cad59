//===- PvOpsTable.cpp -----------------------------------------------------===//
#include "noinstr/check/PvOpsTable.h"

#include <algorithm>

using namespace llvm;

namespace noinstr {

void PvOpsTable::add(Program &P, const RuleSet &Rules, int Slot,
                     SymbolId Func) {
  // The trivial targets are patched into native code (paravirt_patch()).
  if (Func == NoSymbol ||
      Rules.PvOps.IgnoredTargets.matches(P.symbol(Func).Name))
    return;
  std::vector<SymbolId> &List = Targets[Slot];
  if (std::find(List.begin(), List.end(), Func) == List.end())
    List.push_back(Func);
}

/// The function a data relocation points at.
static SymbolId pointee(Program &P, const Relocation &R) {
  const Symbol &S = P.symbol(R.Symbol);
  if (!S.isSection())
    return R.Symbol;
  SymbolId Func = P.functionAt({S.Section, S.Value + R.Addend});
  return Func;
}

Expected<PvOpsTable> PvOpsTable::build(Program &P, const RuleSet &Rules) {
  PvOpsTable T;
  if (Rules.PvOps.CallTable.empty() ||
      P.findSymbol(Rules.PvOps.CallTable) == NoSymbol)
    return T;
  // Static initialisers: each 8-byte slot of a pv_ops-shaped table.
  for (const std::string &Name : Rules.PvOps.Tables) {
    SymbolId Table = P.findSymbol(Name);
    if (Table == NoSymbol)
      continue;
    const Symbol &S = P.symbol(Table);
    auto RelocsOrErr = P.relocationsIn(S.Section, S.Value, S.Value + S.Size,
                                       Program::OnDefect::Skip);
    if (!RelocsOrErr)
      return RelocsOrErr.takeError();
    for (const Relocation &R : *RelocsOrErr)
      T.add(P, Rules, (R.Offset - S.Value) / 8, pointee(P, R));
  }
  // Init-time stores: 48 c7 05 <disp32 to pv_ops> <imm32 function>.
  for (const std::string &Name : Rules.PvOps.InitSections)
    for (SectionId Id : P.sectionsNamed(Name)) {
      auto RelocsOrErr =
          P.relocationsIn(Id, 0, P.section(Id).Size, Program::OnDefect::Skip);
      if (!RelocsOrErr)
        return RelocsOrErr.takeError();
      ArrayRef<uint8_t> Bytes = P.contents(Id);
      const std::vector<Relocation> &Relocs = *RelocsOrErr;
      for (size_t I = 0; I + 1 < Relocs.size(); ++I) {
        const Relocation &Disp = Relocs[I];
        if (P.symbol(Disp.Symbol).Name != Rules.PvOps.CallTable ||
            Disp.Offset < 3 || Bytes[Disp.Offset - 3] != 0x48 ||
            Bytes[Disp.Offset - 2] != 0xc7 || Bytes[Disp.Offset - 1] != 0x05)
          continue;
        const Relocation &Imm = Relocs[I + 1];
        if (Imm.Offset != Disp.Offset + 4)
          continue;
        T.add(P, Rules, (Disp.Addend + 8) / 8, pointee(P, Imm));
      }
    }
  return T;
}

std::vector<SymbolId>
PvOpsTable::instrumentableTargets(int Slot, Program &P,
                                  const SectionClasses &C) const {
  std::vector<SymbolId> Result;
  auto It = Targets.find(Slot);
  if (It == Targets.end())
    return Result;
  for (SymbolId Func : It->second)
    if (!C.noinstr(P.symbol(Func).Section))
      Result.push_back(Func);
  return Result;
}

} // namespace noinstr
