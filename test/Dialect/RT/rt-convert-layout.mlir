// RUN: rt-opt %s --rt-convert-layout --rt-fold-weights --canonicalize | FileCheck %s
// RUN: rt-opt %s --rt-convert-layout --rt-fold-weights --canonicalize --rt-convert-layout=layout=nchw --rt-fold-weights --canonicalize | FileCheck %s --check-prefix=BACK
// RUN: not rt-opt %s --rt-convert-layout=layout=nwhc 2>&1 | FileCheck %s --check-prefix=BAD

// A patch-embedding convolution (kernel = stride = 2, no padding): a MatMul
// of the input's 2 x 2 patches [N, 4 * 4, C * 2 * 2] by the flattened,
// transposed filters (a folded constant), plus the bias, transposed back to
// NCHW. The same convolution with padding stays a convolution.
// CHECK-LABEL: func.func @patch
// CHECK: %[[R:.+]] = rt.reshape %arg0, %{{.+}} : (tensor<2x3x8x8xf32>, tensor<6xi64>) -> tensor<2x3x4x2x4x2xf32>
// CHECK: %[[T:.+]] = rt.transpose %[[R]] {perm = array<i64: 0, 2, 4, 1, 3, 5>} : (tensor<2x3x4x2x4x2xf32>) -> tensor<2x4x4x3x2x2xf32>
// CHECK: %[[P:.+]] = rt.reshape %[[T]], %{{.+}} : (tensor<2x4x4x3x2x2xf32>, tensor<3xi64>) -> tensor<2x16x12xf32>
// CHECK: %[[M:.+]] = rt.matmul %[[P]], %{{.+}} : (tensor<2x16x12xf32>, tensor<12x5xf32>) -> tensor<2x16x5xf32>
// CHECK: %[[B:.+]] = rt.add %[[M]], %{{.+}} : (tensor<2x16x5xf32>, tensor<5xf32>) -> tensor<2x16x5xf32>
// CHECK: %[[Y:.+]] = rt.transpose %[[B]] {perm = array<i64: 0, 2, 1>} : (tensor<2x16x5xf32>) -> tensor<2x5x16xf32>
// CHECK: %[[O:.+]] = rt.reshape %[[Y]], %{{.+}} : (tensor<2x5x16xf32>, tensor<4xi64>) -> tensor<2x5x4x4xf32>
// CHECK: %[[C:.+]] = rt.conv %{{.+}} {channels_last = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
// CHECK: return %[[O]],
// BACK-LABEL: func.func @patch
// BACK: rt.matmul
// BACK: rt.conv %arg0, %{{.+}} {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
func.func @patch(%x: tensor<2x3x8x8xf32>) -> (tensor<2x5x4x4xf32>, tensor<2x5x5x5xf32>) {
  %k = rt.constant dense<0.5> : tensor<5x3x2x2xf32>
  %b = rt.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0]> : tensor<5xf32>
  %0 = rt.conv %x, %k, %b {strides = array<i64: 2, 2>} : (tensor<2x3x8x8xf32>, tensor<5x3x2x2xf32>, tensor<5xf32>) -> tensor<2x5x4x4xf32>
  %1 = rt.conv %x, %k, %b {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x3x8x8xf32>, tensor<5x3x2x2xf32>, tensor<5xf32>) -> tensor<2x5x5x5xf32>
  return %0, %1 : tensor<2x5x4x4xf32>, tensor<2x5x5x5xf32>
}

// Two convolutions with a bias, ReLU and a residual Add between them: both
// become channels-last, the transposes between them cancel, the filters and
// the per-channel bias are transposed at compile time; one transpose in, one
// out.
// CHECK-LABEL: func.func @chain
// CHECK: %[[X:.+]] = rt.transpose %arg0 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x4x8x8xf32>) -> tensor<1x8x8x4xf32>
// CHECK: %[[C1:.+]] = rt.conv %[[X]], %{{.+}} {channels_last = 1 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x8x8x4xf32>
// CHECK: %[[B:.+]] = rt.add %[[C1]], %{{.+}} : (tensor<1x8x8x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x8x8x4xf32>
// CHECK: %[[R:.+]] = rt.relu %[[B]] : (tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32>
// CHECK: %[[C2:.+]] = rt.conv %[[R]], %{{.+}} {channels_last = 1 : i64} : (tensor<1x8x8x4xf32>, tensor<4x1x1x4xf32>) -> tensor<1x8x8x4xf32>
// CHECK: %[[S:.+]] = rt.add %[[C2]], %[[R]] : (tensor<1x8x8x4xf32>, tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32>
// CHECK: %[[Y:.+]] = rt.transpose %[[S]] {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x8x8x4xf32>) -> tensor<1x4x8x8xf32>
// CHECK: return %[[Y]]
// CHECK-COUNT-2: transposed_weight
// BACK-LABEL: func.func @chain
// BACK-NOT: channels_last
// BACK: rt.conv %arg0, %{{.+}} {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32>
// BAD: error: rt-convert-layout: unknown layout 'nwhc' (nhwc or nchw)
func.func @chain(%x: tensor<1x4x8x8xf32>, %w1: tensor<4x4x3x3xf32>, %w2: tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32> {
  %k1 = rt.constant dense_resource<k1> : tensor<4x4x3x3xf32>
  %k2 = rt.constant dense_resource<k2> : tensor<4x4x1x1xf32>
  %b = rt.constant dense<[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]> : tensor<4x1x1xf32>
  %0 = rt.conv %x, %k1 {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  %1 = rt.add %0, %b : (tensor<1x4x8x8xf32>, tensor<4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %2 = rt.relu %1 : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %3 = rt.conv %2, %k2 : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %4 = rt.add %3, %2 : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %4 : tensor<1x4x8x8xf32>
}
{-#
  dialect_resources: {
    builtin: {
      k1: "0x040000000000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F",
      k2: "0x0400000000000040000000400000004000000040000000400000004000000040000000400000004000000040000000400000004000000040000000400000004000000040"
    }
  }
#-}
