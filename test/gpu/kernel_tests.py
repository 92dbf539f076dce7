#!/usr/bin/env python3
"""GPU kernel tests: every kernel kind against onnxruntime, odd shapes included.

    test/gpu/kernel_tests.py --rt-run build/bin/rt-run [--filter REGEX] [-j N]

Builds small ONNX models (MatMul with odd, batched and broadcast shapes;
Gemm with transposes, alpha/beta and bias; a merged QKV projection split
into heads; GELU and residual epilogues; convolutions with strides,
padding, dilation, 1x1 and depthwise; pooling, LayerNorm, softmax,
attention-shaped graphs, reductions, gathers and concatenations), runs
each with `rt-run --target=cuda` in fp32, fp16 (sm_90: mma.sync GEMMs,
tensor-core attention), fp16 for sm_90a (warpgroup-MMA GEMMs; also with
64-row tiles through --gemm-tile), fp16 with every GEMM's k split among a
cluster of 4 blocks (split4, sm90a-split4; the split_* cases take split-K
from the heuristic in the 16-bit precisions) and bf16,
and compares with onnxruntime (float32) through `--compare=onnxruntime`.
fp32 must match to rtol 1e-4/atol 1e-4; fp16 to rtol 2e-2/atol 5e-2 (16-bit
storage of inputs, weights and intermediates; float32 accumulation); bf16 to
rtol 5e-2/atol 1e-1.

Exit code 0 if all pass, 1 if any fails, 77 (skip) without a GPU.
"""
import argparse
import concurrent.futures as cf
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

RNG = np.random.default_rng(0)


def w(name, shape, scale=None):
    fan = shape[-1] if len(shape) > 1 else shape[0]
    s = scale if scale is not None else 1.0 / np.sqrt(max(1, fan))
    return numpy_helper.from_array((RNG.standard_normal(shape) * s).astype(np.float32), name)


def model(name, nodes, inputs, outputs, inits=(), opset=17, elem=TensorProto.FLOAT):
    g = helper.make_graph(nodes, name,
                          [helper.make_tensor_value_info(n, elem, s) for n, s in inputs],
                          [helper.make_tensor_value_info(n, elem, None) for n in outputs],
                          list(inits))
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 10 if opset >= 21 else 8
    return m


