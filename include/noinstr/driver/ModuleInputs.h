//===- ModuleInputs.h - kernel modules among the inputs --------*- C++ -*-===//
//
// kbuild never validates noinstr code in modules (objtool's noinstr pass
// runs on vmlinux.o only), and a module alone cannot be checked: its calls
// into vmlinux and into other modules name symbols it does not define. The
// sound way is the whole set at once: vmlinux.o and every module's pre-link
// object, symbols resolved across all of them.
//
// What is a module is read from kbuild's file layout, never guessed from
// code: a build directory's modules.order (one module a line: `dir/foo.o`
// on 6.x, `dir/foo.ko` on older kernels), a linked `foo.ko`, or a `foo.o` with
// the `foo.ko` or `foo.mod` kbuild leaves next to it. A module's pre-link
// object is `foo.o` (kbuild links a multi-object module into it before
// modpost) or, when that is gone, the objects its `foo.mod` lists.
// Module.symvers says which object exports a symbol: vmlinux or a module.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace noinstr {

/// The objects to read, and which of them are modules.
struct ModuleInputs {
  std::vector<std::string> Objects;
  std::vector<bool> IsModule; ///< by position in Objects
  /// Linked modules (`.ko`): the module link script discarded their
  /// `.discard.*` sections, instrumentation markers included.
  std::vector<bool> IsLinked;
  /// Module.symvers: exported symbol -> "vmlinux" or the module's path
  /// (relative to the build directory, without extension).
  llvm::StringMap<std::string> Exporters;
};

/// The objects of a run: those of build directory \p BuildDir (when not
/// empty: vmlinux.o when there, each module of modules.order, and its
/// Module.symvers), then the \p Named ones, each classified by the files
/// kbuild leaves beside it; \p Symvers (when not empty) read last. A
/// module with neither a pre-link object nor a .mod file is an error
/// naming it.
llvm::Expected<ModuleInputs> gatherInputs(llvm::StringRef BuildDir,
                                          const std::vector<std::string> &Named,
                                          llvm::StringRef Symvers);

/// The pre-link object kbuild leaves next to linked module \p KoPath
/// (`foo.o` for `foo.ko`), or "" when there is none.
std::string preLinkObject(llvm::StringRef KoPath);

} // namespace noinstr
