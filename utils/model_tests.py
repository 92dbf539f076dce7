#!/usr/bin/env python3
"""Whole-model tests of the CPU path against onnxruntime.

Builds small models in the shapes real networks have (seeded random weights),
runs each with onnxruntime (CPU) and with `rt-run --target=cpu` on the same
seeded inputs, and compares every output (fp32: rtol 1e-4, atol 1e-5).

  utils/model_tests.py --rt-run build/bin/rt-run [--keep DIR] [--only NAME]

Models: mlp, resnet_block (Conv+BN+ReLU, residual), mobilenet_block (1x1,
depthwise 3x3, ReLU6, residual), transformer_layer (BERT-style attention with
padding mask, LayerNorm, erf GELU), gpt_block (GPT-2-style causal attention
with Split, tanh GELU), recurrent (bidirectional LSTM with peepholes, reverse
GRU, bidirectional RNN), llama_mlp (RMSNormalization, SwiGLU), vit_stem,
unet_block (GroupNormalization, SiLU, 3x3 convolutions). Exit status 1 if
any model fails.
"""

import argparse
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

RTOL, ATOL = 1e-4, 1e-5


class Builder:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.nodes, self.inits, self.n = [], [], 0

    def w(self, *shape, scale=0.2, offset=0.0):
        name = f"w{len(self.inits)}"
        self.inits.append(numpy_helper.from_array(
            (self.rng.standard_normal(shape) * scale + offset).astype(np.float32), name))
        return name

    def c(self, values, dtype=np.int64):
        name = f"c{len(self.inits)}"
        self.inits.append(numpy_helper.from_array(np.array(values, dtype=dtype), name))
        return name

    def op(self, op_type, inputs, n_out=1, **attrs):
        outs = [f"t{self.n + i}" for i in range(n_out)]
        self.n += n_out
        self.nodes.append(helper.make_node(op_type, inputs, outs, name=f"{op_type}_{self.n}", **attrs))
        return outs[0] if n_out == 1 else outs

    def model(self, name, inputs, outputs, opset=17):
        g = helper.make_graph(self.nodes, name, inputs, outputs, self.inits)
        m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
        m.ir_version = 8
        onnx.checker.check_model(m)
        return m


def vi(name, shape, dtype=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, dtype, shape)


def mlp():
    b = Builder(1)
    h = b.op("Gemm", ["x", b.w(64, 32), b.w(64)], transB=1)
    h = b.op("Relu", [h])
    h = b.op("Gemm", [h, b.w(64, 10), b.w(10)])
    b.nodes.append(helper.make_node("Softmax", [h], ["y"], axis=-1))
    return b.model("mlp", [vi("x", [4, 32])], [vi("y", [4, 10])]), {"x": (4, 32)}


def bn(b, x, c):
    return b.op("BatchNormalization", [x, b.w(c, scale=0.1, offset=1.0), b.w(c),
                                       b.w(c, scale=0.1), b.w(c, scale=0.1, offset=1.0)],
                epsilon=1e-5)


def resnet_block():
    b = Builder(2)
    h = b.op("Conv", ["x", b.w(16, 16, 3, 3)], pads=[1, 1, 1, 1])
    h = b.op("Relu", [bn(b, h, 16)])
    h = b.op("Conv", [h, b.w(16, 16, 3, 3)], pads=[1, 1, 1, 1])
    h = b.op("Add", [bn(b, h, 16), "x"])
    b.nodes.append(helper.make_node("Relu", [h], ["y"]))
    return (b.model("resnet_block", [vi("x", [1, 16, 12, 12])], [vi("y", [1, 16, 12, 12])]),
            {"x": (1, 16, 12, 12)})


def mobilenet_block():
    b = Builder(3)
    lo, hi = b.c(0.0, np.float32), b.c(6.0, np.float32)
    h = b.op("Conv", ["x", b.w(48, 8, 1, 1), b.w(48)])
    h = b.op("Clip", [h, lo, hi])
    h = b.op("Conv", [h, b.w(48, 1, 3, 3), b.w(48)], group=48, pads=[1, 1, 1, 1])
    h = b.op("Clip", [h, lo, hi])
    h = b.op("Conv", [h, b.w(8, 48, 1, 1), b.w(8)])
    b.nodes.append(helper.make_node("Add", [h, "x"], ["y"]))
    return (b.model("mobilenet_block", [vi("x", [2, 8, 10, 10])], [vi("y", [2, 8, 10, 10])]),
            {"x": (2, 8, 10, 10)})


