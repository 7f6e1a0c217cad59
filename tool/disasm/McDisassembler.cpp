//===- McDisassembler.cpp -------------------------------------------------===//
#include "McDisassembler.h"

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

} // namespace noinstr
