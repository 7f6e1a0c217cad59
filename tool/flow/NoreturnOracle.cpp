//===- NoreturnOracle.cpp -------------------------------------------------===//
#include "noinstr/flow/NoreturnOracle.h"

using namespace llvm;

namespace noinstr {

Expected<bool> NoreturnOracle::isNoreturn(SymbolId Func) {
  return compute(Func);
}

Expected<bool> NoreturnOracle::compute(SymbolId Func) {
  if (Func == NoSymbol)
    return false;
  auto Known = this->Known.find(Func);
  if (Known != this->Known.end())
    return Known->second;
  Program &P = Flow.code().program();
  const Symbol &S = P.symbol(Func);
  auto Remember = [&](bool Value) {
    this->Known[Func] = Value;
    return Value;
  };
  if (S.isGlobal() && Rules.Noreturn.matches(S.Name))
    return Remember(true);
  if (S.isWeak() || S.Undefined || S.Section == NoSection || S.Size == 0 ||
      !S.isFunction())
    return Remember(false);
  // Linear scan of the function's bytes, as objtool's func_for_each_insn.
  // A sibling call makes the function "returning": objtool (6.12) resolves
  // sibling calls before it asks, so it never follows them here.
  CodeIndex &Code = Flow.code();
  for (uint64_t Off = S.Value; Off < S.Value + S.Size;) {
    CodeAddress At{S.Section, Off};
    auto InsnOrErr = Code.at(At);
    if (!InsnOrErr)
      return InsnOrErr.takeError();
    const Instruction &Insn = **InsnOrErr;
    if (Insn.Kind == InsnKind::Return)
      return Remember(false);
    if (Insn.isJump()) {
      auto T = Flow.jump(Insn, At);
      if (!T)
        return T.takeError();
      if (T->Kind == TransferKind::Return ||
          T->Kind == TransferKind::SiblingCall ||
          T->Kind == TransferKind::DynamicSiblingCall)
        return Remember(false);
    }
    Off += std::max<uint64_t>(Insn.Length, 1);
  }
  return Remember(true);
}

} // namespace noinstr
