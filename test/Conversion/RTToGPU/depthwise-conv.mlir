// RUN: rt-opt %s --rt-generate-kernels --split-input-file --verify-diagnostics | FileCheck %s

// A channels-last depthwise convolution (one 3x3 filter per channel, 16
// channels) with a bias and ReLU6: each thread computes 8 channels of one
// output pixel (2 x 5 x 5 pixels x 2 chunks = 100 threads, one block of
// 256). The constant filter is stored tap-major ([3][3][1][16]) and
// transposed back inside the group; per tap one 16-byte load of the input's
// 8 channels and one of their filter taps, float32 FMAs; the bias 16 bytes
// at a time; one 16-byte store.
// CHECK-LABEL: func.func @depthwise
// CHECK: %[[W:.+]] = rt.constant dense_resource<depthwise_filter_tap_major> : tensor<3x3x1x16xf16>
// CHECK: rt.fusion_group "dw" kind "conv"(%arg0, %[[W]], %arg1) {rt.kernel = @rt_kernels::@k0_dw, rt.launch = array<i64: 1, 1, 1, 256, 1, 1, 0>, rtgpu.strategy = #rtgpu.depthwise<threads = 256>}
// CHECK: rt.transpose %{{.+}} {perm = array<i64: 3, 0, 1, 2>} : (tensor<3x3x1x16xf16>) -> tensor<16x3x3x1xf16>
// CHECK: gpu.func
// CHECK-COUNT-9: vector.fma
// CHECK-NOT: vector.fma
// CHECK: vector.load %{{.+}} : memref<16xf16>, vector<8xf16>
// CHECK: vector.store %{{.+}} : memref<2x5x5x16xf16>, vector<8xf16>
// CHECK-NOT: memref.load
// CHECK: gpu.return
func.func @depthwise(%x: tensor<2x10x10x16xf16>, %b: tensor<16xf16>) -> tensor<2x5x5x16xf16> {
  %w = rt.constant dense<[[[[0.0], [1.0], [2.0]], [[3.0], [4.0], [5.0]], [[6.0], [0.0], [1.0]]], [[[2.0], [3.0], [4.0]], [[5.0], [6.0], [0.0]], [[1.0], [2.0], [3.0]]], [[[4.0], [5.0], [6.0]], [[0.0], [1.0], [2.0]], [[3.0], [4.0], [5.0]]], [[[6.0], [0.0], [1.0]], [[2.0], [3.0], [4.0]], [[5.0], [6.0], [0.0]]], [[[1.0], [2.0], [3.0]], [[4.0], [5.0], [6.0]], [[0.0], [1.0], [2.0]]], [[[3.0], [4.0], [5.0]], [[6.0], [0.0], [1.0]], [[2.0], [3.0], [4.0]]], [[[5.0], [6.0], [0.0]], [[1.0], [2.0], [3.0]], [[4.0], [5.0], [6.0]]], [[[0.0], [1.0], [2.0]], [[3.0], [4.0], [5.0]], [[6.0], [0.0], [1.0]]], [[[2.0], [3.0], [4.0]], [[5.0], [6.0], [0.0]], [[1.0], [2.0], [3.0]]], [[[4.0], [5.0], [6.0]], [[0.0], [1.0], [2.0]], [[3.0], [4.0], [5.0]]], [[[6.0], [0.0], [1.0]], [[2.0], [3.0], [4.0]], [[5.0], [6.0], [0.0]]], [[[1.0], [2.0], [3.0]], [[4.0], [5.0], [6.0]], [[0.0], [1.0], [2.0]]], [[[3.0], [4.0], [5.0]], [[6.0], [0.0], [1.0]], [[2.0], [3.0], [4.0]]], [[[5.0], [6.0], [0.0]], [[1.0], [2.0], [3.0]], [[4.0], [5.0], [6.0]]], [[[0.0], [1.0], [2.0]], [[3.0], [4.0], [5.0]], [[6.0], [0.0], [1.0]]], [[[2.0], [3.0], [4.0]], [[5.0], [6.0], [0.0]], [[1.0], [2.0], [3.0]]]]> : tensor<16x3x3x1xf16>
  %0 = rt.fusion_group "dw" kind "conv"(%x, %w, %b) : (tensor<2x10x10x16xf16>, tensor<16x3x3x1xf16>, tensor<16xf16>) -> tensor<2x5x5x16xf16> {
  ^bb0(%a: tensor<2x10x10x16xf16>, %ww: tensor<16x3x3x1xf16>, %bb: tensor<16xf16>):
    %lo = rt.constant dense<0.0> : tensor<f16>
    %hi = rt.constant dense<6.0> : tensor<f16>
    %1 = rt.conv %a, %ww, %bb {channels_last = 1 : i64, group = 16 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x10x10x16xf16>, tensor<16x3x3x1xf16>, tensor<16xf16>) -> tensor<2x5x5x16xf16>
    %2 = rt.clip %1 min %lo max %hi : (tensor<2x5x5x16xf16>, tensor<f16>, tensor<f16>) -> tensor<2x5x5x16xf16>
    rt.yield %2 : tensor<2x5x5x16xf16>
  }
  return %0 : tensor<2x5x5x16xf16>
}

// -----

// 12 channels (not whole 16-byte chunks): the elemental kernel.
// CHECK-LABEL: func.func @depthwise_c12
// CHECK: #rtgpu.elemental<
func.func @depthwise_c12(%x: tensor<1x6x6x12xf16>, %w: tensor<12x3x3x1xf16>) -> tensor<1x6x6x12xf16> {
  %0 = rt.fusion_group "dw" kind "conv"(%x, %w) : (tensor<1x6x6x12xf16>, tensor<12x3x3x1xf16>) -> tensor<1x6x6x12xf16> {
  ^bb0(%a: tensor<1x6x6x12xf16>, %ww: tensor<12x3x3x1xf16>):
    %1 = rt.conv %a, %ww {channels_last = 1 : i64, group = 12 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x6x6x12xf16>, tensor<12x3x3x1xf16>) -> tensor<1x6x6x12xf16>
    rt.yield %1 : tensor<1x6x6x12xf16>
  }
  return %0 : tensor<1x6x6x12xf16>
}

// -----

// A recorded depthwise_conv tile on a group that is not one.
func.func @not_depthwise(%x: tensor<1x6x6x16xf16>, %w: tensor<16x3x3x16xf16>) -> tensor<1x6x6x16xf16> {
  // expected-error @+1 {{fusion group 'c' does not fit the depthwise convolution kernel (channels-last, one filter per channel, channels a multiple of 8, at most 49 taps, the input a kernel input)}}
  %0 = rt.fusion_group "c" kind "conv"(%x, %w) {rtgpu.strategy = #rtgpu.depthwise<threads = 256>} : (tensor<1x6x6x16xf16>, tensor<16x3x3x16xf16>) -> tensor<1x6x6x16xf16> {
  ^bb0(%a: tensor<1x6x6x16xf16>, %ww: tensor<16x3x3x16xf16>):
    %1 = rt.conv %a, %ww {channels_last = 1 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x6x6x16xf16>, tensor<16x3x3x16xf16>) -> tensor<1x6x6x16xf16>
    rt.yield %1 : tensor<1x6x6x16xf16>
  }
  return %0 : tensor<1x6x6x16xf16>
}
