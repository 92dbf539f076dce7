// RUN: rt-opt %s --rt-decompose-attention --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @masked
// CHECK: %[[KT:.+]] = rt.transpose %arg1 {perm = array<i64: 0, 2, 1>} : (tensor<2x5x4xf32>) -> tensor<2x4x5xf32>
// CHECK: %[[S:.+]] = rt.matmul %arg0, %[[KT]] : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
// CHECK: %[[SC:.+]] = rt.constant dense<5.000000e-01> : tensor<f32>
// CHECK: %[[SS:.+]] = rt.mul %[[S]], %[[SC]]
// CHECK: %[[SM:.+]] = rt.add %[[SS]], %arg3
// CHECK: %[[P:.+]] = rt.softmax %[[SM]] :
// CHECK: %[[N:.+]] = rt.is_nan %[[P]]
// CHECK: %[[G:.+]] = rt.where %[[N]], %{{.+}}, %[[P]]
// CHECK: %[[O:.+]] = rt.matmul %[[G]], %arg2 : (tensor<2x3x5xf32>, tensor<2x5x6xf32>) -> tensor<2x3x6xf32>
// CHECK: return %[[O]]
func.func @masked(%q: tensor<2x3x4xf32>, %k: tensor<2x5x4xf32>, %v: tensor<2x5x6xf32>, %m: tensor<2x1x5xf32>) -> tensor<2x3x6xf32> {
  %0 = rt.attention %q, %k, %v mask %m {scale = 0.5 : f32, nan_guard = 1} : (tensor<2x3x4xf32>, tensor<2x5x4xf32>, tensor<2x5x6xf32>, tensor<2x1x5xf32>) -> tensor<2x3x6xf32>
  return %0 : tensor<2x3x6xf32>
}

// -----

// CHECK-LABEL: func.func @causal
// CHECK: rt.constant dense<{{\[}}[0.000000e+00, 0xFF800000, 0xFF800000], [0.000000e+00, 0.000000e+00, 0xFF800000], [0.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<3x3xf32>
// CHECK: rt.softmax
// CHECK-NOT: rt.is_nan
func.func @causal(%q: tensor<1x3x4xf32>, %k: tensor<1x3x4xf32>, %v: tensor<1x3x4xf32>) -> tensor<1x3x4xf32> {
  %0 = rt.attention %q, %k, %v {scale = 1.0 : f32, is_causal = 1} : (tensor<1x3x4xf32>, tensor<1x3x4xf32>, tensor<1x3x4xf32>) -> tensor<1x3x4xf32>
  return %0 : tensor<1x3x4xf32>
}
