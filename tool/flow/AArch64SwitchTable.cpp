//===- AArch64SwitchTable.cpp ---------------------------------------------===//
//
// On arm64 a switch table holds byte or halfword offsets, not addresses, so
// it carries no relocations (x86's tables are runs of 8-byte relocations).
// Compilers emit the dispatch as
//
//     cmp   wI, #N                  // N + 1 cases; b.hi to the default
//     adrp  xT, table               // R_AARCH64_ADR_PREL_PG_HI21
//     add   xT, xT, :lo12:table     // R_AARCH64_ADD_ABS_LO12_NC
//     ldrb  wE, [xT, wI, uxtw]      // ldrh for halfword tables
//     adr   xB, base
//     add   xD, xB, wE, sxtb #2     // target = base + entry * 4
//     br    xD
//
// (instructions may be interleaved with others). The recogniser follows the
// registers backwards from the BR, reads N + 1 entries, and gives up, which
// leaves the BR an indirect tail call, on any other shape.
//
//===----------------------------------------------------------------------===//
#include "AArch64SwitchTable.h"

#include "llvm/Support/Endian.h"

#include <optional>

using namespace llvm;

namespace noinstr {
namespace {

/// How far back from the BR the dispatch may start.
constexpr unsigned MaxLookBack = 24;

unsigned rd(uint32_t W) { return W & 31; }
unsigned rn(uint32_t W) { return (W >> 5) & 31; }
unsigned rm(uint32_t W) { return (W >> 16) & 31; }

int64_t signExtend(uint64_t V, unsigned Bits) {
  return int64_t(V << (64 - Bits)) >> (64 - Bits);
}

} // namespace

Expected<std::vector<CodeAddress>>
aarch64SwitchTargets(CodeIndex &Code, CodeAddress At, uint64_t FunctionStart) {
  Program &P = Code.program();
  ArrayRef<uint8_t> Bytes = P.contents(At.Section);
  auto Word = [&](uint64_t Off) {
    return support::endian::read32le(Bytes.data() + Off);
  };
  std::vector<CodeAddress> None;
  if (At.Offset + 4 > Bytes.size())
    return None;
  unsigned Dest = rn(Word(At.Offset)); // br xD

  // Backwards: add xD, xB, wE, ext #shift; adr xB; ldr{b,h} wE, [xT, wI];
  // add xT, xT, :lo12:table; cmp wI, #N. Each step names the register the
  // next one must write.
  enum Step { Add, Adr, Load, Table, Bound, Done } Next = Add;
  unsigned Base = 0, Entry = 0, TableReg = 0, Index = 0, Shift = 0;
  unsigned EntrySize = 0;
  bool Signed = false;
  std::optional<uint64_t> BaseAddr;
  std::optional<CodeAddress> TableAddr;
  uint64_t Count = 0;
  uint64_t Stop = At.Offset > MaxLookBack * 4 ? At.Offset - MaxLookBack * 4 : 0;
  Stop = std::max(Stop, FunctionStart);
  for (uint64_t Off = At.Offset; Off >= Stop + 4 && Next != Done;) {
    Off -= 4;
    uint32_t W = Word(Off);
    switch (Next) {
    case Add: // ADD (extended register), 64-bit
      if ((W & 0xffe00000) == 0x8b200000 && rd(W) == Dest) {
        unsigned Option = (W >> 13) & 7;
        if (Option != 0 && Option != 1 && Option != 4 && Option != 5)
          return None; // not a byte/halfword extension
        Signed = Option >= 4;
        Shift = (W >> 10) & 7;
        Base = rn(W);
        Entry = rm(W);
        Next = Adr;
      }
      break;
    case Adr:
      if ((W & 0x9f000000) == 0x10000000 && rd(W) == Base) {
        uint64_t Imm = (((W >> 5) & 0x7ffff) << 2) | ((W >> 29) & 3);
        BaseAddr = Off + signExtend(Imm, 21);
        Next = Load;
      }
      break;
    case Load: // LDRB/LDRH (register), extended index
      if (((W & 0xffe00c00) == 0x38600800 || (W & 0xffe00c00) == 0x78600800) &&
          rd(W) == Entry) {
        EntrySize = (W >> 30) == 0 ? 1 : 2;
        TableReg = rn(W);
        Index = rm(W);
        Next = Table;
      }
      break;
    case Table: { // ADD (immediate) carrying the table's low 12 bits
      if ((W & 0xff800000) != 0x91000000 || rd(W) != TableReg)
        break;
      auto RelocOrErr = P.relocationIn(At.Section, Off, Off + 4);
      if (!RelocOrErr)
        return RelocOrErr.takeError();
      if (!*RelocOrErr)
        return None;
      const Symbol &S = P.symbol((*RelocOrErr)->Symbol);
      if (S.Section == NoSection)
        return None;
      TableAddr = CodeAddress{S.Section, S.Value + (*RelocOrErr)->Addend};
      Next = Bound;
      break;
    }
    case Bound: // CMP wI, #N (SUBS wzr/xzr, wI, #imm12)
      if ((W & 0x7f80001f) == 0x7100001f && rn(W) == Index) {
        uint64_t Imm = (W >> 10) & 0xfff;
        if (W & (1u << 22))
          Imm <<= 12;
        Count = Imm + 1;
        Next = Done;
      }
      break;
    case Done:
      break;
    }
  }
  if (Next != Done)
    return None;
  ArrayRef<uint8_t> Entries = P.contents(TableAddr->Section);
  if (TableAddr->Offset + Count * EntrySize > Entries.size())
    return None;
  std::vector<CodeAddress> Dests;
  for (uint64_t I = 0; I < Count; ++I) {
    const uint8_t *E = Entries.data() + TableAddr->Offset + I * EntrySize;
    uint64_t Raw = EntrySize == 1 ? E[0] : support::endian::read16le(E);
    int64_t Value = Signed ? signExtend(Raw, EntrySize * 8) : int64_t(Raw);
    uint64_t Dest = *BaseAddr + (Value << Shift);
    if (Dest >= Bytes.size())
      return None;
    CodeAddress To{At.Section, Dest};
    if (std::find(Dests.begin(), Dests.end(), To) == Dests.end())
      Dests.push_back(To);
  }
  return Dests;
}

} // namespace noinstr
