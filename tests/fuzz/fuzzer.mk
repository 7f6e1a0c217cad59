# Builds the fuzz targets (tests/fuzz/<name>_fuzzer.cpp) with clang and
# libFuzzer + ASan + UBSan: object_reader_fuzzer and source_readers_fuzzer.
# Used by run_fuzzer.sh; incremental (dependency files, and a stamp that
# changes when the flags do).
#
#   make -f fuzzer.mk SRC_DIR=<repository> BUILD_DIR=<dir> [CXX=clang++-19]
#        [LLVM_CONFIG=llvm-config-19] [<BUILD_DIR>/<name>_fuzzer]
#
# Every target links the sources of the noinstr-core library (as listed in
# tool/CMakeLists.txt; every tool/**/*.cpp but the command-line driver if
# that list cannot be read), and LLVM from the static libraries of the
# components the top-level CMakeLists.txt names, so that the fuzzers follow
# the main build as files and components are added.
# source_readers_fuzzer adds the source analyzer's files that need no Clang.

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
# The readers of facts files and compile databases, and the link step over
# facts: the parts of the source analyzer (noinstr-source) without Clang.
SOURCE_READER_OBJECTS := $(patsubst %,$(BUILD_DIR)/obj/tool/source/%.o,\
  SourceFacts CompileDatabase SourceLinker)
FUZZERS := $(BUILD_DIR)/object_reader_fuzzer $(BUILD_DIR)/source_readers_fuzzer
STAMP := $(BUILD_DIR)/flags.stamp
STAMP_TEXT := $(CXX) $(FUZZ_CXXFLAGS) | $(LLVM_LDFLAGS) $(LLVM_LIBS) $(LLVM_SYSTEM_LIBS)

all: $(FUZZERS)

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

$(BUILD_DIR)/obj/tests/fuzz/%.o: $(SRC_DIR)/tests/fuzz/%.cpp $(STAMP)
	@mkdir -p $(@D)
	@echo "  CXX  $<"
	@$(CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer -MMD -MP -c $< -o $@

$(BUILD_DIR)/source_readers_fuzzer: $(SOURCE_READER_OBJECTS)

$(FUZZERS): $(BUILD_DIR)/%: $(BUILD_DIR)/obj/tests/fuzz/%.o $(OBJECTS)
	@echo "  LINK $@"
	@$(CXX) $(SANITIZE) -fsanitize=fuzzer $^ $(LLVM_LDFLAGS) $(LLVM_LIBS) \
	  $(LLVM_SYSTEM_LIBS) -o $@

.PHONY: all

-include $(OBJECTS:.o=.d) $(SOURCE_READER_OBJECTS:.o=.d) \
  $(patsubst $(BUILD_DIR)/%,$(BUILD_DIR)/obj/tests/fuzz/%.d,$(FUZZERS))
