//===- SourceMapTest.cpp - source lines and inlined frames from DWARF -----===//
//
// The objects are compiled at test time (the DWARF a real compiler writes
// for a relocatable object is the point: relocations everywhere, every
// section at address 0), so these tests skip where no compiler is
// installed. Expected lines are found by markers in the source text.
//
//===----------------------------------------------------------------------===//
#include "TestObject.h"

#include "noinstr/debuginfo/SourceMap.h"
#include "noinstr/driver/BinaryAnalysis.h"
#include "noinstr/object/Program.h"

#include "llvm/Object/ELF.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

using namespace noinstr;
using namespace noinstr::test;

namespace {

// A noinstr function with an __always_inline helper that makes a call, in
// the same translation unit as an ordinary function at offset 0 of .text:
// both functions start at offset 0 of their sections.
const char *InlineSource =
    R"(#define noinstr __attribute__((noinline, section(".noinstr.text")))
#define __always_inline inline __attribute__((__always_inline__))
void traced(int);
int other(int x)
{
	return x * 3 + 1; /* OTHER */
}
static __always_inline void helper(int x)
{
	traced(x + 1); /* HELPER */
}
noinstr void entry(int x)
{
	helper(x); /* CALLER */
	traced(x);
}
)";

unsigned lineOf(const std::string &Source, const std::string &Marker) {
  std::istringstream In(Source);
  std::string Line;
  for (unsigned N = 1; std::getline(In, Line); ++N)
    if (Line.find(Marker) != std::string::npos)
      return N;
  return 0;
}

bool haveTool(const std::string &Tool) {
  return std::system((Tool + " --version >/dev/null 2>&1").c_str()) == 0;
}

/// Compiles \p Source with \p Command (a compiler and its flags) into
/// Dir/Name.o; returns the object path, or "" on failure.
std::string compile(const TempDir &Dir, const std::string &Name,
                    const std::string &Source, const std::string &Command) {
  std::string C = Dir.write(Name + ".c", Source);
  std::string O = Dir.path(Name + ".o");
  std::string Cmd = Command + " -c " + C + " -o " + O + " 2>&1";
  if (std::system(Cmd.c_str()) != 0) {
    ADD_FAILURE() << "failed: " << Cmd;
    return "";
  }
  return O;
}

std::unique_ptr<Program> load(const std::string &Path) {
  auto POrErr = Program::load({Path});
  if (!POrErr) {
    ADD_FAILURE() << toString(POrErr.takeError());
    return nullptr;
  }
  return std::move(*POrErr);
}

/// The call instruction whose relocation names \p Callee, first in \p Sec.
CodeAddress callTo(Program &P, const std::string &Sec,
                   const std::string &Callee) {
  SectionId Id = P.sectionsNamed(Sec).at(0);
  auto Relocs = P.relocationsIn(Id, 0, P.section(Id).Size);
  if (!Relocs) {
    ADD_FAILURE() << toString(Relocs.takeError());
    return {};
  }
  for (const Relocation &R : *Relocs)
    if (P.symbol(R.Symbol).Name == Callee)
      return {Id, R.Offset - 1}; // call rel32 / jmp rel32: one opcode byte
  ADD_FAILURE() << "no relocation against " << Callee << " in " << Sec;
  return {};
}

std::string fileName(const std::string &Path) {
  return Path.substr(Path.find_last_of('/') + 1);
}

// Compiler command lines (x86-64 output) to run the inlining test with.
class SourceMapCompilers : public ::testing::TestWithParam<const char *> {};

