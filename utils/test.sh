#!/usr/bin/env bash
#===- utils/test.sh - set up, build and run every test --------------------===#
#
# The README's test command: installs dependencies (idempotent), configures
# and builds with the default preset, then runs ctest (lit + FileCheck tests,
# GoogleTest unit tests and the ONNX backend-data import sweep).
#
#===----------------------------------------------------------------------===#
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
utils/setup.sh
cmake --build build --target check-rt
