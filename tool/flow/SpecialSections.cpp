//===- SpecialSections.cpp - reading the kernel's code tables -------------===//
//
// Every table entry refers to code through a relocation (a PC32 ".long X - ."
// for most, a 64-bit pointer for STACK_FRAME_NON_STANDARD). In a relocatable
// object the referenced address is symbol + addend; entries are found from
// the relocation's offset, never from its index in the relocation table.
//
//===----------------------------------------------------------------------===//
#include "noinstr/flow/SpecialSections.h"

#include "noinstr/support/Diagnostics.h"
#include "noinstr/support/InputError.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/Endian.h"

#include <algorithm>
#include <map>

using namespace llvm;

namespace noinstr {

const Alternative *SpecialSections::replacementHolding(CodeAddress Addr) const {
  // ReplacementOrder sorts alternatives by replacement start. Most
  // questions are about code outside the few sections replacements lie in.
  if (ReplacementOrder.empty() ||
      Addr.Section < Alternatives[ReplacementOrder.front()].Replacement.Section ||
      Addr.Section > Alternatives[ReplacementOrder.back()].Replacement.Section)
    return nullptr;
  auto It = std::upper_bound(ReplacementOrder.begin(), ReplacementOrder.end(),
                             Addr, [&](CodeAddress A, uint32_t I) {
                               return A < Alternatives[I].Replacement;
                             });
  while (It != ReplacementOrder.begin()) {
    const Alternative &Alt = Alternatives[*--It];
    if (Alt.Replacement.Section != Addr.Section)
      return nullptr;
    if (Addr.Offset < Alt.Replacement.Offset + Alt.ReplacementLength)
      return &Alt;
    // Replacements do not nest; a shorter one may still follow a longer.
    if (Alt.Replacement.Offset + 256 < Addr.Offset)
      return nullptr;
  }
  return nullptr;
}

namespace {

/// Reads one table section: relocations by offset, with the code address
/// each one refers to.
class TableReader {
public:
  TableReader(Program &P, SectionId Id) : P(P), Id(Id) {}

  Error load() {
    auto RelocsOrErr = P.relocationsIn(Id, 0, size(), Program::OnDefect::Skip);
    if (!RelocsOrErr)
      return RelocsOrErr.takeError();
    for (const Relocation &R : *RelocsOrErr)
      ByOffset.emplace(R.Offset, R);
    return Error::success();
  }

  /// The code address the relocation at \p Offset refers to, if there is
  /// one against a defined symbol.
  std::optional<CodeAddress> target(uint64_t Offset) const {
    auto It = ByOffset.find(Offset);
    if (It == ByOffset.end())
      return std::nullopt;
    const Symbol &S = P.symbol(It->second.Symbol);
    if (S.Section == NoSection)
      return std::nullopt;
    return CodeAddress{S.Section, S.Value + It->second.Addend};
  }

  const std::map<uint64_t, Relocation> &relocations() const { return ByOffset; }
  std::optional<Relocation> relocation(uint64_t Offset) const {
    auto It = ByOffset.find(Offset);
    if (It == ByOffset.end())
      return std::nullopt;
    return It->second;
  }

  StringRef file() const { return P.objectPath(P.section(Id).Object); }
  StringRef name() const { return P.section(Id).Name; }

  /// Entries are read from the contents: a table without contents (NOBITS)
  /// has none, whatever its header's size says.
  uint64_t size() const { return P.contents(Id).size(); }

  Error checkEntrySize(uint32_t EntrySize) const {
    if (size() % EntrySize)
      return inputError(
          file(), "section '" + name() + "' has size " + Twine(size()) +
                      ", not a multiple of its entry size " + Twine(EntrySize));
    return Error::success();
  }

