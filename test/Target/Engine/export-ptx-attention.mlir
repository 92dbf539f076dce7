// Attention through the GPU pipeline in float16: the flash-attention kernel
// compiles to tensor-core PTX (ldmatrix, mma.sync), quad shuffles for the
// row statistics, and the exponentials of the online softmax.
// RUN: rt-opt %s --rt-gpu-pipeline="format=ptx target-arch=sm_90" | rt-translate --export-ptx | FileCheck %s
// RUN: rt-opt %s --rt-gpu-pipeline="format=ptx target-arch=sm_80" | rt-translate --export-ptx | FileCheck %s

// CHECK: .entry {{.*}}attention
// CHECK: .maxntid 128, 1, 1
// CHECK: cp.async.cg.shared.global
// CHECK: ldmatrix.sync.aligned.m8n8.x4.shared.b16
// CHECK: mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32
// CHECK: shfl.sync.bfly.b32
// CHECK: ex2.approx
// CHECK: ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16
func.func @main(%q: tensor<2x4x100x64xf32>, %k: tensor<2x4x100x64xf32>, %v: tensor<2x4x100x64xf32>) -> tensor<2x4x100x64xf32> {
  %0 = rt.attention %q, %k, %v {scale = 0.125 : f32} : (tensor<2x4x100x64xf32>, tensor<2x4x100x64xf32>, tensor<2x4x100x64xf32>) -> tensor<2x4x100x64xf32>
  return %0 : tensor<2x4x100x64xf32>
}
