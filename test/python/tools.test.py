import os
import sys
import tempfile

import rt

ir = rt.import_onnx(sys.argv[1])
print("imported:", "func.func @main" in ir)
print(rt.run_pipeline(ir, "rt-graph-opt"))
with tempfile.NamedTemporaryFile(suffix=".onnx", delete=False) as f:
    f.write(b"garbage")
try:
    rt.import_onnx(f.name)
except rt.RTError as e:
    print("error caught:", e.tool, e.diagnostics.strip())
finally:
    os.unlink(f.name)
