//===- Severity.cpp -------------------------------------------------------===//
#include "noinstr/model/Severity.h"

namespace noinstr {

llvm::StringRef severityName(Severity S) {
  switch (S) {
  case Severity::Note:
    return "note";
  case Severity::Warning:
    return "warning";
  case Severity::Error:
    return "error";
  }
  return "error";
}

} // namespace noinstr
