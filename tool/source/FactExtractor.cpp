//===- FactExtractor.cpp - one TU's facts with Clang ----------------------===//
//
// Runs Clang's front end (syntax only) over the TU, then, for every function
// in a non-instrumentable section and every inline function such functions
// reach, builds Clang's CFG and keeps per block only what the rules look at:
// calls and instrumentation_begin()/end(). Markers are found from the macro
// invocation, not from what it expands to, so the x86 asm markers (either
// encoding) and arm64's empty statements look the same.
//
//===----------------------------------------------------------------------===//
#include "noinstr/source/FactExtractor.h"
#include "noinstr/source/FactCache.h"
#include "noinstr/support/InputError.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/Builtins.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/Lexer.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <set>

using namespace clang;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

namespace noinstr {
namespace {

/// Paths as the kernel prints them: the build's -f*-prefix-map flags (the
/// kernel maps its source tree to ""), else relative to the build directory.
class PathNormalizer {
public:
  PathNormalizer(const ClangCommand &Command) : Directory(Command.Directory) {
    for (StringRef Arg : Command.Arguments)
      for (StringRef Flag : {"-fmacro-prefix-map=", "-ffile-prefix-map=",
                             "-fdebug-prefix-map="})
        if (Arg.consume_front(Flag) && Arg.contains('='))
          Maps.emplace_back(Arg.split('=').first.str(),
                            Arg.split('=').second.str());
  }

  std::string absolute(StringRef Path) const {
    llvm::SmallString<256> Abs(Path);
    if (!llvm::sys::path::is_absolute(Abs))
      llvm::sys::fs::make_absolute(Directory, Abs);
    llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    return Abs.str().str();
  }

  std::string operator()(StringRef Path) const {
    std::string Abs = absolute(Path);
    StringRef P = Abs;
    for (const auto &[From, To] : Maps)
      if (P.starts_with(From))
        return To + P.drop_front(From.size()).str();
    llvm::SmallString<256> Dir(Directory);
    llvm::sys::path::remove_dots(Dir, true);
    if (P.consume_front(Dir) && P.consume_front("/"))
      return P.str();
    return Abs;
  }

private:
  std::string Directory;
  std::vector<std::pair<std::string, std::string>> Maps;
};

class Extractor {
public:
  Extractor(ASTContext &Ctx, const RuleSet &Rules, const PathNormalizer &Paths,
            TuFacts &Out)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Rules(Rules), Paths(Paths),
        Out(Out) {}

  void run();

private:
  FunctionKind kindOf(const FunctionDecl *FD, std::string *Section = nullptr);
  std::string keyOf(const FunctionDecl *FD);
  SourceLocation locationOf(clang::SourceLocation Loc, StringRef Function);
  std::optional<SourceEventKind> markerAt(clang::SourceLocation Loc,
                                          clang::SourceLocation &Invocation);
  std::string outermostMacro(clang::SourceLocation Loc);
  void addStmt(const Stmt *S, FlowBlock &Block, StringRef Function,
               clang::SourceLocation &LastMarker);
  void addCall(const CallExpr *Call, FlowBlock &Block, StringRef Function);
  void queueInline(const FunctionDecl *Callee, FunctionKind Kind);
  std::optional<bool> constantCondition(const Expr *Condition);
  void extract(const FunctionDecl *FD);
  void correlate(const FunctionDecl *FD,
                 const std::vector<const CFGBlock *> &Order, FunctionFacts &F);
  clang::SourceLocation keyTestInvocation(clang::SourceLocation Loc);
  std::optional<std::pair<std::string, bool>>
  staticKeyTest(const Expr *Condition);
  void addAlias(const FunctionDecl *FD, StringRef Aliasee);

