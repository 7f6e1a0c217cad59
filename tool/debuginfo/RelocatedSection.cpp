//===- RelocatedSection.cpp - applying DWARF's data relocations -----------===//
//
// Only absolute relocations can appear in the DWARF sections the DebugInfo
// stage reads: PC-relative ones belong to .eh_frame/.debug_frame, which it
// never copies. Anything else is rejected with the object, section and type
// rather than guessed at, because a wrongly relocated offset would send the
// DWARF reader into unrelated bytes and give plausible but wrong lines.
//
//===----------------------------------------------------------------------===//
#include "RelocatedSection.h"

#include "noinstr/support/InputError.h"

#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/ELF.h"
#include "llvm/Support/Endian.h"

#include <limits>

using namespace llvm;

namespace noinstr {

namespace {

/// How one relocation type writes its value.
enum class Field { None, Abs64, Abs32, Abs32Signed, Abs32Either, Unsupported };

Field fieldFor(uint16_t Machine, uint32_t Type) {
  if (Machine == ELF::EM_X86_64) {
    switch (Type) {
    case ELF::R_X86_64_NONE:
      return Field::None;
    case ELF::R_X86_64_64:
      return Field::Abs64;
    case ELF::R_X86_64_32:
      return Field::Abs32;
    case ELF::R_X86_64_32S:
      return Field::Abs32Signed;
    default:
      return Field::Unsupported;
    }
  }
  if (Machine == ELF::EM_AARCH64) {
    switch (Type) {
    case ELF::R_AARCH64_NONE:
    case 256: // R_AARCH64_NONE as some old assemblers spell it.
      return Field::None;
    case ELF::R_AARCH64_ABS64:
      return Field::Abs64;
    case ELF::R_AARCH64_ABS32:
      // AArch64 checks ABS32 as "signed or unsigned 32 bits".
      return Field::Abs32Either;
    default:
      return Field::Unsupported;
    }
  }
  return Field::Unsupported;
}

bool fits(Field F, uint64_t Value) {
  int64_t Signed = static_cast<int64_t>(Value);
  switch (F) {
  case Field::Abs32:
    return Value <= std::numeric_limits<uint32_t>::max();
  case Field::Abs32Signed:
    return Signed >= std::numeric_limits<int32_t>::min() &&
           Signed <= std::numeric_limits<int32_t>::max();
  case Field::Abs32Either:
    return Value <= std::numeric_limits<uint32_t>::max() ||
           Signed >= std::numeric_limits<int32_t>::min();
  default:
    return true;
  }
}

} // namespace

Error applyRelocations(Program &P, SectionId Id, uint64_t Begin,
                       MutableArrayRef<uint8_t> Copy,
                       ArrayRef<Relocation> Relocs, Placement Place,
                       RelocationCounts &Counts) {
  const Section &S = P.section(Id);
  StringRef Path = P.objectPath(S.Object);
  uint64_t End = Begin + Copy.size();
  for (const Relocation &R : Relocs) {
    Field F = fieldFor(P.machine(), R.Type);
    if (F == Field::None)
      continue;
    if (F == Field::Unsupported)
      return inputError(
          Path, "unsupported relocation type " +
                    object::getELFRelocationTypeName(P.machine(), R.Type) +
                    " (" + Twine(R.Type) + ") in section '" + S.Name +
                    "' at offset 0x" + Twine::utohexstr(R.Offset));
    unsigned Width = F == Field::Abs64 ? 8 : 4;
    // Program checked Offset < section size; the whole field must lie in
    // the range, whose bytes are one DWARF unit.
    if (R.Offset < Begin || R.Offset + Width > End)
      return inputError(Path, "relocation at offset 0x" +
                                  Twine::utohexstr(R.Offset) + " of section '" +
                                  S.Name + "' runs past the end of the " +
                                  "DWARF data it belongs to");

    const Symbol &Sym = P.symbol(R.Symbol);
    uint64_t Value;
    if (Sym.Undefined)
      Value = static_cast<uint64_t>(R.Addend); // as a linker does for weak
    else if (Sym.Section == NoSection)
      Value = Sym.Value + static_cast<uint64_t>(R.Addend); // SHN_ABS
    else
      Value = Place(Sym.Section, Sym.Value + static_cast<uint64_t>(R.Addend));

    uint8_t *At = Copy.data() + (R.Offset - Begin);
    if (Width == 8) {
      support::endian::write64le(At, Value);
    } else if (Value == UnplacedValue) {
      support::endian::write32le(At, ~0u);
    } else if (!fits(F, Value)) {
      return inputError(
          Path, "relocation " +
                    object::getELFRelocationTypeName(P.machine(), R.Type) +
                    " at offset 0x" + Twine::utohexstr(R.Offset) +
                    " of section '" + S.Name + "' does not fit its value 0x" +
                    Twine::utohexstr(Value));
    } else {
      support::endian::write32le(At, static_cast<uint32_t>(Value));
    }
    ++Counts.Applied;
  }
  return Error::success();
}

Expected<std::vector<uint8_t>> copyRelocated(Program &P, SectionId Id,
                                             uint64_t Begin, uint64_t End,
                                             Placement Place,
                                             RelocationCounts &Counts) {
  const Section &S = P.section(Id);
  ArrayRef<uint8_t> Bytes = P.contents(Id);
  if (Begin > End || End > Bytes.size())
    return inputError(P.objectPath(S.Object),
                      "DWARF range [0x" + Twine::utohexstr(Begin) + ", 0x" +
                          Twine::utohexstr(End) + ") lies outside section '" +
                          S.Name + "'");
  std::vector<uint8_t> Copy(Bytes.begin() + Begin, Bytes.begin() + End);
  Counts.BytesCopied += Copy.size();
  auto RelocsOrErr = P.relocationsIn(Id, Begin, End);
  if (!RelocsOrErr)
    return RelocsOrErr.takeError();
  if (Error E =
          applyRelocations(P, Id, Begin, Copy, *RelocsOrErr, Place, Counts))
    return E;
  return Copy;
}

Expected<uint64_t> contributionSize(ArrayRef<uint8_t> Data, uint64_t Offset) {
  auto CutOff = [&] {
    return createStringError(inconvertibleErrorCode(),
                             "DWARF unit header at offset 0x" +
                                 Twine::utohexstr(Offset) +
                                 " is cut off by the end of the section");
  };
  if (Offset > Data.size() || Data.size() - Offset < 4)
    return CutOff();
  uint64_t Length = support::endian::read32le(Data.data() + Offset);
  uint64_t FieldSize = 4;
  if (Length == 0xffffffff) {
    if (Data.size() - Offset < 12)
      return CutOff();
    Length = support::endian::read64le(Data.data() + Offset + 4);
    FieldSize = 12;
  } else if (Length >= 0xfffffff0) {
    return createStringError(
        inconvertibleErrorCode(),
        "DWARF unit at offset 0x" + Twine::utohexstr(Offset) +
            " has reserved unit_length 0x" + Twine::utohexstr(Length));
  }
  if (Length > Data.size() - Offset - FieldSize)
    return createStringError(
        inconvertibleErrorCode(),
        "DWARF unit at offset 0x" + Twine::utohexstr(Offset) + " (length 0x" +
            Twine::utohexstr(Length) + ") runs past the end of the section");
  return FieldSize + Length;
}

} // namespace noinstr
