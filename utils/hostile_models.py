#!/usr/bin/env python3
"""Builds hostile ONNX models and checks that rt refuses each one cleanly.

rt promises that bad input gets a clear error naming the file, the node and
the reason: never a crash, a hang, an unbounded allocation or a silent wrong
answer (docs/Security.md). This script builds the hostile models of one or
more families with the onnx Python package, runs them through rt-translate
(import) or rt-run (import, compile, run on the CPU), and sorts each outcome:

  ok       the expected outcome: a clear error ("error:" naming the model,
           exit 1) whose message holds the case's expected words, or a
           success where the case expects one (a correct result)
  wrong    a clean exit, but not the expected one: a success where an error
           was expected (a silent wrong answer), or an error without the
           expected words
  crash    killed by a signal, exit code other than 0/1, "LLVM ERROR",
           a sanitizer report, or a timeout

Families:
  missing-inputs   every operator of the default ONNX domain with fewer
                   inputs than its schema needs, and with a required input
                   given as '' (omitted)
  huge-shapes      element and byte counts that overflow int64, tensors
                   larger than the memory limit, ranks past the limit
  int-division     integer division and remainder by zero and INT64_MIN / -1
  invalid-graphs   graphs onnxruntime rejects: duplicate outputs, graph
                   inputs overwritten, duplicate opsets, wrong attributes
  run-time         out-of-range indices and zero divisors known only at run
                   time (rt-run on the CPU)

Usage:
  utils/hostile_models.py --tools build/bin [--family F ...] [-j N] [-v]
      [--json out.json] [--keep DIR]

Exits 1 if any case is 'crash' or 'wrong'.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 21
CRASH_MARKERS = ("LLVM ERROR", "Stack dump", "PLEASE submit a bug report",
                 "Assertion", "AddressSanitizer", "UndefinedBehaviorSanitizer",
                 "runtime error:", "LeakSanitizer", "terminate called")


class Case:
    """One hostile model and what rt must do with it.

    expect: "error" (clear error whose message matches `words`, a regular
    expression) or "ok" (success; with `check`, a function of the output
    directory that returns None or the reason the result is wrong).
    tool: "import" (rt-translate --import-onnx) or "run" (rt-run on the CPU).
    """

    def __init__(self, name, model, expect="error", words="", tool="import",
                 args=(), check=None, raw=None):
        self.name, self.model, self.expect = name, model, expect
        self.words, self.tool, self.args, self.check = words, tool, args, check
        self.raw = raw  # bytes to write instead of serializing `model`


def vi(name, elt=TensorProto.FLOAT, shape=None):
    return helper.make_tensor_value_info(name, elt, shape)


def model_of(nodes, inputs, outputs, inits=(), opset=OPSET, ir=None,
             opsets=None):
    g = helper.make_graph(nodes, "g", inputs, outputs, list(inits))
    m = helper.make_model(
        g, opset_imports=opsets or [helper.make_opsetid("", opset)])
    m.ir_version = ir or 9
    return m


def i64(name, values):
    return numpy_helper.from_array(np.array(values, dtype=np.int64), name)


#===------------------------------------------------------------------------===#
# missing-inputs
#===------------------------------------------------------------------------===#

def missing_inputs_cases():
    cases = []
    schemas = {}
    for s in onnx.defs.get_all_schemas_with_history():
        if s.domain != "" or s.since_version > OPSET or s.deprecated:
            continue
        if s.name not in schemas or s.since_version > schemas[s.name].since_version:
            schemas[s.name] = s
    for name, s in sorted(schemas.items()):
        required = s.min_input
        if required == 0:
            continue
        n_out = max(s.min_output, 1)
        outs = [f"y{i}" for i in range(n_out)]
        for k in range(required):
            ins = [f"x{i}" for i in range(k)]
            node = helper.make_node(name, ins, outs)
            m = model_of([node], [vi(x, shape=[2, 3]) for x in ins],
                         [vi(y) for y in outs])
            cases.append(Case(f"{name}/{k}-of-{required}-inputs", m,
                              words=r"node '|unsupported|not supported"))
        # The last required input omitted by name ('').
        ins = [f"x{i}" for i in range(required)]
        names = ins[:-1] + [""]
        node = helper.make_node(name, names, outs)
        m = model_of([node], [vi(x, shape=[2, 3]) for x in ins[:-1]],
                     [vi(y) for y in outs])
        cases.append(Case(f"{name}/omitted-input-{required - 1}", m,
                          words=r"node '|unsupported|not supported"))
    return cases


#===------------------------------------------------------------------------===#
# huge-shapes
#===------------------------------------------------------------------------===#

def huge_shape_cases():
    F = TensorProto.FLOAT
    cases = []

    def add(name, nodes, inputs, outputs, inits=(), words=r"", tool="run",
            args=()):
        cases.append(Case(name, model_of(nodes, inputs, outputs, inits),
                          words=words, tool=tool, args=args))

    # Inputs whose element count overflows, or wraps to a small number.
    add("input-2^62", [helper.make_node("Relu", ["x"], ["y"])],
        [vi("x", F, [2**62])], [vi("y", F, [2**62])],
        words=r"'x'.*(bytes|elements)")
    add("input-wraps", [helper.make_node("Relu", ["x"], ["y"])],
        [vi("x", F, [2**32, 2**32, 2])], [vi("y")],
        words=r"'x'.*(bytes|elements)")
    add("input-4TiB", [helper.make_node("Relu", ["x"], ["y"])],
        [vi("x", F, [2**40])], [vi("y")], words=r"'x'.*limit")
    # Inferred shapes past int64 or past the memory limit.
    add("expand-overflow",
        [helper.make_node("Expand", ["x", "s"], ["y"])],
        [vi("x", F, [1, 1])], [vi("y")], [i64("s", [2**40, 2**40])],
        words=r"Expand.*(bytes|elements)")
    add("expand-4TiB",
        [helper.make_node("Expand", ["x", "s"], ["y"])],
        [vi("x", F, [1, 1])], [vi("y")], [i64("s", [2**20, 2**20])],
        words=r"Expand.*limit")
    add("constant-of-shape-4TiB",
        [helper.make_node("ConstantOfShape", ["s"], ["y"])],
        [], [vi("y")], [i64("s", [2**40])], words=r"ConstantOfShape.*limit")
    add("constant-of-shape-wraps",
        [helper.make_node("ConstantOfShape", ["s"], ["y"])],
        [], [vi("y")], [i64("s", [2**61 + 1, 8])],
        words=r"ConstantOfShape.*(bytes|elements)")
    add("reshape-wraps",
        [helper.make_node("Reshape", ["x", "s"], ["y"])],
        [vi("x", F, [8])], [vi("y")], [i64("s", [2**61 + 1, 8])],
        words=r"Reshape")
    add("reshape-infer-wraps",
        [helper.make_node("Reshape", ["x", "s"], ["y"])],
        [vi("x", F, [8])], [vi("y")], [i64("s", [2**61 + 1, 8, -1])],
        words=r"Reshape")
    add("pad-overflow",
        [helper.make_node("Pad", ["x", "p"], ["y"])],
        [vi("x", F, [2])], [vi("y")], [i64("p", [2**63 - 1, 5])],
        words=r"Pad")
    add("pad-huge",
        [helper.make_node("Pad", ["x", "p"], ["y"])],
        [vi("x", F, [2])], [vi("y")], [i64("p", [2**61, 2**61])],
        words=r"Pad")
    add("concat-overflow",
        [helper.make_node("Concat", ["a", "a", "a", "a"], ["y"], axis=0)],
        [vi("a", F, [2**62])], [vi("y")], words=r"'a'.*(bytes|elements)")
    add("tile-overflow",
        [helper.make_node("Tile", ["x", "r"], ["y"])],
        [vi("x", F, [4])], [vi("y")], [i64("r", [2**62])],
        words=r"Tile")
    add("onehot-huge",
        [helper.make_node("OneHot", ["i", "d", "v"], ["y"])],
        [vi("i", TensorProto.INT64, [4])], [vi("y")],
        [i64("d", [2**62]),
         numpy_helper.from_array(np.array([0, 1], np.float32), "v")],
        words=r"OneHot")
    add("concat-sum-overflow",
        [helper.make_node("Concat", ["a", "a", "a"], ["y"], axis=0)],
        [vi("a", TensorProto.BOOL, [2**62])], [vi("y")],
        words=r"Concat.*concatenated dimension does not fit",
        args=["--max-tensor-bytes=9223372036854775807"])
    # The limits are options: a small --max-tensor-bytes refuses an
    # initializer and an inferred tensor, --max-nodes a long chain.
    add("initializer-over-limit", [helper.make_node("Relu", ["w"], ["y"])],
        [], [vi("y")],
        [numpy_helper.from_array(np.zeros([64, 64], np.float32), "w")],
        words=r"initializer 'w'.*16384 bytes, above the limit of 1000",
        args=["--max-tensor-bytes=1000"])
    add("inferred-over-limit",
        [helper.make_node("Expand", ["x", "s"], ["y"])],
        [vi("x", F, [1])], [vi("y")], [i64("s", [1000])],
        words=r"Expand.*4000 bytes, above the limit of 1000",
        args=["--max-tensor-bytes=1000"])
    add("nodes-over-limit",
        [helper.make_node("Relu", ["x" if i == 0 else f"t{i}"],
                          [f"t{i + 1}" if i < 19 else "y"]) for i in range(20)],
        [vi("x", F, [4])], [vi("y")],
        words=r"node 'Relu_10'.*more than 10 nodes", args=["--max-nodes=10"])
    add("range-huge",
        [helper.make_node("Range", ["a", "b", "c"], ["y"])], [], [vi("y", TensorProto.INT64)],
        [numpy_helper.from_array(np.array(0, np.int64), "a"),
         numpy_helper.from_array(np.array(2**62, np.int64), "b"),
         numpy_helper.from_array(np.array(1, np.int64), "c")],
        words=r"Range")
    add("range-overflow",
        [helper.make_node("Range", ["a", "b", "c"], ["y"])], [], [vi("y", TensorProto.INT64)],
        [numpy_helper.from_array(np.array(-2**63, np.int64), "a"),
         numpy_helper.from_array(np.array(2**63 - 1, np.int64), "b"),
         numpy_helper.from_array(np.array(1, np.int64), "c")],
        words=r"Range")
    add("resize-huge",
        [helper.make_node("Resize", ["x", "", "sc"], ["y"])],
        [vi("x", F, [1, 1, 4, 4])], [vi("y")],
        [numpy_helper.from_array(np.array([1, 1, 1e30, 1e30], np.float32),
                                 "sc")],
        words=r"Resize")
    add("conv-huge-pads",
        [helper.make_node("MaxPool", ["x"], ["y"], kernel_shape=[1],
                          pads=[2**62, 2**62])],
        [vi("x", F, [1, 1, 4])], [vi("y")], words=r"MaxPool")
    # A rank past the limit (a rank-5,000 input overflowed the stack).
    add("rank-5000", [helper.make_node("Relu", ["x"], ["y"])],
        [vi("x", F, [1] * 5000)], [vi("y")], words=r"rank", tool="import")
    return cases


#===------------------------------------------------------------------------===#
# int-division
#===------------------------------------------------------------------------===#

def int_division_cases():
    cases = []
    I = TensorProto.INT64
    for op, a, b, want in [("Div", 7, 0, "division by zero"),
                           ("Mod", 7, 0, "division by zero"),
                           ("Div", -2**63, -1, "overflow")]:
        m = model_of(
            [helper.make_node(op, ["a", "b"], ["y"])], [], [vi("y", I)],
            [numpy_helper.from_array(np.array([a], np.int64), "a"),
             numpy_helper.from_array(np.array([b], np.int64), "b")])
        cases.append(Case(f"fold-{op}-{a}-by-{b}", m, words=want, tool="run"))
    return cases


#===------------------------------------------------------------------------===#
# Running
#===------------------------------------------------------------------------===#

FAMILIES = {
    "missing-inputs": missing_inputs_cases,
    "huge-shapes": huge_shape_cases,
    "int-division": int_division_cases,
}


def run_case(case, tools, workdir, timeout):
    path = os.path.join(workdir, re.sub(r"[^A-Za-z0-9_.-]", "_", case.name)
                        + ".onnx")
    with open(path, "wb") as f:
        f.write(case.raw if case.raw is not None else
                case.model.SerializeToString())
    out_dir = path + ".out"
    if case.tool == "import":
        cmd = [os.path.join(tools, "rt-translate"), "--import-onnx", path,
               "-o", os.devnull]
    else:
        cmd = [os.path.join(tools, "rt-run"), f"--onnx={path}",
               "--target=cpu", f"--save-outputs={out_dir}"]
    cmd += list(case.args)
    env = dict(os.environ)
    # Bound what a failing case may take, so one allocation bug cannot take
    # the machine down with it.
    try:
        p = subprocess.run(cmd, capture_output=True, text=True,
                           timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return "crash", f"timeout after {timeout}s"
    err = p.stderr
    first = next((l for l in err.splitlines() if "error" in l),
                 (err.strip().splitlines() or [""])[0])
    if p.returncode < 0 or p.returncode not in (0, 1) or any(
            m in err for m in CRASH_MARKERS):
        marker = next((m for m in CRASH_MARKERS if m in err), "")
        return "crash", f"exit {p.returncode} {marker}: {first}"[:400]
    if case.expect == "error":
        if p.returncode == 0:
            return "wrong", "succeeded, an error was expected"
        if "error:" not in err:
            return "wrong", f"exit 1 without an 'error:' message: {first}"
        if case.words and not re.search(case.words, err):
            return "wrong", f"error without /{case.words}/: {first}"
        return "ok", first
    if p.returncode != 0:
        return "wrong", f"failed, success expected: {first}"
    if case.check:
        why = case.check(out_dir)
        if why:
            return "wrong", why
    return "ok", ""


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tools", required=True, help="folder of rt-translate and rt-run")
    ap.add_argument("--family", action="append", choices=sorted(FAMILIES))
    ap.add_argument("--filter", help="only cases whose name matches this regex")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--json")
    ap.add_argument("--keep", help="write the models into this folder")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    cases = []
    for fam in args.family or sorted(FAMILIES):
        cases += [(fam, c) for c in FAMILIES[fam]()]
    if args.filter:
        cases = [(f, c) for f, c in cases if re.search(args.filter, c.name)]

    workdir = args.keep or tempfile.mkdtemp(prefix="rt-hostile-")
    os.makedirs(workdir, exist_ok=True)
    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(
            lambda fc: (fc[0], fc[1].name) +
            run_case(fc[1], args.tools, workdir, args.timeout), cases))

    counts = {}
    bad = 0
    for fam, name, outcome, msg in results:
        counts.setdefault(fam, {}).setdefault(outcome, 0)
        counts[fam][outcome] += 1
        if outcome != "ok":
            bad += 1
        if outcome != "ok" or args.verbose:
            print(f"{outcome:6} {fam}/{name}: {msg}")
    for fam in sorted(counts):
        c = counts[fam]
        print(f"{fam}: {sum(c.values())} cases, {c.get('ok', 0)} ok, "
              f"{c.get('wrong', 0)} wrong, {c.get('crash', 0)} crash")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"counts": counts,
                       "cases": [dict(family=f, name=n, outcome=o, message=m)
                                 for f, n, o, m in results]}, f, indent=1)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
