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
  scale            a 20,000-node chain compiles and runs within the timeout
  run-time         out-of-range Gather, GatherElements and ScatterND indices
                   known only at run time are clamped into the tensor; with
                   --index-check=trap they are a clear error

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
                 args=(), check=None, raw=None, inputs=None):
        self.name, self.model, self.expect = name, model, expect
        self.words, self.tool, self.args, self.check = words, tool, args, check
        self.raw = raw  # bytes to write instead of serializing `model`
        self.inputs = inputs or {}  # name -> numpy array, for rt-run


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

def expect_outputs(*expected):
    """A check that the saved outputs equal `expected` exactly."""
    def check(out_dir):
        for i, want in enumerate(expected):
            path = os.path.join(out_dir, f"output_{i}.npy")
            if not os.path.exists(path):
                return f"no output {i}"
            got = np.load(path)
            if got.dtype != want.dtype or got.shape != want.shape or \
                    not np.array_equal(got, want):
                return f"output {i} is {got.tolist()}, expected {want.tolist()}"
        return None
    return check


def int_division_cases():
    """Integer division and remainder are total in rt (rt.div, rt.mod), as
    in ONNX's reference implementation (NumPy): x / 0 = 0, x % 0 = 0,
    INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0; the same folded as constants
    and computed at run time."""
    cases = []
    MIN = -2**63
    rows = [
        # op, attrs, dtype, lhs, rhs, expected
        ("Div", {}, np.int64, [7, -7, MIN, 5, MIN], [0, 0, -1, 2, 1],
         [0, 0, MIN, 2, MIN]),
        ("Mod", {}, np.int64, [7, -7, MIN, 5, -5], [0, 3, -1, -2, 3],
         [0, 2, 0, -1, 1]),
        ("Mod", {"fmod": 1}, np.int64, [7, -7, MIN, 5, -5], [0, 3, -1, -2, 3],
         [0, -1, 0, 1, -2]),
        ("Div", {}, np.int32, [7, -2**31, 9], [0, -1, -4], [0, -2**31, -2]),
        ("Div", {}, np.uint32, [7, 2**32 - 1, 9], [0, 0, 4], [0, 0, 2]),
        ("Mod", {}, np.uint32, [7, 9], [0, 4], [0, 1]),
    ]
    for op, attrs, dt, lhs, rhs, want in rows:
        a = np.array(lhs, dtype=dt)
        b = np.array(rhs, dtype=dt)
        w = np.array(want, dtype=dt)
        elt = helper.np_dtype_to_tensor_dtype(np.dtype(dt))
        tag = f"{op}{'-fmod' if attrs else ''}-{np.dtype(dt).name}"
        # Constants: folded at import.
        m = model_of([helper.make_node(op, ["a", "b"], ["y"], **attrs)], [],
                     [vi("y", elt, [len(lhs)])],
                     [numpy_helper.from_array(a, "a"),
                      numpy_helper.from_array(b, "b")])
        cases.append(Case(f"fold-{tag}", m, expect="ok", tool="run",
                          check=expect_outputs(w)))
        # Graph inputs: computed by the generated code.
        m = model_of([helper.make_node(op, ["a", "b"], ["y"], **attrs)],
                     [vi("a", elt, [len(lhs)]), vi("b", elt, [len(lhs)])],
                     [vi("y", elt, [len(lhs)])])
        cases.append(Case(f"run-{tag}", m, expect="ok", tool="run",
                          inputs={"a": a, "b": b}, check=expect_outputs(w)))
    return cases


