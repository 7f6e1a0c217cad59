#!/usr/bin/env bash
# Builds a fuzz target (clang-19, libFuzzer + ASan + UBSan) in BUILD_DIR and
# runs it for SECONDS on its seed corpus plus the corpus it keeps in
# BUILD_DIR/TARGET. Exits non-zero when it finds a crash, hang, leak or
# out-of-memory and prints the reproducer's path.
#
#   tests/fuzz/run_fuzzer.sh TARGET BUILD_DIR SECONDS [libFuzzer options...]
#
# TARGET: object_reader (objects: object_reader_fuzzer.cpp) or
# source_readers (facts files and compile databases:
# source_readers_fuzzer.cpp).
#
# BUILD_DIR is a cache shared by the targets: objects are rebuilt only when
# their sources, headers or flags change, and each target's corpus grows
# from run to run.
#
# Debian 12 packages: clang-19 llvm-19-dev libclang-rt-19-dev (libFuzzer and
# the sanitizer runtimes; only recommended by clang-19, so install it
# explicitly with --no-install-recommends) nlohmann-json3-dev make, python3
# for the seed corpus, and gcc + binutils for object_reader's.
#
# Environment: CLANGXX (default clang++-19), LLVM_CONFIG (llvm-config-19),
# JOBS (parallel compiles, default: nproc), NOINSTR_FUZZ_REPORT_FORMATS (see
# object_reader_fuzzer.cpp).
set -euo pipefail

usage() {
  echo "usage: $0 object_reader|source_readers BUILD_DIR SECONDS" \
       "[libFuzzer options...]" >&2
  exit 2
}
[[ $# -ge 3 ]] || usage
TARGET=$1
BUILD_DIR=$2
SECONDS_TO_RUN=$3
shift 3
[[ $SECONDS_TO_RUN =~ ^[0-9]+$ && $SECONDS_TO_RUN -gt 0 ]] || usage
# What differs between the targets: the dictionary, the tools the seed
# corpus needs, and how to replay a reproducer with the tool itself.
case $TARGET in
  object_reader)
    DICT=elf.dict
    SEED_TOOLS=(python3 gcc ld)
    REPLAY=("noinstr-check [--format=text|objtool|json] %s")
    ;;
  source_readers)
    DICT=source.dict
    SEED_TOOLS=(python3)
    REPLAY=("noinstr-check --link-facts %s    (a facts file)"
            "noinstr-check --source -p %s   (a compile database)")
    ;;
  *) usage ;;
esac

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
CLANGXX=${CLANGXX:-clang++-19}
LLVM_CONFIG=${LLVM_CONFIG:-llvm-config-19}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}

die() {
  echo "run_fuzzer.sh: error: $*" >&2
  exit 2
}

command -v "$CLANGXX" >/dev/null || die "$CLANGXX not found (Debian: apt-get install clang-19)"
command -v "$LLVM_CONFIG" >/dev/null || die "$LLVM_CONFIG not found (Debian: apt-get install llvm-19-dev)"
command -v make >/dev/null || die "make not found (Debian: apt-get install make)"
[[ -e "$($LLVM_CONFIG --libdir)/libLLVMSupport.a" ]] ||
  die "LLVM static libraries missing in $($LLVM_CONFIG --libdir) (Debian: apt-get install llvm-19-dev)"

mkdir -p "$BUILD_DIR"
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)

# libFuzzer and the sanitizer runtimes are not in clang-19 itself: check that
# a fuzzer links before compiling everything (cached once it does).
PROBE_OK="$BUILD_DIR/toolchain.ok"
if [[ ! -e $PROBE_OK || $PROBE_OK -ot "$(command -v "$CLANGXX")" ]]; then
  PROBE_SRC="$BUILD_DIR/probe.cpp"
  printf '%s\n' '#include <cstddef>' '#include <cstdint>' \
    'extern "C" int LLVMFuzzerTestOneInput(const uint8_t *, size_t) { return 0; }' \
    >"$PROBE_SRC"
  if ! "$CLANGXX" -fsanitize=fuzzer,address,undefined "$PROBE_SRC" \
      -o "$BUILD_DIR/probe" 2>"$BUILD_DIR/probe.log"; then
    cat "$BUILD_DIR/probe.log" >&2
    die "$CLANGXX cannot link a libFuzzer target with ASan/UBSan (Debian: apt-get install libclang-rt-19-dev)"
  fi
  if ! echo '#include <nlohmann/json.hpp>' |
      "$CLANGXX" -std=c++20 -x c++ -fsyntax-only - 2>>"$BUILD_DIR/probe.log"; then
    die "nlohmann/json.hpp not found (Debian: apt-get install nlohmann-json3-dev)"
  fi
  rm -f "$BUILD_DIR/probe" "$PROBE_SRC"
  touch "$PROBE_OK"
