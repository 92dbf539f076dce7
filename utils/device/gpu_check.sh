#!/usr/bin/env bash
#===- gpu_check.sh - rt on the GPU: runtime tests, errors, conformance ----===#
#
# Runs on the GPU machine from the repo root after `source .device/unpack`
# (rt-run, rt-translate, librt_runtime.so, RTRuntimeGPUTests and the ONNX
# test data tarball packed in .device). Writes logs and JSON under $OUT:
#   1. the runtime's GPU unit tests (ctest label gpu);
#   2. rt-run --target=cuda on the bundled example: fp32/fp16/bf16/PTX
#      against the CPU reference, engine save/load, CUDA graphs on/off;
#   3. the error paths: an engine for another architecture, a truncated and
#      a corrupted engine, no driver;
#   4. the ONNX backend node, pytorch-operator and simple suites through
#      --target=cuda (fp32), like utils/conformance.py does on the CPU.
#
#===----------------------------------------------------------------------===#
set -uo pipefail
export LD_LIBRARY_PATH=$PWD/build/devlibs:$PWD/build/lib:${LD_LIBRARY_PATH:-}
export PYTHONUNBUFFERED=1
R=build/bin/rt-run
M=examples/small_cnn.onnx
S=--shapes=input:4x3x64x64
nvidia-smi --query-gpu=name,driver_version,compute_cap --format=csv,noheader
step() { echo; echo "=== $*"; }

step "runtime GPU unit tests"
build/unittests/RTRuntimeGPUTests 2>&1 | tail -12

step "example, fp32 vs CPU reference"
$R --onnx=$M $S --target=cuda --compare=cpu --warmup=5 --iterations=50 --profile --report=$OUT/example_fp32.json
step "example, fp16 vs CPU reference (fp32)"
$R --onnx=$M $S --target=cuda --fp16 --compare=cpu --rtol=1e-2 --atol=1e-2 --save-engine=/tmp/ex16.engine --warmup=5 --iterations=50
step "example, bf16"
$R --onnx=$M $S --target=cuda --bf16 --compare=cpu --rtol=5e-2 --atol=5e-2
step "example, PTX compiled by the driver"
$R --onnx=$M $S --target=cuda --kernel-format=ptx --compare=cpu
step "load engine, graphs on / off"
$R --load-engine=/tmp/ex16.engine --warmup=10 --iterations=200
$R --load-engine=/tmp/ex16.engine --warmup=10 --iterations=200 --cuda-graph=false

step "errors"
$R --onnx=$M $S --target=cuda --target-arch=sm_80 --build-only --save-engine=/tmp/sm80.engine
$R --load-engine=/tmp/sm80.engine; echo "exit $?"
head -c 2000 /tmp/ex16.engine > /tmp/trunc.engine
$R --load-engine=/tmp/trunc.engine; echo "exit $?"
python3 -c "b=bytearray(open('/tmp/ex16.engine','rb').read()); b[5000]^=1; open('/tmp/bad.engine','wb').write(b)"
$R --load-engine=/tmp/bad.engine; echo "exit $?"
RT_CUDA_DRIVER=/nonexistent/libcuda.so.1 $R --load-engine=/tmp/ex16.engine; echo "exit $?"

step "conformance through --target=cuda (fp32)"
mkdir -p /tmp/td && tar -C /tmp/td -xJf .device/testdata.tar.xz
timeout ${CONF_TIMEOUT:-420} python3 utils/conformance.py --rt-run $R --target=cuda -j 16 --timeout 60 \
  --json $OUT/conformance_cuda.json --markdown $OUT/conformance_cuda.md \
  /tmp/td/node /tmp/td/pytorch-operator /tmp/td/simple 2>&1 | tail -8
