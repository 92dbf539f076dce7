#!/usr/bin/env bash
#===- bench/tile_sweep.sh - reference models under several GEMM tiles ----===#
#
# Runs on the GPU machine from the repo root after `source .device/unpack`:
#
#   MODELS="resnet50_b64 vit_b_16_b64" \
#   TILES='|{block_n = 128, stages = 3}|{block_m = 64, block_n = 128, warps_m = 4, stages = 3}' \
#     bash bench/tile_sweep.sh
#
# Exports the models it needs (peer_baselines.py, into /tmp/rtbench like
# bench/gpu_reference_models.sh), builds each with `rt-run --target=cuda
# --fp16 --target-arch=$RT_ARCH --gemm-tile=T` for every '|'-separated T
# (empty: the heuristic), in parallel on the CPUs, and times each engine
# (CUDA graph, 20 warm-up and 200 timed iterations, median). A manual
# tuning experiment: what it finds goes into the heuristic
# (chooseGemmTile), not into a per-model setting. Writes
# $OUT/tile_sweep.json.
#
#===----------------------------------------------------------------------===#
set -uo pipefail
export LD_LIBRARY_PATH=$PWD/build/devlibs:$PWD/build/lib:${LD_LIBRARY_PATH:-}
export PYTHONUNBUFFERED=1
W=/tmp/rtbench
mkdir -p "$W/sweep"
MODELS=${MODELS:-"resnet50_b64 vit_b_16_b64"}
TILES=${TILES-"|{kernel = \"wgmma_gemm\", block_n = 128, stages = 3}"}
export RT_ARCH=${RT_ARCH:-sm_90a}
PEERS="python3 .device/tools/peer_baselines.py"
for m in $MODELS; do
  [ -f "$W/$m.onnx" ] && continue
  name=${m%_b*}; batch=${m##*_b}
  $PEERS --models "$name" --batches "$batch" --modes "" --export "$W" 2>&1 | grep exported
done
export TILES
IFS='|' read -r -a tiles <<< "$TILES"
jobs=()
for m in $MODELS; do
  for i in "${!tiles[@]}"; do
    jobs+=("$m $i")
  done
done
printf '%s\n' "${jobs[@]}" | xargs -P 8 -L 1 sh -c '
  m=$0; i=$1; t=$(printf "%s" "$TILES" | cut -d"|" -f$((i + 1)))
  build/bin/rt-run --onnx='"$W"'/$m.onnx --target=cuda --fp16 --target-arch=$RT_ARCH \
    --gemm-tile="$t" --build-only --save-engine='"$W"'/sweep/$m.$i.engine --quiet \
    > '"$W"'/sweep/$m.$i.build.log 2>&1 || echo "build failed: $m [$t]"'
for m in $MODELS; do
  for i in "${!tiles[@]}"; do
    e="$W/sweep/$m.$i.engine"
    [ -f "$e" ] || continue
    build/bin/rt-run --load-engine="$e" --warmup=20 --iterations=200 \
      --report="$W/sweep/$m.$i.json" --quiet > "$W/sweep/$m.$i.log" 2>&1
    printf '%-16s %-60s %s\n' "$m" "[${tiles[$i]}]" \
      "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['run_ms_median'])" "$W/sweep/$m.$i.json" 2>/dev/null || echo failed)"
  done
done
python3 - "$W/sweep" "$OUT/tile_sweep.json" "$MODELS" "$TILES" <<'PY'
import json, sys, os, time
d, out, models, tiles = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4].split("|")
rows = []
for m in models:
    for i, t in enumerate(tiles):
        p = os.path.join(d, f"{m}.{i}.json")
        rows.append({"model": m, "gemm_tile": t,
                     "run_ms_median": json.load(open(p))["run_ms_median"] if os.path.exists(p) else None})
import subprocess
try:
    device = subprocess.run(["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"],
                            capture_output=True, text=True).stdout.strip().splitlines()[0]
except (OSError, IndexError):
    device = None
json.dump({"benchmark": "rt reference models under GEMM tile overrides", "date": time.strftime("%Y-%m-%d"),
           "device": device,
           "arch": os.environ.get("RT_ARCH"), "results": rows}, open(out, "w"), indent=1)
PY
