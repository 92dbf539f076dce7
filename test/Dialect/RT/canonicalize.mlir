// RUN: rt-opt %s -canonicalize -split-input-file | FileCheck %s

//===----------------------------------------------------------------------===//
// Identities
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @add_zero(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK-NOT:     rt.add
// CHECK:         return %[[X]], %[[X]] : tensor<2x3xf32>, tensor<2x3xf32>
func.func @add_zero(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %zero = rt.constant dense<0.000000e+00> : tensor<3xf32>
  %a = rt.add %x, %zero : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %b = rt.add %zero, %x : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %a, %b : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// Adding zeros that broadcast the operand to a larger shape is not an
// identity.
// CHECK-LABEL: func.func @add_zero_broadcasting(
// CHECK-SAME:    %[[X:.+]]: tensor<3xf32>)
// CHECK:         %[[ZERO:.+]] = rt.constant dense<0.000000e+00> : tensor<2x3xf32>
// CHECK:         %[[R:.+]] = rt.add %[[X]], %[[ZERO]]
// CHECK:         return %[[R]]
func.func @add_zero_broadcasting(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  %zero = rt.constant dense<0.000000e+00> : tensor<2x3xf32>
  %a = rt.add %x, %zero : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %a : tensor<2x3xf32>
}

// -----

// With a dynamic dimension, equal declared types do not make `x op identity`
// an identity: the constant can still broadcast x to a larger shape. Here
// the result has 3 rows (rt-shape-inference infers tensor<3x4xf32>), while x
// may have 1 row at run time. The fold requires a static result type equal
// to x's type.
// CHECK-LABEL: func.func @identity_operand_broadcasts_dynamic_dim(
// CHECK-SAME:    %[[X:.+]]: tensor<?x4xf32>)
// CHECK-DAG:     %[[ZERO:.+]] = rt.constant dense<0.000000e+00> : tensor<3x4xf32>
// CHECK-DAG:     %[[ONE:.+]] = rt.constant dense<1.000000e+00> : tensor<3x4xf32>
// CHECK:         %[[A:.+]] = rt.add %[[X]], %[[ZERO]]
// CHECK:         %[[M:.+]] = rt.mul %[[X]], %[[ONE]]
// CHECK:         %[[S:.+]] = rt.sub %[[X]], %[[ZERO]]
// CHECK:         %[[D:.+]] = rt.div %[[X]], %[[ONE]]
// CHECK:         return %[[A]], %[[M]], %[[S]], %[[D]]
func.func @identity_operand_broadcasts_dynamic_dim(%x: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>) {
  %zero = rt.constant dense<0.000000e+00> : tensor<3x4xf32>
  %one = rt.constant dense<1.000000e+00> : tensor<3x4xf32>
  %a = rt.add %x, %zero : (tensor<?x4xf32>, tensor<3x4xf32>) -> tensor<?x4xf32>
  %m = rt.mul %x, %one : (tensor<?x4xf32>, tensor<3x4xf32>) -> tensor<?x4xf32>
  %s = rt.sub %x, %zero : (tensor<?x4xf32>, tensor<3x4xf32>) -> tensor<?x4xf32>
  %d = rt.div %x, %one : (tensor<?x4xf32>, tensor<3x4xf32>) -> tensor<?x4xf32>
  return %a, %m, %s, %d : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>
}

// -----

// CHECK-LABEL: func.func @mul_one(
// CHECK-SAME:    %[[X:.+]]: tensor<2x4xi64>)
// CHECK-NOT:     rt.mul
// CHECK:         return %[[X]], %[[X]] : tensor<2x4xi64>, tensor<2x4xi64>
func.func @mul_one(%x: tensor<2x4xi64>) -> (tensor<2x4xi64>, tensor<2x4xi64>) {
  %one = rt.constant dense<1> : tensor<i64>
  %a = rt.mul %one, %x : (tensor<i64>, tensor<2x4xi64>) -> tensor<2x4xi64>
  %b = rt.mul %x, %one : (tensor<2x4xi64>, tensor<i64>) -> tensor<2x4xi64>
  return %a, %b : tensor<2x4xi64>, tensor<2x4xi64>
}

// -----

// `x - 0` and `x / 1` fold; `0 - x` and `1 / x` do not.
// CHECK-LABEL: func.func @sub_zero_div_one(
// CHECK-SAME:    %[[X:.+]]: tensor<4xf32>)
// CHECK-DAG:     %[[ZERO:.+]] = rt.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK-DAG:     %[[ONE:.+]] = rt.constant dense<1.000000e+00> : tensor<4xf32>
// CHECK:         %[[NEG:.+]] = rt.sub %[[ZERO]], %[[X]]
// CHECK:         %[[RCP:.+]] = rt.div %[[ONE]], %[[X]]
// CHECK:         return %[[X]], %[[X]], %[[NEG]], %[[RCP]]
func.func @sub_zero_div_one(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %zero = rt.constant dense<0.000000e+00> : tensor<4xf32>
  %one = rt.constant dense<1.000000e+00> : tensor<4xf32>
  %a = rt.sub %x, %zero : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %b = rt.div %x, %one : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %c = rt.sub %zero, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %d = rt.div %one, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %a, %b, %c, %d : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @identity(
// CHECK-SAME:    %[[X:.+]]: tensor<?x4xf32>)
// CHECK-NOT:     rt.identity
// CHECK:         return %[[X]] : tensor<?x4xf32>
func.func @identity(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %y = rt.identity %x : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

// An identity whose result is more refined than its operand keeps the type
// information and is not folded.
// CHECK-LABEL: func.func @identity_refining(
// CHECK:         %[[Y:.+]] = rt.identity
// CHECK:         return %[[Y]] : tensor<2x4xf32>
func.func @identity_refining(%x: tensor<?x4xf32>) -> tensor<2x4xf32> {
  %y = rt.identity %x : (tensor<?x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @cast_same_type(
// CHECK-SAME:    %[[X:.+]]: tensor<4xf32>)
// CHECK-NOT:     rt.cast
// CHECK:         return %[[X]]
func.func @cast_same_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = rt.cast %x {to = f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// Reshape-like ops to the operand's own static type are identities.
// CHECK-LABEL: func.func @reshape_like_same_type(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>, %[[S:.+]]: tensor<2xi64>)
// CHECK-NOT:     rt.
// CHECK:         return %[[X]], %[[X]], %[[X]], %[[X]], %[[X]]
func.func @reshape_like_same_type(%x: tensor<2x3xf32>, %s: tensor<2xi64>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %a = rt.reshape %x, %s : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  %b = rt.flatten %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %c = rt.squeeze %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %d = rt.expand %x, %s : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  %e = rt.transpose %x {perm = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %a, %b, %c, %d, %e : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// reshape(reshape-like(x)) with a static result is one reshape of x (an
// identity when it restores x's type); not when the outer shape has a 0
// that copies an input dimension.
// CHECK-LABEL: func.func @reshape_of_reshape(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<2x3x4xf32>
// CHECK:         %[[A:.+]] = rt.reshape %[[X]], %{{.+}} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<4x6xf32>
// CHECK:         %[[F:.+]] = rt.flatten %[[X]]
// CHECK:         %[[Z:.+]] = rt.reshape %[[F]], %{{.+}} : (tensor<2x12xf32>, tensor<3xi64>) -> tensor<2x4x3xf32>
// CHECK:         return %[[X]], %[[A]], %[[Z]]
func.func @reshape_of_reshape(%x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<4x6xf32>, tensor<2x4x3xf32>) {
  %s6 = rt.constant dense<[6, 4]> : tensor<2xi64>
  %s0 = rt.constant dense<[2, 3, 4]> : tensor<3xi64>
  %s1 = rt.constant dense<[4, 6]> : tensor<2xi64>
  %sz = rt.constant dense<[0, 4, 3]> : tensor<3xi64>
  %r = rt.reshape %x, %s6 : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
  %back = rt.reshape %r, %s0 : (tensor<6x4xf32>, tensor<3xi64>) -> tensor<2x3x4xf32>
  %other = rt.reshape %r, %s1 : (tensor<6x4xf32>, tensor<2xi64>) -> tensor<4x6xf32>
  %f = rt.flatten %x : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
  %z = rt.reshape %f, %sz : (tensor<2x12xf32>, tensor<3xi64>) -> tensor<2x4x3xf32>
  return %back, %other, %z : tensor<2x3x4xf32>, tensor<4x6xf32>, tensor<2x4x3xf32>
}

// -----

// A reshape to a dynamic shape may change the runtime shape: not folded.
// CHECK-LABEL: func.func @reshape_dynamic_not_folded(
// CHECK:         %[[Y:.+]] = rt.reshape
// CHECK:         return %[[Y]]
func.func @reshape_dynamic_not_folded(%x: tensor<?x?xf32>, %s: tensor<2xi64>) -> tensor<?x?xf32> {
  %y = rt.reshape %x, %s : (tensor<?x?xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// -----

// With dynamic dimensions equal types do not make Flatten an identity:
// flatten(axis = 0) of a 2x3 tensor is 1x6. Only equal static types fold.
// CHECK-LABEL: func.func @flatten_dynamic_not_identity(
// CHECK-SAME:    %[[X:.+]]: tensor<?x?xf32>)
// CHECK:         %[[Y:.+]] = rt.flatten %[[X]] {axis = 0 : i64}
// CHECK:         return %[[Y]]
func.func @flatten_dynamic_not_identity(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %y = rt.flatten %x {axis = 0 : i64} : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// -----

// A squeeze of an unranked tensor may drop dimensions: equal (unranked)
// types do not make it an identity.
// CHECK-LABEL: func.func @squeeze_unranked_not_identity(
// CHECK-SAME:    %[[X:.+]]: tensor<*xf32>)
// CHECK:         %[[Y:.+]] = rt.squeeze %[[X]]
// CHECK:         return %[[Y]]
func.func @squeeze_unranked_not_identity(%x: tensor<*xf32>) -> tensor<*xf32> {
  %y = rt.squeeze %x : (tensor<*xf32>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @slice_whole_tensor(
// CHECK-SAME:    %[[X:.+]]: tensor<4x4xf32>
// CHECK-NOT:     rt.slice
// CHECK:         return %[[X]]
func.func @slice_whole_tensor(%x: tensor<4x4xf32>, %s: tensor<1xi64>, %e: tensor<1xi64>) -> tensor<4x4xf32> {
  %y = rt.slice %x starts %s ends %e : (tensor<4x4xf32>, tensor<1xi64>, tensor<1xi64>) -> tensor<4x4xf32>
  return %y : tensor<4x4xf32>
}

// -----

// CHECK-LABEL: func.func @concat_single(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>)
// CHECK-NOT:     rt.concat
// CHECK:         return %[[X]]
func.func @concat_single(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = rt.concat %x {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Constant evaluation
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @add_constants(
// CHECK:         %[[C:.+]] = rt.constant dense<{{\[\[}}1.100000e+01, 1.200000e+01, 1.300000e+01], [2.100000e+01, 2.200000e+01, 2.300000e+01]]> : tensor<2x3xf32>
// CHECK-NOT:     rt.add
// CHECK:         return %[[C]]
func.func @add_constants() -> tensor<2x3xf32> {
  %row = rt.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %col = rt.constant dense<[[10.0], [20.0]]> : tensor<2x1xf32>
  %y = rt.add %row, %col : (tensor<3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @arith_constants(
// CHECK-DAG:     %[[SUB:.+]] = rt.constant dense<[-3, 3, 9]> : tensor<3xi64>
// CHECK-DAG:     %[[MUL:.+]] = rt.constant dense<[4, 18, 36]> : tensor<3xi64>
// CHECK-DAG:     %[[DIV:.+]] = rt.constant dense<[0, 2, 4]> : tensor<3xi64>
// CHECK-DAG:     %[[NEG:.+]] = rt.constant dense<[-1, -6, -12]> : tensor<3xi64>
// CHECK-DAG:     %[[ABS:.+]] = rt.constant dense<[2.500000e+00, 0.000000e+00]> : tensor<2xf32>
// CHECK-DAG:     %[[SQRT:.+]] = rt.constant dense<[2.000000e+00, 3.000000e+00]> : tensor<2xf32>
// CHECK:         return %[[SUB]], %[[MUL]], %[[DIV]], %[[NEG]], %[[ABS]], %[[SQRT]]
func.func @arith_constants() -> (tensor<3xi64>, tensor<3xi64>, tensor<3xi64>, tensor<3xi64>, tensor<2xf32>, tensor<2xf32>) {
  %a = rt.constant dense<[1, 6, 12]> : tensor<3xi64>
  %b = rt.constant dense<[4, 3, 3]> : tensor<3xi64>
  %f = rt.constant dense<[-2.5, 0.0]> : tensor<2xf32>
  %g = rt.constant dense<[4.0, 9.0]> : tensor<2xf32>
  %sub = rt.sub %a, %b : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  %mul = rt.mul %a, %b : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  %div = rt.div %a, %b : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  %neg = rt.neg %a : (tensor<3xi64>) -> tensor<3xi64>
  %abs = rt.abs %f : (tensor<2xf32>) -> tensor<2xf32>
  %sqrt = rt.sqrt %g : (tensor<2xf32>) -> tensor<2xf32>
  return %sub, %mul, %div, %neg, %abs, %sqrt : tensor<3xi64>, tensor<3xi64>, tensor<3xi64>, tensor<3xi64>, tensor<2xf32>, tensor<2xf32>
}

// -----

// Integer Mod follows the sign of the divisor unless fmod = 1; float Mod is
// fmod.
// CHECK-LABEL: func.func @mod_constants(
// CHECK-DAG:     %[[M:.+]] = rt.constant dense<[2, -2, -1, 1]> : tensor<4xi64>
// CHECK-DAG:     %[[F:.+]] = rt.constant dense<[-1, 1, -1, 1]> : tensor<4xi64>
// CHECK-DAG:     %[[R:.+]] = rt.constant dense<[-1.500000e+00, 5.000000e-01]> : tensor<2xf32>
// CHECK-NOT:     rt.mod
// CHECK:         return %[[M]], %[[F]], %[[R]]
func.func @mod_constants() -> (tensor<4xi64>, tensor<4xi64>, tensor<2xf32>) {
  %a = rt.constant dense<[-7, 7, -7, 7]> : tensor<4xi64>
  %b = rt.constant dense<[3, -3, -3, 3]> : tensor<4xi64>
  %m = rt.mod %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %f = rt.mod %a, %b {fmod = 1 : i64} : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %x = rt.constant dense<[-1.5, 2.5]> : tensor<2xf32>
  %y = rt.constant dense<[2.0, -2.0]> : tensor<2xf32>
  %r = rt.mod %x, %y {fmod = 1 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %m, %f, %r : tensor<4xi64>, tensor<4xi64>, tensor<2xf32>
}

// -----

// Integer remainders are total (rt.mod): x mod 0 = 0, folded as the
// lowerings compute it.
// CHECK-LABEL: func.func @mod_by_zero_folded(
// CHECK:         %[[R:.+]] = rt.constant dense<[1, 0]> : tensor<2xi64>
// CHECK-NOT:     rt.mod
// CHECK:         return %[[R]]
func.func @mod_by_zero_folded() -> tensor<2xi64> {
  %a = rt.constant dense<[5, 6]> : tensor<2xi64>
  %b = rt.constant dense<[4, 0]> : tensor<2xi64>
  %r = rt.mod %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %r : tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @floor_ceil_constants(
// CHECK-DAG:     %[[FL:.+]] = rt.constant dense<[-2.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-DAG:     %[[CE:.+]] = rt.constant dense<[-1.000000e+00, 3.000000e+00]> : tensor<2xf32>
// CHECK:         return %[[FL]], %[[CE]]
func.func @floor_ceil_constants() -> (tensor<2xf32>, tensor<2xf32>) {
  %f = rt.constant dense<[-1.5, 2.5]> : tensor<2xf32>
  %fl = rt.floor %f : (tensor<2xf32>) -> tensor<2xf32>
  %ce = rt.ceil %f : (tensor<2xf32>) -> tensor<2xf32>
  return %fl, %ce : tensor<2xf32>, tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @max_min_constants(
// CHECK-DAG:     %[[MX:.+]] = rt.constant dense<[4, 5, 3]> : tensor<3xi64>
// CHECK-DAG:     %[[MN:.+]] = rt.constant dense<{{\[\[}}1, 2, 0], [0, 0, 0]]> : tensor<2x3xi64>
// CHECK-NOT:     rt.max
// CHECK-NOT:     rt.min
// CHECK:         return %[[MX]], %[[MN]]
func.func @max_min_constants() -> (tensor<3xi64>, tensor<2x3xi64>) {
  %p = rt.constant dense<[1, 5, 3]> : tensor<3xi64>
  %q = rt.constant dense<[4, 2, 3]> : tensor<3xi64>
  %mx = rt.max %p, %q : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  %r = rt.constant dense<[[2], [0]]> : tensor<2x1xi64>
  %s = rt.constant dense<[1, 2, 0]> : tensor<3xi64>
  %mn = rt.min %p, %r, %s : (tensor<3xi64>, tensor<2x1xi64>, tensor<3xi64>) -> tensor<2x3xi64>
  return %mx, %mn : tensor<3xi64>, tensor<2x3xi64>
}

// -----

// CHECK-LABEL: func.func @max_min_single_input(
// CHECK-SAME:    %[[X:.+]]: tensor<?x4xf32>)
// CHECK-NOT:     rt.max
// CHECK-NOT:     rt.min
// CHECK:         return %[[X]], %[[X]]
func.func @max_min_single_input(%x: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<?x4xf32>) {
  %a = rt.max %x : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %b = rt.min %x : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return %a, %b : tensor<?x4xf32>, tensor<?x4xf32>
}

// -----

// Integer division is total (rt.div): x / 0 = 0, folded as the lowerings
// compute it.
// CHECK-LABEL: func.func @div_by_zero_folded(
// CHECK:         %[[R:.+]] = rt.constant dense<[1, 0]> : tensor<2xi64>
// CHECK-NOT:     rt.div
// CHECK:         return %[[R]]
func.func @div_by_zero_folded() -> tensor<2xi64> {
  %a = rt.constant dense<[1, 2]> : tensor<2xi64>
  %z = rt.constant dense<[1, 0]> : tensor<2xi64>
  %r = rt.div %a, %z : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %r : tensor<2xi64>
}

// -----

// INT64_MIN / -1 wraps to INT64_MIN (rt.div), computed without the
// folder's own signed overflow; INT64_MIN mod -1 is 0.
// CHECK-LABEL: func.func @div_mod_overflow(
// CHECK-DAG:     %[[A:.+]] = rt.constant dense<-9223372036854775808> : tensor<i64>
// CHECK-DAG:     %[[Z:.+]] = rt.constant dense<0> : tensor<i64>
// CHECK-NOT:     rt.div
// CHECK-NOT:     rt.mod
// CHECK:         return %[[A]], %[[Z]]
func.func @div_mod_overflow() -> (tensor<i64>, tensor<i64>) {
  %a = rt.constant dense<-9223372036854775808> : tensor<i64>
  %b = rt.constant dense<-1> : tensor<i64>
  %d = rt.div %a, %b : (tensor<i64>, tensor<i64>) -> tensor<i64>
  %m = rt.mod %a, %b : (tensor<i64>, tensor<i64>) -> tensor<i64>
  return %d, %m : tensor<i64>, tensor<i64>
}

// -----

// Weights (dense_resource blobs) are never evaluated element-wise.
// CHECK-LABEL: func.func @resource_not_evaluated(
// CHECK:         %[[W:.+]] = rt.constant dense_resource<blob1> : tensor<2xf32>
// CHECK:         %[[N:.+]] = rt.neg %[[W]]
// CHECK:         return %[[N]]
func.func @resource_not_evaluated() -> tensor<2xf32> {
  %w = rt.constant dense_resource<blob1> : tensor<2xf32>
  %n = rt.neg %w : (tensor<2xf32>) -> tensor<2xf32>
  return %n : tensor<2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      blob1: "0x040000000000803F00000040"
    }
  }
#-}

// -----

// CHECK-LABEL: func.func @compare_constants(
// CHECK-DAG:     %[[EQ:.+]] = rt.constant dense<[true, false, false]> : tensor<3xi1>
// CHECK-DAG:     %[[LT:.+]] = rt.constant dense<[false, true, false]> : tensor<3xi1>
// CHECK-DAG:     %[[GT:.+]] = rt.constant dense<{{\[\[}}false, false, false], [true, true, true]]> : tensor<2x3xi1>
// CHECK-DAG:     %[[LE:.+]] = rt.constant dense<[true, true, false]> : tensor<3xi1>
// CHECK-DAG:     %[[GE:.+]] = rt.constant dense<true> : tensor<2x3xi1>
// CHECK-NOT:     rt.less
// CHECK-NOT:     rt.greater
// CHECK:         return %[[EQ]], %[[LT]], %[[GT]], %[[LE]], %[[GE]]
func.func @compare_constants() -> (tensor<3xi1>, tensor<3xi1>, tensor<2x3xi1>, tensor<3xi1>, tensor<2x3xi1>) {
  %a = rt.constant dense<[1, 2, 3]> : tensor<3xi64>
  %b = rt.constant dense<[1, 5, -3]> : tensor<3xi64>
  %m = rt.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %r = rt.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %eq = rt.equal %a, %b : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi1>
  %lt = rt.less %a, %b : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi1>
  %gt = rt.greater %m, %r : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %le = rt.less_or_equal %a, %b : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi1>
  %ge = rt.greater_or_equal %m, %r : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  return %eq, %lt, %gt, %le, %ge : tensor<3xi1>, tensor<3xi1>, tensor<2x3xi1>, tensor<3xi1>, tensor<2x3xi1>
}

// -----

// CHECK-LABEL: func.func @logic_constants(
// CHECK-DAG:     %[[AND:.+]] = rt.constant dense<[true, false, false, false]> : tensor<4xi1>
// CHECK-DAG:     %[[OR:.+]] = rt.constant dense<[true, true, true, false]> : tensor<4xi1>
// CHECK-DAG:     %[[NOT:.+]] = rt.constant dense<[false, false, true, true]> : tensor<4xi1>
// CHECK-NOT:     rt.and
// CHECK-NOT:     rt.or
// CHECK-NOT:     rt.not
// CHECK:         return %[[AND]], %[[OR]], %[[NOT]]
func.func @logic_constants() -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %a = rt.constant dense<[true, true, false, false]> : tensor<4xi1>
  %b = rt.constant dense<[true, false, true, false]> : tensor<4xi1>
  %and = rt.and %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %or = rt.or %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %not = rt.not %a : (tensor<4xi1>) -> tensor<4xi1>
  return %and, %or, %not : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @where_constants(
// CHECK:         %[[C:.+]] = rt.constant dense<{{\[\[}}1, 0, 3], [4, 0, 6]]> : tensor<2x3xi64>
// CHECK-NOT:     rt.where
// CHECK:         return %[[C]]
func.func @where_constants() -> tensor<2x3xi64> {
  %c = rt.constant dense<[true, false, true]> : tensor<3xi1>
  %x = rt.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %y = rt.constant dense<0> : tensor<i64>
  %r = rt.where %c, %x, %y : (tensor<3xi1>, tensor<2x3xi64>, tensor<i64>) -> tensor<2x3xi64>
  return %r : tensor<2x3xi64>
}

// -----

// Float to integer casts truncate toward zero.
// CHECK-LABEL: func.func @cast_constants(
// CHECK-DAG:     %[[I:.+]] = rt.constant dense<[1, -2, 0]> : tensor<3xi32>
// CHECK-DAG:     %[[F:.+]] = rt.constant dense<[3.000000e+00, -1.000000e+00]> : tensor<2xf16>
// CHECK:         return %[[I]], %[[F]]
func.func @cast_constants() -> (tensor<3xi32>, tensor<2xf16>) {
  %f = rt.constant dense<[1.5, -2.5, 0.25]> : tensor<3xf32>
  %i = rt.cast %f {to = i32} : (tensor<3xf32>) -> tensor<3xi32>
  %j = rt.constant dense<[3, -1]> : tensor<2xi64>
  %h = rt.cast %j {to = f16} : (tensor<2xi64>) -> tensor<2xf16>
  return %i, %h : tensor<3xi32>, tensor<2xf16>
}

// -----

// Cast to bool tests for non-zero (ONNX): 0.5, -2.0, 2 and -1 are true.
// Both casts fold to the same constant, which canonicalization uniques.
// CHECK-LABEL: func.func @cast_to_bool(
// CHECK:         %[[B:.+]] = rt.constant dense<[true, false, true]> : tensor<3xi1>
// CHECK-NOT:     rt.cast
// CHECK:         return %[[B]], %[[B]]
func.func @cast_to_bool() -> (tensor<3xi1>, tensor<3xi1>) {
  %f = rt.constant dense<[0.5, 0.0, -2.0]> : tensor<3xf32>
  %fb = rt.cast %f {to = i1} : (tensor<3xf32>) -> tensor<3xi1>
  %i = rt.constant dense<[2, 0, -1]> : tensor<3xi64>
  %ib = rt.cast %i {to = i1} : (tensor<3xi64>) -> tensor<3xi1>
  return %fb, %ib : tensor<3xi1>, tensor<3xi1>
}

// -----

// CHECK-LABEL: func.func @range_constants(
// CHECK-DAG:     %[[I:.+]] = rt.constant dense<[10, 8, 6, 4]> : tensor<4xi64>
// CHECK-DAG:     %[[F:.+]] = rt.constant dense<[0.000000e+00, 5.000000e-01, 1.000000e+00]> : tensor<3xf32>
// CHECK:         return %[[I]], %[[F]]
func.func @range_constants() -> (tensor<4xi64>, tensor<3xf32>) {
  %start = rt.constant dense<10> : tensor<i64>
  %limit = rt.constant dense<2> : tensor<i64>
  %delta = rt.constant dense<-2> : tensor<i64>
  %r = rt.range %start, %limit, %delta : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<4xi64>
  %fs = rt.constant dense<0.0> : tensor<f32>
  %fl = rt.constant dense<1.5> : tensor<f32>
  %fd = rt.constant dense<0.5> : tensor<f32>
  %f = rt.range %fs, %fl, %fd : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<3xf32>
  return %r, %f : tensor<4xi64>, tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @constant_of_shape(
// CHECK-DAG:     %[[I:.+]] = rt.constant dense<7> : tensor<2x3xi64>
// CHECK-DAG:     %[[F:.+]] = rt.constant dense<0.000000e+00> : tensor<2x3xf32>
// CHECK:         %[[D:.+]] = rt.constant_of_shape
// CHECK:         return %[[I]], %[[F]], %[[D]]
func.func @constant_of_shape(%dyn: tensor<2xi64>) -> (tensor<2x3xi64>, tensor<2x3xf32>, tensor<?x?xf32>) {
  %s = rt.constant dense<[2, 3]> : tensor<2xi64>
  %i = rt.constant_of_shape %s {value = dense<7> : tensor<1xi64>} : (tensor<2xi64>) -> tensor<2x3xi64>
  %f = rt.constant_of_shape %s : (tensor<2xi64>) -> tensor<2x3xf32>
  %d = rt.constant_of_shape %dyn : (tensor<2xi64>) -> tensor<?x?xf32>
  return %i, %f, %d : tensor<2x3xi64>, tensor<2x3xf32>, tensor<?x?xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Shape queries
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @shape_static(
// CHECK-DAG:     %[[ALL:.+]] = rt.constant dense<[2, 3, 4]> : tensor<3xi64>
// CHECK-DAG:     %[[TAIL:.+]] = rt.constant dense<[3, 4]> : tensor<2xi64>
// CHECK-DAG:     %[[SIZE:.+]] = rt.constant dense<24> : tensor<i64>
// CHECK-NOT:     rt.shape
// CHECK-NOT:     rt.size
// CHECK:         return %[[ALL]], %[[TAIL]], %[[SIZE]]
func.func @shape_static(%x: tensor<2x3x4xf32>) -> (tensor<3xi64>, tensor<2xi64>, tensor<i64>) {
  %s = rt.shape %x : (tensor<2x3x4xf32>) -> tensor<3xi64>
  %t = rt.shape %x {start = -2 : i64} : (tensor<2x3x4xf32>) -> tensor<2xi64>
  %n = rt.size %x : (tensor<2x3x4xf32>) -> tensor<i64>
  return %s, %t, %n : tensor<3xi64>, tensor<2xi64>, tensor<i64>
}

// -----

// Only the requested static dimensions are needed for a fold.
// CHECK-LABEL: func.func @shape_dynamic(
// CHECK-SAME:    %[[X:.+]]: tensor<?x3x4xf32>)
// CHECK-DAG:     %[[TAIL:.+]] = rt.constant dense<[3, 4]> : tensor<2xi64>
// CHECK-DAG:     %[[ALL:.+]] = rt.shape %[[X]] : (tensor<?x3x4xf32>) -> tensor<3xi64>
// CHECK-DAG:     %[[SIZE:.+]] = rt.size %[[X]]
// CHECK:         return %[[ALL]], %[[TAIL]], %[[SIZE]]
func.func @shape_dynamic(%x: tensor<?x3x4xf32>) -> (tensor<3xi64>, tensor<2xi64>, tensor<i64>) {
  %s = rt.shape %x : (tensor<?x3x4xf32>) -> tensor<3xi64>
  %t = rt.shape %x {start = 1 : i64} : (tensor<?x3x4xf32>) -> tensor<2xi64>
  %n = rt.size %x : (tensor<?x3x4xf32>) -> tensor<i64>
  return %s, %t, %n : tensor<3xi64>, tensor<2xi64>, tensor<i64>
}

// -----

//===----------------------------------------------------------------------===//
// Data movement on constants
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @reshape_constant(
// CHECK:         %[[C:.+]] = rt.constant dense<{{\[\[}}1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
// CHECK-NOT:     rt.reshape
// CHECK:         return %[[C]]
func.func @reshape_constant() -> tensor<2x3xi64> {
  %c = rt.constant dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi64>
  %s = rt.constant dense<[2, -1]> : tensor<2xi64>
  %r = rt.reshape %c, %s : (tensor<6xi64>, tensor<2xi64>) -> tensor<2x3xi64>
  return %r : tensor<2x3xi64>
}

// -----

// Reshape-like folds of weights re-type the blob instead of copying it.
// CHECK-LABEL: func.func @reshape_resource(
// CHECK-DAG:     %[[R:.+]] = rt.constant dense_resource<blob1> : tensor<1x2xf32>
// CHECK-DAG:     %[[U:.+]] = rt.constant dense_resource<blob1> : tensor<2x1xf32>
// CHECK-NOT:     rt.reshape
// CHECK-NOT:     rt.unsqueeze
// CHECK:         return %[[R]], %[[U]]
// CHECK:         blob1: "0x040000000000803F00000040"
func.func @reshape_resource() -> (tensor<1x2xf32>, tensor<2x1xf32>) {
  %w = rt.constant dense_resource<blob1> : tensor<2xf32>
  %s = rt.constant dense<[1, 2]> : tensor<2xi64>
  %r = rt.reshape %w, %s : (tensor<2xf32>, tensor<2xi64>) -> tensor<1x2xf32>
  %u = rt.unsqueeze %w {axes = array<i64: 1>} : (tensor<2xf32>) -> tensor<2x1xf32>
  return %r, %u : tensor<1x2xf32>, tensor<2x1xf32>
}

{-#
  dialect_resources: {
    builtin: {
      blob1: "0x040000000000803F00000040"
    }
  }
#-}

// -----

// CHECK-LABEL: func.func @squeeze_unsqueeze_flatten_constant(
// CHECK-DAG:     %[[SQ:.+]] = rt.constant dense<[1, 2, 3]> : tensor<3xi64>
// CHECK-DAG:     %[[UN:.+]] = rt.constant dense<{{\[\[}}[1, 2, 3]]]> : tensor<1x1x3xi64>
// CHECK-DAG:     %[[FL:.+]] = rt.constant dense<{{\[\[}}1, 2, 3]]> : tensor<1x3xi64>
// CHECK:         return %[[SQ]], %[[UN]], %[[FL]]
func.func @squeeze_unsqueeze_flatten_constant() -> (tensor<3xi64>, tensor<1x1x3xi64>, tensor<1x3xi64>) {
  %c = rt.constant dense<[[1, 2, 3]]> : tensor<1x3xi64>
  %sq = rt.squeeze %c {axes = array<i64: 0>} : (tensor<1x3xi64>) -> tensor<3xi64>
  %un = rt.unsqueeze %c {axes = array<i64: 0>} : (tensor<1x3xi64>) -> tensor<1x1x3xi64>
  %fl = rt.flatten %un {axis = 2 : i64} : (tensor<1x1x3xi64>) -> tensor<1x3xi64>
  return %sq, %un, %fl : tensor<3xi64>, tensor<1x1x3xi64>, tensor<1x3xi64>
}

// -----

// CHECK-LABEL: func.func @transpose_constant(
// CHECK-DAG:     %[[T:.+]] = rt.constant dense<{{\[\[}}1, 4], [2, 5], [3, 6]]> : tensor<3x2xi64>
// CHECK-DAG:     %[[P:.+]] = rt.constant dense<{{\[\[}}[1, 4]], {{\[\[}}2, 5]], {{\[\[}}3, 6]]]> : tensor<3x1x2xi64>
// CHECK-NOT:     rt.transpose
// CHECK:         return %[[T]], %[[P]]
func.func @transpose_constant() -> (tensor<3x2xi64>, tensor<3x1x2xi64>) {
  %c = rt.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %t = rt.transpose %c : (tensor<2x3xi64>) -> tensor<3x2xi64>
  %u = rt.constant dense<[[[1, 2, 3], [4, 5, 6]]]> : tensor<1x2x3xi64>
  %p = rt.transpose %u {perm = array<i64: 2, 0, 1>} : (tensor<1x2x3xi64>) -> tensor<3x1x2xi64>
  return %t, %p : tensor<3x2xi64>, tensor<3x1x2xi64>
}

// -----

// CHECK-LABEL: func.func @concat_constants(
// CHECK-DAG:     %[[V:.+]] = rt.constant dense<[7, 8, 9]> : tensor<3xi64>
// CHECK-DAG:     %[[M:.+]] = rt.constant dense<{{\[\[}}1, 2, 5], [3, 4, 6]]> : tensor<2x3xi64>
// CHECK-NOT:     rt.concat
// CHECK:         return %[[V]], %[[M]]
func.func @concat_constants() -> (tensor<3xi64>, tensor<2x3xi64>) {
  %a = rt.constant dense<[7]> : tensor<1xi64>
  %b = rt.constant dense<[8, 9]> : tensor<2xi64>
  %v = rt.concat %a, %b {axis = 0 : i64} : (tensor<1xi64>, tensor<2xi64>) -> tensor<3xi64>
  %c = rt.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  %d = rt.constant dense<[[5], [6]]> : tensor<2x1xi64>
  %m = rt.concat %c, %d {axis = 1 : i64} : (tensor<2x2xi64>, tensor<2x1xi64>) -> tensor<2x3xi64>
  return %v, %m : tensor<3xi64>, tensor<2x3xi64>
}

// -----

// A negative axis counts from the back.
// CHECK-LABEL: func.func @concat_negative_axis(
// CHECK:         %[[C:.+]] = rt.constant dense<{{\[\[}}1, 2, 5], [3, 4, 6]]> : tensor<2x3xi64>
// CHECK-NOT:     rt.concat
// CHECK:         return %[[C]]
func.func @concat_negative_axis() -> tensor<2x3xi64> {
  %a = rt.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  %b = rt.constant dense<[[5], [6]]> : tensor<2x1xi64>
  %c = rt.concat %a, %b {axis = -1 : i64} : (tensor<2x2xi64>, tensor<2x1xi64>) -> tensor<2x3xi64>
  return %c : tensor<2x3xi64>
}

// -----

// Negative indices count from the back.
// CHECK-LABEL: func.func @gather_constants(
// CHECK-DAG:     %[[COLS:.+]] = rt.constant dense<{{\[\[}}3, 1], [6, 4]]> : tensor<2x2xi64>
// CHECK-DAG:     %[[DIM:.+]] = rt.constant dense<4> : tensor<i64>
// CHECK-NOT:     rt.gather
// CHECK:         return %[[COLS]], %[[DIM]]
func.func @gather_constants() -> (tensor<2x2xi64>, tensor<i64>) {
  %m = rt.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %idx = rt.constant dense<[2, -3]> : tensor<2xi64>
  %cols = rt.gather %m, %idx {axis = 1 : i64} : (tensor<2x3xi64>, tensor<2xi64>) -> tensor<2x2xi64>
  %shape = rt.constant dense<[2, 4, 8]> : tensor<3xi64>
  %one = rt.constant dense<1> : tensor<i64>
  %dim = rt.gather %shape, %one : (tensor<3xi64>, tensor<i64>) -> tensor<i64>
  return %cols, %dim : tensor<2x2xi64>, tensor<i64>
}

// -----

// A negative axis counts from the back.
// CHECK-LABEL: func.func @gather_negative_axis(
// CHECK:         %[[C:.+]] = rt.constant dense<[1, 4]> : tensor<2xi64>
// CHECK-NOT:     rt.gather
// CHECK:         return %[[C]]
func.func @gather_negative_axis() -> tensor<2xi64> {
  %m = rt.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %i = rt.constant dense<0> : tensor<i64>
  %g = rt.gather %m, %i {axis = -1 : i64} : (tensor<2x3xi64>, tensor<i64>) -> tensor<2xi64>
  return %g : tensor<2xi64>
}

// -----

// An out-of-range constant index is left to run time.
// CHECK-LABEL: func.func @gather_out_of_range_not_folded(
// CHECK:         %[[G:.+]] = rt.gather
// CHECK:         return %[[G]]
func.func @gather_out_of_range_not_folded() -> tensor<i64> {
  %shape = rt.constant dense<[2, 4, 8]> : tensor<3xi64>
  %idx = rt.constant dense<3> : tensor<i64>
  %g = rt.gather %shape, %idx : (tensor<3xi64>, tensor<i64>) -> tensor<i64>
  return %g : tensor<i64>
}

// -----

// CHECK-LABEL: func.func @slice_constants(
// CHECK-DAG:     %[[COLS:.+]] = rt.constant dense<{{\[\[}}2, 3], [5, 6]]> : tensor<2x2xi64>
// CHECK-DAG:     %[[REV:.+]] = rt.constant dense<[6, 4]> : tensor<2xi64>
// CHECK-NOT:     rt.slice
// CHECK:         return %[[COLS]], %[[REV]]
func.func @slice_constants() -> (tensor<2x2xi64>, tensor<2xi64>) {
  %m = rt.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %one = rt.constant dense<1> : tensor<1xi64>
  %big = rt.constant dense<9223372036854775807> : tensor<1xi64>
  %cols = rt.slice %m starts %one ends %big axes %one : (tensor<2x3xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<2x2xi64>
  %v = rt.constant dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi64>
  %s = rt.constant dense<-1> : tensor<1xi64>
  %e = rt.constant dense<2> : tensor<1xi64>
  %st = rt.constant dense<-2> : tensor<1xi64>
  %rev = rt.slice %v starts %s ends %e steps %st : (tensor<6xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  return %cols, %rev : tensor<2x2xi64>, tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @expand_constants(
// CHECK-DAG:     %[[SPLAT:.+]] = rt.constant dense<5> : tensor<2x3xi64>
// CHECK-DAG:     %[[ROWS:.+]] = rt.constant dense<{{\[\[}}1, 2, 3], [1, 2, 3]]> : tensor<2x3xi64>
// CHECK-NOT:     rt.expand
// CHECK:         return %[[SPLAT]], %[[ROWS]]
func.func @expand_constants() -> (tensor<2x3xi64>, tensor<2x3xi64>) {
  %shape = rt.constant dense<[2, 3]> : tensor<2xi64>
  %five = rt.constant dense<5> : tensor<1xi64>
  %a = rt.expand %five, %shape : (tensor<1xi64>, tensor<2xi64>) -> tensor<2x3xi64>
  %row = rt.constant dense<[1, 2, 3]> : tensor<3xi64>
  %b = rt.expand %row, %shape : (tensor<3xi64>, tensor<2xi64>) -> tensor<2x3xi64>
  return %a, %b : tensor<2x3xi64>, tensor<2x3xi64>
}

// -----

// Canonicalization uniques equal constants.
// CHECK-LABEL: func.func @constants_uniqued(
// CHECK:         %[[C:.+]] = rt.constant dense<[1, 2]> : tensor<2xi64>
// CHECK-NOT:     rt.constant
// CHECK:         return %[[C]], %[[C]]
func.func @constants_uniqued() -> (tensor<2xi64>, tensor<2xi64>) {
  %a = rt.constant dense<[1, 2]> : tensor<2xi64>
  %b = rt.constant dense<[1, 2]> : tensor<2xi64>
  return %a, %b : tensor<2xi64>, tensor<2xi64>
}

// -----

// Transposes compose: perm[i] = inner[outer[i]]; the identity disappears.
// CHECK-LABEL: func.func @transposes(
// CHECK:         %[[T:.+]] = rt.transpose %arg0 {perm = array<i64: 0, 2, 3, 1>} : (tensor<2x3x4x5xf32>) -> tensor<2x4x5x3xf32>
// CHECK:         return %[[T]], %arg0
func.func @transposes(%x: tensor<2x3x4x5xf32>) -> (tensor<2x4x5x3xf32>, tensor<2x3x4x5xf32>) {
  %0 = rt.transpose %x {perm = array<i64: 0, 2, 1, 3>} : (tensor<2x3x4x5xf32>) -> tensor<2x4x3x5xf32>
  %1 = rt.transpose %0 {perm = array<i64: 0, 1, 3, 2>} : (tensor<2x4x3x5xf32>) -> tensor<2x4x5x3xf32>
  %2 = rt.transpose %x {perm = array<i64: 1, 0, 2, 3>} : (tensor<2x3x4x5xf32>) -> tensor<3x2x4x5xf32>
  %3 = rt.transpose %2 {perm = array<i64: 1, 0, 2, 3>} : (tensor<3x2x4x5xf32>) -> tensor<2x3x4x5xf32>
  return %1, %3 : tensor<2x4x5x3xf32>, tensor<2x3x4x5xf32>
}

// -----

// A Gather before the normalized axes moves above the LayerNorm (ViT's class
// token after the final LayerNorm): only the selected rows are normalized.
// CHECK-LABEL: func.func @gather_after_layernorm
// CHECK-SAME: (%[[X:.+]]: tensor<4x197x768xf32>, %[[S:.+]]: tensor<768xf32>, %[[B:.+]]: tensor<768xf32>)
// CHECK: %[[G:.+]] = rt.gather %[[X]], %{{.*}} {axis = 1 : i64} : (tensor<4x197x768xf32>, tensor<i64>) -> tensor<4x768xf32>
// CHECK: %[[N:.+]] = rt.layer_normalization %[[G]], %[[S]], %[[B]] {epsilon = 9.99999997E-7 : f32} : (tensor<4x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<4x768xf32>
// CHECK: return %[[N]]
func.func @gather_after_layernorm(%x: tensor<4x197x768xf32>, %s: tensor<768xf32>, %b: tensor<768xf32>) -> tensor<4x768xf32> {
  %i = rt.constant dense<0> : tensor<i64>
  %0 = rt.layer_normalization %x, %s, %b {axis = 2 : i64, epsilon = 1.0e-6 : f32} : (tensor<4x197x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<4x197x768xf32>
  %1 = rt.gather %0, %i {axis = 1 : i64} : (tensor<4x197x768xf32>, tensor<i64>) -> tensor<4x768xf32>
  return %1 : tensor<4x768xf32>
}

// -----

// Left: the Gather selects along a normalized axis, or the LayerNorm has
// another user.
// CHECK-LABEL: func.func @gather_layernorm_kept
// CHECK: %[[N:.+]] = rt.layer_normalization
// CHECK: rt.gather %[[N]]
// CHECK: %[[M:.+]] = rt.layer_normalization
// CHECK: rt.gather %[[M]]
func.func @gather_layernorm_kept(%x: tensor<4x6x8xf32>, %s: tensor<6x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x6x8xf32>) {
  %i = rt.constant dense<0> : tensor<i64>
  %0 = rt.layer_normalization %x, %s {axis = 1 : i64} : (tensor<4x6x8xf32>, tensor<6x8xf32>) -> tensor<4x6x8xf32>
  %1 = rt.gather %0, %i {axis = 1 : i64} : (tensor<4x6x8xf32>, tensor<i64>) -> tensor<4x8xf32>
  %2 = rt.layer_normalization %x, %s {axis = 1 : i64, epsilon = 1.0e-3 : f32} : (tensor<4x6x8xf32>, tensor<6x8xf32>) -> tensor<4x6x8xf32>
  %3 = rt.gather %2, %i {axis = 1 : i64} : (tensor<4x6x8xf32>, tensor<i64>) -> tensor<4x8xf32>
  return %1, %3, %2 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x6x8xf32>
}

// -----

// GroupNormalization with a static shape is a LayerNormalization of the
// input reshaped to [N, groups, rest] (scale 1, no bias), reshaped back,
// times the per-channel scale plus the per-channel bias (as [C, 1, 1]).
// CHECK-LABEL: func.func @group_norm
// CHECK-SAME: (%[[X:.+]]: tensor<2x8x5x6xf32>, %[[S:.+]]: tensor<8xf32>, %[[B:.+]]: tensor<8xf32>)
// CHECK-DAG: %[[ONES:.+]] = rt.constant dense<1.000000e+00> : tensor<60xf32>
// CHECK: %[[G:.+]] = rt.reshape %[[X]], %{{.*}} : (tensor<2x8x5x6xf32>, tensor<3xi64>) -> tensor<2x4x60xf32>
// CHECK: %[[N:.+]] = rt.layer_normalization %[[G]], %[[ONES]] {axis = 2 : i64} : (tensor<2x4x60xf32>, tensor<60xf32>) -> tensor<2x4x60xf32>
// CHECK: %[[Y:.+]] = rt.reshape %[[N]], %{{.*}} -> tensor<2x8x5x6xf32>
// CHECK: %[[SC:.+]] = rt.reshape %[[S]], %{{.*}} -> tensor<8x1x1xf32>
// CHECK: %[[M:.+]] = rt.mul %[[Y]], %[[SC]]
// CHECK: %[[BC:.+]] = rt.reshape %[[B]], %{{.*}} -> tensor<8x1x1xf32>
// CHECK: %[[R:.+]] = rt.add %[[M]], %[[BC]]
// CHECK: return %[[R]]
func.func @group_norm(%x: tensor<2x8x5x6xf32>, %s: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<2x8x5x6xf32> {
  %0 = rt.group_normalization %x, %s, %b {num_groups = 4 : i64} : (tensor<2x8x5x6xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8x5x6xf32>
  return %0 : tensor<2x8x5x6xf32>
}

// -----

// GPT-2's key: transpose, reshape dropping the batch of 1, transpose,
// reshape adding it back, transpose — one transpose of the input (the first
// one's layout) and no other view.
// CHECK-LABEL: func.func @transpose_chain
// CHECK-SAME: (%[[X:.+]]: tensor<1x128x12x64xf32>)
// CHECK-NEXT: %[[T:.+]] = rt.transpose %[[X]] {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x128x12x64xf32>) -> tensor<1x12x128x64xf32>
// CHECK-NEXT: return %[[T]]
func.func @transpose_chain(%x: tensor<1x128x12x64xf32>) -> tensor<1x12x128x64xf32> {
  %s3 = rt.constant dense<[12, 128, 64]> : tensor<3xi64>
  %s4 = rt.constant dense<[1, 12, 64, 128]> : tensor<4xi64>
  %0 = rt.transpose %x {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x128x12x64xf32>) -> tensor<1x12x128x64xf32>
  %1 = rt.reshape %0, %s3 : (tensor<1x12x128x64xf32>, tensor<3xi64>) -> tensor<12x128x64xf32>
  %2 = rt.transpose %1 {perm = array<i64: 0, 2, 1>} : (tensor<12x128x64xf32>) -> tensor<12x64x128xf32>
  %3 = rt.reshape %2, %s4 : (tensor<12x64x128xf32>, tensor<4xi64>) -> tensor<1x12x64x128xf32>
  %4 = rt.transpose %3 {perm = array<i64: 0, 1, 3, 2>} : (tensor<1x12x64x128xf32>) -> tensor<1x12x128x64xf32>
  return %4 : tensor<1x12x128x64xf32>
}

// -----

// The same at batch 32: the reshapes merge batch and heads (384 x 128 x 64)
// and split them back; the head split before the chain (768 -> 12 x 64
// splits an input dimension) starts it after itself.
// CHECK-LABEL: func.func @transpose_chain_merged
// CHECK-SAME: (%[[X:.+]]: tensor<32x128x768xf32>)
// CHECK: %[[H:.+]] = rt.reshape %[[X]]
// CHECK-NEXT: %[[T:.+]] = rt.transpose %[[H]] {perm = array<i64: 0, 2, 1, 3>} : (tensor<32x128x12x64xf32>) -> tensor<32x12x128x64xf32>
// CHECK-NEXT: return %[[T]]
func.func @transpose_chain_merged(%x: tensor<32x128x768xf32>) -> tensor<32x12x128x64xf32> {
  %h = rt.constant dense<[32, 128, -1, 64]> : tensor<4xi64>
  %s3 = rt.constant dense<[-1, 128, 64]> : tensor<3xi64>
  %s4 = rt.constant dense<[32, 12, 64, 128]> : tensor<4xi64>
  %0 = rt.reshape %x, %h : (tensor<32x128x768xf32>, tensor<4xi64>) -> tensor<32x128x12x64xf32>
  %1 = rt.transpose %0 {perm = array<i64: 0, 2, 1, 3>} : (tensor<32x128x12x64xf32>) -> tensor<32x12x128x64xf32>
  %2 = rt.reshape %1, %s3 : (tensor<32x12x128x64xf32>, tensor<3xi64>) -> tensor<384x128x64xf32>
  %3 = rt.transpose %2 {perm = array<i64: 0, 2, 1>} : (tensor<384x128x64xf32>) -> tensor<384x64x128xf32>
  %4 = rt.reshape %3, %s4 : (tensor<384x64x128xf32>, tensor<4xi64>) -> tensor<32x12x64x128xf32>
  %5 = rt.transpose %4 {perm = array<i64: 0, 1, 3, 2>} : (tensor<32x12x64x128xf32>) -> tensor<32x12x128x64xf32>
  return %5 : tensor<32x12x128x64xf32>
}

// -----

// A reshape that regroups dimensions across a transposed boundary is
// followed too: transpose [0, 2, 1] of 6 x 4 x 5, merge the last two (5 x 4
// = 20), split them back, transpose back: the input itself.
// CHECK-LABEL: func.func @transpose_chain_identity
// CHECK-SAME: (%[[X:.+]]: tensor<6x4x5xf32>)
// CHECK-NEXT: return %[[X]]
func.func @transpose_chain_identity(%x: tensor<6x4x5xf32>) -> tensor<6x4x5xf32> {
  %m = rt.constant dense<[6, 20]> : tensor<2xi64>
  %s = rt.constant dense<[6, 5, 4]> : tensor<3xi64>
  %0 = rt.transpose %x {perm = array<i64: 0, 2, 1>} : (tensor<6x4x5xf32>) -> tensor<6x5x4xf32>
  %1 = rt.reshape %0, %m : (tensor<6x5x4xf32>, tensor<2xi64>) -> tensor<6x20xf32>
  %2 = rt.reshape %1, %s : (tensor<6x20xf32>, tensor<3xi64>) -> tensor<6x5x4xf32>
  %3 = rt.transpose %2 {perm = array<i64: 0, 2, 1>} : (tensor<6x5x4xf32>) -> tensor<6x4x5xf32>
  return %3 : tensor<6x4x5xf32>
}

// -----

// A reshape that splits a transposed dimension differently (20 as 2 x 10)
// cannot be followed: the chain restarts after it, with one transpose.
// CHECK-LABEL: func.func @transpose_chain_split
// CHECK: rt.transpose
// CHECK: rt.reshape
// CHECK: rt.transpose
// CHECK: return
func.func @transpose_chain_split(%x: tensor<6x4x5xf32>) -> tensor<6x10x2xf32> {
  %m = rt.constant dense<[6, 20]> : tensor<2xi64>
  %s = rt.constant dense<[6, 2, 10]> : tensor<3xi64>
  %0 = rt.transpose %x {perm = array<i64: 0, 2, 1>} : (tensor<6x4x5xf32>) -> tensor<6x5x4xf32>
  %1 = rt.reshape %0, %m : (tensor<6x5x4xf32>, tensor<2xi64>) -> tensor<6x20xf32>
  %2 = rt.reshape %1, %s : (tensor<6x20xf32>, tensor<3xi64>) -> tensor<6x2x10xf32>
  %3 = rt.transpose %2 {perm = array<i64: 0, 2, 1>} : (tensor<6x2x10xf32>) -> tensor<6x10x2xf32>
  return %3 : tensor<6x10x2xf32>
}

// -----

// A real transpose through a unit reshape becomes one transpose (the
// non-unit dimensions in their final order) and one reshape; a single
// transpose after a unit reshape is left alone.
// CHECK-LABEL: func.func @transpose_chain_kept
// CHECK: %[[T:.+]] = rt.transpose %{{.*}} {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x4x6x5xf32>) -> tensor<1x6x5x4xf32>
// CHECK: rt.reshape %[[T]], %{{.*}} -> tensor<6x5x4xf32>
// CHECK: %[[U:.+]] = rt.reshape %{{.*}} -> tensor<4x1x6xf32>
// CHECK: rt.transpose %[[U]] {perm = array<i64: 2, 1, 0>}
func.func @transpose_chain_kept(%x: tensor<1x4x6x5xf32>, %y: tensor<4x6xf32>) -> (tensor<6x5x4xf32>, tensor<6x1x4xf32>) {
  %s3 = rt.constant dense<[6, 4, 5]> : tensor<3xi64>
  %u3 = rt.constant dense<[4, 1, 6]> : tensor<3xi64>
  %0 = rt.transpose %x {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x4x6x5xf32>) -> tensor<1x6x4x5xf32>
  %1 = rt.reshape %0, %s3 : (tensor<1x6x4x5xf32>, tensor<3xi64>) -> tensor<6x4x5xf32>
  %2 = rt.transpose %1 {perm = array<i64: 0, 2, 1>} : (tensor<6x4x5xf32>) -> tensor<6x5x4xf32>
  %3 = rt.reshape %y, %u3 : (tensor<4x6xf32>, tensor<3xi64>) -> tensor<4x1x6xf32>
  %4 = rt.transpose %3 {perm = array<i64: 2, 1, 0>} : (tensor<4x1x6xf32>) -> tensor<6x1x4xf32>
  return %2, %4 : tensor<6x5x4xf32>, tensor<6x1x4xf32>
}
