// RUN: not rt-translate --export-engine %s 2>&1 | FileCheck %s --check-prefix=NOBIN
// RUN: not rt-translate --export-ptx %s 2>&1 | FileCheck %s --check-prefix=NOBIN2
// RUN: rt-opt %s --rt-gpu-pipeline="format=none" | not rt-translate --export-engine 2>&1 | FileCheck %s --check-prefix=NOBIN
// RUN: rt-opt %s --rt-gpu-pipeline="format=ptx" | not rt-translate --export-cubin 2>&1 | FileCheck %s --check-prefix=CUBIN

// NOBIN: error: engine export: no gpu.binary @rt_kernels (compile with rt-gpu-pipeline, format=cubin or ptx)
// NOBIN2: error: no gpu.binary @rt_kernels (compile with rt-gpu-pipeline first)
// CUBIN: error: --export-cubin needs the module compiled with format=cubin
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = rt.relu %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
