// RUN: rt-opt %s -rt-graph-opt -split-input-file | FileCheck %s
// RUN: rt-opt %s -rt-graph-opt="fold-constants=false canonicalize=false" -split-input-file | FileCheck %s --check-prefix=NOFOLD

// The attention-head reshape of an exported transformer: the shape subgraph
// folds, every shape becomes static, and nothing dead is left.
// CHECK-LABEL: func.func @attention_heads(
// CHECK-SAME:    %[[X:.+]]: tensor<2x128x768xf32>, %[[W:.+]]: tensor<768x768xf32>) -> tensor<2x12x128x64xf32>
// CHECK-DAG:     %[[S:.+]] = rt.constant dense<[2, 128, 12, 64]> : tensor<4xi64>
// CHECK-DAG:     %[[Q:.+]] = rt.matmul %[[X]], %[[W]] : (tensor<2x128x768xf32>, tensor<768x768xf32>) -> tensor<2x128x768xf32>
// CHECK:         %[[R:.+]] = rt.reshape %[[Q]], %[[S]] : (tensor<2x128x768xf32>, tensor<4xi64>) -> tensor<2x128x12x64xf32>
// CHECK-NEXT:    %[[T:.+]] = rt.transpose %[[R]] {perm = array<i64: 0, 2, 1, 3>} : (tensor<2x128x12x64xf32>) -> tensor<2x12x128x64xf32>
// CHECK-NEXT:    return %[[T]] : tensor<2x12x128x64xf32>
// CHECK-NOT:     rt.
// CHECK:         }

// Without folding and canonicalization the shape subgraph stays (it feeds
// the reshape); shape inference still refines the types it determines.
// NOFOLD-LABEL:  func.func @attention_heads(
// NOFOLD:          rt.matmul {{.*}} -> tensor<2x128x768xf32>
// NOFOLD:          rt.shape {{.*}} -> tensor<3xi64>
// NOFOLD:          rt.gather
// NOFOLD:          rt.unsqueeze {{.*}} -> tensor<1xi64>
// NOFOLD:          rt.concat {{.*}} -> tensor<4xi64>
// NOFOLD:          rt.reshape {{.*}} -> tensor<{{.+}}x{{.+}}x{{.+}}x{{.+}}xf32>
func.func @attention_heads(%x: tensor<2x128x768xf32>, %w: tensor<768x768xf32>) -> tensor<*xf32> {
  %q = rt.matmul %x, %w : (tensor<2x128x768xf32>, tensor<768x768xf32>) -> tensor<*xf32>
  %s = rt.shape %q : (tensor<*xf32>) -> tensor<?xi64>
  %i0 = rt.constant dense<0> : tensor<i64>
  %i1 = rt.constant dense<1> : tensor<i64>
  %b = rt.gather %s, %i0 : (tensor<?xi64>, tensor<i64>) -> tensor<*xi64>
  %t = rt.gather %s, %i1 : (tensor<?xi64>, tensor<i64>) -> tensor<*xi64>
  %bu = rt.unsqueeze %b {axes = array<i64: 0>} : (tensor<*xi64>) -> tensor<*xi64>
  %tu = rt.unsqueeze %t {axes = array<i64: 0>} : (tensor<*xi64>) -> tensor<*xi64>
  %h = rt.constant dense<[12, 64]> : tensor<2xi64>
  %shape = rt.concat %bu, %tu, %h {axis = 0 : i64} : (tensor<*xi64>, tensor<*xi64>, tensor<2xi64>) -> tensor<*xi64>
  %y = rt.reshape %q, %shape : (tensor<*xf32>, tensor<*xi64>) -> tensor<*xf32>
  %z = rt.transpose %y {perm = array<i64: 0, 2, 1, 3>} : (tensor<*xf32>) -> tensor<*xf32>
  return %z : tensor<*xf32>
}

// -----

// A classifier head with a dynamic batch: the batch stays dynamic, the
// other dimensions become static, the signature follows the refined result,
// rt.identity and dead ops go. `x + 0` with a scalar zero folds (a rank-0
// constant cannot broadcast x, even with x's dynamic batch). The
// weight blobs are not needed (no resource section): nothing reads their
// data.
// CHECK-LABEL: func.func @classifier_dynamic_batch(
// CHECK-SAME:    %[[X:.+]]: tensor<?x3x32x32xf32>,
// CHECK-SAME:    -> tensor<?x10xf32>
// CHECK-DAG:     %[[W:.+]] = rt.constant dense_resource<conv_w> : tensor<8x3x3x3xf32>
// CHECK-DAG:     %[[FC:.+]] = rt.constant dense_resource<fc_w> : tensor<10x8xf32>
// CHECK:         %[[C:.+]] = rt.conv %[[X]], %[[W]] {{.*}} -> tensor<?x8x16x16xf32>
// CHECK-NEXT:    %[[R:.+]] = rt.relu %[[C]] : (tensor<?x8x16x16xf32>) -> tensor<?x8x16x16xf32>
// CHECK-NEXT:    %[[P:.+]] = rt.global_average_pool %[[R]] : (tensor<?x8x16x16xf32>) -> tensor<?x8x1x1xf32>
// CHECK-NEXT:    %[[F:.+]] = rt.flatten %[[P]] : (tensor<?x8x1x1xf32>) -> tensor<?x8xf32>
// CHECK-NEXT:    %[[G:.+]] = rt.gemm %[[F]], %[[FC]] {transB = 1 : i64} : (tensor<?x8xf32>, tensor<10x8xf32>) -> tensor<?x10xf32>
// CHECK-NEXT:    return %[[G]] : tensor<?x10xf32>
// CHECK-NOT:     rt.
// CHECK:         }
// NOFOLD-LABEL:  func.func @classifier_dynamic_batch(
// NOFOLD-SAME:     -> tensor<?x10xf32>
// NOFOLD:          rt.identity
// NOFOLD:          rt.add
func.func @classifier_dynamic_batch(%x: tensor<?x3x32x32xf32>, %unused: tensor<4xf32>) -> tensor<*xf32> {
  %w = rt.constant dense_resource<conv_w> : tensor<8x3x3x3xf32>
  %fc = rt.constant dense_resource<fc_w> : tensor<10x8xf32>
  %c = rt.conv %x, %w {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<?x3x32x32xf32>, tensor<8x3x3x3xf32>) -> tensor<*xf32>
  %r = rt.relu %c : (tensor<*xf32>) -> tensor<*xf32>
  %i = rt.identity %r : (tensor<*xf32>) -> tensor<*xf32>
  %p = rt.global_average_pool %i : (tensor<*xf32>) -> tensor<*xf32>
  %f = rt.flatten %p : (tensor<*xf32>) -> tensor<*xf32>
  %zero = rt.constant dense<0.000000e+00> : tensor<f32>
  %fz = rt.add %f, %zero : (tensor<*xf32>, tensor<f32>) -> tensor<*xf32>
  %g = rt.gemm %fz, %fc {transB = 1 : i64} : (tensor<*xf32>, tensor<10x8xf32>) -> tensor<*xf32>
  %dead = rt.softmax %g : (tensor<*xf32>) -> tensor<*xf32>
  return %g : tensor<*xf32>
}

