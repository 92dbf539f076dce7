// The GPU pipeline to PTX for each architecture rt supports: one .entry per
// fusion group, tensor-core instructions for the float16 GEMM (cp.async into
// shared memory, ldmatrix, mma.sync).
// RUN: rt-opt %s --rt-gpu-pipeline="format=ptx target-arch=sm_90" | rt-translate --export-ptx | FileCheck %s --check-prefixes=CHECK,SM90
// RUN: rt-opt %s --rt-gpu-pipeline="format=ptx target-arch=sm_80" | rt-translate --export-ptx | FileCheck %s --check-prefixes=CHECK,SM80
// RUN: rt-opt %s --rt-gpu-pipeline="format=ptx target-arch=sm_90a" | rt-translate --export-ptx | FileCheck %s --check-prefixes=CHECK,SM90A
// RUN: rt-opt %s --rt-gpu-pipeline="format=ptx precision=fp32" | rt-translate --export-ptx | FileCheck %s --check-prefix=FP32

// SM90: .target sm_90
// SM80: .target sm_80
// SM90A: .version 8.0
// SM90A: .target sm_90a
// The inputs' float16 casts, then the GEMM with its ReLU epilogue.
// CHECK: .entry k0_cast(
// CHECK: .maxntid 256, 1, 1
// CHECK: .entry k2_matmul(
// CHECK: .maxntid 128, 1, 1
// CHECK: cp.async.cg.shared.global [{{.*}}], [{{.*}}], 16, {{.*}};
// CHECK: cp.async.commit_group
// CHECK: cp.async.wait_group 1
// CHECK: ldmatrix.sync.aligned.m8n8.x4.shared.b16
// CHECK: ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16
// CHECK: mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32
// CHECK: max.NaN.f32
// FP32: .entry k0_matmul(
// FP32-NOT: mma.sync
func.func @main(%x: tensor<64x32xf32>, %w: tensor<32x48xf32>) -> tensor<64x48xf32> {
  %0 = rt.matmul %x, %w : (tensor<64x32xf32>, tensor<32x48xf32>) -> tensor<64x48xf32>
  %1 = rt.relu %0 : (tensor<64x48xf32>) -> tensor<64x48xf32>
  return %1 : tensor<64x48xf32>
}