  uint8_t byte(uint64_t Offset) const {
    ArrayRef<uint8_t> Bytes = P.contents(Id);
    return Offset < Bytes.size() ? Bytes[Offset] : 0;
  }
  uint32_t word(uint64_t Offset) const {
    ArrayRef<uint8_t> Bytes = P.contents(Id);
    if (Offset + 4 > Bytes.size())
      return 0;
    return support::endian::read32le(Bytes.data() + Offset);
  }

private:
  Program &P;
  SectionId Id;
  std::map<uint64_t, Relocation> ByOffset;
};

class Reader {
public:
  Reader(Program &P, const RuleSet &Rules, const SectionClasses &Classes,
         Diagnostics &Diags, SpecialSections &Out)
      : P(P), Rules(Rules), Classes(Classes), Diags(Diags), Out(Out) {}

  Error readAll() {
    const auto &A = Rules.Annotations;
    for (const std::string &Name : A.BeginSections)
      if (Error E = readMarkers(Name, +1))
        return E;
    for (const std::string &Name : A.EndSections)
      if (Error E = readMarkers(Name, -1))
        return E;
    for (const std::string &Name : A.ReachableSections)
      if (Error E = readReachable(Name))
        return E;
    if (Error E = readAnnotateInsn())
      return E;
    if (Error E = readIgnoreAlts())
      return E;
    if (Error E = readNonStandard())
      return E;
    if (Error E = readIntraFunctionCalls())
      return E;
    if (Error E = readUnwindHints())
      return E;
    if (Error E = readAlternatives())
      return E;
    if (Error E = readJumpLabels())
      return E;
    if (Error E =
            readPairs(Rules.Exceptions, "insn", "fixup", Out.ExceptionFixups))
      return E;
    return Error::success();
  }

private:
  /// Whether \p Object has a relocation section for one of \p Names.
  bool objectHasRelocated(uint32_t Object,
                          const std::vector<std::string> &Names) const {
    for (const std::string &Name : Names)
      for (SectionId Id : P.sectionsNamed(Name))
        if (P.section(Id).Object == Object && P.section(Id).RelaIndex)
          return true;
    return false;
  }

  /// An annotation must point into code of its own object; in a checked
  /// section it must point at the NOP that instrumentation_begin/end emit.
  Error checkMarker(const TableReader &T, uint64_t Offset,
                    std::optional<CodeAddress> Target, bool MustBeNop) {
    auto Bad = [&](const Twine &Why) {
      return inputError(T.file(), "bad " + T.name() + " entry at offset 0x" +
                                      Twine::utohexstr(Offset) + ": " + Why);
    };
    if (!Target)
      return Bad("it refers to no defined symbol");
    const Section &S = P.section(Target->Section);
    if (!S.Executable)
      return Bad("it points into non-code section '" + S.Name + "'");
    if (Target->Offset >= S.Size)
      return Bad("it points past the end of '" + S.Name + "'");
    if (MustBeNop && Classes.checked(Target->Section) &&
        P.contents(Target->Section)[Target->Offset] != 0x90)
      return Bad("it does not point at a NOP in '" + S.Name + "'");
    return Error::success();
  }

  Error readMarkers(const std::string &Name, int Delta) {
    for (SectionId Id : P.sectionsNamed(Name)) {
      TableReader T(P, Id);
      if (Error E = T.load())
        return E;
      for (const auto &[Offset, R] : T.relocations()) {
        std::optional<CodeAddress> Target = T.target(Offset);
        if (Error E = checkMarker(T, Offset, Target, /*MustBeNop=*/true))
          return E;
        Out.HasRegionMarkers = true;
        if (!Classes.checked(Target->Section))
          continue;
        Out.RegionDelta[*Target] += Delta;
        if (Delta > 0 && !objectHasRelocated(P.section(Id).Object,
                                             Rules.Annotations.EndSections))
          Out.BeginsObjtoolIgnores[*Target] += Delta;
      }
    }
    return Error::success();
  }

  /// Calls \p Each with every code address the sections named \p Name
  /// refer to (one relocation per entry).
  template <typename Fn> Error forEachTarget(const std::string &Name, Fn Each) {
    if (Name.empty())
      return Error::success();
    for (SectionId Id : P.sectionsNamed(Name)) {
      TableReader T(P, Id);
      if (Error E = T.load())
        return E;
      for (const auto &[Offset, R] : T.relocations())
        if (std::optional<CodeAddress> Target = T.target(Offset))
          Each(*Target);
    }
    return Error::success();
  }

