//===- CodeAddress.h - a place in one section of the program ---*- C++ -*-===//
#pragma once

#include <cstdint>
#include <functional>

namespace noinstr {

/// Program-wide section number: sections of all input objects are numbered
/// consecutively in input order (see Program).
using SectionId = uint32_t;
/// Program-wide symbol number, laid out like SectionId.
using SymbolId = uint32_t;

inline constexpr SectionId NoSection = ~0u;
inline constexpr SymbolId NoSymbol = ~0u;

/// A byte in a section. Relocatable objects have no addresses; every code
/// location is a section and an offset into it.
struct CodeAddress {
  SectionId Section = NoSection;
  uint64_t Offset = 0;

  bool valid() const { return Section != NoSection; }
  CodeAddress operator+(uint64_t Delta) const {
    return {Section, Offset + Delta};
  }
  friend bool operator==(const CodeAddress &, const CodeAddress &) = default;
  friend auto operator<=>(const CodeAddress &, const CodeAddress &) = default;
};

} // namespace noinstr

template <> struct std::hash<noinstr::CodeAddress> {
  size_t operator()(const noinstr::CodeAddress &A) const noexcept {
    return std::hash<uint64_t>()(A.Offset * 0x9E3779B97F4A7C15ull ^ A.Section);
  }
};
