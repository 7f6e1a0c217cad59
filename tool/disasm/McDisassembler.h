//===- McDisassembler.h - LLVM MC objects for one target -------*- C++ -*-===//
//
// Private to disasm/: the MC disassembler and branch analysis every decoder
// builds the same way, with what belongs to the target (triple, features,
// its name in errors) as parameters.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/MC/MCAsmInfo.h"
#include "llvm/MC/MCContext.h"
#include "llvm/MC/MCDisassembler/MCDisassembler.h"
#include "llvm/MC/MCInstrAnalysis.h"
#include "llvm/MC/MCInstrInfo.h"
#include "llvm/MC/MCRegisterInfo.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/Support/Error.h"

#include <memory>

namespace noinstr {

struct McDisassembler {
  std::unique_ptr<const llvm::MCRegisterInfo> MRI;
  std::unique_ptr<const llvm::MCAsmInfo> MAI;
  std::unique_ptr<const llvm::MCSubtargetInfo> STI;
  std::unique_ptr<const llvm::MCInstrInfo> MII;
  std::unique_ptr<llvm::MCContext> Ctx;
  std::unique_ptr<const llvm::MCDisassembler> Disassembler;
  std::unique_ptr<const llvm::MCInstrAnalysis> Analysis;

  /// The target must be registered (LLVMInitialize*TargetInfo, *TargetMC,
  /// *Disassembler) first. \p Name names the target in errors.
  static llvm::Expected<McDisassembler> create(llvm::StringRef Triple,
                                               llvm::StringRef Features,
                                               llvm::StringRef Name);
};

} // namespace noinstr