TEST_P(SourceMapCompilers, InlinedCallGivesHelperThenCaller) {
  std::string Command = GetParam();
  if (!haveTool(Command.substr(0, Command.find(' '))))
    GTEST_SKIP() << "no " << Command;
  TempDir Dir;
  std::string Obj = compile(Dir, "inline", InlineSource, Command);
  ASSERT_FALSE(Obj.empty());
  auto P = load(Obj);
  ASSERT_TRUE(P);
  Diagnostics Diags;
  SourceMap Map(*P, Diags);
  EXPECT_TRUE(Map.hasDebugInfo());

  CodeAddress Call = callTo(*P, ".noinstr.text", "traced");
  ASSERT_TRUE(Call.valid());
  EXPECT_TRUE(Map.hasDebugInfo(Call));
  auto Frames = Map.lookup(Call);
  ASSERT_OK(Frames);
  ASSERT_EQ(Frames->size(), 2u);
  EXPECT_EQ((*Frames)[0].Function, "helper");
  EXPECT_EQ((*Frames)[0].Line, lineOf(InlineSource, "HELPER"));
  EXPECT_EQ(fileName((*Frames)[0].File), "inline.c");
  EXPECT_EQ((*Frames)[0].File.front(), '/') << "absolute path expected";
  EXPECT_EQ((*Frames)[1].Function, "entry");
  EXPECT_EQ((*Frames)[1].Line, lineOf(InlineSource, "CALLER"));
  EXPECT_EQ(fileName((*Frames)[1].File), "inline.c");

  // Offset 0 of .text and offset 0 of .noinstr.text are different code.
  SectionId Text = P->sectionsNamed(".text").at(0);
  auto Other = Map.lookup({Text, 0});
  ASSERT_OK(Other);
  ASSERT_FALSE(Other->empty());
  EXPECT_EQ(Other->back().Function, "other");
  auto Entry = Map.lookup({Call.Section, 0});
  ASSERT_OK(Entry);
  ASSERT_FALSE(Entry->empty());
  EXPECT_EQ(Entry->back().Function, "entry");

  // One unit, parsed once for all these lookups (clang writes no
  // .debug_aranges: then every unit is also read once to find its ranges).
  bool HasAranges = !P->sectionsNamed(".debug_aranges").empty();
  EXPECT_EQ(Map.statistics().UnitsParsed, HasAranges ? 1u : 2u);
  EXPECT_TRUE(Diags.warnings().empty());
}

INSTANTIATE_TEST_SUITE_P(
    , SourceMapCompilers,
    ::testing::Values("gcc -g -O2", "gcc -gdwarf-4 -O2",
                      "clang-19 --target=x86_64-linux-gnu -g -O2"));

// AArch64 relocations (R_AARCH64_ABS64/ABS32); clang needs no cross
// toolchain to write an object.
TEST(SourceMap, AArch64Object) {
  if (!haveTool("clang-19"))
    GTEST_SKIP() << "no clang-19";
  TempDir Dir;
  std::string Obj = compile(Dir, "inline", InlineSource,
                            "clang-19 --target=aarch64-linux-gnu -g -O2");
  ASSERT_FALSE(Obj.empty());
  auto P = load(Obj);
  ASSERT_TRUE(P);
  Diagnostics Diags;
  SourceMap Map(*P, Diags);
  SectionId Noinstr = P->sectionsNamed(".noinstr.text").at(0);
  auto Relocs = P->relocationsIn(Noinstr, 0, P->section(Noinstr).Size);
  ASSERT_OK(Relocs);
  CodeAddress Call;
  for (const Relocation &R : *Relocs)
    if (P->symbol(R.Symbol).Name == "traced") {
      Call = {Noinstr, R.Offset}; // bl: the relocation is the instruction
      break;
    }
  ASSERT_TRUE(Call.valid());
  auto Frames = Map.lookup(Call);
  ASSERT_OK(Frames);
  ASSERT_EQ(Frames->size(), 2u);
  EXPECT_EQ((*Frames)[0].Function, "helper");
  EXPECT_EQ((*Frames)[0].Line, lineOf(InlineSource, "HELPER"));
  EXPECT_EQ((*Frames)[1].Function, "entry");
  EXPECT_EQ((*Frames)[1].Line, lineOf(InlineSource, "CALLER"));
}

TEST(SourceMap, NoDebugInfoGivesNoFrames) {
  if (!haveTool("gcc"))
    GTEST_SKIP() << "no gcc";
  TempDir Dir;
  std::string Obj = compile(Dir, "plain", InlineSource, "gcc -g0 -O2");
  ASSERT_FALSE(Obj.empty());
  auto P = load(Obj);
  ASSERT_TRUE(P);
  Diagnostics Diags;
  SourceMap Map(*P, Diags);
  EXPECT_FALSE(Map.hasDebugInfo());
  auto Frames = Map.lookup({P->sectionsNamed(".noinstr.text").at(0), 0});
  ASSERT_OK(Frames);
  EXPECT_TRUE(Frames->empty());
}

//===----------------------------------------------------------------------===//
// Malformed DWARF: a warning naming the object and the unit, never an
// error or a crash.
//===----------------------------------------------------------------------===//

using ELFT = llvm::object::ELF64LE;

/// The bytes of \p Path and the section header of \p Name in them.
struct ObjectBytes {
  std::string Bytes;
  size_t HeaderOffset = 0; ///< of the Elf64_Shdr
  uint64_t Offset = 0, Size = 0;

  ELFT::Shdr *header() {
    return reinterpret_cast<ELFT::Shdr *>(Bytes.data() + HeaderOffset);
  }
};

