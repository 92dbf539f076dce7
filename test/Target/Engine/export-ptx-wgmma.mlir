// sm_90a: a large float16 GEMM (here with weights as an input, stored
// [n][k]) becomes a warpgroup-MMA kernel; both operands are k-major
// (imm-trans-a = imm-trans-b = 0). Both are kernel inputs, so a producer
// warp loads them through two TMA tensor maps, 128-byte by-value
// parameters after the three buffers whose generic address (cvta.param)
// the loads and prefetches take, into a ring of full/empty mbarriers.
// With load = cp_async, every thread fills the ring with cp.async, made
// visible to the async proxy before each step.
// RUN: rt-opt %s --rt-gpu-pipeline="format=ptx target-arch=sm_90a" | rt-translate --export-ptx | FileCheck %s
// RUN: rt-opt %s --rt-gpu-pipeline='format=ptx target-arch=sm_90a gemm-tile={load="cp_async"}' | rt-translate --export-ptx | FileCheck %s --check-prefix=CPASYNC
// RUN: rt-opt %s --rt-gpu-pipeline="format=ptx target-arch=sm_90" | rt-translate --export-ptx | FileCheck %s --check-prefix=SM90

// CHECK: .target sm_90a
// CHECK: .param .u64 .ptr .align 1 [[K:.*]]_param_2,
// CHECK-NEXT: .param .align 64 .b8 [[K]]_param_3[128],
// CHECK-NEXT: .param .align 64 .b8 [[K]]_param_4[128]
// CHECK: .maxntid 288, 1, 1
// CHECK-DAG: cvta.param.u64
// CHECK-DAG: mbarrier.init.shared.b64
// CHECK-DAG: prefetch.tensormap
// CHECK-DAG: mbarrier.try_wait.parity.shared.b64
// CHECK-DAG: mov.b32 [[TX:%r[0-9]+]], 32768;
// CHECK-DAG: mbarrier.arrive.expect_tx.shared.b64 {{.*}}, [[TX]];
// CHECK-DAG: cp.async.bulk.tensor.2d.shared::cluster.global.tile.mbarrier::complete_tx::bytes
// CHECK-DAG: mbarrier.arrive.shared.b64
// CHECK-DAG: wgmma.fence.sync.aligned
// CHECK-DAG: wgmma.mma_async.sync.aligned.m64n128k16.f32.f16.f16 {{.*}}, p, 1, 1, 0, 0;
// CHECK-DAG: wgmma.commit_group.sync.aligned
// CHECK-DAG: wgmma.wait_group.sync.aligned 1
// CHECK-DAG: wgmma.wait_group.sync.aligned 0
// CHECK-NOT: cp.async.cg.shared.global
// CPASYNC: .maxntid 256, 1, 1
// CPASYNC-DAG: cp.async.cg.shared.global
// CPASYNC-DAG: fence.proxy.async.shared::cta
// CPASYNC-DAG: wgmma.mma_async.sync.aligned.m64n128k16.f32.f16.f16 {{.*}}, p, 1, 1, 0, 0;
// CPASYNC-NOT: cp.async.bulk.tensor
// SM90-NOT: wgmma
// SM90: mma.sync.aligned.m16n8k16
func.func @main(%x: tensor<2048x512xf32>, %w: tensor<1024x512xf32>) -> tensor<2048x1024xf32> {
  %0 = rt.gemm %x, %w {transB = 1 : i64} : (tensor<2048x512xf32>, tensor<1024x512xf32>) -> tensor<2048x1024xf32>
  return %0 : tensor<2048x1024xf32>
}
