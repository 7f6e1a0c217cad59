//===- BranchCorrelationTest.cpp - branches one decision makes together ---===//
//
// An idle entry (.cpuidle.text, initial state ESTABLISHED) that calls
// ct_idle_enter() under one test and ct_idle_exit() under a second test of
// the same thing is right when the two tests decide alike: the walk must
// not pair the enter of one side with the exit of the other. When the
// tested thing may change in between, both pairings are real and found.
//
//===----------------------------------------------------------------------===//
#include "ObjectSpec.h"
#include "TestObject.h"
#include "noinstr/flow/BranchCorrelation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace noinstr;
using namespace noinstr::test;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

namespace {

/// The findings of pairing the enter of one side with the exit of the
/// other: an exit that establishes again.
const auto Unpaired = Contains(HasSubstr("entry-double-establish ct_idle_exit"));

const char *Nop5 = "0f1f440000";

/// The idle entry and its two out-of-line transitions (noinstr code).
void addIdleEntry(ObjectSpec &S, FunctionSpec F) {
  S.Functions = {std::move(F), {"ct_idle_enter", ".noinstr.text", "c3"},
                 {"ct_idle_exit", ".noinstr.text", "c3"}};
  if (S.AArch64)
    S.Functions[1].Hex = S.Functions[2].Hex = "c0035fd6";
}

struct Site {
  unsigned Code, Target;
  std::string Key; ///< symbol
  unsigned KeyOffset; ///< its addend: the offset in it and the flag bits
};

/// __jump_table entries {code, target, key} into .cpuidle.text.
std::string jumpTable(const std::vector<Site> &Sites) {
  std::string Content;
  std::vector<TableField> Fields;
  for (size_t I = 0; I < Sites.size(); ++I) {
    unsigned Base = I * 16;
    Content += std::string(32, '0');
    Fields.push_back({Base, ".cpuidle.text", Sites[I].Code});
    Fields.push_back(
        {Base + 4, ".cpuidle.text", Sites[I].Target});
    Fields.push_back(
        {Base + 8, Sites[I].Key, Sites[I].KeyOffset, "R_X86_64_PC64"});
  }
  return tableSection("__jump_table", Content, Fields);
}

/// Two static keys in .data, 16 bytes apart.
const char *KeySymbols = "  - Name: .data\n    Type: STT_SECTION\n"
                         "    Section: .data\n"
                         "  - Name: idle_key\n    Type: STT_OBJECT\n"
                         "    Section: .data\n    Value: 0\n    Size: 16\n"
                         "    Binding: STB_GLOBAL\n"
                         "  - Name: other_key\n    Type: STT_OBJECT\n"
                         "    Section: .data\n    Value: 16\n    Size: 16\n"
                         "    Binding: STB_GLOBAL\n";
const char *DataSection = "  - Name: .data\n    Type: SHT_PROGBITS\n"
                          "    Flags: [ SHF_ALLOC, SHF_WRITE ]\n"
                          "    Content: \"" 
                          "0000000000000000000000000000000000000000000000000000000000000000"
                          "\"\n";

/// f: site1 (nop5, jumps to 10) ; call ct_idle_enter ; site2 (nop5) ;
///    jmp 22 ; call ct_idle_exit (17) ; ret (22).
/// Site 1 skips the enter when it jumps; site 2 jumps to the exit. So the
/// pairing is right when site 2 jumps exactly when site 1 does not: same
/// key, opposite branch bits (static_branch_unlikely() then
/// static_branch_likely(), a NOP and a JMP in the kernel's object).
ObjectSpec keyedIdle(const std::string &Key2, unsigned Branch2,
                     const std::string &Key1 = "idle_key") {
  ObjectSpec S;
  addIdleEntry(S, {"idle_keyed", ".cpuidle.text",
                   std::string(Nop5) + "e800000000" + Nop5 + "eb05" +
                       "e800000000" + "c3",
                   {{6, "ct_idle_enter"}, {18, "ct_idle_exit"}}});
  S.ExtraSections = std::string(DataSection) +
                    jumpTable({{0, 10, Key1, 0}, {10, 17, Key2, Branch2}});
  // Keys no input defines (a module's, defined by vmlinux).
  S.ExtraSymbols = std::string(KeySymbols) +
                   "  - Name: module_key\n    Binding: STB_GLOBAL\n"
                   "  - Name: module_other_key\n    Binding: STB_GLOBAL\n";
  return S;
}

TEST(BranchCorrelation, SitesOfOneStaticKeyDecideTogether) {
  EXPECT_THAT(runSummary(keyedIdle("idle_key", 1)), IsEmpty());
  // The x86 encoding sets bit 1 (2 | branch): a flag, not the key.
  EXPECT_THAT(runSummary(keyedIdle("idle_key", 3)), IsEmpty());
}

TEST(BranchCorrelation, BranchBitGivesTheSense) {
  // Both sites jump when the key is enabled: the exit runs exactly when
  // the enter did not.
  EXPECT_THAT(runSummary(keyedIdle("idle_key", 0)), Unpaired);
}

TEST(BranchCorrelation, SitesOfTwoKeysDecideApart) {
  EXPECT_THAT(runSummary(keyedIdle("other_key", 1)), Unpaired);
}

TEST(BranchCorrelation, KeyDefinedInNoInputIsItsSymbol) {
  EXPECT_THAT(runSummary(keyedIdle("module_key", 1, "module_key")), IsEmpty());
  EXPECT_THAT(runSummary(keyedIdle("module_key", 0, "module_key")), Unpaired);
  EXPECT_THAT(runSummary(keyedIdle("module_other_key", 1, "module_key")),
              Unpaired);
  // The addend's offset in the key counts, its flag bits do not.
  EXPECT_THAT(runSummary(keyedIdle("module_key", 3, "module_key")), IsEmpty());
  EXPECT_THAT(runSummary(keyedIdle("module_key", 17, "module_key")), Unpaired);
}

/// f: call ct_idle_enter ; call ct_idle_exit ; ret, each call an
/// alternative's original with an empty replacement (patched away when
/// the feature word's condition holds).
ObjectSpec featuredIdle(const std::string &Word1, const std::string &Word2) {
  ObjectSpec S;
  addIdleEntry(S, {"idle_featured", ".cpuidle.text", "e800000000e800000000c3",
                   {{1, "ct_idle_enter"}, {6, "ct_idle_exit"}}});
  S.ExtraSections =
      tableSection(".altinstructions",
            "00000000" "00000000" + Word1 + "05" "00" +
            "00000000" "00000000" + Word2 + "05" "00",
            {{0, ".cpuidle.text", 0},
             {4, ".cpuidle.text", 5},
             {14, ".cpuidle.text", 5},
             {18, ".cpuidle.text", 10}});
  return S;
}

TEST(BranchCorrelation, AlternativesOfOneFeatureDecideTogether) {
  EXPECT_THAT(runSummary(featuredIdle("12000000", "12000000")), IsEmpty());
  // ALT_NOT() on the second: its call goes exactly when the first stays.
  EXPECT_THAT(runSummary(featuredIdle("12000000", "12000100")), Unpaired);
  EXPECT_THAT(runSummary(featuredIdle("12000000", "13000000")), Unpaired);
}

/// x86: Before ; testb $0x40,0x40(%rbx) ; jne +5 ; call ct_idle_enter ;
///      Between ; testb $0x40,0x40(%rbx) ; jne +5 ; call ct_idle_exit ; ret.
ObjectSpec testedIdle(const std::string &Between,
                      const std::string &Before = "") {
  ObjectSpec S;
  unsigned Enter = 7 + Before.size() / 2;
  unsigned Exit = Enter + 10 + Between.size() / 2;
  addIdleEntry(S, {"idle_tested", ".cpuidle.text",
                   Before + "f6434040" "7505" "e800000000" + Between +
                       "f6434040" "7505" "e800000000" "c3",
                   {{Enter, "ct_idle_enter"}, {Exit, "ct_idle_exit"}}});
  return S;
}

TEST(BranchCorrelation, RepeatedTestOfMemoryDecidesOnce) {
  // %rbx is callee-saved: the call does not change the address.
  EXPECT_THAT(runSummary(testedIdle("")), IsEmpty());
}

TEST(BranchCorrelation, RepeatedKeysLeaveRoomForATest) {
  // Before the tests, two sites of each of BranchFacts::Capacity keys
  // (keys at .data+0, +16, ...; each site goes on where it would jump): the
  // path records every key, and still the memory test.
  std::string Before;
  std::vector<Site> Sites;
  for (unsigned I = 0; I < 2 * BranchFacts::Capacity; ++I) {
    Before += Nop5;
    Sites.push_back({I * 5, I * 5 + 5, ".data",
                     unsigned(I % BranchFacts::Capacity) * 16});
  }
  ObjectSpec S = testedIdle("", Before);
  S.ExtraSections =
      "  - Name: .data\n    Type: SHT_PROGBITS\n"
      "    Flags: [ SHF_ALLOC, SHF_WRITE ]\n    Content: \"" +
      std::string(32 * BranchFacts::Capacity, '0') + "\"\n" +
      jumpTable(Sites);
  S.ExtraSymbols = "  - Name: .data\n    Type: STT_SECTION\n"
                   "    Section: .data\n";
  EXPECT_THAT(runSummary(S), IsEmpty());
}

TEST(BranchCorrelation, ChangedRegisterOrMemoryLeavesBothSides) {
  EXPECT_THAT(runSummary(testedIdle("4889c3")), Unpaired);   // mov %rax,%rbx
  EXPECT_THAT(runSummary(testedIdle("c6434000")), Unpaired); // movb $0,0x40(%rbx)
}

/// arm64: ldr w1,[x19,#16] ; tbnz w1,#6,+8 ; bl ct_idle_enter ; Between ;
///        ldr w1,[x19,#16] ; tbnz w1,#6,+8 ; bl ct_idle_exit ; ret.
ObjectSpec loadedIdle(const std::string &Between) {
  ObjectSpec S;
  S.AArch64 = true;
  unsigned Exit = 20 + Between.size() / 2;
  addIdleEntry(S, {"idle_loaded", ".cpuidle.text",
                   "611240b9" "41003037" "00000094" + Between +
                       "611240b9" "41003037" "00000094" "c0035fd6",
                   {{8, "ct_idle_enter"}, {Exit, "ct_idle_exit"}}});
  return S;
}

TEST(BranchCorrelation, Arm64LoadAndBitTestDecidesOnce) {
  // The register is loaded again before the second test: it stands for
  // the same load while x19 and the memory are unchanged.
  EXPECT_THAT(runSummary(loadedIdle("")), IsEmpty());
  EXPECT_THAT(runSummary(loadedIdle("7f1200b9")), Unpaired); // str wzr,[x19,#16]
  EXPECT_THAT(runSummary(loadedIdle("f30300aa")), Unpaired); // mov x19,x0
}

} // namespace
