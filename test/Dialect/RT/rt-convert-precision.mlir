// RUN: rt-opt %s --rt-convert-precision=precision=fp16 --split-input-file --verify-diagnostics | FileCheck %s
// RUN: rt-opt %s --rt-convert-precision=precision=bf16 --split-input-file --verify-diagnostics | FileCheck %s --check-prefix=BF16
// RUN: rt-opt %s --rt-convert-precision=precision=fp32 --split-input-file | FileCheck %s --check-prefix=FP32

// The signature stays float32: casts on entry and on return; the body,
// constants included, is float16.
// CHECK-LABEL: func.func @relu
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>) -> tensor<4xf32>
// CHECK: %[[C:.+]] = rt.cast %[[X]] {to = f16} : (tensor<4xf32>) -> tensor<4xf16>
// CHECK: %[[R:.+]] = rt.relu %[[C]] : (tensor<4xf16>) -> tensor<4xf16>
// CHECK: %[[O:.+]] = rt.cast %[[R]] {to = f32} : (tensor<4xf16>) -> tensor<4xf32>
// CHECK: return %[[O]]
// BF16-LABEL: func.func @relu
// BF16: rt.relu %{{.*}} : (tensor<4xbf16>) -> tensor<4xbf16>
// FP32-LABEL: func.func @relu
// FP32-NOT: rt.cast
func.func @relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = rt.relu %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// float16 saturates finite values at 65504 (a -1e9 attention mask stays
// finite); infinities stay infinite; integer tensors are left alone.
// CHECK-LABEL: func.func @constants
// FP32-LABEL: func.func @constants
// CHECK: rt.constant dense<[-6.550400e+04, 1.000000e+00, 0x7C00]> : tensor<3xf16>
// CHECK: rt.constant dense<[1, 2]> : tensor<2xi64>
func.func @constants() -> (tensor<3xf32>, tensor<2xi64>) {
  %0 = rt.constant dense<[-1.0e9, 1.0, 0x7F800000]> : tensor<3xf32>
  %1 = rt.constant dense<[1, 2]> : tensor<2xi64>
  return %0, %1 : tensor<3xf32>, tensor<2xi64>
}

// -----

// rt.cast to float32 inside the graph means "to the compute float type".
// CHECK-LABEL: func.func @cast
// CHECK: rt.cast %{{.*}} {to = f16} : (tensor<2xi64>) -> tensor<2xf16>
func.func @cast(%x: tensor<2xi64>) -> tensor<2xf32> {
  %0 = rt.cast %x {to = f32} : (tensor<2xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
