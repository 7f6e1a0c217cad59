//===- AArch64Test.cpp - arm64 objects: decoder, relocations, regions -----===//
//
// AArch64 instructions are hand-encoded words (little-endian hex below).
// arm64 objects carry no instrumentation markers: calls out of noinstr code
// are implied regions, checked only by the entry-path ordering rule.
//
//===----------------------------------------------------------------------===//
#include "ObjectSpec.h"
#include "TestObject.h"

#include "noinstr/disasm/InstructionDecoder.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/ELF.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace noinstr;
using namespace noinstr::test;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

namespace {

const char *Bl = "00000094", *B = "00000014", *Ret = "c0035fd6",
           *Nop = "1f2003d5";

Instruction decode(const std::string &Hex, uint64_t Offset = 0x100) {
  auto D = InstructionDecoder::create(llvm::ELF::EM_AARCH64);
  if (!D) {
    ADD_FAILURE() << llvm::toString(D.takeError());
    return {};
  }
  std::string Bytes = llvm::fromHex(Hex);
  return (*D)->decode(llvm::arrayRefFromStringRef(Bytes), Offset);
}

TEST(AArch64Decoder, Categories) {
  struct Case {
    const char *Hex, *What;
    InsnKind Kind;
  } Cases[] = {
      {"00000094", "bl", InsnKind::Call},
      {"00003fd6", "blr x0", InsnKind::IndirectCall},
      {"01083fd7", "blraa x0, x1", InsnKind::IndirectCall},
      {"00000014", "b", InsnKind::Jump},
      {"40000054", "b.eq", InsnKind::CondJump},
      {"400000b4", "cbz x0", InsnKind::CondJump},
      {"400000b5", "cbnz x0", InsnKind::CondJump},
      {"40000036", "tbz w0, #0", InsnKind::CondJump},
      {"40000037", "tbnz w0, #0", InsnKind::CondJump},
      {"00001fd6", "br x0", InsnKind::IndirectJump},
      {"1f081fd6", "braaz x0", InsnKind::IndirectJump},
      {"c0035fd6", "ret", InsnKind::Return},
      {"ff0b5fd6", "retaa", InsnKind::Return},
      {"e0039fd6", "eret", InsnKind::ContextSwitch},
      {"000021d4", "brk #0x800 (BUG and WARN alike)", InsnKind::Other},
      {"1f2003d5", "nop", InsnKind::Other},
      {"ffffffff", "not an instruction", InsnKind::Invalid},
  };
  for (const Case &C : Cases) {
    Instruction I = decode(C.Hex);
    EXPECT_EQ(I.Kind, C.Kind) << C.What;
    EXPECT_EQ(I.Length, 4) << C.What;
  }
}

TEST(AArch64Decoder, BranchTargetsFromTheEncoding) {
  EXPECT_EQ(decode("02000094").Target, 0x108u);      // bl .+8
  EXPECT_EQ(decode("ffffff17").Target, 0xfcu);       // b .-4
  EXPECT_EQ(decode("40000054").Target, 0x108u);      // b.eq .+8
  EXPECT_EQ(decode("400000b4").Target, 0x108u);      // cbz x0, .+8
  EXPECT_EQ(decode("40000036").Target, 0x108u);      // tbz w0, #0, .+8
  EXPECT_FALSE(decode("00003fd6").Target);           // blr x0
  EXPECT_EQ(decode("0000").Kind, InsnKind::Invalid); // truncated word
}

/// The analysis of \p S with the arm64 rules and \p Extra on top.
Report runWithRules(const ObjectSpec &S, const std::string &Extra) {
  auto R = analyzeYaml({S.yaml()}, {Extra});
  if (!R) {
    ADD_FAILURE() << llvm::toString(R.takeError());
    return {};
  }
  return std::move(*R);
}

const char *WithMarkers = R"({"schema": "noinstr-check-rules/1",
  "annotations": {"region_markers": true}})";

// In a .o, "bl g" and "b g" encode offset 0: the target is the relocation's
// symbol plus addend, with no PC bias (x86's PLT32 carries -4).
TEST(AArch64Relocations, Call26AndJump26NameTheirTargets) {
  ObjectSpec S;
  S.AArch64 = true;
  S.Functions = {{"f", ".noinstr.text", std::string(Bl) + Nop + B, {{0, "g"}}},
                 {"h", ".noinstr.text", std::string(Ret)}};
  S.Functions[0].Jump26 = {{8, "k"}};
  // Were there markers, both would be calls out of noinstr code.
  EXPECT_THAT(summarize(runWithRules(S, WithMarkers)),
              ElementsAre("noinstr-call g@f+0x0", "noinstr-call k@f+0x8"));
}

TEST(AArch64Relocations, SectionRelativeCallTargetsTheFunctionThere) {
  // bl .text+4: the second function in .text (a section-symbol
  // relocation, as gcc emits for static functions in another section).
  ObjectSpec S;
  S.AArch64 = true;
  S.Functions = {{"f", ".noinstr.text", std::string(Bl) + Ret, {}},
                 {"a", ".text", Ret},
                 {"b", ".text", Ret}};
  ObjectSpec T = S;
  T.Functions[0].Rel32 = {{0, ".text"}};
  std::string Y = T.yaml();
  size_t At = Y.find("Type: R_AARCH64_CALL26\n        Addend: 0");
  ASSERT_NE(At, std::string::npos);
  Y.replace(Y.find("Addend: 0", At), 9, "Addend: 4");
  auto R = analyzeYaml({Y}, {WithMarkers});
  ASSERT_OK(R);
  EXPECT_THAT(summarize(*R), ElementsAre("noinstr-call b@f+0x0"));
}

