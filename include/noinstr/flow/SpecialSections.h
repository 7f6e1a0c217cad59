//===- SpecialSections.h - what the kernel's tables add to flow -*- C++ -*-===//
//
// Control flow in kernel text is not only what the instructions say:
// alternatives replace code at boot, jump labels flip between a NOP and a
// JMP, exception-table fixups are entered when an instruction faults, and
// instrumentation_begin()/end() are recorded as addresses in .discard
// sections. This stage reads those tables once, keeping only entries that
// touch the checked sections, and checks every entry it keeps: an entry
// whose address falls outside its section is an input error.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/flow/Alternative.h"
#include "noinstr/flow/SectionClasses.h"
#include "noinstr/model/CodeAddress.h"
#include "noinstr/object/Program.h"
#include "noinstr/rules/RuleSet.h"
#include "noinstr/support/Diagnostics.h"

#include "llvm/Support/Error.h"

#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace noinstr {

struct SpecialSections {
  /// instrumentation_begin() adds 1 and instrumentation_end() subtracts 1
  /// at the NOP it emits; the sum per address.
  std::unordered_map<CodeAddress, int> RegionDelta;
  /// ud2s that are WARNs, not BUGs: by the address of the ud2 itself
  /// (annotate_insn) or of the instruction after it (.discard.reachable).
  std::unordered_set<CodeAddress> ReachableAt, ReachableAfter;
  std::vector<Alternative> Alternatives;
  std::unordered_map<CodeAddress, std::vector<uint32_t>> AlternativesAt;
  /// Jump-label sites: both the NOP and the JMP path are possible.
  std::unordered_map<CodeAddress, std::vector<CodeAddress>> JumpLabelTargets;
  /// The static key a jump-label site tests. The site jumps when the key's
  /// enabled state differs from the entry's branch bit (kernel/jump_label.c
  /// jump_label_type(): enabled ^ branch), so two sites of one key decide
  /// together. Sites with entries of different keys are left out.
  struct JumpLabelKey {
    /// The key: its section and offset, or for a key no input defines,
    /// ~0 and its symbol (with the relocation's addend).
    std::pair<uint64_t, uint64_t> Key;
    bool Branch = false;
    friend bool operator==(const JumpLabelKey &, const JumpLabelKey &) =
        default;
  };
  std::unordered_map<CodeAddress, JumpLabelKey> JumpLabelKeys;
  /// Faulting instruction -> fixup.
  std::unordered_map<CodeAddress, std::vector<CodeAddress>> ExceptionFixups;
  /// Unwind-hinted instructions in checked sections: the only way objtool
  /// reaches asm code that has no function symbol.
  std::vector<CodeAddress> UnwindHints;
  /// Calls annotated ANNOTATE_INTRA_FUNCTION_CALL (RSB stuffing): they
  /// are jumps to their target, not calls.
  std::unordered_set<CodeAddress> IntraFunctionCalls;
  /// By SectionId: the section's object lost its annotation sections (a
  /// linked module: the module link script discards .discard.*). Set by
  /// the driver. There a direct call, without relocation, to a place in
  /// its own section that no symbol names is taken for an intra-function
  /// call whose annotation was discarded: objtool refuses to build an
  /// object with an unannotated one ("unannotated intra-function call").
  std::vector<bool> AnnotationsLost;
  /// .discard.instr_begin entries objtool 6.12 ignores because their
  /// object has no .rela.discard.instr_end (read_instr_hints() returns
  /// before reading begins): only the objtool emulation subtracts them.
  std::unordered_map<CodeAddress, int> BeginsObjtoolIgnores;
  /// Functions marked STACK_FRAME_NON_STANDARD (objtool skips them).
  std::unordered_set<SymbolId> NonStandardFunctions;

  /// The alternative whose replacement code holds \p Addr, if any.
  const Alternative *replacementHolding(CodeAddress Addr) const;
  /// Whether instrumentation_begin/end markers exist at all (x86 kernels
  /// with CONFIG_NOINSTR_VALIDATION; never arm64).
  bool HasRegionMarkers = false;

  std::vector<uint32_t> ReplacementOrder; ///< alternatives by replacement
};

/// Reads the special sections of \p P that \p Rules describe, keeping the
/// entries whose code lies in a section \p Classes marks as checked. An
/// annotation of a type the rules do not know is a warning to \p Diags.
llvm::Expected<SpecialSections>
readSpecialSections(Program &P, const RuleSet &Rules,
                    const SectionClasses &Classes, Diagnostics &Diags);

} // namespace noinstr
