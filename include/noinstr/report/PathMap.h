//===- PathMap.h - source paths as the reader's tree names them -*- C++ -*-===//
//
// DWARF names files as the build saw them: absolute paths into the machine
// that built the kernel (/build/dir/arch/x86/...). Reports, baselines kept
// in git and CI annotations want paths relative to the kernel source tree,
// like the source analyzer's, or mapped like -fdebug-prefix-map does.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "noinstr/model/Report.h"

#include <string>
#include <utility>
#include <vector>

namespace noinstr {

/// OLD=NEW pairs, the first matching prefix wins.
using PrefixMap = std::vector<std::pair<std::string, std::string>>;

/// Rewrites every source path in \p R (finding sites, chains, causes,
/// call-graph edges, entry-map steps) and every mention of a mapped
/// prefix in messages and notes.
void mapPaths(Report &R, const PrefixMap &Map);

} // namespace noinstr
