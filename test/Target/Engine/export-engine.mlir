// REQUIRES: ptxas
// An engine built here (no GPU needed) and read back by rt-run, which says
// clearly that there is no driver (RT_CUDA_DRIVER points nowhere, so the
// test behaves the same on machines with a GPU).
// RUN: rt-opt %s --rt-gpu-pipeline="format=cubin" | rt-translate --export-engine -o %t.engine
// RUN: env RT_CUDA_DRIVER=/nonexistent/libcuda.so.1 not rt-run --load-engine=%t.engine 2>&1 | FileCheck %s
// CHECK: rt-run: error: no CUDA driver: /nonexistent/libcuda.so.1 could not be loaded
// RUN: rt-opt %s --rt-gpu-pipeline="format=cubin" | rt-translate --export-cubin -o %t.cubin
// RUN: %python -c "import sys; d = open(sys.argv[1], 'rb').read(4); sys.exit(d != b'\x7fELF')" %t.cubin
func.func @main(%x: tensor<4xf32> {rt.name = "x"}) -> (tensor<4xf32> {rt.name = "y"}) {
  %0 = rt.relu %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
