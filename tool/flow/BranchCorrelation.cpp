//===- BranchCorrelation.cpp ----------------------------------------------===//
#include "noinstr/flow/BranchCorrelation.h"

#include "llvm/ADT/bit.h"

#include <algorithm>

using namespace llvm;

namespace noinstr {

size_t BranchFacts::hash() const {
  size_t H = FlagsFrom;
  for (const Fact &K : Known)
    H = H * 1000003u ^
        (size_t(K.Test) << 9 ^ size_t(K.Condition) << 1 ^ size_t(K.Jumped));
  for (const Def &D : Defs)
    H = H * 1000003u ^ (size_t(D.Value) << 8 ^ D.Register);
  for (const Switch &W : Switches)
    H = H * 1000003u ^ (size_t(W.Value) << 1 ^ size_t(W.On));
  return H;
}

/// An instruction that sets one register from others, immediates and
/// memory alone (lea, mov, shifts, arithmetic, a load: x86 "mov
/// 0x40(%r14),%eax", arm64 "ldr w1, [x19, #16]"), no flags read.
static bool defines(const Instruction &Insn) {
  const DataEffects &E = Insn.Effects;
  uint64_t Registers = E.Writes & ~DataEffects::Flags;
  return Insn.Kind == InsnKind::Other && !E.Stores &&
         !(E.Reads & (DataEffects::Flags | DataEffects::Other)) &&
         !(Registers & DataEffects::Other) && llvm::popcount(Registers) == 1;
}

Expected<uint32_t> BranchCorrelation::shapeAt(const Instruction &Insn,
                                              CodeAddress At) {
  auto Cached = ShapeAt.find(At);
  if (Cached != ShapeAt.end())
    return Cached->second;
  Program &P = Code.program();
  uint32_t Id = 0;
  auto RelocOrErr = P.relocationIn(At.Section, Insn.Offset, Insn.end());
  if (!RelocOrErr)
    return RelocOrErr.takeError();
  if (!*RelocOrErr && !(Insn.Effects.Reads & DataEffects::Other)) {
    std::string Key;
    if (Insn.SelfTest) {
      // Tagged: never the bytes of another instruction.
      Key = "jump";
      for (int Shift = 0; Shift < 32; Shift += 8)
        Key.push_back(char(Insn.SelfTest >> Shift));
    } else {
      ArrayRef<uint8_t> Bytes =
          P.contents(At.Section).slice(Insn.Offset, Insn.Length);
      Key.assign(Bytes.begin(), Bytes.end());
    }
    auto [It, New] = Shapes.try_emplace(Key, Values.size());
    if (New)
      Values.push_back(
          {Insn.Effects.Reads & ~DataEffects::Flags, Insn.Effects.Loads,
           uint32_t(Values.size())});
    Id = It->second;
  }
  ShapeAt.emplace(At, Id);
  return Id;
}

Expected<uint32_t> BranchCorrelation::valueOf(const BranchFacts &F,
                                              const Instruction &Insn,
                                              CodeAddress At) {
  auto ShapeOrErr = shapeAt(Insn, At);
  if (!ShapeOrErr || !*ShapeOrErr)
    return ShapeOrErr;
  std::vector<uint32_t> Key{*ShapeOrErr};
  ValueInfo Info = Values[*ShapeOrErr];
  for (const BranchFacts::Def &D : F.Defs)
    if (D.Register != 0xff && (Insn.Effects.Reads >> D.Register & 1)) {
      Key.insert(Key.end(), {D.Register, D.Value});
      Info.Roots = (Info.Roots & ~(uint64_t(1) << D.Register)) |
                   Values[D.Value].Roots;
      Info.Loads |= Values[D.Value].Loads;
      Info.Depth = std::max<uint8_t>(Info.Depth, Values[D.Value].Depth + 1);
    }
  if (Key.size() == 1)
    return *ShapeOrErr;
  auto [It, New] = Applied.try_emplace(Key, Values.size());
  if (New)
    Values.push_back(Info);
  return It->second;
}

uint32_t BranchCorrelation::switchValue(const SwitchKey &Key) {
  auto [It, New] = Switches.try_emplace(Key, Values.size());
  if (New)
    Values.push_back({0, false, uint32_t(Values.size())});
  return It->second;
}

std::vector<uint32_t> BranchCorrelation::switchesAt(CodeAddress At) {
  std::vector<uint32_t> Out;
  if (auto L = Special.JumpLabelKeys.find(At); L != Special.JumpLabelKeys.end())
    Out.push_back(switchValue({SwitchKind::Key, L->second.Key}));
  if (auto A = Special.AlternativesAt.find(At);
      A != Special.AlternativesAt.end())
    for (uint32_t I : A->second)
      Out.push_back(switchValue(
          {SwitchKind::Feature, {Special.Alternatives[I].Feature, 0}}));
  return Out;
}

std::vector<std::pair<uint32_t, bool>>
BranchCorrelation::switched(const Instruction &Insn, CodeAddress At,
                            CodeAddress To, bool Ran) {
  std::vector<std::pair<uint32_t, bool>> Out;
  // To == At before the instruction ran: it runs, not a way out before it.
  bool Stays = !Ran && To == At;
  if (auto L = Special.JumpLabelKeys.find(At);
      L != Special.JumpLabelKeys.end() && !Stays) {
    // The site is a NOP or a JMP in the object: either way, the path jumped
    // unless it goes on after it.
    bool Jumped = To != At + Insn.Length;
    Out.push_back({switchValue({SwitchKind::Key, L->second.Key}),
                   Jumped != L->second.Branch});
  }
  if (auto A = Special.AlternativesAt.find(At);
      A != Special.AlternativesAt.end() && !Ran) {
    // The original runs when no replacement was patched in; a replacement
    // was when its feature's condition held (a later one of the same site
    // would have overwritten it: nothing is said of those).
    std::vector<uint32_t> Taken;
    for (uint32_t I : A->second)
      if (Stays || Special.Alternatives[I].walkTarget() == To)
        Taken.push_back(I);
    if (!Stays && Taken.size() != 1)
      Taken.clear(); // two empty replacements: which one is unknown
    for (uint32_t I : Taken) {
      const Alternative &Alt = Special.Alternatives[I];
      Out.push_back({switchValue({SwitchKind::Feature, {Alt.Feature, 0}}),
                     Stays == Alt.Inverted});
    }
  }
  return Out;
}

Error BranchCorrelation::scan(SymbolId Func) {
  if (Func == NoSymbol || !Scanned.insert(Func).second)
    return Error::success();
  const Symbol &S = Code.program().symbol(Func);
  std::map<uint32_t, unsigned> Jumps;
  std::vector<std::pair<uint64_t, uint32_t>> Conditional; ///< jump, test
  // The function's control flow, as far as direct jumps inside it say.
  std::map<uint64_t, std::vector<uint64_t>> Successors;
  bool IndirectJumps = false;
  uint32_t Flags = 0;
  std::map<uint32_t, unsigned> SwitchSites;
  auto Read = [&](const Instruction &Insn, CodeAddress At) -> Expected<bool> {
    uint64_t Off = At.Offset;
    for (uint32_t Switch : switchesAt(At))
      if (++SwitchSites[Switch] == 2)
        Repeated.insert({Func, Switch});
    bool SetsFlags = Insn.Effects.Writes & DataEffects::Flags;
    if ((Insn.Kind == InsnKind::CondJump && Insn.SelfTest) ||
        (SetsFlags && Insn.Effects.test())) {
      auto ShapeOrErr = shapeAt(Insn, At);
      if (!ShapeOrErr)
        return ShapeOrErr.takeError();
      Flags = *ShapeOrErr;
    } else if (SetsFlags) {
      Flags = 0;
    }
    if (Insn.Kind == InsnKind::CondJump && Insn.Condition != NoCondition &&
        Flags) {
      Conditional.push_back({Off, Flags});
      if (++Jumps[Flags] == 2) {
        Repeated.insert({Func, Flags});
        Watched[Func] |= Values[Flags].Roots;
      }
    }
    std::vector<uint64_t> &Next = Successors[Off];
    if (Insn.Kind != InsnKind::Jump && Insn.Kind != InsnKind::IndirectJump &&
        Insn.Kind != InsnKind::Return)
      Next.push_back(Insn.end());
    if (Insn.isJump() && Insn.Target) {
      // A relocated jump leaves for a symbol (a tail call, the return
      // thunk): its encoded target means nothing.
      auto RelocOrErr =
          Code.program().relocationIn(At.Section, Insn.Offset, Insn.end());
      if (!RelocOrErr)
        return RelocOrErr.takeError();
      if (!*RelocOrErr)
        Next.push_back(*Insn.Target);
    }
    IndirectJumps |= Insn.Kind == InsnKind::IndirectJump;
    ++Instructions[Func];
    return true;
  };
  if (Error E = Code.forEachInstruction(Func, Read))
    return E;
  // A repeated test's jump that control flow leads back to is in a loop.
  // A switch's jump table hides edges: then every jump may be.
  for (const auto &[Jump, Test] : Conditional) {
    if (!Repeated.count({Func, Test}))
      continue;
    std::set<uint64_t> Seen;
    std::vector<uint64_t> Work = Successors[Jump];
    bool Cycle = IndirectJumps;
    while (!Work.empty() && !Cycle) {
      uint64_t Off = Work.back();
      Work.pop_back();
      Cycle = Off == Jump;
      auto It = Successors.find(Off);
      if (It != Successors.end() && Seen.insert(Off).second)
        Work.insert(Work.end(), It->second.begin(), It->second.end());
    }
    if (Cycle)
      InLoop.insert({S.Section, Jump});
  }
  return Error::success();
}

Expected<bool> BranchCorrelation::mayAlias(const Instruction &Insn,
                                           CodeAddress At) {
  if (!Insn.Effects.Stores)
    return false;
  Program &P = Code.program();
  auto RelocOrErr = P.relocationIn(At.Section, Insn.Offset, Insn.end());
  if (!RelocOrErr)
    return RelocOrErr.takeError();
  if (!*RelocOrErr)
    return true;
  const Symbol &S = P.symbol((*RelocOrErr)->Symbol);
  return S.Section == NoSection ||
         !PrivateData.matches(P.section(S.Section).Name);
}

void BranchCorrelation::normalize(BranchFacts &F) {
  // Equal knowledge must be equal states: free slots last, the rest sorted.
  std::sort(F.Known.begin(), F.Known.end(),
            [](const BranchFacts::Fact &A, const BranchFacts::Fact &B) {
              if ((A.Test == 0) != (B.Test == 0))
                return B.Test == 0;
              return A < B;
            });
  std::sort(F.Switches.begin(), F.Switches.end(),
            [](const BranchFacts::Switch &A, const BranchFacts::Switch &B) {
              if ((A.Value == 0) != (B.Value == 0))
                return B.Value == 0;
              return A < B;
            });
  std::sort(F.Defs.begin(), F.Defs.end());
}

Error BranchCorrelation::run(BranchFacts &F, SymbolId Func,
                             const Instruction &Insn, CodeAddress At) {
  const DataEffects &E = Insn.Effects;
  bool Aliases = false;
  if (E.Stores &&
      (F.FlagsFrom || F.Known[0].Test || F.Defs[0].Register != 0xff)) {
    auto AliasOrErr = mayAlias(Insn, At);
    if (!AliasOrErr)
      return AliasOrErr.takeError();
    Aliases = *AliasOrErr;
  }
  for (BranchFacts::Fact &K : F.Known)
    if (K.Test && invalidates(K.Test, Insn, Aliases))
      K = BranchFacts::Fact();
  if (F.FlagsFrom && invalidates(F.FlagsFrom, Insn, Aliases))
    F.FlagsFrom = 0; // the flags no longer say what the test says now
  if (E.Writes & DataEffects::Flags) {
    F.FlagsFrom = 0;
    if (E.test()) {
      auto TestOrErr = valueOf(F, Insn, At);
      if (!TestOrErr)
        return TestOrErr.takeError();
      F.FlagsFrom = *TestOrErr;
    }
  }
  // A register a repeated test reads, computed from registers: its value
  // stands for the computation until one of them changes.
  auto W = Watched.find(Func);
  uint64_t Written = E.Writes & ~DataEffects::Flags;
  uint32_t Computed = 0;
  if (W != Watched.end() && (W->second & Written) && defines(Insn)) {
    auto ValueOrErr = valueOf(F, Insn, At);
    if (!ValueOrErr)
      return ValueOrErr.takeError();
    // "shl $3,%rax" computes from what it overwrites: nothing to stand for.
    if (*ValueOrErr && !(Values[*ValueOrErr].Roots & E.Writes) &&
        Values[*ValueOrErr].Depth < MaxDepth)
      Computed = *ValueOrErr;
  }
  for (BranchFacts::Def &D : F.Defs)
    if (D.Register != 0xff && ((E.Writes >> D.Register & 1) ||
                               invalidates(D.Value, Insn, Aliases)))
      D = BranchFacts::Def();
  if (Computed)
    for (BranchFacts::Def &D : F.Defs)
      if (D.Register == 0xff) {
        D = {uint8_t(llvm::countr_zero(Written)), Computed};
        break;
      }
  normalize(F);
  return Error::success();
}

Expected<uint32_t> BranchCorrelation::jumpTest(const BranchFacts &F,
                                               const Instruction &Jump,
                                               CodeAddress At) {
  if (Jump.Condition == NoCondition)
    return 0;
  if (Jump.SelfTest)
    return valueOf(F, Jump, At);
  return F.FlagsFrom;
}

Expected<bool> BranchCorrelation::follow(BranchFacts &F, SymbolId Func,
                                         const Instruction &Insn,
                                         CodeAddress At,
                                         const std::vector<CodeAddress> &After,
                                         CodeAddress To, bool Ran) {
  for (auto [Switch, On] : switched(Insn, At, To, Ran)) {
    if (!Repeated.count({Func, Switch}))
      continue;
    BranchFacts::Switch *Same = nullptr;
    for (BranchFacts::Switch &W : F.Switches)
      if (W.Value == Switch)
        Same = &W;
    if (Same && Same->On != On)
      return false;
    if (!Same)
      for (BranchFacts::Switch &W : F.Switches)
        if (!W.Value) {
          W = {Switch, On};
          break;
        }
    normalize(F);
  }
  if (Ran && Insn.Kind == InsnKind::CondJump && After.size() == 2 &&
      After[0] != After[1] && (To == After[0] || To == After[1])) {
    auto TestOrErr = jumpTest(F, Insn, At);
    if (!TestOrErr)
      return TestOrErr.takeError();
    uint32_t Test = *TestOrErr;
    bool Jumped = To == After[0]; // the target comes before the fall-through
    BranchFacts::Fact *Same = nullptr;
    for (BranchFacts::Fact &K : F.Known)
      if (Test && K.Test == Test && (K.Condition | 1) == (Insn.Condition | 1))
        Same = &K;
    if (Same && !InLoop.count(At)) {
      bool Decided = Same->Condition == Insn.Condition ? Same->Jumped
                                                       : !Same->Jumped;
      if (Decided != Jumped)
        return false;
    }
    if (Same) {
      Same->Condition = Insn.Condition;
      Same->Jumped = Jumped;
    } else if (Test && Repeated.count({Func, Values[Test].Shape})) {
      for (BranchFacts::Fact &K : F.Known)
        if (!K.Test) {
          K = {Test, Insn.Condition, Jumped};
          break;
        }
    }
    normalize(F);
  }
  return true;
}

} // namespace noinstr
