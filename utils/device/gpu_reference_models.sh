#!/usr/bin/env bash
#===- gpu_reference_models.sh - the reference models on the GPU ----------===#
#
# Runs on the GPU machine from the repo root after `source .device/unpack`.
# Exports the reference models with peer_baselines.py (seed-0 weights) at
# the batches in $BATCHES (default 1), then builds and runs each with
# `rt-run --target=cuda` in fp32 and fp16, comparing with onnxruntime
# (float32, CPU). One JSON report per run under $OUT/models/.
#
#   MODELS=resnet50,bert BATCHES=1 PRECISIONS=fp32,fp16 bash utils/device/gpu_reference_models.sh
#
#===----------------------------------------------------------------------===#
set -uo pipefail
export LD_LIBRARY_PATH=$PWD/build/devlibs:$PWD/build/lib:${LD_LIBRARY_PATH:-}
export PYTHONUNBUFFERED=1
MODELS=${MODELS:-resnet50,mobilenet_v2,vit_b_16,bert,gpt2}
BATCHES=${BATCHES:-1}
PRECISIONS=${PRECISIONS:-fp32,fp16}
JOBS=${JOBS:-4}
WORK=/tmp/rtmodels
mkdir -p "$WORK" "$OUT/models"
python3 .device/tools/peer_baselines.py --models "$MODELS" --batches "$BATCHES" \
  --modes "" --export "$WORK" 2>&1 | grep -i "export" | head -20
runs=()
for f in "$WORK"/*.onnx; do
  for p in ${PRECISIONS//,/ }; do runs+=("$f $p"); done
done
printf '%s\n' "${runs[@]}" | xargs -P "$JOBS" -L 1 bash -c '
  f=$0; p=$1; name=$(basename "$f" .onnx)
  case $p in
    fp32) flags="--rtol=1e-3 --atol=1e-3" ;;
    fp16) flags="--fp16 --rtol=5e-2 --atol=5e-2" ;;
    bf16) flags="--bf16 --rtol=1e-1 --atol=1e-1" ;;
  esac
  build/bin/rt-run --onnx="$f" --target=cuda $flags --compare=onnxruntime \
    --warmup=3 --iterations=10 --report="$OUT/models/${name}_$p.json" \
    > "$OUT/models/${name}_$p.log" 2>&1
  echo "== $name $p (exit $?)"; grep -E "latency|compared|max abs|error" "$OUT/models/${name}_$p.log" | cut -c1-300'
# At most a few files come back: bundle the reports.
tar -C "$OUT" -czf "$OUT/models.tgz" models && rm -rf "$OUT/models"
