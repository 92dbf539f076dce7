#!/usr/bin/env bash
#===- utils/test.sh - set up, build and run every test --------------------===#
#
# The README's test command: installs dependencies (idempotent), checks that
# the C++ lines the last change touched are clang-formatted
# (utils/check-format.sh), configures and builds with the default preset,
# then runs ctest (lit + FileCheck tests,
# GoogleTest unit tests and the ONNX backend-data import sweep), then the
# same tests under AddressSanitizer and UndefinedBehaviorSanitizer with short
# fuzzer runs (utils/test-sanitize.sh; --no-sanitize skips them).
#
#===----------------------------------------------------------------------===#
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SANITIZE=1
for arg in "$@"; do
  case "$arg" in
    --no-sanitize) SANITIZE=0 ;;
    *) echo "test.sh: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done
utils/setup.sh
utils/check-format.sh
cmake --build build --target check-rt
if ((SANITIZE)); then
  utils/test-sanitize.sh
fi