def cases():
    N = helper.make_node
    c = {}
    c["matmul_odd_relu"] = model("m", [N("MatMul", ["a", "b"], ["t"]), N("Relu", ["t"], ["y"])],
                                 [("a", [37, 61])], ["y"], [w("b", [61, 45])])
    c["matmul_batched_bcast"] = model("m", [N("MatMul", ["a", "b"], ["y"])],
                                      [("a", [3, 2, 33, 70])], ["y"], [w("b", [70, 129])])
    c["matmul_bcast_both"] = model("m", [N("MatMul", ["a", "b"], ["y"])],
                                   [("a", [2, 1, 17, 32]), ("b", [1, 3, 32, 20])], ["y"])
    # Batch folded into rows (B shared): sequence-first projections.
    c["matmul_folded_rows_bias"] = model("m", [N("MatMul", ["a", "b"], ["t"]), N("Add", ["t", "c"], ["y"])],
                                         [("a", [37, 3, 64])], ["y"], [w("b", [64, 136]), w("c", [136])])
    c["matmul_large"] = model("m", [N("MatMul", ["a", "b"], ["y"])],
                              [("a", [512, 768])], ["y"], [w("b", [768, 3072])])
    c["gemm_transB_alpha_beta"] = model(
        "m", [N("Gemm", ["a", "b", "c"], ["y"], transB=1, alpha=0.5, beta=2.0)],
        [("a", [50, 96])], ["y"], [w("b", [130, 96]), w("c", [130])])
    # Long K (32 tiles through the cp.async ring) with B stored [n][k].
    c["gemm_transB_long_k"] = model(
        "m", [N("Gemm", ["a", "b", "c"], ["y"], transB=1)],
        [("a", [200, 1024])], ["y"], [w("b", [264, 1024], 0.05), w("c", [264])])
    # Large enough for warpgroup MMA on sm_90a (>= 100 tiles of 128 x 128):
    # constant [k][n] weights (stored transposed), a k tail (520 = 8 * 64
    # + 8), and a channels-last convolution.
    c["matmul_wgmma_bias_relu"] = model("m", [
        N("MatMul", ["a", "b"], ["t"]), N("Add", ["t", "c"], ["u"]), N("Relu", ["u"], ["y"])],
        [("a", [1280, 768])], ["y"], [w("b", [768, 1536], 0.05), w("c", [1536])])
    c["gemm_transB_wgmma_ktail"] = model(
        "m", [N("Gemm", ["a", "b", "c"], ["y"], transB=1)],
        [("a", [1500, 520])], ["y"], [w("b", [1032, 520], 0.05), w("c", [1032])])
    # TMA-fed warpgroup MMA (sm90a-tma*): rows folded from a batch with a
    # partial last row tile and a partial last column tile; a float16 model
    # input read straight through its tensor map, with a k tail of 8.
    c["tma_rows_folded_ntail"] = model("m", [
        N("MatMul", ["a", "b"], ["t"]), N("Add", ["t", "c"], ["u"]), N("Relu", ["u"], ["y"])],
        [("a", [5, 397, 768])], ["y"], [w("b", [768, 1000], 0.05), w("c", [1000])])
    h = lambda t: numpy_helper.from_array(numpy_helper.to_array(t).astype(np.float16), t.name)
    c["tma_fp16_input_ktail"] = model(
        "m", [N("MatMul", ["a", "b"], ["y"])], [("a", [2000, 1032])], ["y"],
        [h(w("b", [1032, 1000], 0.05))], elem=TensorProto.FLOAT16)
    # A 1x1 convolution of channels-last activations (a 3x3 convolution's
    # output) as a TMA-fed GEMM, with a bias and ReLU.
    c["conv1x1_tma_bias_relu"] = model(
        "m", [N("Conv", ["x", "w0"], ["t0"], pads=[1, 1, 1, 1]), N("Relu", ["t0"], ["u"]),
              N("Conv", ["u", "w", "bias"], ["t"]), N("Relu", ["t"], ["y"])],
        [("x", [32, 64, 14, 14])], ["y"],
        [w("w0", [384, 64, 3, 3], 0.05), w("w", [512, 384, 1, 1], 0.05), w("bias", [512])])
    c["conv_wgmma"] = model("m", [N("Conv", ["x", "w"], ["y"], pads=[1, 1, 1, 1])],
                            [("x", [16, 64, 28, 28])], ["y"], [w("w", [256, 64, 3, 3], 0.05)])
    # Windowed convolutions whose input comes through a TMA im2col map on
    # sm_90a (a multiple of 64 channels; each reads the channels-last output
    # of a 1x1 convolution and ReLU, as in ResNet's bottlenecks): stride 2
    # with a bias, ReLU and a partial last row tile that spans images;
    # dilation with asymmetric padding; three channel blocks per 5x5 tap;
    # ResNet's strided 1x1 downsample; padding beyond a 1x1 window (the
    # bounding box's upper corner past the last pixel).
    def windowed(x, wshape, scale, bias=False, relu=False, **attrs):
        ch = x[1]
        ins = ["r", "w"] + (["b"] if bias else [])
        nodes = [N("Conv", ["x", "w0"], ["t"]), N("Relu", ["t"], ["r"]),
                 N("Conv", ins, ["c" if relu else "y"], **attrs)]
        if relu:
            nodes.append(N("Relu", ["c"], ["y"]))
        weights = [w("w0", [ch, ch, 1, 1], 1.0 / ch), w("w", wshape, scale)]
        if bias:
            weights.append(w("b", [wshape[0]]))
        return model("m", nodes, [("x", x)], ["y"], weights)
    c["conv_im2col_s2_bias_relu"] = windowed(
        [32, 128, 29, 29], [256, 128, 3, 3], 0.03, bias=True, relu=True,
        strides=[2, 2], pads=[1, 1, 1, 1])
    c["conv_im2col_dilated_asym"] = windowed(
        [24, 64, 23, 19], [256, 64, 3, 3], 0.05, dilations=[2, 2], pads=[2, 1, 0, 3])
    c["conv_im2col_5x5_c192"] = windowed(
        [20, 192, 14, 14], [512, 192, 5, 5], 0.01, pads=[2, 2, 2, 2])
    c["conv_im2col_1x1_s2"] = windowed(
        [32, 256, 28, 28], [512, 256, 1, 1], 0.05, strides=[2, 2])
    c["conv_im2col_1x1_padded"] = windowed(
        [16, 64, 30, 30], [256, 64, 1, 1], 0.1, pads=[1, 1, 1, 1])
    c["gemm_transA_matrix_c"] = model(
        "m", [N("Gemm", ["a", "b", "c"], ["y"], transA=1)],
        [("a", [96, 50])], ["y"], [w("b", [96, 64]), w("c", [50, 64])])
    # Merged QKV projection split into heads (BERT's attention input).
    shape = numpy_helper.from_array(np.array([2, 16, 4, 16], np.int64), "shape")
    nodes = [N("MatMul", ["x", "wqkv"], ["p"]), N("Add", ["p", "bqkv"], ["pb"]),
             N("Split", ["pb"], ["q", "k", "v"], axis=2)]
    for t in "qkv":
        nodes += [N("Reshape", [t, "shape"], [t + "r"]),
                  N("Transpose", [t + "r"], [t + "h"], perm=[0, 2, 1, 3])]
    c["qkv_split_heads"] = model("m", nodes, [("x", [2, 16, 64])], ["qh", "kh", "vh"],
                                 [w("wqkv", [64, 192]), w("bqkv", [192]), shape])
    # FFN: GELU (erf form) epilogue, then a second GEMM with a residual.
    half = numpy_helper.from_array(np.array(0.5, np.float32), "half")
    one = numpy_helper.from_array(np.array(1.0, np.float32), "one")
    r2 = numpy_helper.from_array(np.array(np.sqrt(2.0), np.float32), "r2")
    c["ffn_gelu_residual"] = model("m", [
        N("MatMul", ["x", "w1"], ["h"]), N("Add", ["h", "b1"], ["hb"]),
        N("Div", ["hb", "r2"], ["d"]), N("Erf", ["d"], ["e"]), N("Add", ["e", "one"], ["e1"]),
        N("Mul", ["hb", "e1"], ["g0"]), N("Mul", ["g0", "half"], ["g"]),
        N("MatMul", ["g", "w2"], ["o"]), N("Add", ["o", "b2"], ["ob"]), N("Add", ["ob", "x"], ["y"])],
        [("x", [3, 20, 96])], ["y"],
        [w("w1", [96, 200]), w("b1", [200]), w("w2", [200, 96]), w("b2", [96]), half, one, r2])
    c["conv_stride_pad_bias_relu"] = model("m", [
        N("Conv", ["x", "w", "b"], ["c"], strides=[2, 2], pads=[1, 1, 1, 1]), N("Relu", ["c"], ["y"])],
        [("x", [2, 13, 17, 17])], ["y"], [w("w", [31, 13, 3, 3], 0.1), w("b", [31])])
    c["conv_c64_3x3"] = model("m", [N("Conv", ["x", "w"], ["y"], pads=[1, 1, 1, 1])],
                              [("x", [4, 64, 20, 20])], ["y"], [w("w", [96, 64, 3, 3], 0.05)])
    c["conv_1x1"] = model("m", [N("Conv", ["x", "w"], ["y"])],
                          [("x", [1, 64, 7, 7])], ["y"], [w("w", [256, 64, 1, 1], 0.1)])
    c["conv_dilated_asym_pad"] = model("m", [
        N("Conv", ["x", "w"], ["y"], dilations=[2, 2], pads=[2, 1, 0, 3])],
        [("x", [1, 8, 15, 11])], ["y"], [w("w", [16, 8, 3, 3], 0.2)])
    c["conv_depthwise"] = model("m", [N("Conv", ["x", "w"], ["y"], group=24, pads=[1, 1, 1, 1])],
                                [("x", [2, 24, 9, 9])], ["y"], [w("w", [24, 1, 3, 3], 0.3)])
    # MobileNetV2's block: a pointwise expansion (its NHWC output feeds the
    # depthwise kernel directly), then the depthwise convolution with stride
    # 2, bias and ReLU6 (Clip): 8 channels per thread (depthwise_conv).
    lo6 = numpy_helper.from_array(np.array(0.0, np.float32), "lo6")
    hi6 = numpy_helper.from_array(np.array(6.0, np.float32), "hi6")
    c["conv_depthwise_s2_bias_relu6"] = model("m", [
        N("Conv", ["x", "we"], ["e"]), N("Relu", ["e"], ["er"]),
        N("Conv", ["er", "w", "b"], ["c"], group=32, pads=[1, 1, 1, 1], strides=[2, 2]),
        N("Clip", ["c", "lo6", "hi6"], ["y"])],
        [("x", [3, 16, 15, 15])], ["y"],
        [w("we", [32, 16, 1, 1]), w("w", [32, 1, 3, 3], 0.5), w("b", [32], 1.0), lo6, hi6])
    # 5x5 with dilation and asymmetric padding, then a residual add of the
    # depthwise input; 12 channels (not a multiple of 8: the elemental
    # kernel) next to 16.
    c["conv_depthwise_5x5_dilated"] = model("m", [
        N("Conv", ["x", "we"], ["e"]),
        N("Conv", ["e", "w"], ["c"], group=16, pads=[2, 2, 2, 2], dilations=[1, 1]),
        N("Add", ["c", "e"], ["y"])],
        [("x", [2, 8, 11, 10])], ["y"], [w("we", [16, 8, 1, 1]), w("w", [16, 1, 5, 5], 0.3)])
    c["conv_depthwise_dilated_asym"] = model("m", [
        N("Conv", ["x", "we"], ["e"]),
        N("Conv", ["e", "w"], ["y"], group=16, pads=[2, 1, 3, 2], dilations=[2, 1])],
        [("x", [2, 8, 11, 10])], ["y"], [w("we", [16, 8, 1, 1]), w("w", [16, 1, 3, 3], 0.3)])
    c["conv_depthwise_c12"] = model("m", [
        N("Conv", ["x", "we"], ["e"]),
        N("Conv", ["e", "w"], ["y"], group=12, pads=[1, 1, 1, 1])],
        [("x", [2, 8, 9, 9])], ["y"], [w("we", [12, 8, 1, 1]), w("w", [12, 1, 3, 3], 0.3)])
    # ViT's patch embedding: a 4x4/4 convolution of 3 channels becomes a
    # GEMM over the reshaped, transposed input (rt-convert-layout).
    sp = numpy_helper.from_array(np.array([2, 24, 12], np.int64), "sp")
    c["conv_patchify_tokens"] = model("m", [
        N("Conv", ["x", "w", "b"], ["c"], strides=[4, 4]), N("Reshape", ["c", "sp"], ["r"]),
        N("Transpose", ["r"], ["y"], perm=[0, 2, 1])],
        [("x", [2, 3, 12, 16])], ["y"], [w("w", [24, 3, 4, 4]), w("b", [24]), sp])
    c["conv_residual_block"] = model("m", [
        N("Conv", ["x", "w1"], ["c1"], pads=[1, 1, 1, 1]), N("Relu", ["c1"], ["r1"]),
        N("Conv", ["r1", "w2"], ["c2"], pads=[1, 1, 1, 1]), N("Add", ["c2", "x"], ["s"]),
        N("Relu", ["s"], ["y"])],
        [("x", [2, 32, 14, 14])], ["y"], [w("w1", [32, 32, 3, 3], 0.05), w("w2", [32, 32, 3, 3], 0.05)])
    # ResNet's stem: a 3-channel 7x7/2 convolution, then max pooling that
    # reads the channels-last result through its transpose prologue.
    c["stem_conv_relu_maxpool"] = model("m", [
        N("Conv", ["x", "w", "b"], ["c"], strides=[2, 2], pads=[3, 3, 3, 3]), N("Relu", ["c"], ["r"]),
        N("MaxPool", ["r"], ["p"], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]),
        N("Conv", ["p", "w2"], ["y"])],
        [("x", [2, 3, 40, 40])], ["y"], [w("w", [16, 3, 7, 7], 0.1), w("b", [16]), w("w2", [32, 16, 1, 1], 0.2)])
    # Pad in each opset-17 mode (the channel padding of 3-channel stems
    # uses constant mode).
    for mode in ("constant", "reflect", "edge"):
        pads = numpy_helper.from_array(np.array([0, 1, 2, 0, 0, 2, 1, 3], np.int64), "pads")
        c["pad_" + mode] = model("m", [N("Pad", ["x", "pads"], ["y"], mode=mode)],
                                 [("x", [2, 3, 5, 7])], ["y"], [pads])
    c["pool_max_avg"] = model("m", [
        N("MaxPool", ["x"], ["p"], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]),
        N("GlobalAveragePool", ["p"], ["y"])], [("x", [2, 5, 13, 13])], ["y"])
    c["layernorm_softmax"] = model("m", [
        N("LayerNormalization", ["x", "s", "b"], ["n"], axis=-1, epsilon=1e-5),
        N("Softmax", ["n"], ["y"], axis=-1)],
        [("x", [3, 7, 50])], ["y"], [w("s", [50], 1.0), w("b", [50], 1.0)])
    c["reductions"] = model("m", [
        N("ReduceMean", ["x"], ["m"], axes=[1], keepdims=1), N("Sub", ["x", "m"], ["d"]),
        N("ReduceSumSquare", ["d"], ["y"], axes=[2], keepdims=0)], [("x", [4, 9, 33])], ["y"])
    idx = numpy_helper.from_array(np.array([[0, 5], [3, 3]], np.int64), "idx")
    c["gather_concat"] = model("m", [
        N("Gather", ["x", "idx"], ["g"], axis=1), N("Concat", ["g", "g"], ["y"], axis=0)],
        [("x", [3, 7, 5])], ["y"], [idx])
    # Attention as exporters write it (rt-fuse-attention makes it one op):
    # scaled scores, additive mask, softmax, weighted values, heads merged.
    scale = numpy_helper.from_array(np.array(0.125, np.float32), "scale")
    merged = numpy_helper.from_array(np.array([2, 37, 64], np.int64), "merged")
    c["attention_masked_heads"] = model("m", [
        N("Transpose", ["k"], ["kt"], perm=[0, 1, 3, 2]), N("MatMul", ["q", "kt"], ["s"]),
        N("Mul", ["s", "scale"], ["ss"]), N("Add", ["ss", "mask"], ["sm"]),
        N("Softmax", ["sm"], ["p"], axis=-1), N("MatMul", ["p", "v"], ["o"]),
        N("Transpose", ["o"], ["ot"], perm=[0, 2, 1, 3]), N("Reshape", ["ot", "merged"], ["y"])],
        [("q", [2, 4, 37, 16]), ("k", [2, 4, 37, 16]), ("v", [2, 4, 37, 16]),
         ("mask", [2, 1, 1, 37])], ["y"], [scale, merged])
    # GPT-2's causal mask as a constant (rt-fuse-attention: is_causal).
    tri = np.triu(np.full((37, 37), -10000.0, np.float32), 1).reshape(1, 1, 37, 37)
    c["attention_causal"] = model("m", [
        N("Transpose", ["k"], ["kt"], perm=[0, 1, 3, 2]), N("MatMul", ["q", "kt"], ["s"]),
        N("Mul", ["s", "scale"], ["ss"]), N("Add", ["ss", "tri"], ["sm"]),
        N("Softmax", ["sm"], ["p"], axis=-1), N("MatMul", ["p", "v"], ["y"])],
        [("q", [2, 4, 37, 16]), ("k", [2, 4, 37, 16]), ("v", [2, 4, 37, 16])], ["y"],
        [scale, numpy_helper.from_array(tri, "tri")])
    # BERT's shape class (head size 64, padding mask, 2 key steps) and
    # ViT's (197 queries and keys: partial query and key blocks).
    merged2 = numpy_helper.from_array(np.array([2, 128, 256], np.int64), "merged2")
    c["attention_bert_like"] = model("m", [
        N("Transpose", ["k"], ["kt"], perm=[0, 1, 3, 2]), N("MatMul", ["q", "kt"], ["s"]),
        N("Mul", ["s", "scale"], ["ss"]), N("Add", ["ss", "mask"], ["sm"]),
        N("Softmax", ["sm"], ["p"], axis=-1), N("MatMul", ["p", "v"], ["o"]),
        N("Transpose", ["o"], ["ot"], perm=[0, 2, 1, 3]), N("Reshape", ["ot", "merged2"], ["y"])],
        [("q", [2, 4, 128, 64]), ("k", [2, 4, 128, 64]), ("v", [2, 4, 128, 64]),
         ("mask", [2, 1, 1, 128])], ["y"], [scale, merged2])
    c["attention_vit_like"] = model("m", [
        N("Transpose", ["k"], ["kt"], perm=[0, 1, 3, 2]), N("MatMul", ["q", "kt"], ["s"]),
        N("Mul", ["s", "scale"], ["ss"]), N("Softmax", ["ss"], ["p"], axis=-1),
        N("MatMul", ["p", "v"], ["y"])],
        [("q", [1, 3, 197, 64]), ("k", [1, 3, 197, 64]), ("v", [1, 3, 197, 64])], ["y"], [scale])
    # 100 keys, causal: one full resident key block and a partial one (36
    # keys, computed as 48), a query block whose last warp has no rows.
    tri100 = np.triu(np.full((100, 100), -10000.0, np.float32), 1).reshape(1, 1, 100, 100)
    c["attention_causal_tail"] = model("m", [
        N("Transpose", ["k"], ["kt"], perm=[0, 1, 3, 2]), N("MatMul", ["q", "kt"], ["s"]),
        N("Mul", ["s", "scale"], ["ss"]), N("Add", ["ss", "tri100"], ["sm"]),
        N("Softmax", ["sm"], ["p"], axis=-1), N("MatMul", ["p", "v"], ["y"])],
        [("q", [1, 2, 100, 32]), ("k", [1, 2, 100, 32]), ("v", [1, 2, 100, 32])], ["y"],
        [scale, numpy_helper.from_array(tri100, "tri100")])
    # Many keys: the row kernel (scores of one query row in shared memory).
    c["attention_long"] = model("m", [
        N("Transpose", ["k"], ["kt"], perm=[0, 1, 3, 2]), N("MatMul", ["q", "kt"], ["s"]),
        N("Mul", ["s", "scale"], ["ss"]), N("Softmax", ["ss"], ["p"], axis=-1),
        N("MatMul", ["p", "v"], ["y"])],
        [("q", [1, 2, 5, 64]), ("k", [1, 2, 2000, 64]), ("v", [1, 2, 2000, 64])], ["y"], [scale])
    # ViT's in-projection: one GEMM, heads picked by constant Gathers.
    s4 = numpy_helper.from_array(np.array([2, 10, 3, 48], np.int64), "s4")
    nodes = [N("MatMul", ["x", "w"], ["p"]), N("Reshape", ["p", "s4"], ["r"]),
             N("Transpose", ["r"], ["t"], perm=[2, 0, 1, 3])]
    inits = [w("w", [48, 144]), s4]
    for i, n in enumerate("qkv"):
        inits.append(numpy_helper.from_array(np.array(i, np.int64), "i" + n))
        nodes.append(N("Gather", ["t", "i" + n], [n], axis=0))
    c["gemm_gather_heads"] = model("m", nodes, [("x", [2, 10, 48])], ["q", "k", "v"], inits)
    # GPT-2's MLP: Gemm, reshape, tanh-GELU, reshape.
    s3 = numpy_helper.from_array(np.array([2, 10, 96], np.int64), "s3")
    s2 = numpy_helper.from_array(np.array([20, 96], np.int64), "s2")
    k0 = numpy_helper.from_array(np.array(0.044715, np.float32), "k0")
    k1 = numpy_helper.from_array(np.array(np.sqrt(2 / np.pi), np.float32), "k1")
    three = numpy_helper.from_array(np.array(3.0, np.float32), "three")
    c["gemm_reshape_gelu_tanh"] = model("m", [
        N("Gemm", ["x", "w", "b"], ["g"]), N("Reshape", ["g", "s3"], ["h"]),
        N("Pow", ["h", "three"], ["h3"]), N("Mul", ["h3", "k0"], ["a"]), N("Add", ["h", "a"], ["i"]),
        N("Mul", ["i", "k1"], ["j"]), N("Tanh", ["j"], ["t"]), N("Add", ["t", "one"], ["t1"]),
        N("Mul", ["h", "t1"], ["u"]), N("Mul", ["u", "half"], ["v"]), N("Reshape", ["v", "s2"], ["y"])],
        [("x", [20, 64])], ["y"], [w("w", [64, 96]), w("b", [96]), s3, s2, k0, k1, three, one, half])
    # GPT-2's Gemm on flattened activations (A a reshape of the input).
    c["gemm_reshaped_a"] = model("m", [
        N("Reshape", ["x", "s2"], ["r"]), N("Gemm", ["r", "w", "b"], ["y"])],
        [("x", [2, 10, 96])], ["y"], [w("w", [96, 64]), w("b", [64]), s2])
    # One output keeps the product's columns contiguous, the other is its
    # transpose (GPT-2's key, stored transposed for Q K^T).
    c["matmul_mixed_outputs"] = model("m", [
        N("MatMul", ["a", "b"], ["y"]), N("Transpose", ["y"], ["yt"], perm=[1, 0])],
        [("a", [40, 64])], ["y", "yt"], [w("b", [64, 48])])
    c["layernorm_reshape"] = model("m", [
        N("LayerNormalization", ["x", "s", "b"], ["n"], axis=-1), N("Reshape", ["n", "s2"], ["y"])],
        [("x", [2, 10, 96])], ["y"], [w("s", [96], 1.0), w("b", [96], 1.0), s2])
    # A diffusion U-Net's GroupNormalization (opset 21; canonicalized to a
    # LayerNorm over [N, groups, rest]) with SiLU: one norm_row kernel.
    c["group_norm_silu"] = model("m", [
        N("GroupNormalization", ["x", "s", "b"], ["g"], num_groups=8, epsilon=1e-5),
        N("Sigmoid", ["g"], ["sg"]), N("Mul", ["g", "sg"], ["y"])],
        [("x", [2, 32, 8, 8])], ["y"], [w("s", [32], 1.0), w("b", [32])], opset=21)
    # Warp-per-row LayerNorms with 2 rows per block (6 rows) and 1 (5 rows,
    # ViT-B/16's width).
    c["layernorm_rows_6"] = model("m", [
        N("LayerNormalization", ["x", "s", "b"], ["y"], axis=-1)],
        [("x", [2, 3, 128])], ["y"], [w("s", [128], 1.0), w("b", [128], 1.0)])
    c["layernorm_rows_5"] = model("m", [
        N("LayerNormalization", ["x", "s", "b"], ["y"], axis=-1)],
        [("x", [5, 768])], ["y"], [w("s", [768], 1.0), w("b", [768], 1.0)])
    # Batch-1 shapes whose k range the heuristic splits among the blocks of
    # a cluster (sm_90 and later): BERT's FFN output with its bias and
    # residual, ResNet-50's last 3x3 convolution (49 rows), and an odd k
    # (not a multiple of 8: operands staged element by element; the last
    # block's share runs past k).
    c["split_ffn2_bias_residual"] = model("m", [
        N("MatMul", ["x", "w"], ["t"]), N("Add", ["t", "b"], ["u"]), N("Add", ["u", "r"], ["y"])],
        [("x", [128, 3072]), ("r", [128, 768])], ["y"], [w("w", [3072, 768]), w("b", [768])])
    c["split_conv_7x7_c512"] = model("m", [
        N("Conv", ["x", "w", "b"], ["t"], pads=[1, 1, 1, 1]), N("Relu", ["t"], ["y"])],
        [("x", [1, 512, 7, 7])], ["y"], [w("w", [512, 512, 3, 3], 1.0 / 48), w("b", [512])])
    c["split_odd_k"] = model("m", [N("MatMul", ["a", "b"], ["y"])],
                             [("a", [197, 1001])], ["y"], [w("b", [1001, 300])])
    return c


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rt-run", required=True)
    ap.add_argument("--filter", default="")
    ap.add_argument("-j", "--jobs", type=int, default=4)
    ap.add_argument("--precisions",
                    default="fp32,fp16,sm90a,sm90a-m64,sm90a-n192,sm90a-att128,"
                            "sm90a-pingpong,split4,sm90a-split4,bf16",
                    help="comma-separated: fp32, fp16, sm90a (fp16 for sm_90a), sm90a-m64 "
                         "(sm90a with 64-row warpgroup-MMA tiles), sm90a-n192 (128 x 192 "
                         "tiles), sm90a-att128 (attention with 128 query rows per block), "
                         "sm90a-pingpong (every TMA-fed GEMM on the persistent ping-pong "
                         "schedule), split4 (fp16, every mma.sync GEMM's k split among a "
                         "cluster of 4 blocks), sm90a-split4 (the same for warpgroup MMA), "
                         "bf16; not by default: sm90a-tma, sm90a-tma-n192, sm90a-tma-m64 "
                         "(TMA loads forced where the heuristic keeps cp.async)")
    a = ap.parse_args()
    try:
        import ctypes
        ctypes.CDLL("libcuda.so.1")
    except OSError:
        print("kernel_tests: no CUDA driver; skipped")
        return 77
    tol = {"fp32": ["--rtol=1e-4", "--atol=1e-4"], "fp16": ["--fp16", "--rtol=2e-2", "--atol=5e-2"],
           # Hopper kernels (warpgroup MMA, transposed weights).
           "sm90a": ["--fp16", "--target-arch=sm_90a", "--rtol=2e-2", "--atol=5e-2"],
           # The warpgroup-MMA GEMM with one warpgroup of 64 rows, 3 stages.
           "sm90a-m64": ["--fp16", "--target-arch=sm_90a", "--rtol=2e-2", "--atol=5e-2",
                         '--gemm-tile={kernel = "wgmma_gemm", block_m = 64, warps_m = 4, '
                         'stages = 3}'],
           # 128 x 192 warpgroup-MMA tiles (m64n192).
           "sm90a-n192": ["--fp16", "--target-arch=sm_90a", "--rtol=2e-2", "--atol=5e-2",
                          '--gemm-tile={kernel = "wgmma_gemm", block_n = 192, stages = 4}'],
           # Tensor-core attention with 128 query rows per block (8 warps).
           "sm90a-att128": ["--fp16", "--target-arch=sm_90a", "--rtol=2e-2", "--atol=5e-2",
                            '--gemm-tile={kernel = "attention_mma", rows = 128}'],
           # Every GEMM's k range split among the 4 blocks of a cluster,
           # partial tiles summed through distributed shared memory.
           "split4": ["--fp16", "--target-arch=sm_90", "--rtol=2e-2", "--atol=5e-2",
                      '--gemm-tile={kernel = "mma_gemm", split_k = 4}'],
           "sm90a-split4": ["--fp16", "--target-arch=sm_90a", "--rtol=2e-2", "--atol=5e-2",
                            '--gemm-tile={kernel = "wgmma_gemm", split_k = 4}'],
           # Warpgroup MMA fed by TMA (a producer warp, mbarrier ring) where
           # the operands allow it; 128 x 128, 128 x 192 and 64-row tiles.
           "sm90a-tma": ["--fp16", "--target-arch=sm_90a", "--rtol=2e-2", "--atol=5e-2",
                         '--gemm-tile={kernel = "wgmma_gemm", load = "tma"}'],
           "sm90a-tma-n192": ["--fp16", "--target-arch=sm_90a", "--rtol=2e-2", "--atol=5e-2",
                              '--gemm-tile={kernel = "wgmma_gemm", block_n = 192, stages = 4, '
                              'load = "tma"}'],
           "sm90a-tma-m64": ["--fp16", "--target-arch=sm_90a", "--rtol=2e-2", "--atol=5e-2",
                             '--gemm-tile={kernel = "wgmma_gemm", block_m = 64, warps_m = 4, '
                             'stages = 3, load = "tma"}'],
           # The persistent ping-pong schedule where loads go through TMA
           # (the heuristic's for 768-deep GEMMs with many tiles; here for
           # every GEMM whose operands TMA can read).
           "sm90a-pingpong": ["--fp16", "--target-arch=sm_90a", "--rtol=2e-2", "--atol=5e-2",
                              '--gemm-tile={kernel = "wgmma_gemm", block_n = 128, stages = 4, '
                              'schedule = "pingpong"}'],
           # bfloat16 keeps 8 mantissa bits: ~0.4% per stored value.
           "bf16": ["--bf16", "--rtol=5e-2", "--atol=1e-1"]}
    with tempfile.TemporaryDirectory() as d:
        jobs = []
        for name, m in cases().items():
            if not re.search(a.filter, name):
                continue
            path = os.path.join(d, name + ".onnx")
            onnx.save(m, path)
            for p in a.precisions.split(","):
                jobs.append((name, p, path))

        def run(job):
            name, p, path = job
            cmd = [a.rt_run, f"--onnx={path}", "--target=cuda", "--compare=onnxruntime",
                   *tol[p]]
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
            lines = [l.strip() for l in r.stdout.splitlines() if "max abs err" in l]
            return name, p, r.returncode, lines, r.stderr.strip()[-400:], ""

        failed = 0
        with cf.ThreadPoolExecutor(a.jobs) as ex:
            for name, p, rc, lines, err, _ in ex.map(run, jobs):
                ok = rc == 0
                failed += not ok
                print(f"{'PASS' if ok else 'FAIL'}  {name:28s} {p}")
                for l in lines:
                    print("      " + l)
                if not ok and err:
                    print("      " + err)
        print(f"kernel_tests: {len(jobs) - failed} of {len(jobs)} passed")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