def attention(b, x, batch, seq, heads, dim, mask=None, causal=False, qkv=None):
    hd = dim // heads
    if qkv is None:
        q = b.op("Add", [b.op("MatMul", [x, b.w(dim, dim)]), b.w(dim)])
        k = b.op("Add", [b.op("MatMul", [x, b.w(dim, dim)]), b.w(dim)])
        v = b.op("Add", [b.op("MatMul", [x, b.w(dim, dim)]), b.w(dim)])
    else:
        q, k, v = qkv
    split = b.c([batch, seq, heads, hd])

    def heads_of(t, perm):
        return b.op("Transpose", [b.op("Reshape", [t, split])], perm=perm)

    qh, kh, vh = heads_of(q, [0, 2, 1, 3]), heads_of(k, [0, 2, 3, 1]), heads_of(v, [0, 2, 1, 3])
    s = b.op("Div", [b.op("MatMul", [qh, kh]), b.c(math.sqrt(hd), np.float32)])
    if mask is not None:
        s = b.op("Add", [s, mask])
    if causal:
        tri = np.tril(np.ones((seq, seq), dtype=bool)).reshape(1, 1, seq, seq)
        s = b.op("Where", [b.c(tri, bool), s, b.c(-1e9, np.float32)])
    p = b.op("Softmax", [s], axis=-1)
    o = b.op("Transpose", [b.op("MatMul", [p, vh])], perm=[0, 2, 1, 3])
    o = b.op("Reshape", [o, b.c([batch, seq, dim])])
    return b.op("Add", [b.op("MatMul", [o, b.w(dim, dim)]), b.w(dim)])


def transformer_layer():
    b = Builder(4)
    batch, seq, dim, heads = 2, 16, 64, 4
    # Padding mask: 1 = keep, 0 = masked -> (1 - m) * -10000 as BERT does.
    m = b.op("Cast", ["mask"], to=TensorProto.FLOAT)
    m = b.op("Unsqueeze", [b.op("Unsqueeze", [m, b.c([1])]), b.c([2])])
    m = b.op("Mul", [b.op("Sub", [b.c(1.0, np.float32), m]), b.c(-10000.0, np.float32)])
    a = attention(b, "x", batch, seq, heads, dim, mask=m)
    h = b.op("LayerNormalization", [b.op("Add", [a, "x"]), b.w(dim, scale=0.1, offset=1.0), b.w(dim)],
             axis=-1, epsilon=1e-12)
    f = b.op("Add", [b.op("MatMul", [h, b.w(dim, 4 * dim)]), b.w(4 * dim)])
    # GELU, erf form as exporters write it.
    g = b.op("Mul", [b.op("Mul", [f, b.c(0.5, np.float32)]),
                     b.op("Add", [b.c(1.0, np.float32),
                                  b.op("Erf", [b.op("Div", [f, b.c(math.sqrt(2), np.float32)])])])])
    f = b.op("Add", [b.op("MatMul", [g, b.w(4 * dim, dim)]), b.w(dim)])
    b.nodes.append(helper.make_node("LayerNormalization", [b.op("Add", [f, h]),
                                                           b.w(dim, scale=0.1, offset=1.0), b.w(dim)],
                                    ["y"], axis=-1, epsilon=1e-12))
    return (b.model("transformer_layer",
                    [vi("x", [batch, seq, dim]), vi("mask", [batch, seq], TensorProto.INT64)],
                    [vi("y", [batch, seq, dim])]),
            {"x": (batch, seq, dim), "mask": ("mask", batch, seq)})


