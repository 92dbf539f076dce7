// RUN: rt-opt %s --rt-gpu-pipeline="format=ptx index-check=trap" | FileCheck %s --check-prefix=TRAP
// RUN: rt-opt %s --rt-gpu-pipeline="format=ptx" | FileCheck %s --check-prefix=CLAMP
// RUN: not rt-opt %s --rt-gpu-pipeline="format=ptx index-check=wrap" 2>&1 | FileCheck %s --check-prefix=BAD

// The whole GPU pipeline with index-check=trap: the gather kernel's
// cf.assert becomes a call of CUDA's __assertfail (the driver resolves it;
// the failed launch is reported by the runtime), with the message as a
// global string. The default (clamp) has no assertion at all.

// TRAP: module attributes {{{.*}}rt.index_check = "trap"
// TRAP: gpu.binary @rt_kernels
// TRAP-SAME: call.uni{{.*}}__assertfail
// CLAMP-NOT: __assertfail
// BAD: rt-gpu-pipeline: unknown index-check 'wrap' (clamp or trap)
func.func @main(%x: tensor<5x4xf32>, %i: tensor<3xi64>) -> tensor<3x4xf32> {
  %0 = rt.gather %x, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<3xi64>) -> tensor<3x4xf32> loc("emb")
  return %0 : tensor<3x4xf32>
}
