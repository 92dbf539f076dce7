#!/usr/bin/env python3
"""ONNX backend conformance of rt's CPU path.

Runs every test of the given ONNX backend test-data folders through import
and CPU execution (`rt-run --target=cpu`), compares each output with the
expected one, and writes a scoreboard.

Outcomes per test:
  pass         every output matches (|got - want| <= atol + rtol * |want|,
               NaNs in the same places; exact for integers and booleans)
  wrong        ran, but an output differs (shape, dtype or values)
  unsupported  rejected with a clear error (import or lowering says it does
               not support the model)
  error        another clear error (exit code 1)
  crash        killed by a signal, timed out, or another exit code

Tolerances: rtol 1e-3, atol 1e-7 unless the test folder's data.json says
otherwise (PyPI onnx test data).

  utils/conformance.py --rt-run build/bin/rt-run --markdown docs/conformance.md \\
      --json build/conformance.json --min-pass N DIR...
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import onnx
from onnx import numpy_helper

UNSUPPORTED_MARKERS = ("not supported", "unsupported", "cannot lower",
                       "not available yet")


def load_pb(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def as_float_if_bf16(x):
    """bfloat16 arrives as raw 2-byte values (rt's .npy: '<V2') or as
    ml_dtypes.bfloat16 (onnx): widen both to float32."""
    if x.dtype.kind == "V" and x.dtype.itemsize == 2:
        return (x.view(np.uint16).astype(np.uint32) << 16).view(np.float32)
    if x.dtype.name == "bfloat16":
        return x.astype(np.float32)
    return x


def compare(got, want, rtol, atol):
    # Old test data stores bfloat16 outputs as uint16 bit patterns.
    if got.dtype.kind == "V" and want.dtype == np.uint16:
        want = want.view(np.dtype("V2"))
    got, want = as_float_if_bf16(got), as_float_if_bf16(want)
    if got.shape != want.shape:
        return f"shape {got.shape} != expected {want.shape}"
    if want.dtype.kind in "fc":
        if got.dtype.kind not in "fc":
            return f"dtype {got.dtype} != expected {want.dtype}"
        g = got.astype(np.float64)
        w = want.astype(np.float64)
        nan_g, nan_w = np.isnan(g), np.isnan(w)
        if (nan_g != nan_w).any():
            return "NaNs differ"
        ok = np.isclose(g, w, rtol=rtol, atol=atol, equal_nan=True)
        if not ok.all():
            diff = np.abs(g - w)
            diff[~np.isfinite(diff)] = 0
            return (f"{int((~ok).sum())} of {ok.size} values differ, max abs "
                    f"error {float(diff.max()):.3g}")
        return None
    if want.dtype.kind == "b" or got.dtype.kind == "b":
        if not np.array_equal(got.astype(bool), want.astype(bool)):
            return "boolean values differ"
        return None
    if not np.array_equal(got.astype(np.int64), want.astype(np.int64)):
        return f"{int((got.astype(np.int64) != want.astype(np.int64)).sum())} integer values differ"
    return None


def test_tolerances(test_dir):
    rtol, atol = 1e-3, 1e-7
    meta = os.path.join(test_dir, "data.json")
    if os.path.exists(meta):
        with open(meta) as f:
            m = json.load(f)
        rtol = m.get("rtol", rtol)
        atol = m.get("atol", atol)
    return rtol, atol


def light_test_data(model_path, out_dir):
    """Test data of a PyPI `light` model as onnx's backend runner makes it:
    every non-initializer float input is arange(n) / n in its shape (unknown
    dimensions 1); the expected output is light_<name>_output_<i>.pb."""
    m = onnx.load(model_path, load_external_data=False)
    inits = {i.name for i in m.graph.initializer}
    k = 0
    for x in m.graph.input:
        if x.name in inits:
            continue
        shape = tuple(d.dim_value if d.HasField("dim_value") else 1
                      for d in x.type.tensor_type.shape.dim)
        n = int(np.prod(shape))
        value = (np.arange(n).reshape(shape) / n).astype(np.float32)
        with open(os.path.join(out_dir, f"input_{k}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(value, x.name).SerializeToString())
        k += 1
    prefix = os.path.splitext(model_path)[0]
    i = 0
    while os.path.exists(f"{prefix}_output_{i}.pb"):
        shutil.copy(f"{prefix}_output_{i}.pb", os.path.join(out_dir, f"output_{i}.pb"))
        i += 1


def run_test(rt_run, model, data, rtol, atol, timeout, target="cpu", extra=()):
    if not os.path.isdir(data):
        return "error", "no test_data_set_0"
    with tempfile.TemporaryDirectory() as out:
        cmd = [rt_run, f"--onnx={model}", f"--target={target}", f"--inputs-dir={data}",
               f"--save-outputs={out}", "--quiet", *extra]
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return "crash", f"timeout after {timeout}s"
        full = p.stderr
        msg = " ".join(full.strip().splitlines()[:3])[:300]
        if p.returncode == 1:
            if any(k in full for k in UNSUPPORTED_MARKERS):
                return "unsupported", msg
            return "error", msg
        if p.returncode != 0:
            return "crash", f"exit code {p.returncode}: {msg}"
        i = 0
        while os.path.exists(os.path.join(data, f"output_{i}.pb")):
            want = load_pb(os.path.join(data, f"output_{i}.pb"))
            got_path = os.path.join(out, f"output_{i}.npy")
            if not os.path.exists(got_path):
                return "wrong", f"output {i} missing"
            try:
                got = np.load(got_path)
            except Exception as e:  # an unreadable file is rt-run's defect
                return "wrong", f"output {i}: unreadable .npy ({e})"
            why = compare(got, want, rtol, atol)
            if why:
                return "wrong", f"output {i}: {why}"
            i += 1
        return "pass", ""


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--rt-run", required=True)
    ap.add_argument("--target", default="cpu", choices=["cpu", "cuda"],
                    help="rt-run target (cuda needs a GPU)")
    ap.add_argument("--rt-run-arg", action="append", default=[],
                    help="extra rt-run argument (repeatable), e.g. --fp16")
    ap.add_argument("--markdown")
    ap.add_argument("--json")
    ap.add_argument("--min-pass", action="append", default=[], metavar="[SUITE=]N",
                    help="fail when fewer than N tests pass (in SUITE, or in all); repeatable")
    ap.add_argument("--max-crash", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--filter", default="", help="only tests whose name matches this regular expression")
    a = ap.parse_args()

    # (suite, test name, model, test data folder, rtol, atol)
    tests = []
    scratch = tempfile.TemporaryDirectory()
    for d in a.dirs:
        suite = os.path.basename(os.path.normpath(d))
        if suite == "light":
            # PyPI onnx: real architectures with constant weights; tolerances
            # in ../real/test_<name>/data.json.
            for f in sorted(os.listdir(d)):
                if not (f.startswith("light_") and f.endswith(".onnx")):
                    continue
                name = "test_" + f[len("light_"):-len(".onnx")]
                if not re.search(a.filter, name):
                    continue
                data = os.path.join(scratch.name, name)
                os.makedirs(data)
                light_test_data(os.path.join(d, f), data)
                rtol, atol = test_tolerances(os.path.join(d, "..", "real", name))
                tests.append((suite, name, os.path.join(d, f), data, rtol, atol))
            continue
        for name in sorted(os.listdir(d)):
            path = os.path.join(d, name)
            if re.search(a.filter, name) and os.path.isfile(os.path.join(path, "model.onnx")):
                tests.append((suite, name, os.path.join(path, "model.onnx"),
                              os.path.join(path, "test_data_set_0"),
                              *test_tolerances(path)))

    def one(t):
        suite, name, model, data, rtol, atol = t
        outcome, msg = run_test(a.rt_run, model, data, rtol, atol, a.timeout,
                                target=a.target, extra=a.rt_run_arg)
        ops = []
        try:
            m = onnx.load(model, load_external_data=False)
            ops = sorted({n.op_type for n in m.graph.node})
        except Exception:
            pass
        return {"suite": suite, "test": name, "outcome": outcome, "message": msg, "ops": ops}

    def safe(t):
        try:
            return one(t)
        except Exception as e:  # a defect of this script, not of the test
            return {"suite": t[0], "test": t[1], "outcome": "error",
                    "message": f"conformance runner: {type(e).__name__}: {e}", "ops": []}

    with ThreadPoolExecutor(a.jobs) as pool:
        results = list(pool.map(safe, tests))

    totals = defaultdict(Counter)
    per_op = defaultdict(Counter)
    for r in results:
        totals[r["suite"]][r["outcome"]] += 1
        totals["all"][r["outcome"]] += 1
        for op in r["ops"]:
            per_op[op][r["outcome"]] += 1

    kinds = ["pass", "wrong", "unsupported", "error", "crash"]
    print(f"{'suite':20}" + "".join(f"{k:>12}" for k in kinds) + f"{'total':>8}")
    for s in sorted(k for k in totals if k != "all") + ["all"]:
        c = totals[s]
        print(f"{s:20}" + "".join(f"{c[k]:12}" for k in kinds) + f"{sum(c.values()):8}")

    if a.json:
        with open(a.json, "w") as f:
            json.dump({"totals": {k: dict(v) for k, v in totals.items()},
                       "results": results}, f, indent=1)
    if a.markdown:
        with open(a.markdown, "w") as f:
            if a.target == "cuda":
                f.write("# ONNX backend conformance (CUDA path)\n\n")
                try:
                    gpu = subprocess.run(
                        ["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"],
                        capture_output=True, text=True).stdout.strip().splitlines()[0]
                except (OSError, IndexError):
                    gpu = "unknown GPU"
                how = ("compiled for the GPU with `rt-gpu-pipeline` (fp32"
                       + (", " + " ".join(a.rt_run_arg) if a.rt_run_arg else "")
                       + ") and run by `rt-run --target=cuda` on the GPU machine "
                       f"(utils/device/gpu_check.sh; an {gpu}, "
                       f"{time.strftime('%Y-%m-%d')})")
            else:
                f.write("# ONNX backend conformance (CPU reference path)\n\n")
                how = ("compiled for the CPU with `rt-cpu-pipeline` and run by "
                       "`rt-run`")
            f.write("Generated by `utils/update-conformance.sh` with "
                    "`utils/conformance.py` (ctest runs the Debian suites as "
                    "`rt-conformance`); do not edit by hand. Test data: " +
                    ", ".join(f"`{d}`" for d in a.dirs) + ". Each test is "
                    "imported, " + how + "; outputs are compared with the test data "
                    "at rtol 1e-3, atol 1e-7 (or the test's data.json). "
                    "PyPI `light` models get inputs as onnx's backend runner "
                    "makes them (arange(n) / n).\n\n")
            f.write("## Totals\n\n| suite | " + " | ".join(kinds) + " | total |\n")
            f.write("|---|" + "---|" * (len(kinds) + 1) + "\n")
            for s in sorted(k for k in totals if k != "all") + ["all"]:
                c = totals[s]
                f.write(f"| {s} | " + " | ".join(str(c[k]) for k in kinds) +
                        f" | {sum(c.values())} |\n")
            f.write("\n## Per operator (tests using it)\n\n| op | " +
                    " | ".join(kinds) + " |\n|---|" + "---|" * len(kinds) + "\n")
            for op in sorted(per_op):
                c = per_op[op]
                f.write(f"| {op} | " + " | ".join(str(c[k]) for k in kinds) + " |\n")
            f.write("\n## Tests that do not pass\n\n| suite | test | outcome | reason |\n|---|---|---|---|\n")
            for r in results:
                if r["outcome"] != "pass":
                    reason = r["message"].replace("|", "\\|").replace("\n", " ")
                    f.write(f"| {r['suite']} | {r['test']} | {r['outcome']} | {reason} |\n")
    c = totals["all"]
    if c["crash"] > a.max_crash:
        print(f"FAIL: {c['crash']} crashes (allowed {a.max_crash})", file=sys.stderr)
        return 1
    status = 0
    for spec in a.min_pass:
        suite, _, n = spec.rpartition("=")
        suite = suite or "all"
        got = totals.get(suite, {}).get("pass", 0)
        if got < int(n):
            print(f"FAIL: {got} tests pass in {suite}, the floor is {n}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
