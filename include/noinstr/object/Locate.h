//===- Locate.h - naming an instruction for people -------------*- C++ -*-===//
#pragma once

#include "noinstr/model/CodeLocation.h"
#include "noinstr/object/Program.h"

namespace noinstr {

/// The location of \p Addr named as objtool names it: the symbol holding it
/// (or the section in a symbol hole) and the offsets. No source lines.
CodeLocation locate(Program &P, CodeAddress Addr);

} // namespace noinstr
