#!/usr/bin/env bash
# Regenerates the op and pass references from ODS into docs/ (commit them).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build --target rt-doc
mkdir -p docs/Dialects
cp build/docs/Dialects/RTOps.md docs/Dialects/RTOps.md
cp build/docs/Dialects/RTGPU.md docs/Dialects/RTGPU.md
cp build/docs/RTPasses.md docs/RTPasses.md
cp build/docs/RTConversionPasses.md docs/RTConversionPasses.md
echo "docs/Dialects/RTOps.md, docs/Dialects/RTGPU.md, docs/RTPasses.md, docs/RTConversionPasses.md updated"