def gpt_block():
    b = Builder(5)
    batch, seq, dim, heads = 2, 16, 64, 4
    h = b.op("LayerNormalization", ["x", b.w(dim, scale=0.1, offset=1.0), b.w(dim)], epsilon=1e-5)
    qkv = b.op("Gemm", [b.op("Reshape", [h, b.c([batch * seq, dim])]), b.w(dim, 3 * dim), b.w(3 * dim)])
    qkv = b.op("Reshape", [qkv, b.c([batch, seq, 3 * dim])])
    q, k, v = b.op("Split", [qkv, b.c([dim, dim, dim])], n_out=3, axis=2)
    a = attention(b, None, batch, seq, heads, dim, causal=True, qkv=(q, k, v))
    r = b.op("Add", ["x", a])
    h = b.op("LayerNormalization", [r, b.w(dim, scale=0.1, offset=1.0), b.w(dim)], epsilon=1e-5)
    f = b.op("Add", [b.op("MatMul", [h, b.w(dim, 4 * dim)]), b.w(4 * dim)])
    # GELU, tanh form (GPT-2's NewGELU).
    t = b.op("Tanh", [b.op("Mul", [b.c(math.sqrt(2 / math.pi), np.float32),
                                   b.op("Add", [f, b.op("Mul", [b.c(0.044715, np.float32),
                                                                b.op("Pow", [f, b.c(3.0, np.float32)])])])])])
    g = b.op("Mul", [b.op("Mul", [b.c(0.5, np.float32), f]), b.op("Add", [b.c(1.0, np.float32), t])])
    f = b.op("Add", [b.op("MatMul", [g, b.w(4 * dim, dim)]), b.w(dim)])
    b.nodes.append(helper.make_node("Add", [r, f], ["y"]))
    return (b.model("gpt_block", [vi("x", [batch, seq, dim])], [vi("y", [batch, seq, dim])], opset=18),
            {"x": (batch, seq, dim)})


def recurrent():
    """Bidirectional LSTM (peepholes, clip, initial states) -> reverse GRU
    (linear_before_reset) -> bidirectional RNN (ReLU / tanh). onnxruntime has
    no batch-first (layout 1) kernels; the ONNX test data covers those."""
    b = Builder(6)
    seq, batch, inp = 5, 2, 6
    y, _, yc = b.op("LSTM", ["x", b.w(2, 16, inp), b.w(2, 16, 4), b.w(2, 32), "",
                             b.w(2, batch, 4), b.w(2, batch, 4), b.w(2, 12)],
                    n_out=3, hidden_size=4, direction="bidirectional", clip=3.0)
    h = b.op("Reshape", [b.op("Transpose", [y], perm=[0, 2, 1, 3]), b.c([seq, batch, 8])])
    gy, gh = b.op("GRU", [h, b.w(1, 9, 8), b.w(1, 9, 3), b.w(1, 18)], n_out=2,
                  hidden_size=3, direction="reverse", linear_before_reset=1)
    h = b.op("Squeeze", [gy, b.c([1])])
    b.nodes.append(helper.make_node(
        "RNN", [h, b.w(2, 2, 3), b.w(2, 2, 2), b.w(2, 4)], ["y", "yh"], hidden_size=2,
        direction="bidirectional", activations=["Relu", "Tanh"]))
    b.nodes.append(helper.make_node("Identity", [yc], ["c"]))
    b.nodes.append(helper.make_node("Identity", [gh], ["g"]))
    return (b.model("recurrent", [vi("x", [seq, batch, inp])],
                    [vi("y", [seq, 2, batch, 2]), vi("yh", [2, batch, 2]),
                     vi("c", [2, batch, 4]), vi("g", [1, batch, 3])], opset=14),
            {"x": (seq, batch, inp)})


def llama_mlp():
    """LLaMA-style pre-norm MLP: RMSNormalization (opset 23), SwiGLU
    (SiLU(x W1) * (x W3)) W2, residual."""
    b = Builder(7)
    dim, hidden = 64, 176
    h = b.op("RMSNormalization", ["x", b.w(dim, scale=0.1, offset=1.0)], axis=-1, epsilon=1e-6)
    gate = b.op("MatMul", [h, b.w(dim, hidden)])
    silu = b.op("Mul", [gate, b.op("Sigmoid", [gate])])
    up = b.op("MatMul", [h, b.w(dim, hidden)])
    f = b.op("MatMul", [b.op("Mul", [silu, up]), b.w(hidden, dim)])
    b.nodes.append(helper.make_node("Add", ["x", f], ["y"]))
    m = b.model("llama_mlp", [vi("x", [2, 16, dim])], [vi("y", [2, 16, dim])], opset=23)
    return m, {"x": (2, 16, dim)}