  ASTContext &Ctx;
  SourceManager &SM;
  const RuleSet &Rules;
  const PathNormalizer &Paths;
  TuFacts &Out;
  std::deque<const FunctionDecl *> Work;
  std::set<const FunctionDecl *> Queued;
};

FunctionKind Extractor::kindOf(const FunctionDecl *FD, std::string *Section) {
  for (const FunctionDecl *D : FD->redecls())
    if (const auto *A = D->getAttr<SectionAttr>())
      if (Rules.NoinstrSections.matches(A->getName())) {
        if (Section)
          *Section = A->getName().str();
        return FunctionKind::Noinstr;
      }
  for (const FunctionDecl *D : FD->redecls())
    if (D->hasAttr<AlwaysInlineAttr>())
      return FunctionKind::AlwaysInline;
  return FD->isInlined() ? FunctionKind::Inline : FunctionKind::Instrumentable;
}

std::string Extractor::keyOf(const FunctionDecl *FD) {
  std::string Name = FD->getNameAsString();
  if (FD->isExternallyVisible())
    return Name;
  const FunctionDecl *Def = FD->getDefinition();
  SourceLocation L =
      locationOf((Def ? Def : FD)->getLocation(), Name);
  return Name + "@" + L.File + ":" + std::to_string(L.Line);
}

SourceLocation Extractor::locationOf(clang::SourceLocation Loc,
                                     StringRef Function) {
  PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(Loc));
  if (P.isInvalid())
    return {"", 0, 0, Function.str()};
  return {Paths(P.getFilename()), P.getLine(), P.getColumn(), Function.str()};
}

/// Whether \p Loc comes from an invocation of a region marker macro, and
/// that invocation (so that the several statements one marker expands to
/// count once).
std::optional<SourceEventKind>
Extractor::markerAt(clang::SourceLocation Loc,
                    clang::SourceLocation &Invocation) {
  const SourceRules &R = Rules.Source;
  while (Loc.isMacroID()) {
    if (SM.isMacroArgExpansion(Loc)) {
      Loc = SM.getImmediateSpellingLoc(Loc);
      continue;
    }
    StringRef Name = Lexer::getImmediateMacroName(Loc, SM, Ctx.getLangOpts());
    clang::SourceLocation Caller = SM.getImmediateExpansionRange(Loc).getBegin();
    auto Is = [&](const std::vector<std::string> &Names) {
      return std::find(Names.begin(), Names.end(), Name) != Names.end();
    };
    if (Is(R.RegionBegin) || Is(R.RegionEnd)) {
      Invocation = Caller;
      return Is(R.RegionBegin) ? SourceEventKind::RegionBegin
                               : SourceEventKind::RegionEnd;
    }
    Loc = Caller;
  }
  return std::nullopt;
}

/// The outermost macro whose body (not argument) produced \p Loc.
std::string Extractor::outermostMacro(clang::SourceLocation Loc) {
  std::string Name;
  while (Loc.isMacroID()) {
    if (SM.isMacroArgExpansion(Loc)) {
      Loc = SM.getImmediateSpellingLoc(Loc);
      continue;
    }
    Name = Lexer::getImmediateMacroName(Loc, SM, Ctx.getLangOpts()).str();
    Loc = SM.getImmediateExpansionRange(Loc).getBegin();
  }
  return Name;
}

/// The function a call expression names once casts, '&' and statement
/// expressions are looked through: static_call() and friends compute the
/// callee in a ({ ... &fn; }) block.
static const FunctionDecl *directCallee(const Expr *Callee) {
  while (Callee) {
    Callee = Callee->IgnoreParenCasts();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Callee))
      return dyn_cast<FunctionDecl>(Ref->getDecl());
    if (const auto *Op = dyn_cast<UnaryOperator>(Callee);
        Op && Op->getOpcode() == UO_AddrOf) {
      Callee = Op->getSubExpr();
      continue;
    }
    if (const auto *Block = dyn_cast<StmtExpr>(Callee)) {
      const CompoundStmt *Body = Block->getSubStmt();
      Callee = Body->body_empty() ? nullptr
                                  : dyn_cast<Expr>(Body->body_back());
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

void Extractor::addCall(const CallExpr *Call, FlowBlock &Block,
                        StringRef Function) {
  SourceEvent E;
  E.Loc = locationOf(Call->getBeginLoc(), Function);
  E.Macro = outermostMacro(Call->getBeginLoc());
  const FunctionDecl *Callee = directCallee(Call->getCallee());
  if (!Callee) {
    E.Kind = SourceEventKind::IndirectCall;
    // Name what is called through, for people: "ops->enter", "fn".
    const Expr *Target = Call->getCallee()->IgnoreParenCasts();
    if (const auto *Member = dyn_cast<MemberExpr>(Target))
      E.Callee = (Member->isArrow() ? "->" : ".") +
                 Member->getMemberDecl()->getNameAsString();
    else if (const auto *Ref = dyn_cast<DeclRefExpr>(Target)) {
      E.Callee = Ref->getDecl()->getNameAsString();
      if (const auto *Param = dyn_cast<ParmVarDecl>(Ref->getDecl()))
        E.Parameter = Param->getFunctionScopeIndex();
    }
    Block.Events.push_back(std::move(E));
    return;
  }
  // Compiler builtins are not calls; library builtins (memcpy) may be.
  if (unsigned Id = Callee->getBuiltinID();
      Id && !Ctx.BuiltinInfo.isLibFunction(Id))
    return;
  // compiletime_assert()'s error functions: a call that survives is a
  // build error, so none exists in a built kernel.
  if (Callee->hasAttr<ErrorAttr>())
    return;
  E.Kind = SourceEventKind::Call;
  E.Callee = Callee->getNameAsString();
  E.CalleeKey = keyOf(Callee);
  E.CalleeKind = kindOf(Callee);
  E.Noreturn = Callee->isNoReturn();
  queueInline(Callee, E.CalleeKind);
  if (E.CalleeKind == FunctionKind::AlwaysInline ||
      E.CalleeKind == FunctionKind::Inline)
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      if (const FunctionDecl *Arg = directCallee(Call->getArg(I))) {
        FunctionArgument A{I, Arg->getNameAsString(), keyOf(Arg),
                           kindOf(Arg)};
        queueInline(Arg, A.CalleeKind);
        E.FunctionArguments.push_back(std::move(A));
      }
  Block.Events.push_back(std::move(E));
}

/// Inline functions are walked in their callers' context: keep their body.
void Extractor::queueInline(const FunctionDecl *Callee, FunctionKind Kind) {
  if (Kind != FunctionKind::AlwaysInline && Kind != FunctionKind::Inline)
    return;
  if (const FunctionDecl *Def = Callee->getDefinition();
      Def && Queued.insert(Def).second)
    Work.push_back(Def);
}

void Extractor::addStmt(const Stmt *S, FlowBlock &Block, StringRef Function,
                        clang::SourceLocation &LastMarker) {
  clang::SourceLocation Invocation;
  if (auto Marker = markerAt(S->getBeginLoc(), Invocation)) {
    if (Invocation != LastMarker) {
      SourceEvent E;
      E.Kind = *Marker;
      E.Loc = locationOf(Invocation, Function);
      Block.Events.push_back(std::move(E));
      LastMarker = Invocation;
    }
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(S))
    addCall(Call, Block, Function);
}

/// The value of a branch condition that is constant once inline helpers
/// are inlined: "if (feature_enabled())" where the configuration made
/// feature_enabled() "return false;". Clang's CFG already prunes literal
/// constants (IS_ENABLED()); the compiler prunes these too, so calls behind
/// them never exist in the object.
std::optional<bool> Extractor::constantCondition(const Expr *Condition) {
  if (!Condition)
    return std::nullopt;
  Condition = Condition->IgnoreParenImpCasts();
  if (const auto *Not = dyn_cast<UnaryOperator>(Condition);
      Not && Not->getOpcode() == UO_LNot) {
    std::optional<bool> Value = constantCondition(Not->getSubExpr());
    return Value ? std::optional<bool>(!*Value) : std::nullopt;
  }
  const auto *Call = dyn_cast<CallExpr>(Condition);
  if (!Call)
    return std::nullopt;
  // likely()/unlikely() keep the value of their first argument.
  if (Call->getBuiltinCallee() == Builtin::BI__builtin_expect &&
      Call->getNumArgs() > 0)
    return constantCondition(Call->getArg(0));
  const FunctionDecl *Callee = Call->getDirectCallee();
  const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
  if (!Def || (kindOf(Def) != FunctionKind::AlwaysInline &&
               kindOf(Def) != FunctionKind::Inline))
    return std::nullopt;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Body || Body->size() != 1)
    return std::nullopt;
  const auto *Return = dyn_cast<ReturnStmt>(Body->body_front());
  const Expr *Value = Return ? Return->getRetValue() : nullptr;
  bool Result = false;
  if (!Value || Value->isValueDependent() ||
      !Value->EvaluateAsBooleanCondition(Result, Ctx))
    return std::nullopt;
  return Result;
}

namespace {

/// What a branch condition reads, when it has no side effect and reads
/// only local variables and memory through them (not globals, not volatile
/// data: READ_ONCE() reads what another CPU may change at any time).
struct PureCondition {
  std::set<const VarDecl *> Reads;
  bool Memory = false;
};

bool pure(const Expr *E, PureCondition &C) {
  if (!E)
    return false;
  E = E->IgnoreParens();
  if (E->getType().isVolatileQualified())
    return false;
  if (const auto *Cast = dyn_cast<CastExpr>(E))
    return pure(Cast->getSubExpr(), C);
  if (isa<IntegerLiteral, CharacterLiteral, UnaryExprOrTypeTraitExpr>(E))
    return true;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (isa<EnumConstantDecl>(Ref->getDecl()))
      return true;
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var || !Var->hasLocalStorage())
      return false;
    C.Reads.insert(Var);
    return true;
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    C.Memory |= Member->isArrow();
    return pure(Member->getBase(), C);
  }
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
    C.Memory = true;
    return pure(Subscript->getBase(), C) && pure(Subscript->getIdx(), C);
  }
  if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
    if (Unary->isIncrementDecrementOp())
      return false;
    C.Memory |= Unary->getOpcode() == UO_Deref;
    return pure(Unary->getSubExpr(), C);
  }
  if (const auto *Binary = dyn_cast<BinaryOperator>(E))
    return !Binary->isAssignmentOp() && pure(Binary->getLHS(), C) &&
           pure(Binary->getRHS(), C);
  if (const auto *Cond = dyn_cast<ConditionalOperator>(E))
    return pure(Cond->getCond(), C) && pure(Cond->getTrueExpr(), C) &&
           pure(Cond->getFalseExpr(), C);
  // likely()/unlikely()
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return Call->getBuiltinCallee() == Builtin::BI__builtin_expect &&
           Call->getNumArgs() == 2 && pure(Call->getArg(0), C) &&
           pure(Call->getArg(1), C);
  return false;
}

