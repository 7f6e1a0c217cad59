//===- AArch64SwitchTable.h - GCC/Clang switch tables on arm64 -*- C++ -*-===//
#pragma once

#include "noinstr/flow/CodeIndex.h"

#include "llvm/Support/Error.h"

#include <vector>

namespace noinstr {

/// The case targets of the switch jump "br xN" at \p At, in the function
/// starting at \p FunctionStart; empty when the code before the jump is not
/// a switch-table dispatch (the jump is then an indirect tail call).
llvm::Expected<std::vector<CodeAddress>>
aarch64SwitchTargets(CodeIndex &Code, CodeAddress At, uint64_t FunctionStart);

} // namespace noinstr
