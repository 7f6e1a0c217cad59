//===- CalleePolicy.cpp ---------------------------------------------------===//
#include "noinstr/check/CalleePolicy.h"

#include "llvm/ADT/Twine.h"

using namespace llvm;

namespace noinstr {

static std::string sectionOffsetName(const Program &P, CodeAddress A) {
  return (P.section(A.Section).Name + "+0x" + Twine::utohexstr(A.Offset)).str();
}

CalleeVerdict CalleePolicy::direct(const BranchTarget &Target) const {
  CalleeVerdict V;
  SectionId Where = NoSection;
  if (Target.Callee != NoSymbol) {
    const Symbol &S = P.symbol(Target.Callee);
    V.Name = S.Name.str();
    Where = S.Section;
  } else if (Target.Dest) {
    V.Name = sectionOffsetName(P, *Target.Dest);
    Where = Target.Dest->Section;
  } else {
    V.Name = "{unknown}";
  }
  if (Classes.noinstr(Where)) {
    V.Verdict = CalleeVerdict::Allowed;
    V.Reason = "noinstr section";
  } else if (Rules.AllowedCallees.matches(V.Name)) {
    V.Verdict = CalleeVerdict::Allowed;
    V.Reason = "allowed name";
  } else if (Rules.ProfilingHooks.matches(V.Name))
    V.Verdict = CalleeVerdict::ProfilingHook;
  else if (Target.Callee != NoSymbol && P.symbol(Target.Callee).Undefined &&
           P.isModule(P.objectOf(Target.Callee)))
    V.Verdict = CalleeVerdict::Unresolved;
  else
    V.Verdict = CalleeVerdict::Instrumentable;
  return V;
}

Expected<CalleeVerdict> CalleePolicy::indirect(const Instruction &Insn,
                                               const BranchTarget &Target) {
  CalleeVerdict V;
  V.Verdict = CalleeVerdict::Dynamic;
  V.Name = IndirectCalleeName;
  V.Dispatch = CalleeKind::Indirect;
  if (!Target.Reloc || Rules.PvOps.CallTable.empty() ||
      P.symbol(Target.Reloc->Symbol).Name != Rules.PvOps.CallTable)
    return V;
  if (!PvOps) {
    auto TableOrErr = PvOpsTable::build(P, Rules);
    if (!TableOrErr)
      return TableOrErr.takeError();
    PvOps = std::move(*TableOrErr);
  }
  // call *pv_ops+8N(%rip): the displacement ends the instruction.
  int64_t SlotOffset =
      Target.Reloc->Addend + (Insn.end() - Target.Reloc->Offset);
  int Slot = SlotOffset / 8;
  // Named as objtool names it: the table and the slot ("pv_ops[3]").
  V.Name = Rules.PvOps.CallTable + "[" + std::to_string(Slot) + "]";
  V.Dispatch = CalleeKind::TableSlot;
  std::vector<SymbolId> Bad = PvOps->instrumentableTargets(Slot, P, Classes);
  if (Bad.empty()) {
    V.Verdict = CalleeVerdict::Allowed;
    V.Reason = "pv_ops slot";
    return V;
  }
  for (SymbolId Func : Bad)
    V.Notes.push_back((Twine(V.Name) + " may hold '" +
                       P.symbol(Func).Name + "', which is not noinstr")
                          .str());
  return V;
}

} // namespace noinstr
