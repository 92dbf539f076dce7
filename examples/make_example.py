#!/usr/bin/env python3
"""Builds examples/small_cnn.onnx, the model the README's main command compiles.

A small image classifier in the shape PyTorch exports (opset 17): Conv +
BatchNormalization + Relu blocks, a residual Add, MaxPool, GlobalAveragePool,
a Flatten written as Shape/Gather/Unsqueeze/Concat/Reshape on a dynamic
batch, Gemm and Softmax. Weights are seeded random values, so the file is
reproducible byte for byte.

  python3 examples/make_example.py [-o examples/small_cnn.onnx]
"""
import argparse

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", "--output", default="examples/small_cnn.onnx")
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    inits, nodes = [], []

    def w(name, *shape, scale=0.1):
        inits.append(numpy_helper.from_array(
            (rng.standard_normal(shape) * scale).astype(np.float32), name))
        return name

    def const(name, values):
        inits.append(numpy_helper.from_array(np.array(values, dtype=np.int64), name))
        return name

    def conv_bn_relu(x, cin, cout, name, stride=1, relu=True):
        nodes.append(helper.make_node(
            "Conv", [x, w(name + ".weight", cout, cin, 3, 3)], [name + ".conv"],
            name=name + "/Conv", pads=[1, 1, 1, 1], strides=[stride, stride]))
        inits.append(numpy_helper.from_array(
            (1 + 0.1 * rng.standard_normal(cout)).astype(np.float32), name + ".bn.scale"))
        w(name + ".bn.bias", cout)
        w(name + ".bn.mean", cout)
        inits.append(numpy_helper.from_array(
            (1 + 0.1 * rng.random(cout)).astype(np.float32), name + ".bn.var"))
        out = name + ".bn"
        nodes.append(helper.make_node(
            "BatchNormalization",
            [name + ".conv", name + ".bn.scale", name + ".bn.bias",
             name + ".bn.mean", name + ".bn.var"], [out],
            name=name + "/BatchNormalization", epsilon=1e-5))
        if relu:
            nodes.append(helper.make_node("Relu", [out], [name + ".relu"],
                                          name=name + "/Relu"))
            out = name + ".relu"
        return out

    x = conv_bn_relu("input", 3, 16, "stem", stride=2)
    nodes.append(helper.make_node("MaxPool", [x], ["pool"], name="pool/MaxPool",
                                  kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[2, 2]))
    y = conv_bn_relu("pool", 16, 16, "block.0")
    y = conv_bn_relu(y, 16, 16, "block.1", relu=False)
    nodes.append(helper.make_node("Add", [y, "pool"], ["res"], name="block/Add"))
    nodes.append(helper.make_node("Relu", ["res"], ["res.relu"], name="block/Relu"))
    z = conv_bn_relu("res.relu", 16, 32, "down", stride=2)
    nodes.append(helper.make_node("GlobalAveragePool", [z], ["gap"], name="head/GlobalAveragePool"))
    # x.view(x.size(0), -1), as the legacy PyTorch exporter writes it.
    nodes += [
        helper.make_node("Shape", ["gap"], ["gap.shape"], name="head/Shape"),
        helper.make_node("Gather", ["gap.shape", const("zero", 0)], ["batch"],
                         name="head/Gather", axis=0),
        helper.make_node("Unsqueeze", ["batch", const("axes0", [0])], ["batch1"],
                         name="head/Unsqueeze"),
        helper.make_node("Concat", ["batch1", const("minus1", [-1])], ["flat.shape"],
                         name="head/Concat", axis=0),
        helper.make_node("Reshape", ["gap", "flat.shape"], ["flat"], name="head/Reshape"),
        helper.make_node("Gemm", ["flat", w("fc.weight", 10, 32), w("fc.bias", 10)],
                         ["logits"], name="head/Gemm", transB=1),
        helper.make_node("Softmax", ["logits"], ["probs"], name="head/Softmax", axis=-1),
    ]
    graph = helper.make_graph(
        nodes, "small_cnn",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 3, 64, 64])],
        [helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["batch", 10])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)],
                              producer_name="rt-examples")
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, a.output)
    print(f"wrote {a.output}")


if __name__ == "__main__":
    main()