TEST(AArch64Regions, CallsOutOfNoinstrAreImpliedRegions) {
  ObjectSpec S;
  S.AArch64 = true;
  S.Functions = {{"f", ".noinstr.text", std::string(Bl) + Ret, {{0, "g"}}}};
  Report R = runSpec(S);
  EXPECT_THAT(summarize(R), IsEmpty());
  EXPECT_THAT(R.Remarks, Contains(HasSubstr("compile_commands.json")));
}

/// Gives the object the linux_banner of kernel \p Release: the arm64 entry
/// helpers are rules bounded by kernel version (rules/21-arm64-entry-*.json).
void setKernelRelease(ObjectSpec &S, const std::string &Release) {
  std::string Banner = "Linux version " + Release;
  S.ExtraSections += "  - Name: .rodata\n"
                     "    Type: SHT_PROGBITS\n"
                     "    Flags: [ SHF_ALLOC ]\n"
                     "    Content: \"" +
                     llvm::toHex(Banner) + "00\"\n";
  S.ExtraSymbols += "  - Name: linux_banner\n"
                    "    Type: STT_OBJECT\n"
                    "    Section: .rodata\n"
                    "    Size: " +
                    std::to_string(Banner.size() + 1) + "\n";
}

// el1h_64_sync_handler starts RAW (rules/11-arm64-entry.json): an
// instrumentable call before enter_from_kernel_mode() or after
// exit_to_kernel_mode() (6.12: rules/21-arm64-entry-to-6.17.json) is outside
// the established state.
TEST(AArch64Regions, OrderingRuleStillApplies) {
  ObjectSpec S;
  S.AArch64 = true;
  setKernelRelease(S, "6.12.0");
  std::string Code;
  for (int I = 0; I < 5; ++I)
    Code += Bl;
  S.Functions = {{"el1h_64_sync_handler",
                  ".noinstr.text",
                  Code + Ret,
                  {{0, "early"},
                   {4, "enter_from_kernel_mode"},
                   {8, "do_mem_abort"},
                   {12, "exit_to_kernel_mode"},
                   {16, "late"}}}};
  EXPECT_THAT(runSummary(S), ElementsAre("entry-region-before-establish "
                                         "early@el1h_64_sync_handler+0x0",
                                         "entry-region-after-teardown "
                                         "late@el1h_64_sync_handler+0x10"));
}

TEST(AArch64Regions, HooksAndNestedNmiEntry) {
  ObjectSpec S;
  S.AArch64 = true;
  setKernelRelease(S, "6.12.0");
  std::string Code;
  for (int I = 0; I < 6; ++I)
    Code += Bl;
  S.Functions = {{"el1h_64_error_handler",
                  ".noinstr.text",
                  Code + Ret,
                  {{0, "task_isolation_kernel_enter"},
                   {4, "enter_from_kernel_mode"},
                   {8, "arm64_enter_nmi"},
                   {12, "arm64_exit_nmi.isra.0"},
                   {16, "do_more"},
                   {20, "exit_to_kernel_mode"}}}};
  // The NMI pair nests inside the established state: do_more still runs
  // established, and arm64_enter_nmi is no double establishment.
  EXPECT_THAT(runSummary(S),
              ElementsAre("entry-hook-before-establish "
                          "task_isolation_kernel_enter@el1h_64_error_handler+"
                          "0x0"));
}

// 6.18 (rules/21-arm64-entry-6.18.json): the SError-from-EL0 path nests the
// generic irqentry_nmi_enter()/irqentry_nmi_exit() inside the established
// state, and irqentry_exit() tears down; the 6.12 helpers mean nothing there.
ObjectSpec serrorHandlerOf(const std::string &Release) {
  ObjectSpec S;
  S.AArch64 = true;
  setKernelRelease(S, Release);
  std::string Code;
  for (int I = 0; I < 6; ++I)
    Code += Bl;
  S.Functions = {{"el1h_64_error_handler",
                  ".noinstr.text",
                  Code + Ret,
                  {{0, "irqentry_enter"},
                   {4, "irqentry_nmi_enter"},
                   {8, "do_serror"},
                   {12, "irqentry_nmi_exit"},
                   {16, "irqentry_exit"},
                   {20, "late"}}}};
  return S;
}

TEST(AArch64Regions, GenericIrqEntryFrom618) {
  EXPECT_THAT(runSummary(serrorHandlerOf("6.18.2")),
              ElementsAre("entry-region-after-teardown "
                          "late@el1h_64_error_handler+0x14"));
  // The same calls in a 6.12 object: irqentry_* are not arm64's helpers
  // there, so nothing establishes and every call runs RAW.
  EXPECT_THAT(runSummary(serrorHandlerOf("6.12.0")),
              Contains("entry-region-before-establish "
                       "do_serror@el1h_64_error_handler+0x8"));
}

} // namespace
