#!/usr/bin/env bash
# Runs the ONNX backend conformance suite on the CPU path and writes the
# scoreboard to docs/conformance.md (commit it with the floor).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build --target rt-run
D=/usr/share/libonnx-testdata/data
python3 utils/conformance.py --rt-run build/bin/rt-run \
  --markdown docs/conformance.md --json build/conformance.json \
  "$D/node" "$D/simple" "$D/pytorch-converted" "$D/pytorch-operator"