/// The variables \p S writes (an assignment, ++/--, a declaration, an asm
/// output) and whether it may write memory (a store through a pointer, a
/// global, an asm statement that clobbers "memory": barrier(), cpu_relax()).
void writes(const Stmt *S, std::set<const VarDecl *> &Vars, bool &Memory) {
  auto Target = [&](const Expr *LHS) {
    LHS = LHS->IgnoreParenImpCasts();
    const auto *Ref = dyn_cast<DeclRefExpr>(LHS);
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (Var && Var->hasLocalStorage()) {
      Vars.insert(Var);
      return;
    }
    Memory = true;
    // s.field = ...: the local struct s changes too.
    for (const Expr *E = LHS; E;) {
      E = E->IgnoreParenImpCasts();
      if (const auto *R = dyn_cast<DeclRefExpr>(E)) {
        if (const auto *V = dyn_cast<VarDecl>(R->getDecl()))
          Vars.insert(V);
        break;
      }
      const auto *M = dyn_cast<MemberExpr>(E);
      if (!M || M->isArrow())
        break;
      E = M->getBase();
    }
  };
  if (const auto *Binary = dyn_cast<BinaryOperator>(S)) {
    if (Binary->isAssignmentOp())
      Target(Binary->getLHS());
  } else if (const auto *Unary = dyn_cast<UnaryOperator>(S)) {
    if (Unary->isIncrementDecrementOp())
      Target(Unary->getSubExpr());
  } else if (const auto *Decl = dyn_cast<DeclStmt>(S)) {
    for (const clang::Decl *D : Decl->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        Vars.insert(Var);
  } else if (const auto *Asm = dyn_cast<AsmStmt>(S)) {
    for (unsigned I = 0; I < Asm->getNumOutputs(); ++I)
      Target(Asm->getOutputExpr(I));
    for (unsigned I = 0; I < Asm->getNumClobbers(); ++I)
      Memory |= Asm->getClobber(I) == "memory";
  }
}

/// The local variables whose address \p Body takes: a condition reading
/// one may change through any pointer.
void addressTaken(const Stmt *S, std::set<const VarDecl *> &Out) {
  if (!S)
    return;
  if (const auto *Unary = dyn_cast<UnaryOperator>(S);
      Unary && Unary->getOpcode() == UO_AddrOf)
    if (const auto *Ref =
            dyn_cast<DeclRefExpr>(Unary->getSubExpr()->IgnoreParenImpCasts()))
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
        Out.insert(Var);
  for (const Stmt *Child : S->children())
    addressTaken(Child, Out);
}

} // namespace