  Error readReachable(const std::string &Name) {
    return forEachTarget(Name, [&](CodeAddress Target) {
      if (Classes.checked(Target.Section))
        Out.ReachableAfter.insert(Target);
    });
  }

  /// .discard.annotate_insn (6.14+): {.long insn - ., .long type}, the
  /// types numbered by the rules. A type the rules do not know is skipped
  /// with a warning: it is no marker the rules know, and may be one a
  /// newer kernel added (the rules then need its number).
  Error readAnnotateInsn() {
    const auto &A = Rules.Annotations;
    if (A.AnnotateSection.empty())
      return Error::success();
    auto Is = [](uint32_t Type, uint32_t Known) {
      return Known != 0 && Type == Known;
    };
    for (SectionId Id : P.sectionsNamed(A.AnnotateSection)) {
      // objtool forces the entry size to 8 when a linker wrote something
      // else into sh_entsize.
      constexpr uint32_t EntrySize = 8;
      TableReader T(P, Id);
      if (Error E = T.checkEntrySize(EntrySize))
        return E;
      if (Error E = T.load())
        return E;
      for (const auto &[Offset, R] : T.relocations()) {
        uint64_t Entry = Offset / EntrySize * EntrySize;
        uint32_t Type = T.word(Entry + 4);
        std::optional<CodeAddress> Target = T.target(Offset);
        if (!knownAnnotation(Type)) {
          Diags.warn(P.objectPath(P.section(Id).Object),
                     "annotation type " + Twine(Type) + " in '" +
                         P.section(Id).Name +
                         "' is not one the rules know (annotate_types): "
                         "its entries are ignored");
          continue;
        }
        bool IsMarker = Is(Type, A.BeginType) || Is(Type, A.EndType);
        if (IsMarker || Is(Type, A.ReachableType)) {
          if (Error E = checkMarker(T, Offset, Target, IsMarker))
            return E;
        }
        if (IsMarker)
          Out.HasRegionMarkers = true;
        if (!Target)
          continue;
        // These two point into alternative replacements as often as into
        // the checked code itself.
        if (Is(Type, A.IntraFunctionCallType))
          Out.IntraFunctionCalls.insert(*Target);
        else if (Is(Type, A.IgnoreAltsType))
          IgnoredAltSides.insert(*Target);
        if (!Classes.checked(Target->Section))
          continue;
        if (Is(Type, A.BeginType))
          Out.RegionDelta[*Target] += 1;
        else if (Is(Type, A.EndType))
          Out.RegionDelta[*Target] -= 1;
        else if (Is(Type, A.ReachableType))
          Out.ReachableAt.insert(*Target);
      }
    }
    return Error::success();
  }

  /// Whether the rules name annotation type \p Type (0 is no type).
  bool knownAnnotation(uint32_t Type) const {
    const auto &A = Rules.Annotations;
    return Type != 0 &&
           (Type == A.BeginType || Type == A.EndType ||
            Type == A.ReachableType || Type == A.IgnoreAltsType ||
            Type == A.IntraFunctionCallType ||
            std::find(A.TypesWithoutEffect.begin(), A.TypesWithoutEffect.end(),
                      Type) != A.TypesWithoutEffect.end());
  }

  /// Up to 6.13, ANNOTATE_IGNORE_ALTERNATIVE: a PC32 entry per original
  /// instruction whose alternatives objtool does not follow.
  Error readIgnoreAlts() {
    for (const std::string &Name : Rules.Annotations.IgnoreAltsSections)
      if (Error E = forEachTarget(Name, [&](CodeAddress Target) {
            IgnoredAlternativesOf.insert(Target);
          }))
        return E;
    return Error::success();
  }

  Error readNonStandard() {
    return forEachTarget(Rules.Annotations.NonStandardSection,
                         [&](CodeAddress Target) {
                           SymbolId Func = P.functionAt(Target);
                           if (Func != NoSymbol)
                             Out.NonStandardFunctions.insert(Func);
                         });
  }

