"""Python access to the rt compiler.

For now this package drives rt's command-line tools (rt-translate, rt-opt);
native bindings through rt's C API come with the runtime. Errors from the
tools are raised as :class:`RTError` carrying the tool's diagnostics.

    import rt
    ir = rt.import_onnx("model.onnx")                # rt dialect, as text
    ir = rt.run_pipeline(ir, "rt-graph-opt")          # graph-level passes
"""

from .tools import RTError, find_tool, import_onnx, run_pipeline

__all__ = ["RTError", "find_tool", "import_onnx", "run_pipeline"]
