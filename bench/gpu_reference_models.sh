#!/usr/bin/env bash
#===- bench/gpu_reference_models.sh - rt vs PyTorch on the GPU -----------===#
#
# Runs on the GPU machine from the repo root after `source .device/unpack`.
#
#   bash bench/gpu_reference_models.sh               # both phases, one call (~6 min)
#   PHASE=peers bash bench/gpu_reference_models.sh   # export + time PyTorch
#   PHASE=rt    bash bench/gpu_reference_models.sh   # build + time rt, merge
#   MODELS=vit_b_16,gpt2 bash bench/gpu_reference_models.sh  # a subset (both
#                                                    # phases, ~1 min a model)
#
# peers: peer_baselines.py exports the five reference models (seed-0
#   weights; ResNet-50, MobileNetV2, ViT-B/16 at batch 1 and 64, BERT-base
#   and GPT-2 at seq 128, batch 1 and 32) and times PyTorch eager and
#   torch.compile (reduce-overhead) in fp16 on them: /tmp/rtbench/peers_*.json
#   (about 3 minutes; the phases can also run as two calls on one machine:
#   `rt` re-exports the models if they are gone).
# rt: builds every model with `rt-run --target=cuda --fp16
#   --target-arch=$RT_ARCH` (default sm_90a: warpgroup MMA; engines built
#   in parallel on the CPUs), then runs each engine alone: 20 warm-up and
#   200 timed iterations through a CUDA graph (CUDA events, median), one
#   profiled pass, and the outputs against onnxruntime (float32, CPU) on the
#   same inputs; for ViT-B/16 and MobileNetV2, whose outputs are degenerate,
#   also their features (bench/feature_outputs.py) at the largest batch.
#   Writes $OUT/gpu_reference_models.json (device, date, rt and peer times,
#   ratios), $OUT/gpu_profiles.json and .md (every kernel's time
#   and share per model, aggregated by role: bench/breakdown.py) and
#   $OUT/rt_reports.tgz.
#
#===----------------------------------------------------------------------===#
set -uo pipefail
export LD_LIBRARY_PATH=$PWD/build/devlibs:$PWD/build/lib:${LD_LIBRARY_PATH:-}
export PYTHONUNBUFFERED=1
W=/tmp/rtbench
mkdir -p "$W"
PEERS="python3 .device/tools/peer_baselines.py"
# MODELS: which of the five (default all); vision models at batch 1 and 64,
# language models at 1 and 32.
MODELS=${MODELS:-resnet50,mobilenet_v2,vit_b_16,bert,gpt2}
pick() { tr ',' '\n' <<< "$MODELS" | grep -xE "$1" | paste -sd, -; }
VISION=$(pick 'resnet50|mobilenet_v2|vit_b_16')
NLP=$(pick 'bert|gpt2')
export_models() {
  [ -n "$VISION" ] && $PEERS --models "$VISION" --batches 1,64 --modes "" --export "$W" 2>&1 | grep "exported"
  [ -n "$NLP" ] && $PEERS --models "$NLP" --batches 1,32 --modes "" --export "$W" 2>&1 | grep "exported"
}
PHASE=${PHASE:-all}
if [ "$PHASE" = peers ] || [ "$PHASE" = all ]; then
  [ -n "$VISION" ] && $PEERS --models "$VISION" --batches 1,64 --export "$W" \
    --json "$W/peers_vision.json" 2>&1 | grep -v Warning | grep -v "torch.onnx.export"
  [ -n "$NLP" ] && $PEERS --models "$NLP" --batches 1,32 --export "$W" --json "$W/peers_nlp.json" \
    2>&1 | grep -v Warning | grep -v "torch.onnx.export"
  cp "$W"/peers_*.json "$OUT"/
  [ "$PHASE" = peers ] && exit 0
fi
ONNX=$(for m in ${MODELS//,/ }; do ls "$W"/${m}_b*.onnx 2>/dev/null; done)
[ -n "$ONNX" ] || { export_models; ONNX=$(for m in ${MODELS//,/ }; do ls "$W"/${m}_b*.onnx; done); }
# Hopper-specific kernels (warpgroup MMA) unless RT_ARCH says otherwise.
export RT_ARCH=${RT_ARCH:-sm_90a}
# RT_GEMM_TILE: a --gemm-tile for every engine (a tuning experiment).
export RT_GEMM_TILE=${RT_GEMM_TILE:-}
printf "%s\n" $ONNX | xargs -P 10 -I{} sh -c 'build/bin/rt-run --onnx={} --target=cuda --fp16 --target-arch=$RT_ARCH \
  ${RT_GEMM_TILE:+"--gemm-tile=$RT_GEMM_TILE"} --build-only --save-engine={}.engine --quiet > {}.build.log 2>&1; echo "built {} (exit $?)"'
for f in $ONNX; do
  n=$(basename "$f" .onnx)
  build/bin/rt-run --load-engine="$f.engine" --onnx="$f" --compare=onnxruntime \
    --rtol=5e-2 --atol=5e-2 --warmup=20 --iterations=200 --profile \
    --report="$W/$n.rt.json" > "$W/$n.rt.log" 2>&1
  echo "== $n (exit $?)"; grep -E "latency|max abs|error" "$W/$n.rt.log" | cut -c1-220
done
# ViT-B/16's and MobileNetV2's seed-0 outputs are degenerate (a
# zero-initialized head; logits ~1e-9), so comparing them proves nothing:
# check their features too (the classifier's input and a middle layer's
# output as extra graph outputs: bench/feature_outputs.py) at the largest
# batch, against onnxruntime. Reports: <model>_features_b<batch>.features.json.
for m in vit_b_16 mobilenet_v2; do
  f=$(ls "$W"/${m}_b*.onnx 2>/dev/null | sort -V | tail -1)
  [ -n "$f" ] || continue
  b=${f##*_b}; b=${b%.onnx}
  g="$W/${m}_features_b$b"
  python3 bench/feature_outputs.py "$f" "$g.onnx" &&
    build/bin/rt-run --onnx="$g.onnx" --target=cuda --fp16 --target-arch=$RT_ARCH \
      ${RT_GEMM_TILE:+"--gemm-tile=$RT_GEMM_TILE"} --compare=onnxruntime \
      --rtol=5e-2 --atol=5e-2 --warmup=1 --iterations=1 \
      --report="$g.features.json" > "$g.features.log" 2>&1
  echo "== ${m}_b$b features (exit $?)"; grep -E "max abs|error" "$g.features.log" | cut -c1-220
done
python3 bench/merge_gpu_results.py "$W" "$OUT/gpu_reference_models.json"
python3 bench/breakdown.py "$W" "$OUT/gpu_profiles.json" --markdown "$OUT/gpu_profiles.md"
tar -C "$W" -czf "$OUT/rt_reports.tgz" $(cd "$W" && ls *.rt.json *.rt.log *.build.log \
  *.features.json *.features.log 2>/dev/null)
