//===- BranchCorrelation.h - branches a path has already decided -*- C++ -*-===//
//
// One condition often decides two branches of a function: cpuidle_enter_state
// tests CPUIDLE_FLAG_RCU_IDLE once before ct_cpuidle_enter() and once before
// ct_cpuidle_exit(), and the compiler emits the same test twice (gcc:
// "testb $0x40,0x40(%r14)", %r14 callee-saved). A walk that takes every side
// of every branch pairs the enter of one with the exit of the other, a path
// the machine never runs. A walk that carries BranchFacts takes, at a
// conditional jump whose test was already decided on its path, only the
// side consistent with that decision.
//
// A test is an instruction that sets the flags from general-purpose
// registers, immediates and memory alone (test, cmp, bt; arm64 cmp, tst), or
// a jump that tests a register itself (arm64 cbz, tbz); two tests are the
// same when their encodings are (a test with a relocation in it never is:
// the same bytes may name another symbol). Its decision holds while
//  - no register it reads is written: a call writes the registers the ABI
//    does not preserve, so a test of a callee-saved register, or of memory
//    addressed through one, survives calls. A register computed from others
//    and memory (lea, mov, shifts, a load; at most MaxDepth deep) stands for
//    that computation while they are unchanged (and, for a load, no store
//    may alias), so an address recomputed before each test is the same
//    address and a flag word loaded again is the same value (arm64 "ldr
//    w1, [x19, #16]; tbz w1, #6");
//  - for a memory test, the walked code stores nothing (a push excepted):
//    any store may alias, except one into a section the rules say only
//    holds data no pointer reaches (private_data_sections). Stores made by
//    callees are NOT seen: a test of memory is assumed to keep its value
//    across calls, as the kernel's state flags do (cpuidle_state::flags).
//    Loops are where memory changes under a repeated test (polling), hence
//    the next rule;
//  - the jump being decided is not in a loop (the function's direct jumps
//    lead back to it; with a switch table in the function, any jump may
//    be): a test in a loop is repeated to see a change, never decided. A
//    loop through another section (a .cold part) is not seen.
// Switches the kernel sets once for every path are decided the same way:
// the jump-label sites of one static key (a site jumps when the key's
// enabled state differs from its __jump_table entry's branch bit), and the
// alternatives of one CPU feature (the replacement, or the original, of
// each; ALT_NOT inverts). They are never invalidated, not even in loops.
// Only tests and switches that repeat in the walked function are recorded
// (so branches that nothing correlates do not split walk states), at most
// BranchFacts::Capacity tests and as many switches at a time, each in slots
// of their own (a function testing many keys, do_syscall_64, keeps room
// for its tests); one not recorded is only a branch taken both ways, as
// before. Decisions still split states (the two sides
// of each repeated test stay apart until it is invalidated), so a walk has
// a budget (budget()): past it, it forgets its decisions and walks as
// without correlation (do_machine_check, with dozens of tests of
// callee-saved registers, would otherwise walk millions of states).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/disasm/Instruction.h"
#include "noinstr/flow/CodeIndex.h"
#include "noinstr/flow/SpecialSections.h"
#include "noinstr/rules/NameMatcher.h"

#include "llvm/Support/Error.h"

#include <array>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace noinstr {

/// What one path knows of its tests; part of a walk state.
struct BranchFacts {
  static constexpr size_t Capacity = 4;
  struct Fact {
    uint32_t Test = 0; ///< a value (BranchCorrelation); 0: a free slot
    uint8_t Condition = 0;
    bool Jumped = false; ///< the jump on Condition was taken
    friend bool operator==(const Fact &, const Fact &) = default;
    friend auto operator<=>(const Fact &, const Fact &) = default;
  };
  /// A register a repeated test reads, holding a value computed from other
  /// registers (and memory) that are unchanged since: the compiler
  /// recomputes an address ("lea (%rbx,%rbx,2),%rax") or reloads a flag
  /// word ("ldr w1, [x19, #16]") before each test.
  struct Def {
    uint8_t Register = 0xff; ///< 0xff: a free slot
    uint32_t Value = 0;
    friend bool operator==(const Def &, const Def &) = default;
    friend auto operator<=>(const Def &, const Def &) = default;
  };
  /// A switch's state on the path (never invalidated).
  struct Switch {
    uint32_t Value = 0; ///< BranchCorrelation's value of it; 0: a free slot
    bool On = false;
    friend bool operator==(const Switch &, const Switch &) = default;
    friend auto operator<=>(const Switch &, const Switch &) = default;
  };
  std::array<Fact, Capacity> Known{};      ///< tests; sorted, free slots last
  std::array<Switch, Capacity> Switches{}; ///< sorted, free slots last
  std::array<Def, Capacity> Defs{};        ///< sorted, free slots last
  uint32_t FlagsFrom = 0; ///< the test whose result the flags hold, or 0

  size_t hash() const;
  friend bool operator==(const BranchFacts &, const BranchFacts &) = default;
};

