// The heuristic's ping-pong schedule (a 768-deep product with enough tiles
// for two a block) under gemm-tile overrides: an override that reshapes the
// tile or leaves TMA drops the schedule unless it names it; one that names
// it keeps it on its own tile shape.
// RUN: rt-opt %s --rt-generate-kernels='target-arch=sm_90a' | FileCheck %s
// RUN: rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile={stages=3}' | FileCheck %s --check-prefix=RESHAPED
// RUN: rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile={block_n=192}' | FileCheck %s --check-prefix=N192
// RUN: rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile={load="cp_async"}' | FileCheck %s --check-prefix=CPASYNC
// RUN: rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile={split_k=2}' | FileCheck %s --check-prefix=SPLIT
// RUN: rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile={block_m=64,schedule="pingpong"}' | FileCheck %s --check-prefix=M64
// RUN: rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile={schedule="single"}' | FileCheck %s --check-prefix=SINGLE
// The SM count (target-sms) sizes the persistent grid, and the schedule
// needs two tiles per SM: 768 tiles are enough for 114 SMs (an H100 PCIe),
// not for 400.
// RUN: rt-opt %s --rt-generate-kernels='target-arch=sm_90a target-sms=114' | FileCheck %s --check-prefix=SMS114
// RUN: rt-opt %s --rt-generate-kernels='target-arch=sm_90a target-sms=400' | FileCheck %s --check-prefix=SMS400
// RUN: not rt-opt %s --rt-generate-kernels='target-arch=sm_90a target-sms=2000' 2>&1 | FileCheck %s --check-prefix=SMS0

// CHECK: rt.launch = array<i64: 132, 1, 1, 288, 1, 1, 199760>
// CHECK-SAME: stages = 4, load = tma, schedule = pingpong
// RESHAPED: rt.launch = array<i64: 24, 32, 1, 288, 1, 1, 99376>
// RESHAPED-NOT: pingpong
// RESHAPED-SAME: stages = 3, load = tma>
// N192: #rtgpu.gemm<kernel = wgmma{{.*}}block_n = 192{{.*}}stages = 4{{.*}}load = tma
// N192-NOT: pingpong
// CPASYNC: rt.launch = array<i64: 24, 32, 1, 256, 1, 1, 132096>
// CPASYNC-NOT: pingpong
// CPASYNC-SAME: #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4>
// SPLIT: #rtgpu.gemm<kernel = wgmma{{.*}}split_k = 2
// M64: rt.launch = array<i64: 132, 1, 1, 288, 1, 1, 
// M64-SAME: #rtgpu.gemm<kernel = wgmma{{.*}}block_m = 64{{.*}}block_n = 128{{.*}}load = tma{{.*}}schedule = pingpong
// SINGLE: #rtgpu.gemm<kernel = wgmma{{.*}}block_n = 128{{.*}}load = tma>
// SMS114: rt.launch = array<i64: 114, 1, 1, 288, 1, 1, 199760>
// SMS114-SAME: schedule = pingpong
// SMS400: #rtgpu.gemm<kernel = wgmma{{.*}}stages = 4{{.*}}load = tma
// SMS0: error: rt-set-gpu-target: target SM count 2000 is not an SM count (1 to 1024)
func.func @short_k(%x: tensor<4096x768xf16>, %w: tensor<3072x768xf16>) -> tensor<4096x3072xf16> {
  %0 = rt.fusion_group "fc" kind "gemm"(%x, %w) : (tensor<4096x768xf16>, tensor<3072x768xf16>) -> tensor<4096x3072xf16> {
  ^bb0(%a: tensor<4096x768xf16>, %ww: tensor<3072x768xf16>):
    %1 = rt.gemm %a, %ww {transB = 1 : i64} : (tensor<4096x768xf16>, tensor<3072x768xf16>) -> tensor<4096x3072xf16>
    rt.yield %1 : tensor<4096x3072xf16>
  }
  return %0 : tensor<4096x3072xf16>
}
