//===- FlowResolver.cpp ---------------------------------------------------===//
#include "noinstr/flow/FlowResolver.h"

#include "noinstr/flow/NoreturnOracle.h"

#include "AArch64SwitchTable.h"

#include "llvm/BinaryFormat/ELF.h"

using namespace llvm;

namespace noinstr {

SymbolId FlowResolver::ownerOf(CodeAddress Addr) {
  if (const Alternative *Alt = Special.replacementHolding(Addr))
    Addr = Alt->Orig;
  return P.symbolContaining(Addr);
}

SymbolId FlowResolver::parentOf(SymbolId Func) {
  if (Func == NoSymbol || !P.symbol(Func).Name.contains(".cold"))
    return Func;
  SymbolId Parent = P.coldParent(Func);
  return Parent == NoSymbol ? Func : Parent;
}

SymbolId FlowResolver::functionOf(CodeAddress Addr) {
  SymbolId Owner = ownerOf(Addr);
  if (Owner == NoSymbol || !P.symbol(Owner).isFunction())
    return NoSymbol;
  return parentOf(Owner);
}

/// objtool's is_first_func_insn(): the symbol's first byte, or the byte
/// after its ENDBR64 when IBT is on.
bool FlowResolver::startsSymbol(CodeAddress Dest, SymbolId Sym) {
  const Symbol &S = P.symbol(Sym);
  if (Dest.Section != S.Section)
    return false;
  if (Dest.Offset == S.Value)
    return true;
  ArrayRef<uint8_t> Bytes = P.contents(S.Section);
  static const uint8_t Endbr64[] = {0xf3, 0x0f, 0x1e, 0xfa};
  return Dest.Offset == S.Value + 4 && S.Value + 4 <= Bytes.size() &&
         std::equal(std::begin(Endbr64), std::end(Endbr64),
                    Bytes.begin() + S.Value);
}

CodeAddress FlowResolver::fallThrough(const Instruction &Insn,
                                      CodeAddress At) const {
  CodeAddress Next{At.Section, Insn.end()};
  if (const Alternative *Alt = Special.replacementHolding(At))
    if (Next.Offset >= Alt->replacementEnd().Offset)
      return Alt->origEnd();
  return Next;
}

Expected<Transfer> FlowResolver::jump(const Instruction &Insn, CodeAddress At) {
  Transfer T;
  auto TargetOrErr = Code.target(Insn, At.Section);
  if (!TargetOrErr)
    return TargetOrErr.takeError();
  T.Target = *TargetOrErr;
  SymbolId Func = functionOf(At);

  if (Insn.Kind == InsnKind::IndirectJump) {
    // objtool: in a function an indirect jump is a sibling call unless it is
    // a switch jump table; outside functions the path just ends.
    if (Func == NoSymbol) {
      T.Kind = TransferKind::Nowhere;
      return T;
    }
    auto DestsOrErr = switchTargets(Insn, At, Func);
    if (!DestsOrErr)
      return DestsOrErr.takeError();
    T.Dests = std::move(*DestsOrErr);
    T.Kind = T.Dests.empty() ? TransferKind::DynamicSiblingCall
                             : TransferKind::JumpTable;
    return T;
  }

  if (T.Target.NamedRelocation) {
    StringRef Name = P.symbol(T.Target.Callee).Name;
    if (Rules.IndirectThunks.matches(Name)) {
      T.Kind = TransferKind::DynamicSiblingCall;
      return T;
    }
    if (Rules.ReturnThunks.matches(Name)) {
      T.Kind = TransferKind::Return;
      return T;
    }
    if (Func != NoSymbol) {
      // External sibling call, or internal with a named relocation.
      T.Kind = TransferKind::SiblingCall;
      return T;
    }
    if (!T.Target.Dest) {
      T.Kind = TransferKind::Nowhere; // asm jumping to another file
      return T;
    }
  }
  if (!T.Target.Dest) {
    T.Kind = TransferKind::Nowhere;
    return T;
  }

  CodeAddress Dest = *T.Target.Dest;
  // A jump to the end of a replacement continues after the original code.
  if (!T.Target.Reloc)
    if (const Alternative *Alt = Special.replacementHolding(At))
      if (Dest == Alt->replacementEnd())
        Dest = Alt->origEnd();

  SymbolId To = P.symbolContaining(Dest);
  if (To != NoSymbol && startsSymbol(Dest, To)) {
    StringRef Name = P.symbol(To).Name;
    if (Rules.IndirectThunks.matches(Name)) {
      T.Kind = TransferKind::DynamicSiblingCall;
      return T;
    }
    if (Rules.ReturnThunks.matches(Name)) {
      T.Kind = TransferKind::Return;
      return T;
    }
  }
  // jump_is_sibling_call(): both ends owned, the target starts a function,
  // and the two are not parts of one function.
  SymbolId From = ownerOf(At);
  if (From != NoSymbol && To != NoSymbol && startsSymbol(Dest, To) &&
      P.symbol(To).Type != ELF::STT_NOTYPE) {
    SymbolId FromGroup = P.symbol(From).isFunction() ? parentOf(From) : From;
    SymbolId ToGroup = P.symbol(To).isFunction() ? parentOf(To) : To;
    if (FromGroup != ToGroup) {
      T.Kind = TransferKind::SiblingCall;
      T.Target.Callee = To;
      return T;
    }
  }
  T.Kind = TransferKind::Branch;
  T.Dest = Dest;
  return T;
}

/// The start of a switch table that \p Insn refers to through a relocation
/// against a table section (a .rodata-like section symbol), if any.
Expected<std::optional<CodeAddress>>
FlowResolver::tableIn(CodeAddress At, const Instruction &Insn) {
  auto RelocOrErr = P.relocationIn(At.Section, Insn.Offset, Insn.end());
  if (!RelocOrErr)
    return RelocOrErr.takeError();
  if (!*RelocOrErr)
    return std::nullopt;
  const Relocation &R = **RelocOrErr;
  const Symbol &S = P.symbol(R.Symbol);
  if (!S.isSection() || S.Section == NoSection)
    return std::nullopt;
  StringRef Name = P.section(S.Section).Name;
  if (!Rules.JumpTableSections.matches(Name) ||
      Rules.JumpTableNotSections.matches(Name))
    return std::nullopt;
  return CodeAddress{S.Section,
                     uint64_t(R.Addend + Code.relocationBias(Insn, R))};
}

/// The targets of a switch jump: objtool's find_jump_table() looks at the
/// jump itself ("jmp *table(,%reg,8)") and back through the function for
/// the instruction that loads the table; the table is the run of 8-byte
/// relocations from there that point into the same function.
Expected<std::vector<CodeAddress>>
FlowResolver::switchTargets(const Instruction &Insn, CodeAddress At,
                            SymbolId Func) {
  // arm64 tables hold offsets, not relocated addresses: another encoding.
  if (P.machine() == ELF::EM_AARCH64)
    return aarch64SwitchTargets(Code, At, P.symbol(Func).Value);
  std::vector<CodeAddress> Dests;
  auto TableOrErr = tableIn(At, Insn);
  if (!TableOrErr)
    return TableOrErr.takeError();
  std::optional<CodeAddress> Table = *TableOrErr;
  if (!Table) {
    // Decode the function from its start; the nearest table load before
    // the jump wins.
    const Symbol &F = P.symbol(Func);
    if (F.Section == At.Section)
      for (uint64_t Off = F.Value; Off < At.Offset;) {
        auto InsnOrErr = Code.at({At.Section, Off});
        if (!InsnOrErr)
          return InsnOrErr.takeError();
        auto CandidateOrErr = tableIn({At.Section, Off}, **InsnOrErr);
        if (!CandidateOrErr)
          return CandidateOrErr.takeError();
        if (*CandidateOrErr)
          Table = *CandidateOrErr;
        Off += std::max<uint64_t>((*InsnOrErr)->Length, 1);
      }
  }
  if (!Table)
    return Dests;
  // A defective relocation in the window (the table's or the data after
  // it) is left out: the table ends where its entries stop following on.
  const Section &TableSection = P.section(Table->Section);
  auto RelocsOrErr = P.relocationsIn(
      Table->Section, Table->Offset,
      std::min<uint64_t>(TableSection.Size, Table->Offset + 8 * 4096),
      Program::OnDefect::Skip);
  if (!RelocsOrErr)
    return RelocsOrErr.takeError();
  uint64_t Expected = Table->Offset;
  for (const Relocation &R : *RelocsOrErr) {
    if (R.Offset != Expected)
      break;
    const Symbol &S = P.symbol(R.Symbol);
    if (S.Section != At.Section)
      break;
    CodeAddress Dest{S.Section, S.Value + R.Addend};
    if (functionOf(Dest) != Func)
      break;
    Dests.push_back(Dest);
    Expected += 8;
  }
  return Dests;
}

Expected<FlowResolver::Call> FlowResolver::call(const Instruction &Insn,
                                                CodeAddress At) {
  Call C;
  auto TargetOrErr = Code.target(Insn, At.Section);
  if (!TargetOrErr)
    return TargetOrErr.takeError();
  C.Target = *TargetOrErr;
  C.Dynamic = Insn.Kind == InsnKind::IndirectCall ||
              (C.Target.Callee != NoSymbol &&
               Rules.IndirectThunks.matches(P.symbol(C.Target.Callee).Name));
  return C;
}

/// Whether a dead end at \p At is annotated reachable: by the instruction's
/// own address (annotate_insn) or the next one's (.discard.reachable).
bool FlowResolver::reachable(const Instruction &Insn, CodeAddress At) const {
  return Special.ReachableAt.count(At) ||
         Special.ReachableAfter.count(At + Insn.Length);
}

Expected<FlowStep> FlowResolver::step(CodeAddress At,
                                      NoreturnOracle &Noreturn) {
  FlowStep S;
  // Ways out before the instruction runs, in the order objtool walks them
  // (it prepends each special-section entry to a list: exception fixups,
  // then jump labels, then alternatives, last entry first).
  if (auto Fixups = Special.ExceptionFixups.find(At);
      Fixups != Special.ExceptionFixups.end())
    S.Before = Fixups->second;
  auto InsnOrErr = Code.at(At);
  if (!InsnOrErr)
    return InsnOrErr.takeError();
  const Instruction &Insn = **InsnOrErr;
  S.Insn = &Insn;
  if (auto Labels = Special.JumpLabelTargets.find(At);
      Labels != Special.JumpLabelTargets.end()) {
    // A jump label is a NOP or a JMP; either way both ends are possible.
    S.Before.insert(S.Before.end(), Labels->second.begin(),
                    Labels->second.end());
    S.Before.push_back(At + Insn.Length);
  }
  if (auto Alts = Special.AlternativesAt.find(At);
      Alts != Special.AlternativesAt.end())
    for (auto It = Alts->second.rbegin(); It != Alts->second.rend(); ++It) {
      const Alternative &Alt = Special.Alternatives[*It];
      S.Before.push_back(Alt.walkTarget());
      S.OnlyBefore |= Alt.SkipOriginal;
    }
  if (S.OnlyBefore)
    return S;

  CodeAddress Next = fallThrough(Insn, At);
  S.FallThrough = Next;
  switch (Insn.Kind) {
  case InsnKind::Invalid:
    S.Invalid = true;
    break;
  case InsnKind::Return:
    S.Returns = true;
    break;
  case InsnKind::Trap:
    // ud2 ends the path (BUG) unless annotated reachable (WARN).
    if (reachable(Insn, At))
      S.After.push_back(Next);
    break;
  case InsnKind::Iret:
    if (functionOf(At) != NoSymbol) // sync_core(): an IRET to self
      S.After.push_back(Next);
    break;
  case InsnKind::ContextSwitch:
    break;
  case InsnKind::SystemCall:
    if (Rules.SystemCallsContinue)
      S.After.push_back(Next);
    break;
  case InsnKind::Call:
  case InsnKind::IndirectCall: {
    if (Special.IntraFunctionCalls.count(At)) {
      // RSB stuffing: objtool makes these jumps to their target.
      if (Insn.Target)
        S.After.push_back({At.Section, *Insn.Target});
      break;
    }
    auto CallOrErr = call(Insn, At);
    if (!CallOrErr)
      return CallOrErr.takeError();
    const BranchTarget &T = CallOrErr->Target;
    if (At.Section < Special.AnnotationsLost.size() &&
        Special.AnnotationsLost[At.Section] && !CallOrErr->Dynamic &&
        !T.Reloc && T.Callee == NoSymbol && T.Dest &&
        T.Dest->Section == At.Section) {
      S.After.push_back(*T.Dest); // a jump, like an annotated one
      break;
    }
    CallSite C;
    C.Target = CallOrErr->Target;
    C.Dynamic = CallOrErr->Dynamic;
    if (!C.Dynamic) {
      auto NoreturnOrErr = Noreturn.isNoreturn(C.Target.Callee);
      if (!NoreturnOrErr)
        return NoreturnOrErr.takeError();
      C.Noreturn = *NoreturnOrErr;
    }
    // A call to a noreturn function ends the path too, unless annotated
    // reachable (objtool clears dead_end for any annotated instruction:
    // idtentry's "call \cfunc" before its ud2, irq_stack.h).
    if (!C.Noreturn || reachable(Insn, At))
      S.After.push_back(Next);
    S.Call = C;
    break;
  }
  case InsnKind::Jump:
  case InsnKind::CondJump:
  case InsnKind::IndirectJump: {
    auto TOrErr = jump(Insn, At);
    if (!TOrErr)
      return TOrErr.takeError();
    const Transfer &T = *TOrErr;
    switch (T.Kind) {
    case TransferKind::Branch:
      S.After.push_back(T.Dest);
      break;
    case TransferKind::JumpTable:
      S.After = T.Dests;
      break;
    case TransferKind::Return:
      S.Returns = true;
      break;
    case TransferKind::SiblingCall:
    case TransferKind::DynamicSiblingCall: {
      CallSite C;
      C.Target = T.Target;
      C.Dynamic = T.Kind == TransferKind::DynamicSiblingCall;
      C.Sibling = true;
      S.Call = C;
      break;
    }
    case TransferKind::Nowhere:
      break;
    }
    if (Insn.Kind == InsnKind::CondJump)
      S.After.push_back(Next);
    break;
  }
  case InsnKind::Other:
    S.After.push_back(Next);
    break;
  }
  return S;
}

} // namespace noinstr
