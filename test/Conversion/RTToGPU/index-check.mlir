// RUN: rt-opt %s --rt-index-check=mode=trap --rt-generate-kernels | FileCheck %s --check-prefix=TRAP
// RUN: rt-opt %s --rt-generate-kernels | FileCheck %s --check-prefix=CLAMP

// A gather kernel whose indices are data: with rt.index_check = "trap" the
// kernel asserts each index in [-dim, dim) (one message naming the node);
// index-check-ptx.mlir checks that the NVVM lowering makes it a call of
// __assertfail.

// TRAP-LABEL: gpu.func
// TRAP: %[[OK:.*]] = arith.andi
// TRAP: cf.assert %[[OK]], "rt: index out of range in gather node 'emb' (axis 0 of size 5); built with index-check=trap"
// TRAP: arith.maxsi
// TRAP: arith.minsi
// CLAMP-LABEL: gpu.func
// CLAMP-NOT: cf.assert
// CLAMP: arith.maxsi
// CLAMP: arith.minsi
func.func @gather(%x: tensor<5x4xf32>, %i: tensor<3xi64>) -> tensor<3x4xf32> {
  %0 = rt.fusion_group "emb" kind "copy"(%x, %i) : (tensor<5x4xf32>, tensor<3xi64>) -> tensor<3x4xf32> {
  ^bb0(%a: tensor<5x4xf32>, %b: tensor<3xi64>):
    %1 = rt.gather %a, %b {axis = 0 : i64} : (tensor<5x4xf32>, tensor<3xi64>) -> tensor<3x4xf32> loc("emb")
    rt.yield %1 : tensor<3x4xf32>
  }
  return %0 : tensor<3x4xf32>
}
