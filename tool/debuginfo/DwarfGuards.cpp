//===- DwarfGuards.cpp - DWARF that LLVM's reader must not see ------------===//
//
// Deliberately narrow: everything else in a damaged unit is LLVM's to
// report. The form list mirrors the cases of LLVM 19's
// DWARFFormValue::extractValue; a form it gains later is merely rejected
// here until added.
//
//===----------------------------------------------------------------------===//
#include "DwarfGuards.h"

#include "RelocatedSection.h"

#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/DebugInfo/DWARF/DWARFFormValue.h"
#include "llvm/Support/DataExtractor.h"
#include "llvm/Support/LEB128.h"

#include <utility>
#include <vector>

using namespace llvm;
using namespace llvm::dwarf;

namespace noinstr {

namespace {

/// DWARFFormValue::extractValue reads this form without reaching
/// llvm_unreachable.
bool readableForm(uint64_t Form) {
  switch (Form) {
  case DW_FORM_addr:
  case DW_FORM_ref_addr:
  case DW_FORM_exprloc:
  case DW_FORM_block:
  case DW_FORM_block1:
  case DW_FORM_block2:
  case DW_FORM_block4:
  case DW_FORM_data1:
  case DW_FORM_ref1:
  case DW_FORM_flag:
  case DW_FORM_strx1:
  case DW_FORM_addrx1:
  case DW_FORM_data2:
  case DW_FORM_ref2:
  case DW_FORM_strx2:
  case DW_FORM_addrx2:
  case DW_FORM_strx3:
  case DW_FORM_data4:
  case DW_FORM_ref4:
  case DW_FORM_ref_sup4:
  case DW_FORM_strx4:
  case DW_FORM_addrx4:
  case DW_FORM_data8:
  case DW_FORM_ref8:
  case DW_FORM_ref_sup8:
  case DW_FORM_data16:
  case DW_FORM_sdata:
  case DW_FORM_udata:
  case DW_FORM_ref_udata:
  case DW_FORM_rnglistx:
  case DW_FORM_loclistx:
  case DW_FORM_GNU_addr_index:
  case DW_FORM_GNU_str_index:
  case DW_FORM_addrx:
  case DW_FORM_strx:
  case DW_FORM_LLVM_addrx_offset:
  case DW_FORM_string:
  case DW_FORM_strp:
  case DW_FORM_sec_offset:
  case DW_FORM_GNU_ref_alt:
  case DW_FORM_GNU_strp_alt:
  case DW_FORM_line_strp:
  case DW_FORM_strp_sup:
  case DW_FORM_flag_present:
  case DW_FORM_ref_sig8:
  case DW_FORM_implicit_const:
    return true;
  default:
    return false; // DW_FORM_indirect, DW_FORM_addrx3, unknown codes
  }
}

Error unreadable(const Twine &Where, uint64_t Form) {
  return createStringError(inconvertibleErrorCode(),
                           Where + " uses form 0x" + Twine::utohexstr(Form) +
                               ", which cannot be read");
}

StringRef bytes(ArrayRef<uint8_t> Data) {
  return StringRef(reinterpret_cast<const char *>(Data.data()), Data.size());
}

/// One DWARF 5 line table, [0, size) of \p Table.
Error checkLineTable(ArrayRef<uint8_t> Table, uint64_t TableOffset) {
  DataExtractor D(bytes(Table), /*IsLittleEndian=*/true, 8);
  Error Err = Error::success();
  uint64_t Off = 0;
  DwarfFormat Format = DWARF32;
  if (D.getU32(&Off, &Err) == 0xffffffff) {
    D.getU64(&Off, &Err);
    Format = DWARF64;
  }
  uint16_t Version = D.getU16(&Off, &Err);
  if (Err || Version != 5) {
    consumeError(std::move(Err));
    return Error::success(); // LLVM reads (or rejects) other versions safely
  }
  uint8_t AddrSize = D.getU8(&Off, &Err);
  D.getU8(&Off, &Err); // segment selector size
  // skipValue needs a real address size to skip anything at all, where
  // LLVM's parser reads on regardless.
  if (!Err && AddrSize != 4 && AddrSize != 8)
    return createStringError(
        inconvertibleErrorCode(),
        "the line table at .debug_line+0x" + Twine::utohexstr(TableOffset) +
            " has address size " + Twine(unsigned(AddrSize)));
  uint64_t HeaderLength =
      Format == DWARF64 ? D.getU64(&Off, &Err) : D.getU32(&Off, &Err);
  uint64_t HeaderEnd = Off + std::min<uint64_t>(HeaderLength, Table.size());
  HeaderEnd = std::min<uint64_t>(HeaderEnd, Table.size());
  Off += 5; // minimum_instruction_length .. line_range
  uint8_t OpcodeBase = D.getU8(&Off, &Err);
  if (OpcodeBase)
    Off += OpcodeBase - 1; // standard_opcode_lengths
  FormParams Params{Version, AddrSize, Format};

  for (const char *What : {"directory", "file name"}) {
    std::vector<uint64_t> Forms;
    uint8_t FormatCount = D.getU8(&Off, &Err);
    for (unsigned I = 0; I < FormatCount && !Err; ++I) {
      D.getULEB128(&Off, &Err); // content type
      uint64_t Form = D.getULEB128(&Off, &Err);
      if (Err)
        break;
      if (!readableForm(Form))
        return unreadable("the " + Twine(What) +
                              " entry format of the line table at "
                              ".debug_line+0x" +
                              Twine::utohexstr(TableOffset),
                          Form);
      Forms.push_back(Form);
    }
    uint64_t Count = D.getULEB128(&Off, &Err);
    if (Err)
      break;
    // Every entry takes at least a byte in a real table; a count beyond
    // the header's bytes is damage that LLVM would loop over.
    if (Off > HeaderEnd || Count > HeaderEnd - Off)
      return createStringError(
          inconvertibleErrorCode(),
          "the line table at .debug_line+0x" + Twine::utohexstr(TableOffset) +
              " claims " + Twine(Count) + " " + What +
              " entries in a header with fewer bytes left");
    // Skip the entries to reach the next format list. Failing to is
    // damage too: LLVM would read on into whatever follows.
    for (uint64_t I = 0; I < Count && !Err; ++I)
      for (uint64_t Form : Forms)
        if (!DWARFFormValue::skipValue(static_cast<dwarf::Form>(Form), D, &Off,
                                       Params) ||
            Off > HeaderEnd) {
          consumeError(std::move(Err));
          return createStringError(inconvertibleErrorCode(),
                                   "the " + Twine(What) +
                                       " entries of the line table at "
                                       ".debug_line+0x" +
                                       Twine::utohexstr(TableOffset) +
                                       " run past its header");
        }
  }
  consumeError(std::move(Err));
  return Error::success();
}

} // namespace

Error checkAbbreviations(ArrayRef<uint8_t> Abbrev, uint64_t Offset) {
  // Read as DataExtractor reads it (the same LEB128 decoding, the first
  // error ends the reading), without its per-read bookkeeping: clang
  // writes a set of a hundred or more declarations per unit, and every
  // unit of a clang kernel is read for its ranges.
  if (Offset >= Abbrev.size())
    return Error::success();
  const uint8_t *Pos = Abbrev.data() + Offset;
  const uint8_t *End = Abbrev.data() + Abbrev.size();
  bool Readable = true; // no read has failed
  auto Leb = [&](auto Decode) -> uint64_t {
    if (!Readable)
      return 0;
    unsigned Length = 0;
    const char *Problem = nullptr;
    uint64_t Value = Decode(Pos, &Length, End, &Problem);
    Readable = !Problem;
    Pos += Readable ? Length : 0;
    return Readable ? Value : 0;
  };
  auto Unsigned = [](const uint8_t *P, unsigned *N, const uint8_t *E,
                     const char **Problem) {
    return decodeULEB128(P, N, E, Problem);
  };
  auto Signed = [](const uint8_t *P, unsigned *N, const uint8_t *E,
                   const char **Problem) {
    return uint64_t(decodeSLEB128(P, N, E, Problem));
  };
  while (Readable && Pos < End) {
    uint64_t Code = Leb(Unsigned);
    if (!Readable || Code == 0)
      break;
    Leb(Unsigned); // tag
    if (Readable) { // children
      Readable = Pos < End;
      Pos += Readable;
    }
    while (Readable) {
      uint64_t Attr = Leb(Unsigned);
      uint64_t Form = Leb(Unsigned);
      if (!Readable || (Attr == 0 && Form == 0))
        break;
      if (!readableForm(Form))
        return unreadable("abbreviation " + Twine(Code) +
                              " at .debug_abbrev+0x" + Twine::utohexstr(Offset),
                          Form);
      if (Form == DW_FORM_implicit_const)
        Leb(Signed);
    }
  }
  return Error::success();
}

Error checkLineTables(ArrayRef<uint8_t> Tables, uint64_t SectionOffset) {
  for (uint64_t Pos = 0; Pos < Tables.size();) {
    auto SizeOrErr = contributionSize(Tables, Pos);
    if (!SizeOrErr)
      return SizeOrErr.takeError();
    if (Error E =
            checkLineTable(Tables.slice(Pos, *SizeOrErr), SectionOffset + Pos))
      return E;
    Pos += *SizeOrErr;
  }
  return Error::success();
}

} // namespace noinstr
