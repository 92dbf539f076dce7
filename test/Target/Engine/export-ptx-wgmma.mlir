// sm_90a: a large float16 GEMM (here with weights as an input, stored
// [n][k]) becomes a warpgroup-MMA kernel; both operands are k-major
// (imm-trans-a = imm-trans-b = 0), fed through a cp.async ring made
// visible to the async proxy before each step.
// RUN: rt-opt %s --rt-gpu-pipeline="format=ptx target-arch=sm_90a" | rt-translate --export-ptx | FileCheck %s
// RUN: rt-opt %s --rt-gpu-pipeline="format=ptx target-arch=sm_90" | rt-translate --export-ptx | FileCheck %s --check-prefix=SM90

// CHECK: .target sm_90a
// CHECK: .maxntid 256, 1, 1
// CHECK-DAG: cp.async.cg.shared.global
// CHECK-DAG: fence.proxy.async.shared::cta
// CHECK-DAG: wgmma.fence.sync.aligned
// CHECK-DAG: wgmma.mma_async.sync.aligned.m64n128k16.f32.f16.f16 {{.*}}, p, 1, 1, 0, 0;
// CHECK-DAG: wgmma.commit_group.sync.aligned
// CHECK-DAG: wgmma.wait_group.sync.aligned 1
// CHECK-DAG: wgmma.wait_group.sync.aligned 0
// SM90-NOT: wgmma
// SM90: mma.sync.aligned.m16n8k16
func.func @main(%x: tensor<2048x512xf32>, %w: tensor<1024x512xf32>) -> tensor<2048x1024xf32> {
  %0 = rt.gemm %x, %w {transB = 1 : i64} : (tensor<2048x512xf32>, tensor<1024x512xf32>) -> tensor<2048x1024xf32>
  return %0 : tensor<2048x1024xf32>
}