def invalid_graph_cases():
    """Graphs onnxruntime rejects, which rt used to accept silently."""
    F = TensorProto.FLOAT
    cases = []

    def add(name, m, words, tool="import"):
        cases.append(Case(name, m, words=words, tool=tool))

    add("duplicate-output", model_of(
        [helper.make_node("Relu", ["x"], ["y"]),
         helper.make_node("Neg", ["x"], ["y"])],
        [vi("x", F, [4])], [vi("y", F, [4])]),
        r"node 'Neg_1'.*output 0 \('y'\) redefines a value")
    add("overwrite-input", model_of(
        [helper.make_node("Relu", ["x"], ["x"])],
        [vi("x", F, [4])], [vi("x", F, [4])]),
        r"node 'Relu_0'.*output 0 \('x'\) redefines a value")
    add("overwrite-initializer", model_of(
        [helper.make_node("Relu", ["x"], ["w"])],
        [vi("x", F, [4])], [vi("w", F, [4])],
        [numpy_helper.from_array(np.ones(4, np.float32), "w")]),
        r"output 0 \('w'\) redefines a value")
    add("initializer-twice", model_of(
        [helper.make_node("Add", ["x", "w"], ["y"])],
        [vi("x", F, [4])], [vi("y", F, [4])],
        [numpy_helper.from_array(np.ones(4, np.float32), "w"),
         numpy_helper.from_array(np.zeros(4, np.float32), "w")]),
        r"initializer 'w' is defined twice")
    # IR 3: every initializer is also a graph input; here of another shape.
    add("initializer-input-mismatch", model_of(
        [helper.make_node("Add", ["x", "w"], ["y"])],
        [vi("x", F, [4]), vi("w", F, [2])], [vi("y", F, [4])],
        [numpy_helper.from_array(np.ones(4, np.float32), "w")], ir=3,
        opset=9),
        r"initializer 'w' is 'tensor<4xf32>' but the graph input of that "
        r"name declares 'tensor<2xf32>'")
    m = model_of([helper.make_node("Softmax", ["x"], ["y"])],
                 [vi("x", F, [2, 3])], [vi("y", F, [2, 3])])
    m.graph.node[0].attribute.append(helper.make_attribute("axis", 0.5))
    add("attribute-wrong-type", m,
        r"node 'Softmax_0'.*attribute 'axis' has type FLOAT, the operator "
        r"expects INT")
    m = model_of([helper.make_node("Relu", ["x"], ["y"])],
                 [vi("x", F, [4])], [vi("y", F, [4])],
                 opsets=[helper.make_opsetid("", 17),
                         helper.make_opsetid("", 13)])
    add("duplicate-opset", m,
        r"opset_import lists domain 'ai.onnx' twice \(opsets 17 and 13\)")
    # Slice with step INT64_MIN: one element, as onnxruntime and NumPy say
    # (|INT64_MIN| used to overflow in the shape computation).
    x = np.arange(5, dtype=np.float32)
    m = model_of([helper.make_node("Slice", ["x", "s", "e", "a", "t"], ["y"])],
                 [vi("x", F, [5])], [vi("y", F, None)],
                 [i64("s", [-1]), i64("e", [-2**63]), i64("a", [0]),
                  i64("t", [-2**63])])
    cases.append(Case("slice-step-int64-min", m, expect="ok", tool="run",
                      inputs={"x": x},
                      check=expect_outputs(np.array([4], np.float32))))
    m = model_of([helper.make_node("Slice", ["x", "s", "e", "a", "t"], ["y"])],
                 [vi("x", F, [5])], [vi("y", F, None)],
                 [i64("s", [1]), i64("e", [2**63 - 1]), i64("a", [0]),
                  i64("t", [2**63 - 1])])
    cases.append(Case("slice-step-int64-max", m, expect="ok", tool="run",
                      inputs={"x": x},
                      check=expect_outputs(np.array([1], np.float32))))
    return cases