/// The successors of \p B that can be taken.
static std::vector<const CFGBlock *> feasibleSuccessors(
    const CFGBlock *B, std::optional<bool> Known) {
  std::vector<const CFGBlock *> Out;
  unsigned Index = 0;
  for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
    // Two-way terminators list the true branch first.
    bool Taken = !Known || B->succ_size() != 2 || (Index == 0) == *Known;
    ++Index;
    if (const CFGBlock *To = Succ.getReachableBlock(); To && Taken)
      Out.push_back(To);
  }
  return Out;
}

void Extractor::extract(const FunctionDecl *FD) {
  FunctionFacts F;
  F.Name = FD->getNameAsString();
  F.Key = keyOf(FD);
  F.Kind = kindOf(FD, &F.Section);
  F.Definition = locationOf(FD->getLocation(), F.Name);

  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  std::unique_ptr<CFG> Graph =
      CFG::buildCFG(FD, FD->getBody(), &Ctx, Options);
  if (!Graph)
    return;
  // Number the blocks reachable from the entry in depth-first order, so the
  // facts do not depend on Clang's internal numbering.
  const CFGBlock &Exit = Graph->getExit();
  std::map<const CFGBlock *, uint32_t> Index;
  std::map<const CFGBlock *, std::vector<const CFGBlock *>> Successors;
  std::vector<const CFGBlock *> Order, Stack{&Graph->getEntry()};
  while (!Stack.empty()) {
    const CFGBlock *B = Stack.back();
    Stack.pop_back();
    if (B == &Exit || !Index.emplace(B, Order.size()).second)
      continue;
    Order.push_back(B);
    std::optional<bool> Known;
    if (B->getTerminatorStmt())
      Known = constantCondition(
          dyn_cast_or_null<Expr>(B->getTerminatorCondition()));
    std::vector<const CFGBlock *> &Succs = Successors[B];
    Succs = feasibleSuccessors(B, Known);
    for (auto It = Succs.rbegin(); It != Succs.rend(); ++It)
      Stack.push_back(*It);
  }
  for (const CFGBlock *B : Order) {
    FlowBlock Block;
    clang::SourceLocation LastMarker;
    for (const CFGElement &Element : *B)
      if (auto S = Element.getAs<CFGStmt>())
        addStmt(S->getStmt(), Block, F.Name, LastMarker);
    if (const Stmt *Terminator = B->getTerminatorStmt())
      addStmt(Terminator, Block, F.Name, LastMarker);
    // A block ending in a noreturn call is a dead end, not a return.
    if (!B->hasNoReturnElement())
      for (const CFGBlock *To : Successors[B]) {
        if (To != &Exit) {
          Block.Successors.push_back(Index.at(To));
          continue;
        }
        Block.Returns = true;
        // The return statement, or falling off the closing brace.
        clang::SourceLocation At = FD->getBody()->getEndLoc();
        for (auto It = B->rbegin(); It != B->rend(); ++It)
          if (auto S = It->getAs<CFGStmt>()) {
            if (isa<ReturnStmt>(S->getStmt()))
              At = S->getStmt()->getBeginLoc();
            break;
          }
        Block.ReturnAt = locationOf(At, F.Name);
      }
    F.Blocks.push_back(std::move(Block));
  }
  correlate(FD, Order, F);
  Out.Functions.push_back(std::move(F));
}

