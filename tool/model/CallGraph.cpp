//===- CallGraph.cpp ------------------------------------------------------===//
#include "noinstr/model/CallGraph.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/ErrorHandling.h"

#include <iterator>

namespace noinstr {

/// Indexed by NodeRole::Value.
static constexpr llvm::StringRef RoleNames[] = {"", "entry", "establisher",
                                                "teardown", "hook"};
static_assert(std::size(RoleNames) == NodeRole::Hook + 1);

NodeRole::NodeRole(const char *Name) {
  for (unsigned I = 0; I < std::size(RoleNames); ++I)
    if (RoleNames[I] == Name) {
      V = static_cast<Value>(I);
      return;
    }
  llvm::report_fatal_error(llvm::Twine("no call graph role '") + Name + "'");
}

llvm::StringRef NodeRole::str() const { return RoleNames[V]; }

} // namespace noinstr
