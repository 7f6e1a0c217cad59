//===- InstructionDecoder.h - machine code to Instruction ------*- C++ -*-===//
//
// A thin layer over LLVM MC: the MC disassembler finds instruction
// boundaries and branch targets; the control-flow category comes from the
// encoding, in the categories objtool uses, so that paths match objtool's.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/disasm/Instruction.h"
#include "noinstr/object/Relocation.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <memory>

namespace noinstr {

class InstructionDecoder {
public:
  virtual ~InstructionDecoder();
  /// Decodes the instruction at the start of \p Bytes, which sits at
  /// section offset \p Offset. Never fails: undecodable bytes give an
  /// Instruction of kind Invalid.
  virtual Instruction decode(llvm::ArrayRef<uint8_t> Bytes,
                             uint64_t Offset) const = 0;

  /// What to add to S + A of relocation \p R inside \p Insn to get the
  /// address the instruction refers to. x86 PC-relative fields are relative
  /// to the end of the instruction, and the compiler's addend (-4) already
  /// compensates for the field's own position; AArch64 branch relocations
  /// (CALL26, JUMP26, CONDBR19, TSTBR14) and page/low-12 pairs name the
  /// target exactly.
  virtual int64_t relocationBias(const Instruction &Insn,
                                 const Relocation &R) const = 0;

  /// A decoder for ELF machine \p Machine (EM_X86_64, EM_AARCH64).
  static llvm::Expected<std::unique_ptr<InstructionDecoder>>
  create(uint16_t Machine);
};

} // namespace noinstr