/// The one key a static-key test takes the address of: the VarDecl of every
/// "&VAR" with static storage in Test, null when there is none, more than
/// one, or a static variable read otherwise ("&keys[cpu]", "&s.key": the
/// key is then not one named variable).
static const VarDecl *testedKey(const Stmt *Test) {
  const VarDecl *Key = nullptr;
  bool Unsure = false;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || Unsure)
      return;
    if (const auto *Address = dyn_cast<UnaryOperator>(S);
        Address && Address->getOpcode() == UO_AddrOf)
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(Address->getSubExpr()->IgnoreParens()))
        if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
            V && V->hasGlobalStorage()) {
          Unsure |= Key && Key != V;
          Key = V;
          return;
        }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
          V && V->hasGlobalStorage())
        Unsure = true;
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Test);
  return Unsure ? nullptr : Key;
}

/// The start of the innermost invocation of a static-key test macro (rules:
/// static_key_tests) whose expansion holds Loc, or an invalid location.
clang::SourceLocation Extractor::keyTestInvocation(clang::SourceLocation Loc) {
  const std::vector<std::string> &Macros = Rules.Source.StaticKeyTests;
  while (Loc.isMacroID()) {
    if (SM.isMacroArgExpansion(Loc)) {
      Loc = SM.getImmediateSpellingLoc(Loc);
      continue;
    }
    StringRef Name = Lexer::getImmediateMacroName(Loc, SM, Ctx.getLangOpts());
    clang::SourceLocation Invocation =
        SM.getImmediateExpansionRange(Loc).getBegin();
    if (std::find(Macros.begin(), Macros.end(), Name) != Macros.end())
      return Invocation;
    Loc = Invocation;
  }
  return {};
}

