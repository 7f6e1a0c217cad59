//===- ModuleInputs.cpp - kbuild's module files ---------------------------===//
#include "noinstr/driver/ModuleInputs.h"

#include "noinstr/support/InputError.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace noinstr {

/// \p Path with its extension replaced by \p Ext.
static std::string withExtension(StringRef Path, StringRef Ext) {
  SmallString<256> Result(Path);
  sys::path::replace_extension(Result, Ext);
  return std::string(Result);
}

std::string preLinkObject(StringRef KoPath) {
  std::string Object = withExtension(KoPath, ".o");
  return sys::fs::exists(Object) ? Object : "";
}

/// Adds a named input, classified by the files kbuild leaves beside it.
static void addNamed(ModuleInputs &In, const std::string &Path) {
  bool Linked = sys::path::extension(Path) == ".ko";
  bool Module = Linked || sys::fs::exists(withExtension(Path, ".ko")) ||
                sys::fs::exists(withExtension(Path, ".mod"));
  In.Objects.push_back(Path);
  In.IsModule.push_back(Module);
  In.IsLinked.push_back(Linked);
}

static Expected<std::unique_ptr<MemoryBuffer>> readText(StringRef Path) {
  auto BufOrErr = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!BufOrErr)
    return inputError(Path, BufOrErr.getError().message());
  return std::move(*BufOrErr);
}

/// Module.symvers: CRC, symbol, module, export type, namespace, separated
/// by tabs.
static Error readModuleSymvers(StringRef Path, StringMap<std::string> &Out) {
  auto BufOrErr = readText(Path);
  if (!BufOrErr)
    return BufOrErr.takeError();
  SmallVector<StringRef, 0> Lines;
  (*BufOrErr)->getBuffer().split(Lines, '\n');
  for (size_t I = 0; I < Lines.size(); ++I) {
    StringRef Line = Lines[I].rtrim("\r");
    if (Line.empty())
      continue;
    SmallVector<StringRef, 5> Fields;
    Line.split(Fields, '\t');
    if (Fields.size() < 3 || Fields[1].empty() || Fields[2].empty())
      return inputError(Path, "line " + Twine(I + 1) +
                                  ": expected CRC, symbol and module "
                                  "separated by tabs");
    Out[Fields[1]] = Fields[2].str();
  }
  return Error::success();
}

/// The objects of module \p Stem (build-directory relative, no extension):
/// its pre-link object, else the members its .mod file lists.
static Expected<std::vector<std::string>>
moduleObjects(StringRef Dir, StringRef Order, StringRef Stem) {
  SmallString<256> Base(Dir);
  sys::path::append(Base, Stem);
  std::string Object = (Base + ".o").str();
  if (sys::fs::exists(Object))
    return std::vector<std::string>{Object};
  std::string Mod = (Base + ".mod").str();
  if (!sys::fs::exists(Mod))
    return inputError(Order, "module '" + Stem + "': neither " + Object +
                                 " nor " + Mod +
                                 " exists (build the modules first)");
  auto BufOrErr = readText(Mod);
  if (!BufOrErr)
    return BufOrErr.takeError();
  std::vector<std::string> Members;
  SmallVector<StringRef, 8> Lines;
  (*BufOrErr)->getBuffer().split(Lines, '\n', -1, /*KeepEmpty=*/false);
  for (StringRef Line : Lines) {
    // Relative to the build directory; external modules (M=) may be
    // absolute.
    StringRef Path = Line.trim();
    SmallString<256> Member(Dir);
    if (sys::path::is_absolute(Path))
      Member = Path;
    else
      sys::path::append(Member, Path);
    Members.push_back(std::string(Member));
  }
  if (Members.empty())
    return inputError(Mod, "lists no objects");
  return Members;
}

static Error addBuildDirectory(ModuleInputs &In, StringRef Dir) {
  if (!sys::fs::is_directory(Dir))
    return inputError(Dir, "is not a directory (--build-dir needs the "
                           "kernel's build directory)");
  SmallString<256> Path(Dir);
  sys::path::append(Path, "vmlinux.o");
  if (sys::fs::exists(Path)) {
    In.Objects.push_back(std::string(Path));
    In.IsModule.push_back(false);
    In.IsLinked.push_back(false);
  }
  SmallString<256> Order(Dir);
  sys::path::append(Order, "modules.order");
  if (sys::fs::exists(Order)) {
    auto BufOrErr = readText(Order);
    if (!BufOrErr)
      return BufOrErr.takeError();
    SmallVector<StringRef, 0> Lines;
    (*BufOrErr)->getBuffer().split(Lines, '\n', -1, /*KeepEmpty=*/false);
    for (StringRef Line : Lines) {
      // dir/foo.o on 6.x kernels, dir/foo.ko on older ones.
      Line = Line.trim();
      StringRef Stem = Line;
      if (!Stem.consume_back(".o") && !Stem.consume_back(".ko"))
        return inputError(Order, "'" + Line + "' is neither a .o nor a .ko");
      auto ObjectsOrErr = moduleObjects(Dir, Order, Stem);
      if (!ObjectsOrErr)
        return ObjectsOrErr.takeError();
      for (std::string &Object : *ObjectsOrErr) {
        In.Objects.push_back(std::move(Object));
        In.IsModule.push_back(true);
        In.IsLinked.push_back(false);
      }
    }
  }
  if (In.Objects.empty())
    return inputError(Dir, "has neither vmlinux.o nor modules.order: not a "
                           "kernel build directory");
  SmallString<256> Symvers(Dir);
  sys::path::append(Symvers, "Module.symvers");
  if (sys::fs::exists(Symvers))
    return readModuleSymvers(Symvers, In.Exporters);
  return Error::success();
}

Expected<ModuleInputs> gatherInputs(StringRef BuildDir,
                                    const std::vector<std::string> &Named,
                                    StringRef Symvers) {
  ModuleInputs In;
  if (!BuildDir.empty())
    if (Error E = addBuildDirectory(In, BuildDir))
      return E;
  for (const std::string &Path : Named)
    addNamed(In, Path);
  if (!Symvers.empty())
    if (Error E = readModuleSymvers(Symvers, In.Exporters))
      return E;
  return In;
}

} // namespace noinstr
