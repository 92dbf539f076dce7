// RUN: rt-opt %s -rt-eliminate-dead-code -split-input-file | FileCheck %s

// A dead chain goes in one run, producers included; the returned value and
// its producers stay.
// CHECK-LABEL: func.func @dead_chain(
// CHECK-SAME:    %[[X:.+]]: tensor<4xf32>)
// CHECK-NOT:     rt.exp
// CHECK-NOT:     rt.log
// CHECK-NOT:     rt.mul
// CHECK:         %[[R:.+]] = rt.relu %[[X]]
// CHECK-NEXT:    %[[S:.+]] = rt.sigmoid %[[R]]
// CHECK-NEXT:    return %[[S]]
func.func @dead_chain(%x: tensor<4xf32>) -> tensor<4xf32> {
  %e = rt.exp %x : (tensor<4xf32>) -> tensor<4xf32>
  %r = rt.relu %x : (tensor<4xf32>) -> tensor<4xf32>
  %l = rt.log %e : (tensor<4xf32>) -> tensor<4xf32>
  %m = rt.mul %l, %r : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %s = rt.sigmoid %r : (tensor<4xf32>) -> tensor<4xf32>
  return %s : tensor<4xf32>
}

// -----

// Dead constants and dead shape computations disappear; unused function
// arguments are part of the interface and stay.
// CHECK-LABEL: func.func @dead_constants(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>, %[[UNUSED:.+]]: tensor<7xi64>) -> tensor<2x3xf32>
// CHECK-NOT:     rt.constant
// CHECK-NOT:     rt.shape
// CHECK-NOT:     rt.concat
// CHECK:         return %[[X]] : tensor<2x3xf32>
func.func @dead_constants(%x: tensor<2x3xf32>, %unused: tensor<7xi64>) -> tensor<2x3xf32> {
  %c = rt.constant dense<[1, 2]> : tensor<2xi64>
  %s = rt.shape %x : (tensor<2x3xf32>) -> tensor<2xi64>
  %cat = rt.concat %c, %s {axis = 0 : i64} : (tensor<2xi64>, tensor<2xi64>) -> tensor<4xi64>
  %w = rt.constant dense_resource<blob1> : tensor<2xf32>
  return %x : tensor<2x3xf32>
}

{-#
  dialect_resources: {
    builtin: {
      blob1: "0x040000000000803F00000040"
    }
  }
#-}

// -----

// Equal constants are merged and their users share one op.
// CHECK-LABEL: func.func @duplicate_constants(
// CHECK-SAME:    %[[X:.+]]: tensor<2xi64>)
// CHECK:         %[[C:.+]] = rt.constant dense<[1, 2]> : tensor<2xi64>
// CHECK-NOT:     rt.constant
// CHECK:         %[[A:.+]] = rt.add %[[X]], %[[C]]
// CHECK:         %[[M:.+]] = rt.mul %[[A]], %[[C]]
// CHECK:         return %[[M]]
func.func @duplicate_constants(%x: tensor<2xi64>) -> tensor<2xi64> {
  %c1 = rt.constant dense<[1, 2]> : tensor<2xi64>
  %a = rt.add %x, %c1 : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %c2 = rt.constant dense<[1, 2]> : tensor<2xi64>
  %m = rt.mul %a, %c2 : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %m : tensor<2xi64>
}

// -----

// Constants with equal values but different types are distinct.
// CHECK-LABEL: func.func @distinct_constants(
// CHECK-DAG:     %[[A:.+]] = rt.constant dense<1> : tensor<2xi64>
// CHECK-DAG:     %[[B:.+]] = rt.constant dense<1> : tensor<2xi32>
// CHECK:         return %[[A]], %[[B]]
func.func @distinct_constants() -> (tensor<2xi64>, tensor<2xi32>) {
  %a = rt.constant dense<1> : tensor<2xi64>
  %b = rt.constant dense<1> : tensor<2xi32>
  return %a, %b : tensor<2xi64>, tensor<2xi32>
}

// -----

// An op with several results stays while any of them is used.
// CHECK-LABEL: func.func @partially_used_results(
// CHECK:         %[[S:.+]]:2 = rt.split
// CHECK-NOT:     rt.top_k
// CHECK:         return %[[S]]#1
func.func @partially_used_results(%x: tensor<4xf32>, %k: tensor<1xi64>) -> tensor<2xf32> {
  %s:2 = rt.split %x {num_outputs = 2 : i64} : (tensor<4xf32>) -> (tensor<2xf32>, tensor<2xf32>)
  %v, %i = rt.top_k %x, %k : (tensor<4xf32>, tensor<1xi64>) -> (tensor<?xf32>, tensor<?xi64>)
  return %s#1 : tensor<2xf32>
}

// -----

// Ops that may have side effects are kept even when their results are
// unused.
// CHECK-LABEL: func.func @side_effects_kept(
// CHECK:         call @opaque
// CHECK-NOT:     rt.neg
// CHECK:         return
func.func private @opaque(tensor<4xf32>) -> tensor<4xf32>
func.func @side_effects_kept(%x: tensor<4xf32>) {
  %y = call @opaque(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %n = rt.neg %x : (tensor<4xf32>) -> tensor<4xf32>
  return
}
