//===- ModuleInputsTest.cpp - kbuild's module files -----------------------===//
#include "TestObject.h"

#include "noinstr/driver/ModuleInputs.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace noinstr;
using namespace noinstr::test;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

TEST(ModuleInputs, BuildDirectoryReadsModulesOrderModFilesAndSymvers) {
  TempDir Dir;
  Dir.write("vmlinux.o", "");
  Dir.write("modules.order", "arch/x86/kvm/kvm.o\ndrivers/foo/foo.ko\n");
  Dir.write("arch/x86/kvm/kvm.o", "");
  // No foo.o: the members its .mod lists, relative to the build directory
  // or absolute (external modules).
  Dir.write("drivers/foo/foo.mod",
            "drivers/foo/a.o\n" + Dir.path("ext/b.o") + "\n");
  Dir.write("Module.symvers",
            "0x1\tkvm_spurious_fault\tarch/x86/kvm/kvm\tEXPORT_SYMBOL_GPL\t\n"
            "0x2\tclear_bhb_loop\tvmlinux\tEXPORT_SYMBOL_GPL\t\n");
  auto InOrErr = gatherInputs(Dir.path(""), {}, "");
  ASSERT_OK(InOrErr);
  EXPECT_THAT(InOrErr->Objects,
              ElementsAre(Dir.path("vmlinux.o"), Dir.path("arch/x86/kvm/kvm.o"),
                          Dir.path("drivers/foo/a.o"), Dir.path("ext/b.o")));
  EXPECT_THAT(InOrErr->IsModule, ElementsAre(false, true, true, true));
  EXPECT_THAT(InOrErr->IsLinked, ElementsAre(false, false, false, false));
  EXPECT_EQ(InOrErr->Exporters.lookup("kvm_spurious_fault"),
            "arch/x86/kvm/kvm");
  EXPECT_EQ(InOrErr->Exporters.lookup("clear_bhb_loop"), "vmlinux");
}

TEST(ModuleInputs, NamedInputsAreModulesByTheFilesBesideThem) {
  TempDir Dir;
  std::string Vmlinux = Dir.write("vmlinux.o", "");
  std::string PreLink = Dir.write("kvm.o", "");
  Dir.write("kvm.ko", "");
  std::string Member = Dir.write("m.o", "");
  Dir.write("m.mod", "m.o\n");
  std::string Linked = Dir.write("x.ko", "");
  auto InOrErr = gatherInputs("", {Vmlinux, PreLink, Member, Linked}, "");
  ASSERT_OK(InOrErr);
  EXPECT_THAT(InOrErr->IsModule, ElementsAre(false, true, true, true));
  EXPECT_THAT(InOrErr->IsLinked, ElementsAre(false, false, false, true));
  EXPECT_EQ(preLinkObject(Dir.path("kvm.ko")), PreLink);
  EXPECT_EQ(preLinkObject(Linked), "");
}

TEST(ModuleInputs, BrokenFilesAreErrorsNamingThem) {
  TempDir Dir;
  Dir.write("b/modules.order", "drivers/gone/gone.o\n");
  auto Missing = gatherInputs(Dir.path("b"), {}, "");
  ASSERT_FALSE(Missing);
  EXPECT_THAT(toString(Missing.takeError()),
              HasSubstr("modules.order: module 'drivers/gone/gone'"));
  std::string Symvers = Dir.write("Module.symvers", "0x1 foo vmlinux\n");
  auto Bad = gatherInputs("", {}, Symvers);
  ASSERT_FALSE(Bad);
  EXPECT_THAT(toString(Bad.takeError()),
              HasSubstr("Module.symvers: line 1: expected CRC, symbol and "
                        "module separated by tabs"));
}

} // namespace
