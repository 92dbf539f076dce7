#!/usr/bin/env python3
"""onnxruntime reference for `rt-run --compare=onnxruntime`.

    ort_reference.py MODEL.onnx DIR

Reads DIR/input_<i>.npy (graph inputs in order, initializers excluded), runs
the model with onnxruntime's CPU execution provider in float32 as given, and
writes DIR/output_<i>.npy.
"""
import os
import sys

import numpy as np
import onnxruntime as ort


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: ort_reference.py MODEL.onnx DIR")
    model, d = sys.argv[1], sys.argv[2]
    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    sess = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])
    feeds = {}
    for i, inp in enumerate(sess.get_inputs()):
        feeds[inp.name] = np.load(os.path.join(d, f"input_{i}.npy"))
    outs = sess.run(None, feeds)
    for i, o in enumerate(outs):
        np.save(os.path.join(d, f"output_{i}.npy"), np.ascontiguousarray(o))


if __name__ == "__main__":
    main()
