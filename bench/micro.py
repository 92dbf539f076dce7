#!/usr/bin/env python3
"""GEMM and attention micro-benchmarks: rt's kernels against cuBLAS and SDPA.

    python3 bench/micro.py --rt-run build/bin/rt-run --out micro.json \\
        [--kinds gemm,attention] [--arch sm_90a] [--filter REGEX] [--build-only]

Runs on the GPU machine (torch with CUDA for the peers). For each case it
writes a one-node (GEMM) or exporter-shaped (attention) float16 ONNX model,
builds an engine with `rt-run --target=cuda --fp16 --target-arch=ARCH`, and
times it with `rt-run --load-engine` (CUDA graph, median of 200 CUDA-event
timings after 20 warm-up runs; `--profile` gives the kernel alone). The peer
runs in the same call on the same inputs' shapes: `a @ b.T` (cuBLAS) for the
GEMMs, `torch.nn.functional.scaled_dot_product_attention` for attention
(median of 100 CUDA-event timings after 20 warm-up runs).

GEMMs with the models' epilogues (bias + GELU, bias + residual) against
eager's addmm plus its GELU / add. `--gemm-tiles` times each GEMM with
several `rt-run --gemm-tile` settings (a manual tuning sweep).

GEMM shapes: the reference models' projections at their large batches
(BERT/GPT-2 batch 32: M = 4096; ViT-B/16 batch 64: M = 12608), BERT at
batch 1 (M = 128), and 4096^3 and 8192^3. A and B (stored [n][k], Gemm
transB = 1) are both inputs, so no weight preprocessing favours rt.
Attention shapes: BERT (padding mask) and GPT-2 (causal) at sequence 128,
batch 1 and 32; ViT-B/16 (197 tokens) at batch 1 and 64; head size 64, 12
heads.

Memory-bound kernels (`--kinds memory`): element-wise, normalization and
softmax kernels on large float16 tensors, their bandwidth (bytes each must
read and write, over its time) against a device-to-device copy of as many
bytes in the same call (`dst.copy_(src)`, torch); PyTorch eager's own op is
timed too. The issue-6 target is >= 80% of copy bandwidth.

Convolutions (`--kinds conv`): ResNet-50's 3x3 convolutions and a
strided 1x1 downsample at batch 64, each between two 1x1 convolutions so
that it reads and writes channels-last activations as in the model (a
convolution that writes the graph's NCHW output stores transposed, which
is not what a ResNet layer does); its kernel alone
(`--profile`) against cuDNN (torch conv2d on channels-last tensors,
cudnn.benchmark).

`--build-only` builds the engines and stops (checks, on a machine without a
GPU, that every case compiles).
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

GEMMS = [
    # name, M, N, K
    ("bert_b32_qkv", 4096, 2304, 768),
    ("bert_b32_attn_out", 4096, 768, 768),
    ("bert_b32_ffn1", 4096, 3072, 768),
    ("bert_b32_ffn2", 4096, 768, 3072),
    ("vit_b64_qkv", 12608, 2304, 768),
    ("vit_b64_attn_out", 12608, 768, 768),
    ("vit_b64_mlp1", 12608, 3072, 768),
    ("vit_b64_mlp2", 12608, 768, 3072),
    ("bert_b1_ffn1", 128, 3072, 768),
    ("bert_b1_ffn2", 128, 768, 3072),
    ("bert_b1_qkv", 128, 2304, 768),
    ("bert_b1_attn_out", 128, 768, 768),
    ("vit_b1_mlp1", 197, 3072, 768),
    ("vit_b1_mlp2", 197, 768, 3072),
    ("square_4096", 4096, 4096, 4096),
    ("square_8192", 8192, 8192, 8192),
]

# GEMMs with the epilogues the models fuse (bias + GELU after ViT's and
# BERT's first MLP GEMM, bias + residual after the second); the peer is
# PyTorch eager's cuBLAS addmm followed by its GELU / add kernel.
EPILOGUE_GEMMS = [
    # name, M, N, K, epilogue
    ("vit_b64_mlp1_gelu", 12608, 3072, 768, "gelu"),
    ("vit_b64_mlp2_residual", 12608, 768, 3072, "residual"),
    ("bert_b32_ffn1_gelu", 4096, 3072, 768, "gelu"),
    # GPT-2's MLP: GELU's tanh form.
    ("gpt2_b32_fc_gelu_tanh", 4096, 3072, 768, "gelu_tanh"),
    # ResNet-50 batch 64, layer 1's 1x1 convolutions as GEMMs (NHWC rows):
    # memory-bound, one or four 64-deep k steps.
    ("resnet_b64_expand_residual", 200704, 256, 64, "residual"),
    ("resnet_b64_reduce", 200704, 64, 256, None),
]

ATTENTIONS = [
    # name, batch, heads, seq, head size, variant
    ("bert_b1", 1, 12, 128, 64, "padding"),
    ("bert_b32", 32, 12, 128, 64, "padding"),
    ("gpt2_b1", 1, 12, 128, 64, "causal"),
    ("gpt2_b32", 32, 12, 128, 64, "causal"),
    ("vit_b1", 1, 12, 197, 64, "none"),
    ("vit_b64", 64, 12, 197, 64, "none"),
]


# ResNet-50's convolutions at batch 64 (torchvision v1.5: the stride on the
# 3x3): name, input [n, c, h, w], filters [out, c, kh, kw], stride, pad.
# Each is timed as the middle convolution of a 1x1 convolution + ReLU ->
# convolution -> 1x1 convolution model, so that it reads and writes
# channels-last activations as in the model (`--profile` times it alone);
# the peer is cuDNN through
# torch.nn.functional.conv2d on channels-last tensors.
CONVS = [
    ("resnet_b64_l1_3x3", [64, 64, 56, 56], [64, 64, 3, 3], 1, 1),
    ("resnet_b64_l2_3x3_s2", [64, 128, 56, 56], [128, 128, 3, 3], 2, 1),
    ("resnet_b64_l2_3x3", [64, 128, 28, 28], [128, 128, 3, 3], 1, 1),
    ("resnet_b64_l3_3x3", [64, 256, 14, 14], [256, 256, 3, 3], 1, 1),
    ("resnet_b64_l4_3x3", [64, 512, 7, 7], [512, 512, 3, 3], 1, 1),
    ("resnet_b64_l2_down_1x1_s2", [64, 256, 56, 56], [512, 256, 1, 1], 2, 0),
]

MEMORY = [
    # name, op, shape; bytes moved = (inputs + outputs) * 2 (float16)
    ("add_8192x8192", "add", [8192, 8192]),
    ("gelu_8192x8192", "gelu", [8192, 8192]),
    ("layernorm_vit_b64", "layernorm", [12608, 768]),
    ("residual_layernorm_vit_b64", "residual_layernorm", [12608, 768]),
    ("softmax_bert_b32", "softmax", [32, 12, 128, 128]),
]


def memory_model(op, shape):
    N = helper.make_node
    f16 = TensorProto.FLOAT16
    n = shape[-1]
    vi = lambda name, s: helper.make_tensor_value_info(name, f16, s)
    inits = []
    if op == "add":
        inputs, nodes = [vi("x", shape), vi("y", shape)], [N("Add", ["x", "y"], ["z"])]
    elif op == "gelu":
        c = lambda name, v: numpy_helper.from_array(np.array(v, np.float16), name)
        inits = [c("r2", np.sqrt(2.0)), c("one", 1.0), c("half", 0.5)]
        inputs = [vi("x", shape)]
        nodes = [N("Div", ["x", "r2"], ["d"]), N("Erf", ["d"], ["e"]),
                 N("Add", ["e", "one"], ["e1"]), N("Mul", ["x", "e1"], ["g"]),
                 N("Mul", ["g", "half"], ["z"])]
    elif op in ("layernorm", "residual_layernorm"):
        rng = np.random.default_rng(0)
        inits = [numpy_helper.from_array(rng.standard_normal(n).astype(np.float16), "s"),
                 numpy_helper.from_array(rng.standard_normal(n).astype(np.float16), "b")]
        inputs = [vi("x", shape)]
        src = "x"
        nodes = []
        if op == "residual_layernorm":
            inputs.append(vi("r", shape))
            nodes.append(N("Add", ["x", "r"], ["xr"]))
            src = "xr"
        nodes.append(N("LayerNormalization", [src, "s", "b"], ["z"], axis=-1, epsilon=1e-5))
    else:
        inputs, nodes = [vi("x", shape)], [N("Softmax", ["x"], ["z"], axis=-1)]
    g = helper.make_graph(nodes, "memory", inputs, [vi("z", shape)], inits)
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)


def memory_bytes(op, shape):
    n = int(np.prod(shape))
    tensors = {"add": 3, "gelu": 2, "layernorm": 2, "residual_layernorm": 3, "softmax": 2}[op]
    return 2 * n * tensors


def gemm_model(m, n, k, epilogue=None):
    N = helper.make_node
    inputs = [helper.make_tensor_value_info("a", TensorProto.FLOAT16, [m, k]),
              helper.make_tensor_value_info("b", TensorProto.FLOAT16, [n, k])]
    if not epilogue:
        nodes = [N("Gemm", ["a", "b"], ["y"], transB=1)]
    else:
        inputs.append(helper.make_tensor_value_info("bias", TensorProto.FLOAT16, [n]))
        nodes = [N("Gemm", ["a", "b", "bias"], ["g"], transB=1)]
        if epilogue == "gelu":
            # The exporters' erf GELU: x * 0.5 * (1 + erf(x / sqrt(2))).
            c = lambda name, v: N("Constant", [], [name], value=numpy_helper.from_array(
                np.array(v, np.float16), name + "_v"))
            nodes += [c("sqrt2", np.sqrt(2.0)), c("one", 1.0), c("half", 0.5),
                      N("Div", ["g", "sqrt2"], ["d"]), N("Erf", ["d"], ["e"]),
                      N("Add", ["e", "one"], ["e1"]), N("Mul", ["g", "e1"], ["ge"]),
                      N("Mul", ["ge", "half"], ["y"])]
        elif epilogue == "gelu_tanh":
            # 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3))).
            c = lambda name, v: N("Constant", [], [name], value=numpy_helper.from_array(
                np.array(v, np.float16), name + "_v"))
            nodes += [c("k0", 0.044715), c("k1", np.sqrt(2 / np.pi)), c("one", 1.0),
                      c("half", 0.5), N("Mul", ["g", "g"], ["g2"]), N("Mul", ["g2", "g"], ["g3"]),
                      N("Mul", ["g3", "k0"], ["g3k"]), N("Add", ["g", "g3k"], ["i"]),
                      N("Mul", ["i", "k1"], ["i1"]), N("Tanh", ["i1"], ["t"]),
                      N("Add", ["t", "one"], ["t1"]), N("Mul", ["g", "t1"], ["gt"]),
                      N("Mul", ["gt", "half"], ["y"])]
        else:
            inputs.append(helper.make_tensor_value_info("r", TensorProto.FLOAT16, [m, n]))
            nodes.append(N("Add", ["g", "r"], ["y"]))
    g = helper.make_graph(
        nodes, "gemm", inputs,
        [helper.make_tensor_value_info("y", TensorProto.FLOAT16, [m, n])])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)


def conv_out(x, w, stride, pad):
    """The convolution's output shape [n, out, oh, ow]."""
    return [x[0], w[0], (x[2] + 2 * pad - w[2]) // stride + 1,
            (x[3] + 2 * pad - w[3]) // stride + 1]


def conv_model(x, w, stride, pad):
    N = helper.make_node
    f16 = TensorProto.FLOAT16
    rng = np.random.default_rng(0)
    c, o = x[1], w[0]
    inits = [numpy_helper.from_array(
                 (rng.standard_normal((c, c, 1, 1)) / np.sqrt(c)).astype(np.float16), "w0"),
             numpy_helper.from_array(
                 (rng.standard_normal(w) / np.sqrt(w[1] * w[2] * w[3])).astype(np.float16), "w"),
             numpy_helper.from_array(
                 (rng.standard_normal((o, o, 1, 1)) / np.sqrt(o)).astype(np.float16), "w2")]
    nodes = [N("Conv", ["x", "w0"], ["t"], name="pre"), N("Relu", ["t"], ["r"], name="relu"),
             N("Conv", ["r", "w"], ["y"], strides=[stride, stride], pads=[pad] * 4, name="conv"),
             N("Conv", ["y", "w2"], ["z"], name="post")]
    g = helper.make_graph(nodes, "conv", [helper.make_tensor_value_info("x", f16, x)],
                          [helper.make_tensor_value_info("z", f16, conv_out(x, w, stride, pad))],
                          inits)
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)


