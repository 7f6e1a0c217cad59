//===- AArch64Decoder.cpp - AArch64 instructions through LLVM MC ----------===//
//
// Every AArch64 instruction is one 32-bit little-endian word. LLVM's MC
// disassembler says whether a word is a valid instruction and evaluates
// branch targets; the control-flow category is read from the encoding's
// fixed fields (Arm ARM C4.1, "Branches, Exception Generating and System
// instructions"), which is exact and independent of MC's opcode numbering.
//
// Invalid words still take 4 bytes, so a walk that strays into a literal
// pool stays aligned; the walk only gets there by falling through code that
// never falls through (a literal pool follows a branch or return), so the
// one Invalid instruction it reports there is a real decoding problem.
//
// BRK falls through (Other). arm64 BUG() and WARN() emit the same
// "brk #0x800" (BUG_BRK_IMM, arch/arm64/include/asm/brk-imm.h); only the
// flags of its __bug_table entry (BUGFLAG_WARNING) tell a WARN, which
// resumes after the brk, from a BUG, which does not, and kernels built
// without CONFIG_BUG have no table at all while BUG() still emits the brk.
// Ending the path at every brk would skip the code after each WARN; falling
// through only adds paths (into whatever the compiler placed after a BUG,
// where the walk stops at the next function), so no call is missed. KASAN,
// UBSAN and KGDB brks resume too.
//
//===----------------------------------------------------------------------===//
#include "McDisassembler.h"
#include "noinstr/disasm/InstructionDecoder.h"

#include "llvm/BinaryFormat/ELF.h"
#include "llvm/MC/MCInst.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/TargetSelect.h"


using namespace llvm;

namespace noinstr {
namespace {

class AArch64Decoder final : public InstructionDecoder {
public:
  static Expected<std::unique_ptr<InstructionDecoder>> create();
  Instruction decode(ArrayRef<uint8_t> Bytes, uint64_t Offset) const override;
  int64_t relocationBias(const Instruction &,
                         const Relocation &) const override {
    return 0;
  }

private:
  McDisassembler MC;
  /// What a call may change: the registers AAPCS64 does not preserve
  /// (x0-x18, the link register) and the flags.
  uint64_t CallClobbers = 0;
};

Expected<std::unique_ptr<InstructionDecoder>> AArch64Decoder::create() {
  LLVMInitializeAArch64TargetInfo();
  LLVMInitializeAArch64TargetMC();
  LLVMInitializeAArch64Disassembler();
  // Every extension the kernel may use (pointer authentication, MTE, SME,
  // ...): a valid kernel instruction must never decode as Invalid.
  auto MCOrErr =
      McDisassembler::create("aarch64-unknown-linux-gnu", "+all", "AArch64");
  if (!MCOrErr)
    return MCOrErr.takeError();
  auto D = std::make_unique<AArch64Decoder>();
  D->MC = std::move(*MCOrErr);
  // x0-x28, the frame pointer (x29), the link register (x30), sp.
  static const StringRef Registers[] = {
      "X0",  "X1",  "X2",  "X3",  "X4",  "X5",  "X6",  "X7",
      "X8",  "X9",  "X10", "X11", "X12", "X13", "X14", "X15",
      "X16", "X17", "X18", "X19", "X20", "X21", "X22", "X23",
      "X24", "X25", "X26", "X27", "X28", "FP",  "LR",  "SP"};
  D->MC.numberRegisters(Registers, "NZCV", /*Constant=*/"XZR", "SP");
  D->CallClobbers =
      D->MC.bitsOf(ArrayRef<StringRef>(Registers).take_front(19)) |
      D->MC.bitsOf({"LR"}) | DataEffects::Flags | DataEffects::Other;
  return std::unique_ptr<InstructionDecoder>(std::move(D));
}

/// The category of instruction word \p W.
InsnKind classify(uint32_t W) {
  if ((W & 0x7c000000) == 0x14000000) // B, BL: op 0/1, 00101, imm26
    return (W & 0x80000000) ? InsnKind::Call : InsnKind::Jump;
  if ((W & 0xff000000) == 0x54000000) // B.cond, BC.cond
    return InsnKind::CondJump;
  if ((W & 0x7c000000) == 0x34000000) // CBZ, CBNZ (x1101 0x), TBZ, TBNZ
    return InsnKind::CondJump;
  if ((W & 0xfe000000) == 0xd6000000) { // branch to register
    switch ((W >> 21) & 0xf) {          // opc
    case 0x0:                           // BR, BRAAZ, BRABZ
    case 0x8:                           // BRAA, BRAB
      return InsnKind::IndirectJump;
    case 0x1: // BLR, BLRAAZ, BLRABZ
    case 0x9: // BLRAA, BLRAB
      return InsnKind::IndirectCall;
    case 0x2: // RET, RETAA, RETAB
      return InsnKind::Return;
    case 0x4: // ERET, ERETAA, ERETAB
    case 0x5: // DRPS
      return InsnKind::ContextSwitch;
    default:
      return InsnKind::Other;
    }
  }
  return InsnKind::Other;
}

Instruction AArch64Decoder::decode(ArrayRef<uint8_t> Bytes,
                                   uint64_t Offset) const {
  Instruction Insn;
  Insn.Offset = Offset;
  if (Bytes.size() < 4) {
    Insn.Kind = InsnKind::Invalid;
    Insn.Length = Bytes.size();
    return Insn;
  }
  Insn.Length = 4;
  MCInst Inst;
  uint64_t Size = 0;
  if (MC.Disassembler->getInstruction(Inst, Size, Bytes.take_front(4), Offset,
                                   nulls()) != MCDisassembler::Success) {
    Insn.Kind = InsnKind::Invalid;
    return Insn;
  }
  uint32_t Word = support::endian::read32le(Bytes.data());
  Insn.Kind = classify(Word);
  Insn.Effects = MC.effects(Inst);
  if (Insn.Kind == InsnKind::Call || Insn.Kind == InsnKind::IndirectCall) {
    Insn.Effects.Writes |= CallClobbers;
    Insn.Effects.Stores = false; // the callee's stores are not this one's
  }
  if ((Word & 0xff000010) == 0x54000000) { // B.cond: cond in bits 0-3
    // AL and NV (14, 15) always jump: nothing to correlate.
    if ((Word & 0xf) < 14)
      Insn.Condition = Word & 0xf;
  } else if ((Word & 0x7c000000) == 0x34000000) {
    // CBZ/CBNZ (imm19 at bits 5-23), TBZ/TBNZ (imm14 at bits 5-18): the
    // polarity is bit 24; the rest names the register and the bit.
    bool TestBit = Word & 0x02000000;
    Insn.Condition = (Word >> 24) & 1;
    Insn.SelfTest = Word & ~(TestBit ? 0x0107ffe0u : 0x01ffffe0u);
  }
  if (Insn.Kind == InsnKind::Call || Insn.Kind == InsnKind::Jump ||
      Insn.Kind == InsnKind::CondJump) {
    uint64_t Target;
    if (MC.Analysis->evaluateBranch(Inst, Offset, 4, Target))
      Insn.Target = Target;
  }
  return Insn;
}

} // namespace

Expected<std::unique_ptr<InstructionDecoder>> createAArch64Decoder() {
  return AArch64Decoder::create();
}

} // namespace noinstr
