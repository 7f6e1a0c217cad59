//===- CompileDatabase.cpp - the kernel's compile_commands.json -----------===//
//
// The database is read as written by the kernel's gen_compile_commands.py
// (and by CMake, Bear, ...): an array of {"directory", "file", "arguments"
// or "command"}. Only a file that cannot be read or is not an array fails
// the load; a broken entry becomes a CompileProblem so that the other TUs
// are still analysed.
//
// Translation turns a gcc (or clang) command into one clang 19 parses for
// syntax only: the rules say which flags clang rejects or the analysis does
// not need (warnings, dependency files), and what to add (the target, -w).
//
//===----------------------------------------------------------------------===//
#include "noinstr/source/CompileDatabase.h"

#include "noinstr/support/InputError.h"
#include "noinstr/support/Json.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/StringSaver.h"

using json = nlohmann::json;
using namespace llvm;

namespace noinstr {
namespace {

/// \p Path made absolute against \p Directory, without "." and "..", so
/// that the same file is always named the same way.
std::string absoluteIn(StringRef Directory, StringRef Path) {
  SmallString<256> Abs(Path);
  if (!sys::path::is_absolute(Abs)) {
    Abs = Directory;
    sys::path::append(Abs, Path);
  }
  sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

/// A "command" string split as a POSIX shell would (quotes, backslashes):
/// the kernel writes -DKBUILD_MODFILE='"arch/x86/entry/common"'.
std::vector<std::string> splitCommand(StringRef Command) {
  BumpPtrAllocator Alloc;
  StringSaver Saver(Alloc);
  SmallVector<const char *, 64> Argv;
  cl::TokenizeGNUCommandLine(Command, Saver, Argv);
  return std::vector<std::string>(Argv.begin(), Argv.end());
}

/// Reads entry \p Index into \p Entry, or says why it cannot be used.
std::optional<CompileProblem> readEntry(const json &Value, size_t Index,
                                        CompileEntry &Entry) {
  std::string Name = "entry " + std::to_string(Index);
  if (!Value.is_object())
    return CompileProblem{Name, "not a JSON object"};
  auto File = Value.find("file");
  if (File == Value.end() || !File->is_string())
    return CompileProblem{Name, "no \"file\" string"};
  auto Dir = Value.find("directory");
  if (Dir == Value.end() || !Dir->is_string())
    return CompileProblem{File->get<std::string>(),
                          Name + " has no \"directory\" string"};
  Entry.Directory = Dir->get<std::string>();
  Entry.File = absoluteIn(Entry.Directory, File->get<std::string>());
  auto Args = Value.find("arguments");
  auto Command = Value.find("command");
  if (Args != Value.end()) {
    if (!Args->is_array())
      return CompileProblem{Entry.File, Name + ": \"arguments\" is not a list"};
    for (const json &A : *Args) {
      if (!A.is_string())
        return CompileProblem{Entry.File, Name + ": \"arguments\" holds a "
                                                 "value that is not a string"};
      Entry.Arguments.push_back(A.get<std::string>());
    }
  } else if (Command != Value.end()) {
    if (!Command->is_string())
      return CompileProblem{Entry.File,
                            Name + ": \"command\" is not a string"};
    Entry.Arguments = splitCommand(Command->get<std::string>());
  } else {
    return CompileProblem{Entry.File,
                          Name + " has neither \"arguments\" nor \"command\""};
  }
  if (Entry.Arguments.empty())
    return CompileProblem{Entry.File, Name + " has an empty command"};
  return std::nullopt;
}

bool isIdentifierChar(char C) { return isAlnum(C) || C == '_'; }

/// Does \p Text contain \p Token? A token that is an identifier must stand
/// as a whole word ("noinstr", not "noinstrument"); others (".noinstr.text")
/// may appear anywhere.
bool containsToken(StringRef Text, StringRef Token) {
  bool Word = !Token.empty() && all_of(Token, isIdentifierChar);
  for (size_t Pos = Text.find(Token); Pos != StringRef::npos;
       Pos = Text.find(Token, Pos + 1)) {
    if (!Word)
      return true;
    size_t End = Pos + Token.size();
    if ((Pos == 0 || !isIdentifierChar(Text[Pos - 1])) &&
        (End == Text.size() || !isIdentifierChar(Text[End])))
      return true;
  }
  return false;
}

} // namespace

Expected<CompileDatabase> loadCompileDatabase(StringRef Path) {
  CompileDatabase Db;
  Db.Path = Path.str();
  if (sys::fs::is_directory(Path)) {
    SmallString<256> File(Path);
    sys::path::append(File, "compile_commands.json");
    Db.Path = std::string(File);
  }
  auto BufOrErr = MemoryBuffer::getFile(Db.Path, /*IsText=*/true);
  if (!BufOrErr)
    return inputError(Db.Path, BufOrErr.getError().message());
  StringRef Text = (*BufOrErr)->getBuffer();
  auto DocOrErr = parseJson(Text);
  if (!DocOrErr)
    return withFile(Db.Path, DocOrErr.takeError());
  const json &Doc = *DocOrErr;
  if (!Doc.is_array())
    return inputError(Db.Path, "not a compile database: the top level must "
                               "be a JSON array of entries");
  for (size_t I = 0; I < Doc.size(); ++I) {
    CompileEntry Entry;
    if (auto Problem = readEntry(Doc[I], I, Entry)) {
      Db.Problems.push_back(std::move(*Problem));
      continue;
    }
    // Assembly and other languages hold no C functions to check.
    if (sys::path::extension(Entry.File) == ".c")
      Db.Entries.push_back(std::move(Entry));
  }
  return Db;
}

std::string detectArch(const CompileEntry &Entry) {
  auto ArchOfTriple = [](StringRef Triple) -> std::string {
    if (Triple.starts_with("aarch64") || Triple.starts_with("arm64"))
      return "arm64";
    if (Triple.starts_with("x86_64"))
      return "x86_64";
    return "";
  };
  const std::vector<std::string> &Args = Entry.Arguments;
  // An explicit target wins; then a cross compiler's name
  // ("aarch64-linux-gnu-gcc"); then the flags each arch's Makefile adds.
  for (size_t I = 1; I < Args.size(); ++I) {
    StringRef A = Args[I];
    if ((A == "-target" || A == "--target") && I + 1 < Args.size())
      return ArchOfTriple(Args[I + 1]);
    if (A.consume_front("--target=") || A.consume_front("-target="))
      return ArchOfTriple(A);
  }
  if (std::string Arch = ArchOfTriple(sys::path::filename(Args[0]));
      !Arch.empty())
    return Arch;
  for (StringRef A : ArrayRef(Args).drop_front()) {
    if (A == "-mabi=lp64")
      return "arm64";
    if (A == "-m64")
      return "x86_64";
  }
  return "";
}

ClangCommand translateCommand(const CompileEntry &Entry,
                              const SourceRules &Rules) {
  ClangCommand Cmd;
  Cmd.Directory = Entry.Directory;
  Cmd.Arguments.push_back("clang");
  const std::vector<std::string> &Args = Entry.Arguments;
  for (size_t I = 1; I < Args.size(); ++I) {
    StringRef A = Args[I];
    // What the command produces is not ours to produce: no object, and
    // the input is given separately to whoever runs the command.
    if (A == "-c")
      continue;
    if (A == "-o") {
      ++I;
      continue;
    }
    if (!A.starts_with("-") && absoluteIn(Entry.Directory, A) == Entry.File)
      continue;
    if (is_contained(Rules.DropFlagsWithValue, A)) {
      Cmd.Dropped.push_back(A.str());
      if (I + 1 < Args.size())
        Cmd.Dropped.push_back(Args[++I]);
      continue;
    }
    if (Rules.DropFlags.matches(A)) {
      Cmd.Dropped.push_back(A.str());
      continue;
    }
    Cmd.Arguments.push_back(A.str());
  }
  Cmd.Arguments.insert(Cmd.Arguments.end(), Rules.AddFlags.begin(),
                       Rules.AddFlags.end());
  Cmd.Arguments.push_back("-fsyntax-only");
  return Cmd;
}

/// The .c files \p Text includes with quotes: kbuild compiles some
/// directories as one TU that includes its .c files (kernel/sched's
/// build_policy.c includes idle.c), so their text is the TU's too.
static std::vector<std::string> includedSources(StringRef Text,
                                                StringRef Dir) {
  std::vector<std::string> Files;
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Text = Rest;
    Line = Line.trim();
    if (!Line.consume_front("#"))
      continue;
    Line = Line.ltrim();
    if (!Line.consume_front("include"))
      continue;
    Line = Line.ltrim();
    if (!Line.consume_front("\""))
      continue;
    StringRef Name = Line.take_until([](char C) { return C == '"'; });
    if (Name.ends_with(".c")) {
      SmallString<256> Path(Dir);
      sys::path::append(Path, Name);
      Files.push_back(std::string(Path));
    }
  }
  return Files;
}

Expected<bool> mayDefineNoinstr(const CompileEntry &Entry,
                                const SourceRules &Rules) {
  auto BufOrErr = MemoryBuffer::getFile(Entry.File, /*IsText=*/true);
  if (!BufOrErr)
    return inputError(Entry.File, BufOrErr.getError().message());
  auto Mentions = [&](StringRef Text) {
    return any_of(Rules.PrescanTokens,
                  [&](const std::string &T) { return containsToken(Text, T); });
  };
  StringRef Text = (*BufOrErr)->getBuffer();
  if (Mentions(Text))
    return true;
  for (const std::string &File :
       includedSources(Text, sys::path::parent_path(Entry.File)))
    if (auto Included = MemoryBuffer::getFile(File, /*IsText=*/true))
      if (Mentions((*Included)->getBuffer()))
        return true;
  return false;
}

} // namespace noinstr
