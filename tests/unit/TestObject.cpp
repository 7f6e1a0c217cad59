//===- TestObject.cpp -----------------------------------------------------===//
#include "TestObject.h"

#include "ObjectSpec.h"

#include "noinstr/driver/BinaryAnalysis.h"

#include "llvm/ObjectYAML/yaml2obj.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace llvm;

namespace noinstr::test {

TempDir::TempDir() {
  SmallString<128> P;
  if (sys::fs::createUniqueDirectory("noinstr-unit", P))
    throw std::runtime_error("cannot create a temporary directory");
  Dir = std::string(P);
}

TempDir::~TempDir() { sys::fs::remove_directories(Dir); }

std::string TempDir::path(const std::string &Name) const {
  SmallString<128> P(Dir);
  sys::path::append(P, Name);
  return std::string(P);
}

std::string TempDir::write(const std::string &Name,
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

std::string elfYaml(const std::string &Sections, const std::string &Symbols,
                    const std::string &Machine) {
  return "--- !ELF\n"
         "FileHeader:\n"
         "  Class: ELFCLASS64\n"
         "  Data: ELFDATA2LSB\n"
         "  Type: ET_REL\n"
         "  Machine: " +
         Machine +
         "\n"
         "Sections:\n" +
         Sections + "Symbols:\n" + Symbols;
}

Expected<Report> analyzeYaml(const std::vector<std::string> &Yamls,
                             const std::vector<std::string> &ExtraRules,
                             std::optional<KernelVersion> Kernel) {
  TempDir Dir;
  Options Opts;
  Opts.RulesDir = NOINSTR_TEST_RULES_DIR;
  Opts.Kernel = Kernel;
  for (size_t I = 0; I < Yamls.size(); ++I) {
    std::string File = Dir.path("obj" + std::to_string(I) + ".o");
    std::error_code EC;
    raw_fd_ostream OS(File, EC);
    if (EC)
      return createStringError(EC, "cannot write " + File);
    yaml::Input In(Yamls[I]);
    std::string Diagnostics;
    if (!yaml::convertYAML(
            In, OS, [&](const Twine &Msg) { Diagnostics += Msg.str() + "\n"; }))
      return createStringError(inconvertibleErrorCode(),
                               "yaml2obj failed: " + Diagnostics);
    Opts.Inputs.push_back(File);
  }
  for (size_t I = 0; I < ExtraRules.size(); ++I)
    Opts.ExtraRules.push_back(
        Dir.write("extra" + std::to_string(I) + ".json", ExtraRules[I]));
  // The objects built here are whole: a warning is a test failure.
  noinstr::Diagnostics Warnings;
  auto ReportOrErr = analyzeObjects(Opts, nulls(), Warnings);
  if (ReportOrErr && !Warnings.warnings().empty())
    return createStringError(inconvertibleErrorCode(),
                             "warning: " + Warnings.warnings().front());
  return ReportOrErr;
}

std::vector<std::string> summarize(const Report &R) {
  std::vector<std::string> Out;
  for (const Finding &F : R.Findings)
    Out.push_back(F.Rule.str().str() + " " + F.Callee + "@" + F.Site.str());
  return Out;
}

Report runSpec(const ObjectSpec &Spec) {
  auto R = analyzeYaml({Spec.yaml()}, {}, Spec.Kernel);
  if (!R) {
    ADD_FAILURE() << toString(R.takeError());
    return {};
  }
  return std::move(*R);
}

std::vector<std::string> runSummary(const ObjectSpec &Spec) {
  return summarize(runSpec(Spec));
}

} // namespace noinstr::test