def attention_model(b, h, s, d, variant):
    N = helper.make_node
    scale = numpy_helper.from_array(np.array(1.0 / np.sqrt(d), np.float16), "scale")
    nodes = [N("Transpose", ["k"], ["kt"], perm=[0, 1, 3, 2]), N("MatMul", ["q", "kt"], ["s"]),
             N("Mul", ["s", "scale"], ["ss"])]
    inputs = [helper.make_tensor_value_info(x, TensorProto.FLOAT16, [b, h, s, d]) for x in "qkv"]
    inits = [scale]
    scores = "ss"
    if variant == "padding":
        inputs.append(helper.make_tensor_value_info("mask", TensorProto.FLOAT16, [b, 1, 1, s]))
        nodes.append(N("Add", ["ss", "mask"], ["sm"]))
        scores = "sm"
    elif variant == "causal":
        # -inf above the diagonal: rt-fuse-attention makes it is_causal.
        tri = np.triu(np.full((s, s), -np.inf, np.float16), 1).reshape(1, 1, s, s)
        inits.append(numpy_helper.from_array(tri, "tri"))
        nodes.append(N("Add", ["ss", "tri"], ["sm"]))
        scores = "sm"
    nodes += [N("Softmax", [scores], ["p"], axis=-1), N("MatMul", ["p", "v"], ["y"])]
    g = helper.make_graph(nodes, "attention", inputs,
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT16, [b, h, s, d])],
                          inits)
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)