def vit_stem():
    """ViT's patch embedding: a 4x4/4 convolution of a 3-channel image
    (rt-convert-layout makes it a GEMM over the patches), flattened and
    transposed to tokens, the class token concatenated and the position
    embedding added."""
    b = Builder(8)
    dim = 24
    h = b.op("Conv", ["x", b.w(dim, 3, 4, 4, scale=0.2), b.w(dim)], strides=[4, 4],
             kernel_shape=[4, 4])
    h = b.op("Reshape", [h, b.c([2, dim, 12])])
    h = b.op("Transpose", [h], perm=[0, 2, 1])
    cls = b.op("Expand", [b.w(1, 1, dim), b.c([2, 1, dim])])
    h = b.op("Concat", [cls, h], axis=1)
    b.nodes.append(helper.make_node("Add", [h, b.w(1, 13, dim)], ["y"]))
    return (b.model("vit_stem", [vi("x", [2, 3, 12, 16])], [vi("y", [2, 13, dim])]),
            {"x": (2, 3, 12, 16)})


def unet_block():
    """A diffusion U-Net's ResNet block: GroupNormalization (opset 21, 8
    groups), SiLU, 3x3 convolution, twice, with the residual."""
    b = Builder(9)
    c = 32
    h = "x"
    for _ in range(2):
        h = b.op("GroupNormalization", [h, b.w(c, scale=0.1, offset=1.0), b.w(c, scale=0.1)],
                 num_groups=8, epsilon=1e-5)
        h = b.op("Mul", [h, b.op("Sigmoid", [h])])
        h = b.op("Conv", [h, b.w(c, c, 3, 3, scale=0.05), b.w(c)], pads=[1, 1, 1, 1])
    b.nodes.append(helper.make_node("Add", ["x", h], ["y"]))
    m = b.model("unet_block", [vi("x", [2, c, 8, 8])], [vi("y", [2, c, 8, 8])], opset=21)
    return m, {"x": (2, c, 8, 8)}


MODELS = {"mlp": mlp, "resnet_block": resnet_block, "mobilenet_block": mobilenet_block,
          "transformer_layer": transformer_layer, "gpt_block": gpt_block,
          "recurrent": recurrent, "llama_mlp": llama_mlp, "vit_stem": vit_stem,
          "unet_block": unet_block}


def run(name, rt_run, work):
    model, shapes = MODELS[name]()
    path = os.path.join(work, name + ".onnx")
    onnx.save(model, path)
    rng = np.random.default_rng(100)
    feeds, args = {}, []
    for inp, shape in shapes.items():
        if shape[0] == "mask":
            arr = np.ones(shape[1:], dtype=np.int64)
            arr[:, -3:] = 0  # pad the last three positions
        else:
            arr = rng.standard_normal(shape).astype(np.float32)
        feeds[inp] = arr
        f = os.path.join(work, f"{name}.{inp}.npy")
        np.save(f, arr)
        args.append(f"--input={inp}={f}")
    want = ort.InferenceSession(path, providers=["CPUExecutionProvider"]).run(None, feeds)
    out = os.path.join(work, name + ".out")
    p = subprocess.run([rt_run, f"--onnx={path}", "--target=cpu", f"--save-outputs={out}",
                        "--quiet", *args], capture_output=True, text=True)
    if p.returncode != 0:
        return False, f"rt-run failed ({p.returncode}): {p.stderr.strip()[:400]}"
    worst = []
    for i, w in enumerate(want):
        g = np.load(os.path.join(out, f"output_{i}.npy"))
        if g.shape != w.shape:
            return False, f"output {i}: shape {g.shape} != {w.shape}"
        err = float(np.abs(g - w).max())
        cos = float(np.dot(g.ravel(), w.ravel()) /
                    (np.linalg.norm(g) * np.linalg.norm(w) + 1e-30))
        worst.append(f"max abs err {err:.2e}, cosine {cos:.8f}")
        if not np.allclose(g, w, rtol=RTOL, atol=ATOL):
            return False, f"output {i}: {worst[-1]} exceeds rtol {RTOL} atol {ATOL}"
    return True, "; ".join(worst)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rt-run", required=True)
    ap.add_argument("--keep", help="keep models, inputs and outputs here")
    ap.add_argument("--only", help="run only this model")
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix="rt-model-tests-")
    os.makedirs(work, exist_ok=True)
    failed = 0
    for name in MODELS:
        if a.only and name != a.only:
            continue
        ok, msg = run(name, a.rt_run, work)
        print(f"{'PASS' if ok else 'FAIL'} {name}: {msg}", flush=True)
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