/// A condition that is one whole invocation of a static-key test macro
/// (rules: static_key_tests), perhaps negated and perhaps through wrapper
/// macros ("scx_enabled()"): its value is the enabled state of the key
/// variable the invocation takes the address of, named "static key
/// <variable>", and whether it is negated. The key comes from the AST, not
/// from the text: a wrapper's text does not name it ("scx_enabled()",
/// "cgroup_subsys_enabled(x)" with "&x ## _enabled_key" inside).
std::optional<std::pair<std::string, bool>>
Extractor::staticKeyTest(const Expr *Condition) {
  bool Negated = false;
  for (;;) {
    Condition = Condition->IgnoreParenImpCasts();
    const auto *Not = dyn_cast<UnaryOperator>(Condition);
    if (!Not || Not->getOpcode() != UO_LNot)
      break;
    Negated = !Negated;
    Condition = Not->getSubExpr();
  }
  if (!Condition->getBeginLoc().isMacroID() ||
      !Condition->getEndLoc().isMacroID())
    return std::nullopt;
  const VarDecl *Key = testedKey(Condition);
  if (!Key)
    return std::nullopt;
  // The condition's first and last tokens come from one invocation: it is
  // the whole invocation, not a larger expression around one.
  clang::SourceLocation Invocation =
      keyTestInvocation(Condition->getBeginLoc());
  if (Invocation.isInvalid() ||
      Invocation != keyTestInvocation(Condition->getEndLoc()))
    return std::nullopt;
  return std::make_pair("static key " + Key->getNameAsString(), Negated);
}

