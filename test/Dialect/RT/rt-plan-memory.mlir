// RUN: rt-opt %s --rt-fuse --rt-plan-memory --rt-verify-memory-plan --split-input-file 2>/dev/null | FileCheck %s
// RUN: rt-opt %s --rt-fuse --rt-plan-memory --rt-verify-memory-plan --split-input-file -verify-diagnostics -o /dev/null
// RUN: not rt-opt %s --rt-fuse --rt-plan-memory=workspace-limit=1000 --split-input-file 2>&1 | FileCheck %s --check-prefix=LIMIT

// Kernels a (GEMM, 4 KiB) -> b (Concat, 8 KiB) -> c (elementwise, two
// readers) -> d, e (reductions; their sum is the model output, not in the
// arena). c writes in place over b, which dies there; a and b are live
// together.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: rt.arena_lower_bound = 12288 : i64, rt.arena_size = 12288 : i64
// CHECK-SAME: rt.intermediate_bytes = 20736 : i64
// CHECK: %[[A:.+]] = rt.fusion_group "matmul" kind "gemm"{{.*}}rt.offsets = array<i64: [[OA:[0-9]+]]>
// CHECK: %[[B:.+]] = rt.fusion_group "concat" kind "copy"(%[[A]]) {rt.offsets = array<i64: [[OB:[0-9]+]]>}
// CHECK: %[[C:.+]] = rt.fusion_group "cos" kind "elementwise"(%[[B]]) {rt.in_place = array<i64: 0>, rt.offsets = array<i64: [[OB]]>}
// CHECK: rt.fusion_group "reduce_max" kind "reduction"(%[[C]], %{{.+}}) {rt.offsets = array<i64: -1>}
// LIMIT: error: the intermediate tensors need an arena of 12288 bytes (peak of live bytes 12288), more than the workspace limit of 1000 bytes
func.func @chain(%x: tensor<32x16xf32>, %w: tensor<16x32xf32>) -> tensor<32xf32> {
  %a = rt.matmul %x, %w : (tensor<32x16xf32>, tensor<16x32xf32>) -> tensor<32x32xf32>
  %b = rt.concat %a, %a {axis = 0 : i64} : (tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<64x32xf32>
  %c = rt.cos %b : (tensor<64x32xf32>) -> tensor<64x32xf32>
  %d = rt.reduce_sum %c {axes = array<i64: 0>, keepdims = 0 : i64} : (tensor<64x32xf32>) -> tensor<32xf32>
  %e = rt.reduce_max %c {axes = array<i64: 0>, keepdims = 0 : i64} : (tensor<64x32xf32>) -> tensor<32xf32>
  %f = rt.add %e, %d : (tensor<32xf32>, tensor<32xf32>) -> tensor<32xf32>
  return %f : tensor<32xf32>
}

// -----

// Buffers whose lifetimes do not meet share storage: the second Concat
// reuses the first one's 4 KiB once its reduction has read it.
// CHECK-LABEL: func.func @reuse
// CHECK-SAME: rt.arena_lower_bound = 4352 : i64, rt.arena_size = 4352 : i64
// CHECK-SAME: rt.intermediate_bytes = 8448 : i64
// CHECK: rt.fusion_group "concat" kind "copy"(%arg0) {rt.offsets = array<i64: [[O:[0-9]+]]>}
// CHECK: rt.fusion_group "concat_1" kind "copy"(%arg1) {rt.offsets = array<i64: [[O]]>}
func.func @reuse(%x: tensor<32x16xf32>, %y: tensor<32x16xf32>) -> tensor<16xf32> {
  %0 = rt.concat %x, %x {axis = 0 : i64} : (tensor<32x16xf32>, tensor<32x16xf32>) -> tensor<64x16xf32>
  %1 = rt.reduce_sum %0 {axes = array<i64: 0>, keepdims = 0 : i64} : (tensor<64x16xf32>) -> tensor<16xf32>
  %2 = rt.concat %y, %y {axis = 0 : i64} : (tensor<32x16xf32>, tensor<32x16xf32>) -> tensor<64x16xf32>
  %3 = rt.reduce_max %2 {axes = array<i64: 0>, keepdims = 0 : i64} : (tensor<64x16xf32>) -> tensor<16xf32>
  %4 = rt.add %3, %1 : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  return %4 : tensor<16xf32>
}

// -----

// A view keeps its buffer alive until the view's reader: the first Concat
// is read (through a reshape) after the second is written, so no reuse.
// CHECK-LABEL: func.func @view_extends
// CHECK-SAME: rt.arena_lower_bound = 8448 : i64, rt.arena_size = 8448 : i64
func.func @view_extends(%x: tensor<32x16xf32>, %y: tensor<32x16xf32>) -> tensor<16xf32> {
  %s = rt.constant dense<[16, 64]> : tensor<2xi64>
  %0 = rt.concat %x, %x {axis = 0 : i64} : (tensor<32x16xf32>, tensor<32x16xf32>) -> tensor<64x16xf32>
  %v = rt.reshape %0, %s : (tensor<64x16xf32>, tensor<2xi64>) -> tensor<16x64xf32>
  %2 = rt.concat %y, %y {axis = 0 : i64} : (tensor<32x16xf32>, tensor<32x16xf32>) -> tensor<64x16xf32>
  %3 = rt.reduce_max %2 {axes = array<i64: 0>, keepdims = 0 : i64} : (tensor<64x16xf32>) -> tensor<16xf32>
  %1 = rt.reduce_sum %v {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<16x64xf32>) -> tensor<16xf32>
  %4 = rt.add %3, %1 : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  return %4 : tensor<16xf32>
}

// -----

// Dynamic shapes: no plan yet (a warning), and the checker accepts that.
// CHECK-LABEL: func.func @dynamic
// CHECK-NOT: rt.arena_size
func.func @dynamic(%x: tensor<?x16xf32>) -> tensor<?x32xf32> {
  // expected-warning @+1 {{result of type 'tensor<?x32xf32>' has no static size: no memory plan for @dynamic until the input shapes are fixed}}
  %0 = rt.concat %x, %x {axis = 1 : i64} : (tensor<?x16xf32>, tensor<?x16xf32>) -> tensor<?x32xf32>
  %1 = rt.softmax %0 : (tensor<?x32xf32>) -> tensor<?x32xf32>
  return %1 : tensor<?x32xf32>
}
