//===- CallGraph.cpp ------------------------------------------------------===//
#include "noinstr/model/CallGraph.h"


#include <iterator>

namespace noinstr {

/// Indexed by NodeRole::Value.
static constexpr llvm::StringRef RoleNames[] = {"", "entry", "establisher",
                                                "teardown", "hook"};
static_assert(std::size(RoleNames) == NodeRole::Hook + 1);

llvm::StringRef NodeRole::str() const { return RoleNames[V]; }

} // namespace noinstr
