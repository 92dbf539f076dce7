// bfloat16 engines use the tensor cores too: the GEMM's mma.sync and the
// attention kernel's multiply bfloat16 with float32 accumulation (packed
// 32-bit registers through nvvm.mma.sync), and warpgroup MMA takes the
// bfloat16 form on sm_90a.
// RUN: rt-opt %s --rt-gpu-pipeline="format=ptx precision=bf16 target-arch=sm_90" | rt-translate --export-ptx | FileCheck %s
// RUN: rt-opt %s --rt-gpu-pipeline="format=ptx precision=bf16 target-arch=sm_90a" | rt-translate --export-ptx | FileCheck %s --check-prefix=SM90A

// CHECK: .entry {{.*}}gemm
// CHECK: ldmatrix.sync.aligned.m8n8.x4.shared.b16
// CHECK: mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32
// CHECK: .entry {{.*}}attention
// CHECK: mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32
// CHECK: ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16
// SM90A: wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16
func.func @main(%x: tensor<2048x512xf32>, %w: tensor<1024x512xf32>, %q: tensor<2x4x100x64xf32>, %k: tensor<2x4x100x64xf32>, %v: tensor<2x4x100x64xf32>) -> (tensor<2048x1024xf32>, tensor<2x4x100x64xf32>) {
  %0 = rt.gemm %x, %w {transB = 1 : i64} : (tensor<2048x512xf32>, tensor<1024x512xf32>) -> tensor<2048x1024xf32>
  %1 = rt.attention %q, %k, %v {scale = 0.125 : f32} : (tensor<2x4x100x64xf32>, tensor<2x4x100x64xf32>, tensor<2x4x100x64xf32>) -> tensor<2x4x100x64xf32>
  return %0, %1 : tensor<2048x1024xf32>, tensor<2x4x100x64xf32>
}
