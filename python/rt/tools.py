"""Thin, typed wrappers around rt-translate and rt-opt."""

import os
import shutil
import subprocess
from typing import Optional, Sequence


class RTError(RuntimeError):
    """A tool failed; `diagnostics` holds what it printed on stderr."""

    def __init__(self, tool: str, returncode: int, diagnostics: str):
        super().__init__(f"{tool} failed (exit {returncode}):\n{diagnostics}")
        self.tool = tool
        self.returncode = returncode
        self.diagnostics = diagnostics


def find_tool(name: str) -> str:
    """Locates an rt tool: $RT_TOOLS_DIR, then the repo's build/bin, then PATH."""
    candidates = []
    if os.environ.get("RT_TOOLS_DIR"):
        candidates.append(os.path.join(os.environ["RT_TOOLS_DIR"], name))
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    candidates.append(os.path.join(repo, "build", "bin", name))
    for c in candidates:
        if os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    found = shutil.which(name)
    if found:
        return found
    raise FileNotFoundError(
        f"cannot find {name}: set RT_TOOLS_DIR or build rt (cmake --build build)")


def _run(tool: str, args: Sequence[str], stdin: Optional[str] = None) -> str:
    exe = find_tool(tool)
    p = subprocess.run([exe, *args], input=stdin, capture_output=True, text=True)
    if p.returncode != 0:
        raise RTError(tool, p.returncode, p.stderr)
    return p.stdout


def import_onnx(model_path: str, *, inline_limit: Optional[int] = None,
                fold: bool = True, elide_weights: bool = False) -> str:
    """Imports an ONNX model into the rt dialect and returns the IR text.

    inline_limit: float constants up to this many elements print as dense
    literals (default 8); fold: fold constant subexpressions while importing;
    elide_weights: print weight blobs as `__elided__` (for reading only: the
    result then cannot be compiled).
    """
    args = ["--import-onnx", model_path]
    if inline_limit is not None:
        args.append(f"--onnx-inline-limit={inline_limit}")
    if not fold:
        args.append("--onnx-no-fold")
    if elide_weights:
        args.append("--mlir-elide-resource-strings-if-larger=16")
    return _run("rt-translate", args)


def run_pipeline(ir: str, pipeline: str = "rt-graph-opt") -> str:
    """Runs an rt-opt pass or pipeline (e.g. "rt-graph-opt") on IR text."""
    return _run("rt-opt", [f"--{pipeline}", "-"], stdin=ir)
