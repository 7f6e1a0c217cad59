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

/// What an instruction does to the general-purpose registers, the condition
/// flags and memory: what branch correlation (flow/BranchCorrelation.h)
/// needs to know that the result of a test still holds. Registers are bits
/// of the decoder's numbering of the general-purpose registers.
struct DataEffects {
  static constexpr uint64_t Flags = uint64_t(1) << 63;
  /// Any register outside that numbering (rip, segment and vector
  /// registers, the zero register read as a constant is not one).
  static constexpr uint64_t Other = uint64_t(1) << 62;
  uint64_t Writes = 0; ///< registers (Flags, Other) written
  uint64_t Reads = 0;  ///< registers (Other) read
  bool Loads = false;  ///< reads memory
  /// Writes memory, other than a push below the stack pointer (a slot no
  /// pointer can name yet). A call's stores are its callee's, not this.
  bool Stores = false;

  /// Sets the flags from general-purpose registers, immediates and memory
  /// alone and writes nothing else: test, cmp, bt; arm64 cmp, tst.
  bool test() const {
    return Writes == Flags && !Stores && !(Reads & (Flags | Other));
  }
};

/// A conditional jump whose condition cannot be compared with another's.
inline constexpr uint8_t NoCondition = 0xff;

struct Instruction {
  uint64_t Offset = 0; ///< section offset
  uint8_t Length = 0;
  InsnKind Kind = InsnKind::Invalid;
  /// Branch target (section offset) from the encoding. In a relocatable
  /// object, a relocation inside the instruction takes precedence.
  std::optional<uint64_t> Target;
  DataEffects Effects;
  /// A conditional jump: the condition it jumps on, whose negation is
  /// Condition ^ 1 (x86 cc, arm64 cond; cbz/tbz: 0 jumps on zero, 1 on not
  /// zero). NoCondition when it cannot be compared (loop, jrcxz).
  uint8_t Condition = NoCondition;
  /// cbz/cbnz/tbz/tbnz: the jump is its own test of Effects.Reads; this is
  /// its encoding without target and polarity (0 for other instructions).
  uint32_t SelfTest = 0;

  uint64_t end() const { return Offset + Length; }
  bool isJump() const {
    return Kind == InsnKind::Jump || Kind == InsnKind::CondJump ||
           Kind == InsnKind::IndirectJump;
  }
};

} // namespace noinstr