/// Gives the blocks that end in a test of a condition the function tests
/// more than once (the same text, read-only, no local whose address is
/// taken, outside loops: a loop tests again to see a change; or the same
/// static key, anywhere) that condition's id, and each block the conditions
/// it may change.
void Extractor::correlate(const FunctionDecl *FD,
                          const std::vector<const CFGBlock *> &Order,
                          FunctionFacts &F) {
  std::set<const VarDecl *> Taken;
  addressTaken(FD->getBody(), Taken);
  auto InLoop = [&](size_t Start) {
    std::set<uint32_t> Seen;
    std::vector<uint32_t> Work = F.Blocks[Start].Successors;
    while (!Work.empty()) {
      uint32_t B = Work.back();
      Work.pop_back();
      if (B == Start)
        return true;
      if (Seen.insert(B).second)
        Work.insert(Work.end(), F.Blocks[B].Successors.begin(),
                    F.Blocks[B].Successors.end());
    }
    return false;
  };
  std::map<std::string, std::vector<size_t>> ByText;
  std::map<std::string, PureCondition> Reads;
  std::vector<bool> Negated(Order.size()); ///< by block: tests the negation
  for (size_t I = 0; I < Order.size(); ++I) {
    const Stmt *Terminator = Order[I]->getTerminatorStmt();
    const auto *Condition =
        dyn_cast_or_null<Expr>(Order[I]->getTerminatorCondition());
    bool Branch = Terminator && (isa<IfStmt>(Terminator) ||
                                 (isa<BinaryOperator>(Terminator) &&
                                  cast<BinaryOperator>(Terminator)->isLogicalOp()));
    if (!Branch || !Condition || F.Blocks[I].Successors.size() != 2 ||
        F.Blocks[I].Successors[0] == F.Blocks[I].Successors[1])
      continue;
    PureCondition C;
    std::optional<std::pair<std::string, bool>> Key = staticKeyTest(Condition);
    // A key reads nothing the function writes (C stays empty) and keeps its
    // state while a path runs, in a loop too: the binary walk never
    // invalidates a switch either (BranchCorrelation.h).
    if (!Key &&
        (!pure(Condition, C) ||
         std::any_of(C.Reads.begin(), C.Reads.end(),
                     [&](const VarDecl *V) { return Taken.count(V) > 0; }) ||
         InLoop(I)))
      continue;
    std::string Text;
    if (Key) {
      Text = Key->first;
      Negated[I] = Key->second;
    } else {
      llvm::raw_string_ostream OS(Text);
      Condition->IgnoreParenImpCasts()->printPretty(OS, nullptr,
                                                    Ctx.getPrintingPolicy());
    }
    ByText[Text].push_back(I);
    Reads[Text] = C;
  }
  // Ids in the order of the first test.
  std::vector<std::pair<size_t, std::string>> Repeated;
  for (const auto &[Text, Blocks] : ByText)
    if (Blocks.size() > 1)
      Repeated.push_back({Blocks.front(), Text});
  std::sort(Repeated.begin(), Repeated.end());
  if (Repeated.size() > size_t(FlowBlock::MaxConditions))
    Repeated.resize(FlowBlock::MaxConditions);
  for (size_t Id = 0; Id < Repeated.size(); ++Id)
    for (size_t B : ByText[Repeated[Id].second]) {
      F.Blocks[B].Condition = int(Id);
      F.Blocks[B].ConditionNegated = Negated[B];
    }
  for (size_t I = 0; I < Order.size(); ++I) {
    std::set<const VarDecl *> Vars;
    bool Memory = false;
    for (const CFGElement &Element : *Order[I])
      if (auto S = Element.getAs<CFGStmt>())
        writes(S->getStmt(), Vars, Memory);
    for (size_t Id = 0; Id < Repeated.size(); ++Id) {
      const PureCondition &C = Reads[Repeated[Id].second];
      if ((C.Memory && Memory) ||
          std::any_of(C.Reads.begin(), C.Reads.end(),
                      [&](const VarDecl *V) { return Vars.count(V) > 0; }))
        F.Blocks[I].Kills.push_back(Id);
    }
  }
}

/// An alias of a non-instrumentable function ("u64 sched_clock_noinstr(void)
/// __attribute__((alias("native_sched_clock")))") is one too: its facts are
/// a call to what it names.
void Extractor::addAlias(const FunctionDecl *FD, StringRef Aliasee) {
  const FunctionDecl *Target = nullptr;
  for (const Decl *D :
       Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Aliasee)))
    if ((Target = dyn_cast<FunctionDecl>(D)))
      break;
  std::string Section;
  if (!Target || kindOf(Target, &Section) != FunctionKind::Noinstr)
    return;
  FunctionFacts F;
  F.Name = FD->getNameAsString();
  F.Key = keyOf(FD);
  F.Kind = FunctionKind::Noinstr;
  F.Section = Section;
  F.Definition = locationOf(FD->getLocation(), F.Name);
  SourceEvent Call;
  Call.Loc = F.Definition;
  Call.Callee = Target->getNameAsString();
  Call.CalleeKey = keyOf(Target);
  Call.CalleeKind = FunctionKind::Noinstr;
  FlowBlock Block;
  Block.Events.push_back(std::move(Call));
  Block.Returns = true;
  Block.ReturnAt = F.Definition;
  F.Blocks.push_back(std::move(Block));
  Out.Functions.push_back(std::move(F));
}

