// RUN: rt-opt %s --rt-merge-parallel-matmuls --split-input-file | FileCheck %s

// Q, K and V projections of one activation become one MatMul whose weight
// is the three weights side by side, then a Split.
// CHECK-LABEL: func.func @qkv
// CHECK: %[[W:.+]] = rt.constant dense_resource<merged_weight> : tensor<2x6xf32>
// CHECK: %[[M:.+]] = rt.matmul %arg0, %[[W]] : (tensor<3x2xf32>, tensor<2x6xf32>) -> tensor<3x6xf32>
// CHECK: %[[S:.+]]:3 = rt.split %[[M]] {axis = 1 : i64, num_outputs = 3 : i64, split = array<i64: 1, 2, 3>}
// CHECK: rt.relu %[[S]]#0
// CHECK: rt.relu %[[S]]#1
// CHECK: rt.relu %[[S]]#2
// The bytes: row 0 is [1 | 2 3 | 4 5 6], row 1 [10 | 20 30 | 40 50 60].
// CHECK: merged_weight: "0x080000000000803F0000004000004040000080400000A0400000C040000020410000A0410000F041000020420000484200007042"
func.func @qkv(%x: tensor<3x2xf32>) -> (tensor<3x1xf32>, tensor<3x2xf32>, tensor<3x3xf32>) {
  %wq = rt.constant dense<[[1.0], [10.0]]> : tensor<2x1xf32>
  %wk = rt.constant dense<[[2.0, 3.0], [20.0, 30.0]]> : tensor<2x2xf32>
  %wv = rt.constant dense<[[4.0, 5.0, 6.0], [40.0, 50.0, 60.0]]> : tensor<2x3xf32>
  %q = rt.matmul %x, %wq : (tensor<3x2xf32>, tensor<2x1xf32>) -> tensor<3x1xf32>
  %0 = rt.relu %q : (tensor<3x1xf32>) -> tensor<3x1xf32>
  %k = rt.matmul %x, %wk : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %1 = rt.relu %k : (tensor<3x2xf32>) -> tensor<3x2xf32>
  %v = rt.matmul %x, %wv : (tensor<3x2xf32>, tensor<2x3xf32>) -> tensor<3x3xf32>
  %2 = rt.relu %v : (tensor<3x3xf32>) -> tensor<3x3xf32>
  return %0, %1, %2 : tensor<3x1xf32>, tensor<3x2xf32>, tensor<3x3xf32>
}

// -----

// Different depths, or a computed weight: nothing to merge.
// CHECK-LABEL: func.func @no_merge
// CHECK-COUNT-2: rt.matmul
// CHECK-NOT: rt.split
func.func @no_merge(%x: tensor<3x2xf32>, %w: tensor<2x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>) {
  %c = rt.constant dense<1.0> : tensor<2x4xf32>
  %0 = rt.matmul %x, %w : (tensor<3x2xf32>, tensor<2x4xf32>) -> tensor<3x4xf32>
  %1 = rt.matmul %x, %c : (tensor<3x2xf32>, tensor<2x4xf32>) -> tensor<3x4xf32>
  return %0, %1 : tensor<3x4xf32>, tensor<3x4xf32>
}
