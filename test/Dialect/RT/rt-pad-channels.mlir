// RUN: rt-opt %s --rt-pad-channels --split-input-file | FileCheck %s

// A 3-channel channels-last stem: the input is zero-padded to 8 channels and
// the filters are padded at compile time (zeros in the new channels).
// CHECK-LABEL: func.func @stem
// CHECK-DAG: %[[W:.*]] = rt.constant dense_resource<padded_filter> : tensor<4x3x3x8xf32>
// CHECK-DAG: %[[P:.*]] = rt.constant dense<[0, 0, 0, 0, 0, 0, 0, 5]> : tensor<8xi64>
// CHECK: %[[X:.*]] = rt.pad %arg0 pads %[[P]] : (tensor<1x6x6x3xf32>, tensor<8xi64>) -> tensor<1x6x6x8xf32>
// CHECK: rt.conv %[[X]], %[[W]] {channels_last = 1 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x6x6x8xf32>, tensor<4x3x3x8xf32>) -> tensor<1x6x6x4xf32>
func.func @stem(%x: tensor<1x6x6x3xf32>) -> tensor<1x6x6x4xf32> {
  %w = rt.constant dense<[[[[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]], [[[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]], [[[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]], [[[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 4.0]]]]> : tensor<4x3x3x3xf32>
  %0 = rt.conv %x, %w {channels_last = 1 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x6x6x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x6x6x4xf32>
  return %0 : tensor<1x6x6x4xf32>
}

// -----

// Already a multiple of 8, NCHW, grouped, or computed filters: unchanged.
// CHECK-LABEL: func.func @unchanged
// CHECK-NOT: rt.pad
func.func @unchanged(%x: tensor<1x6x6x8xf32>, %y: tensor<1x3x6x6xf32>, %w: tensor<4x3x3x3xf32>, %w8: tensor<4x3x3x8xf32>) -> (tensor<1x6x6x4xf32>, tensor<1x4x6x6xf32>) {
  %0 = rt.conv %x, %w8 {channels_last = 1 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x6x6x8xf32>, tensor<4x3x3x8xf32>) -> tensor<1x6x6x4xf32>
  %1 = rt.conv %y, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x6x6xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0, %1 : tensor<1x6x6x4xf32>, tensor<1x4x6x6xf32>
}
