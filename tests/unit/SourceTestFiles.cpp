//===- SourceTestFiles.cpp ------------------------------------------------===//
#include "SourceTestFiles.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <stdexcept>

using namespace llvm;

namespace noinstr::test {

SourceFiles::SourceFiles() {
  SmallString<128> P;
  if (sys::fs::createUniqueDirectory("noinstr-source-unit", P))
    throw std::runtime_error("cannot create a temporary directory");
  Dir = std::string(P);
}

SourceFiles::~SourceFiles() { sys::fs::remove_directories(Dir); }

std::string SourceFiles::path(const std::string &Name) const {
  SmallString<128> P(Dir);
  sys::path::append(P, Name);
  return std::string(P);
}

std::string SourceFiles::write(const std::string &Name,
                               const std::string &Text) const {
  std::string File = path(Name);
  sys::fs::create_directories(sys::path::parent_path(File));
  std::error_code EC;
  raw_fd_ostream OS(File, EC);
  if (EC)
    throw std::runtime_error("cannot write " + File);
  OS << Text;
  return File;
}

} // namespace noinstr::test
