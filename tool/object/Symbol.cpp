//===- Symbol.cpp ---------------------------------------------------------===//
#include "noinstr/object/Symbol.h"

#include "llvm/BinaryFormat/ELF.h"

namespace noinstr {

bool Symbol::isFunction() const { return Type == llvm::ELF::STT_FUNC; }
bool Symbol::isSection() const { return Type == llvm::ELF::STT_SECTION; }
bool Symbol::isGlobal() const {
  return Binding == llvm::ELF::STB_GLOBAL || Binding == llvm::ELF::STB_WEAK;
}
bool Symbol::isWeak() const { return Binding == llvm::ELF::STB_WEAK; }

} // namespace noinstr
