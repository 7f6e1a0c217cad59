//===- CodeIndex.cpp ------------------------------------------------------===//
#include "noinstr/flow/CodeIndex.h"

#include "noinstr/support/InputError.h"

using namespace llvm;

namespace noinstr {

int64_t CodeIndex::relocationBias(const Instruction &Insn,
                                  const Relocation &R) const {
  return Decoder.relocationBias(Insn, R);
}

Expected<const Instruction *> CodeIndex::at(CodeAddress Addr) {
  auto It = Cache.find(Addr);
  if (It != Cache.end())
    return &It->second;
  const Section &S = P.section(Addr.Section);
  ArrayRef<uint8_t> Bytes = P.contents(Addr.Section);
  if (Addr.Offset >= Bytes.size())
    return inputError(P.objectPath(S.Object),
                      "code flow leaves section '" + S.Name + "' at offset 0x" +
                          Twine::utohexstr(Addr.Offset));
  Instruction Insn = Decoder.decode(Bytes.drop_front(Addr.Offset), Addr.Offset);
  return &Cache.emplace(Addr, Insn).first->second;
}

Expected<BranchTarget> CodeIndex::target(const Instruction &Insn,
                                         SectionId Section) {
  BranchTarget T;
  auto RelocOrErr = P.relocationIn(Section, Insn.Offset, Insn.end());
  if (!RelocOrErr)
    return RelocOrErr.takeError();
  T.Reloc = *RelocOrErr;
  bool Indirect = Insn.Kind == InsnKind::IndirectCall ||
                  Insn.Kind == InsnKind::IndirectJump;
  if (Indirect)
    return T;
  if (T.Reloc) {
    const Symbol &S = P.symbol(T.Reloc->Symbol);
    T.NamedRelocation = !S.isSection();
    if (T.NamedRelocation)
      T.Callee = T.Reloc->Symbol;
    if (S.Section != NoSection)
      T.Dest =
          CodeAddress{S.Section, S.Value + T.Reloc->Addend +
                                     Decoder.relocationBias(Insn, *T.Reloc)};
  } else if (Insn.Target) {
    T.Dest = CodeAddress{Section, *Insn.Target};
  }
  if (T.Callee == NoSymbol && T.Dest) {
    T.Callee = P.functionAt(*T.Dest);
    if (T.Callee == NoSymbol) {
      SymbolId Near = P.symbolBefore(*T.Dest);
      if (Near != NoSymbol && P.symbol(Near).Value == T.Dest->Offset)
        T.Callee = Near;
    }
  }
  return T;
}

} // namespace noinstr
