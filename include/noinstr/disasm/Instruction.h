//===- Instruction.h - one decoded machine instruction ---------*- C++ -*-===//
#pragma once

#include <cstdint>
#include <optional>

namespace noinstr {

/// What an instruction does to control flow, in objtool's categories (they
/// decide which paths exist, so they must agree with objtool's).
enum class InsnKind : uint8_t {
  Other,         ///< falls through (includes int3, as in objtool)
  Call,          ///< direct call
  IndirectCall,  ///< call through a register or memory
  Jump,          ///< direct unconditional jump
  CondJump,      ///< direct conditional jump, loop, jrcxz
  IndirectJump,  ///< jump through a register or memory
  Return,        ///< ret
  Trap,          ///< ud2/ud1: a dead end unless annotated reachable
  Iret,          ///< iret: a return to self inside a function (sync_core)
  ContextSwitch, ///< sysret, sysexit, eretu, lret, far jmp: the path ends
  SystemCall,    ///< syscall, sysenter: per kernel version (rules)
  Invalid,       ///< bytes the disassembler cannot decode
};

struct Instruction {
  uint64_t Offset = 0; ///< section offset
  uint8_t Length = 0;
  InsnKind Kind = InsnKind::Invalid;
  /// Branch target (section offset) from the encoding. In a relocatable
  /// object, a relocation inside the instruction takes precedence.
  std::optional<uint64_t> Target;

  uint64_t end() const { return Offset + Length; }
  bool isJump() const {
    return Kind == InsnKind::Jump || Kind == InsnKind::CondJump ||
           Kind == InsnKind::IndirectJump;
  }
};

} // namespace noinstr
