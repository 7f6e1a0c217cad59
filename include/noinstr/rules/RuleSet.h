//===- RuleSet.h - what noinstr code may do, as loaded data ----*- C++ -*-===//
//
// Rules are JSON data in rules/, not code: section names, allowed callee
// prefixes, noreturn functions, annotation encodings and table layouts, per
// architecture and kernel version. Every file in the rules directory whose
// "match" fits the analysed object is merged in file-name order, then the
// user's --rules files: objects merge key by key, lists are appended,
// scalars replaced, and a file's "remove" takes list elements away again
// (what a newer kernel no longer has). Each file may carry "why" strings
// anywhere; they are documentation and ignored by the loader.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/rules/EntryRules.h"
#include "noinstr/rules/ExplainRules.h"
#include "noinstr/rules/KernelVersion.h"
#include "noinstr/rules/NameMatcher.h"
#include "noinstr/rules/SourceRules.h"
#include "noinstr/rules/TableLayout.h"
#include "noinstr/rules/Waiver.h"

#include "llvm/Support/Error.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace noinstr {

struct RuleSet {
  std::string Arch;
  /// The version whose rules were selected: the object's when the rules
  /// know it, else the newest they know (unknown: only unbounded files).
  std::optional<KernelVersion> Version;
  /// Set when the object's version is outside every known range: says so.
  std::string VersionNote;
  std::vector<std::string> Files; ///< merged rule files, in order

  NameMatcher CheckedSections; ///< walked as call sources
  NameMatcher NoinstrSections; ///< a call into these stays noinstr
  NameMatcher AllowedCallees;
  NameMatcher ProfilingHooks;
  NameMatcher ReturnThunks;
  NameMatcher IndirectThunks;
  NameMatcher Noreturn;
  /// Whether the path goes on after syscall/sysenter (objtool 6.15+:
  /// INSN_SYSCALL) or ends there (before: INSN_CONTEXT_SWITCH).
  bool SystemCallsContinue = false;
  NameMatcher JumpTableSections;    ///< where switch tables live
  NameMatcher JumpTableNotSections; ///< never tables (string sections)
  /// Stores into these sections (named by a relocation in the store) never
  /// write memory a pointer reaches (flow/BranchCorrelation.h).
  NameMatcher PrivateDataSections;

  struct PvOps {
    std::string CallTable;
    std::vector<std::string> Tables;
    std::vector<std::string> InitSections;
    NameMatcher IgnoredTargets;
  } PvOps;

  struct Annotations {
    /// Whether instrumentation_begin()/end() leave markers in objects of
    /// this architecture at all (false on arm64: they compile to nothing).
    bool RegionMarkers = true;
    std::vector<std::string> BeginSections, EndSections, ReachableSections;
    /// Up to 6.13: the original instruction whose alternatives are not
    /// followed (ANNOTATE_IGNORE_ALTERNATIVE).
    std::vector<std::string> IgnoreAltsSections;
    std::string AnnotateSection;
    /// .discard.annotate_insn type numbers (0: the kernel has no such
    /// type). IgnoreAltsType marks a side of an alternative that is not
    /// followed; TypesWithoutEffect are known types that do not change what
    /// the noinstr check sees.
    uint32_t BeginType = 0, EndType = 0, ReachableType = 0;
    uint32_t IgnoreAltsType = 0, IntraFunctionCallType = 0;
    std::vector<uint32_t> TypesWithoutEffect;
    std::string NonStandardSection;
    std::string IntraFunctionCallSection;
    TableLayout UnwindHints;
  } Annotations;

  TableLayout Alternatives, JumpLabels, Exceptions;
  /// The bit of an alternative's feature word that inverts it (x86
  /// ALT_FLAG_NOT << ALT_FLAGS_SHIFT; 0: none).
  uint32_t AlternativeNotMask = 0;
  /// The low bits of a jump-label entry's key address that are flags, and
  /// among them the branch bit (include/linux/jump_label.h).
  uint32_t JumpLabelKeyFlagsMask = 0, JumpLabelBranchMask = 0;
  std::string ReplacementSection;
  /// CPU features whose alternatives objtool checks on one side only.
  std::vector<uint32_t> SkipOriginalFeatures, SkipReplacementFeatures;
  /// Whether objtool ends its walk at a noreturn call in replacement code
  /// (6.15+) or walks on past it (before: annotate_call_site() skipped
  /// .altinstr_replacement). Only the objtool prediction depends on it: the
  /// call never returns either way.
  bool ObjtoolReplacementNoreturnEndsPath = true;
  /// CPU feature bit -> the kernel's name for it (X86_FEATURE_ALWAYS),
  /// per kernel version (rules/30-*-cpufeatures.json).
  std::map<uint32_t, std::string> CpuFeatures;
  /// The kernel's name of \p Bit, or "CPU feature <bit>" without one.
  std::string cpuFeatureName(uint32_t Bit) const;

  EntryRules Entry;
  SourceRules Source;
  ExplainRules Explain;
  std::vector<Waiver> Waivers;
};

/// What a built-in rules file applies to (its "match"), for --version.
struct RulesFileMatch {
  std::string File; ///< name inside the rules directory
  std::string Arch; ///< empty: every architecture
  std::string MinKernel, MaxKernel; ///< empty: unbounded
};
llvm::Expected<std::vector<RulesFileMatch>>
listRulesFiles(const std::string &RulesDir);

/// Loads the rules for \p Arch ("x86_64", "arm64") and kernel \p Version
/// from \p RulesDir, then merges \p ExtraFiles on top. A version outside
/// the range the architecture's bounded files cover, or an unknown one, gets
/// the rules of the newest version they know (and, when known, a
/// VersionNote). Errors name the offending file.
llvm::Expected<RuleSet> loadRuleSet(const std::string &RulesDir,
                                    const std::string &Arch,
                                    std::optional<KernelVersion> Version,
                                    const std::vector<std::string> &ExtraFiles);

} // namespace noinstr
