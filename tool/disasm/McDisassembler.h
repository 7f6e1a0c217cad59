//===- McDisassembler.h - LLVM MC objects for one target -------*- C++ -*-===//
//
// Private to disasm/: the MC disassembler and branch analysis every decoder
// builds the same way, with what belongs to the target (triple, features,
// its name in errors) as parameters.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/disasm/Instruction.h"

#include "llvm/MC/MCAsmInfo.h"
#include "llvm/MC/MCContext.h"
#include "llvm/MC/MCDisassembler/MCDisassembler.h"
#include "llvm/MC/MCInstrAnalysis.h"
#include "llvm/MC/MCInstrInfo.h"
#include "llvm/MC/MCRegisterInfo.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

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

  /// Numbers the target's general-purpose registers for DataEffects: bit I
  /// is \p GeneralPurpose[I] and every register overlapping it, \p Flags
  /// the condition flags, \p Constant a register read as zero and written
  /// to nowhere; \p StackPointer names the one a push moves.
  void numberRegisters(llvm::ArrayRef<llvm::StringRef> GeneralPurpose,
                       llvm::StringRef Flags, llvm::StringRef Constant,
                       llvm::StringRef StackPointer);
  /// The registers, flags and memory \p Inst reads and writes, from its
  /// operands and the instruction description (implicit operands too).
  DataEffects effects(const llvm::MCInst &Inst) const;
  /// The bits of \p GeneralPurpose names (as given to numberRegisters).
  uint64_t bitsOf(llvm::ArrayRef<llvm::StringRef> Names) const;

private:
  uint64_t bits(unsigned Reg) const {
    return Reg < RegisterBits.size() ? RegisterBits[Reg] : DataEffects::Other;
  }
  std::vector<uint64_t> RegisterBits; ///< by MC register number
  std::vector<std::string> Numbered;  ///< the general-purpose names, by bit
  uint64_t StackPointerBits = 0;
};

} // namespace noinstr
