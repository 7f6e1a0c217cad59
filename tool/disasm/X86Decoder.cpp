//===- X86Decoder.cpp - x86-64 instructions through LLVM MC ---------------===//
//
// LLVM's MC disassembler decodes each instruction (length, validity, branch
// displacement). The control-flow category is then read from the opcode
// bytes the way objtool's arch/x86/decode.c reads them: objtool's categories
// differ from MC's in places that decide reachability (int3 falls through,
// ud1 is a BUG like ud2, iret is a return to self inside a function, far
// jumps and sysret end the path), and matching objtool is the first goal.
//
//===----------------------------------------------------------------------===//
#include "McDisassembler.h"
#include "noinstr/disasm/InstructionDecoder.h"

#include "llvm/BinaryFormat/ELF.h"
#include "llvm/MC/MCInst.h"
#include "llvm/Support/TargetSelect.h"

using namespace llvm;

namespace noinstr {

namespace {

class X86Decoder final : public InstructionDecoder {
public:
  static Expected<std::unique_ptr<InstructionDecoder>> create();
  Instruction decode(ArrayRef<uint8_t> Bytes, uint64_t Offset) const override;
  int64_t relocationBias(const Instruction &Insn,
                         const Relocation &R) const override {
    // Branch operands are always PC-relative here (PC32/PLT32); only a
    // table load may use an absolute 32S.
    if (R.Type == ELF::R_X86_64_32S || R.Type == ELF::R_X86_64_32 ||
        R.Type == ELF::R_X86_64_64)
      return 0;
    return int64_t(Insn.end()) - int64_t(R.Offset);
  }

private:
  McDisassembler MC;
  /// What a call may change: the registers the x86-64 psABI does not
  /// preserve across calls, and the flags.
  uint64_t CallClobbers = 0;
};

Expected<std::unique_ptr<InstructionDecoder>> X86Decoder::create() {
  LLVMInitializeX86TargetInfo();
  LLVMInitializeX86TargetMC();
  LLVMInitializeX86Disassembler();
  auto MCOrErr =
      McDisassembler::create("x86_64-unknown-linux-gnu", "", "x86-64");
  if (!MCOrErr)
    return MCOrErr.takeError();
  auto D = std::make_unique<X86Decoder>();
  D->MC = std::move(*MCOrErr);
  D->MC.numberRegisters({"RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI",
                         "RDI", "R8", "R9", "R10", "R11", "R12", "R13", "R14",
                         "R15"},
                        "EFLAGS", /*Constant=*/"", "RSP");
  D->CallClobbers = D->MC.bitsOf({"RAX", "RCX", "RDX", "RSI", "RDI", "R8",
                                  "R9", "R10", "R11"}) |
                    DataEffects::Flags | DataEffects::Other;
  return std::unique_ptr<InstructionDecoder>(std::move(D));
}

bool isLegacyPrefix(uint8_t B) {
  switch (B) {
  case 0xf0:
  case 0xf2:
  case 0xf3:
  case 0x2e:
  case 0x36:
  case 0x3e:
  case 0x26:
  case 0x64:
  case 0x65:
  case 0x66:
  case 0x67:
    return true;
  default:
    return false;
  }
}

/// Where the opcode of \p Bytes starts, after the legacy prefixes (the
/// last one in \p LastPrefix) and REX.
size_t opcodeStart(ArrayRef<uint8_t> Bytes, uint8_t &LastPrefix) {
  size_t I = 0;
  LastPrefix = 0;
  while (I < Bytes.size() && isLegacyPrefix(Bytes[I]))
    LastPrefix = Bytes[I++];
  if (I < Bytes.size() && (Bytes[I] & 0xf0) == 0x40) // REX
    ++I;
  return I;
}

/// The condition code (the low nibble of Jcc's opcode) of a conditional
/// jump; loop and jrcxz have none.
uint8_t conditionOf(ArrayRef<uint8_t> Bytes) {
  uint8_t LastPrefix;
  size_t I = opcodeStart(Bytes, LastPrefix);
  if (I < Bytes.size() && Bytes[I] >= 0x70 && Bytes[I] <= 0x7f)
    return Bytes[I] & 0xf;
  if (I + 1 < Bytes.size() && Bytes[I] == 0x0f && Bytes[I + 1] >= 0x80 &&
      Bytes[I + 1] <= 0x8f)
    return Bytes[I + 1] & 0xf;
  return NoCondition;
}

/// The category of a decoded instruction from its opcode bytes.
InsnKind classify(ArrayRef<uint8_t> Bytes) {
  uint8_t LastPrefix;
  size_t I = opcodeStart(Bytes, LastPrefix);
  if (I >= Bytes.size())
    return InsnKind::Other;
  uint8_t Op = Bytes[I];
  uint8_t Op2 = I + 1 < Bytes.size() ? Bytes[I + 1] : 0;
  uint8_t ModRM = I + 2 < Bytes.size() ? Bytes[I + 2] : 0;
  if (Op >= 0x70 && Op <= 0x7f)
    return InsnKind::CondJump;
  switch (Op) {
  case 0x0f:
    if (Op2 >= 0x80 && Op2 <= 0x8f)
      return InsnKind::CondJump;
    if (Op2 == 0x05 || Op2 == 0x34)
      return InsnKind::SystemCall; // syscall, sysenter
    if (Op2 == 0x07 || Op2 == 0x35)
      return InsnKind::ContextSwitch; // sysret, sysexit
    if (Op2 == 0x0b || Op2 == 0xb9)
      return InsnKind::Trap; // ud2, ud1
    if (Op2 == 0x01 && ModRM == 0xca &&
        (LastPrefix == 0xf3 || LastPrefix == 0xf2))
      return InsnKind::ContextSwitch; // eretu, erets
    return InsnKind::Other;
  case 0xe0:
  case 0xe1:
  case 0xe2:
  case 0xe3:
    return InsnKind::CondJump; // loop*, jrcxz
  case 0xe8:
    return InsnKind::Call;
  case 0xe9:
  case 0xeb:
    return InsnKind::Jump;
  case 0xc2:
  case 0xc3:
    return InsnKind::Return;
  case 0xcf:
    return InsnKind::Iret;
  case 0xca:
  case 0xcb:
    return InsnKind::ContextSwitch; // lret
  case 0xff: {
    uint8_t Reg = (Op2 >> 3) & 7; // the byte after 0xff is the ModRM
    if (Reg == 2 || Reg == 3)
      return InsnKind::IndirectCall;
    if (Reg == 4)
      return InsnKind::IndirectJump;
    if (Reg == 5)
      return InsnKind::ContextSwitch; // far jmp
    return InsnKind::Other;
  }
  default:
    return InsnKind::Other;
  }
}

Instruction X86Decoder::decode(ArrayRef<uint8_t> Bytes, uint64_t Offset) const {
  Instruction Insn;
  Insn.Offset = Offset;
  MCInst Inst;
  uint64_t Size = 0;
  if (Bytes.empty() ||
      MC.Disassembler->getInstruction(Inst, Size, Bytes, Offset, nulls()) !=
          MCDisassembler::Success ||
      Size == 0) {
    Insn.Kind = InsnKind::Invalid;
    Insn.Length = Bytes.empty() ? 0 : 1;
    return Insn;
  }
  Insn.Length = Size;
  Insn.Kind = classify(Bytes.take_front(Size));
  Insn.Effects = MC.effects(Inst);
  if (Insn.Kind == InsnKind::Call || Insn.Kind == InsnKind::IndirectCall) {
    Insn.Effects.Writes |= CallClobbers;
    Insn.Effects.Stores = false; // the callee's stores are not this one's
  }
  if (Insn.Kind == InsnKind::CondJump)
    Insn.Condition = conditionOf(Bytes.take_front(Size));
  if (Insn.Kind == InsnKind::Call || Insn.Kind == InsnKind::Jump ||
      Insn.Kind == InsnKind::CondJump) {
    uint64_t Target;
    if (MC.Analysis->evaluateBranch(Inst, Offset, Size, Target))
      Insn.Target = Target;
  }
  return Insn;
}

} // namespace

Expected<std::unique_ptr<InstructionDecoder>> createX86Decoder() {
  return X86Decoder::create();
}

} // namespace noinstr
