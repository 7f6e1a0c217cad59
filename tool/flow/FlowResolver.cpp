//===- FlowResolver.cpp ---------------------------------------------------===//
#include "noinstr/flow/FlowResolver.h"

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
    T.Kind = Func != NoSymbol ? TransferKind::DynamicSiblingCall
                              : TransferKind::Nowhere;
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

} // namespace noinstr
