// RUN: rt-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(convert-rt-to-linalg,rt-fuse-linalg-elementwise))" | FileCheck %s
// RUN: rt-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(convert-rt-to-linalg,rt-fuse-linalg-elementwise{max-body-ops=2}))" | FileCheck %s --check-prefix=BOUND

// A chain of element-wise ops fuses into one linalg.generic; with the body
// bounded at two operations it becomes two (bodies of 2 and 1 operations),
// which is what keeps long chains linear to compile.
// CHECK-LABEL: func.func @chain(
// CHECK:         linalg.generic
// CHECK:           math.exp
// CHECK:           arith.negf
// CHECK:           math.absf
// CHECK-NOT:     linalg.generic
// CHECK:         return
// BOUND-LABEL: func.func @chain(
// BOUND:         linalg.generic
// BOUND:           math.exp
// BOUND:           arith.negf
// BOUND:         linalg.generic
// BOUND:           math.absf
// BOUND-NOT:     linalg.generic
// BOUND:         return
func.func @chain(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = rt.exp %x : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %1 = rt.neg %0 : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %2 = rt.abs %1 : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %2 : tensor<4x8xf32>
}
