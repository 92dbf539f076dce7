// RUN: rt-opt %s --rt-fuse --split-input-file | FileCheck %s

// ResNet's unit: Conv + BatchNorm + residual Add + ReLU is one kernel; the
// weights stay inputs, the small constants move into the group.
// CHECK-LABEL: func.func @conv_epilogue
// CHECK-SAME: attributes {rt.kernels_after = 1 : i64, rt.kernels_before = 4 : i64}
// CHECK: %[[G:.+]] = rt.fusion_group "conv" kind "conv"(%arg0, %arg1, %arg2) : (tensor<1x4x6x6xf32>, tensor<4x4x1x1xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32> {
// CHECK: rt.conv
// CHECK: rt.batch_normalization
// CHECK: rt.add
// CHECK: rt.relu
// CHECK: rt.yield
// CHECK: return %[[G]]
func.func @conv_epilogue(%x: tensor<1x4x6x6xf32>, %w: tensor<4x4x1x1xf32>, %s: tensor<4xf32>) -> tensor<1x4x6x6xf32> {
  %0 = rt.conv %x, %w : (tensor<1x4x6x6xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x6x6xf32>
  %1 = rt.batch_normalization %0, %s, %s, %s, %s : (tensor<1x4x6x6xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
  %2 = rt.add %1, %x : (tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  %3 = rt.relu %2 : (tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return %3 : tensor<1x4x6x6xf32>
}

// -----

// A GEMM with bias and exact GELU: the epilogue is a DAG (x feeds two ops).
// CHECK-LABEL: func.func @gemm_gelu
// CHECK-SAME: rt.kernels_after = 1 : i64
// CHECK: rt.fusion_group "matmul" kind "gemm"(%arg0, %arg1, %arg2)
// CHECK-DAG: rt.constant dense<1.41421354> : tensor<f32>
// CHECK-DAG: rt.constant dense<5.000000e-01> : tensor<f32>
// CHECK: rt.matmul
// CHECK: rt.erf
// CHECK: rt.yield
func.func @gemm_gelu(%x: tensor<8x16xf32>, %w: tensor<16x32xf32>, %b: tensor<32xf32>) -> tensor<8x32xf32> {
  %r2 = rt.constant dense<1.41421354> : tensor<f32>
  %one = rt.constant dense<1.0> : tensor<f32>
  %half = rt.constant dense<0.5> : tensor<f32>
  %0 = rt.matmul %x, %w : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  %1 = rt.add %0, %b : (tensor<8x32xf32>, tensor<32xf32>) -> tensor<8x32xf32>
  %2 = rt.div %1, %r2 : (tensor<8x32xf32>, tensor<f32>) -> tensor<8x32xf32>
  %3 = rt.erf %2 : (tensor<8x32xf32>) -> tensor<8x32xf32>
  %4 = rt.add %3, %one : (tensor<8x32xf32>, tensor<f32>) -> tensor<8x32xf32>
  %5 = rt.mul %1, %half : (tensor<8x32xf32>, tensor<f32>) -> tensor<8x32xf32>
  %6 = rt.mul %5, %4 : (tensor<8x32xf32>, tensor<8x32xf32>) -> tensor<8x32xf32>
  return %6 : tensor<8x32xf32>
}

// -----

// The epilogue stops where a value is also needed by another kernel, and
// where an op changes the iteration space; the reasons are recorded.
// CHECK-LABEL: func.func @stops
// CHECK-SAME: rt.kernels_after = 3 : i64, rt.kernels_before = 4 : i64
// CHECK: %[[G:.+]]:2 = rt.fusion_group "matmul" kind "gemm"(%arg0, %arg1) {rt.fusion_notes = ["epilogue stops at 'reduce_sum' (rt.reduce_sum): not elementwise", "epilogue stops at 'concat' (rt.concat): not elementwise"]}
// CHECK: rt.matmul
// CHECK: rt.relu
// CHECK: rt.yield
// CHECK: rt.fusion_group "reduce_sum" kind "reduction"(%[[G]]#0)
// CHECK: rt.fusion_group "concat" kind "copy"(%[[G]]#1)
func.func @stops(%x: tensor<8x16xf32>, %w: tensor<16x32xf32>) -> (tensor<8x1xf32>, tensor<16x32xf32>) {
  %0 = rt.matmul %x, %w : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  %1 = rt.reduce_sum %0 {axes = array<i64: 1>} : (tensor<8x32xf32>) -> tensor<8x1xf32>
  %2 = rt.relu %0 : (tensor<8x32xf32>) -> tensor<8x32xf32>
  %3 = rt.concat %2, %2 {axis = 0 : i64} : (tensor<8x32xf32>, tensor<8x32xf32>) -> tensor<16x32xf32>
  return %1, %3 : tensor<8x1xf32>, tensor<16x32xf32>
}

// -----

// Softmax with its scale and mask (single-use producers) in one kernel.
// CHECK-LABEL: func.func @softmax_prologue
// CHECK-SAME: rt.kernels_after = 1 : i64
// CHECK: rt.fusion_group "softmax" kind "reduction"(%arg0, %arg1)
// CHECK: rt.mul
// CHECK: rt.add
// CHECK: rt.softmax
func.func @softmax_prologue(%s: tensor<2x8x8xf32>, %m: tensor<2x1x8xf32>) -> tensor<2x8x8xf32> {
  %c = rt.constant dense<0.125> : tensor<f32>
  %0 = rt.mul %s, %c : (tensor<2x8x8xf32>, tensor<f32>) -> tensor<2x8x8xf32>
  %1 = rt.add %0, %m : (tensor<2x8x8xf32>, tensor<2x1x8xf32>) -> tensor<2x8x8xf32>
  %2 = rt.softmax %1 : (tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  return %2 : tensor<2x8x8xf32>
}

// -----

// Elementwise chains with a transpose become one kernel; views outside
// groups are not kernels.
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME: rt.kernels_after = 1 : i64, rt.kernels_before = 3 : i64
// CHECK: %[[R:.+]] = rt.reshape %arg0
// CHECK: %[[G:.+]] = rt.fusion_group "sigmoid" kind "elementwise"(%[[R]])
// CHECK: rt.transpose
// CHECK: rt.exp
// CHECK: rt.sigmoid
// CHECK: rt.flatten %[[G]]
func.func @elementwise(%x: tensor<4x6xf32>) -> tensor<2x12xf32> {
  %s = rt.constant dense<[6, 4]> : tensor<2xi64>
  %0 = rt.reshape %x, %s : (tensor<4x6xf32>, tensor<2xi64>) -> tensor<6x4xf32>
  %1 = rt.transpose %0 {perm = array<i64: 1, 0>} : (tensor<6x4xf32>) -> tensor<4x6xf32>
  %2 = rt.exp %1 : (tensor<4x6xf32>) -> tensor<4x6xf32>
  %3 = rt.sigmoid %2 : (tensor<4x6xf32>) -> tensor<4x6xf32>
  %4 = rt.flatten %3 {axis = 0 : i64} : (tensor<4x6xf32>) -> tensor<1x24xf32>
  %t = rt.constant dense<[2, 12]> : tensor<2xi64>
  %5 = rt.reshape %4, %t : (tensor<1x24xf32>, tensor<2xi64>) -> tensor<2x12xf32>
  return %5 : tensor<2x12xf32>
}

// -----

// A GEMM whose output is split into Q, K and V: the pieces and their
// reshapes and transposes are stores of the one kernel.
// CHECK-LABEL: func.func @split_epilogue
// CHECK-SAME: rt.kernels_after = 1 : i64
// CHECK: %[[G:.+]]:3 = rt.fusion_group "matmul" kind "gemm"
// CHECK: rt.split
// CHECK-COUNT-3: rt.transpose
// CHECK: rt.yield
func.func @split_epilogue(%x: tensor<4x8xf32>, %w: tensor<8x24xf32>) -> (tensor<8x4xf32>, tensor<8x4xf32>, tensor<8x4xf32>) {
  %0 = rt.matmul %x, %w : (tensor<4x8xf32>, tensor<8x24xf32>) -> tensor<4x24xf32>
  %1:3 = rt.split %0 {axis = 1 : i64, num_outputs = 3 : i64} : (tensor<4x24xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>)
  %2 = rt.transpose %1#0 {perm = array<i64: 1, 0>} : (tensor<4x8xf32>) -> tensor<8x4xf32>
  %3 = rt.transpose %1#1 {perm = array<i64: 1, 0>} : (tensor<4x8xf32>) -> tensor<8x4xf32>
  %4 = rt.transpose %1#2 {perm = array<i64: 1, 0>} : (tensor<4x8xf32>) -> tensor<8x4xf32>
  return %2, %3, %4 : tensor<8x4xf32>, tensor<8x4xf32>, tensor<8x4xf32>
}

// -----

// A dynamic batch: epilogues still fuse over the same (dynamic) shape.
// CHECK-LABEL: func.func @dynamic_batch
// CHECK-SAME: rt.kernels_after = 1 : i64
// CHECK: rt.fusion_group "conv" kind "conv"
// CHECK: rt.relu {{.*}} -> tensor<?x4x6x6xf32>
func.func @dynamic_batch(%x: tensor<?x4x6x6xf32>, %w: tensor<4x4x1x1xf32>) -> tensor<?x4x6x6xf32> {
  %0 = rt.conv %x, %w : (tensor<?x4x6x6xf32>, tensor<4x4x1x1xf32>) -> tensor<?x4x6x6xf32>
  %1 = rt.relu %0 : (tensor<?x4x6x6xf32>) -> tensor<?x4x6x6xf32>
  return %1 : tensor<?x4x6x6xf32>
}

// -----

// RMSNorm as exporters write it: x * w / sqrt(mean(x^2) + eps) is one
// reduction kernel (the mean broadcasts back over the row it reduced).
// CHECK-LABEL: func.func @rms_norm
// CHECK-SAME: rt.kernels_after = 1 : i64, rt.kernels_before = 6 : i64
// CHECK: rt.fusion_group "reduce_mean" kind "reduction"(%arg0, %arg1)
// CHECK: rt.mul
// CHECK: rt.reduce_mean
// CHECK: rt.sqrt
// CHECK: rt.div
// CHECK: rt.mul
func.func @rms_norm(%x: tensor<2x8x64xf32>, %w: tensor<64xf32>) -> tensor<2x8x64xf32> {
  %eps = rt.constant dense<1.0e-6> : tensor<f32>
  %0 = rt.mul %x, %x : (tensor<2x8x64xf32>, tensor<2x8x64xf32>) -> tensor<2x8x64xf32>
  %1 = rt.reduce_mean %0 {axes = array<i64: -1>} : (tensor<2x8x64xf32>) -> tensor<2x8x1xf32>
  %2 = rt.add %1, %eps : (tensor<2x8x1xf32>, tensor<f32>) -> tensor<2x8x1xf32>
  %3 = rt.sqrt %2 : (tensor<2x8x1xf32>) -> tensor<2x8x1xf32>
  %4 = rt.div %x, %3 : (tensor<2x8x64xf32>, tensor<2x8x1xf32>) -> tensor<2x8x64xf32>
  %5 = rt.mul %4, %w : (tensor<2x8x64xf32>, tensor<64xf32>) -> tensor<2x8x64xf32>
  return %5 : tensor<2x8x64xf32>
}

// -----

// ResNet's stem after the channels-last conversion: the convolution keeps
// its NHWC result (contiguous 16-byte stores) and the max pool, which has
// no channels-last form, reads it through the transpose in its prologue.
// CHECK-LABEL: func.func @transpose_to_pool
// CHECK: rt.fusion_group "conv" kind "conv"({{.*}}) {rt.fusion_notes = ["epilogue stops at 'transpose' (rt.transpose): a transpose of the innermost dimension is left to the reduction that reads it"]} : ({{.*}}) -> tensor<1x8x8x16xf16>
// CHECK: rt.relu
// CHECK-NEXT: rt.yield
// CHECK: rt.fusion_group "max_pool" kind "reduction"
// CHECK-NEXT: ^bb0
// CHECK-NEXT: rt.transpose %{{.*}} {perm = array<i64: 0, 3, 1, 2>}
// CHECK-NEXT: rt.max_pool
func.func @transpose_to_pool(%x: tensor<1x8x8x8xf16>, %w: tensor<16x3x3x8xf16>) -> tensor<1x16x4x4xf16> {
  %0 = rt.conv %x, %w {channels_last = 1 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x8xf16>, tensor<16x3x3x8xf16>) -> tensor<1x8x8x16xf16>
  %1 = rt.relu %0 : (tensor<1x8x8x16xf16>) -> tensor<1x8x8x16xf16>
  %2 = rt.transpose %1 {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x8x8x16xf16>) -> tensor<1x16x8x8xf16>
  %3 = rt.max_pool %2 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x16x8x8xf16>) -> tensor<1x16x4x4xf16>
  return %3 : tensor<1x16x4x4xf16>
}

// -----

// A channel pad (rt-pad-channels before a 3-channel stem) absorbs its
// single-use elementwise producers, the model input's cast and transpose:
// one kernel reads the NCHW float32 input and writes the padded NHWC tile.
// CHECK-LABEL: func.func @pad_prologue
// CHECK: rt.fusion_group "pad" kind "copy"(%arg0{{.*}}) {{.*}}: (tensor<1x3x8x8xf32>{{.*}}) -> tensor<1x8x8x8xf16>
// CHECK: rt.cast
// CHECK: rt.transpose
// CHECK: rt.pad
// CHECK: rt.yield
// CHECK: rt.fusion_group "conv" kind "conv"
func.func @pad_prologue(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x8xf16>) -> tensor<1x8x8x16xf16> {
  %pads = rt.constant dense<[0, 0, 0, 0, 0, 0, 0, 5]> : tensor<8xi64>
  %0 = rt.cast %x {to = f16} : (tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf16>
  %1 = rt.transpose %0 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x8x8xf16>) -> tensor<1x8x8x3xf16>
  %2 = rt.pad %1 pads %pads : (tensor<1x8x8x3xf16>, tensor<8xi64>) -> tensor<1x8x8x8xf16>
  %3 = rt.conv %2, %w {channels_last = 1 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x8xf16>, tensor<16x3x3x8xf16>) -> tensor<1x8x8x16xf16>
  return %3 : tensor<1x8x8x16xf16>
}
