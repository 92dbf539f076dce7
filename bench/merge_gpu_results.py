#!/usr/bin/env python3
"""Merges rt's per-model reports and the peers' timings into one JSON.

    merge_gpu_results.py WORKDIR OUT.json

WORKDIR holds <model>_b<batch>.rt.json (rt-run --report) and peers_*.json
(peer_baselines.py --json). Ratios are peer_ms / rt_ms: above 1, rt is faster.
"""
import datetime
import glob
import json
import math
import os
import sys


def main():
    work, out = sys.argv[1], sys.argv[2]
    peers = {}
    device = None
    torch_version = None
    for p in glob.glob(os.path.join(work, "peers_*.json")):
        d = json.load(open(p))
        device = d.get("device", device)
        torch_version = d.get("torch", torch_version)
        for r in d["results"]:
            peers[(r["model"], r["batch"], r["peer"])] = r["ms"]
    rows = []
    for p in sorted(glob.glob(os.path.join(work, "*.rt.json"))):
        name = os.path.basename(p)[: -len(".rt.json")]
        model, batch = name.rsplit("_b", 1)
        batch = int(batch)
        r = json.load(open(p))
        row = {"model": model, "batch": batch, "rt_ms": round(r["run_ms_median"], 4),
               "rt_ms_p90": round(r["run_ms_p90"], 4), "kernels": r["kernels"],
               "arena_bytes": r["arena_bytes"], "weight_bytes": r["weight_bytes"]}
        for c in r.get("comparison", []):
            row["max_abs_err"] = c["max_abs_err"]
            row["reference_max_abs"] = c["reference_max_abs"]
            row["cosine"] = c["cosine"]
            row["matches_onnxruntime"] = c["pass"]
        for peer in ("torch-eager", "torch-reduce-overhead"):
            ms = peers.get((model, batch, peer))
            if ms:
                row[peer.replace("-", "_") + "_ms"] = ms
                row["ratio_vs_" + peer.replace("torch-", "").replace("-", "_")] = round(
                    ms / r["run_ms_median"], 3)
        prof = sorted(r.get("profile", []), key=lambda s: -s["ms"])
        total = sum(s["ms"] for s in prof) or 1
        row["slowest_kernels"] = [{"label": s["label"], "ms": round(s["ms"], 4),
                                   "share": round(s["ms"] / total, 3)} for s in prof[:5]]
        device = device or r.get("device")
        rows.append(row)

    # Feature checks (<model>_features_b<batch>.features.json): the
    # intermediate tensors of models whose outputs are degenerate.
    for p in sorted(glob.glob(os.path.join(work, "*.features.json"))):
        name = os.path.basename(p)[: -len(".features.json")]
        model, batch = name.rsplit("_features_b", 1)
        checks = [{k: c[k] for k in ("output", "max_abs_err", "reference_max_abs", "cosine",
                                     "pass")}
                  for c in json.load(open(p)).get("comparison", [])]
        for row in rows:
            if row["model"] == model and row["batch"] == int(batch):
                row["feature_checks"] = checks

    def geomean(key):
        v = [r[key] for r in rows if key in r]
        return round(math.exp(sum(map(math.log, v)) / len(v)), 3) if v else None

    res = {"benchmark": "rt vs PyTorch on the reference models, fp16",
           "date": datetime.date.today().isoformat(), "device": device,
           "torch": torch_version,
           "rt_target_arch": os.environ.get("RT_ARCH", "sm_90"),
           "method": "rt-run --load-engine (CUDA graph), median of 200 CUDA-event timings "
                     "after 20 warm-up runs; peers from peer_baselines.py (median of 50) on "
                     "the same machine; inputs on the GPU",
           "geomean_ratio_vs_eager": geomean("ratio_vs_eager"),
           "geomean_ratio_vs_reduce_overhead": geomean("ratio_vs_reduce_overhead"),
           "results": rows}
    json.dump(res, open(out, "w"), indent=1)
    for r in rows:
        print(f"{r['model']:13s} b{r['batch']:<3d} rt {r['rt_ms']:8.3f} ms  "
              f"eager {r.get('torch_eager_ms', float('nan')):8.3f}  "
              f"compile {r.get('torch_reduce_overhead_ms', float('nan')):8.3f}  "
              f"x{r.get('ratio_vs_eager', float('nan')):.2f} / x{r.get('ratio_vs_reduce_overhead', float('nan')):.2f}  "
              f"cos {r.get('cosine', float('nan')):.6f}")
    for r in rows:
        for c in r.get("feature_checks", []):
            print(f"{r['model']:13s} b{r['batch']:<3d} feature {c['output'][:40]:40s} "
                  f"cos {c['cosine']:.6f} (reference max |x| {c['reference_max_abs']:.3g}) "
                  f"{'PASS' if c['pass'] else 'FAIL'}")
    print("geomean vs eager", res["geomean_ratio_vs_eager"], "vs torch.compile",
          res["geomean_ratio_vs_reduce_overhead"])


if __name__ == "__main__":
    main()
