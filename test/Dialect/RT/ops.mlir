// RUN: rt-opt %s | rt-opt | FileCheck %s

// Round trip of every rt op: each op is parsed, printed and parsed again,
// and the printed form is checked. Attributes equal to their default value
// are elided by the printer, so the inputs below spell only non-default
// attributes. Result types must be compatible with the inferred ones.

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @abs(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>, %[[I:.+]]: tensor<4xi32>)
// CHECK:         %[[Y:.+]] = rt.abs %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK:         %[[Z:.+]] = rt.abs %[[I]] : (tensor<4xi32>) -> tensor<4xi32>
func.func @abs(%x: tensor<2x3xf32>, %i: tensor<4xi32>) -> (tensor<2x3xf32>, tensor<4xi32>) {
  %y = rt.abs %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %z = rt.abs %i : (tensor<4xi32>) -> tensor<4xi32>
  return %y, %z : tensor<2x3xf32>, tensor<4xi32>
}

// CHECK-LABEL: func.func @neg(
// CHECK-SAME:    %[[X:.+]]: tensor<?x4xf32>)
// CHECK:         %[[Y:.+]] = rt.neg %[[X]] : (tensor<?x4xf32>) -> tensor<?x4xf32>
func.func @neg(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %y = rt.neg %x : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// CHECK-LABEL: func.func @sign(
// CHECK-SAME:    %[[X:.+]]: tensor<*xf32>)
// CHECK:         %[[Y:.+]] = rt.sign %[[X]] : (tensor<*xf32>) -> tensor<*xf32>
func.func @sign(%x: tensor<*xf32>) -> tensor<*xf32> {
  %y = rt.sign %x : (tensor<*xf32>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}

// CHECK-LABEL: func.func @identity(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xi64>)
// CHECK:         %[[Y:.+]] = rt.identity %[[X]] : (tensor<2x3xi64>) -> tensor<2x3xi64>
func.func @identity(%x: tensor<2x3xi64>) -> tensor<2x3xi64> {
  %y = rt.identity %x : (tensor<2x3xi64>) -> tensor<2x3xi64>
  return %y : tensor<2x3xi64>
}

// CHECK-LABEL: func.func @not(
// CHECK-SAME:    %[[X:.+]]: tensor<4xi1>)
// CHECK:         %[[Y:.+]] = rt.not %[[X]] : (tensor<4xi1>) -> tensor<4xi1>
func.func @not(%x: tensor<4xi1>) -> tensor<4xi1> {
  %y = rt.not %x : (tensor<4xi1>) -> tensor<4xi1>
  return %y : tensor<4xi1>
}

// CHECK-LABEL: func.func @bitwise_not(
// CHECK-SAME:    %[[X:.+]]: tensor<4xi32>)
// CHECK:         %[[Y:.+]] = rt.bitwise_not %[[X]] : (tensor<4xi32>) -> tensor<4xi32>
func.func @bitwise_not(%x: tensor<4xi32>) -> tensor<4xi32> {
  %y = rt.bitwise_not %x : (tensor<4xi32>) -> tensor<4xi32>
  return %y : tensor<4xi32>
}

// CHECK-LABEL: func.func @relu(
// CHECK-SAME:    %[[X:.+]]: tensor<?x4xf32>, %[[I:.+]]: tensor<4xi8>)
// CHECK:         %[[Y:.+]] = rt.relu %[[X]] : (tensor<?x4xf32>) -> tensor<?x4xf32>
// CHECK:         %[[Z:.+]] = rt.relu %[[I]] : (tensor<4xi8>) -> tensor<4xi8>
func.func @relu(%x: tensor<?x4xf32>, %i: tensor<4xi8>) -> (tensor<?x4xf32>, tensor<4xi8>) {
  %y = rt.relu %x : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %z = rt.relu %i : (tensor<4xi8>) -> tensor<4xi8>
  return %y, %z : tensor<?x4xf32>, tensor<4xi8>
}

// CHECK-LABEL: func.func @exp(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.exp %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @exp(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.exp %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @log(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.log %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @log(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.log %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @sqrt(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.sqrt %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @sqrt(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.sqrt %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @reciprocal(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.reciprocal %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @reciprocal(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.reciprocal %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @floor(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.floor %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @floor(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.floor %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @ceil(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.ceil %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @ceil(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.ceil %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @round(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.round %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @round(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.round %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @erf(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.erf %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @erf(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.erf %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @sin(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.sin %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @sin(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.sin %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @cos(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.cos %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @cos(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.cos %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @tan(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.tan %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @tan(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.tan %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @asin(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.asin %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @asin(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.asin %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @acos(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.acos %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @acos(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.acos %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @atan(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.atan %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @atan(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.atan %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @sinh(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.sinh %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @sinh(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.sinh %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @cosh(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.cosh %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @cosh(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.cosh %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @asinh(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.asinh %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @asinh(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.asinh %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @acosh(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.acosh %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @acosh(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.acosh %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @atanh(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.atanh %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @atanh(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.atanh %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @tanh(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.tanh %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @tanh(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.tanh %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @sigmoid(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.sigmoid %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @sigmoid(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.sigmoid %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @softplus(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.softplus %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @softplus(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.softplus %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @softsign(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.softsign %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @softsign(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.softsign %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @mish(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.mish %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @mish(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.mish %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @hard_swish(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.hard_swish %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @hard_swish(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.hard_swish %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// Declared result types may be more refined than the operand's.
// CHECK-LABEL: func.func @refined_result(
// CHECK-SAME:    %[[X:.+]]: tensor<*xf32>)
// CHECK:         %[[Y:.+]] = rt.sigmoid %[[X]] : (tensor<*xf32>) -> tensor<2x3xf32>
func.func @refined_result(%x: tensor<*xf32>) -> tensor<2x3xf32> {
  %y = rt.sigmoid %x : (tensor<*xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @leaky_relu(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.leaky_relu %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK:         %[[Z:.+]] = rt.leaky_relu %[[X]] {alpha = 2.000000e-01 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @leaky_relu(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %y = rt.leaky_relu %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %z = rt.leaky_relu %x {alpha = 2.000000e-01 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y, %z : tensor<2x3xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @elu(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.elu %[[X]] {alpha = 5.000000e-01 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @elu(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.elu %x {alpha = 5.000000e-01 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @celu(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.celu %[[X]] {alpha = 2.000000e+00 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @celu(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.celu %x {alpha = 2.000000e+00 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @selu(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.selu %[[X]] {alpha = 1.500000e+00 : f32, gamma = 2.000000e+00 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @selu(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.selu %x {alpha = 1.500000e+00 : f32, gamma = 2.000000e+00 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @hard_sigmoid(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.hard_sigmoid %[[X]] {alpha = 2.500000e-01 : f32, beta = 0.000000e+00 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @hard_sigmoid(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.hard_sigmoid %x {alpha = 2.500000e-01 : f32, beta = 0.000000e+00 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @thresholded_relu(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.thresholded_relu %[[X]] {alpha = 5.000000e-01 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @thresholded_relu(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.thresholded_relu %x {alpha = 5.000000e-01 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @shrink(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.shrink %[[X]] {bias = 1.000000e+00 : f32, lambd = 1.500000e+00 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @shrink(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.shrink %x {bias = 1.000000e+00 : f32, lambd = 1.500000e+00 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @gelu(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.gelu %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK:         %[[Z:.+]] = rt.gelu %[[X]] {approximate = "tanh"} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @gelu(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %y = rt.gelu %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %z = rt.gelu %x {approximate = "tanh"} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y, %z : tensor<2x3xf32>, tensor<2x3xf32>
}

//===----------------------------------------------------------------------===//
// Predicates and casts
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @is_nan(
// CHECK-SAME:    %[[X:.+]]: tensor<?x4xf32>)
// CHECK:         %[[Y:.+]] = rt.is_nan %[[X]] : (tensor<?x4xf32>) -> tensor<?x4xi1>
func.func @is_nan(%x: tensor<?x4xf32>) -> tensor<?x4xi1> {
  %y = rt.is_nan %x : (tensor<?x4xf32>) -> tensor<?x4xi1>
  return %y : tensor<?x4xi1>
}

// CHECK-LABEL: func.func @is_inf(
// CHECK-SAME:    %[[X:.+]]: tensor<4xf32>)
// CHECK:         %[[Y:.+]] = rt.is_inf %[[X]] : (tensor<4xf32>) -> tensor<4xi1>
// CHECK:         %[[Z:.+]] = rt.is_inf %[[X]] {detect_negative = 0 : i64} : (tensor<4xf32>) -> tensor<4xi1>
func.func @is_inf(%x: tensor<4xf32>) -> (tensor<4xi1>, tensor<4xi1>) {
  %y = rt.is_inf %x : (tensor<4xf32>) -> tensor<4xi1>
  %z = rt.is_inf %x {detect_negative = 0 : i64} : (tensor<4xf32>) -> tensor<4xi1>
  return %y, %z : tensor<4xi1>, tensor<4xi1>
}

// CHECK-LABEL: func.func @cast(
// CHECK-SAME:    %[[X:.+]]: tensor<4xf32>, %[[U:.+]]: tensor<*xi64>)
// CHECK:         %[[Y:.+]] = rt.cast %[[X]] {to = f16} : (tensor<4xf32>) -> tensor<4xf16>
// CHECK:         %[[Z:.+]] = rt.cast %[[X]] {saturate = 0 : i64, to = i32} : (tensor<4xf32>) -> tensor<4xi32>
// CHECK:         %[[W:.+]] = rt.cast %[[U]] {to = f32} : (tensor<*xi64>) -> tensor<*xf32>
func.func @cast(%x: tensor<4xf32>, %u: tensor<*xi64>) -> (tensor<4xf16>, tensor<4xi32>, tensor<*xf32>) {
  %y = rt.cast %x {to = f16} : (tensor<4xf32>) -> tensor<4xf16>
  %z = rt.cast %x {saturate = 0 : i64, to = i32} : (tensor<4xf32>) -> tensor<4xi32>
  %w = rt.cast %u {to = f32} : (tensor<*xi64>) -> tensor<*xf32>
  return %y, %z, %w : tensor<4xf16>, tensor<4xi32>, tensor<*xf32>
}

//===----------------------------------------------------------------------===//
// Elementwise binary, comparison and variadic ops
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @add(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>, %[[Y:.+]]: tensor<3xf32>)
// CHECK:         %[[Z:.+]] = rt.add %[[X]], %[[Y]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @add(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2x3xf32> {
  %z = rt.add %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %z : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @sub(
// CHECK-SAME:    %[[X:.+]]: tensor<?x4xf32>, %[[Y:.+]]: tensor<1x4xf32>)
// CHECK:         %[[Z:.+]] = rt.sub %[[X]], %[[Y]] : (tensor<?x4xf32>, tensor<1x4xf32>) -> tensor<?x4xf32>
func.func @sub(%x: tensor<?x4xf32>, %y: tensor<1x4xf32>) -> tensor<?x4xf32> {
  %z = rt.sub %x, %y : (tensor<?x4xf32>, tensor<1x4xf32>) -> tensor<?x4xf32>
  return %z : tensor<?x4xf32>
}

// CHECK-LABEL: func.func @mul(
// CHECK-SAME:    %[[X:.+]]: tensor<*xf32>, %[[Y:.+]]: tensor<f32>)
// CHECK:         %[[Z:.+]] = rt.mul %[[X]], %[[Y]] : (tensor<*xf32>, tensor<f32>) -> tensor<*xf32>
func.func @mul(%x: tensor<*xf32>, %y: tensor<f32>) -> tensor<*xf32> {
  %z = rt.mul %x, %y : (tensor<*xf32>, tensor<f32>) -> tensor<*xf32>
  return %z : tensor<*xf32>
}

// CHECK-LABEL: func.func @div(
// CHECK-SAME:    %[[X:.+]]: tensor<2x1xi64>, %[[Y:.+]]: tensor<1x3xi64>)
// CHECK:         %[[Z:.+]] = rt.div %[[X]], %[[Y]] : (tensor<2x1xi64>, tensor<1x3xi64>) -> tensor<2x3xi64>
func.func @div(%x: tensor<2x1xi64>, %y: tensor<1x3xi64>) -> tensor<2x3xi64> {
  %z = rt.div %x, %y : (tensor<2x1xi64>, tensor<1x3xi64>) -> tensor<2x3xi64>
  return %z : tensor<2x3xi64>
}

// CHECK-LABEL: func.func @mod(
// CHECK-SAME:    %[[X:.+]]: tensor<4xi32>, %[[Y:.+]]: tensor<4xi32>, %[[F:.+]]: tensor<4xf32>)
// CHECK:         %[[Z:.+]] = rt.mod %[[X]], %[[Y]] : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
// CHECK:         %[[W:.+]] = rt.mod %[[F]], %[[F]] {fmod = 1 : i64} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
func.func @mod(%x: tensor<4xi32>, %y: tensor<4xi32>, %f: tensor<4xf32>) -> (tensor<4xi32>, tensor<4xf32>) {
  %z = rt.mod %x, %y : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %w = rt.mod %f, %f {fmod = 1 : i64} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %z, %w : tensor<4xi32>, tensor<4xf32>
}

// CHECK-LABEL: func.func @bitwise(
// CHECK-SAME:    %[[X:.+]]: tensor<4xi32>, %[[Y:.+]]: tensor<4xi32>)
// CHECK:         %[[A:.+]] = rt.bitwise_and %[[X]], %[[Y]] : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
// CHECK:         %[[O:.+]] = rt.bitwise_or %[[X]], %[[Y]] : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
// CHECK:         %[[E:.+]] = rt.bitwise_xor %[[X]], %[[Y]] : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
func.func @bitwise(%x: tensor<4xi32>, %y: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) {
  %a = rt.bitwise_and %x, %y : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %o = rt.bitwise_or %x, %y : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %e = rt.bitwise_xor %x, %y : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %a, %o, %e : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>
}

// CHECK-LABEL: func.func @bit_shift(
// CHECK-SAME:    %[[X:.+]]: tensor<4xui8>, %[[Y:.+]]: tensor<ui8>)
// CHECK:         %[[L:.+]] = rt.bit_shift %[[X]], %[[Y]] {direction = "LEFT"} : (tensor<4xui8>, tensor<ui8>) -> tensor<4xui8>
// CHECK:         %[[R:.+]] = rt.bit_shift %[[X]], %[[Y]] {direction = "RIGHT"} : (tensor<4xui8>, tensor<ui8>) -> tensor<4xui8>
func.func @bit_shift(%x: tensor<4xui8>, %y: tensor<ui8>) -> (tensor<4xui8>, tensor<4xui8>) {
  %l = rt.bit_shift %x, %y {direction = "LEFT"} : (tensor<4xui8>, tensor<ui8>) -> tensor<4xui8>
  %r = rt.bit_shift %x, %y {direction = "RIGHT"} : (tensor<4xui8>, tensor<ui8>) -> tensor<4xui8>
  return %l, %r : tensor<4xui8>, tensor<4xui8>
}

// CHECK-LABEL: func.func @pow(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>, %[[E:.+]]: tensor<i32>)
// CHECK:         %[[Y:.+]] = rt.pow %[[X]], %[[E]] : (tensor<2x3xf32>, tensor<i32>) -> tensor<2x3xf32>
func.func @pow(%x: tensor<2x3xf32>, %e: tensor<i32>) -> tensor<2x3xf32> {
  %y = rt.pow %x, %e : (tensor<2x3xf32>, tensor<i32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @prelu(
// CHECK-SAME:    %[[X:.+]]: tensor<1x3x8x8xf32>, %[[S:.+]]: tensor<3x1x1xf32>)
// CHECK:         %[[Y:.+]] = rt.prelu %[[X]], %[[S]] : (tensor<1x3x8x8xf32>, tensor<3x1x1xf32>) -> tensor<1x3x8x8xf32>
func.func @prelu(%x: tensor<1x3x8x8xf32>, %s: tensor<3x1x1xf32>) -> tensor<1x3x8x8xf32> {
  %y = rt.prelu %x, %s : (tensor<1x3x8x8xf32>, tensor<3x1x1xf32>) -> tensor<1x3x8x8xf32>
  return %y : tensor<1x3x8x8xf32>
}

// CHECK-LABEL: func.func @compare(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xi64>, %[[Y:.+]]: tensor<3xi64>)
// CHECK:         %[[EQ:.+]] = rt.equal %[[X]], %[[Y]] : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi1>
// CHECK:         %[[LT:.+]] = rt.less %[[X]], %[[Y]] : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi1>
// CHECK:         %[[LE:.+]] = rt.less_or_equal %[[X]], %[[Y]] : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi1>
// CHECK:         %[[GT:.+]] = rt.greater %[[X]], %[[Y]] : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi1>
// CHECK:         %[[GE:.+]] = rt.greater_or_equal %[[X]], %[[Y]] : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi1>
func.func @compare(%x: tensor<2x3xi64>, %y: tensor<3xi64>) -> (tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>) {
  %eq = rt.equal %x, %y : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi1>
  %lt = rt.less %x, %y : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi1>
  %le = rt.less_or_equal %x, %y : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi1>
  %gt = rt.greater %x, %y : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi1>
  %ge = rt.greater_or_equal %x, %y : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi1>
  return %eq, %lt, %le, %gt, %ge : tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>
}

// CHECK-LABEL: func.func @compare_dynamic(
// CHECK-SAME:    %[[X:.+]]: tensor<?x3xf32>, %[[Y:.+]]: tensor<*xf32>)
// CHECK:         %[[LT:.+]] = rt.less %[[X]], %[[X]] : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xi1>
// CHECK:         %[[EQ:.+]] = rt.equal %[[X]], %[[Y]] : (tensor<?x3xf32>, tensor<*xf32>) -> tensor<*xi1>
func.func @compare_dynamic(%x: tensor<?x3xf32>, %y: tensor<*xf32>) -> (tensor<?x3xi1>, tensor<*xi1>) {
  %lt = rt.less %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xi1>
  %eq = rt.equal %x, %y : (tensor<?x3xf32>, tensor<*xf32>) -> tensor<*xi1>
  return %lt, %eq : tensor<?x3xi1>, tensor<*xi1>
}

// CHECK-LABEL: func.func @logical(
// CHECK-SAME:    %[[X:.+]]: tensor<4xi1>, %[[Y:.+]]: tensor<1xi1>)
// CHECK:         %[[A:.+]] = rt.and %[[X]], %[[Y]] : (tensor<4xi1>, tensor<1xi1>) -> tensor<4xi1>
// CHECK:         %[[O:.+]] = rt.or %[[X]], %[[Y]] : (tensor<4xi1>, tensor<1xi1>) -> tensor<4xi1>
// CHECK:         %[[E:.+]] = rt.xor %[[X]], %[[Y]] : (tensor<4xi1>, tensor<1xi1>) -> tensor<4xi1>
func.func @logical(%x: tensor<4xi1>, %y: tensor<1xi1>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %a = rt.and %x, %y : (tensor<4xi1>, tensor<1xi1>) -> tensor<4xi1>
  %o = rt.or %x, %y : (tensor<4xi1>, tensor<1xi1>) -> tensor<4xi1>
  %e = rt.xor %x, %y : (tensor<4xi1>, tensor<1xi1>) -> tensor<4xi1>
  return %a, %o, %e : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// CHECK-LABEL: func.func @where(
// CHECK-SAME:    %[[C:.+]]: tensor<1x1x4x4xi1>, %[[X:.+]]: tensor<2x8x4x4xf32>, %[[Y:.+]]: tensor<f32>)
// CHECK:         %[[Z:.+]] = rt.where %[[C]], %[[X]], %[[Y]] : (tensor<1x1x4x4xi1>, tensor<2x8x4x4xf32>, tensor<f32>) -> tensor<2x8x4x4xf32>
func.func @where(%c: tensor<1x1x4x4xi1>, %x: tensor<2x8x4x4xf32>, %y: tensor<f32>) -> tensor<2x8x4x4xf32> {
  %z = rt.where %c, %x, %y : (tensor<1x1x4x4xi1>, tensor<2x8x4x4xf32>, tensor<f32>) -> tensor<2x8x4x4xf32>
  return %z : tensor<2x8x4x4xf32>
}

// CHECK-LABEL: func.func @clip(
// CHECK-SAME:    %[[X:.+]]: tensor<8xf32>, %[[LO:.+]]: tensor<f32>, %[[HI:.+]]: tensor<1xf32>)
// CHECK:         %[[A:.+]] = rt.clip %[[X]] : (tensor<8xf32>) -> tensor<8xf32>
// CHECK:         %[[B:.+]] = rt.clip %[[X]] min %[[LO]] : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
// CHECK:         %[[C:.+]] = rt.clip %[[X]] max %[[HI]] : (tensor<8xf32>, tensor<1xf32>) -> tensor<8xf32>
// CHECK:         %[[D:.+]] = rt.clip %[[X]] min %[[LO]] max %[[HI]] : (tensor<8xf32>, tensor<f32>, tensor<1xf32>) -> tensor<8xf32>
func.func @clip(%x: tensor<8xf32>, %lo: tensor<f32>, %hi: tensor<1xf32>) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) {
  %a = rt.clip %x : (tensor<8xf32>) -> tensor<8xf32>
  %b = rt.clip %x min %lo : (tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
  %c = rt.clip %x max %hi : (tensor<8xf32>, tensor<1xf32>) -> tensor<8xf32>
  %d = rt.clip %x min %lo max %hi : (tensor<8xf32>, tensor<f32>, tensor<1xf32>) -> tensor<8xf32>
  return %a, %b, %c, %d : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
}

// CHECK-LABEL: func.func @variadic(
// CHECK-SAME:    %[[A:.+]]: tensor<4xf32>, %[[B:.+]]: tensor<4xf32>, %[[C:.+]]: tensor<1xf32>, %[[D:.+]]: tensor<?x4xf32>, %[[U:.+]]: tensor<*xf32>)
// CHECK:         %[[MAX:.+]] = rt.max %[[A]], %[[B]], %[[C]] : (tensor<4xf32>, tensor<4xf32>, tensor<1xf32>) -> tensor<4xf32>
// CHECK:         %[[MIN:.+]] = rt.min %[[A]] : (tensor<4xf32>) -> tensor<4xf32>
// CHECK:         %[[SUM:.+]] = rt.sum %[[A]], %[[D]] : (tensor<4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
// CHECK:         %[[MEAN:.+]] = rt.mean %[[A]], %[[U]] : (tensor<4xf32>, tensor<*xf32>) -> tensor<*xf32>
func.func @variadic(%a: tensor<4xf32>, %b: tensor<4xf32>, %c: tensor<1xf32>, %d: tensor<?x4xf32>, %u: tensor<*xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<?x4xf32>, tensor<*xf32>) {
  %max = rt.max %a, %b, %c : (tensor<4xf32>, tensor<4xf32>, tensor<1xf32>) -> tensor<4xf32>
  %min = rt.min %a : (tensor<4xf32>) -> tensor<4xf32>
  %sum = rt.sum %a, %d : (tensor<4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %mean = rt.mean %a, %u : (tensor<4xf32>, tensor<*xf32>) -> tensor<*xf32>
  return %max, %min, %sum, %mean : tensor<4xf32>, tensor<4xf32>, tensor<?x4xf32>, tensor<*xf32>
}

//===----------------------------------------------------------------------===//
// Matrix products
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @matmul(
// CHECK-SAME:    %[[A:.+]]: tensor<2x128x768xf16>, %[[B:.+]]: tensor<768x3072xf16>, %[[V:.+]]: tensor<768xf16>, %[[D:.+]]: tensor<?x?x768xf16>)
// CHECK:         %[[Y:.+]] = rt.matmul %[[A]], %[[B]] : (tensor<2x128x768xf16>, tensor<768x3072xf16>) -> tensor<2x128x3072xf16>
// CHECK:         %[[MV:.+]] = rt.matmul %[[A]], %[[V]] : (tensor<2x128x768xf16>, tensor<768xf16>) -> tensor<2x128xf16>
// CHECK:         %[[VM:.+]] = rt.matmul %[[V]], %[[B]] : (tensor<768xf16>, tensor<768x3072xf16>) -> tensor<3072xf16>
// CHECK:         %[[DY:.+]] = rt.matmul %[[D]], %[[B]] : (tensor<?x?x768xf16>, tensor<768x3072xf16>) -> tensor<?x?x3072xf16>
func.func @matmul(%a: tensor<2x128x768xf16>, %b: tensor<768x3072xf16>, %v: tensor<768xf16>, %d: tensor<?x?x768xf16>) -> (tensor<2x128x3072xf16>, tensor<2x128xf16>, tensor<3072xf16>, tensor<?x?x3072xf16>) {
  %y = rt.matmul %a, %b : (tensor<2x128x768xf16>, tensor<768x3072xf16>) -> tensor<2x128x3072xf16>
  %mv = rt.matmul %a, %v : (tensor<2x128x768xf16>, tensor<768xf16>) -> tensor<2x128xf16>
  %vm = rt.matmul %v, %b : (tensor<768xf16>, tensor<768x3072xf16>) -> tensor<3072xf16>
  %dy = rt.matmul %d, %b : (tensor<?x?x768xf16>, tensor<768x3072xf16>) -> tensor<?x?x3072xf16>
  return %y, %mv, %vm, %dy : tensor<2x128x3072xf16>, tensor<2x128xf16>, tensor<3072xf16>, tensor<?x?x3072xf16>
}

// CHECK-LABEL: func.func @gemm(
// CHECK-SAME:    %[[X:.+]]: tensor<1x2048xf32>, %[[W:.+]]: tensor<1000x2048xf32>, %[[B:.+]]: tensor<1000xf32>, %[[T:.+]]: tensor<2048x4xf32>)
// CHECK:         %[[Y:.+]] = rt.gemm %[[X]], %[[W]], %[[B]] {transB = 1 : i64} : (tensor<1x2048xf32>, tensor<1000x2048xf32>, tensor<1000xf32>) -> tensor<1x1000xf32>
// CHECK:         %[[Z:.+]] = rt.gemm %[[T]], %[[W]] {alpha = 5.000000e-01 : f32, beta = 0.000000e+00 : f32, transA = 1 : i64, transB = 1 : i64} : (tensor<2048x4xf32>, tensor<1000x2048xf32>) -> tensor<4x1000xf32>
func.func @gemm(%x: tensor<1x2048xf32>, %w: tensor<1000x2048xf32>, %b: tensor<1000xf32>, %t: tensor<2048x4xf32>) -> (tensor<1x1000xf32>, tensor<4x1000xf32>) {
  %y = rt.gemm %x, %w, %b {transB = 1 : i64} : (tensor<1x2048xf32>, tensor<1000x2048xf32>, tensor<1000xf32>) -> tensor<1x1000xf32>
  %z = rt.gemm %t, %w {alpha = 5.000000e-01 : f32, beta = 0.000000e+00 : f32, transA = 1 : i64, transB = 1 : i64} : (tensor<2048x4xf32>, tensor<1000x2048xf32>) -> tensor<4x1000xf32>
  return %y, %z : tensor<1x1000xf32>, tensor<4x1000xf32>
}

// c broadcasts unidirectionally to [M, N]: [M, 1], a scalar, [1, N] and
// dynamic sizes are accepted.
// CHECK-LABEL: func.func @gemm_c_broadcast(
// CHECK-SAME:    %[[A:.+]]: tensor<2x3xf32>, %[[B:.+]]: tensor<3x5xf32>, %[[C1:.+]]: tensor<2x1xf32>, %[[C2:.+]]: tensor<f32>, %[[C3:.+]]: tensor<?xf32>, %[[C4:.+]]: tensor<1x5xf32>)
// CHECK:         rt.gemm %[[A]], %[[B]], %[[C1]] : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<2x1xf32>) -> tensor<2x5xf32>
// CHECK:         rt.gemm %[[A]], %[[B]], %[[C2]] : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<f32>) -> tensor<2x5xf32>
// CHECK:         rt.gemm %[[A]], %[[B]], %[[C3]] : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<?xf32>) -> tensor<2x5xf32>
// CHECK:         rt.gemm %[[A]], %[[B]], %[[C4]] : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<1x5xf32>) -> tensor<2x5xf32>
func.func @gemm_c_broadcast(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>, %c1: tensor<2x1xf32>, %c2: tensor<f32>, %c3: tensor<?xf32>, %c4: tensor<1x5xf32>) -> (tensor<2x5xf32>, tensor<2x5xf32>, tensor<2x5xf32>, tensor<2x5xf32>) {
  %r1 = rt.gemm %a, %b, %c1 : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<2x1xf32>) -> tensor<2x5xf32>
  %r2 = rt.gemm %a, %b, %c2 : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<f32>) -> tensor<2x5xf32>
  %r3 = rt.gemm %a, %b, %c3 : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<?xf32>) -> tensor<2x5xf32>
  %r4 = rt.gemm %a, %b, %c4 : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<1x5xf32>) -> tensor<2x5xf32>
  return %r1, %r2, %r3, %r4 : tensor<2x5xf32>, tensor<2x5xf32>, tensor<2x5xf32>, tensor<2x5xf32>
}

// CHECK-LABEL: func.func @einsum(
// CHECK-SAME:    %[[A:.+]]: tensor<2x3xf32>, %[[B:.+]]: tensor<3x4xf32>, %[[C:.+]]: tensor<5x2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.einsum %[[A]], %[[B]] {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK:         %[[T:.+]] = rt.einsum %[[A]] {equation = "ij->ji"} : (tensor<2x3xf32>) -> tensor<3x2xf32>
// CHECK:         %[[S:.+]] = rt.einsum %[[C]] {equation = "bij->b"} : (tensor<5x2x3xf32>) -> tensor<5xf32>
func.func @einsum(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<5x2x3xf32>) -> (tensor<2x4xf32>, tensor<3x2xf32>, tensor<5xf32>) {
  %y = rt.einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %t = rt.einsum %a {equation = "ij->ji"} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %s = rt.einsum %c {equation = "bij->b"} : (tensor<5x2x3xf32>) -> tensor<5xf32>
  return %y, %t, %s : tensor<2x4xf32>, tensor<3x2xf32>, tensor<5xf32>
}

//===----------------------------------------------------------------------===//
// Convolution, pooling, normalization
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @conv(
// CHECK-SAME:    %[[X:.+]]: tensor<1x3x224x224xf32>, %[[W:.+]]: tensor<64x3x7x7xf32>, %[[B:.+]]: tensor<64xf32>)
// CHECK:         %[[Y:.+]] = rt.conv %[[X]], %[[W]], %[[B]] {pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<1x64x112x112xf32>
func.func @conv(%x: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>, %b: tensor<64xf32>) -> tensor<1x64x112x112xf32> {
  %y = rt.conv %x, %w, %b {pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<1x64x112x112xf32>
  return %y : tensor<1x64x112x112xf32>
}

// CHECK-LABEL: func.func @conv_no_bias(
// CHECK-SAME:    %[[X:.+]]: tensor<?x8x32x32xf32>, %[[W:.+]]: tensor<16x4x3x3xf32>)
// CHECK:         %[[Y:.+]] = rt.conv %[[X]], %[[W]] {auto_pad = "SAME_UPPER", group = 2 : i64} : (tensor<?x8x32x32xf32>, tensor<16x4x3x3xf32>) -> tensor<?x16x32x32xf32>
// CHECK:         %[[Z:.+]] = rt.conv %[[X]], %[[W]] {dilations = array<i64: 2, 2>, group = 2 : i64, kernel_shape = array<i64: 3, 3>} : (tensor<?x8x32x32xf32>, tensor<16x4x3x3xf32>) -> tensor<?x16x28x28xf32>
func.func @conv_no_bias(%x: tensor<?x8x32x32xf32>, %w: tensor<16x4x3x3xf32>) -> (tensor<?x16x32x32xf32>, tensor<?x16x28x28xf32>) {
  %y = rt.conv %x, %w {auto_pad = "SAME_UPPER", group = 2 : i64} : (tensor<?x8x32x32xf32>, tensor<16x4x3x3xf32>) -> tensor<?x16x32x32xf32>
  %z = rt.conv %x, %w {dilations = array<i64: 2, 2>, group = 2 : i64, kernel_shape = array<i64: 3, 3>} : (tensor<?x8x32x32xf32>, tensor<16x4x3x3xf32>) -> tensor<?x16x28x28xf32>
  return %y, %z : tensor<?x16x32x32xf32>, tensor<?x16x28x28xf32>
}

// CHECK-LABEL: func.func @conv_transpose(
// CHECK-SAME:    %[[X:.+]]: tensor<1x8x4x4xf32>, %[[W:.+]]: tensor<8x4x3x3xf32>, %[[B:.+]]: tensor<4xf32>)
// CHECK:         %[[Y:.+]] = rt.conv_transpose %[[X]], %[[W]] {strides = array<i64: 2, 2>} : (tensor<1x8x4x4xf32>, tensor<8x4x3x3xf32>) -> tensor<1x4x9x9xf32>
// CHECK:         %[[Z:.+]] = rt.conv_transpose %[[X]], %[[W]], %[[B]] {output_padding = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x8x4x4xf32>, tensor<8x4x3x3xf32>, tensor<4xf32>) -> tensor<1x4x10x10xf32>
func.func @conv_transpose(%x: tensor<1x8x4x4xf32>, %w: tensor<8x4x3x3xf32>, %b: tensor<4xf32>) -> (tensor<1x4x9x9xf32>, tensor<1x4x10x10xf32>) {
  %y = rt.conv_transpose %x, %w {strides = array<i64: 2, 2>} : (tensor<1x8x4x4xf32>, tensor<8x4x3x3xf32>) -> tensor<1x4x9x9xf32>
  %z = rt.conv_transpose %x, %w, %b {output_padding = array<i64: 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x8x4x4xf32>, tensor<8x4x3x3xf32>, tensor<4xf32>) -> tensor<1x4x10x10xf32>
  return %y, %z : tensor<1x4x9x9xf32>, tensor<1x4x10x10xf32>
}

// CHECK-LABEL: func.func @pool(
// CHECK-SAME:    %[[X:.+]]: tensor<1x64x112x112xf32>)
// CHECK:         %[[M:.+]] = rt.max_pool %[[X]] {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
// CHECK:         %[[A:.+]] = rt.average_pool %[[X]] {auto_pad = "SAME_UPPER", count_include_pad = 1 : i64, kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
// CHECK:         %[[L:.+]] = rt.lp_pool %[[X]] {kernel_shape = array<i64: 2, 2>, p = 3 : i64} : (tensor<1x64x112x112xf32>) -> tensor<1x64x111x111xf32>
func.func @pool(%x: tensor<1x64x112x112xf32>) -> (tensor<1x64x56x56xf32>, tensor<1x64x56x56xf32>, tensor<1x64x111x111xf32>) {
  %m = rt.max_pool %x {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
  %a = rt.average_pool %x {auto_pad = "SAME_UPPER", count_include_pad = 1 : i64, kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
  %l = rt.lp_pool %x {kernel_shape = array<i64: 2, 2>, p = 3 : i64} : (tensor<1x64x112x112xf32>) -> tensor<1x64x111x111xf32>
  return %m, %a, %l : tensor<1x64x56x56xf32>, tensor<1x64x56x56xf32>, tensor<1x64x111x111xf32>
}

// CHECK-LABEL: func.func @pool_dynamic(
// CHECK-SAME:    %[[X:.+]]: tensor<?x64x?x?xf32>, %[[U:.+]]: tensor<*xf32>)
// CHECK:         %[[M:.+]] = rt.max_pool %[[X]] {ceil_mode = 1 : i64, kernel_shape = array<i64: 3, 3>, storage_order = 1 : i64} : (tensor<?x64x?x?xf32>) -> tensor<?x64x?x?xf32>
// CHECK:         %[[U2:.+]] = rt.max_pool %[[U]] {kernel_shape = array<i64: 3, 3>} : (tensor<*xf32>) -> tensor<?x?x?x?xf32>
func.func @pool_dynamic(%x: tensor<?x64x?x?xf32>, %u: tensor<*xf32>) -> (tensor<?x64x?x?xf32>, tensor<?x?x?x?xf32>) {
  %m = rt.max_pool %x {ceil_mode = 1 : i64, kernel_shape = array<i64: 3, 3>, storage_order = 1 : i64} : (tensor<?x64x?x?xf32>) -> tensor<?x64x?x?xf32>
  %u2 = rt.max_pool %u {kernel_shape = array<i64: 3, 3>} : (tensor<*xf32>) -> tensor<?x?x?x?xf32>
  return %m, %u2 : tensor<?x64x?x?xf32>, tensor<?x?x?x?xf32>
}

// CHECK-LABEL: func.func @global_pool(
// CHECK-SAME:    %[[X:.+]]: tensor<1x2048x7x7xf32>, %[[D:.+]]: tensor<?x2048x?x?xf32>)
// CHECK:         %[[A:.+]] = rt.global_average_pool %[[X]] : (tensor<1x2048x7x7xf32>) -> tensor<1x2048x1x1xf32>
// CHECK:         %[[M:.+]] = rt.global_max_pool %[[D]] : (tensor<?x2048x?x?xf32>) -> tensor<?x2048x1x1xf32>
// CHECK:         %[[L:.+]] = rt.global_lp_pool %[[X]] {p = 1 : i64} : (tensor<1x2048x7x7xf32>) -> tensor<1x2048x1x1xf32>
func.func @global_pool(%x: tensor<1x2048x7x7xf32>, %d: tensor<?x2048x?x?xf32>) -> (tensor<1x2048x1x1xf32>, tensor<?x2048x1x1xf32>, tensor<1x2048x1x1xf32>) {
  %a = rt.global_average_pool %x : (tensor<1x2048x7x7xf32>) -> tensor<1x2048x1x1xf32>
  %m = rt.global_max_pool %d : (tensor<?x2048x?x?xf32>) -> tensor<?x2048x1x1xf32>
  %l = rt.global_lp_pool %x {p = 1 : i64} : (tensor<1x2048x7x7xf32>) -> tensor<1x2048x1x1xf32>
  return %a, %m, %l : tensor<1x2048x1x1xf32>, tensor<?x2048x1x1xf32>, tensor<1x2048x1x1xf32>
}

// CHECK-LABEL: func.func @batch_normalization(
// CHECK-SAME:    %[[X:.+]]: tensor<1x64x56x56xf32>, %[[S:.+]]: tensor<64xf32>, %[[B:.+]]: tensor<64xf32>, %[[M:.+]]: tensor<64xf32>, %[[V:.+]]: tensor<64xf32>)
// CHECK:         %[[Y:.+]] = rt.batch_normalization %[[X]], %[[S]], %[[B]], %[[M]], %[[V]] {epsilon = 1.000000e-03 : f32} : (tensor<1x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<1x64x56x56xf32>
func.func @batch_normalization(%x: tensor<1x64x56x56xf32>, %s: tensor<64xf32>, %b: tensor<64xf32>, %m: tensor<64xf32>, %v: tensor<64xf32>) -> tensor<1x64x56x56xf32> {
  %y = rt.batch_normalization %x, %s, %b, %m, %v {epsilon = 1.000000e-03 : f32} : (tensor<1x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<1x64x56x56xf32>
  return %y : tensor<1x64x56x56xf32>
}

// CHECK-LABEL: func.func @instance_normalization(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3x8x8xf32>, %[[S:.+]]: tensor<3xf32>, %[[B:.+]]: tensor<3xf32>)
// CHECK:         %[[Y:.+]] = rt.instance_normalization %[[X]], %[[S]], %[[B]] : (tensor<2x3x8x8xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x8x8xf32>
func.func @instance_normalization(%x: tensor<2x3x8x8xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<2x3x8x8xf32> {
  %y = rt.instance_normalization %x, %s, %b : (tensor<2x3x8x8xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x8x8xf32>
  return %y : tensor<2x3x8x8xf32>
}

// CHECK-LABEL: func.func @layer_normalization(
// CHECK-SAME:    %[[X:.+]]: tensor<?x128x768xf32>, %[[G:.+]]: tensor<768xf32>, %[[B:.+]]: tensor<768xf32>)
// CHECK:         %[[Y:.+]] = rt.layer_normalization %[[X]], %[[G]], %[[B]] {epsilon = 9.99999996E-13 : f32} : (tensor<?x128x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<?x128x768xf32>
// CHECK:         %[[Z:.+]] = rt.layer_normalization %[[X]], %[[G]] {axis = 2 : i64} : (tensor<?x128x768xf32>, tensor<768xf32>) -> tensor<?x128x768xf32>
func.func @layer_normalization(%x: tensor<?x128x768xf32>, %g: tensor<768xf32>, %b: tensor<768xf32>) -> (tensor<?x128x768xf32>, tensor<?x128x768xf32>) {
  %y = rt.layer_normalization %x, %g, %b {epsilon = 9.99999996E-13 : f32} : (tensor<?x128x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<?x128x768xf32>
  %z = rt.layer_normalization %x, %g {axis = 2 : i64} : (tensor<?x128x768xf32>, tensor<768xf32>) -> tensor<?x128x768xf32>
  return %y, %z : tensor<?x128x768xf32>, tensor<?x128x768xf32>
}

// CHECK-LABEL: func.func @group_normalization(
// CHECK-SAME:    %[[X:.+]]: tensor<1x4x8x8xf32>, %[[S:.+]]: tensor<4xf32>, %[[B:.+]]: tensor<4xf32>)
// CHECK:         %[[Y:.+]] = rt.group_normalization %[[X]], %[[S]], %[[B]] {num_groups = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
func.func @group_normalization(%x: tensor<1x4x8x8xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  %y = rt.group_normalization %x, %s, %b {num_groups = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}

// The normalization verifiers accept scale/bias that broadcast to the
// normalized shape (layer_normalization) and unknown channel counts.
// CHECK-LABEL: func.func @normalization_broadcast_and_dynamic(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3x4xf32>, %[[G:.+]]: tensor<3x1xf32>, %[[ONE:.+]]: tensor<1xf32>, %[[D:.+]]: tensor<?x?x8x8xf32>, %[[P:.+]]: tensor<6xf32>, %[[Q:.+]]: tensor<?xf32>)
// CHECK:         rt.layer_normalization %[[X]], %[[G]], %[[ONE]] {axis = -2 : i64} : (tensor<2x3x4xf32>, tensor<3x1xf32>, tensor<1xf32>) -> tensor<2x3x4xf32>
// CHECK:         rt.layer_normalization %[[X]], %[[ONE]] : (tensor<2x3x4xf32>, tensor<1xf32>) -> tensor<2x3x4xf32>
// CHECK:         rt.batch_normalization %[[D]], %[[P]], %[[Q]], %[[P]], %[[Q]] : (tensor<?x?x8x8xf32>, tensor<6xf32>, tensor<?xf32>, tensor<6xf32>, tensor<?xf32>) -> tensor<?x?x8x8xf32>
// CHECK:         rt.group_normalization %[[D]], %[[P]], %[[Q]] {num_groups = 3 : i64} : (tensor<?x?x8x8xf32>, tensor<6xf32>, tensor<?xf32>) -> tensor<?x?x8x8xf32>
// CHECK:         rt.instance_normalization %[[D]], %[[Q]], %[[Q]] : (tensor<?x?x8x8xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?x8x8xf32>
func.func @normalization_broadcast_and_dynamic(%x: tensor<2x3x4xf32>, %g: tensor<3x1xf32>, %one: tensor<1xf32>, %d: tensor<?x?x8x8xf32>, %p: tensor<6xf32>, %q: tensor<?xf32>) -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<?x?x8x8xf32>, tensor<?x?x8x8xf32>, tensor<?x?x8x8xf32>) {
  %a = rt.layer_normalization %x, %g, %one {axis = -2 : i64} : (tensor<2x3x4xf32>, tensor<3x1xf32>, tensor<1xf32>) -> tensor<2x3x4xf32>
  %b = rt.layer_normalization %x, %one : (tensor<2x3x4xf32>, tensor<1xf32>) -> tensor<2x3x4xf32>
  %c = rt.batch_normalization %d, %p, %q, %p, %q : (tensor<?x?x8x8xf32>, tensor<6xf32>, tensor<?xf32>, tensor<6xf32>, tensor<?xf32>) -> tensor<?x?x8x8xf32>
  %e = rt.group_normalization %d, %p, %q {num_groups = 3 : i64} : (tensor<?x?x8x8xf32>, tensor<6xf32>, tensor<?xf32>) -> tensor<?x?x8x8xf32>
  %f = rt.instance_normalization %d, %q, %q : (tensor<?x?x8x8xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?x8x8xf32>
  return %a, %b, %c, %e, %f : tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<?x?x8x8xf32>, tensor<?x?x8x8xf32>, tensor<?x?x8x8xf32>
}

// CHECK-LABEL: func.func @lrn(
// CHECK-SAME:    %[[X:.+]]: tensor<1x8x4x4xf32>)
// CHECK:         %[[Y:.+]] = rt.lrn %[[X]] {size = 3 : i64} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
func.func @lrn(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %y = rt.lrn %x {size = 3 : i64} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

//===----------------------------------------------------------------------===//
// Softmax, quantization, resampling
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @softmax(
// CHECK-SAME:    %[[X:.+]]: tensor<1x12x128x128xf32>, %[[U:.+]]: tensor<*xf32>)
// CHECK:         %[[S:.+]] = rt.softmax %[[X]] : (tensor<1x12x128x128xf32>) -> tensor<1x12x128x128xf32>
// CHECK:         %[[L:.+]] = rt.log_softmax %[[X]] {axis = 1 : i64} : (tensor<1x12x128x128xf32>) -> tensor<1x12x128x128xf32>
// CHECK:         %[[H:.+]] = rt.hardmax %[[U]] {axis = 5 : i64} : (tensor<*xf32>) -> tensor<*xf32>
func.func @softmax(%x: tensor<1x12x128x128xf32>, %u: tensor<*xf32>) -> (tensor<1x12x128x128xf32>, tensor<1x12x128x128xf32>, tensor<*xf32>) {
  %s = rt.softmax %x : (tensor<1x12x128x128xf32>) -> tensor<1x12x128x128xf32>
  %l = rt.log_softmax %x {axis = 1 : i64} : (tensor<1x12x128x128xf32>) -> tensor<1x12x128x128xf32>
  %h = rt.hardmax %u {axis = 5 : i64} : (tensor<*xf32>) -> tensor<*xf32>
  return %s, %l, %h : tensor<1x12x128x128xf32>, tensor<1x12x128x128xf32>, tensor<*xf32>
}

// CHECK-LABEL: func.func @quantize_linear(
// CHECK-SAME:    %[[X:.+]]: tensor<4xf32>, %[[S:.+]]: tensor<f32>, %[[Z:.+]]: tensor<i8>)
// CHECK:         %[[A:.+]] = rt.quantize_linear %[[X]], %[[S]], %[[Z]] : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xi8>
// CHECK:         %[[B:.+]] = rt.quantize_linear %[[X]], %[[S]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xui8>
// CHECK:         %[[C:.+]] = rt.quantize_linear %[[X]], %[[S]] {output_dtype = f8E4M3FN, saturate = 0 : i64} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf8E4M3FN>
func.func @quantize_linear(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i8>) -> (tensor<4xi8>, tensor<4xui8>, tensor<4xf8E4M3FN>) {
  %a = rt.quantize_linear %x, %s, %z : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xi8>
  %b = rt.quantize_linear %x, %s : (tensor<4xf32>, tensor<f32>) -> tensor<4xui8>
  %c = rt.quantize_linear %x, %s {output_dtype = f8E4M3FN, saturate = 0 : i64} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf8E4M3FN>
  return %a, %b, %c : tensor<4xi8>, tensor<4xui8>, tensor<4xf8E4M3FN>
}

// CHECK-LABEL: func.func @dequantize_linear(
// CHECK-SAME:    %[[Q:.+]]: tensor<4x8xi8>, %[[S:.+]]: tensor<4xf32>, %[[Z:.+]]: tensor<4xi8>)
// CHECK:         %[[A:.+]] = rt.dequantize_linear %[[Q]], %[[S]], %[[Z]] {axis = 0 : i64} : (tensor<4x8xi8>, tensor<4xf32>, tensor<4xi8>) -> tensor<4x8xf32>
// CHECK:         %[[B:.+]] = rt.dequantize_linear %[[Q]], %[[S]] {axis = 0 : i64} : (tensor<4x8xi8>, tensor<4xf32>) -> tensor<4x8xf32>
func.func @dequantize_linear(%q: tensor<4x8xi8>, %s: tensor<4xf32>, %z: tensor<4xi8>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %a = rt.dequantize_linear %q, %s, %z {axis = 0 : i64} : (tensor<4x8xi8>, tensor<4xf32>, tensor<4xi8>) -> tensor<4x8xf32>
  %b = rt.dequantize_linear %q, %s {axis = 0 : i64} : (tensor<4x8xi8>, tensor<4xf32>) -> tensor<4x8xf32>
  return %a, %b : tensor<4x8xf32>, tensor<4x8xf32>
}

// CHECK-LABEL: func.func @resize(
// CHECK-SAME:    %[[X:.+]]: tensor<1x3x4x4xf32>, %[[S:.+]]: tensor<4xf32>, %[[N:.+]]: tensor<4xi64>, %[[R:.+]]: tensor<8xf32>)
// CHECK:         %[[A:.+]] = rt.resize %[[X]] scales %[[S]] : (tensor<1x3x4x4xf32>, tensor<4xf32>) -> tensor<1x3x?x?xf32>
// CHECK:         %[[B:.+]] = rt.resize %[[X]] sizes %[[N]] {mode = "linear"} : (tensor<1x3x4x4xf32>, tensor<4xi64>) -> tensor<?x?x?x?xf32>
// CHECK:         %[[C:.+]] = rt.resize %[[X]] roi %[[R]] scales %[[S]] {coordinate_transformation_mode = "tf_crop_and_resize", mode = "cubic"} : (tensor<1x3x4x4xf32>, tensor<8xf32>, tensor<4xf32>) -> tensor<?x?x?x?xf32>
func.func @resize(%x: tensor<1x3x4x4xf32>, %s: tensor<4xf32>, %n: tensor<4xi64>, %r: tensor<8xf32>) -> (tensor<1x3x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>) {
  %a = rt.resize %x scales %s : (tensor<1x3x4x4xf32>, tensor<4xf32>) -> tensor<1x3x?x?xf32>
  %b = rt.resize %x sizes %n {mode = "linear"} : (tensor<1x3x4x4xf32>, tensor<4xi64>) -> tensor<?x?x?x?xf32>
  %c = rt.resize %x roi %r scales %s {coordinate_transformation_mode = "tf_crop_and_resize", mode = "cubic"} : (tensor<1x3x4x4xf32>, tensor<8xf32>, tensor<4xf32>) -> tensor<?x?x?x?xf32>
  return %a, %b, %c : tensor<1x3x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>
}

// CHECK-LABEL: func.func @depth_to_space(
// CHECK-SAME:    %[[X:.+]]: tensor<1x8x2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.depth_to_space %[[X]] {blocksize = 2 : i64} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
// CHECK:         %[[Z:.+]] = rt.depth_to_space %[[X]] {blocksize = 2 : i64, mode = "CRD"} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
func.func @depth_to_space(%x: tensor<1x8x2x3xf32>) -> (tensor<1x2x4x6xf32>, tensor<1x2x4x6xf32>) {
  %y = rt.depth_to_space %x {blocksize = 2 : i64} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
  %z = rt.depth_to_space %x {blocksize = 2 : i64, mode = "CRD"} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
  return %y, %z : tensor<1x2x4x6xf32>, tensor<1x2x4x6xf32>
}

// CHECK-LABEL: func.func @space_to_depth(
// CHECK-SAME:    %[[X:.+]]: tensor<1x2x4x6xf32>)
// CHECK:         %[[Y:.+]] = rt.space_to_depth %[[X]] {blocksize = 2 : i64} : (tensor<1x2x4x6xf32>) -> tensor<1x8x2x3xf32>
func.func @space_to_depth(%x: tensor<1x2x4x6xf32>) -> tensor<1x8x2x3xf32> {
  %y = rt.space_to_depth %x {blocksize = 2 : i64} : (tensor<1x2x4x6xf32>) -> tensor<1x8x2x3xf32>
  return %y : tensor<1x8x2x3xf32>
}

//===----------------------------------------------------------------------===//
// Constants, shapes and reshaping
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @constant(
// CHECK:         %[[S:.+]] = rt.constant dense<[1, -1]> : tensor<2xi64>
// CHECK:         %[[F:.+]] = rt.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00{{\]\]}}> : tensor<2x2xf32>
// CHECK:         %[[B:.+]] = rt.constant dense<true> : tensor<i1>
func.func @constant() -> (tensor<2xi64>, tensor<2x2xf32>, tensor<i1>) {
  %s = rt.constant dense<[1, -1]> : tensor<2xi64>
  %f = rt.constant dense<[[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
  %b = rt.constant dense<true> : tensor<i1>
  return %s, %f, %b : tensor<2xi64>, tensor<2x2xf32>, tensor<i1>
}

// CHECK-LABEL: func.func @constant_resource(
// CHECK:         %[[W:.+]] = rt.constant dense_resource<blob1> : tensor<2xf32>
func.func @constant_resource() -> tensor<2xf32> {
  %w = rt.constant dense_resource<blob1> : tensor<2xf32>
  return %w : tensor<2xf32>
}

// CHECK-LABEL: func.func @constant_of_shape(
// CHECK-SAME:    %[[S:.+]]: tensor<2xi64>)
// CHECK:         %[[Z:.+]] = rt.constant_of_shape %[[S]] {value = dense<0> : tensor<1xi64>} : (tensor<2xi64>) -> tensor<?x?xi64>
// CHECK:         %[[F:.+]] = rt.constant_of_shape %[[S]] : (tensor<2xi64>) -> tensor<?x?xf32>
func.func @constant_of_shape(%s: tensor<2xi64>) -> (tensor<?x?xi64>, tensor<?x?xf32>) {
  %z = rt.constant_of_shape %s {value = dense<0> : tensor<1xi64>} : (tensor<2xi64>) -> tensor<?x?xi64>
  %f = rt.constant_of_shape %s : (tensor<2xi64>) -> tensor<?x?xf32>
  return %z, %f : tensor<?x?xi64>, tensor<?x?xf32>
}

// CHECK-LABEL: func.func @eye_like(
// CHECK-SAME:    %[[X:.+]]: tensor<3x4xf32>)
// CHECK:         %[[E:.+]] = rt.eye_like %[[X]] : (tensor<3x4xf32>) -> tensor<3x4xf32>
// CHECK:         %[[F:.+]] = rt.eye_like %[[X]] {dtype = i32, k = 1 : i64} : (tensor<3x4xf32>) -> tensor<3x4xi32>
func.func @eye_like(%x: tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xi32>) {
  %e = rt.eye_like %x : (tensor<3x4xf32>) -> tensor<3x4xf32>
  %f = rt.eye_like %x {dtype = i32, k = 1 : i64} : (tensor<3x4xf32>) -> tensor<3x4xi32>
  return %e, %f : tensor<3x4xf32>, tensor<3x4xi32>
}

// CHECK-LABEL: func.func @range(
// CHECK-SAME:    %[[A:.+]]: tensor<i64>, %[[B:.+]]: tensor<i64>, %[[C:.+]]: tensor<i64>)
// CHECK:         %[[R:.+]] = rt.range %[[A]], %[[B]], %[[C]] : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<?xi64>
func.func @range(%a: tensor<i64>, %b: tensor<i64>, %c: tensor<i64>) -> tensor<?xi64> {
  %r = rt.range %a, %b, %c : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<?xi64>
  return %r : tensor<?xi64>
}

// CHECK-LABEL: func.func @shape(
// CHECK-SAME:    %[[X:.+]]: tensor<?x128xf32>, %[[U:.+]]: tensor<*xf32>)
// CHECK:         %[[S:.+]] = rt.shape %[[X]] : (tensor<?x128xf32>) -> tensor<2xi64>
// CHECK:         %[[T:.+]] = rt.shape %[[X]] {end = 1 : i64, start = -2 : i64} : (tensor<?x128xf32>) -> tensor<1xi64>
// CHECK:         %[[V:.+]] = rt.shape %[[U]] : (tensor<*xf32>) -> tensor<?xi64>
func.func @shape(%x: tensor<?x128xf32>, %u: tensor<*xf32>) -> (tensor<2xi64>, tensor<1xi64>, tensor<?xi64>) {
  %s = rt.shape %x : (tensor<?x128xf32>) -> tensor<2xi64>
  %t = rt.shape %x {end = 1 : i64, start = -2 : i64} : (tensor<?x128xf32>) -> tensor<1xi64>
  %v = rt.shape %u : (tensor<*xf32>) -> tensor<?xi64>
  return %s, %t, %v : tensor<2xi64>, tensor<1xi64>, tensor<?xi64>
}

// CHECK-LABEL: func.func @size(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK:         %[[N:.+]] = rt.size %[[X]] : (tensor<2x3xf32>) -> tensor<i64>
func.func @size(%x: tensor<2x3xf32>) -> tensor<i64> {
  %n = rt.size %x : (tensor<2x3xf32>) -> tensor<i64>
  return %n : tensor<i64>
}

// CHECK-LABEL: func.func @reshape(
// CHECK-SAME:    %[[X:.+]]: tensor<1x2048x1x1xf32>, %[[S:.+]]: tensor<2xi64>, %[[T:.+]]: tensor<?xi64>)
// CHECK:         %[[Y:.+]] = rt.reshape %[[X]], %[[S]] : (tensor<1x2048x1x1xf32>, tensor<2xi64>) -> tensor<1x2048xf32>
// CHECK:         %[[Z:.+]] = rt.reshape %[[X]], %[[T]] {allowzero = 1 : i64} : (tensor<1x2048x1x1xf32>, tensor<?xi64>) -> tensor<*xf32>
func.func @reshape(%x: tensor<1x2048x1x1xf32>, %s: tensor<2xi64>, %t: tensor<?xi64>) -> (tensor<1x2048xf32>, tensor<*xf32>) {
  %y = rt.reshape %x, %s : (tensor<1x2048x1x1xf32>, tensor<2xi64>) -> tensor<1x2048xf32>
  %z = rt.reshape %x, %t {allowzero = 1 : i64} : (tensor<1x2048x1x1xf32>, tensor<?xi64>) -> tensor<*xf32>
  return %y, %z : tensor<1x2048xf32>, tensor<*xf32>
}

// CHECK-LABEL: func.func @flatten(
// CHECK-SAME:    %[[X:.+]]: tensor<1x2048x1x1xf32>, %[[D:.+]]: tensor<?x3x4xf32>)
// CHECK:         %[[Y:.+]] = rt.flatten %[[X]] : (tensor<1x2048x1x1xf32>) -> tensor<1x2048xf32>
// CHECK:         %[[Z:.+]] = rt.flatten %[[D]] {axis = -2 : i64} : (tensor<?x3x4xf32>) -> tensor<?x12xf32>
func.func @flatten(%x: tensor<1x2048x1x1xf32>, %d: tensor<?x3x4xf32>) -> (tensor<1x2048xf32>, tensor<?x12xf32>) {
  %y = rt.flatten %x : (tensor<1x2048x1x1xf32>) -> tensor<1x2048xf32>
  %z = rt.flatten %d {axis = -2 : i64} : (tensor<?x3x4xf32>) -> tensor<?x12xf32>
  return %y, %z : tensor<1x2048xf32>, tensor<?x12xf32>
}

// CHECK-LABEL: func.func @squeeze(
// CHECK-SAME:    %[[X:.+]]: tensor<1x4x1xf32>)
// CHECK:         %[[Y:.+]] = rt.squeeze %[[X]] {axes = array<i64: 0>} : (tensor<1x4x1xf32>) -> tensor<4x1xf32>
// CHECK:         %[[Z:.+]] = rt.squeeze %[[X]] : (tensor<1x4x1xf32>) -> tensor<4xf32>
func.func @squeeze(%x: tensor<1x4x1xf32>) -> (tensor<4x1xf32>, tensor<4xf32>) {
  %y = rt.squeeze %x {axes = array<i64: 0>} : (tensor<1x4x1xf32>) -> tensor<4x1xf32>
  %z = rt.squeeze %x : (tensor<1x4x1xf32>) -> tensor<4xf32>
  return %y, %z : tensor<4x1xf32>, tensor<4xf32>
}

// CHECK-LABEL: func.func @unsqueeze(
// CHECK-SAME:    %[[X:.+]]: tensor<4xf32>, %[[D:.+]]: tensor<?xf32>)
// CHECK:         %[[Y:.+]] = rt.unsqueeze %[[X]] {axes = array<i64: 0, 2>} : (tensor<4xf32>) -> tensor<1x4x1xf32>
// CHECK:         %[[Z:.+]] = rt.unsqueeze %[[D]] {axes = array<i64: -1>} : (tensor<?xf32>) -> tensor<?x1xf32>
func.func @unsqueeze(%x: tensor<4xf32>, %d: tensor<?xf32>) -> (tensor<1x4x1xf32>, tensor<?x1xf32>) {
  %y = rt.unsqueeze %x {axes = array<i64: 0, 2>} : (tensor<4xf32>) -> tensor<1x4x1xf32>
  %z = rt.unsqueeze %d {axes = array<i64: -1>} : (tensor<?xf32>) -> tensor<?x1xf32>
  return %y, %z : tensor<1x4x1xf32>, tensor<?x1xf32>
}

// CHECK-LABEL: func.func @expand(
// CHECK-SAME:    %[[X:.+]]: tensor<1x4xf32>, %[[S:.+]]: tensor<2xi64>)
// CHECK:         %[[Y:.+]] = rt.expand %[[X]], %[[S]] : (tensor<1x4xf32>, tensor<2xi64>) -> tensor<?x4xf32>
func.func @expand(%x: tensor<1x4xf32>, %s: tensor<2xi64>) -> tensor<?x4xf32> {
  %y = rt.expand %x, %s : (tensor<1x4xf32>, tensor<2xi64>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// CHECK-LABEL: func.func @tile(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>, %[[R:.+]]: tensor<2xi64>)
// CHECK:         %[[Y:.+]] = rt.tile %[[X]], %[[R]] : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<?x?xf32>
func.func @tile(%x: tensor<2x3xf32>, %r: tensor<2xi64>) -> tensor<?x?xf32> {
  %y = rt.tile %x, %r : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// CHECK-LABEL: func.func @transpose(
// CHECK-SAME:    %[[X:.+]]: tensor<1x128x12x64xf32>, %[[M:.+]]: tensor<2x3xf32>)
// CHECK:         %[[Y:.+]] = rt.transpose %[[X]] {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x128x12x64xf32>) -> tensor<1x12x128x64xf32>
// CHECK:         %[[Z:.+]] = rt.transpose %[[M]] : (tensor<2x3xf32>) -> tensor<3x2xf32>
func.func @transpose(%x: tensor<1x128x12x64xf32>, %m: tensor<2x3xf32>) -> (tensor<1x12x128x64xf32>, tensor<3x2xf32>) {
  %y = rt.transpose %x {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x128x12x64xf32>) -> tensor<1x12x128x64xf32>
  %z = rt.transpose %m : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %y, %z : tensor<1x12x128x64xf32>, tensor<3x2xf32>
}

// CHECK-LABEL: func.func @concat(
// CHECK-SAME:    %[[A:.+]]: tensor<1xi64>, %[[B:.+]]: tensor<2xi64>, %[[C:.+]]: tensor<?xi64>, %[[D:.+]]: tensor<*xi64>)
// CHECK:         %[[Y:.+]] = rt.concat %[[A]], %[[B]] {axis = 0 : i64} : (tensor<1xi64>, tensor<2xi64>) -> tensor<3xi64>
// CHECK:         %[[Z:.+]] = rt.concat %[[A]], %[[B]], %[[C]] {axis = -1 : i64} : (tensor<1xi64>, tensor<2xi64>, tensor<?xi64>) -> tensor<?xi64>
// CHECK:         %[[W:.+]] = rt.concat %[[A]], %[[D]] {axis = 0 : i64} : (tensor<1xi64>, tensor<*xi64>) -> tensor<?xi64>
func.func @concat(%a: tensor<1xi64>, %b: tensor<2xi64>, %c: tensor<?xi64>, %d: tensor<*xi64>) -> (tensor<3xi64>, tensor<?xi64>, tensor<?xi64>) {
  %y = rt.concat %a, %b {axis = 0 : i64} : (tensor<1xi64>, tensor<2xi64>) -> tensor<3xi64>
  %z = rt.concat %a, %b, %c {axis = -1 : i64} : (tensor<1xi64>, tensor<2xi64>, tensor<?xi64>) -> tensor<?xi64>
  %w = rt.concat %a, %d {axis = 0 : i64} : (tensor<1xi64>, tensor<*xi64>) -> tensor<?xi64>
  return %y, %z, %w : tensor<3xi64>, tensor<?xi64>, tensor<?xi64>
}

// CHECK-LABEL: func.func @split(
// CHECK-SAME:    %[[X:.+]]: tensor<1x128x2304xf32>)
// CHECK:         %[[Q:.+]]:3 = rt.split %[[X]] {axis = 2 : i64, num_outputs = 3 : i64} : (tensor<1x128x2304xf32>) -> (tensor<1x128x768xf32>, tensor<1x128x768xf32>, tensor<1x128x768xf32>)
func.func @split(%x: tensor<1x128x2304xf32>) -> (tensor<1x128x768xf32>, tensor<1x128x768xf32>, tensor<1x128x768xf32>) {
  %q:3 = rt.split %x {axis = 2 : i64, num_outputs = 3 : i64} : (tensor<1x128x2304xf32>) -> (tensor<1x128x768xf32>, tensor<1x128x768xf32>, tensor<1x128x768xf32>)
  return %q#0, %q#1, %q#2 : tensor<1x128x768xf32>, tensor<1x128x768xf32>, tensor<1x128x768xf32>
}

// CHECK-LABEL: func.func @split_sizes(
// CHECK-SAME:    %[[X:.+]]: tensor<?x10xf32>)
// CHECK:         %[[P:.+]]:2 = rt.split %[[X]] {axis = -1 : i64, num_outputs = 2 : i64, split = array<i64: 3, 7>} : (tensor<?x10xf32>) -> (tensor<?x3xf32>, tensor<?x7xf32>)
// CHECK:         %[[ONE:.+]] = rt.split %[[X]] {num_outputs = 1 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
func.func @split_sizes(%x: tensor<?x10xf32>) -> (tensor<?x3xf32>, tensor<?x7xf32>, tensor<?x10xf32>) {
  %p:2 = rt.split %x {axis = -1 : i64, num_outputs = 2 : i64, split = array<i64: 3, 7>} : (tensor<?x10xf32>) -> (tensor<?x3xf32>, tensor<?x7xf32>)
  %one = rt.split %x {num_outputs = 1 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  return %p#0, %p#1, %one : tensor<?x3xf32>, tensor<?x7xf32>, tensor<?x10xf32>
}

// CHECK-LABEL: func.func @slice(
// CHECK-SAME:    %[[X:.+]]: tensor<1x1024x1024xi1>, %[[S:.+]]: tensor<1xi64>, %[[E:.+]]: tensor<1xi64>, %[[A:.+]]: tensor<1xi64>, %[[ST:.+]]: tensor<1xi32>)
// CHECK:         %[[Y:.+]] = rt.slice %[[X]] starts %[[S]] ends %[[E]] : (tensor<1x1024x1024xi1>, tensor<1xi64>, tensor<1xi64>) -> tensor<?x?x?xi1>
// CHECK:         %[[Z:.+]] = rt.slice %[[X]] starts %[[S]] ends %[[E]] axes %[[A]] : (tensor<1x1024x1024xi1>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x?x1024xi1>
// CHECK:         %[[W:.+]] = rt.slice %[[X]] starts %[[S]] ends %[[E]] axes %[[A]] steps %[[ST]] : (tensor<1x1024x1024xi1>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi32>) -> tensor<1x?x1024xi1>
func.func @slice(%x: tensor<1x1024x1024xi1>, %s: tensor<1xi64>, %e: tensor<1xi64>, %a: tensor<1xi64>, %st: tensor<1xi32>) -> (tensor<?x?x?xi1>, tensor<1x?x1024xi1>, tensor<1x?x1024xi1>) {
  %y = rt.slice %x starts %s ends %e : (tensor<1x1024x1024xi1>, tensor<1xi64>, tensor<1xi64>) -> tensor<?x?x?xi1>
  %z = rt.slice %x starts %s ends %e axes %a : (tensor<1x1024x1024xi1>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x?x1024xi1>
  %w = rt.slice %x starts %s ends %e axes %a steps %st : (tensor<1x1024x1024xi1>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi32>) -> tensor<1x?x1024xi1>
  return %y, %z, %w : tensor<?x?x?xi1>, tensor<1x?x1024xi1>, tensor<1x?x1024xi1>
}

// CHECK-LABEL: func.func @pad(
// CHECK-SAME:    %[[X:.+]]: tensor<1x3x4x4xf32>, %[[P:.+]]: tensor<8xi64>, %[[V:.+]]: tensor<f32>, %[[Q:.+]]: tensor<4xi64>, %[[A:.+]]: tensor<2xi64>)
// CHECK:         %[[Y:.+]] = rt.pad %[[X]] pads %[[P]] : (tensor<1x3x4x4xf32>, tensor<8xi64>) -> tensor<?x?x?x?xf32>
// CHECK:         %[[Z:.+]] = rt.pad %[[X]] pads %[[P]] value %[[V]] {mode = "reflect"} : (tensor<1x3x4x4xf32>, tensor<8xi64>, tensor<f32>) -> tensor<?x?x?x?xf32>
// CHECK:         %[[W:.+]] = rt.pad %[[X]] pads %[[Q]] value %[[V]] axes %[[A]] {mode = "edge"} : (tensor<1x3x4x4xf32>, tensor<4xi64>, tensor<f32>, tensor<2xi64>) -> tensor<?x?x?x?xf32>
func.func @pad(%x: tensor<1x3x4x4xf32>, %p: tensor<8xi64>, %v: tensor<f32>, %q: tensor<4xi64>, %a: tensor<2xi64>) -> (tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>) {
  %y = rt.pad %x pads %p : (tensor<1x3x4x4xf32>, tensor<8xi64>) -> tensor<?x?x?x?xf32>
  %z = rt.pad %x pads %p value %v {mode = "reflect"} : (tensor<1x3x4x4xf32>, tensor<8xi64>, tensor<f32>) -> tensor<?x?x?x?xf32>
  %w = rt.pad %x pads %q value %v axes %a {mode = "edge"} : (tensor<1x3x4x4xf32>, tensor<4xi64>, tensor<f32>, tensor<2xi64>) -> tensor<?x?x?x?xf32>
  return %y, %z, %w : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>
}

//===----------------------------------------------------------------------===//
// Indexing
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @gather(
// CHECK-SAME:    %[[T:.+]]: tensor<30522x768xf32>, %[[IDS:.+]]: tensor<?x128xi64>, %[[I:.+]]: tensor<i32>)
// CHECK:         %[[E:.+]] = rt.gather %[[T]], %[[IDS]] : (tensor<30522x768xf32>, tensor<?x128xi64>) -> tensor<?x128x768xf32>
// CHECK:         %[[C:.+]] = rt.gather %[[T]], %[[I]] {axis = 1 : i64} : (tensor<30522x768xf32>, tensor<i32>) -> tensor<30522xf32>
func.func @gather(%t: tensor<30522x768xf32>, %ids: tensor<?x128xi64>, %i: tensor<i32>) -> (tensor<?x128x768xf32>, tensor<30522xf32>) {
  %e = rt.gather %t, %ids : (tensor<30522x768xf32>, tensor<?x128xi64>) -> tensor<?x128x768xf32>
  %c = rt.gather %t, %i {axis = 1 : i64} : (tensor<30522x768xf32>, tensor<i32>) -> tensor<30522xf32>
  return %e, %c : tensor<?x128x768xf32>, tensor<30522xf32>
}

// CHECK-LABEL: func.func @gather_elements(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>, %[[I:.+]]: tensor<2x2xi64>)
// CHECK:         %[[Y:.+]] = rt.gather_elements %[[X]], %[[I]] {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
func.func @gather_elements(%x: tensor<2x3xf32>, %i: tensor<2x2xi64>) -> tensor<2x2xf32> {
  %y = rt.gather_elements %x, %i {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// CHECK-LABEL: func.func @gather_nd(
// CHECK-SAME:    %[[X:.+]]: tensor<2x2xf32>, %[[I:.+]]: tensor<2x2xi64>, %[[Y3:.+]]: tensor<2x3x4xf32>, %[[J:.+]]: tensor<2x1xi64>)
// CHECK:         %[[Y:.+]] = rt.gather_nd %[[X]], %[[I]] : (tensor<2x2xf32>, tensor<2x2xi64>) -> tensor<2xf32>
// CHECK:         %[[Z:.+]] = rt.gather_nd %[[Y3]], %[[J]] {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x1xi64>) -> tensor<2x4xf32>
func.func @gather_nd(%x: tensor<2x2xf32>, %i: tensor<2x2xi64>, %y3: tensor<2x3x4xf32>, %j: tensor<2x1xi64>) -> (tensor<2xf32>, tensor<2x4xf32>) {
  %y = rt.gather_nd %x, %i : (tensor<2x2xf32>, tensor<2x2xi64>) -> tensor<2xf32>
  %z = rt.gather_nd %y3, %j {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x1xi64>) -> tensor<2x4xf32>
  return %y, %z : tensor<2xf32>, tensor<2x4xf32>
}

// CHECK-LABEL: func.func @scatter_elements(
// CHECK-SAME:    %[[X:.+]]: tensor<1x5xf32>, %[[I:.+]]: tensor<1x2xi64>, %[[U:.+]]: tensor<1x2xf32>)
// CHECK:         %[[Y:.+]] = rt.scatter_elements %[[X]], %[[I]], %[[U]] {axis = 1 : i64, reduction = "add"} : (tensor<1x5xf32>, tensor<1x2xi64>, tensor<1x2xf32>) -> tensor<1x5xf32>
func.func @scatter_elements(%x: tensor<1x5xf32>, %i: tensor<1x2xi64>, %u: tensor<1x2xf32>) -> tensor<1x5xf32> {
  %y = rt.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = "add"} : (tensor<1x5xf32>, tensor<1x2xi64>, tensor<1x2xf32>) -> tensor<1x5xf32>
  return %y : tensor<1x5xf32>
}

// CHECK-LABEL: func.func @scatter_nd(
// CHECK-SAME:    %[[X:.+]]: tensor<8xf32>, %[[I:.+]]: tensor<4x1xi64>, %[[U:.+]]: tensor<4xf32>)
// CHECK:         %[[Y:.+]] = rt.scatter_nd %[[X]], %[[I]], %[[U]] : (tensor<8xf32>, tensor<4x1xi64>, tensor<4xf32>) -> tensor<8xf32>
func.func @scatter_nd(%x: tensor<8xf32>, %i: tensor<4x1xi64>, %u: tensor<4xf32>) -> tensor<8xf32> {
  %y = rt.scatter_nd %x, %i, %u : (tensor<8xf32>, tensor<4x1xi64>, tensor<4xf32>) -> tensor<8xf32>
  return %y : tensor<8xf32>
}

// CHECK-LABEL: func.func @one_hot(
// CHECK-SAME:    %[[I:.+]]: tensor<3xi64>, %[[D:.+]]: tensor<i64>, %[[V:.+]]: tensor<2xf32>)
// CHECK:         %[[Y:.+]] = rt.one_hot %[[I]], %[[D]], %[[V]] : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<3x?xf32>
// CHECK:         %[[Z:.+]] = rt.one_hot %[[I]], %[[D]], %[[V]] {axis = 0 : i64} : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<?x3xf32>
func.func @one_hot(%i: tensor<3xi64>, %d: tensor<i64>, %v: tensor<2xf32>) -> (tensor<3x?xf32>, tensor<?x3xf32>) {
  %y = rt.one_hot %i, %d, %v : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<3x?xf32>
  %z = rt.one_hot %i, %d, %v {axis = 0 : i64} : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<?x3xf32>
  return %y, %z : tensor<3x?xf32>, tensor<?x3xf32>
}

// CHECK-LABEL: func.func @trilu(
// CHECK-SAME:    %[[X:.+]]: tensor<4x4xf32>, %[[K:.+]]: tensor<i64>)
// CHECK:         %[[Y:.+]] = rt.trilu %[[X]] {upper = 0 : i64} : (tensor<4x4xf32>) -> tensor<4x4xf32>
// CHECK:         %[[Z:.+]] = rt.trilu %[[X]], %[[K]] : (tensor<4x4xf32>, tensor<i64>) -> tensor<4x4xf32>
func.func @trilu(%x: tensor<4x4xf32>, %k: tensor<i64>) -> (tensor<4x4xf32>, tensor<4x4xf32>) {
  %y = rt.trilu %x {upper = 0 : i64} : (tensor<4x4xf32>) -> tensor<4x4xf32>
  %z = rt.trilu %x, %k : (tensor<4x4xf32>, tensor<i64>) -> tensor<4x4xf32>
  return %y, %z : tensor<4x4xf32>, tensor<4x4xf32>
}

// CHECK-LABEL: func.func @cumsum(
// CHECK-SAME:    %[[X:.+]]: tensor<5xf32>, %[[A:.+]]: tensor<i64>)
// CHECK:         %[[Y:.+]] = rt.cumsum %[[X]], %[[A]] {exclusive = 1 : i64, reverse = 1 : i64} : (tensor<5xf32>, tensor<i64>) -> tensor<5xf32>
func.func @cumsum(%x: tensor<5xf32>, %a: tensor<i64>) -> tensor<5xf32> {
  %y = rt.cumsum %x, %a {exclusive = 1 : i64, reverse = 1 : i64} : (tensor<5xf32>, tensor<i64>) -> tensor<5xf32>
  return %y : tensor<5xf32>
}

// CHECK-LABEL: func.func @non_zero(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>, %[[U:.+]]: tensor<*xi1>)
// CHECK:         %[[I:.+]] = rt.non_zero %[[X]] : (tensor<2x3xf32>) -> tensor<2x?xi64>
// CHECK:         %[[J:.+]] = rt.non_zero %[[U]] : (tensor<*xi1>) -> tensor<?x?xi64>
func.func @non_zero(%x: tensor<2x3xf32>, %u: tensor<*xi1>) -> (tensor<2x?xi64>, tensor<?x?xi64>) {
  %i = rt.non_zero %x : (tensor<2x3xf32>) -> tensor<2x?xi64>
  %j = rt.non_zero %u : (tensor<*xi1>) -> tensor<?x?xi64>
  return %i, %j : tensor<2x?xi64>, tensor<?x?xi64>
}

//===----------------------------------------------------------------------===//
// Reductions and sorting
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @reduce(
// CHECK-SAME:    %[[X:.+]]: tensor<2x128x768xf32>)
// CHECK:         %[[S:.+]] = rt.reduce_sum %[[X]] {axes = array<i64: -1>} : (tensor<2x128x768xf32>) -> tensor<2x128x1xf32>
// CHECK:         %[[M:.+]] = rt.reduce_mean %[[X]] {axes = array<i64: 2>, keepdims = 0 : i64} : (tensor<2x128x768xf32>) -> tensor<2x128xf32>
// CHECK:         %[[MX:.+]] = rt.reduce_max %[[X]] : (tensor<2x128x768xf32>) -> tensor<1x1x1xf32>
// CHECK:         %[[MN:.+]] = rt.reduce_min %[[X]] {keepdims = 0 : i64} : (tensor<2x128x768xf32>) -> tensor<f32>
// CHECK:         %[[P:.+]] = rt.reduce_prod %[[X]] {noop_with_empty_axes = 1 : i64} : (tensor<2x128x768xf32>) -> tensor<2x128x768xf32>
func.func @reduce(%x: tensor<2x128x768xf32>) -> (tensor<2x128x1xf32>, tensor<2x128xf32>, tensor<1x1x1xf32>, tensor<f32>, tensor<2x128x768xf32>) {
  %s = rt.reduce_sum %x {axes = array<i64: -1>} : (tensor<2x128x768xf32>) -> tensor<2x128x1xf32>
  %m = rt.reduce_mean %x {axes = array<i64: 2>, keepdims = 0 : i64} : (tensor<2x128x768xf32>) -> tensor<2x128xf32>
  %mx = rt.reduce_max %x : (tensor<2x128x768xf32>) -> tensor<1x1x1xf32>
  %mn = rt.reduce_min %x {keepdims = 0 : i64} : (tensor<2x128x768xf32>) -> tensor<f32>
  %p = rt.reduce_prod %x {noop_with_empty_axes = 1 : i64} : (tensor<2x128x768xf32>) -> tensor<2x128x768xf32>
  return %s, %m, %mx, %mn, %p : tensor<2x128x1xf32>, tensor<2x128xf32>, tensor<1x1x1xf32>, tensor<f32>, tensor<2x128x768xf32>
}

// CHECK-LABEL: func.func @reduce_norms(
// CHECK-SAME:    %[[X:.+]]: tensor<?x4x8xf32>)
// CHECK:         %[[L1:.+]] = rt.reduce_l1 %[[X]] {axes = array<i64: 1>} : (tensor<?x4x8xf32>) -> tensor<?x1x8xf32>
// CHECK:         %[[L2:.+]] = rt.reduce_l2 %[[X]] {axes = array<i64: 1>} : (tensor<?x4x8xf32>) -> tensor<?x1x8xf32>
// CHECK:         %[[LS:.+]] = rt.reduce_log_sum %[[X]] {axes = array<i64: 2>} : (tensor<?x4x8xf32>) -> tensor<?x4x1xf32>
// CHECK:         %[[LSE:.+]] = rt.reduce_log_sum_exp %[[X]] {axes = array<i64: 2>} : (tensor<?x4x8xf32>) -> tensor<?x4x1xf32>
// CHECK:         %[[SS:.+]] = rt.reduce_sum_square %[[X]] {axes = array<i64: 1, 2>, keepdims = 0 : i64} : (tensor<?x4x8xf32>) -> tensor<?xf32>
func.func @reduce_norms(%x: tensor<?x4x8xf32>) -> (tensor<?x1x8xf32>, tensor<?x1x8xf32>, tensor<?x4x1xf32>, tensor<?x4x1xf32>, tensor<?xf32>) {
  %l1 = rt.reduce_l1 %x {axes = array<i64: 1>} : (tensor<?x4x8xf32>) -> tensor<?x1x8xf32>
  %l2 = rt.reduce_l2 %x {axes = array<i64: 1>} : (tensor<?x4x8xf32>) -> tensor<?x1x8xf32>
  %ls = rt.reduce_log_sum %x {axes = array<i64: 2>} : (tensor<?x4x8xf32>) -> tensor<?x4x1xf32>
  %lse = rt.reduce_log_sum_exp %x {axes = array<i64: 2>} : (tensor<?x4x8xf32>) -> tensor<?x4x1xf32>
  %ss = rt.reduce_sum_square %x {axes = array<i64: 1, 2>, keepdims = 0 : i64} : (tensor<?x4x8xf32>) -> tensor<?xf32>
  return %l1, %l2, %ls, %lse, %ss : tensor<?x1x8xf32>, tensor<?x1x8xf32>, tensor<?x4x1xf32>, tensor<?x4x1xf32>, tensor<?xf32>
}

// CHECK-LABEL: func.func @arg_reduce(
// CHECK-SAME:    %[[X:.+]]: tensor<4x10xf32>)
// CHECK:         %[[A:.+]] = rt.arg_max %[[X]] {axis = 1 : i64, keepdims = 0 : i64} : (tensor<4x10xf32>) -> tensor<4xi64>
// CHECK:         %[[B:.+]] = rt.arg_min %[[X]] {select_last_index = 1 : i64} : (tensor<4x10xf32>) -> tensor<1x10xi64>
func.func @arg_reduce(%x: tensor<4x10xf32>) -> (tensor<4xi64>, tensor<1x10xi64>) {
  %a = rt.arg_max %x {axis = 1 : i64, keepdims = 0 : i64} : (tensor<4x10xf32>) -> tensor<4xi64>
  %b = rt.arg_min %x {select_last_index = 1 : i64} : (tensor<4x10xf32>) -> tensor<1x10xi64>
  return %a, %b : tensor<4xi64>, tensor<1x10xi64>
}

// CHECK-LABEL: func.func @top_k(
// CHECK-SAME:    %[[X:.+]]: tensor<4x10xf32>, %[[K:.+]]: tensor<1xi64>)
// CHECK:         %[[V:.+]], %[[I:.+]] = rt.top_k %[[X]], %[[K]] {largest = 0 : i64} : (tensor<4x10xf32>, tensor<1xi64>) -> (tensor<4x?xf32>, tensor<4x?xi64>)
func.func @top_k(%x: tensor<4x10xf32>, %k: tensor<1xi64>) -> (tensor<4x?xf32>, tensor<4x?xi64>) {
  %v, %i = rt.top_k %x, %k {largest = 0 : i64} : (tensor<4x10xf32>, tensor<1xi64>) -> (tensor<4x?xf32>, tensor<4x?xi64>)
  return %v, %i : tensor<4x?xf32>, tensor<4x?xi64>
}


// Layer normalization over dimensions whose sizes are unknown.
// CHECK-LABEL: func.func @layer_norm_dynamic_normalized(
// CHECK: rt.layer_normalization %{{.+}}, %{{.+}} : (tensor<?x?x?xf32>, tensor<5xf32>) -> tensor<?x?x?xf32>
// CHECK: rt.layer_normalization %{{.+}}, %{{.+}} : (tensor<2x?xf32>, tensor<5xf32>) -> tensor<2x?xf32>
func.func @layer_norm_dynamic_normalized(%x: tensor<?x?x?xf32>, %y: tensor<2x?xf32>, %s: tensor<5xf32>) -> (tensor<?x?x?xf32>, tensor<2x?xf32>) {
  %a = rt.layer_normalization %x, %s : (tensor<?x?x?xf32>, tensor<5xf32>) -> tensor<?x?x?xf32>
  %b = rt.layer_normalization %y, %s : (tensor<2x?xf32>, tensor<5xf32>) -> tensor<2x?xf32>
  return %a, %b : tensor<?x?x?xf32>, tensor<2x?xf32>
}


// A channels-last convolution (NHWC input, M x kH x kW x C/g filters).
// CHECK-LABEL: func.func @conv_channels_last
// CHECK: rt.conv %arg0, %arg1 {channels_last = 1 : i64, group = 2 : i64, strides = array<i64: 2, 2>} : (tensor<1x9x9x8xf32>, tensor<6x3x3x4xf32>) -> tensor<1x4x4x6xf32>
func.func @conv_channels_last(%x: tensor<1x9x9x8xf32>, %w: tensor<6x3x3x4xf32>) -> tensor<1x4x4x6xf32> {
  %0 = rt.conv %x, %w {channels_last = 1, group = 2, strides = array<i64: 2, 2>} : (tensor<1x9x9x8xf32>, tensor<6x3x3x4xf32>) -> tensor<1x4x4x6xf32>
  return %0 : tensor<1x4x4x6xf32>
}

{-#
  dialect_resources: {
    builtin: {
      blob1: "0x040000000000803F00000040"
    }
  }
#-}

// The resource blob survives the round trip.
// CHECK:       dialect_resources
// CHECK:       blob1: "0x040000000000803F00000040"
