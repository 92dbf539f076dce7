#!/usr/bin/env python3
"""Per-kernel breakdown of a GPU benchmark run.

    bench/breakdown.py REPORTS_DIR OUT.json [--markdown OUT.md] [--top N]

REPORTS_DIR holds the `*.rt.json` reports of bench/gpu_reference_models.sh
(the contents of its rt_reports.tgz). Each report's `profile` lists every
kernel of the engine, timed alone (one synchronized pass), with its fusion
group's name. Writes, per model and batch: the engine's CUDA-graph latency,
the sum of the kernel times, every kernel's time and share, and the slowest
ones, and the kernels aggregated by role (the label with its layer
numbers replaced by `*`, so BERT's twelve `layer.N/intermediate/dense/MatMul`
groups add up to one line); optionally Markdown tables of the roles (what
docs/performance.md quotes).
"""
import argparse
import glob
import json
import os
import re
import sys


def load(reports_dir):
    models = []
    for path in sorted(glob.glob(os.path.join(reports_dir, "*.rt.json"))):
        name = os.path.basename(path)[: -len(".rt.json")]
        m = re.match(r"(.+)_b(\d+)$", name)
        if not m:
            continue
        r = json.load(open(path))
        prof = r.get("profile") or []
        if isinstance(prof, dict):
            prof = prof.get("kernels", [])
        total = sum(k["ms"] for k in prof)
        kernels = [{"label": k["label"], "ms": round(k["ms"], 4),
                    "share": round(k["ms"] / total, 4) if total else 0.0,
                    **({"kernel": k["kernel"]} if k.get("kernel") else {})}
                   for k in prof]
        roles = {}
        for k in kernels:
            role = re.sub(r"\d+", "*", k["label"])
            e = roles.setdefault(role, {"role": role, "count": 0, "ms": 0.0})
            e["count"] += 1
            e["ms"] += k["ms"]
        roles = sorted(roles.values(), key=lambda e: -e["ms"])
        for e in roles:
            e["ms"] = round(e["ms"], 4)
            e["share"] = round(e["ms"] / total, 4) if total else 0.0
        models.append({"model": m.group(1), "batch": int(m.group(2)),
                       "device": r.get("device"), "arch": r.get("arch"),
                       "graph_ms": round(r.get("run_ms_median", 0.0), 4),
                       "kernel_sum_ms": round(total, 4),
                       "roles": roles, "kernels": kernels})
    return models


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("reports_dir")
    ap.add_argument("out")
    ap.add_argument("--markdown")
    ap.add_argument("--top", type=int, default=8)
    a = ap.parse_args()
    models = load(a.reports_dir)
    if not models:
        print(f"breakdown: no *.rt.json reports in {a.reports_dir}", file=sys.stderr)
        return 1
    json.dump({"models": models}, open(a.out, "w"), indent=1)
    if a.markdown:
        with open(a.markdown, "w") as f:
            for m in models:
                f.write(f"#### {m['model']} batch {m['batch']}: {m['graph_ms']:.3f} ms "
                        f"(CUDA graph), {len(m['kernels'])} kernels summing to "
                        f"{m['kernel_sum_ms']:.3f} ms timed alone\n\n")
                f.write("| fusion groups (role) | kernels | ms | share |\n|---|---|---|---|\n")
                for e in m["roles"][: a.top]:
                    f.write(f"| `{e['role']}` | {e['count']} | {e['ms']:.3f} | "
                            f"{100 * e['share']:.1f}% |\n")
                f.write("\n")
    print(f"breakdown: {len(models)} models -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
