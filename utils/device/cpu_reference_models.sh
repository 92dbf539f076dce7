#!/usr/bin/env bash
#===- cpu_reference_models.sh - ResNet-50 and BERT on rt's CPU path ------===#
#
# Runs on the GPU machine (its CPUs), from the repo root, after
# `source .device/unpack`: exports the models with peer_baselines.py, runs
# them with onnxruntime (CPU, fp32) and with `rt-run --target=cpu` on the same
# seeded inputs, and writes $OUT/cpu_reference_models.json with max abs
# error, cosine similarity and times.
#
#===----------------------------------------------------------------------===#
set -uo pipefail
MODELS=${MODELS:-resnet50,bert}
WORK=/tmp/rtcpu
mkdir -p "$WORK"
export PYTHONUNBUFFERED=1
python3 .device/tools/peer_baselines.py --models "$MODELS" --batches 1 \
  --modes "" --export "$WORK" 2>&1 | grep exported
python3 - "$WORK" "$OUT" <<'PY'
import datetime, json, os, subprocess, sys, time
import numpy as np, onnxruntime as ort
work, out = sys.argv[1], sys.argv[2]
res = {"date": datetime.date.today().isoformat(), "machine": os.uname().nodename,
       "onnxruntime": ort.__version__, "models": []}
for f in sorted(os.listdir(work)):
    if not f.endswith(".onnx"):
        continue
    path = os.path.join(work, f)
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    inp = sess.get_inputs()[0]
    rng = np.random.default_rng(0)
    if "int" in inp.type:
        x = rng.integers(0, 30000, size=inp.shape).astype(np.int64)
    else:
        x = rng.standard_normal(inp.shape).astype(np.float32)
    np.save(os.path.join(work, f + ".in.npy"), x)
    t0 = time.time(); want = sess.run(None, {inp.name: x})[0]; ort_s = time.time() - t0
    outdir = os.path.join(work, f + ".out")
    t0 = time.time()
    p = subprocess.run(["build/bin/rt-run", f"--onnx={path}", "--target=cpu",
                        f"--input={inp.name}={os.path.join(work, f + '.in.npy')}",
                        f"--save-outputs={outdir}", f"--report={outdir}.json"],
                       capture_output=True, text=True)
    row = {"model": f, "input": inp.name, "onnxruntime_s": round(ort_s, 3),
           "rt_run_total_s": round(time.time() - t0, 2), "rt_run_rc": p.returncode,
           "rt_run_stdout": p.stdout[-500:], "rt_run_stderr": p.stderr[-1500:]}
    if p.returncode == 0:
        got = np.load(os.path.join(outdir, "output_0.npy"))
        rep = json.load(open(outdir + ".json"))
        d = np.abs(got.astype(np.float64) - want.astype(np.float64))
        row.update({"shape": list(got.shape), "max_abs_err": float(d.max()),
                    "mean_abs_err": float(d.mean()),
                    "max_abs_ref": float(np.abs(want).max()),
                    "cosine": float(np.dot(got.ravel().astype(np.float64), want.ravel()) /
                                    (np.linalg.norm(got) * np.linalg.norm(want))),
                    "allclose_rtol1e-3_atol1e-4": bool(np.allclose(got, want, rtol=1e-3, atol=1e-4)),
                    "rt_compile_s": rep["compile_s"], "rt_run_ms": rep["run_ms_median"]})
    res["models"].append(row)
    print(json.dumps({k: v for k, v in row.items() if not k.startswith("rt_run_std")}), flush=True)
json.dump(res, open(os.path.join(out, "cpu_reference_models.json"), "w"), indent=1)
PY
