// RUN: rt-opt %s -rt-shape-inference -split-input-file | FileCheck %s

// Refinement propagates along a chain in one walk, unranked results become
// ranked, and the function signature follows the returned types.
// CHECK-LABEL: func.func @elementwise_chain(
// CHECK-SAME:    -> tensor<2x3xf32>
// CHECK:         %[[A:.+]] = rt.add {{.*}} -> tensor<2x3xf32>
// CHECK:         %[[R:.+]] = rt.relu %[[A]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK:         %[[S:.+]] = rt.sigmoid %[[R]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK:         return %[[S]] : tensor<2x3xf32>
func.func @elementwise_chain(%x: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<*xf32> {
  %a = rt.add %x, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<?x?xf32>
  %r = rt.relu %a : (tensor<?x?xf32>) -> tensor<*xf32>
  %s = rt.sigmoid %r : (tensor<*xf32>) -> tensor<*xf32>
  return %s : tensor<*xf32>
}

// -----

// Dynamic dimensions that the operands do not determine stay dynamic.
// CHECK-LABEL: func.func @broadcast_dynamic(
// CHECK-SAME:    -> (tensor<?x4xf32>, tensor<*xf32>)
// CHECK:         rt.add {{.*}} -> tensor<?x4xf32>
// CHECK:         rt.mul {{.*}} -> tensor<*xf32>
func.func @broadcast_dynamic(%x: tensor<?x1xf32>, %y: tensor<4xf32>, %u: tensor<*xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %a = rt.add %x, %y : (tensor<?x1xf32>, tensor<4xf32>) -> tensor<*xf32>
  %m = rt.mul %x, %u : (tensor<?x1xf32>, tensor<*xf32>) -> tensor<*xf32>
  return %a, %m : tensor<*xf32>, tensor<*xf32>
}

// -----

// Declared static dimensions are kept; inference fills in the others.
// CHECK-LABEL: func.func @merge_with_declared(
// CHECK:         rt.add {{.*}} -> tensor<8x4xf32>
func.func @merge_with_declared(%x: tensor<?x4xf32>, %y: tensor<?x1xf32>) -> tensor<8x?xf32> {
  %a = rt.add %x, %y : (tensor<?x4xf32>, tensor<?x1xf32>) -> tensor<8x?xf32>
  return %a : tensor<8x?xf32>
}

// -----

// CHECK-LABEL: func.func @conv_pool(
// CHECK-SAME:    -> tensor<1x64x56x56xf32>
// CHECK:         %[[C:.+]] = rt.conv {{.*}} -> tensor<1x64x112x112xf32>
// CHECK:         %[[R:.+]] = rt.relu %[[C]] : (tensor<1x64x112x112xf32>) -> tensor<1x64x112x112xf32>
// CHECK:         rt.max_pool %[[R]] {{.*}} : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
func.func @conv_pool(%x: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>, %b: tensor<64xf32>) -> tensor<?x?x?x?xf32> {
  %c = rt.conv %x, %w, %b {pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<?x?x?x?xf32>
  %r = rt.relu %c : (tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>
  %p = rt.max_pool %r {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>
  return %p : tensor<?x?x?x?xf32>
}

// -----

// A dynamic batch dimension stays dynamic through the network.
// CHECK-LABEL: func.func @conv_dynamic_batch(
// CHECK-SAME:    -> tensor<?x16x1x1xf32>
// CHECK:         rt.conv {{.*}} -> tensor<?x16x16x16xf32>
// CHECK:         rt.conv {{.*}} -> tensor<?x16x32x32xf32>
// CHECK:         rt.average_pool {{.*}} -> tensor<?x16x16x16xf32>
// CHECK:         rt.global_average_pool {{.*}} -> tensor<?x16x1x1xf32>
func.func @conv_dynamic_batch(%x: tensor<?x8x32x32xf32>, %w: tensor<16x4x3x3xf32>) -> tensor<*xf32> {
  %a = rt.conv %x, %w {group = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<?x8x32x32xf32>, tensor<16x4x3x3xf32>) -> tensor<*xf32>
  %b = rt.conv %x, %w {auto_pad = "SAME_UPPER", group = 2 : i64} : (tensor<?x8x32x32xf32>, tensor<16x4x3x3xf32>) -> tensor<*xf32>
  %c = rt.average_pool %b {ceil_mode = 1 : i64, kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<*xf32>) -> tensor<*xf32>
  %d = rt.global_average_pool %c : (tensor<*xf32>) -> tensor<*xf32>
  return %d : tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @pool_ceil_mode(
// CHECK:         rt.max_pool {{.*}} -> tensor<1x3x16x16xf32>
// CHECK:         rt.max_pool {{.*}} -> tensor<1x3x15x15xf32>
// CHECK:         rt.average_pool {{.*}} -> tensor<1x3x17x17xf32>
func.func @pool_ceil_mode(%x: tensor<1x3x32x32xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %a = rt.max_pool %x {ceil_mode = 1 : i64, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>) -> tensor<*xf32>
  %b = rt.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>) -> tensor<*xf32>
  %c = rt.average_pool %x {ceil_mode = 1 : i64, kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x32x32xf32>) -> tensor<*xf32>
  return %a, %b, %c : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @conv_transpose(
// CHECK:         rt.conv_transpose {{.*}} -> tensor<1x4x9x9xf32>
// CHECK:         rt.conv_transpose {{.*}} -> tensor<1x8x8x8xf32>
// CHECK:         rt.conv_transpose {{.*}} -> tensor<1x4x10x12xf32>
func.func @conv_transpose(%x: tensor<1x8x4x4xf32>, %w: tensor<8x4x3x3xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %a = rt.conv_transpose %x, %w {strides = array<i64: 2, 2>} : (tensor<1x8x4x4xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  %b = rt.conv_transpose %x, %w {auto_pad = "SAME_UPPER", group = 2 : i64, strides = array<i64: 2, 2>} : (tensor<1x8x4x4xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  %c = rt.conv_transpose %x, %w {output_shape = array<i64: 10, 12>, strides = array<i64: 2, 2>} : (tensor<1x8x4x4xf32>, tensor<8x4x3x3xf32>) -> tensor<*xf32>
  return %a, %b, %c : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @matmul_gemm(
// CHECK-SAME:    -> (tensor<?x128x3072xf16>, tensor<?x128xf16>, tensor<f16>, tensor<?x1000xf16>)
// CHECK:         rt.matmul {{.*}} -> tensor<?x128x3072xf16>
// CHECK:         rt.matmul {{.*}} -> tensor<?x128xf16>
// CHECK:         rt.matmul {{.*}} -> tensor<f16>
// CHECK:         rt.gemm {{.*}} -> tensor<?x1000xf16>
func.func @matmul_gemm(%a: tensor<?x128x768xf16>, %b: tensor<768x3072xf16>, %v: tensor<768xf16>, %x: tensor<2048x?xf16>, %w: tensor<1000x2048xf16>, %c: tensor<1000xf16>) -> (tensor<*xf16>, tensor<*xf16>, tensor<*xf16>, tensor<*xf16>) {
  %y = rt.matmul %a, %b : (tensor<?x128x768xf16>, tensor<768x3072xf16>) -> tensor<*xf16>
  %mv = rt.matmul %a, %v : (tensor<?x128x768xf16>, tensor<768xf16>) -> tensor<*xf16>
  %vv = rt.matmul %v, %v : (tensor<768xf16>, tensor<768xf16>) -> tensor<*xf16>
  %g = rt.gemm %x, %w, %c {transA = 1 : i64, transB = 1 : i64} : (tensor<2048x?xf16>, tensor<1000x2048xf16>, tensor<1000xf16>) -> tensor<*xf16>
  return %y, %mv, %vv, %g : tensor<*xf16>, tensor<*xf16>, tensor<*xf16>, tensor<*xf16>
}

// -----

// Batch dimensions broadcast.
// CHECK-LABEL: func.func @matmul_batch_broadcast(
// CHECK:         rt.matmul {{.*}} -> tensor<5x2x4x6xf32>
func.func @matmul_batch_broadcast(%a: tensor<2x4x3xf32>, %b: tensor<5x1x3x6xf32>) -> tensor<*xf32> {
  %y = rt.matmul %a, %b : (tensor<2x4x3xf32>, tensor<5x1x3x6xf32>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}

// -----

// Reshape reads its constant shape: 0 copies a dimension, -1 is inferred
// when the element count is known or when the unknown input dimensions are
// all copied (a copied dynamic batch cancels out).
// CHECK-LABEL: func.func @reshape(
// CHECK-SAME:    -> (tensor<2x128x12x64xf32>, tensor<?x768xf32>, tensor<?x128x12x64xf32>, tensor<?x?xf32>)
// CHECK:         rt.reshape {{.*}} -> tensor<2x128x12x64xf32>
// CHECK:         rt.reshape {{.*}} -> tensor<?x768xf32>
// CHECK:         rt.reshape {{.*}} -> tensor<?x128x12x64xf32>
// CHECK:         rt.reshape {{.*}} -> tensor<?x?xf32>
func.func @reshape(%x: tensor<2x128x768xf32>, %d: tensor<?x128x768xf32>, %s: tensor<2xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %heads = rt.constant dense<[0, 0, 12, -1]> : tensor<4xi64>
  %rows = rt.constant dense<[-1, 768]> : tensor<2xi64>
  %a = rt.reshape %x, %heads : (tensor<2x128x768xf32>, tensor<4xi64>) -> tensor<*xf32>
  %b = rt.reshape %d, %rows : (tensor<?x128x768xf32>, tensor<2xi64>) -> tensor<*xf32>
  %c = rt.reshape %d, %heads : (tensor<?x128x768xf32>, tensor<4xi64>) -> tensor<*xf32>
  %e = rt.reshape %d, %s : (tensor<?x128x768xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %a, %b, %c, %e : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// Shape values that are only partly known (a dynamic batch read with
// rt.shape) still determine the other dimensions of Reshape, ConstantOfShape
// and Expand; integer arithmetic on them keeps the unknown entries unknown.
// CHECK-LABEL: func.func @partial_shape_values(
// CHECK-SAME:    -> (tensor<?x128x12x64xf32>, tensor<?x128x64xf32>, tensor<?x128x768xf32>, tensor<?x128x768xf32>)
// CHECK:         %[[Y:.+]] = rt.reshape {{.*}} -> tensor<?x128x12x64xf32>
// CHECK:         rt.reshape %[[Y]], {{.*}} -> tensor<?x128x64xf32>
// CHECK:         %[[C:.+]] = rt.constant_of_shape {{.*}} -> tensor<?x128x768xf32>
// CHECK:         rt.expand %[[C]], {{.*}} -> tensor<?x128x768xf32>
func.func @partial_shape_values(%x: tensor<?x128x768xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %s = rt.shape %x : (tensor<?x128x768xf32>) -> tensor<3xi64>
  %i0 = rt.constant dense<0> : tensor<1xi64>
  %b = rt.gather %s, %i0 : (tensor<3xi64>, tensor<1xi64>) -> tensor<1xi64>
  %h = rt.constant dense<[128, 12, 64]> : tensor<3xi64>
  %shape = rt.concat %b, %h {axis = 0 : i64} : (tensor<1xi64>, tensor<3xi64>) -> tensor<4xi64>
  %y = rt.reshape %x, %shape : (tensor<?x128x768xf32>, tensor<4xi64>) -> tensor<*xf32>
  %twelve = rt.constant dense<12> : tensor<1xi64>
  %bh = rt.mul %b, %twelve : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  %t = rt.constant dense<[128, 64]> : tensor<2xi64>
  %shape2 = rt.concat %bh, %t {axis = 0 : i64} : (tensor<1xi64>, tensor<2xi64>) -> tensor<3xi64>
  %z = rt.reshape %y, %shape2 : (tensor<*xf32>, tensor<3xi64>) -> tensor<*xf32>
  %c = rt.constant_of_shape %s : (tensor<3xi64>) -> tensor<*xf32>
  %e = rt.expand %c, %s : (tensor<*xf32>, tensor<3xi64>) -> tensor<*xf32>
  return %y, %z, %c, %e : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @slice(
// CHECK:         rt.slice {{.*}} -> tensor<?x64x3xf32>
// CHECK:         rt.slice {{.*}} -> tensor<?x128x768xf32>
// CHECK:         rt.slice {{.*}} -> tensor<?x?x768xf32>
// CHECK:         rt.slice {{.*}} -> tensor<?x?x?xf32>
func.func @slice(%x: tensor<?x128x768xf32>, %dyn: tensor<1xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %starts = rt.constant dense<[1, -10]> : tensor<2xi64>
  %ends = rt.constant dense<[9223372036854775807, -1]> : tensor<2xi64>
  %axes = rt.constant dense<[1, 2]> : tensor<2xi64>
  %steps = rt.constant dense<[2, 3]> : tensor<2xi64>
  %a = rt.slice %x starts %starts ends %ends axes %axes steps %steps : (tensor<?x128x768xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<*xf32>
  // Reversal: start -1, end "before the beginning", step -1.
  %rs = rt.constant dense<-1> : tensor<1xi64>
  %re = rt.constant dense<-9223372036854775807> : tensor<1xi64>
  %ra = rt.constant dense<2> : tensor<1xi64>
  %b = rt.slice %x starts %rs ends %re axes %ra steps %rs : (tensor<?x128x768xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<*xf32>
  // Unknown bounds on a known axis: only that axis becomes dynamic.
  %one = rt.constant dense<1> : tensor<1xi64>
  %c = rt.slice %x starts %dyn ends %dyn axes %one : (tensor<?x128x768xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<*xf32>
  %d = rt.slice %x starts %dyn ends %dyn : (tensor<?x128x768xf32>, tensor<1xi64>, tensor<1xi64>) -> tensor<*xf32>
  return %a, %b, %c, %d : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @expand(
// CHECK:         rt.expand {{.*}} -> tensor<4x128x768xf32>
// CHECK:         rt.expand {{.*}} -> tensor<2x3x4xf32>
// CHECK:         rt.expand {{.*}} -> tensor<?x3x?xf32>
func.func @expand(%x: tensor<?x128x768xf32>, %y: tensor<3x1xf32>, %s: tensor<3xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %shape = rt.constant dense<[4, 1, 1]> : tensor<3xi64>
  %a = rt.expand %x, %shape : (tensor<?x128x768xf32>, tensor<3xi64>) -> tensor<*xf32>
  %t = rt.constant dense<[2, 1, 4]> : tensor<3xi64>
  %b = rt.expand %y, %t : (tensor<3x1xf32>, tensor<3xi64>) -> tensor<*xf32>
  // Unknown target: input dimensions > 1 survive the broadcast.
  %c = rt.expand %y, %s : (tensor<3x1xf32>, tensor<3xi64>) -> tensor<*xf32>
  return %a, %b, %c : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @gather(
// CHECK:         rt.gather {{.*}} -> tensor<?x128x768xf32>
// CHECK:         rt.gather {{.*}} -> tensor<?x2x5x768xf32>
// CHECK:         rt.gather {{.*}} -> tensor<i64>
func.func @gather(%table: tensor<30522x768xf32>, %ids: tensor<?x128xi64>, %x: tensor<?x128x768xf32>, %i: tensor<2x5xi32>, %shape: tensor<3xi64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xi64>) {
  %a = rt.gather %table, %ids : (tensor<30522x768xf32>, tensor<?x128xi64>) -> tensor<*xf32>
  %b = rt.gather %x, %i {axis = -2 : i64} : (tensor<?x128x768xf32>, tensor<2x5xi32>) -> tensor<*xf32>
  %zero = rt.constant dense<0> : tensor<i64>
  %c = rt.gather %shape, %zero : (tensor<3xi64>, tensor<i64>) -> tensor<*xi64>
  return %a, %b, %c : tensor<*xf32>, tensor<*xf32>, tensor<*xi64>
}

// -----

// CHECK-LABEL: func.func @split(
// CHECK:         rt.split {{.*}} -> (tensor<?x128x768xf32>, tensor<?x128x768xf32>, tensor<?x128x768xf32>)
// CHECK:         rt.split {{.*}} -> (tensor<?x128x1000xf32>, tensor<?x128x1304xf32>)
// CHECK:         rt.split {{.*}} -> (tensor<?x128x768xf32>, tensor<?x128x768xf32>, tensor<?x128x767xf32>)
// CHECK:         rt.split {{.*}} -> (tensor<1x128x2304xf32>, tensor<1x128x2304xf32>)
func.func @split(%x: tensor<?x128x2304xf32>, %y: tensor<?x128x2303xf32>) {
  %a:3 = rt.split %x {axis = 2 : i64, num_outputs = 3 : i64} : (tensor<?x128x2304xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  %b:2 = rt.split %x {axis = -1 : i64, num_outputs = 2 : i64, split = array<i64: 1000, 1304>} : (tensor<?x128x2304xf32>) -> (tensor<*xf32>, tensor<*xf32>)
  // Uneven: the last chunk is smaller.
  %c:3 = rt.split %y {axis = 2 : i64, num_outputs = 3 : i64} : (tensor<?x128x2303xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  // Along the dynamic batch: sizes come from `split`.
  %d:2 = rt.split %x {num_outputs = 2 : i64, split = array<i64: 1, 1>} : (tensor<?x128x2304xf32>) -> (tensor<*xf32>, tensor<*xf32>)
  return
}

// -----

// CHECK-LABEL: func.func @split_dynamic_axis(
// CHECK:         rt.split {{.*}} -> (tensor<?x4xf32>, tensor<?x4xf32>)
func.func @split_dynamic_axis(%x: tensor<?x4xf32>) {
  %a:2 = rt.split %x {num_outputs = 2 : i64} : (tensor<?x4xf32>) -> (tensor<*xf32>, tensor<*xf32>)
  return
}

// -----

// CHECK-LABEL: func.func @transpose(
// CHECK:         rt.transpose {{.*}} -> tensor<?x12x128x64xf32>
// CHECK:         rt.transpose {{.*}} -> tensor<64x12x128x?xf32>
// CHECK:         rt.transpose {{.*}} -> tensor<?x?x?xf32>
func.func @transpose(%x: tensor<?x128x12x64xf32>, %u: tensor<*xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %a = rt.transpose %x {perm = array<i64: 0, 2, 1, 3>} : (tensor<?x128x12x64xf32>) -> tensor<*xf32>
  %b = rt.transpose %x : (tensor<?x128x12x64xf32>) -> tensor<*xf32>
  %c = rt.transpose %u {perm = array<i64: 2, 0, 1>} : (tensor<*xf32>) -> tensor<*xf32>
  return %a, %b, %c : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @shape_ops(
// CHECK:         rt.shape {{.*}} -> tensor<4xi64>
// CHECK:         rt.shape {{.*}} -> tensor<2xi64>
// CHECK:         rt.flatten {{.*}} -> tensor<?x?xf32>
// CHECK:         rt.flatten {{.*}} -> tensor<1x3072xf32>
// CHECK:         rt.squeeze {{.*}} -> tensor<?x32x32xf32>
// CHECK:         rt.unsqueeze {{.*}} -> tensor<1x1x3x32x32x1xf32>
func.func @shape_ops(%d: tensor<?x3x?x?xf32>, %x: tensor<1x3x32x32xf32>, %y: tensor<?x1x32x32xf32>) -> (tensor<?xi64>, tensor<?xi64>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %s = rt.shape %d : (tensor<?x3x?x?xf32>) -> tensor<?xi64>
  %t = rt.shape %d {end = -1 : i64, start = 1 : i64} : (tensor<?x3x?x?xf32>) -> tensor<?xi64>
  %f = rt.flatten %d {axis = 2 : i64} : (tensor<?x3x?x?xf32>) -> tensor<*xf32>
  %g = rt.flatten %x {axis = 0 : i64} : (tensor<1x3x32x32xf32>) -> tensor<*xf32>
  %q = rt.squeeze %y {axes = array<i64: 1>} : (tensor<?x1x32x32xf32>) -> tensor<*xf32>
  %u = rt.unsqueeze %x {axes = array<i64: 0, -1>} : (tensor<1x3x32x32xf32>) -> tensor<*xf32>
  return %s, %t, %f, %g, %q, %u : tensor<?xi64>, tensor<?xi64>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @concat_pad_tile(
// CHECK:         rt.concat {{.*}} -> tensor<?x256x768xf32>
// CHECK:         rt.concat {{.*}} -> tensor<?x?x768xf32>
// CHECK:         rt.pad {{.*}} -> tensor<?x132x766xf32>
// CHECK:         rt.tile {{.*}} -> tensor<?x128x2304xf32>
func.func @concat_pad_tile(%x: tensor<?x128x768xf32>, %u: tensor<*xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %a = rt.concat %x, %x {axis = 1 : i64} : (tensor<?x128x768xf32>, tensor<?x128x768xf32>) -> tensor<*xf32>
  // An unranked input makes the concatenated dimension unknown.
  %b = rt.concat %x, %u {axis = 1 : i64} : (tensor<?x128x768xf32>, tensor<*xf32>) -> tensor<*xf32>
  %pads = rt.constant dense<[0, 1, 2, 0, 3, -4]> : tensor<6xi64>
  %c = rt.pad %x pads %pads : (tensor<?x128x768xf32>, tensor<6xi64>) -> tensor<*xf32>
  %reps = rt.constant dense<[2, 1, 3]> : tensor<3xi64>
  %d = rt.tile %x, %reps : (tensor<?x128x768xf32>, tensor<3xi64>) -> tensor<*xf32>
  return %a, %b, %c, %d : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @reductions_and_indexing(
// CHECK:         rt.reduce_mean {{.*}} -> tensor<?x128xf32>
// CHECK:         rt.reduce_sum {{.*}} -> tensor<1x1x1xf32>
// CHECK:         rt.arg_max {{.*}} -> tensor<?x128x1xi64>
// CHECK:         rt.top_k {{.*}} -> (tensor<?x128x5xf32>, tensor<?x128x5xi64>)
// CHECK:         rt.one_hot {{.*}} -> tensor<2x11x5xf32>
// CHECK:         rt.gather_nd {{.*}} -> tensor<?x768xf32>
func.func @reductions_and_indexing(%x: tensor<?x128x768xf32>, %i: tensor<2x5xi64>, %v: tensor<2xf32>, %j: tensor<?x2xi64>) {
  %a = rt.reduce_mean %x {axes = array<i64: -1>, keepdims = 0 : i64} : (tensor<?x128x768xf32>) -> tensor<*xf32>
  %b = rt.reduce_sum %x : (tensor<?x128x768xf32>) -> tensor<*xf32>
  %c = rt.arg_max %x {axis = -1 : i64} : (tensor<?x128x768xf32>) -> tensor<*xi64>
  %k = rt.constant dense<5> : tensor<1xi64>
  %d:2 = rt.top_k %x, %k : (tensor<?x128x768xf32>, tensor<1xi64>) -> (tensor<*xf32>, tensor<*xi64>)
  %depth = rt.constant dense<11> : tensor<i64>
  %e = rt.one_hot %i, %depth, %v {axis = 1 : i64} : (tensor<2x5xi64>, tensor<i64>, tensor<2xf32>) -> tensor<*xf32>
  %f = rt.gather_nd %x, %j : (tensor<?x128x768xf32>, tensor<?x2xi64>) -> tensor<*xf32>
  return
}

// -----

// CHECK-LABEL: func.func @generators(
// CHECK:         rt.constant_of_shape {{.*}} -> tensor<2x3xi64>
// CHECK:         rt.constant_of_shape {{.*}} -> tensor<?x?xf32>
// CHECK:         rt.range {{.*}} -> tensor<3xi64>
// CHECK:         rt.range {{.*}} -> tensor<?xi64>
func.func @generators(%dyn: tensor<2xi64>, %n: tensor<i64>) {
  %s = rt.constant dense<[2, 3]> : tensor<2xi64>
  %a = rt.constant_of_shape %s {value = dense<7> : tensor<1xi64>} : (tensor<2xi64>) -> tensor<*xi64>
  %b = rt.constant_of_shape %dyn : (tensor<2xi64>) -> tensor<*xf32>
  %start = rt.constant dense<2> : tensor<i64>
  %limit = rt.constant dense<11> : tensor<i64>
  %delta = rt.constant dense<3> : tensor<i64>
  %c = rt.range %start, %limit, %delta : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<*xi64>
  %d = rt.range %start, %n, %delta : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<*xi64>
  return
}

// -----

// CHECK-LABEL: func.func @resize_and_space(
// CHECK:         rt.resize {{.*}} -> tensor<?x3x8x12xf32>
// CHECK:         rt.resize {{.*}} -> tensor<1x3x5x7xf32>
// CHECK:         rt.depth_to_space {{.*}} -> tensor<?x2x8x12xf32>
// CHECK:         rt.space_to_depth {{.*}} -> tensor<?x12x2x3xf32>
func.func @resize_and_space(%x: tensor<?x3x4x6xf32>, %y: tensor<1x3x4x4xf32>, %z: tensor<?x8x4x6xf32>) {
  %scales = rt.constant dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>
  %a = rt.resize %x scales %scales : (tensor<?x3x4x6xf32>, tensor<4xf32>) -> tensor<*xf32>
  %sizes = rt.constant dense<[5, 7]> : tensor<2xi64>
  %b = rt.resize %y sizes %sizes {axes = array<i64: 2, 3>, mode = "linear"} : (tensor<1x3x4x4xf32>, tensor<2xi64>) -> tensor<*xf32>
  %c = rt.depth_to_space %z {blocksize = 2 : i64} : (tensor<?x8x4x6xf32>) -> tensor<*xf32>
  %d = rt.space_to_depth %x {blocksize = 2 : i64} : (tensor<?x3x4x6xf32>) -> tensor<*xf32>
  return
}

// -----

// Facts that the operands do not determine stay unknown: the rank of a
// reshape to a shape of unknown length, the data-dependent count of non_zero.
// CHECK-LABEL: func.func @nothing_to_refine(
// CHECK:         rt.reshape {{.*}} -> tensor<*xf32>
// CHECK:         rt.non_zero {{.*}} -> tensor<2x?xi64>
func.func @nothing_to_refine(%u: tensor<*xf32>, %s: tensor<?xi64>, %x: tensor<2x3xf32>) -> tensor<*xf32> {
  %a = rt.reshape %u, %s : (tensor<*xf32>, tensor<?xi64>) -> tensor<*xf32>
  %b = rt.non_zero %x : (tensor<2x3xf32>) -> tensor<?x?xi64>
  return %a : tensor<*xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Signatures, calls and users outside the rt dialect
//===----------------------------------------------------------------------===//

// Refining a callee refines its signature, the results of the calls to it
// (and their rt users) and, through them, the caller's signature: the output
// verifies.
// CHECK-LABEL: func.func @callee(
// CHECK-SAME:    %{{.+}}: tensor<4xf32>) -> tensor<4xf32>
// CHECK:         %[[Y:.+]] = rt.relu {{.*}} -> tensor<4xf32>
// CHECK:         return %[[Y]] : tensor<4xf32>
// CHECK-LABEL: func.func @caller(
// CHECK-SAME:    %[[X:.+]]: tensor<4xf32>) -> tensor<4xf32>
// CHECK:         %[[C:.+]] = call @callee(%[[X]]) : (tensor<4xf32>) -> tensor<4xf32>
// CHECK:         %[[S:.+]] = rt.sigmoid %[[C]] : (tensor<4xf32>) -> tensor<4xf32>
// CHECK:         return %[[S]] : tensor<4xf32>
func.func @callee(%x: tensor<4xf32>) -> tensor<?xf32> {
  %y = rt.relu %x : (tensor<4xf32>) -> tensor<?xf32>
  return %y : tensor<?xf32>
}
func.func @caller(%x: tensor<4xf32>) -> tensor<*xf32> {
  %y = func.call @callee(%x) : (tensor<4xf32>) -> tensor<?xf32>
  %z = rt.sigmoid %y : (tensor<?xf32>) -> tensor<*xf32>
  return %z : tensor<*xf32>
}

// -----

// Callers defined before their callees: the pass iterates to a fixed point.
// The tensor.cast before @mid's return (as rt-fold-constants inserts them)
// only restored a less refined declared type: it is absorbed.
// CHECK-LABEL: func.func @top(
// CHECK-SAME:    -> tensor<3x2xf32>
// CHECK:         %[[M:.+]] = call @mid({{.*}}) : (tensor<2x3xf32>) -> tensor<3x2xf32>
// CHECK:         return %[[M]] : tensor<3x2xf32>
// CHECK-LABEL: func.func @mid(
// CHECK-SAME:    -> tensor<3x2xf32>
// CHECK:         %[[L:.+]] = call @leaf({{.*}}) : (tensor<2x3xf32>) -> tensor<3x2xf32>
// CHECK-NOT:     tensor.cast
// CHECK:         return %[[L]] : tensor<3x2xf32>
// CHECK-LABEL: func.func @leaf(
// CHECK-SAME:    -> tensor<3x2xf32>
// CHECK:         rt.transpose {{.*}} -> tensor<3x2xf32>
func.func @top(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %y = func.call @mid(%x) : (tensor<2x3xf32>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}
func.func @mid(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %y = func.call @leaf(%x) : (tensor<2x3xf32>) -> tensor<?x?xf32>
  %z = tensor.cast %y : tensor<?x?xf32> to tensor<*xf32>
  return %z : tensor<*xf32>
}
func.func @leaf(%x: tensor<2x3xf32>) -> tensor<?x?xf32> {
  %y = rt.transpose %x : (tensor<2x3xf32>) -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// -----

// Only casts from a more refined type are absorbed: a cast that refines
// (tensor<?xf32> to tensor<4xf32>) stays.
// CHECK-LABEL: func.func @absorb_return_casts(
// CHECK-SAME:    %[[X:.+]]: tensor<4xf32>, %[[U:.+]]: tensor<?xf32>) -> (tensor<4xf32>, tensor<4xf32>)
// CHECK:         %[[Y:.+]] = rt.relu %[[X]] : (tensor<4xf32>) -> tensor<4xf32>
// CHECK:         %[[C:.+]] = tensor.cast %[[U]] : tensor<?xf32> to tensor<4xf32>
// CHECK:         return %[[Y]], %[[C]] : tensor<4xf32>, tensor<4xf32>
func.func @absorb_return_casts(%x: tensor<4xf32>, %u: tensor<?xf32>) -> (tensor<?xf32>, tensor<4xf32>) {
  %y = rt.relu %x : (tensor<4xf32>) -> tensor<4xf32>
  %c = tensor.cast %y : tensor<4xf32> to tensor<?xf32>
  %d = tensor.cast %u : tensor<?xf32> to tensor<4xf32>
  return %c, %d : tensor<?xf32>, tensor<4xf32>
}

// -----

// Users outside the rt dialect (other than func.return and tensor.cast) keep
// the old type through a tensor.cast; rt users and the return see the
// refined type.
// CHECK-LABEL: func.func @foreign_user(
// CHECK-SAME:    %[[X:.+]]: tensor<4xf32>) -> tensor<4xf32>
// CHECK:         %[[Y:.+]] = rt.relu %[[X]] : (tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[CAST:.+]] = tensor.cast %[[Y]] : tensor<4xf32> to tensor<?xf32>
// CHECK:         call @sink(%[[CAST]]) : (tensor<?xf32>) -> ()
// CHECK:         tensor.dim %[[CAST]], %{{.+}} : tensor<?xf32>
// CHECK:         %[[N:.+]] = rt.neg %[[Y]] : (tensor<4xf32>) -> tensor<4xf32>
// CHECK:         return %[[N]] : tensor<4xf32>
func.func private @sink(tensor<?xf32>) -> ()
func.func @foreign_user(%x: tensor<4xf32>) -> tensor<*xf32> {
  %y = rt.relu %x : (tensor<4xf32>) -> tensor<?xf32>
  func.call @sink(%y) : (tensor<?xf32>) -> ()
  %c0 = arith.constant 0 : index
  %n = tensor.dim %y, %c0 : tensor<?xf32>
  %z = rt.neg %y : (tensor<?xf32>) -> tensor<*xf32>
  return %z : tensor<*xf32>
}

// -----

// The same holds for refined call results.
// CHECK-LABEL: func.func @call_foreign_user(
// CHECK-SAME:    -> tensor<4xf32>
// CHECK:         %[[C:.+]] = call @relu4({{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[CAST:.+]] = tensor.cast %[[C]] : tensor<4xf32> to tensor<?xf32>
// CHECK-NEXT:    call @sink(%[[CAST]]) : (tensor<?xf32>) -> ()
// CHECK-NEXT:    return %[[C]] : tensor<4xf32>
func.func private @sink(tensor<?xf32>) -> ()
func.func @relu4(%x: tensor<4xf32>) -> tensor<?xf32> {
  %y = rt.relu %x : (tensor<4xf32>) -> tensor<?xf32>
  return %y : tensor<?xf32>
}
func.func @call_foreign_user(%x: tensor<4xf32>) -> tensor<?xf32> {
  %y = func.call @relu4(%x) : (tensor<4xf32>) -> tensor<?xf32>
  func.call @sink(%y) : (tensor<?xf32>) -> ()
  return %y : tensor<?xf32>
}

// -----

// Recursion terminates: types only get more refined.
// CHECK-LABEL: func.func @recursive(
// CHECK-SAME:    -> tensor<4xf32>
// CHECK:         call @recursive({{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
// CHECK:         rt.relu {{.*}} -> tensor<4xf32>
func.func @recursive(%x: tensor<4xf32>) -> tensor<?xf32> {
  %y = func.call @recursive(%x) : (tensor<4xf32>) -> tensor<?xf32>
  %z = rt.relu %x : (tensor<4xf32>) -> tensor<?xf32>
  return %z : tensor<?xf32>
}

// -----

// Partially known shape values inside a concat whose known parts come after
// other pieces: [batch, 128] from rt.shape, then constants.
// CHECK-LABEL: func.func @partial_concat_not_first(
// CHECK:         rt.reshape {{.*}} -> tensor<?x128x12x64xf32>
// CHECK:         rt.reshape {{.*}} -> tensor<?x768xf32>
func.func @partial_concat_not_first(%x: tensor<?x128x768xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %s = rt.shape %x : (tensor<?x128x768xf32>) -> tensor<3xi64>
  %i0 = rt.constant dense<[0]> : tensor<1xi64>
  %i1 = rt.constant dense<[1]> : tensor<1xi64>
  %b = rt.gather %s, %i0 : (tensor<3xi64>, tensor<1xi64>) -> tensor<1xi64>
  %t = rt.gather %s, %i1 : (tensor<3xi64>, tensor<1xi64>) -> tensor<1xi64>
  %c = rt.constant dense<[12, 64]> : tensor<2xi64>
  %shape = rt.concat %b, %t, %c {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>, tensor<2xi64>) -> tensor<4xi64>
  %r = rt.reshape %x, %shape : (tensor<?x128x768xf32>, tensor<4xi64>) -> tensor<*xf32>
  %m1 = rt.constant dense<[-1]> : tensor<1xi64>
  %last = rt.shape %x {start = -1 : i64} : (tensor<?x128x768xf32>) -> tensor<1xi64>
  %shape2 = rt.concat %m1, %last {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  %r2 = rt.reshape %x, %shape2 : (tensor<?x128x768xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %r, %r2 : tensor<*xf32>, tensor<*xf32>
}

// -----

// Einsum with an ellipsis: its dimensions broadcast NumPy-style,
// right-aligned ("...ij,...jk->...ik" on 2x3x4 and 4x5: the ellipsis is
// [2] and []), and an implicit output lists them first ("...ii" keeps the
// ellipsis and drops the repeated label).
// CHECK-LABEL: func.func @einsum_ellipsis(
// CHECK: rt.einsum {{.*}} -> tensor<2x3x5xf32>
// CHECK: rt.einsum {{.*}} -> tensor<3x7xf32>
func.func @einsum_ellipsis(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>, %c: tensor<3x7x5x5xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %0 = rt.einsum %a, %b {equation = "...ij,...jk->...ik"} : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<*xf32>
  %1 = rt.einsum %c {equation = "...ii"} : (tensor<3x7x5x5xf32>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}
