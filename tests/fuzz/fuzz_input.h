//===- fuzz_input.h - what the fuzz targets share ---------------*- C++ -*-===//
//
// The analyzer's readers take paths, not buffers, so each target writes its
// input to one temporary file per process; and the rules come from the
// repository's rules directory. Header-only: fuzzer.mk compiles each target
// from its one source file.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>
#include <vector>

namespace noinstr::fuzz {

/// NOINSTR_RULES_DIR, else the build's default; exits 2 without either.
inline std::string rulesDir(const char *Fuzzer) {
  if (const char *Dir = std::getenv("NOINSTR_RULES_DIR"); Dir && *Dir)
    return Dir;
#ifdef NOINSTR_DEFAULT_RULES_DIR
  return NOINSTR_DEFAULT_RULES_DIR;
#else
  std::fprintf(stderr, "%s: set NOINSTR_RULES_DIR to the rules directory "
                       "(e.g. <source>/rules)\n", Fuzzer);
  std::exit(2);
#endif
}

/// The temporary file each input is written to (removed at exit).
class InputFile {
public:
  explicit InputFile(const char *Fuzzer) : Fuzzer(Fuzzer) {
    const char *Tmp = std::getenv("TMPDIR");
    std::string Template =
        std::string(Tmp && *Tmp ? Tmp : "/tmp") + "/noinstr-fuzz-XXXXXX";
    std::vector<char> Buf(Template.begin(), Template.end());
    Buf.push_back('\0');
    int Fd = ::mkstemp(Buf.data());
    if (Fd < 0) {
      std::fprintf(stderr, "%s: ", Fuzzer);
      std::perror("mkstemp");
      std::exit(2);
    }
    ::close(Fd);
    Path = Buf.data();
  }
  ~InputFile() { ::unlink(Path.c_str()); }
  InputFile(const InputFile &) = delete;
  InputFile &operator=(const InputFile &) = delete;

  const std::string &path() const { return Path; }

  /// Replaces the file's contents with the input; a failure here is the
  /// machine's, not the analyzer's, so it stops the run.
  void write(const uint8_t *Data, size_t Size) const {
    FILE *F = std::fopen(Path.c_str(), "wb");
    bool Ok = F && std::fwrite(Data, 1, Size, F) == Size;
    if (!F || std::fclose(F) != 0 || !Ok) {
      std::fprintf(stderr, "%s: ", Fuzzer);
      std::perror(("writing " + Path).c_str());
      std::abort();
    }
  }

private:
  const char *Fuzzer;
  std::string Path;
};

} // namespace noinstr::fuzz