  /// Up to 6.13; the 6.14+ annotation type is read with the others.
  Error readIntraFunctionCalls() {
    // Kept wherever they point: most sit in alternative replacements.
    return forEachTarget(
        Rules.Annotations.IntraFunctionCallSection,
        [&](CodeAddress Target) { Out.IntraFunctionCalls.insert(Target); });
  }

  Error readUnwindHints() {
    const TableLayout &L = Rules.Annotations.UnwindHints;
    for (SectionId Id : P.sectionsNamed(L.Section)) {
      TableReader T(P, Id);
      if (Error E = T.checkEntrySize(L.EntrySize))
        return E;
      if (Error E = T.load())
        return E;
      for (uint64_t Entry = 0; Entry < T.size(); Entry += L.EntrySize)
        if (std::optional<CodeAddress> Target = T.target(Entry))
          if (Classes.checked(Target->Section))
            Out.UnwindHints.push_back(*Target);
    }
    std::sort(Out.UnwindHints.begin(), Out.UnwindHints.end());
    return Error::success();
  }

  Error readAlternatives() {
    const TableLayout &L = Rules.Alternatives;
    auto Has = [](const std::vector<uint32_t> &V, uint32_t X) {
      return std::find(V.begin(), V.end(), X) != V.end();
    };
    for (SectionId Id : P.sectionsNamed(L.Section)) {
      TableReader T(P, Id);
      if (Error E = T.checkEntrySize(L.EntrySize))
        return E;
      if (Error E = T.load())
        return E;
      for (uint64_t Entry = 0; Entry < T.size(); Entry += L.EntrySize) {
        std::optional<CodeAddress> Orig = T.target(Entry + L.field("orig"));
        if (!Orig || !Classes.checked(Orig->Section))
          continue;
        std::optional<CodeAddress> Repl =
            T.target(Entry + L.field("replacement"));
        if (!Repl)
          return inputError(T.file(), "alternative at offset 0x" +
                                          Twine::utohexstr(Entry) + " of '" +
                                          T.name() +
                                          "' has no replacement address");
        Alternative Alt;
        Alt.Orig = *Orig;
        Alt.Replacement = *Repl;
        Alt.OrigLength = T.byte(Entry + L.field("orig_len"));
        Alt.ReplacementLength = T.byte(Entry + L.field("replacement_len"));
        uint32_t FeatureWord = T.word(Entry + L.field("feature"));
        Alt.Feature = FeatureWord & 0xffff;
        Alt.Inverted = FeatureWord & Rules.AlternativeNotMask;
        if (Alt.OrigLength == 0)
          continue; // objtool: "empty alternative entry"
        // An ignored side is not followed: the replacement (6.14+ annotation
        // at its first instruction, the older ignore_alts and the feature
        // skips of the rules) or the original (6.14+ annotation at its
        // first instruction: objtool's skip_alt_group()).
        if (Has(Rules.SkipReplacementFeatures, Alt.Feature) ||
            IgnoredAlternativesOf.count(Alt.Orig) ||
            IgnoredAltSides.count(Alt.Replacement))
          continue;
        Alt.SkipOriginal = Has(Rules.SkipOriginalFeatures, Alt.Feature) ||
                           IgnoredAltSides.count(Alt.Orig);
        Out.AlternativesAt[Alt.Orig].push_back(Out.Alternatives.size());
        Out.Alternatives.push_back(Alt);
      }
    }
    // Nested ALTERNATIVE()s share their original: all take the longest.
    for (auto &[Orig, Indexes] : Out.AlternativesAt) {
      uint32_t Len = 0;
      for (uint32_t I : Indexes)
        Len = std::max(Len, Out.Alternatives[I].OrigLength);
      for (uint32_t I : Indexes)
        Out.Alternatives[I].OrigLength = Len;
    }
    Out.ReplacementOrder.resize(Out.Alternatives.size());
    for (uint32_t I = 0; I < Out.Alternatives.size(); ++I)
      Out.ReplacementOrder[I] = I;
    std::sort(Out.ReplacementOrder.begin(), Out.ReplacementOrder.end(),
              [&](uint32_t A, uint32_t B) {
                return std::make_pair(Out.Alternatives[A].Replacement, A) <
                       std::make_pair(Out.Alternatives[B].Replacement, B);
              });
    return Error::success();
  }

