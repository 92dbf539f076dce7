#!/usr/bin/env bash
#===- utils/engine-diff.sh - do the kernels change? ------------------------===#
#
# For refactors of the GPU code generators that should not change a kernel:
# builds the GPU kernel tests' models (test/gpu/kernel_tests.py) and the
# micro-benchmark's GEMM and attention models (bench/micro.py) into engines
# with PTX kernels (deterministic) for sm_90a and sm_80, fp16, and saves them
# or compares them byte for byte with a saved set. No GPU needed.
#
#   utils/engine-diff.sh save DIR      # before the change
#   utils/engine-diff.sh compare DIR   # after it: lists what differs; exit 1 if any
#
#===----------------------------------------------------------------------===#
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}; dir=${2:-}
if [[ "$mode" != save && "$mode" != compare ]] || [[ -z "$dir" ]]; then
  echo "usage: utils/engine-diff.sh save|compare DIR" >&2
  exit 2
fi
RT=${RT_RUN:-build/bin/rt-run}
models=$(mktemp -d)
trap 'rm -rf "$models"' EXIT
python3 - "$models" <<'PY'
import os, sys
sys.path[:0] = ["test/gpu", "bench"]
import onnx, kernel_tests, micro
out = sys.argv[1]
for name, m in kernel_tests.cases().items():
    onnx.save(m, os.path.join(out, f"kt_{name}.onnx"))
for name, m, n, k in micro.GEMMS[:10]:
    onnx.save(micro.gemm_model(m, n, k), os.path.join(out, f"gemm_{name}.onnx"))
for name, m, n, k, e in micro.EPILOGUE_GEMMS:
    onnx.save(micro.gemm_model(m, n, k, e), os.path.join(out, f"epi_{name}.onnx"))
for name, b, h, s, d, v in micro.ATTENTIONS:
    onnx.save(micro.attention_model(b, h, s, d, v), os.path.join(out, f"att_{name}.onnx"))
PY
mkdir -p "$dir"
n=0; diffs=0
for f in "$models"/*.onnx; do
  base=$(basename "$f" .onnx)
  for arch in sm_90a sm_80; do
    e="$models/$base.$arch.engine"
    if ! "$RT" --onnx="$f" --target=cuda --fp16 --target-arch=$arch --kernel-format=ptx \
        --build-only --save-engine="$e" --quiet 2>/dev/null; then
      echo "build failed: $base ($arch)"; diffs=$((diffs + 1)); continue
    fi
    n=$((n + 1))
    if [[ $mode == save ]]; then
      cp "$e" "$dir/"
    elif ! cmp -s "$e" "$dir/$base.$arch.engine"; then
      echo "differs: $base ($arch)"; diffs=$((diffs + 1))
    fi
  done
done
echo "engine-diff: $mode, $n engines, $diffs differing or failing"
[[ $diffs == 0 ]]
