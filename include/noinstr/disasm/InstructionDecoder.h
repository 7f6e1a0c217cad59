//===- InstructionDecoder.h - machine code to Instruction ------*- C++ -*-===//
//
// A thin layer over LLVM MC: the MC disassembler finds instruction
// boundaries and branch targets; the control-flow category comes from the
// encoding, in the categories objtool uses, so that paths match objtool's.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/disasm/Instruction.h"

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

  /// A decoder for ELF machine \p Machine (EM_X86_64).
  static llvm::Expected<std::unique_ptr<InstructionDecoder>>
  create(uint16_t Machine);
};

} // namespace noinstr
