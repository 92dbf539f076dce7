// RUN: rt-opt %s -split-input-file -convert-rt-to-linalg -verify-diagnostics | FileCheck %s

// Broadcasting element-wise ops become one linalg.generic whose maps read
// size-1 dimensions at index 0.
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @add_broadcast(
// CHECK-SAME:    %[[A:.+]]: tensor<2x3xf32>, %[[B:.+]]: tensor<3xf32>
// CHECK:         %[[E:.+]] = tensor.empty() : tensor<2x3xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[A]], %[[B]] : tensor<2x3xf32>, tensor<3xf32>) outs(%[[E]] : tensor<2x3xf32>)
// CHECK:           arith.addf
// CHECK-NOT:     rt.
func.func @add_broadcast(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = rt.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Unsigned element types become signless; the op keeps its unsigned
// semantics (unsigned division, unsigned comparison).
// CHECK-LABEL: func.func @unsigned(
// CHECK-SAME:    tensor<4xi8>
// CHECK:         arith.divui
// CHECK:         arith.cmpi ult
func.func @unsigned(%a: tensor<4xui8>, %b: tensor<4xui8>) -> (tensor<4xui8>, tensor<4xi1>) {
  %0 = rt.div %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %1 = rt.less %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  return %0, %1 : tensor<4xui8>, tensor<4xi1>
}

// -----

// MatMul: a contraction over the shared dimension with broadcast batches.
// CHECK-DAG: #[[L:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[R:.+]] = affine_map<(d0, d1, d2, d3) -> (d3, d2)>
// CHECK-DAG: #[[O:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @matmul(
// CHECK:         %[[Z:.+]] = linalg.fill
// CHECK:         linalg.generic {indexing_maps = [#[[L]], #[[R]], #[[O]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK:           arith.mulf
// CHECK:           arith.addf
func.func @matmul(%a: tensor<2x4x8xf32>, %b: tensor<8x5xf32>) -> tensor<2x4x5xf32> {
  %0 = rt.matmul %a, %b : (tensor<2x4x8xf32>, tensor<8x5xf32>) -> tensor<2x4x5xf32>
  return %0 : tensor<2x4x5xf32>
}

// -----

// Conv: padding, then a grouped contraction, then a reshape merging groups.
// CHECK-LABEL: func.func @conv(
// CHECK:         tensor.pad
// CHECK:         linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]
// CHECK:         tensor.collapse_shape {{.*}} {{\[\[}}0], [1, 2], [3], [4]] : tensor<1x1x8x4x4xf32> into tensor<1x8x4x4xf32>
func.func @conv(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x4x4xf32> {
  %0 = rt.conv %x, %w {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Softmax: max, exp(x - max), sum, divide.
// CHECK-LABEL: func.func @softmax(
// CHECK:         arith.maximumf
// CHECK:         math.exp
// CHECK:         arith.addf
// CHECK:         arith.divf
func.func @softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = rt.softmax %x : (tensor<2x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// Reshape-like ops collapse to 1-D and expand (views after bufferization).
// CHECK-LABEL: func.func @reshape(
// CHECK:         tensor.collapse_shape %{{.+}} {{\[\[}}0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK:         tensor.expand_shape %{{.+}} {{\[\[}}0, 1]] output_shape [6, 4] : tensor<24xf32> into tensor<6x4xf32>
func.func @reshape(%x: tensor<2x3x4xf32>) -> tensor<6x4xf32> {
  %s = rt.constant dense<[6, 4]> : tensor<2xi64>
  %0 = rt.reshape %x, %s : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

// -----

// Ops without a lowering are reported by name.
func.func @group_norm(%x: tensor<1x4x2x2xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<1x4x2x2xf32> {
  // expected-error @+2 {{failed to legalize operation 'rt.group_normalization'}}
  // expected-error @+1 {{cannot lower 'rt.group_normalization' to linalg: no lowering for this op (or these operands) yet}}
  %0 = rt.group_normalization %x, %s, %b {num_groups = 2 : i64} : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// -----

// Dynamic shapes where the lowering needs static ones are reported too.
func.func @dynamic_matmul(%a: tensor<?x8xf32>, %b: tensor<8x5xf32>) -> tensor<?x5xf32> {
  // expected-error @+2 {{failed to legalize operation 'rt.matmul'}}
  // expected-error @+1 {{cannot lower 'rt.matmul' to linalg: dynamic shapes are not supported for this op on the CPU path yet}}
  %0 = rt.matmul %a, %b : (tensor<?x8xf32>, tensor<8x5xf32>) -> tensor<?x5xf32>
  return %0 : tensor<?x5xf32>
}

// -----

// Scatters apply updates in order: a loop nest carrying the result tensor.
// CHECK-LABEL: func.func @scatter_elements(
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             tensor.extract
// CHECK:             arith.addf
// CHECK:             tensor.insert
func.func @scatter_elements(%x: tensor<3x4xf32>, %i: tensor<2x4xi64>, %u: tensor<2x4xf32>) -> tensor<3x4xf32> {
  %0 = rt.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "add"} : (tensor<3x4xf32>, tensor<2x4xi64>, tensor<2x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// TopK ranks each candidate (larger, or equal with a lower index, is better)
// and picks the one with exactly j better elements.
// CHECK-LABEL: func.func @top_k(
// CHECK:         linalg.generic
// CHECK:           scf.for
// CHECK:             scf.for
// CHECK:               arith.cmpf ogt
// CHECK-NOT:     rt.top_k
func.func @top_k(%x: tensor<4x10xf32>) -> (tensor<4x3xf32>, tensor<4x3xi64>) {
  %k = rt.constant dense<3> : tensor<1xi64>
  %v, %i = rt.top_k %x, %k : (tensor<4x10xf32>, tensor<1xi64>) -> (tensor<4x3xf32>, tensor<4x3xi64>)
  return %v, %i : tensor<4x3xf32>, tensor<4x3xi64>
}

// -----

// Einsum: one loop per label; output labels parallel, the others reduced.
// CHECK-DAG: #[[A:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[B:.+]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[C:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @einsum(
// CHECK:         linalg.generic {indexing_maps = [#[[A]], #[[B]], #[[C]]], iterator_types = ["parallel", "parallel", "reduction"]}
func.func @einsum(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = rt.einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Cubic Resize: 4 taps per interpolated dimension (16 for H x W), each an
// extract at a clamped index weighted by Keys' kernel; exclude_outside zeroes
// out-of-range taps and divides by the sum of the weights.
// CHECK-LABEL: func.func @resize_cubic
// CHECK: linalg.generic
// CHECK: math.floor
// CHECK-COUNT-16: tensor.extract
// CHECK: arith.divf
// CHECK: linalg.yield
func.func @resize_cubic(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x8x8xf32> {
  %s = rt.constant dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>
  %0 = rt.resize %x scales %s {mode = "cubic", exclude_outside = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<4xf32>) -> tensor<1x1x8x8xf32>
  return %0 : tensor<1x1x8x8xf32>
}

// -----

// tf_crop_and_resize (the ONNX test's box): each resized axis maps output x
// to start (in - 1) + x (end - start) (in - 1) / (out - 1), here
// 0.4 * 3 + x * 0.8 * 3 / 2 = 1.2 + 1.2 x and 0.6 * 3 + x * 1.1 * 3 / 2 =
// 1.8 + 1.65 x; sources outside [0, in - 1] give the extrapolation value.
// CHECK-LABEL: func.func @resize_crop
// CHECK: linalg.generic
// CHECK: arith.constant 1.200000e+00 : f32
// CHECK: arith.cmpf olt
// CHECK: arith.cmpf ogt
// CHECK: arith.constant 1.6500001 : f32
// CHECK: arith.constant 1.80000007 : f32
// CHECK: arith.cmpf olt
// CHECK: arith.cmpf ogt
// CHECK: arith.ori
// CHECK: %[[E:.+]] = arith.constant 1.000000e+01 : f32
// CHECK: arith.select %{{.*}}, %[[E]], %{{.*}} : f32
// CHECK: linalg.yield
func.func @resize_crop(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  %roi = rt.constant dense<[0.0, 0.0, 0.4, 0.6, 1.0, 1.0, 1.2, 1.7]> : tensor<8xf32>
  %sz = rt.constant dense<[1, 1, 3, 3]> : tensor<4xi64>
  %0 = rt.resize %x roi %roi sizes %sz {coordinate_transformation_mode = "tf_crop_and_resize", mode = "linear", extrapolation_value = 10.0 : f32} : (tensor<1x1x4x4xf32>, tensor<8xf32>, tensor<4xi64>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}