ObjectBytes readSection(const std::string &Path, const std::string &Name) {
  ObjectBytes Out;
  std::ifstream In(Path, std::ios::binary);
  Out.Bytes.assign(std::istreambuf_iterator<char>(In), {});
  auto Elf = llvm::object::ELF64LEFile::create(Out.Bytes);
  if (!Elf) {
    ADD_FAILURE() << toString(Elf.takeError());
    return Out;
  }
  auto Sections = cantFail(Elf->sections());
  for (const ELFT::Shdr &Sh : Sections)
    if (cantFail(Elf->getSectionName(Sh)) == Name) {
      Out.HeaderOffset = reinterpret_cast<const char *>(&Sh) - Out.Bytes.data();
      Out.Offset = Sh.sh_offset;
      Out.Size = Sh.sh_size;
      return Out;
    }
  ADD_FAILURE() << "no section " << Name;
  return Out;
}

void writeFile(const std::string &Path, const std::string &Bytes) {
  std::ofstream Out(Path, std::ios::binary);
  Out.write(Bytes.data(), Bytes.size());
}

class SourceMapMalformed : public ::testing::Test {
protected:
  void SetUp() override {
    if (!haveTool("gcc"))
      GTEST_SKIP() << "no gcc";
    Good = compile(Dir, "good", InlineSource, "gcc -g -O2");
    ASSERT_FALSE(Good.empty());
  }

  /// Loads \p Bytes as an object and looks up the call in .noinstr.text:
  /// the frames (an error only if the object cannot be read at all), and
  /// the warnings the lookup gave.
  llvm::Expected<std::vector<SourceLocation>>
  lookupIn(const std::string &Bytes, const std::string &Name,
           std::vector<std::string> &Warnings) {
    std::string Path = Dir.path(Name);
    writeFile(Path, Bytes);
    auto POrErr = Program::load({Path});
    if (!POrErr)
      return POrErr.takeError();
    Programs.push_back(std::move(*POrErr));
    Program &P = *Programs.back();
    Diagnostics Diags;
    SourceMap Map(P, Diags);
    SectionId Id = P.sectionsNamed(".noinstr.text").at(0);
    auto Frames = Map.lookup({Id, 4});
    Warnings = Diags.warnings();
    // Asking again gives the same answer and says nothing more: a broken
    // unit stays skipped, a whole one stays cached.
    if (Frames) {
      auto Again = Map.lookup({Id, 4});
      if (!Again)
        return Again.takeError();
      EXPECT_EQ(Again->size(), Frames->size());
      for (size_t I = 0; I < std::min(Again->size(), Frames->size()); ++I)
        EXPECT_EQ((*Again)[I].Line, (*Frames)[I].Line);
      EXPECT_EQ(Diags.warnings(), Warnings);
    }
    return Frames;
  }

  /// A damaged unit: no frames, one warning naming the object and the unit.
  void expectSkippedUnit(const std::string &Bytes, const std::string &Name) {
    std::vector<std::string> Warnings;
    auto Frames = lookupIn(Bytes, Name, Warnings);
    ASSERT_OK(Frames);
    EXPECT_TRUE(Frames->empty());
    ASSERT_EQ(Warnings.size(), 1u);
    EXPECT_EQ(Warnings[0].rfind(Dir.path(Name) + ": ", 0), 0u) << Warnings[0];
    EXPECT_NE(Warnings[0].find("the unit at .debug_info+0x0"),
              std::string::npos)
        << Warnings[0];
    EXPECT_EQ(Warnings[0].find('\n'), std::string::npos);
  }

  TempDir Dir;
  std::string Good;
  std::vector<std::unique_ptr<Program>> Programs;
};

TEST_F(SourceMapMalformed, TruncatedDebugInfoIsAWarning) {
  ObjectBytes O = readSection(Good, ".debug_info");
  ASSERT_GT(O.Size, 16u);
  // Cut the section short: the unit header now claims more bytes than the
  // section holds.
  O.header()->sh_size = O.Size / 2;
  expectSkippedUnit(O.Bytes, "truncated.o");
}

TEST_F(SourceMapMalformed, GarbageDiesAreAWarning) {
  ObjectBytes O = readSection(Good, ".debug_info");
  ASSERT_GT(O.Size, 64u);
  // Keep the unit header (12 bytes in DWARF 5), fill the DIEs with an
  // abbreviation code no table defines.
  for (uint64_t I = 12; I < O.Size; ++I)
    O.Bytes[O.Offset + I] = '\x7f';
  expectSkippedUnit(O.Bytes, "garbage.o");
}

