#!/usr/bin/env bash
#===- optimize_reference_models.sh - rt-optimize on the reference models --===#
#
# Runs on the GPU machine (its CPUs), from the repo root, after
# `source .device/unpack`: exports the five reference models (ResNet-50,
# MobileNetV2, ViT-B/16 at batch 1 and 64; BERT-base and GPT-2 at 1 and 32)
# with peer_baselines.py, runs `rt-translate | rt-opt --rt-optimize
# --rt-report` on each (kernel counts, memory plan) and writes
# $OUT/optimize_reference_models.json; then checks the optimized CPU path
# (fusion, attention, merged GEMMs, folded weights, inlined again for the
# CPU) against onnxruntime on ResNet-50, BERT-base and GPT-2 at batch 1
# ($OUT/cpu_reference_models.json, via cpu_reference_models.sh).
#
#===----------------------------------------------------------------------===#
set -uo pipefail
WORK=/tmp/rtopt
mkdir -p "$WORK"
export PYTHONUNBUFFERED=1
python3 .device/tools/peer_baselines.py --models resnet50,mobilenet_v2,vit_b_16 \
  --batches 1,64 --modes "" --export "$WORK" 2>&1 | grep exported
python3 .device/tools/peer_baselines.py --models bert,gpt2 \
  --batches 1,32 --modes "" --export "$WORK" 2>&1 | grep exported
ls "$WORK"/*.onnx | xargs -P 5 -I{} sh -c \
  'build/bin/rt-translate --import-onnx {} | /usr/bin/time -f "%e s %M KB" -o {}.time build/bin/rt-opt --rt-optimize --rt-report="json={}.report.json" -o /dev/null 2> {}.err; echo "$? {}"'
python3 - "$WORK" "$OUT" <<'PY'
import datetime, json, os, sys
work, out = sys.argv[1], sys.argv[2]
res = {"date": datetime.date.today().isoformat(), "machine": os.uname().nodename,
       "pipeline": "rt-translate --import-onnx | rt-opt --rt-optimize --rt-report",
       "models": []}
for f in sorted(os.listdir(work)):
    if not f.endswith(".onnx"):
        continue
    p = os.path.join(work, f)
    row = {"model": f}
    try:
        fn = json.load(open(p + ".report.json"))["functions"][0]
        row.update({k: fn[k] for k in ("kernels_before", "kernels_after", "kernels_by_kind",
                                       "arena_bytes", "arena_lower_bound_bytes",
                                       "intermediate_bytes")})
        row["arena_over_lower_bound"] = round(fn["arena_bytes"] / max(1, fn["arena_lower_bound_bytes"]), 4)
        row["in_place_outputs"] = sum(1 for k in fn["kernels"] for o in k.get("outputs", [])
                                      if "in_place_of_input" in o)
    except Exception as e:
        row["error"] = f"{type(e).__name__}: {e}; " + open(p + ".err").read()[-800:]
    if os.path.exists(p + ".time"):
        row["rt_opt_time_and_peak_rss"] = open(p + ".time").read().strip()
    res["models"].append(row)
    print(json.dumps(row), flush=True)
json.dump(res, open(os.path.join(out, "optimize_reference_models.json"), "w"), indent=1)
PY
MODELS=${CPU_MODELS:-resnet50,bert,gpt2} bash utils/device/cpu_reference_models.sh
