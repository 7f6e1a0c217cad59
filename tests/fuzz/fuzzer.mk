# Builds object_reader_fuzzer with clang and libFuzzer + ASan + UBSan.
# Used by run_fuzzer.sh; incremental (dependency files, and a stamp that
# changes when the flags do).
#
#   make -f fuzzer.mk SRC_DIR=<repository> BUILD_DIR=<dir> [CXX=clang++-19]
#        [LLVM_CONFIG=llvm-config-19]
#
# The analyzer sources are those of the noinstr-core library (as listed in
# tool/CMakeLists.txt; every tool/**/*.cpp but the command-line driver if
# that list cannot be read), and LLVM is linked from the static libraries of
# the components the top-level CMakeLists.txt names, so that the fuzzer
# follows the main build as files and components are added.

SRC_DIR ?= $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/../..)
BUILD_DIR ?= build-fuzz
CXX := clang++-19
LLVM_CONFIG := llvm-config-19
NLOHMANN_JSON_CFLAGS ?=

# llvm_map_components_to_libnames(NOINSTR_LLVM_LIBS Support Object ...) in
# CMakeLists.txt, in llvm-config's lower case, plus the original set.
CMAKE_COMPONENTS := $(shell sed -n '/llvm_map_components_to_libnames(NOINSTR_LLVM_LIBS/,/)/p' \
  $(SRC_DIR)/CMakeLists.txt | tr -d '()' | tr 'A-Z' 'a-z' | \
  sed 's/llvm_map_components_to_libnames//; s/noinstr_llvm_libs//')
LLVM_COMPONENTS := $(sort support object mc mcdisassembler x86disassembler \
  x86desc x86info $(CMAKE_COMPONENTS))
# llvm-config's flags, without the ones that do not fit this code: it uses
# exceptions (nlohmann::json) and C++20.
LLVM_CXXFLAGS := $(filter-out -fno-exceptions -std=%,$(shell $(LLVM_CONFIG) --cxxflags))
LLVM_LDFLAGS := $(shell $(LLVM_CONFIG) --ldflags)
LLVM_LIBS := $(shell $(LLVM_CONFIG) --link-static --libs $(LLVM_COMPONENTS))
LLVM_SYSTEM_LIBS := $(shell $(LLVM_CONFIG) --link-static --system-libs)

SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=undefined
# libstdc++ 12 marks get_temporary_buffer (used by std::stable_sort)
# deprecated in C++20, which clang reports in every file.
FUZZ_CXXFLAGS := -std=c++20 -g -O1 -fno-omit-frame-pointer $(SANITIZE) \
  -Wno-deprecated-declarations \
  -I$(SRC_DIR)/include $(NLOHMANN_JSON_CFLAGS) $(LLVM_CXXFLAGS) \
  -DNOINSTR_DEFAULT_RULES_DIR='"$(SRC_DIR)/rules"'

LIBRARY_SOURCES := $(addprefix $(SRC_DIR)/tool/,$(shell \
  sed -n '/add_library(noinstr-core/,/)/p' $(SRC_DIR)/tool/CMakeLists.txt | \
  grep -Eo '[A-Za-z0-9_/.+-]+[.]cpp'))
ifeq ($(strip $(LIBRARY_SOURCES)),)
LIBRARY_SOURCES := $(shell find $(SRC_DIR)/tool -name '*.cpp' | LC_ALL=C sort)
endif
SOURCES := $(filter-out $(SRC_DIR)/tool/driver/noinstr-check.cpp,$(LIBRARY_SOURCES))
OBJECTS := $(patsubst $(SRC_DIR)/%.cpp,$(BUILD_DIR)/obj/%.o,$(SOURCES))
FUZZER_OBJECT := $(BUILD_DIR)/obj/tests/fuzz/object_reader_fuzzer.o
FUZZER := $(BUILD_DIR)/object_reader_fuzzer
STAMP := $(BUILD_DIR)/flags.stamp
STAMP_TEXT := $(CXX) $(FUZZ_CXXFLAGS) | $(LLVM_LDFLAGS) $(LLVM_LIBS) $(LLVM_SYSTEM_LIBS)

all: $(FUZZER)

# Rewritten only when the flags change, so that a flag change rebuilds all.
ifneq ($(file < $(STAMP)),$(STAMP_TEXT))
$(shell mkdir -p $(BUILD_DIR))
$(file > $(STAMP),$(STAMP_TEXT))
endif

# Every analyzer object is compiled for coverage (libFuzzer's fuzzer-no-link);
# only the target itself gets the libFuzzer entry points.
$(BUILD_DIR)/obj/tool/%.o: $(SRC_DIR)/tool/%.cpp $(STAMP)
	@mkdir -p $(@D)
	@echo "  CXX  $<"
	@$(CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZER_OBJECT): $(SRC_DIR)/tests/fuzz/object_reader_fuzzer.cpp $(STAMP)
	@mkdir -p $(@D)
	@echo "  CXX  $<"
	@$(CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer -MMD -MP -c $< -o $@

$(FUZZER): $(OBJECTS) $(FUZZER_OBJECT)
	@echo "  LINK $@"
	@$(CXX) $(SANITIZE) -fsanitize=fuzzer $^ $(LLVM_LDFLAGS) $(LLVM_LIBS) \
	  $(LLVM_SYSTEM_LIBS) -o $@

.PHONY: all

-include $(OBJECTS:.o=.d) $(FUZZER_OBJECT:.o=.d)
