// RUN: rt-opt %s --rt-fuse --rt-inline-fusion-groups | FileCheck %s
// RUN: rt-opt %s --rt-fuse --rt-inline-fusion-groups | rt-opt --rt-fuse | FileCheck %s --check-prefix=AGAIN

// Inlining puts the ops back as they were (constants cloned into groups
// stay as their copies); fusing again gives the same groups.
// CHECK-LABEL: func.func @f
// CHECK-NOT: rt.fusion_group
// CHECK: %[[C:.+]] = rt.conv %arg0, %arg1
// CHECK: %[[A:.+]] = rt.add %[[C]], %{{.+}}
// CHECK: %[[R:.+]] = rt.relu %[[A]]
// CHECK: return %[[R]]
// AGAIN: rt.kernels_after = 1
func.func @f(%x: tensor<1x4x6x6xf32>, %w: tensor<4x4x1x1xf32>) -> tensor<1x4x6x6xf32> {
  %b = rt.constant dense<0.5> : tensor<4x1x1xf32>
  %0 = rt.conv %x, %w : (tensor<1x4x6x6xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x6x6xf32>
  %1 = rt.add %0, %b : (tensor<1x4x6x6xf32>, tensor<4x1x1xf32>) -> tensor<1x4x6x6xf32>
  %2 = rt.relu %1 : (tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return %2 : tensor<1x4x6x6xf32>
}
// AGAIN: rt.fusion_group "conv" kind "conv"