// -----

// Shape computations on the static part of a dynamic input fold even with
// a dynamic batch (Shape with start/end, Unsqueeze, Concat).
// CHECK-LABEL: func.func @flatten_tokens(
// CHECK-SAME:    %[[X:.+]]: tensor<?x128x768xf32>) -> tensor<?x768xf32>
// CHECK:         %[[S:.+]] = rt.constant dense<[-1, 768]> : tensor<2xi64>
// CHECK:         %[[R:.+]] = rt.reshape %[[X]], %[[S]] : (tensor<?x128x768xf32>, tensor<2xi64>) -> tensor<?x768xf32>
// CHECK-NEXT:    return %[[R]]
func.func @flatten_tokens(%x: tensor<?x128x768xf32>) -> tensor<*xf32> {
  %s = rt.shape %x {start = -1 : i64} : (tensor<?x128x768xf32>) -> tensor<*xi64>
  %m1 = rt.constant dense<-1> : tensor<1xi64>
  %shape = rt.concat %m1, %s {axis = 0 : i64} : (tensor<1xi64>, tensor<*xi64>) -> tensor<*xi64>
  %y = rt.reshape %x, %shape : (tensor<?x128x768xf32>, tensor<*xi64>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}

// -----

// Across calls: rt-fold-constants refines @flatten_rows' result but keeps
// its signature with a tensor.cast; the final module-level shape inference
// absorbs the cast, refines the signature, the call and the caller.
// CHECK-LABEL: func.func @main(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3x4xf32>) -> tensor<6x4xf32>
// CHECK:         %[[C:.+]] = call @flatten_rows(%[[X]]) : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
// CHECK-NEXT:    %[[R:.+]] = rt.relu %[[C]] : (tensor<6x4xf32>) -> tensor<6x4xf32>
// CHECK-NEXT:    return %[[R]] : tensor<6x4xf32>
// CHECK-LABEL: func.func @flatten_rows(
// CHECK-SAME:    %[[X:.+]]: tensor<2x3x4xf32>) -> tensor<6x4xf32>
// CHECK-NEXT:    %[[S:.+]] = rt.constant dense<[-1, 4]> : tensor<2xi64>
// CHECK-NEXT:    %[[Y:.+]] = rt.reshape %[[X]], %[[S]] : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
// CHECK-NEXT:    return %[[Y]] : tensor<6x4xf32>
// Without folding the signatures and the call still follow the 2-d type
// that shape inference gives the reshape.
// NOFOLD-LABEL:  func.func @main(
// NOFOLD-SAME:     -> [[T:tensor<[^>]+x[^>]+xf32>]]
// NOFOLD:          call @flatten_rows({{.*}}) : (tensor<2x3x4xf32>) -> [[T]]
// NOFOLD-LABEL:  func.func @flatten_rows(
// NOFOLD-SAME:     -> [[T]]
// NOFOLD:          rt.shape
// NOFOLD:          rt.reshape {{.*}} -> [[T]]
// NOFOLD-NEXT:     return {{.*}} : [[T]]
func.func @main(%x: tensor<2x3x4xf32>) -> tensor<*xf32> {
  %y = func.call @flatten_rows(%x) : (tensor<2x3x4xf32>) -> tensor<*xf32>
  %z = rt.relu %y : (tensor<*xf32>) -> tensor<*xf32>
  return %z : tensor<*xf32>
}
func.func @flatten_rows(%x: tensor<2x3x4xf32>) -> tensor<*xf32> {
  %s = rt.shape %x {start = -1 : i64} : (tensor<2x3x4xf32>) -> tensor<*xi64>
  %m1 = rt.constant dense<-1> : tensor<1xi64>
  %shape = rt.concat %m1, %s {axis = 0 : i64} : (tensor<1xi64>, tensor<*xi64>) -> tensor<*xi64>
  %y = rt.reshape %x, %shape : (tensor<2x3x4xf32>, tensor<*xi64>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}
