//===- SpecialFlowTest.cpp - flow added by the kernel's tables ------------===//
//
// Alternatives, jump labels, exception fixups and cold parts create paths
// the instructions alone do not show; a call on such a path is checked.
//
//===----------------------------------------------------------------------===//
#include "ObjectSpec.h"
#include "TestObject.h"

#include <cstdio>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace noinstr;
using namespace noinstr::test;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

namespace {

const char *Nop5 = "0f1f440000";

TEST(SpecialFlow, CallInAlternativeReplacementCountsAtTheOriginal) {
  ObjectSpec S;
  S.Functions = {{"f", ".noinstr.text", std::string(Nop5) + "c3"},
                 {"repl", ".altinstr_replacement", "e800000000", {{1, "g"}}}};
  // orig = f+0, replacement = .altinstr_replacement+0, feature 0x12,
  // orig_len 5, replacement_len 5.
  S.ExtraSections =
      tableSection(".altinstructions",
            "00000000"
            "00000000"
            "12000000"
            "05"
            "05",
            {{0, ".noinstr.text", 0}, {4, ".altinstr_replacement", 0}});
  auto R = analyzeYaml({S.yaml()});
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  EXPECT_THAT(summarize(*R), ElementsAre("noinstr-call g@f+0x0"));
  EXPECT_NE(R->Findings[0].Notes.front().find("alternative"),
            std::string::npos);
}

TEST(SpecialFlow, EmptyReplacementSkipsTheOriginal) {
  // The original is a call; the kernel may patch it away (replacement of
  // length 0). The call is still checked on the original path.
  ObjectSpec S;
  S.Functions = {{"f", ".noinstr.text", "e800000000c3", {{1, "g"}}}};
  S.ExtraSections = tableSection(".altinstructions",
                          "00000000"
                          "00000000"
                          "12000000"
                          "05"
                          "00",
                          {{0, ".noinstr.text", 0}, {4, ".noinstr.text", 5}});
  EXPECT_THAT(runSummary(S), ElementsAre("noinstr-call g@f+0x0"));
}

TEST(SpecialFlow, PopcntAlternativeChecksOnlyTheReplacementUpTo614) {
  // X86_FEATURE_POPCNT (4*32+23 = 0x97): objtool 6.12 checks only the
  // replacement; objtool 6.18 follows both sides like any alternative.
  ObjectSpec S;
  S.Functions = {
      {"f", ".noinstr.text", "e800000000c3", {{1, "__sw_hweight32"}}},
      {"repl", ".altinstr_replacement", "f30fb8c7"}};
  S.ExtraSections =
      tableSection(".altinstructions",
            "00000000"
            "00000000"
            "97000000"
            "05"
            "04",
            {{0, ".noinstr.text", 0}, {4, ".altinstr_replacement", 0}});
  S.Kernel = KernelVersion{6, 12};
  EXPECT_THAT(runSummary(S), IsEmpty());
  S.Kernel = KernelVersion{6, 18};
  EXPECT_THAT(runSummary(S), ElementsAre("noinstr-call __sw_hweight32@f+0x0"));
}

/// One .discard.annotate_insn entry {.long insn - ., .long Type}.
std::string annotation(unsigned Type, const std::string &Sym, long Addend) {
  char Hex[9];
  std::snprintf(Hex, sizeof Hex, "%02x000000", Type);
  return tableSection(".discard.annotate_insn", std::string("00000000") + Hex,
               {{0, Sym, Addend}});
}

TEST(SpecialFlow, IntraFunctionCallAnnotationIsAJump) {
  // RSB stuffing in a replacement (write_ibpb, FILL_RETURN_BUFFER): the
  // annotated "call 1f" is a jump to 1f, not a call leaving noinstr code.
  ObjectSpec S;
  S.Functions = {{"f", ".noinstr.text", std::string(Nop5) + "c3"},
                 {"repl", ".altinstr_replacement", "e800000000cc" "90"}};
  S.ExtraSections =
      tableSection(".altinstructions",
            "00000000"
            "00000000"
            "10000000"
            "05"
            "07",
            {{0, ".noinstr.text", 0}, {4, ".altinstr_replacement", 0}}) +
      annotation(7, ".altinstr_replacement", 0);
  EXPECT_THAT(runSummary(S), IsEmpty());
}

TEST(SpecialFlow, IgnoreAltsAnnotationSkipsTheAnnotatedSide) {
  // f: call g (original, 5 bytes) ; ret.  Replacement: call h.
  auto Spec = [](long AnnotatedAt, const char *Section) {
    ObjectSpec S;
    S.Functions = {
        {"f", ".noinstr.text", "e800000000c3", {{1, "g"}}},
        {"repl", ".altinstr_replacement", "e800000000", {{1, "h"}}}};
    S.ExtraSections =
        tableSection(".altinstructions",
              "00000000"
              "00000000"
              "10000000"
              "05"
              "05",
              {{0, ".noinstr.text", 0}, {4, ".altinstr_replacement", 0}}) +
        annotation(6, Section, AnnotatedAt);
    return S;
  };
  EXPECT_THAT(runSummary(Spec(0, ".noinstr.text")),
              ElementsAre("noinstr-call h@f+0x0"));
  EXPECT_THAT(runSummary(Spec(0, ".altinstr_replacement")),
              ElementsAre("noinstr-call g@f+0x0"));
}

TEST(SpecialFlow, ReachableAnnotationOnANoreturnCall) {
  // f: call panic ; call g ; ret: annotated reachable (idtentry's
  // "call \cfunc"), the path goes on after the noreturn call.
  ObjectSpec S;
  S.Functions = {{"f", ".noinstr.text", "e800000000e800000000c3",
                  {{1, "panic"}, {6, "g"}}}};
  EXPECT_THAT(runSummary(S), ElementsAre("noinstr-call panic@f+0x0"));
  S.ExtraSections = annotation(8, ".noinstr.text", 0);
  EXPECT_THAT(runSummary(S), ElementsAre("noinstr-call panic@f+0x0",
                                         "noinstr-call g@f+0x5"));
}

TEST(SpecialFlow, SystemCallEndsThePathUpTo614) {
  // f: syscall ; call g ; ret. objtool 6.12 decodes syscall as a context
  // switch (the path ends), 6.18 as INSN_SYSCALL (it goes on).
  ObjectSpec S;
  S.Functions = {{"f", ".noinstr.text", "0f05e800000000c3", {{3, "g"}}}};
  S.Kernel = KernelVersion{6, 12};
  EXPECT_THAT(runSummary(S), IsEmpty());
  S.Kernel = KernelVersion{6, 18};
  EXPECT_THAT(runSummary(S), ElementsAre("noinstr-call g@f+0x2"));
}

TEST(SpecialFlow, JumpLabelTargetIsReachable) {
  // f: nop5 (jump label) ; ret ; call g ; ret  -- the call is reachable only
  // when the static key flips the NOP into a JMP to f+6.
  ObjectSpec S;
  S.Functions = {
      {"f", ".noinstr.text", std::string(Nop5) + "c3e800000000c3", {{7, "g"}}}};
  S.ExtraSections = tableSection("__jump_table",
                          "00000000"
                          "00000000"
                          "0000000000000000",
                          {{0, ".noinstr.text", 0}, {4, ".noinstr.text", 6}});
  EXPECT_THAT(runSummary(S), ElementsAre("noinstr-call g@f+0x6"));
}

TEST(SpecialFlow, ExceptionFixupIsReachable) {
  // f: mov (%rdi),%eax ; ret ; call g ; ret -- the fixup at f+3 runs when
  // the load faults.
  ObjectSpec S;
  S.Functions = {{"f", ".noinstr.text", "8b07c3e800000000c3", {{4, "g"}}}};
  S.ExtraSections = tableSection("__ex_table",
                          "00000000"
                          "00000000"
                          "00000000",
                          {{0, ".noinstr.text", 0}, {4, ".noinstr.text", 3}});
  EXPECT_THAT(runSummary(S), ElementsAre("noinstr-call g@f+0x3"));
}

TEST(SpecialFlow, ColdPartIsWalkedWithItsParent) {
  // f jumps (through a section-relative relocation, as gcc emits it) to
  // f.cold in another section, which calls g and jumps back.
  ObjectSpec S;
  S.Functions = {{"f", ".noinstr.text", "7405c3"},
                 {"f.cold",
                  ".text.unlikely",
                  "e800000000c3",
                  {{1, "g"}},
                  /*Global=*/false}};
  // Patch f: "je" cannot reach another section; use jmp rel32 with a
  // relocation against .text.unlikely instead.
  S.Functions[0].Hex = "e900000000";
  S.ExtraSections = "  - Name: .rela.noinstr.text\n    Type: SHT_RELA\n"
                    "    Info: .noinstr.text\n    Relocations:\n"
                    "      - Offset: 1\n        Symbol: .text.unlikely\n"
                    "        Type: R_X86_64_PC32\n        Addend: -4\n";
  EXPECT_THAT(runSummary(S), ElementsAre("noinstr-call g@f.cold+0x0"));
}

TEST(SpecialFlow, SwitchJumpTableIsNotADynamicCall) {
  // f: jmp *table(,%rdi,8) with the table in .rodata pointing at f+7 and
  // f+13; the case at f+13 calls g.
  ObjectSpec S;
  S.Functions = {{"f",
                  ".noinstr.text",
                  "ff24fd00000000"
                  "c3"
                  "9090909090"
                  "e800000000c3",
                  {{14, "g"}}}};
  S.ExtraSections =
      "  - Name: .rodata\n    Type: SHT_PROGBITS\n    Flags: [ SHF_ALLOC ]\n"
      "    Content: \"00000000000000000000000000000000\"\n"
      "  - Name: .rela.rodata\n    Type: SHT_RELA\n    Info: .rodata\n"
      "    Relocations:\n"
      "      - Offset: 0\n        Symbol: .noinstr.text\n"
      "        Type: R_X86_64_64\n        Addend: 7\n"
      "      - Offset: 8\n        Symbol: .noinstr.text\n"
      "        Type: R_X86_64_64\n        Addend: 13\n"
      "  - Name: .rela.noinstr.text\n    Type: SHT_RELA\n"
      "    Info: .noinstr.text\n    Relocations:\n"
      "      - Offset: 3\n        Symbol: .rodata\n"
      "        Type: R_X86_64_32S\n        Addend: 0\n"
      "      - Offset: 14\n        Symbol: g\n"
      "        Type: R_X86_64_PLT32\n        Addend: -4\n";
  S.Functions[0].Rel32.clear(); // relocations are spelled out above
  S.ExtraSymbols = "  - Name: .rodata\n    Type: STT_SECTION\n"
                   "    Section: .rodata\n"
                   "  - Name: g\n    Binding: STB_GLOBAL\n";
  EXPECT_THAT(runSummary(S), ElementsAre("noinstr-call g@f+0xd"));
}

} // namespace
