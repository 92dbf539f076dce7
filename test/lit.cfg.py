# -*- Python -*-
# lit configuration for rt's tests.

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "RT"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
# .mlir: IR tests; .onnxtxt: ONNX models in the ONNX textual syntax, turned
# into binary .onnx files by utils/onnx_text_to_model.py inside RUN lines.
config.suffixes = [".mlir", ".onnxtxt", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py",
                   "tools.test.py"]

config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.rt_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(
    ("%onnx-text-to-model",
     config.python_executable + " " +
     os.path.join(config.rt_src_root, "utils", "onnx_text_to_model.py")))
config.substitutions.append(
    ("%rt-utils", os.path.join(config.rt_src_root, "utils")))
config.substitutions.append(
    ("%rt-python", os.path.join(config.rt_src_root, "python")))
config.substitutions.append(("%rt-tools-dir", config.rt_tools_dir))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP",
                                     "PYTHONPATH"])
llvm_config.use_default_substitutions()

tool_dirs = [config.rt_tools_dir, config.llvm_tools_dir]
tools = ["rt-opt", "rt-translate", "rt-run"]
llvm_config.add_tool_substitutions(tools, tool_dirs)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

# Tools built with AddressSanitizer (the `sanitize` preset) reserve a huge
# shadow address space: tests that limit virtual memory do not apply.
if "-fsanitize=address" in getattr(config, "rt_cxx_flags", ""):
    config.available_features.add("asan")

if os.path.isdir(config.onnx_testdata_dir):
    config.available_features.add("onnx-testdata")
    config.substitutions.append(("%onnx-testdata", config.onnx_testdata_dir))

# ptxas (CUDA toolkit) turns PTX into cubins: gpu-module-to-binary finds it
# under the toolkit path; tests of format=cubin need it.
import shutil
if shutil.which("ptxas") or os.path.exists("/usr/local/cuda/bin/ptxas"):
    config.available_features.add("ptxas")
