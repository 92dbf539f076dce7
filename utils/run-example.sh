#!/usr/bin/env bash
#===- utils/run-example.sh - the README's main job ------------------------===#
#
# Sets up (idempotent), builds the tools, then imports the bundled example
# model examples/small_cnn.onnx into the rt dialect, runs the graph-level
# pipeline and prints the verified IR (weights elided) with a summary.
#
#   utils/run-example.sh [model.onnx]
#
#===----------------------------------------------------------------------===#
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MODEL="${1:-examples/small_cnn.onnx}"
utils/setup.sh
cmake --build build --target rt-opt rt-translate
OUT="build/example"
mkdir -p "$OUT"
NAME="$(basename "$MODEL" .onnx)"
echo "== importing $MODEL"
build/bin/rt-translate --import-onnx "$MODEL" -o "$OUT/$NAME.mlir"
echo "== rt-graph-opt (shape inference, constant folding, canonicalization, DCE)"
build/bin/rt-opt "$OUT/$NAME.mlir" --rt-graph-opt -o "$OUT/$NAME.opt.mlir"
build/bin/rt-opt "$OUT/$NAME.opt.mlir" --mlir-elide-resource-strings-if-larger=16 \
  --mlir-elide-elementsattrs-if-larger=8
echo "== summary"
echo "rt ops before: $(grep -c '= rt\.' "$OUT/$NAME.mlir")," \
     "after: $(grep -c '= rt\.' "$OUT/$NAME.opt.mlir");" \
     "IR written to $OUT/$NAME.mlir and $OUT/$NAME.opt.mlir"
