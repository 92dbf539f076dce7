// RUN: rt-opt %s -rt-fold-constants -split-input-file | FileCheck %s

// The Shape -> Gather -> Unsqueeze -> Concat -> Reshape chain that PyTorch
// exporters emit for `x.view(b, t, 12, 64)` collapses into one constant and
// the reshape result becomes static. The signature is kept (a function pass
// must not change what callers see): a tensor.cast restores the declared
// result type.
// CHECK-LABEL: func.func @shape_chain(
// CHECK-SAME:    %[[X:.+]]: tensor<2x128x768xf32>) -> tensor<*xf32>
// CHECK-NOT:     rt.shape
// CHECK-NOT:     rt.gather
// CHECK-NOT:     rt.unsqueeze
// CHECK-NOT:     rt.concat
// CHECK-DAG:     %[[S:.+]] = rt.constant dense<[2, 128, 12, 64]> : tensor<4xi64>
// CHECK:         %[[R:.+]] = rt.reshape %[[X]], %[[S]] : (tensor<2x128x768xf32>, tensor<4xi64>) -> tensor<2x128x12x64xf32>
// CHECK:         %[[CAST:.+]] = tensor.cast %[[R]] : tensor<2x128x12x64xf32> to tensor<*xf32>
// CHECK:         return %[[CAST]] : tensor<*xf32>
func.func @shape_chain(%x: tensor<2x128x768xf32>) -> tensor<*xf32> {
  %s = rt.shape %x : (tensor<2x128x768xf32>) -> tensor<?xi64>
  %i0 = rt.constant dense<0> : tensor<i64>
  %i1 = rt.constant dense<1> : tensor<i64>
  %b = rt.gather %s, %i0 : (tensor<?xi64>, tensor<i64>) -> tensor<*xi64>
  %t = rt.gather %s, %i1 : (tensor<?xi64>, tensor<i64>) -> tensor<*xi64>
  %bu = rt.unsqueeze %b {axes = array<i64: 0>} : (tensor<*xi64>) -> tensor<*xi64>
  %tu = rt.unsqueeze %t {axes = array<i64: 0>} : (tensor<*xi64>) -> tensor<*xi64>
  %h = rt.constant dense<[12, 64]> : tensor<2xi64>
  %shape = rt.concat %bu, %tu, %h {axis = 0 : i64} : (tensor<*xi64>, tensor<*xi64>, tensor<2xi64>) -> tensor<*xi64>
  %y = rt.reshape %x, %shape : (tensor<2x128x768xf32>, tensor<*xi64>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}

// -----

// With a dynamic batch the Shape op cannot fold: the chain stays, its
// shapes are refined, and the batch dimension stays dynamic. Inference reads
// the partially known shape value, so the other dimensions are static.
// CHECK-LABEL: func.func @shape_chain_dynamic_batch(
// CHECK-SAME:    %[[X:.+]]: tensor<?x128x768xf32>) -> tensor<*xf32>
// CHECK:         %[[S:.+]] = rt.shape %[[X]] : (tensor<?x128x768xf32>) -> tensor<3xi64>
// CHECK:         %[[B:.+]] = rt.gather %[[S]], %{{.+}} : (tensor<3xi64>, tensor<i64>) -> tensor<i64>
// CHECK:         %[[BU:.+]] = rt.unsqueeze %[[B]] {{.*}} -> tensor<1xi64>
// CHECK:         %[[SHAPE:.+]] = rt.concat %[[BU]], {{.*}} -> tensor<3xi64>
// CHECK:         %[[R:.+]] = rt.reshape %[[X]], %[[SHAPE]] {{.*}} -> tensor<?x128x768xf32>
// CHECK:         %[[CAST:.+]] = tensor.cast %[[R]] : tensor<?x128x768xf32> to tensor<*xf32>
// CHECK:         return %[[CAST]] : tensor<*xf32>
func.func @shape_chain_dynamic_batch(%x: tensor<?x128x768xf32>) -> tensor<*xf32> {
  %s = rt.shape %x : (tensor<?x128x768xf32>) -> tensor<?xi64>
  %i0 = rt.constant dense<0> : tensor<i64>
  %b = rt.gather %s, %i0 : (tensor<?xi64>, tensor<i64>) -> tensor<*xi64>
  %bu = rt.unsqueeze %b {axes = array<i64: 0>} : (tensor<*xi64>) -> tensor<*xi64>
  %h = rt.constant dense<[128, 768]> : tensor<2xi64>
  %shape = rt.concat %bu, %h {axis = 0 : i64} : (tensor<*xi64>, tensor<2xi64>) -> tensor<*xi64>
  %y = rt.reshape %x, %shape : (tensor<?x128x768xf32>, tensor<*xi64>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}

// -----

// Only the static part of a dynamic shape is queried: it folds, and -1
// stands for the dynamic batch.
// CHECK-LABEL: func.func @static_part_of_dynamic_shape(
// CHECK-SAME:    %[[X:.+]]: tensor<?x128x768xf32>) -> tensor<*xf32>
// CHECK-NOT:     rt.shape
// CHECK-DAG:     %[[S:.+]] = rt.constant dense<[-1, 128, 12, 64]> : tensor<4xi64>
// CHECK:         %[[R:.+]] = rt.reshape %[[X]], %[[S]] {{.*}} -> tensor<?x128x12x64xf32>
// CHECK:         %[[CAST:.+]] = tensor.cast %[[R]] : tensor<?x128x12x64xf32> to tensor<*xf32>
// CHECK:         return %[[CAST]] : tensor<*xf32>
func.func @static_part_of_dynamic_shape(%x: tensor<?x128x768xf32>) -> tensor<*xf32> {
  %t = rt.shape %x {end = 2 : i64, start = 1 : i64} : (tensor<?x128x768xf32>) -> tensor<?xi64>
  %m1 = rt.constant dense<-1> : tensor<1xi64>
  %h = rt.constant dense<[12, 64]> : tensor<2xi64>
  %shape = rt.concat %m1, %t, %h {axis = 0 : i64} : (tensor<1xi64>, tensor<?xi64>, tensor<2xi64>) -> tensor<*xi64>
  %y = rt.reshape %x, %shape : (tensor<?x128x768xf32>, tensor<*xi64>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}

// -----

// A fold that makes a type static lets a later Shape fold, which turns the
// Expand into an identity: the pass iterates shape inference and folding to
// a fixed point.
// CHECK-LABEL: func.func @fixed_point(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3x4xf32>) -> tensor<*xf32>
// CHECK-NOT:     rt.shape
// CHECK-NOT:     rt.size
// CHECK-NOT:     rt.expand
// CHECK-DAG:     %[[FLAT:.+]] = rt.constant dense<[6, 4]> : tensor<2xi64>
// CHECK:         %[[R:.+]] = rt.reshape %[[X]], %[[FLAT]] {{.*}} -> tensor<6x4xf32>
// CHECK-NOT:     rt.expand
// CHECK:         %[[CAST:.+]] = tensor.cast %[[R]] : tensor<6x4xf32> to tensor<*xf32>
// CHECK:         return %[[CAST]] : tensor<*xf32>
func.func @fixed_point(%x: tensor<2x3x4xf32>) -> tensor<*xf32> {
  %n = rt.size %x : (tensor<2x3x4xf32>) -> tensor<i64>
  %four = rt.constant dense<4> : tensor<i64>
  %rows = rt.div %n, %four : (tensor<i64>, tensor<i64>) -> tensor<i64>
  %rows1 = rt.unsqueeze %rows {axes = array<i64: 0>} : (tensor<i64>) -> tensor<*xi64>
  %four1 = rt.unsqueeze %four {axes = array<i64: 0>} : (tensor<i64>) -> tensor<*xi64>
  %flat = rt.concat %rows1, %four1 {axis = 0 : i64} : (tensor<*xi64>, tensor<*xi64>) -> tensor<*xi64>
  %r = rt.reshape %x, %flat : (tensor<2x3x4xf32>, tensor<*xi64>) -> tensor<*xf32>
  %s = rt.shape %r : (tensor<*xf32>) -> tensor<?xi64>
  %e = rt.expand %r, %s : (tensor<*xf32>, tensor<?xi64>) -> tensor<*xf32>
  return %e : tensor<*xf32>
}

// -----

// The subgraph PyTorch emits for `x.expand(2, -1)`:
// Where(Equal(shape, ConstantOfShape * -1), ConstantOfShape, shape).
// CHECK-LABEL: func.func @expand_pattern(
// CHECK-SAME:    %[[X:.+]]: tensor<1x4xf32>) -> tensor<*xf32>
// CHECK-NOT:     rt.constant_of_shape
// CHECK-NOT:     rt.equal
// CHECK-NOT:     rt.where
// CHECK-DAG:     %[[S:.+]] = rt.constant dense<[2, 1]> : tensor<2xi64>
// CHECK:         %[[E:.+]] = rt.expand %[[X]], %[[S]] : (tensor<1x4xf32>, tensor<2xi64>) -> tensor<2x4xf32>
// CHECK:         %[[CAST:.+]] = tensor.cast %[[E]] : tensor<2x4xf32> to tensor<*xf32>
// CHECK:         return %[[CAST]]
func.func @expand_pattern(%x: tensor<1x4xf32>) -> tensor<*xf32> {
  %target = rt.constant dense<[2, -1]> : tensor<2xi64>
  %len = rt.constant dense<2> : tensor<1xi64>
  %ones = rt.constant_of_shape %len {value = dense<1> : tensor<1xi64>} : (tensor<1xi64>) -> tensor<*xi64>
  %m1 = rt.constant dense<-1> : tensor<i64>
  %neg = rt.mul %ones, %m1 : (tensor<*xi64>, tensor<i64>) -> tensor<*xi64>
  %eq = rt.equal %target, %neg : (tensor<2xi64>, tensor<*xi64>) -> tensor<*xi1>
  %shape = rt.where %eq, %ones, %target : (tensor<*xi1>, tensor<*xi64>, tensor<2xi64>) -> tensor<*xi64>
  %e = rt.expand %x, %shape : (tensor<1x4xf32>, tensor<*xi64>) -> tensor<*xf32>
  return %e : tensor<*xf32>
}

// -----

// Gathering from a shape with Range-computed indices and casting the result,
// as exporters do for `x.shape[-2:]`.
// CHECK-LABEL: func.func @range_gather_cast(
// CHECK-SAME:    -> tensor<*xf32>
// CHECK-NOT:     rt.range
// CHECK-NOT:     rt.gather
// CHECK-NOT:     rt.cast
// CHECK:         %[[C:.+]] = rt.constant dense<[3.000000e+00, 4.000000e+00]> : tensor<2xf32>
// CHECK-NOT:     rt.range
// CHECK-NOT:     rt.gather
// CHECK-NOT:     rt.cast
// CHECK:         %[[CAST:.+]] = tensor.cast %[[C]] : tensor<2xf32> to tensor<*xf32>
// CHECK:         return %[[CAST]]
func.func @range_gather_cast(%x: tensor<2x3x4xf32>) -> tensor<*xf32> {
  %s = rt.shape %x : (tensor<2x3x4xf32>) -> tensor<3xi64>
  %start = rt.constant dense<-2> : tensor<i64>
  %limit = rt.constant dense<0> : tensor<i64>
  %one = rt.constant dense<1> : tensor<i64>
  %r = rt.range %start, %limit, %one : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<?xi64>
  %g = rt.gather %s, %r : (tensor<3xi64>, tensor<?xi64>) -> tensor<*xi64>
  %c = rt.cast %g {to = f32} : (tensor<*xi64>) -> tensor<*xf32>
  return %c : tensor<*xf32>
}

// -----

// Weights are not evaluated, but reshape-like ops of weights fold by
// re-typing the blob.
// CHECK-LABEL: func.func @weights(
// CHECK-SAME:    %[[X:.+]]: tensor<3x2xf32>) -> (tensor<2xf32>, tensor<*xf32>)
// CHECK-DAG:     %[[W:.+]] = rt.constant dense_resource<blob1> : tensor<1x2xf32>
// CHECK-DAG:     %[[V:.+]] = rt.constant dense_resource<blob1> : tensor<2xf32>
// CHECK:         %[[N:.+]] = rt.neg %[[V]] : (tensor<2xf32>) -> tensor<2xf32>
// CHECK:         %[[A:.+]] = rt.add %[[X]], %[[W]] : (tensor<3x2xf32>, tensor<1x2xf32>) -> tensor<3x2xf32>
// CHECK:         %[[CAST:.+]] = tensor.cast %[[A]] : tensor<3x2xf32> to tensor<*xf32>
// CHECK:         return %[[N]], %[[CAST]] : tensor<2xf32>, tensor<*xf32>
// CHECK:         blob1: "0x040000000000803F00000040"
func.func @weights(%x: tensor<3x2xf32>) -> (tensor<2xf32>, tensor<*xf32>) {
  %v = rt.constant dense_resource<blob1> : tensor<2xf32>
  %n = rt.neg %v : (tensor<2xf32>) -> tensor<2xf32>
  %w = rt.unsqueeze %v {axes = array<i64: 0>} : (tensor<2xf32>) -> tensor<*xf32>
  %a = rt.add %x, %w : (tensor<3x2xf32>, tensor<*xf32>) -> tensor<*xf32>
  return %n, %a : tensor<2xf32>, tensor<*xf32>
}

{-#
  dialect_resources: {
    builtin: {
      blob1: "0x040000000000803F00000040"
    }
  }
#-}

// -----

// Ops that depend on function arguments are refined but not folded.
// CHECK-LABEL: func.func @not_constant(
// CHECK-SAME:    %[[X:.+]]: tensor<4xf32>, %[[Y:.+]]: tensor<4xf32>) -> tensor<?xf32>
// CHECK:         %[[A:.+]] = rt.add %[[X]], %[[Y]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK:         %[[CAST:.+]] = tensor.cast %[[A]] : tensor<4xf32> to tensor<?xf32>
// CHECK:         return %[[CAST]] : tensor<?xf32>
func.func @not_constant(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<?xf32> {
  %a = rt.add %x, %y : (tensor<4xf32>, tensor<4xf32>) -> tensor<?xf32>
  return %a : tensor<?xf32>
}

// -----

// A function pass keeps the signature that callers read: only the returned
// values whose types got refined are cast back to the declared result types;
// the others are returned as they are, and the call in @caller still matches
// its callee.
// CHECK-LABEL: func.func @return_cast(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3xf32>, %[[Y:.+]]: tensor<?xf32>) -> (tensor<?x?xf32>, tensor<?xf32>, tensor<*xi64>)
// CHECK-DAG:     %[[S:.+]] = rt.constant dense<[2, 3]> : tensor<2xi64>
// CHECK-DAG:     %[[R:.+]] = rt.relu %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-DAG:     %[[C0:.+]] = tensor.cast %[[R]] : tensor<2x3xf32> to tensor<?x?xf32>
// CHECK-DAG:     %[[C2:.+]] = tensor.cast %[[S]] : tensor<2xi64> to tensor<*xi64>
// CHECK:         return %[[C0]], %[[Y]], %[[C2]] : tensor<?x?xf32>, tensor<?xf32>, tensor<*xi64>
// CHECK-LABEL: func.func @caller(
// CHECK-SAME:    -> tensor<?x?xf32>
// CHECK:         %[[CALL:.+]]:3 = call @return_cast({{.*}}) : (tensor<2x3xf32>, tensor<?xf32>) -> (tensor<?x?xf32>, tensor<?xf32>, tensor<*xi64>)
// CHECK:         return %[[CALL]]#0 : tensor<?x?xf32>
func.func @return_cast(%x: tensor<2x3xf32>, %y: tensor<?xf32>) -> (tensor<?x?xf32>, tensor<?xf32>, tensor<*xi64>) {
  %r = rt.relu %x : (tensor<2x3xf32>) -> tensor<?x?xf32>
  %s = rt.shape %x : (tensor<2x3xf32>) -> tensor<*xi64>
  return %r, %y, %s : tensor<?x?xf32>, tensor<?xf32>, tensor<*xi64>
}
func.func @caller(%x: tensor<2x3xf32>, %y: tensor<?xf32>) -> tensor<?x?xf32> {
  %r:3 = func.call @return_cast(%x, %y) : (tensor<2x3xf32>, tensor<?xf32>) -> (tensor<?x?xf32>, tensor<?xf32>, tensor<*xi64>)
  return %r#0 : tensor<?x?xf32>
}