TEST_F(SourceMapMalformed, BadUnitVersionIsAWarning) {
  ObjectBytes O = readSection(Good, ".debug_info");
  ASSERT_GT(O.Size, 16u);
  O.Bytes[O.Offset + 4] = 42; // version
  expectSkippedUnit(O.Bytes, "version.o");
}

// Random damage to every DWARF section the stage reads. It is never an
// error (the object is still an object) nor a crash; what the reader finds
// wrong is a warning, one line, naming the damaged object; a second lookup
// gives the first one's answer (lookupIn); and the damage does reach the
// reader: some rounds are caught.
TEST_F(SourceMapMalformed, RandomDamageIsAWarningOrAnAnswer) {
  std::mt19937 Rng(12345);
  std::string Path = Dir.path("damaged.o");
  int Warned = 0;
  for (const char *Name :
       {".debug_info", ".debug_abbrev", ".debug_line", ".debug_aranges",
        ".debug_rnglists", ".debug_line_str", ".debug_str"}) {
    ObjectBytes O = readSection(Good, Name);
    if (O.Size == 0)
      continue;
    for (int Round = 0; Round < 40; ++Round) {
      std::string Bytes = O.Bytes;
      int Flips = 1 + Rng() % 8;
      for (int F = 0; F < Flips; ++F)
        Bytes[O.Offset + Rng() % O.Size] = static_cast<char>(Rng());
      std::vector<std::string> Warnings;
      auto Frames = lookupIn(Bytes, "damaged.o", Warnings);
      ASSERT_OK(Frames);
      for (const std::string &W : Warnings) {
        EXPECT_EQ(W.rfind(Path + ": ", 0), 0u) << Name << ": " << W;
        EXPECT_EQ(W.find('\n'), std::string::npos) << W;
      }
      Warned += !Warnings.empty();
    }
  }
  EXPECT_GT(Warned, 0);
}

//===----------------------------------------------------------------------===//
// One damaged unit among whole ones: the whole ones still answer.
//===----------------------------------------------------------------------===//

const char *SecondSource =
    R"(#define noinstr __attribute__((noinline, section(".noinstr.text")))
void traced2(int);
noinstr void second(int x)
{
	traced2(x); /* SECOND */
}
)";

/// The offsets of the units in a .debug_info section (32-bit DWARF).
std::vector<uint64_t> unitOffsets(const ObjectBytes &Info) {
  std::vector<uint64_t> Out;
  for (uint64_t Pos = 0; Pos + 4 <= Info.Size;) {
    Out.push_back(Pos);
    Pos += 4 + llvm::support::endian::read32le(Info.Bytes.data() +
                                                Info.Offset + Pos);
  }
  return Out;
}

TEST(SourceMapDamagedUnit, OtherUnitsStillResolve) {
  if (!haveTool("gcc") || !haveTool("ld"))
    GTEST_SKIP() << "no gcc or ld";
  TempDir Dir;
  std::string A = compile(Dir, "inline", InlineSource, "gcc -g -O2");
  std::string B = compile(Dir, "second", SecondSource, "gcc -g -O2");
  ASSERT_FALSE(A.empty() || B.empty());
  std::string Linked = Dir.path("linked.o");
  ASSERT_EQ(std::system(("ld -r " + A + " " + B + " -o " + Linked).c_str()),
            0);
  ObjectBytes Info = readSection(Linked, ".debug_info");
  std::vector<uint64_t> Units = unitOffsets(Info);
  ASSERT_EQ(Units.size(), 2u);
  // The first unit (inline.c) ends right after its header: its DIEs are
  // cut off. The second unit's place is unchanged.
  llvm::support::endian::write32le(Info.Bytes.data() + Info.Offset, 8);
  std::string Damaged = Dir.path("damaged.o");
  writeFile(Damaged, Info.Bytes);

  auto P = load(Damaged);
  ASSERT_TRUE(P);
  Diagnostics Diags;
  SourceMap Map(*P, Diags);
  auto Entry = Map.lookup(callTo(*P, ".noinstr.text", "traced"));
  ASSERT_OK(Entry);
  EXPECT_TRUE(Entry->empty());
  auto Second = Map.lookup(callTo(*P, ".noinstr.text", "traced2"));
  ASSERT_OK(Second);
  ASSERT_EQ(Second->size(), 1u);
  EXPECT_EQ((*Second)[0].Function, "second");
  EXPECT_EQ((*Second)[0].Line, lineOf(SecondSource, "SECOND"));
  std::vector<std::string> Warnings = Diags.warnings();
  ASSERT_EQ(Warnings.size(), 1u);
  EXPECT_EQ(Warnings[0].rfind(Damaged + ": ", 0), 0u) << Warnings[0];
  EXPECT_NE(Warnings[0].find("the unit at .debug_info+0x0"), std::string::npos)
      << Warnings[0];

  // The whole pipeline: the same findings as on the whole object (only
  // their source lines are gone), and the one warning.
  auto Analyze = [&](const std::string &Path, Diagnostics &D) {
    Options Opts;
    Opts.Inputs = {Path};
    Opts.RulesDir = NOINSTR_TEST_RULES_DIR;
    return analyzeObjects(Opts, llvm::nulls(), D);
  };
  Diagnostics WholeDiags, DamagedDiags;
  auto Whole = Analyze(Linked, WholeDiags);
  ASSERT_OK(Whole);
  auto Spoiled = Analyze(Damaged, DamagedDiags);
  ASSERT_OK(Spoiled);
  EXPECT_TRUE(WholeDiags.warnings().empty());
  EXPECT_EQ(DamagedDiags.warnings(), Warnings);
  ASSERT_FALSE(Whole->Findings.empty());
  EXPECT_EQ(summarize(*Spoiled), summarize(*Whole));
}