  /// Calls \p Each(T, Entry, Site) for every entry of the tables \p L
  /// describes whose \p From field points into a checked section.
  template <typename Fn>
  Error forEachEntry(const TableLayout &L, const char *From, Fn Each) {
    for (SectionId Id : P.sectionsNamed(L.Section)) {
      TableReader T(P, Id);
      if (Error E = T.checkEntrySize(L.EntrySize))
        return E;
      if (Error E = T.load())
        return E;
      for (uint64_t Entry = 0; Entry < T.size(); Entry += L.EntrySize) {
        std::optional<CodeAddress> Site = T.target(Entry + L.field(From));
        if (Site && Classes.checked(Site->Section))
          Each(T, Entry, *Site);
      }
    }
    return Error::success();
  }

  Error
  readPairs(const TableLayout &L, const char *From, const char *To,
            std::unordered_map<CodeAddress, std::vector<CodeAddress>> &Map) {
    return forEachEntry(
        L, From, [&](const TableReader &T, uint64_t Entry, CodeAddress Site) {
          if (std::optional<CodeAddress> Dest = T.target(Entry + L.field(To)))
            Map[Site].push_back(*Dest);
        });
  }

  /// __jump_table: each site's target, and the key it tests. The key
  /// field's low bits are flags (jump_entry_is_branch()); a site whose
  /// entries name different keys, or a key without relocation, has none.
  Error readJumpLabels() {
    const TableLayout &L = Rules.JumpLabels;
    std::unordered_set<CodeAddress> Unknown;
    if (Error E = forEachEntry(
            L, "code",
            [&](const TableReader &T, uint64_t Entry, CodeAddress Site) {
              if (std::optional<CodeAddress> Dest =
                      T.target(Entry + L.field("target")))
                Out.JumpLabelTargets[Site].push_back(*Dest);
              std::optional<Relocation> R = T.relocation(Entry + L.field("key"));
              if (!R) {
                Unknown.insert(Site);
                return;
              }
              const Symbol &S = P.symbol(R->Symbol);
              uint64_t Flags = Rules.JumpLabelKeyFlagsMask;
              SpecialSections::JumpLabelKey Key;
              if (S.Section == NoSection) {
                Key.Key = {~uint64_t(0), uint64_t(R->Symbol) << 32 ^
                                             (uint64_t(R->Addend) & ~Flags)};
                Key.Branch = R->Addend & Rules.JumpLabelBranchMask;
              } else {
                uint64_t Address = S.Value + uint64_t(R->Addend);
                Key.Key = {S.Section, Address & ~Flags};
                Key.Branch = Address & Rules.JumpLabelBranchMask;
              }
              auto [It, New] = Out.JumpLabelKeys.try_emplace(Site, Key);
              if (!New && !(It->second == Key))
                Unknown.insert(Site);
            }))
      return E;
    for (CodeAddress Site : Unknown)
      Out.JumpLabelKeys.erase(Site);
    return Error::success();
  }

  Program &P;
  const RuleSet &Rules;
  const SectionClasses &Classes;
  Diagnostics &Diags;
  SpecialSections &Out;
  /// First instructions of alternative sides annotated IGNORE_ALTS (6.14+).
  std::unordered_set<CodeAddress> IgnoredAltSides;
  /// Originals whose alternatives are ignored (.discard.ignore_alts).
  std::unordered_set<CodeAddress> IgnoredAlternativesOf;
};

} // namespace

Expected<SpecialSections> readSpecialSections(Program &P, const RuleSet &Rules,
                                              const SectionClasses &Classes,
                                              Diagnostics &Diags) {
  SpecialSections Out;
  if (Error E = Reader(P, Rules, Classes, Diags, Out).readAll())
    return E;
  return Out;
}

} // namespace noinstr
