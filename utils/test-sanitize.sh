#!/usr/bin/env bash
#===- utils/test-sanitize.sh - the tests under ASan and UBSan -------------===#
#
# Builds rt with the `sanitize` preset (clang 22, AddressSanitizer with
# LeakSanitizer, UndefinedBehaviorSanitizer that aborts on the first report,
# libFuzzer) into build-sanitize/, then runs under the sanitizers:
#   - the GoogleTest unit tests,
#   - the lit tests,
#   - the ONNX backend node tests on the CPU path (conformance.py),
#   - the hostile models (utils/hostile_models.py),
#   - each fuzz target for a short while (utils/fuzz.sh).
# Any sanitizer report fails the script. .ci/run runs it after the main
# tests.
#
#   utils/test-sanitize.sh [--fuzz-seconds N] [--no-fuzz]
#
#===----------------------------------------------------------------------===#
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FUZZ_SECONDS=20
FUZZ=1
while (($#)); do
  case "$1" in
    --fuzz-seconds) FUZZ_SECONDS="$2"; shift 2 ;;
    --no-fuzz) FUZZ=0; shift ;;
    *) echo "test-sanitize.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

utils/setup.sh --no-configure
BUILD=build-sanitize
[ -f "$BUILD/build.ninja" ] || cmake --preset sanitize >/dev/null
cmake --build "$BUILD" --target rt-opt rt-translate rt-run rt-unittests

# Reports abort the process (a non-zero exit every harness sees); leaks are
# checked at exit. allow_user_poisoning=0: LLVM's BumpPtrAllocator poisons
# the unused part of a new slab when the header code that allocates it is
# instrumented (ours), but Debian's libMLIR, which is not, hands out memory
# from the same slab without unpoisoning it: attribute storage allocated
# by an rt attribute followed by a StringAttr allocated in libMLIR reported
# "use-after-poison" on a valid write. Heap, stack and leak checking are
# unaffected; only these manual annotations are ignored.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:allow_user_poisoning=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

echo "test-sanitize: unit tests"
# GoogleTest cases are named Suite.Case; the script-driven tests (rt-*)
# run below with their own options.
(cd "$BUILD" && ctest --output-on-failure -E '^rt-')

echo "test-sanitize: lit tests"
"$(cd "$BUILD" && sed -n 's/^LLVM_EXTERNAL_LIT:[A-Z]*=//p' CMakeCache.txt)" \
  -sv "$BUILD/test"

echo "test-sanitize: conformance of the node tests"
python3 utils/conformance.py --rt-run "$BUILD/bin/rt-run" --max-crash 0 \
  --timeout 300 /usr/share/libonnx-testdata/data/node

echo "test-sanitize: hostile models"
python3 utils/hostile_models.py --tools "$BUILD/bin" --timeout 300

if ((FUZZ)); then
  echo "test-sanitize: fuzzers, ${FUZZ_SECONDS}s each"
  utils/fuzz.sh --seconds "$FUZZ_SECONDS"
fi
echo "test-sanitize: clean"
