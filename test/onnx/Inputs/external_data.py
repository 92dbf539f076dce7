#!/usr/bin/env python3
"""Writes a model whose weight `w` (float[4] = 1, 2, 3, 4) lives in external
data at LOCATION, for the importer's external-data tests.

  external_data.py OUT.onnx LOCATION [--write-data PATH] [--offset N] [--length N]

--write-data writes the 16 bytes (preceded by --offset zero bytes) to PATH.
"""
import argparse
import struct

import onnx
from onnx import TensorProto, helper

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("location")
ap.add_argument("--write-data")
ap.add_argument("--offset", type=int, default=0)
ap.add_argument("--length", type=int)
a = ap.parse_args()

w = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[4])
w.data_location = TensorProto.EXTERNAL
entries = [("location", a.location), ("offset", str(a.offset))]
if a.length is not None:
    entries.append(("length", str(a.length)))
for k, v in entries:
    e = w.external_data.add()
    e.key, e.value = k, v
graph = helper.make_graph(
    [helper.make_node("Add", ["x", "w"], ["y"])], "g",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])], [w])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
with open(a.out, "wb") as f:
    f.write(model.SerializeToString())
if a.write_data:
    with open(a.write_data, "wb") as f:
        f.write(b"\0" * a.offset + struct.pack("<4f", 1, 2, 3, 4))
