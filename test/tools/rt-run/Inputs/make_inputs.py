#!/usr/bin/env python3
"""Writes .npy inputs for the rt-run tests: make_inputs.py DIR"""
import os
import sys

import numpy as np

d = sys.argv[1]
os.makedirs(d, exist_ok=True)
np.save(os.path.join(d, "x.npy"), np.arange(6, dtype=np.float32).reshape(2, 3) - 2)
np.save(os.path.join(d, "x_i64.npy"), np.arange(6, dtype=np.int64).reshape(2, 3))
np.save(os.path.join(d, "x_4x3.npy"), np.ones((4, 3), dtype=np.float32))
with open(os.path.join(d, "bad.npy"), "wb") as f:
    f.write(b"not numpy")
np.save(os.path.join(d, "idx_ok.npy"), np.array([1, -1], dtype=np.int64))
np.save(os.path.join(d, "idx_oob.npy"), np.array([1, 7], dtype=np.int64))
np.save(os.path.join(d, "rows.npy"), np.arange(12, dtype=np.float32).reshape(4, 3))
