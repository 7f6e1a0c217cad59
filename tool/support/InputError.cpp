//===- InputError.cpp -----------------------------------------------------===//
#include "noinstr/support/InputError.h"

#include "llvm/Support/FileSystem.h"

using namespace llvm;

namespace noinstr {

Error inputError(StringRef File, const Twine &Message) {
  return createStringError(inconvertibleErrorCode(),
                           File + ": " + Message.str());
}

Error withFile(StringRef File, Error Err) {
  std::string Message = toString(std::move(Err));
  if (StringRef(Message).starts_with(File.str() + ":"))
    return createStringError(inconvertibleErrorCode(), Message);
  return inputError(File, Message);
}

} // namespace noinstr
