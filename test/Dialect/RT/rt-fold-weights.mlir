// RUN: rt-opt %s --rt-fold-weights --split-input-file | FileCheck %s

// BatchNorm after a Conv: W' = W * s / sqrt(var + eps),
// b' = (b - mean) * s / sqrt(var + eps) + beta. With s = [2, 3], var = [0, 0],
// eps = 1: k = [2, 3]; mean = [1, 2], beta = [10, 20], b = [1, 1]:
// b' = [10, 17].
// CHECK-LABEL: func.func @bn
// CHECK-DAG: %[[W:.+]] = rt.constant dense<{{\[}}{{\[}}{{\[}}[1.000000e+00]]], {{\[}}{{\[}}[2.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.+]] = rt.constant dense<[1.000000e+01, 1.700000e+01]> : tensor<2xf32>
// CHECK: %[[C:.+]] = rt.conv %arg0, %[[W]], %[[B]]
// CHECK-NOT: rt.batch_normalization
// CHECK: return %[[C]]
func.func @bn(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = rt.constant dense<[[[[0.5]]], [[[0.6666666666]]]]> : tensor<2x1x1x1xf32>
  %b = rt.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %s = rt.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %beta = rt.constant dense<[10.0, 20.0]> : tensor<2xf32>
  %mean = rt.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = rt.constant dense<[0.0, 0.0]> : tensor<2xf32>
  %0 = rt.conv %x, %w, %b : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %1 = rt.batch_normalization %0, %s, %beta, %mean, %var {epsilon = 1.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %1 : tensor<1x2x4x4xf32>
}

// -----

// Per-channel Mul and Add after a Conv (no bias yet).
// CHECK-LABEL: func.func @mul_add
// CHECK-DAG: %[[W:.+]] = rt.constant dense<{{\[}}{{\[}}{{\[}}[3.000000e+00]]], {{\[}}{{\[}}[-1.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.+]] = rt.constant dense<[5.000000e+00, 6.000000e+00]> : tensor<2xf32>
// CHECK: rt.conv %arg0, %[[W]], %[[B]]
// CHECK-NOT: rt.mul
// CHECK-NOT: rt.add
func.func @mul_add(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = rt.constant dense<[[[[1.0]]], [[[1.0]]]]> : tensor<2x1x1x1xf32>
  %k = rt.constant dense<[[[3.0]], [[-1.0]]]> : tensor<2x1x1xf32>
  %d = rt.constant dense<[[[[5.0]], [[6.0]]]]> : tensor<1x2x1x1xf32>
  %0 = rt.conv %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = rt.mul %0, %k : (tensor<1x2x4x4xf32>, tensor<2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %2 = rt.add %d, %1 : (tensor<1x2x1x1xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %2 : tensor<1x2x4x4xf32>
}

// -----

// Not folded: a computed filter, a conv with another user, a non-channel
// broadcast.
// CHECK-LABEL: func.func @no_fold
// CHECK: rt.batch_normalization
// CHECK: rt.mul
// CHECK: rt.add
func.func @no_fold(%x: tensor<1x1x4x4xf32>, %w: tensor<2x1x1x1xf32>, %v: tensor<2xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %c = rt.constant dense<[[[[1.0]]], [[[1.0]]]]> : tensor<2x1x1x1xf32>
  %row = rt.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %0 = rt.conv %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = rt.batch_normalization %0, %v, %v, %v, %v : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %2 = rt.conv %x, %c : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %3 = rt.mul %2, %2 : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %4 = rt.conv %x, %c : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %5 = rt.add %4, %row : (tensor<1x2x4x4xf32>, tensor<4xf32>) -> tensor<1x2x4x4xf32>
  return %1, %3, %5 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// A transposed constant is a constant.
// CHECK-LABEL: func.func @transpose
// CHECK: %[[T:.+]] = rt.constant dense_resource<transposed_weight> : tensor<3x2xf32>
// CHECK: return %[[T]]
// CHECK: transposed_weight: "0x080000000000803F00008040000000400000A040000040400000C040"
func.func @transpose() -> tensor<3x2xf32> {
  %c = rt.constant dense_resource<w> : tensor<2x3xf32>
  %0 = rt.transpose %c {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F0000004000004040000080400000A0400000C040"
    }
  }
#-}