void Extractor::run() {
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
      if (const auto *Alias = FD->getAttr<AliasAttr>())
        addAlias(FD, Alias->getAliasee());
      else if (FD->doesThisDeclarationHaveABody() &&
               kindOf(FD) == FunctionKind::Noinstr && Queued.insert(FD).second)
        Work.push_back(FD);
    }
  while (!Work.empty()) {
    const FunctionDecl *FD = Work.front();
    Work.pop_front();
    extract(FD);
  }
  std::sort(Out.Functions.begin(), Out.Functions.end(),
            [](const FunctionFacts &A, const FunctionFacts &B) {
              return A.Key < B.Key;
            });
  // Two definitions with one key (a static helper defined twice on one
  // line by a macro) keep the first.
  Out.Functions.erase(
      std::unique(Out.Functions.begin(), Out.Functions.end(),
                  [](const FunctionFacts &A, const FunctionFacts &B) {
                    return A.Key == B.Key;
                  }),
      Out.Functions.end());

  for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
    std::string Path = Paths.absolute(It->first.getName());
    Out.Inputs.emplace_back(Path, FactCache::hashFile(Path));
  }
  std::sort(Out.Inputs.begin(), Out.Inputs.end());
}

class FactsConsumer : public ASTConsumer {
public:
  FactsConsumer(const RuleSet &Rules, const PathNormalizer &Paths,
                TuFacts &Out)
      : Rules(Rules), Paths(Paths), Out(Out) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    Extractor(Ctx, Rules, Paths, Out).run();
  }

private:
  const RuleSet &Rules;
  const PathNormalizer &Paths;
  TuFacts &Out;
};

class FactsAction : public ASTFrontendAction {
public:
  FactsAction(const RuleSet &Rules, const PathNormalizer &Paths, TuFacts &Out)
      : Rules(Rules), Paths(Paths), Out(Out) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 StringRef) override {
    return std::make_unique<FactsConsumer>(Rules, Paths, Out);
  }

private:
  const RuleSet &Rules;
  const PathNormalizer &Paths;
  TuFacts &Out;
};

/// Keeps the first error, as "file:line:col: message".
class FirstError : public DiagnosticConsumer {
public:
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error || !Message.empty())
      return;
    llvm::SmallString<128> Text;
    Info.FormatDiagnostic(Text);
    Message = Text.str().str();
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      const SourceManager &SM = Info.getSourceManager();
      PresumedLoc P = SM.getPresumedLoc(Info.getLocation());
      // The message is reported for the TU: name the place only when the
      // error is in another file (a header).
      if (P.isValid())
        Message += SM.isInMainFile(SM.getExpansionLoc(Info.getLocation()))
                       ? " (line " + std::to_string(P.getLine()) + ")"
                       : " (" + std::string(P.getFilename()) + ":" +
                             std::to_string(P.getLine()) + ")";
    }
  }
  std::string Message;
};

} // namespace

Expected<TuFacts> extractFacts(const ClangCommand &Command, StringRef File,
                               const RuleSet &Rules) {
  TuFacts Facts;
  Facts.File = File.str();
  Facts.Arch = Rules.Arch;
  PathNormalizer Paths(Command);

  std::vector<std::string> Args = Command.Arguments;
  Args.push_back("-resource-dir=" NOINSTR_CLANG_RESOURCE_DIR);
  // No "N errors generated." line: the first error is the whole report.
  Args.push_back("-fno-caret-diagnostics");
  Args.push_back(File.str());
  // A file system of its own: the TU's directory without chdir(), so that
  // threads can parse TUs of different directories at once.
  auto FS = llvm::vfs::createPhysicalFileSystem();
  if (std::error_code EC = FS->setCurrentWorkingDirectory(Command.Directory))
    return inputError(File, "cannot use directory '" + Command.Directory +
                                "': " + EC.message());
  auto Files = llvm::makeIntrusiveRefCnt<FileManager>(FileSystemOptions(),
                                                      std::move(FS));
  tooling::ToolInvocation Invocation(
      Args, std::make_unique<FactsAction>(Rules, Paths, Facts), Files.get());
  FirstError Diagnostics;
  Invocation.setDiagnosticConsumer(&Diagnostics);
  bool Ok = Invocation.run();
  if (!Diagnostics.Message.empty())
    return inputError(File, Diagnostics.Message);
  if (!Ok)
    return inputError(File, "clang could not parse it");
  return Facts;
}

} // namespace noinstr