def rt_build(rt_run, path, arch, gemm_tile=""):
    cmd = [rt_run, f"--onnx={path}", "--target=cuda", "--fp16", f"--target-arch={arch}",
           "--build-only", f"--save-engine={path}.engine", "--quiet"]
    if gemm_tile:
        cmd.append(f"--gemm-tile={gemm_tile}")
    r = subprocess.run(cmd, capture_output=True, text=True)
    return r.returncode, r.stderr.strip()[-400:]


def rt_time(rt_run, path):
    report = path + ".report.json"
    cmd = [rt_run, f"--load-engine={path}.engine", "--warmup=20", "--iterations=200",
           "--profile", f"--report={report}", "--quiet"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr.strip()[-400:]
    rep = json.load(open(report))
    prof = rep.get("profile") or []
    if isinstance(prof, dict):
        prof = prof.get("kernels", [])
    kernels = {k["label"]: k["ms"] for k in prof}
    return {"graph_ms": rep["run_ms_median"], "kernels_ms": kernels,
            "kernel_sum_ms": sum(kernels.values())}, ""


def cuda_time(fn, warmup=20, iters=100):
    import torch
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(iters):
        s = torch.cuda.Event(enable_timing=True)
        e = torch.cuda.Event(enable_timing=True)
        s.record()
        fn()
        e.record()
        e.synchronize()
        times.append(s.elapsed_time(e))
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rt-run", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--kinds", default="gemm,attention,memory")
    ap.add_argument("--arch", default="sm_90a")
    ap.add_argument("--filter", default="")
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--gemm-tiles", default="",
                    help="';'-separated rt-run --gemm-tile values to time each GEMM "
                         "with (an empty entry: the heuristic's tile); entries naming "
                         "attention_mma (e.g. rows = 128) time the attention cases")
    a = ap.parse_args()
    kinds = a.kinds.split(",")
    tiles = a.gemm_tiles.split(";") if a.gemm_tiles else [""]
    cases = []
    if "gemm" in kinds:
        cases += [("gemm", name, dict(m=m, n=n, k=k)) for name, m, n, k in GEMMS]
        cases += [("gemm", name, dict(m=m, n=n, k=k, epilogue=e))
                  for name, m, n, k, e in EPILOGUE_GEMMS]
    if "attention" in kinds:
        cases += [("attention", name, dict(b=b, h=h, s=s, d=d, variant=v))
                  for name, b, h, s, d, v in ATTENTIONS]
    if "memory" in kinds:
        cases += [("memory", name, dict(op=op, shape=shape)) for name, op, shape in MEMORY]
    if "conv" in kinds:
        cases += [("conv", name, dict(x=x, w=w, stride=st, pad=pd))
                  for name, x, w, st, pd in CONVS]
    cases = [c for c in cases if re.search(a.filter, c[1])]
    # A tile naming attention_mma (`rows`) applies to the attention cases,
    # the others to the GEMMs; "" (the heuristic's tile) to both.
    def tiles_for(kind):
        if kind == "memory":
            return [""]
        return [t for t in tiles if not t or ("attention_mma" in t) == (kind == "attention")]
    cases = [(kind, name, p, t) for kind, name, p in cases for t in tiles_for(kind)]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (kind, name, p, tile) in enumerate(cases):
            path = os.path.join(tmp, f"{kind}_{name}_{i}.onnx")
            model = gemm_model(p["m"], p["n"], p["k"], p.get("epilogue")) \
                if kind == "gemm" else \
                memory_model(p["op"], p["shape"]) if kind == "memory" else \
                conv_model(p["x"], p["w"], p["stride"], p["pad"]) if kind == "conv" else \
                attention_model(p["b"], p["h"], p["s"], p["d"], p["variant"])
            onnx.save(model, path)
            t0 = time.time()
            rc, err = rt_build(a.rt_run, path, a.arch, tile)
            row = {"kind": kind, "case": name, **p, "build_s": round(time.time() - t0, 2)}
            if tile:
                row["gemm_tile"] = tile
            if rc != 0:
                row["error"] = err
                rows.append(row)
                print(f"{kind:9s} {name:22s} {tile:28s} build failed: {err}", flush=True)
                continue
            if kind == "gemm":
                row["flop"] = 2 * p["m"] * p["n"] * p["k"]
            elif kind == "memory":
                row["bytes"] = memory_bytes(p["op"], p["shape"])
            elif kind == "conv":
                o = conv_out(p["x"], p["w"], p["stride"], p["pad"])
                row["flop"] = 2 * o[0] * o[1] * o[2] * o[3] * p["w"][1] * p["w"][2] * p["w"][3]
            else:
                row["flop"] = 4 * p["b"] * p["h"] * p["s"] * p["s"] * p["d"]
            if not a.build_only:
                rt, err = rt_time(a.rt_run, path)
                if rt is None:
                    row["error"] = err
                elif kind == "memory":
                    row.update(rt)
                    best = min(rt["kernel_sum_ms"], rt["graph_ms"])
                    copy_ms, torch_ms = memory_peers(p["op"], p["shape"], row["bytes"])
                    row["rt_gbps"] = round(row["bytes"] / best / 1e6, 1)
                    row["copy_gbps"] = round(row["bytes"] / copy_ms / 1e6, 1)
                    row["torch_eager_ms"] = torch_ms
                    row["fraction_of_copy"] = round(row["rt_gbps"] / row["copy_gbps"], 3)
                    row["ratio_vs_torch_eager"] = round(torch_ms / best, 3)
                else:
                    if kind == "conv":
                        # The measured convolution alone (its kernel, timed
                        # by --profile), not the 1x1 convolutions around
                        # it; the whole model's time is kept as model_ms.
                        rt = {"kernels_ms": rt["kernels_ms"],
                              "kernel_sum_ms": rt["kernels_ms"].get("conv"),
                              "model_ms": rt["graph_ms"]}
                        if rt["kernel_sum_ms"] is None:
                            row["error"] = "no kernel labelled 'conv' in the profile"
                            rows.append(row)
                            continue
                    row.update(rt)
                    row["peer_ms"] = peer(kind, p)
                    row["peer"] = ("cuBLAS (torch a @ b.T)" if not p.get("epilogue") else
                                   "torch eager addmm + " + p["epilogue"]) \
                        if kind == "gemm" else \
                        "cuDNN (torch conv2d, channels_last)" if kind == "conv" else \
                        "torch scaled_dot_product_attention"
                    best = rt["kernel_sum_ms"] if kind == "conv" else \
                        min(rt["kernel_sum_ms"], rt["graph_ms"])
                    row["rt_tflops"] = round(row["flop"] / best / 1e9, 1)
                    row["peer_tflops"] = round(row["flop"] / row["peer_ms"] / 1e9, 1)
                    row["ratio_vs_peer"] = round(row["peer_ms"] / best, 3)
            rows.append(row)
            print(f"{kind:9s} {name:22s} {tile:28s} " + (
                f"rt {row['rt_tflops']:7.1f} TFLOP/s  peer {row['peer_tflops']:7.1f}  "
                f"x{row['ratio_vs_peer']:.2f}" if "ratio_vs_peer" in row else
                f"rt {row['rt_gbps']:7.1f} GB/s  copy {row['copy_gbps']:7.1f} GB/s  "
                f"{row['fraction_of_copy']:.2f} of copy, x{row['ratio_vs_torch_eager']:.2f} "
                f"torch eager" if "fraction_of_copy" in row else
                row.get("error", "built")), flush=True)
    device = None
    try:
        import torch
        device = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
    except ImportError:
        pass
    json.dump({"benchmark": "rt kernels vs cuBLAS / SDPA, fp16", "arch": a.arch,
               "device": device, "date": time.strftime("%Y-%m-%d"),
               "method": "rt: rt-run --load-engine, CUDA graph median of 200 after 20 "
                         "warm-up, and each kernel timed alone (--profile); the faster "
                         "of the two counts. Peer: CUDA events, median of 100 after 20 "
                         "warm-up, same shapes, fp16.",
               "results": rows}, open(a.out, "w"), indent=1)
    return 0 if all("error" not in r for r in rows) else 1