class BranchCorrelation {
public:
  BranchCorrelation(CodeIndex &Code, const SpecialSections &Special,
                    const NameMatcher &PrivateData)
      : Code(Code), Special(Special), PrivateData(PrivateData) {}

  /// Finds the tests that repeat in \p Func (a function symbol), read in
  /// address order; only those are recorded on its paths.
  llvm::Error scan(SymbolId Func);
  /// How many walk states a walk of \p Func (scanned) may visit while it
  /// keeps its decisions: BudgetPerInstruction per instruction.
  size_t budget(SymbolId Func) const {
    auto It = Instructions.find(Func);
    return It == Instructions.end() ? 0 : It->second * BudgetPerInstruction;
  }
  static constexpr size_t BudgetPerInstruction = 32;

  /// The instruction \p Insn at \p At runs on a path in \p Func.
  llvm::Error run(BranchFacts &F, SymbolId Func, const Instruction &Insn,
                  CodeAddress At);
  /// The path goes from the instruction \p Insn at \p At (in function
  /// \p Func) to \p To, having run it when \p Ran (else before it runs: an
  /// alternative, a jump label, an exception fixup). False: \p To
  /// contradicts a decision the path made before, it is not taken.
  llvm::Expected<bool> follow(BranchFacts &F, SymbolId Func,
                              const Instruction &Insn, CodeAddress At,
                              const std::vector<CodeAddress> &After,
                              CodeAddress To, bool Ran);

private:
  /// A test's result or a register's content: an instruction's encoding
  /// applied to the values of the registers it reads.
  struct ValueInfo {
    uint64_t Roots = 0; ///< the registers it depends on (unchanged since)
    bool Loads = false; ///< it depends on memory
    /// The encoding alone; a switch's is the switch's own value (its
    /// identity: two values of one switch are the same test).
    uint32_t Shape = 0;
    /// Computations nested in it: a loop's induction variable ("add
    /// $0x40,%rdx") would nest without end.
    uint8_t Depth = 0;
  };
  static constexpr uint8_t MaxDepth = 3;
  /// The encoding of \p Insn at \p At as a value of its own (0: none: a
  /// relocation in it, or a register outside the numbering).
  llvm::Expected<uint32_t> shapeAt(const Instruction &Insn, CodeAddress At);
  /// \p Insn's result on the path: its shape applied to the Defs of the
  /// registers it reads (0: none).
  llvm::Expected<uint32_t> valueOf(const BranchFacts &F,
                                   const Instruction &Insn, CodeAddress At);
  /// The test a conditional jump decides on, or 0.
  llvm::Expected<uint32_t> jumpTest(const BranchFacts &F,
                                    const Instruction &Jump, CodeAddress At);
  /// Whether \p Insn at \p At may write memory a test reads.
  llvm::Expected<bool> mayAlias(const Instruction &Insn, CodeAddress At);
  bool invalidates(uint32_t Value, const Instruction &Insn,
                   bool Aliases) const {
    const ValueInfo &V = Values[Value];
    return (V.Roots & Insn.Effects.Writes) || (V.Loads && Aliases);
  }
  static void normalize(BranchFacts &F);

  /// A decision the kernel makes once for all paths: a static key is
  /// enabled, a CPU feature (capability) is present.
  enum class SwitchKind : uint8_t { Key, Feature };
  using SwitchKey = std::pair<SwitchKind, std::pair<uint64_t, uint64_t>>;
  /// The value standing for \p Key: a test nothing the walk runs changes.
  uint32_t switchValue(const SwitchKey &Key);
  /// The switches the jump-label site or alternatives at \p At test.
  std::vector<uint32_t> switchesAt(CodeAddress At);
  /// What a path going from \p Insn at \p At to \p To (having run it when
  /// \p Ran) learns of the switches there: (switch, on).
  std::vector<std::pair<uint32_t, bool>>
  switched(const Instruction &Insn, CodeAddress At, CodeAddress To, bool Ran);

  CodeIndex &Code;
  const SpecialSections &Special;
  const NameMatcher &PrivateData;
  std::map<SwitchKey, uint32_t> Switches;
  std::unordered_map<CodeAddress, uint32_t> ShapeAt;
  std::map<std::string, uint32_t> Shapes;
  std::map<std::vector<uint32_t>, uint32_t> Applied;
  std::vector<ValueInfo> Values{ValueInfo()}; ///< by id; 0 is none
  std::set<SymbolId> Scanned;
  /// (function, shape) pairs of tests made by more than one jump, and of
  /// switches with more than one site in the function.
  std::set<std::pair<SymbolId, uint32_t>> Repeated;
  /// By function: how many instructions the scan read.
  std::map<SymbolId, size_t> Instructions;
  /// Conditional jumps inside a loop of a scanned function.
  std::set<CodeAddress> InLoop;
  /// By function: the registers its repeated tests read (a flag word's
  /// register, or the registers addressing the tested memory).
  std::map<SymbolId, uint64_t> Watched;
};

} // namespace noinstr
