//===- InstructionDecoder.cpp - one decoder per ELF machine ---------------===//
#include "noinstr/disasm/InstructionDecoder.h"

#include "llvm/BinaryFormat/ELF.h"

using namespace llvm;

namespace noinstr {

// Each architecture's decoder lives in its own file.
Expected<std::unique_ptr<InstructionDecoder>> createX86Decoder();
Expected<std::unique_ptr<InstructionDecoder>> createAArch64Decoder();

InstructionDecoder::~InstructionDecoder() = default;

Expected<std::unique_ptr<InstructionDecoder>>
InstructionDecoder::create(uint16_t Machine) {
  if (Machine == ELF::EM_X86_64)
    return createX86Decoder();
  if (Machine == ELF::EM_AARCH64)
    return createAArch64Decoder();
  return createStringError(inconvertibleErrorCode(),
                           "binary analysis of ELF machine " + Twine(Machine) +
                               " is not supported: x86-64 and AArch64 only");
}

} // namespace noinstr
