#!/usr/bin/env bash
# Runs the ONNX backend conformance suites on the CPU path and writes the
# scoreboards (commit them with the floors in test/conformance/pass-floor.txt):
#   docs/conformance.md       Debian's libonnx-testdata (what CI runs)
#   docs/conformance-pypi.md  the test data of the PyPI onnx package,
#                             including the `light` real-architecture models
#                             (a few minutes: VGG-19 on untiled CPU loops)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build --target rt-run
D=/usr/share/libonnx-testdata/data
python3 utils/conformance.py --rt-run build/bin/rt-run \
  --markdown docs/conformance.md --json build/conformance.json \
  "$D/node" "$D/simple" "$D/pytorch-converted" "$D/pytorch-operator"
P=$(python3 -c "import onnx, os; print(os.path.dirname(onnx.__file__))")/backend/test/data
python3 utils/conformance.py --rt-run build/bin/rt-run --timeout 1800 \
  --markdown docs/conformance-pypi.md --json build/conformance-pypi.json \
  "$P/light" "$P/simple" "$P/pytorch-converted" "$P/pytorch-operator"