def memory_peers(op, shape, nbytes):
    """A device-to-device copy moving `nbytes` (half read, half written),
    and PyTorch eager's own op on the same shapes."""
    import torch
    import torch.nn.functional as F
    dev = "cuda"
    src = torch.empty(nbytes // 4, device=dev, dtype=torch.float16)
    dst = torch.empty_like(src)
    copy_ms = cuda_time(lambda: dst.copy_(src))
    x = torch.randn(*shape, device=dev, dtype=torch.float16)
    y = torch.randn(*shape, device=dev, dtype=torch.float16)
    n = shape[-1]
    s = torch.randn(n, device=dev, dtype=torch.float16)
    b = torch.randn(n, device=dev, dtype=torch.float16)
    fn = {"add": lambda: x + y,
          "gelu": lambda: F.gelu(x),
          "layernorm": lambda: F.layer_norm(x, (n,), s, b),
          "residual_layernorm": lambda: F.layer_norm(x + y, (n,), s, b),
          "softmax": lambda: torch.softmax(x, -1)}[op]
    return copy_ms, cuda_time(fn)


def peer(kind, p):
    import torch
    import torch.nn.functional as F
    dev = "cuda"
    if kind == "gemm":
        x = torch.randn(p["m"], p["k"], device=dev, dtype=torch.float16)
        w = torch.randn(p["n"], p["k"], device=dev, dtype=torch.float16)
        if p.get("epilogue") == "gelu":
            bias = torch.randn(p["n"], device=dev, dtype=torch.float16)
            return cuda_time(lambda: F.gelu(torch.addmm(bias, x, w.T)))
        if p.get("epilogue") == "gelu_tanh":
            bias = torch.randn(p["n"], device=dev, dtype=torch.float16)
            return cuda_time(lambda: F.gelu(torch.addmm(bias, x, w.T), approximate="tanh"))
        if p.get("epilogue") == "residual":
            bias = torch.randn(p["n"], device=dev, dtype=torch.float16)
            r = torch.randn(p["m"], p["n"], device=dev, dtype=torch.float16)
            return cuda_time(lambda: torch.addmm(bias, x, w.T) + r)
        return cuda_time(lambda: x @ w.T)
    if kind == "conv":
        torch.backends.cudnn.benchmark = True
        x = torch.randn(*p["x"], device=dev, dtype=torch.float16).to(
            memory_format=torch.channels_last)
        w = torch.randn(*p["w"], device=dev, dtype=torch.float16).to(
            memory_format=torch.channels_last)
        return cuda_time(lambda: F.conv2d(x, w, stride=p["stride"], padding=p["pad"]))
    b, h, s, d = p["b"], p["h"], p["s"], p["d"]
    q, k, v = (torch.randn(b, h, s, d, device=dev, dtype=torch.float16) for _ in range(3))
    if p["variant"] == "causal":
        return cuda_time(lambda: F.scaled_dot_product_attention(q, k, v, is_causal=True))
    if p["variant"] == "padding":
        mask = torch.zeros(b, 1, 1, s, device=dev, dtype=torch.float16)
        return cuda_time(lambda: F.scaled_dot_product_attention(q, k, v, attn_mask=mask))
    return cuda_time(lambda: F.scaled_dot_product_attention(q, k, v))


if __name__ == "__main__":
    sys.exit(main())
