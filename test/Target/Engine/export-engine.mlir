// REQUIRES: ptxas
// An engine built here (no GPU needed) and read back by rt-run, which says
// clearly that there is no driver (RT_CUDA_DRIVER points nowhere, so the
// test behaves the same on machines with a GPU).
// RUN: rt-opt %s --rt-gpu-pipeline="format=cubin" | rt-translate --export-engine -o %t.engine
// RUN: env RT_CUDA_DRIVER=/nonexistent/libcuda.so.1 not rt-run --load-engine=%t.engine 2>&1 | FileCheck %s
// CHECK: rt-run: error: no CUDA driver: /nonexistent/libcuda.so.1 could not be loaded
// --describe prints what the engine holds and runs, with no GPU: each step's
// fusion group, kernel generator and tile, launch and shared memory.
// RUN: env RT_CUDA_DRIVER=/nonexistent/libcuda.so.1 rt-run --load-engine=%t.engine --describe | FileCheck %s --check-prefix=DESCRIBE
// DESCRIBE: engine {{.*}}.engine: sm_90, built by 'rt'
// DESCRIBE-NEXT: input  x float32[4]
// DESCRIBE-NEXT: output y float32[4]
// DESCRIBE-NEXT: arena {{[0-9]+}} bytes, weights 0 bytes, code {{[0-9]+}} bytes in 1 module(s)
// DESCRIBE-NEXT: 1 steps (1 kernel launches):
// DESCRIBE-NEXT: 0  cast  [elemental, 256 threads] k0_cast grid 1x1x1 block 256 smem 0
// RUN: not rt-run --describe 2>&1 | FileCheck %s --check-prefix=NODESCRIBE
// NODESCRIBE: rt-run: error: --describe needs --load-engine=FILE, or --build-only with --save-engine=FILE
// RUN: rt-opt %s --rt-gpu-pipeline="format=cubin" | rt-translate --export-cubin -o %t.cubin
// RUN: %python -c "import sys; d = open(sys.argv[1], 'rb').read(4); sys.exit(d != b'\x7fELF')" %t.cubin
func.func @main(%x: tensor<4xf32> {rt.name = "x"}) -> (tensor<4xf32> {rt.name = "y"}) {
  %0 = rt.relu %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
