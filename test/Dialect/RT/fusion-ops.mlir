// RUN: rt-opt %s | rt-opt | FileCheck %s

// Round trip of rt.fusion_group, rt.yield and rt.attention.

// CHECK-LABEL: func.func @group
// CHECK: %[[G:.+]] = rt.fusion_group "Conv_0" kind "conv"(%arg0, %arg1) {rtgpu.strategy = #rtgpu.elemental<threads = 64>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
// CHECK-NEXT: ^bb0(%[[A:.+]]: tensor<1x3x8x8xf32>, %[[W:.+]]: tensor<4x3x3x3xf32>):
// CHECK-NEXT:   %[[C:.+]] = rt.conv %[[A]], %[[W]]
// CHECK-NEXT:   %[[R:.+]] = rt.relu %[[C]]
// CHECK-NEXT:   rt.yield %[[R]] : tensor<1x4x6x6xf32>
// CHECK: return %[[G]]
func.func @group(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %0 = rt.fusion_group "Conv_0" kind "conv" (%x, %w) {rtgpu.strategy = #rtgpu.elemental<threads = 64>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  ^bb0(%a: tensor<1x3x8x8xf32>, %k: tensor<4x3x3x3xf32>):
    %1 = rt.conv %a, %k : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
    %2 = rt.relu %1 : (tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
    rt.yield %2 : tensor<1x4x6x6xf32>
  }
  return %0 : tensor<1x4x6x6xf32>
}

// CHECK-LABEL: func.func @attention
// CHECK: rt.attention %arg0, %arg1, %arg2 {is_causal = 1 : i64, scale = 1.250000e-01 : f32} : (tensor<2x4x16x64xf32>, tensor<2x4x16x64xf32>, tensor<2x4x16x32xf32>) -> tensor<2x4x16x32xf32>
// CHECK: rt.attention %arg0, %arg1, %arg2 mask %arg3 {nan_guard = 1 : i64, scale = 1.000000e+00 : f32} : (tensor<2x4x16x64xf32>, tensor<2x4x16x64xf32>, tensor<2x4x16x32xf32>, tensor<2x1x1x16xf32>) -> tensor<2x4x16x32xf32>
func.func @attention(%q: tensor<2x4x16x64xf32>, %k: tensor<2x4x16x64xf32>, %v: tensor<2x4x16x32xf32>, %m: tensor<2x1x1x16xf32>) -> (tensor<2x4x16x32xf32>, tensor<2x4x16x32xf32>) {
  %0 = rt.attention %q, %k, %v {scale = 0.125 : f32, is_causal = 1} : (tensor<2x4x16x64xf32>, tensor<2x4x16x64xf32>, tensor<2x4x16x32xf32>) -> tensor<2x4x16x32xf32>
  %1 = rt.attention %q, %k, %v mask %m {scale = 1.0 : f32, nan_guard = 1} : (tensor<2x4x16x64xf32>, tensor<2x4x16x64xf32>, tensor<2x4x16x32xf32>, tensor<2x1x1x16xf32>) -> tensor<2x4x16x32xf32>
  return %0, %1 : tensor<2x4x16x32xf32>, tensor<2x4x16x32xf32>
}

