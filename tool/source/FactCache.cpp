//===- FactCache.cpp - reuse the facts of unchanged TUs -------------------===//
//
// An entry is the facts JSON itself: it already records the command hash and
// every input file with the hash of its contents, so validating an entry is
// re-hashing those files. Hashes are xxh3 (64 bits, hex): fast enough that
// re-hashing the few hundred headers of a TU costs far less than parsing it.
// A damaged or foreign entry is a miss, never an error.
//
//===----------------------------------------------------------------------===//
#include "noinstr/source/FactCache.h"

#include "noinstr/support/InputError.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

using namespace llvm;

namespace noinstr {

static std::string hexHash(StringRef Data) {
  std::string Hex;
  raw_string_ostream(Hex) << format_hex_no_prefix(xxh3_64bits(Data), 16);
  return Hex;
}

std::string FactCache::hashCommand(const std::vector<std::string> &Arguments) {
  // NUL-separated: {"-a", "b"} and {"-ab"} must not hash alike.
  std::string Joined;
  for (const std::string &A : Arguments) {
    Joined += A;
    Joined += '\0';
  }
  return hexHash(Joined);
}

std::string FactCache::hashFile(StringRef Path) {
  auto BufOrErr = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                        /*RequiresNullTerminator=*/false);
  if (!BufOrErr)
    return "";
  return hexHash((*BufOrErr)->getBuffer());
}

std::string FactCache::pathFor(StringRef File, StringRef CommandHash) const {
  SmallString<256> Path(Dir);
  sys::path::append(Path, hexHash((File + Twine('\0') + CommandHash).str()) +
                              ".json");
  return std::string(Path);
}

std::optional<TuFacts> FactCache::lookup(StringRef File,
                                         StringRef CommandHash) const {
  std::string Path = pathFor(File, CommandHash);
  auto BufOrErr = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!BufOrErr)
    return std::nullopt;
  auto FactsOrErr = factsFromJson((*BufOrErr)->getBuffer(), Path);
  if (!FactsOrErr) {
    consumeError(FactsOrErr.takeError());
    return std::nullopt;
  }
  // Another (File, command) whose name hashes alike is a miss, too.
  if (FactsOrErr->File != File || FactsOrErr->CommandHash != CommandHash)
    return std::nullopt;
  for (const auto &[Input, Hash] : FactsOrErr->Inputs)
    if (hashFile(Input) != Hash)
      return std::nullopt;
  return std::move(*FactsOrErr);
}

Error FactCache::store(const TuFacts &Facts) const {
  if (std::error_code EC = sys::fs::create_directories(Dir))
    return inputError(Dir, "cannot create the cache directory: " +
                               EC.message());
  std::string Path = pathFor(Facts.File, Facts.CommandHash);
  // Readers see the old entry or the new one, never half of one.
  SmallString<256> Temp;
  int FD;
  if (std::error_code EC =
          sys::fs::createUniqueFile(Path + ".%%%%%%.tmp", FD, Temp))
    return inputError(Path, "cannot write: " + EC.message());
  {
    raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << factsToJson(Facts);
    OS.close();
    if (OS.has_error()) {
      std::string Why = OS.error().message();
      OS.clear_error();
      sys::fs::remove(Temp);
      return inputError(Path, "cannot write: " + Why);
    }
  }
  if (std::error_code EC = sys::fs::rename(Temp, Path)) {
    sys::fs::remove(Temp);
    return inputError(Path, "cannot write: " + EC.message());
  }
  return Error::success();
}

} // namespace noinstr