def scale_cases():
    """Large graphs compile in time linear in their size: a chain of
    20,000 element-wise nodes (quadratic in upstream's element-wise fusion,
    minutes) compiles and runs within the case's timeout, with the right
    result."""
    F = TensorProto.FLOAT
    n = 20000
    kinds = ["Relu", "Neg", "Abs", "Sigmoid"]
    nodes = [helper.make_node(kinds[i % 4], ["x" if i == 0 else f"t{i}"],
                              ["y" if i == n - 1 else f"t{i + 1}"])
             for i in range(n)]
    m = model_of(nodes, [vi("x", F, [4, 8])], [vi("y", F, [4, 8])])
    x = np.linspace(-2, 2, 32, dtype=np.float32).reshape(4, 8)
    want = x.astype(np.float64)
    for i in range(n):
        k = kinds[i % 4]
        want = (np.maximum(want, 0) if k == "Relu" else -want if k == "Neg"
                else np.abs(want) if k == "Abs" else 1 / (1 + np.exp(-want)))

    def close(out_dir):
        got = np.load(os.path.join(out_dir, "output_0.npy"))
        if not np.allclose(got, want, rtol=1e-5, atol=1e-6):
            return f"output {got.ravel()[:4]}, expected {want.ravel()[:4]}"
        return None
    return [Case(f"chain-{n}", m, expect="ok", tool="run", inputs={"x": x},
                 check=close)]


def run_time_cases():
    """Indices known only at run time: out-of-range ones are clamped into
    the tensor (after negative wrapping), on the CPU as in GPU kernels;
    reads and scatter writes never leave the tensor. With
    --index-check=trap they are a clear error instead."""
    F, I = TensorProto.FLOAT, TensorProto.INT64
    data = np.arange(5, dtype=np.float32) * 10
    idx = np.array([7, -9, 2, -1, 2**40], np.int64)

    def clamp(i, n):
        i = np.where(i < 0, i + n, i)
        return np.clip(i, 0, n - 1)
    cases = []
    m = model_of([helper.make_node("Gather", ["d", "i"], ["y"], axis=0)],
                 [vi("d", F, [5]), vi("i", I, [5])], [vi("y", F, [5])])
    cases.append(Case("gather-out-of-range", m, expect="ok", tool="run",
                      inputs={"d": data, "i": idx},
                      check=expect_outputs(data[clamp(idx, 5)])))
    d2 = np.arange(6, dtype=np.float32).reshape(2, 3)
    i2 = np.array([[5, -7, 1], [3, 0, -4]], np.int64)
    m = model_of([helper.make_node("GatherElements", ["d", "i"], ["y"],
                                   axis=1)],
                 [vi("d", F, [2, 3]), vi("i", I, [2, 3])], [vi("y", F, [2, 3])])
    cases.append(Case("gather-elements-out-of-range", m, expect="ok",
                      tool="run", inputs={"d": d2, "i": i2},
                      check=expect_outputs(np.take_along_axis(
                          d2, clamp(i2, 3), axis=1))))
    upd = np.array([100, 200], np.float32)
    si = np.array([[9], [-8]], np.int64)
    want = data.copy()
    want[clamp(si[:, 0], 5)] = upd
    m = model_of([helper.make_node("ScatterND", ["d", "i", "u"], ["y"])],
                 [vi("d", F, [5]), vi("i", I, [2, 1]), vi("u", F, [2])],
                 [vi("y", F, [5])])
    cases.append(Case("scatter-nd-out-of-range", m, expect="ok", tool="run",
                      inputs={"d": data, "i": si, "u": upd},
                      check=expect_outputs(want)))
    # With --index-check=trap the same models stop with a clear error naming
    # the node (exit 1, no outputs).
    for c in list(cases):
        cases.append(Case(c.name + "-trap", c.model, expect="error",
                          words=r"index out of range in \w+ node '\w+' "
                                r"\(axis \d+ of size \d+\)",
                          tool="run", args=("--index-check=trap",),
                          inputs=c.inputs))
    return cases


#===------------------------------------------------------------------------===#
# Running
#===------------------------------------------------------------------------===#

FAMILIES = {
    "missing-inputs": missing_inputs_cases,
    "huge-shapes": huge_shape_cases,
    "int-division": int_division_cases,
    "invalid-graphs": invalid_graph_cases,
    "scale": scale_cases,
    "run-time": run_time_cases,
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
        for name, value in case.inputs.items():
            npy = f"{path}.{name}.npy"
            np.save(npy, value)
            cmd.append(f"--input={name}={npy}")
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