//===----------------------------------------------------------------------===//
// A real kernel: the planted examples in x86_64-tiny-6.12-examples.
//===----------------------------------------------------------------------===//

/// The unpacked examples kernel: the build's cached copy, else unpacked
/// from the shared .xz into \p Dir; "" when neither exists.
std::string examplesKernel(const TempDir &Dir) {
  std::string Cached =
      std::string(NOINSTR_TEST_KERNEL_CACHE) + "/x86_64-tiny-6.12-examples.o";
  if (llvm::sys::fs::exists(Cached))
    return Cached;
  std::string Xz = std::string(NOINSTR_TEST_KERNELS_DIR) +
                   "/x86_64-tiny-6.12-examples/vmlinux.o.xz";
  if (!llvm::sys::fs::exists(Xz) || !haveTool("xz"))
    return "";
  std::string Out = Dir.path("vmlinux.o");
  if (std::system(("xz -dc " + Xz + " > " + Out).c_str()) != 0)
    return "";
  return Out;
}

CodeAddress symbolPlus(Program &P, const std::string &Name, uint64_t Off) {
  SymbolId Id = P.findSymbol(Name);
  if (Id == NoSymbol) {
    ADD_FAILURE() << "no symbol " << Name;
    return {};
  }
  return P.symbol(Id).address() + Off;
}

TEST(SourceMapKernel, ExamplesKernelFrames) {
  TempDir Dir;
  std::string Kernel = examplesKernel(Dir);
  if (Kernel.empty())
    GTEST_SKIP() << "no x86_64-tiny-6.12-examples kernel";
  auto P = load(Kernel);
  ASSERT_TRUE(P);
  Diagnostics Diags;
  SourceMap Map(*P, Diags);
  ASSERT_TRUE(Map.hasDebugInfo());

  // handle_bug+0x1c: the call to decode_bug (made noinline by the patch).
  auto Bug = Map.lookup(symbolPlus(*P, "handle_bug", 0x1c));
  ASSERT_OK(Bug);
  ASSERT_EQ(Bug->size(), 1u);
  EXPECT_TRUE(
      llvm::StringRef((*Bug)[0].File).ends_with("/arch/x86/kernel/traps.c"))
      << (*Bug)[0].File;
  EXPECT_EQ((*Bug)[0].Line, 289u);
  EXPECT_EQ((*Bug)[0].Column, 12u);
  EXPECT_EQ((*Bug)[0].Function, "handle_bug");

  // exc_int3+0x42: notify_die inside do_int3, inlined twice.
  auto Int3 = Map.lookup(symbolPlus(*P, "exc_int3", 0x42));
  ASSERT_OK(Int3);
  ASSERT_EQ(Int3->size(), 3u);
  EXPECT_EQ((*Int3)[0].Function, "do_int3");
  EXPECT_EQ((*Int3)[0].Line, 822u);
  EXPECT_EQ((*Int3)[1].Function, "do_int3_user");
  EXPECT_EQ((*Int3)[1].Line, 830u);
  EXPECT_EQ((*Int3)[2].Function, "exc_int3");
  EXPECT_EQ((*Int3)[2].Line, 859u);
  for (const SourceLocation &L : *Int3)
    EXPECT_TRUE(llvm::StringRef(L.File).ends_with("/arch/x86/kernel/traps.c"))
        << L.File;

  // Both in the traps.c unit: one unit parsed of the ~500.
  EXPECT_EQ(Map.statistics().UnitsParsed, 1u);
  EXPECT_TRUE(Diags.warnings().empty());
}

} // namespace