fi

FUZZER="$BUILD_DIR/${TARGET}_fuzzer"
echo "== building $FUZZER"
make --no-print-directory -j"$JOBS" -f "$SCRIPT_DIR/fuzzer.mk" \
  SRC_DIR="$SRC_DIR" BUILD_DIR="$BUILD_DIR" CXX="$CLANGXX" \
  LLVM_CONFIG="$LLVM_CONFIG" "$FUZZER"

# Seeds are regenerated every run (cheap); the working corpus is kept.
WORK="$BUILD_DIR/$TARGET"
SEEDS="$WORK/seeds"
CORPUS="$WORK/corpus"
ARTIFACTS="$WORK/artifacts"
mkdir -p "$CORPUS" "$ARTIFACTS"
MISSING=()
for TOOL in "${SEED_TOOLS[@]}"; do
  command -v "$TOOL" >/dev/null || MISSING+=("$TOOL")
done
if [[ ${#MISSING[@]} -eq 0 ]]; then
  rm -rf "$SEEDS.new"
  python3 "$SCRIPT_DIR/make_seed_corpus.py" "$TARGET" "$SEEDS.new"
  rm -rf "$SEEDS"
  mv "$SEEDS.new" "$SEEDS"
else
  echo "warning: ${MISSING[*]} missing: no seed corpus, fuzzing from" \
       "the kept corpus only" >&2
  mkdir -p "$SEEDS"
fi

count_files() {
  find "$1" -maxdepth 1 -type f | wc -l
}

LOG="$WORK/fuzz.log"
RUN_STAMP="$WORK/run.stamp"
touch "$RUN_STAMP"
echo "== fuzzing for ${SECONDS_TO_RUN}s (seeds: $(count_files "$SEEDS")," \
     "corpus: $(count_files "$CORPUS") inputs; log: $LOG)"
set +e
NOINSTR_RULES_DIR="$SRC_DIR/rules" \
ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1:allocator_may_return_null=0}" \
UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
"$FUZZER" \
  -max_total_time="$SECONDS_TO_RUN" \
  -timeout=10 \
  -rss_limit_mb=2048 \
  -max_len=16384 \
  -print_final_stats=1 \
  -dict="$SCRIPT_DIR/$DICT" \
  -artifact_prefix="$ARTIFACTS/" \
  "$@" \
  "$CORPUS" "$SEEDS" >"$LOG" 2>&1
STATUS=$?
set -e

stat_of() {
  sed -n "s/^stat::$1: *//p" "$LOG" | tail -n 1
}
RUNS=$(stat_of number_of_executed_units)
SPEED=$(stat_of average_exec_per_sec)
NEW=$(stat_of new_units_added)
RSS=$(stat_of peak_rss_mb)
COVERAGE=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$LOG" | tail -n 1 || true)
echo "== ${RUNS:-?} executions in ${SECONDS_TO_RUN}s (${SPEED:-?} exec/s)," \
     "${NEW:-?} new inputs, ${COVERAGE:-no coverage line}, peak RSS ${RSS:-?} MB;" \
     "corpus now $(count_files "$CORPUS") inputs"

mapfile -t FOUND < <(find "$ARTIFACTS" -maxdepth 1 -type f -newer "$RUN_STAMP" \
  \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) |
  LC_ALL=C sort)
if [[ $STATUS -ne 0 || ${#FOUND[@]} -gt 0 ]]; then
  echo "== FAILED: the fuzzer exited with status $STATUS; last lines of $LOG:"
  tail -n 60 "$LOG"
  for F in "${FOUND[@]}"; do
    echo "reproducer: $F"
    echo "  replay: NOINSTR_RULES_DIR=$SRC_DIR/rules $FUZZER $F"
    for R in "${REPLAY[@]}"; do
      printf "  or:     $R\n" "$F"
    done
  done
  exit 1
fi
echo "== no crash found"
