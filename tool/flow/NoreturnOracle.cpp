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
  bool Returns = false;
  if (Error E = Flow.code().forEachInstruction(
          Func, [&](const Instruction &Insn, CodeAddress At) -> Expected<bool> {
            if (Insn.Kind == InsnKind::Return) {
              Returns = true;
            } else if (Insn.isJump()) {
              auto T = Flow.jump(Insn, At);
              if (!T)
                return T.takeError();
              Returns = T->Kind == TransferKind::Return ||
                        T->Kind == TransferKind::SiblingCall ||
                        T->Kind == TransferKind::DynamicSiblingCall;
            }
            return !Returns;
          }))
    return E;
  return Remember(!Returns);
}

} // namespace noinstr
