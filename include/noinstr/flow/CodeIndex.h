//===- CodeIndex.h - decoded instructions, on demand -----------*- C++ -*-===//
//
// Instructions are decoded the first time the analysis reaches them and
// kept; nothing else of the program is decoded (objtool decodes every
// executable byte of vmlinux.o first). Branch targets are read through the
// relocation inside the instruction before the encoded displacement, which in
// a relocatable object is 0 for every call to another section or symbol.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/disasm/Instruction.h"
#include "noinstr/disasm/InstructionDecoder.h"
#include "noinstr/object/Program.h"

#include "llvm/Support/Error.h"

#include <algorithm>
#include <optional>
#include <unordered_map>

namespace noinstr {

/// Where a direct branch or a call goes.
struct BranchTarget {
  /// Destination code, when the target is defined in some input object.
  std::optional<CodeAddress> Dest;
  /// The symbol the target is known by: the relocation's symbol, or the
  /// function/symbol starting at Dest for section-relative targets.
  SymbolId Callee = NoSymbol;
  /// The relocation's own symbol was a named (non-section) symbol.
  bool NamedRelocation = false;
  /// The relocation inside the instruction, if any (indirect calls through
  /// memory keep it too: pv_ops[N]).
  std::optional<Relocation> Reloc;
};

class CodeIndex {
public:
  CodeIndex(Program &P, const InstructionDecoder &Decoder)
      : P(P), Decoder(Decoder) {}

  /// The instruction starting at \p Addr; an address outside its section
  /// is an input error naming the object.
  llvm::Expected<const Instruction *> at(CodeAddress Addr);
  /// The target of \p Insn (in section \p Section). For indirect branches
  /// only Reloc is set.
  llvm::Expected<BranchTarget> target(const Instruction &Insn,
                                      SectionId Section);

  /// Calls \p Each(const Instruction &, CodeAddress) -> Expected<bool> on
  /// the instructions of function \p Func in address order, a linear scan
  /// of its bytes as objtool's func_for_each_insn, until \p Each returns
  /// false. An undecodable byte is stepped over as one instruction.
  template <typename Fn> llvm::Error forEachInstruction(SymbolId Func, Fn Each) {
    const Symbol &S = P.symbol(Func);
    for (uint64_t Off = S.Value; Off < S.Value + S.Size;) {
      CodeAddress At{S.Section, Off};
      auto InsnOrErr = at(At);
      if (!InsnOrErr)
        return InsnOrErr.takeError();
      auto GoOnOrErr = Each(**InsnOrErr, At);
      if (!GoOnOrErr)
        return GoOnOrErr.takeError();
      if (!*GoOnOrErr)
        break;
      Off += std::max<uint64_t>((*InsnOrErr)->Length, 1);
    }
    return llvm::Error::success();
  }

  /// See InstructionDecoder::relocationBias.
  int64_t relocationBias(const Instruction &Insn, const Relocation &R) const;
  size_t numDecoded() const { return Cache.size(); }
  Program &program() { return P; }

private:
  Program &P;
  const InstructionDecoder &Decoder;
  std::unordered_map<CodeAddress, Instruction> Cache;
};

} // namespace noinstr
