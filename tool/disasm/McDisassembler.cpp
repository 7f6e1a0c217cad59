//===- McDisassembler.cpp -------------------------------------------------===//
#include "McDisassembler.h"

#include "llvm/MC/MCInst.h"
#include "llvm/MC/MCTargetOptions.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace noinstr {

Expected<McDisassembler> McDisassembler::create(StringRef TripleName,
                                                StringRef Features,
                                                StringRef Name) {
  Triple TT(TripleName);
  std::string Err;
  const Target *T = TargetRegistry::lookupTarget(TT.str(), Err);
  if (!T)
    return createStringError(inconvertibleErrorCode(),
                             Name + " disassembler unavailable: " + Err);
  auto Fail = [&]() {
    return createStringError(inconvertibleErrorCode(),
                             "cannot set up the " + Name + " disassembler");
  };
  McDisassembler D;
  MCTargetOptions Options;
  D.MRI.reset(T->createMCRegInfo(TT.str()));
  if (!D.MRI)
    return Fail();
  D.MAI.reset(T->createMCAsmInfo(*D.MRI, TT.str(), Options));
  D.STI.reset(T->createMCSubtargetInfo(TT.str(), "", Features));
  D.MII.reset(T->createMCInstrInfo());
  if (!D.MAI || !D.STI || !D.MII)
    return Fail();
  D.Ctx = std::make_unique<MCContext>(TT, D.MAI.get(), D.MRI.get(),
                                      D.STI.get());
  D.Disassembler.reset(T->createMCDisassembler(*D.STI, *D.Ctx));
  D.Analysis.reset(T->createMCInstrAnalysis(D.MII.get()));
  if (!D.Disassembler || !D.Analysis)
    return Fail();
  return D;
}

void McDisassembler::numberRegisters(ArrayRef<StringRef> GeneralPurpose,
                                     StringRef Flags, StringRef Constant,
                                     StringRef StackPointer) {
  Numbered.assign(GeneralPurpose.begin(), GeneralPurpose.end());
  // The registers named, with their bits; every other register gets the
  // bits of the named ones it overlaps (eax, ah: rax; w0: x0).
  std::vector<std::pair<unsigned, uint64_t>> Named;
  for (unsigned Reg = 1; Reg < MRI->getNumRegs(); ++Reg) {
    StringRef Name = MRI->getName(Reg);
    for (size_t I = 0; I < GeneralPurpose.size(); ++I)
      if (Name == GeneralPurpose[I])
        Named.push_back({Reg, uint64_t(1) << I});
    if (Name == Flags)
      Named.push_back({Reg, DataEffects::Flags});
    if (Name == Constant)
      Named.push_back({Reg, 0});
  }
  RegisterBits.assign(MRI->getNumRegs(), DataEffects::Other);
  RegisterBits[0] = 0; // no register
  for (unsigned Reg = 1; Reg < MRI->getNumRegs(); ++Reg) {
    bool Known = false;
    uint64_t Bits = 0;
    for (const auto &[Base, B] : Named)
      if (MRI->regsOverlap(Reg, Base)) {
        Known = true;
        Bits |= B;
      }
    if (Known)
      RegisterBits[Reg] = Bits;
  }
  StackPointerBits = bitsOf(StackPointer);
}

uint64_t McDisassembler::bitsOf(ArrayRef<StringRef> Names) const {
  uint64_t Bits = 0;
  for (StringRef Name : Names)
    for (size_t I = 0; I < Numbered.size(); ++I)
      if (Numbered[I] == Name)
        Bits |= uint64_t(1) << I;
  return Bits;
}

DataEffects McDisassembler::effects(const MCInst &Inst) const {
  DataEffects E;
  const MCInstrDesc &D = MII->get(Inst.getOpcode());
  for (unsigned I = 0; I < Inst.getNumOperands(); ++I) {
    const MCOperand &Op = Inst.getOperand(I);
    if (!Op.isReg())
      continue;
    (I < D.getNumDefs() ? E.Writes : E.Reads) |= bits(Op.getReg());
  }
  bool MovesStack = false;
  for (MCPhysReg Reg : D.implicit_defs()) {
    E.Writes |= bits(Reg);
    MovesStack |= (bits(Reg) & StackPointerBits) != 0;
  }
  for (MCPhysReg Reg : D.implicit_uses())
    E.Reads |= bits(Reg);
  E.Loads = D.mayLoad();
  // Only a push (call) moves the stack pointer implicitly while storing:
  // it writes below the stack pointer.
  E.Stores = D.mayStore() && !MovesStack;
  return E;
}

} // namespace noinstr
