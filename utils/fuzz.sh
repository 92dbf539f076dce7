#!/usr/bin/env bash
#===- utils/fuzz.sh - build and run rt's libFuzzer targets ----------------===#
#
# Builds the fuzz targets (tools/fuzzers) with the `sanitize` preset (clang
# 22, ASan + UBSan, libFuzzer), makes seed corpora from the test data, and
# runs each target for a while. Any crash, sanitizer report, leak or
# timeout fails the script and leaves the reproducer in the run folder.
#
#   utils/fuzz.sh [--seconds N] [--runs N] [--jobs N] [--out DIR] [TARGET...]
#
# TARGET: onnx-import, onnx-pipeline, engine-reader, tensor-file (default:
# all). --seconds bounds each target's run (default 60), --runs its
# executions (default: unbounded). Corpora and findings go to --out
# (default build-sanitize/fuzz). docs/Security.md has the long-run recipe
# and what the runs found.
#
#===----------------------------------------------------------------------===#
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build-sanitize"
SECONDS_EACH=60
RUNS=-1
JOBS=1
OUT=""
TARGETS=()
while (($#)); do
  case "$1" in
    --seconds) SECONDS_EACH="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --jobs) JOBS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n 2,17p "$0"; exit 0 ;;
    *) TARGETS+=("$1"); shift ;;
  esac
done
((${#TARGETS[@]})) || TARGETS=(onnx-import onnx-pipeline engine-reader tensor-file)
OUT="${OUT:-$BUILD/fuzz}"

if [ ! -f "$BUILD/build.ninja" ]; then
  cmake --preset sanitize -S "$ROOT" >/dev/null
fi
cmake --build "$BUILD" --target \
  $(printf '%s-fuzzer ' "${TARGETS[@]}") rt-opt rt-translate

TESTDATA=/usr/share/libonnx-testdata/data
mkdir -p "$OUT"

# Seed corpora (made once; the fuzzer adds what it finds to them).
seed_onnx() {
  local dir="$OUT/corpus-onnx"
  [ -d "$dir" ] && return
  mkdir -p "$dir"
  local i=0
  for m in "$TESTDATA"/node/*/model.onnx "$TESTDATA"/simple/*/model.onnx \
           "$TESTDATA"/pytorch-operator/*/model.onnx "$ROOT"/examples/*.onnx; do
    [ -f "$m" ] || continue
    # Keep the seeds small: big weights slow every execution down.
    [ "$(stat -c %s "$m")" -le 65536 ] || continue
    cp "$m" "$dir/seed-$((i++)).onnx"
  done
}
seed_engine() {
  local dir="$OUT/corpus-engine"
  [ -d "$dir" ] && return
  mkdir -p "$dir"
  local i=0
  for m in "$ROOT"/test/Target/Engine/export-engine.mlir \
           "$ROOT"/test/Target/Engine/export-engine-tma.mlir \
           "$ROOT"/test/Target/Engine/export-engine-tma-im2col.mlir; do
    # Engines of the lit tests' kernels, PTX only (no ptxas needed).
    "$BUILD/bin/rt-opt" "$m" --rt-gpu-pipeline="format=ptx" 2>/dev/null |
      "$BUILD/bin/rt-translate" --export-engine -o "$dir/seed-$((i++)).engine" \
        2>/dev/null || rm -f "$dir/seed-$((i - 1)).engine"
  done
  ls "$dir"/*.engine >/dev/null 2>&1 || {
    echo "fuzz.sh: could not build seed engines" >&2; exit 1; }
}
seed_tensor() {
  local dir="$OUT/corpus-tensor"
  [ -d "$dir" ] && return
  mkdir -p "$dir"
  local i=0
  # The first byte picks the reader: 1 TensorProto, 0 .npy.
  for f in "$TESTDATA"/node/test_[a-c]*/test_data_set_0/input_0.pb; do
    { printf '\001'; cat "$f"; } > "$dir/seed-$((i++))"
  done
  python3 - "$dir" <<'PY'
import sys, numpy as np, io
for k, a in enumerate([np.zeros((2, 3), np.float32), np.arange(5, dtype=np.int64),
                       np.array(True), np.ones((1, 0, 4), np.float16)]):
    b = io.BytesIO(); np.save(b, a)
    open(f"{sys.argv[1]}/npy-{k}", "wb").write(b"\0" + b.getvalue())
PY
}

status=0
for t in "${TARGETS[@]}"; do
  case "$t" in
    onnx-import|onnx-pipeline) seed_onnx; corpus="$OUT/corpus-onnx" ;;
    engine-reader) seed_engine; corpus="$OUT/corpus-engine" ;;
    tensor-file) seed_tensor; corpus="$OUT/corpus-tensor" ;;
    *) echo "fuzz.sh: unknown target '$t'" >&2; exit 2 ;;
  esac
  run="$OUT/run-$t"
  mkdir -p "$run"
  echo "fuzz.sh: $t for ${SECONDS_EACH}s (corpus $corpus)"
  # -rss_limit_mb bounds memory per input; -timeout flags hangs.
  parallel=()
  ((JOBS > 1)) && parallel=(-jobs="$JOBS" -workers="$JOBS")
  if ! (cd "$run" && ASAN_OPTIONS=detect_leaks=1:allow_user_poisoning=0 \
        "$BUILD/bin/$t-fuzzer" "$corpus" -max_total_time="$SECONDS_EACH" \
          -runs="$RUNS" -timeout=20 -rss_limit_mb=4096 -max_len=1048576 \
          "${parallel[@]}" -print_final_stats=1 > "$run/log.txt" 2>&1); then
    echo "fuzz.sh: $t FAILED: see $run/log.txt and the crash-* files there" >&2
    grep -E "ERROR|SUMMARY|Test unit written" "$run/log.txt" | head -5 >&2
    status=1
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|cov: " \
    "$run/log.txt" | tail -3 || true
done
exit $status
