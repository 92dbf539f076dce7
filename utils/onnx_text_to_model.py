#!/usr/bin/env python3
"""Turns an ONNX model written in the ONNX textual syntax into a binary .onnx.

Lines starting with '#' (lit RUN lines, CHECK lines, comments) are stripped
before parsing, so a test file can hold its RUN lines, the model and the
FileCheck patterns together:

    # RUN: %onnx-text-to-model %s -o %t.onnx
    # RUN: rt-translate --import-onnx %t.onnx | FileCheck %s
    <ir_version: 8, opset_import: ["" : 17]>
    g (float[2,3] x) => (float[2,3] y) { y = Relu(x) }

Options:
  --no-check   skip onnx.checker (to build deliberately invalid models)
"""

import argparse
import sys

import onnx
import onnx.checker
import onnx.parser


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--no-check", action="store_true")
    args = ap.parse_args()

    with open(args.input) as f:
        text = "\n".join(line for line in f.read().splitlines()
                         if not line.lstrip().startswith("#"))
    try:
        model = onnx.parser.parse_model(text)
    except Exception as e:  # onnx raises ParseError
        sys.exit(f"{args.input}: cannot parse ONNX text: {e}")
    if not args.no_check:
        onnx.checker.check_model(model)
    onnx.save(model, args.output)


if __name__ == "__main__":
    main()
