// RUN: rt-opt %s --rt-fuse-gelu --split-input-file | FileCheck %s

// BERT's and ViT's GELU as PyTorch exports it: x * (1 + erf(x / sqrt 2))
// * 0.5.
// CHECK-LABEL: func.func @erf_div
// CHECK-SAME: (%[[X:.+]]: tensor<4x8xf32>)
// CHECK-NEXT: %[[G:.+]] = rt.gelu %[[X]] : (tensor<4x8xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: return %[[G]]
func.func @erf_div(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %r2 = rt.constant dense<1.41421354> : tensor<f32>
  %one = rt.constant dense<1.0> : tensor<f32>
  %half = rt.constant dense<0.5> : tensor<f32>
  %0 = rt.div %x, %r2 : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  %1 = rt.erf %0 : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %2 = rt.add %1, %one : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  %3 = rt.mul %x, %2 : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %4 = rt.mul %3, %half : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  return %4 : tensor<4x8xf32>
}

// -----

// Another association, x * (1 / sqrt 2), and float16 constants (as
// rt-convert-precision leaves them).
// CHECK-LABEL: func.func @erf_mul_f16
// CHECK-NEXT: %[[G:.+]] = rt.gelu %{{.*}} : (tensor<16xf16>) -> tensor<16xf16>
// CHECK-NEXT: return %[[G]]
func.func @erf_mul_f16(%x: tensor<16xf16>) -> tensor<16xf16> {
  %r = rt.constant dense<7.070310e-01> : tensor<1xf16>
  %one = rt.constant dense<1.0> : tensor<1xf16>
  %half = rt.constant dense<0.5> : tensor<1xf16>
  %0 = rt.mul %r, %x : (tensor<1xf16>, tensor<16xf16>) -> tensor<16xf16>
  %1 = rt.erf %0 : (tensor<16xf16>) -> tensor<16xf16>
  %2 = rt.add %one, %1 : (tensor<1xf16>, tensor<16xf16>) -> tensor<16xf16>
  %3 = rt.mul %half, %x : (tensor<1xf16>, tensor<16xf16>) -> tensor<16xf16>
  %4 = rt.mul %3, %2 : (tensor<16xf16>, tensor<16xf16>) -> tensor<16xf16>
  return %4 : tensor<16xf16>
}

// -----

// GPT-2's: 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * pow(x, 3)))).
// CHECK-LABEL: func.func @tanh_pow
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
// CHECK-NEXT: %[[G:.+]] = rt.gelu %[[X]] {approximate = "tanh"}
// CHECK-NEXT: return %[[G]]
func.func @tanh_pow(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %three = rt.constant dense<3.0> : tensor<f32>
  %k0 = rt.constant dense<4.471500e-02> : tensor<f32>
  %k1 = rt.constant dense<0.797884583> : tensor<f32>
  %one = rt.constant dense<1.0> : tensor<f32>
  %half = rt.constant dense<0.5> : tensor<f32>
  %0 = rt.mul %half, %x : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = rt.pow %x, %three : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %2 = rt.mul %k0, %1 : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = rt.add %x, %2 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = rt.mul %k1, %3 : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = rt.tanh %4 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %6 = rt.add %one, %5 : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %7 = rt.mul %0, %6 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %7 : tensor<2x3xf32>
}

// -----

// The cube as products.
// CHECK-LABEL: func.func @tanh_cube
// CHECK-NEXT: rt.gelu %{{.*}} {approximate = "tanh"}
// CHECK-NEXT: return
func.func @tanh_cube(%x: tensor<8xf32>) -> tensor<8xf32> {
  %k0 = rt.constant dense<4.471500e-02> : tensor<f32>
  %k1 = rt.constant dense<0.797884583> : tensor<f32>
  %one = rt.constant dense<1.0> : tensor<f32>
  %half = rt.constant dense<0.5> : tensor<f32>
  %0 = rt.mul %x, %x : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %1 = rt.mul %0, %x : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %2 = rt.mul %1, %k0 : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %3 = rt.add %2, %x : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %4 = rt.mul %3, %k1 : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %5 = rt.tanh %4 : (tensor<8xf32>) -> tensor<8xf32>
  %6 = rt.add %5, %one : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %7 = rt.mul %x, %6 : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %8 = rt.mul %7, %half : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  return %8 : tensor<8xf32>
}

// -----

// Left alone: the erf has another user; the scale is not 1 / sqrt 2; the
// erf's argument and the multiplied value differ.
// CHECK-LABEL: func.func @not_gelu
// CHECK-NOT: rt.gelu
// CHECK: return
func.func @not_gelu(%x: tensor<8xf32>, %y: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) {
  %r2 = rt.constant dense<1.41421354> : tensor<f32>
  %two = rt.constant dense<2.0> : tensor<f32>
  %one = rt.constant dense<1.0> : tensor<f32>
  %half = rt.constant dense<0.5> : tensor<f32>
  %0 = rt.div %x, %r2 : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %1 = rt.erf %0 : (tensor<8xf32>) -> tensor<8xf32>
  %2 = rt.add %1, %one : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %3 = rt.mul %x, %2 : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %4 = rt.mul %3, %half : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %10 = rt.div %x, %two : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %11 = rt.erf %10 : (tensor<8xf32>) -> tensor<8xf32>
  %12 = rt.add %11, %one : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %13 = rt.mul %x, %12 : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %14 = rt.mul %13, %half : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %20 = rt.div %y, %r2 : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %21 = rt.erf %20 : (tensor<8xf32>) -> tensor<8xf32>
  %22 = rt.add %21, %one : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %23 = rt.mul %x, %22 : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %24 = rt.mul %23, %half : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  return %4, %1, %14, %24 : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
}
