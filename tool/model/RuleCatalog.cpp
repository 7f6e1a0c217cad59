//===- RuleCatalog.cpp - rule ids, severities and help --------------------===//
//
// Rule ids are stable: baselines, waivers and SARIF results refer to them.
// Add new ids (an enumerator in RuleCatalog.h and an entry here, both in id
// order); never rename one.
//
//===----------------------------------------------------------------------===//
#include "noinstr/model/RuleCatalog.h"

#include "llvm/Support/ErrorHandling.h"

#include <algorithm>
#include <iterator>
#include <string_view>

namespace noinstr {

static constexpr RuleInfo Catalog[] = {
    {RuleId::DecodeError, "decode-error", RuleKind::Coverage, Severity::Warning,
     "undecodable instruction in noinstr code",
     "The disassembler could not decode an instruction on a checked path, so "
     "the paths through it were not checked. Report it to the noinstr-check "
     "developers with the kernel version and config."},
    // The entry rules name the establishing and teardown calls and the hooks
    // per architecture (rules/11-*-entry.json), and a finding's fix hint
    // names the usual ones (rules/12-explain.json): none are named here.
    // Help naming an architecture's instructions, tables or tools is that
    // architecture's (rules key explain.rule_help); the text here is the
    // one every architecture may use.
    {RuleId::EntryDoubleEstablish, "entry-double-establish", RuleKind::Ordering,
     Severity::Warning, "state established twice on an entry path",
     "An establishing call (one the architecture's entry rules list) runs "
     "when the entry path is already established. The pair is unbalanced: "
     "the matching teardown will run twice or at the wrong depth. Remove the "
     "second establishing call."},
    {RuleId::EntryHookAfterTeardown, "entry-hook-after-teardown",
     RuleKind::Ordering, Severity::Error,
     "hook called after the entry state was torn down",
     "A configured hook (task isolation, accounting, ...) runs after a "
     "teardown call handed the CPU back: RCU may no longer watch and context "
     "tracking says user/idle/guest. Call it before the teardown."},
    {RuleId::EntryHookBeforeEstablish, "entry-hook-before-establish",
     RuleKind::Ordering, Severity::Error,
     "hook called before the entry state is established",
     "A configured hook runs before the entry path's establishing call: RCU "
     "may not be watching and lockdep/context tracking are stale. Move the "
     "call after the establishing call, inside "
     "instrumentation_begin()/end()."},
    {RuleId::EntryRegionAfterTeardown, "entry-region-after-teardown",
     RuleKind::Ordering, Severity::Error,
     "instrumentation region opened after the entry state was torn down",
     "instrumentation_begin() runs after a teardown call handed the CPU back "
     "to user, idle or guest mode: RCU may no longer watch (nohz_full, idle, "
     "guest), so tracers, kprobes and sanitizers break. Do the work before "
     "the teardown."},
    {RuleId::EntryRegionBeforeEstablish, "entry-region-before-establish",
     RuleKind::Ordering, Severity::Error,
     "instrumentation region opened before the entry state is established",
     "instrumentation_begin() runs (directly or in a noinstr helper) before "
     "the entry path established RCU and context tracking with an "
     "establishing call: anything instrumentable in the region may run with "
     "RCU not watching. Move the call after the establishing call. objtool "
     "cannot see this: the call is inside a region."},
    {RuleId::EntryTeardownWithoutEstablish, "entry-teardown-without-establish",
     RuleKind::Ordering, Severity::Warning,
     "teardown on an entry path that never established",
     "A teardown call runs on a path of an entry point that starts RAW and "
     "has not established the state: the pair is unbalanced."},
    {RuleId::NoinstrCall, "noinstr-call", RuleKind::Call, Severity::Error,
     "call from noinstr code to instrumentable code",
     "Code in .noinstr.text, .entry.text or .cpuidle.text runs where tracing, "
     "kprobes, sanitizers and lockdep may not work (RCU not watching, context "
     "tracking not established). A call from it may reach instrumentable "
     "code only inside instrumentation_begin()/instrumentation_end(). Mark "
     "the callee noinstr or __always_inline, use a raw_/arch_ variant, or "
     "wrap the call in an instrumentation region once state is established."},
    {RuleId::NoinstrIndirectCall, "noinstr-indirect-call", RuleKind::Call,
     Severity::Error,
     "indirect call from noinstr code outside an instrumentation region",
     "An indirect call (through a function pointer or a call table) may land "
     "in instrumentable code. Call the noinstr target directly, or move the "
     "call inside instrumentation_begin()/instrumentation_end()."},
    {RuleId::NoinstrProfilingCall, "noinstr-profiling-call", RuleKind::Call,
     Severity::Warning,
     "compiler-inserted coverage/sanitizer hook in noinstr code",
     "The compiler emitted a KCOV or TSAN hook call in noinstr code: it "
     "ignored the no-instrumentation attributes noinstr implies "
     "(include/linux/compiler_types.h). Check the compiler flags of the "
     "file."},
    {RuleId::ObjtoolOnly, "objtool-only", RuleKind::Coverage, Severity::Note,
     "objtool reports a finding that is not a violation",
     "objtool 6.12 would print this line, but no path reaches the call "
     "outside an instrumentation region (for example: objtool ignores the "
     "begin markers of an object without end markers). Listed so that "
     "--format=objtool matches objtool's output; nothing to fix in the "
     "kernel."},
    {RuleId::RegionDepthMismatch, "region-depth-mismatch", RuleKind::Region,
     Severity::Warning,
     "paths join with different instrumentation region depths",
     "One path reaches this instruction inside an instrumentation region and "
     "another outside it, so code after the join is sometimes checked as "
     "instrumentable. Balance instrumentation_begin()/instrumentation_end() "
     "on every path."},
    {RuleId::RegionOpenNoreturn, "region-open-noreturn", RuleKind::Region,
     Severity::Note, "noreturn call with an instrumentation region open",
     "A noreturn function (panic, BUG, make_task_dead...) is called inside "
     "an instrumentation region that is never closed. This is harmless when "
     "it is the intent (die paths), but the region must not be left open on "
     "paths that continue."},
    {RuleId::RegionOpenTailCall, "region-open-tail-call", RuleKind::Region,
     Severity::Warning, "tail call with an instrumentation region open",
     "A tail call leaves this function with an instrumentation region open; "
     "the callee then runs with instrumentation allowed although it was not "
     "written for it. Close the region before the call."},
    {RuleId::RegionReturnOpen, "region-return-open", RuleKind::Region,
     Severity::Error, "return with an instrumentation region open",
     "A noinstr function returns inside instrumentation_begin() without the "
     "matching instrumentation_end(), so its caller continues as if "
     "instrumentation were allowed."},
    {RuleId::RegionUnmatchedEnd, "region-unmatched-end", RuleKind::Region,
     Severity::Warning, "instrumentation_end() without instrumentation_begin()",
     "An instrumentation_end() is reached on a path with no open region. "
     "The depth goes negative, which then cancels a later "
     "instrumentation_begin(). Balance the markers."},
    {RuleId::UnresolvedCallee, "unresolved-callee", RuleKind::Coverage,
     Severity::Note, "call from noinstr code to a function no input defines",
     "A kernel module calls a function that vmlinux or another module "
     "defines at load time, and that object was not among the inputs, so "
     "whether the callee is noinstr is unknown. Not a violation: give "
     "vmlinux.o and the other modules' pre-link objects too (or --build-dir) "
     "to check the call."},
};

/// The catalog is indexed by RuleId: one entry per enumerator, in order.
static constexpr bool indexedByRule() {
  if (std::size(Catalog) != RuleId::Count)
    return false;
  for (unsigned I = 0; I < RuleId::Count; ++I)
    if (Catalog[I].Rule.value() != I)
      return false;
  for (unsigned I = 1; I < RuleId::Count; ++I)
    if (std::string_view(Catalog[I - 1].Id.data(), Catalog[I - 1].Id.size()) >=
        std::string_view(Catalog[I].Id.data(), Catalog[I].Id.size()))
      return false;
  return true;
}
static_assert(indexedByRule(),
              "one catalog entry per RuleId, in RuleId and id order");

llvm::ArrayRef<RuleInfo> ruleCatalog() { return Catalog; }

const RuleInfo &ruleInfo(RuleId Rule) { return Catalog[Rule.value()]; }

std::optional<RuleId> ruleNamed(llvm::StringRef Id) {
  const RuleInfo *It = std::lower_bound(
      std::begin(Catalog), std::end(Catalog), Id,
      [](const RuleInfo &R, llvm::StringRef Id) { return R.Id < Id; });
  if (It == std::end(Catalog) || It->Id != Id)
    return std::nullopt;
  return It->Rule;
}

llvm::StringRef RuleId::str() const { return ruleInfo(*this).Id; }

RuleKind RuleId::kind() const { return ruleInfo(*this).Kind; }

} // namespace noinstr
