#!/usr/bin/env python3
"""Adds intermediate tensors of a model as extra graph outputs, so that
`rt-run --compare=onnxruntime` also checks them.

    python3 bench/feature_outputs.py MODEL.onnx OUT.onnx

Some reference exports have degenerate outputs: torchvision's ViT-B/16
zero-initializes its classification head (every logit is 0), and
MobileNetV2's seed-0 activations shrink to ~1e-9 by the logits, below
float16's range. Comparing only the outputs then proves nothing. This adds
the classifier's input (the input of the graph's last Gemm or MatMul: ViT's
normalized class token, MobileNetV2's pooled features) and the output of the
middle Conv, MatMul or LayerNormalization node as outputs. OUT.onnx must sit
beside MODEL.onnx: external weights are referenced, not copied.
"""
import sys

import onnx
from onnx import shape_inference


def main():
    src, dst = sys.argv[1], sys.argv[2]
    m = onnx.load(src, load_external_data=False)
    g = m.graph
    nodes = list(g.node)
    have = {o.name for o in g.output}
    picks = []
    last = [n for n in nodes if n.op_type in ("Gemm", "MatMul")]
    if last:
        picks.append(last[-1].input[0])
    mids = [n for n in nodes if n.op_type in ("Conv", "MatMul", "LayerNormalization")]
    if mids:
        picks.append(mids[len(mids) // 2].output[0])
    inferred = shape_inference.infer_shapes(m, data_prop=False)
    types = {v.name: v for v in list(inferred.graph.value_info) + list(g.input) + list(g.output)}
    for name in picks:
        if name in have or name not in types:
            continue
        g.output.append(types[name])
        have.add(name)
        print(f"feature output: {name}")
    onnx.save(m, dst)


if __name__ == "__main__":
    sys.exit(main())
