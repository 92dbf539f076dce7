#!/usr/bin/env bash
#===- import_reference_models.sh - import the five reference models ------===#
#
# Runs on the GPU machine (see ../shared/DEVICE.md), from the repo root, after
# `source .device/unpack`. Exports ResNet-50, MobileNetV2, ViT-B/16, BERT-base
# and GPT-2 with peer_baselines.py (carried in .device/tools/), imports each
# with rt-translate, runs the graph pipeline, checks that every shape is
# static, and writes $OUT/import_reference_models.json. It also writes each
# model's graph without weights ($OUT/graphs.tgz: graphs/<model>.onnx, weights as external
# data, sizes in the JSON) so the structure can be studied on the CPU machine.
#
#===----------------------------------------------------------------------===#
set -uo pipefail
MODELS=${MODELS:-resnet50,mobilenet_v2,vit_b_16,bert,gpt2}
BATCHES=${BATCHES:-1}
WORK=/tmp/rtmodels
GRAPHS=/tmp/rtgraphs
mkdir -p "$WORK" "$GRAPHS/graphs"
export PYTHONUNBUFFERED=1
python3 .device/tools/peer_baselines.py --models "$MODELS" --batches "$BATCHES" \
  --modes "" --export "$WORK" 2>&1 | grep -v Warning | tail -20

python3 - "$WORK" "$OUT" "$GRAPHS" <<'PY'
import json, os, subprocess, sys, time, re, datetime
import onnx
work, out, graphs = sys.argv[1], sys.argv[2], sys.argv[3]
res = {"date": datetime.date.today().isoformat(), "host": os.uname().nodename,
       "onnx": onnx.__version__, "models": []}
for f in sorted(os.listdir(work)):
    if not f.endswith(".onnx"):
        continue
    path = os.path.join(work, f)
    m = onnx.load(path, load_external_data=False)
    ops = {}
    for n in m.graph.node:
        ops[n.op_type] = ops.get(n.op_type, 0) + 1
    row = {"model": f, "bytes": os.path.getsize(path),
           "external_data": os.path.exists(path + ".data") or any(
               x.endswith(".data") for x in os.listdir(work) if x.startswith(f[:-5])),
           "opset": [o.version for o in m.opset_import if o.domain in ("", "ai.onnx")],
           "nodes": len(m.graph.node), "ops": ops}
    t0 = time.time()
    p = subprocess.run(["build/bin/rt-translate", "--import-onnx", path, "-o",
                        os.path.join(work, f + ".mlir")], capture_output=True, text=True)
    row["import_s"] = round(time.time() - t0, 3)
    row["import_rc"] = p.returncode
    row["import_err"] = p.stderr[-2000:]
    if p.returncode == 0:
        t0 = time.time()
        q = subprocess.run(["build/bin/rt-opt", os.path.join(work, f + ".mlir"),
                            "--rt-graph-opt", "--mlir-elide-resource-strings-if-larger=16"],
                           capture_output=True, text=True)
        row["graph_opt_s"] = round(time.time() - t0, 3)
        row["graph_opt_rc"] = q.returncode
        row["graph_opt_err"] = q.stderr[-2000:]
        ir = q.stdout
        row["rt_ops"] = len(re.findall(r"= rt\.", ir))
        row["non_static_types"] = len(re.findall(r"tensor<[^>]*[?*]", ir))
        with open(os.path.join(graphs, "graphs", f[:-5] + ".opt.mlir"), "w") as g:
            g.write(ir)
    # Graph without weights, for study on the CPU machine.
    full = onnx.load(path)
    onnx.save(full, os.path.join(graphs, "graphs", f), save_as_external_data=True,
              all_tensors_to_one_file=True, location=f + ".weights", size_threshold=256)
    row["weights_bytes"] = os.path.getsize(os.path.join(graphs, "graphs", f + ".weights"))
    os.remove(os.path.join(graphs, "graphs", f + ".weights"))
    res["models"].append(row)
    print(json.dumps({k: v for k, v in row.items() if k not in ("ops",)}), flush=True)
with open(os.path.join(out, "import_reference_models.json"), "w") as fh:
    json.dump(res, fh, indent=1)
PY
tar czf "$OUT/graphs.tgz" -C "$GRAPHS" graphs
ls -la "$OUT"
