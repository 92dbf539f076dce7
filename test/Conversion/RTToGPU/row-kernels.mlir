// RUN: rt-opt %s --rt-generate-kernels --split-input-file | FileCheck %s

// Attention whose keys and values fit in shared memory: a block stages one
// (batch, head)'s keys and values (float16, padded rows) and computes a
// tile of query rows (8 here, as there are few heads; else 32), a warp per
// row (warp shuffles, warp syncs); grid 2 x 2*3. The head-merge epilogue
// (transpose, reshape) maps output indices forward.
// CHECK-LABEL: func.func @attention
// CHECK: rt.launch = array<i64: 2, 6, 1, 256, 1, 1, 1536>
// CHECK-SAME: rtgpu.strategy = #rtgpu.attention<kernel = tile, threads = 256, rows = 8>
// CHECK: gpu.func
// CHECK: gpu.dynamic_shared_memory
// CHECK: gpu.barrier
// CHECK: gpu.shuffle  xor
// CHECK: math.exp
// CHECK: nvvm.bar.warp.sync
// CHECK: memref.store %{{.*}} : memref<2x16x24xf16>
func.func @attention(%q: tensor<2x3x16x8xf16>, %k: tensor<2x3x16x8xf16>, %v: tensor<2x3x16x8xf16>, %m: tensor<2x1x1x16xf16>) -> tensor<2x16x24xf16> {
  %0 = rt.fusion_group "attn" kind "attention"(%q, %k, %v, %m) : (tensor<2x3x16x8xf16>, tensor<2x3x16x8xf16>, tensor<2x3x16x8xf16>, tensor<2x1x1x16xf16>) -> tensor<2x16x24xf16> {
  ^bb0(%a: tensor<2x3x16x8xf16>, %b: tensor<2x3x16x8xf16>, %c: tensor<2x3x16x8xf16>, %d: tensor<2x1x1x16xf16>):
    %s = rt.constant dense<[2, 16, 24]> : tensor<3xi64>
    %1 = rt.attention %a, %b, %c mask %d {scale = 0.35 : f32, nan_guard = 1 : i64} : (tensor<2x3x16x8xf16>, tensor<2x3x16x8xf16>, tensor<2x3x16x8xf16>, tensor<2x1x1x16xf16>) -> tensor<2x3x16x8xf16>
    %2 = rt.transpose %1 {perm = array<i64: 0, 2, 1, 3>} : (tensor<2x3x16x8xf16>) -> tensor<2x16x3x8xf16>
    %3 = rt.reshape %2, %s : (tensor<2x16x3x8xf16>, tensor<3xi64>) -> tensor<2x16x24xf16>
    rt.yield %3 : tensor<2x16x24xf16>
  }
  return %0 : tensor<2x16x24xf16>
}

// -----

// The row kernel (the heuristic's choice when keys and values do not fit in
// shared memory; recorded here): one block per query row, grid 16 x 2*3,
// the row's scores in shared memory, softmax statistics by block reductions.
// CHECK-LABEL: func.func @attention_row
// CHECK: rt.launch = array<i64: 16, 6, 1, 128, 1, 1, 224>
// CHECK: gpu.shuffle  xor
// CHECK: memref.store %{{.*}} : memref<2x16x24xf16>
func.func @attention_row(%q: tensor<2x3x16x8xf16>, %k: tensor<2x3x16x8xf16>, %v: tensor<2x3x16x8xf16>, %m: tensor<2x1x1x16xf16>) -> tensor<2x16x24xf16> {
  %0 = rt.fusion_group "attn" kind "attention"(%q, %k, %v, %m) {rtgpu.strategy = #rtgpu.attention<kernel = row, threads = 128>} : (tensor<2x3x16x8xf16>, tensor<2x3x16x8xf16>, tensor<2x3x16x8xf16>, tensor<2x1x1x16xf16>) -> tensor<2x16x24xf16> {
  ^bb0(%a: tensor<2x3x16x8xf16>, %b: tensor<2x3x16x8xf16>, %c: tensor<2x3x16x8xf16>, %d: tensor<2x1x1x16xf16>):
    %s = rt.constant dense<[2, 16, 24]> : tensor<3xi64>
    %1 = rt.attention %a, %b, %c mask %d {scale = 0.35 : f32, nan_guard = 1 : i64} : (tensor<2x3x16x8xf16>, tensor<2x3x16x8xf16>, tensor<2x3x16x8xf16>, tensor<2x1x1x16xf16>) -> tensor<2x3x16x8xf16>
    %2 = rt.transpose %1 {perm = array<i64: 0, 2, 1, 3>} : (tensor<2x3x16x8xf16>) -> tensor<2x16x3x8xf16>
    %3 = rt.reshape %2, %s : (tensor<2x16x3x8xf16>, tensor<3xi64>) -> tensor<2x16x24xf16>
    rt.yield %3 : tensor<2x16x24xf16>
  }
  return %0 : tensor<2x16x24xf16>
}

// -----

// LayerNormalization: one warp per row (6 rows of 40), two rows per block
// (4 does not divide 6): mean and 1/stddev are warp reductions, then every
// element of the row is normalized. Rows of whole 16-byte chunks give each
// lane 8 consecutive columns (5 of 32 lanes here): the row is read once, 16
// bytes at a time, into registers and reused by both statistics and the
// output; the scale and bias of the lane's 8 columns are one 16-byte load
// each, the output one store.
// CHECK-LABEL: func.func @layernorm
// CHECK: rt.launch = array<i64: 3, 1, 1, 64, 1, 1, 128>
// CHECK-SAME: rtgpu.strategy = #rtgpu.norm_row<threads = 64, rows = 2>
// CHECK: %[[B:.+]] = gpu.block_id  x
// CHECK-DAG: %[[W:.+]] = arith.divui %{{.*}}, %c32
// CHECK-DAG: %[[R0:.+]] = arith.muli %[[B]], %c2
// CHECK: arith.addi %[[R0]], %[[W]]
// CHECK: vector.load %{{.*}} {alignment = 16 : i64} : memref<2x3x40xf16>, vector<8xf16>
// CHECK-NOT: memref<2x3x40xf16>, vector<8xf16>
// CHECK: gpu.shuffle  xor
// CHECK: math.rsqrt
// CHECK: scf.if
// CHECK-DAG: vector.load %{{.*}} : memref<40xf16>, vector<8xf16>
// CHECK-DAG: vector.load %{{.*}} : memref<40xf16>, vector<8xf16>
// CHECK: vector.store %{{.*}} : memref<2x3x40xf16>, vector<8xf16>
// CHECK-NOT: memref.load %{{.*}} : memref<2x3x40xf16>
// CHECK: gpu.return
func.func @layernorm(%x: tensor<2x3x40xf16>, %s: tensor<40xf16>, %b: tensor<40xf16>) -> tensor<2x3x40xf16> {
  %0 = rt.fusion_group "ln" kind "reduction"(%x, %s, %b) : (tensor<2x3x40xf16>, tensor<40xf16>, tensor<40xf16>) -> tensor<2x3x40xf16> {
  ^bb0(%a: tensor<2x3x40xf16>, %ss: tensor<40xf16>, %bb: tensor<40xf16>):
    %1 = rt.layer_normalization %a, %ss, %bb {axis = -1 : i64, epsilon = 1.0e-05 : f32} : (tensor<2x3x40xf16>, tensor<40xf16>, tensor<40xf16>) -> tensor<2x3x40xf16>
    rt.yield %1 : tensor<2x3x40xf16>
  }
  return %0 : tensor<2x3x40xf16>
}

// -----

// Rows not of whole chunks (36 columns): a thread per column (64 threads);
// a row of at most 8 elements per thread is read once into registers and
// reused by both statistics and the output.
// CHECK-LABEL: func.func @layernorm_odd
// CHECK: rt.launch = array<i64: 6, 1, 1, 64, 1, 1, 128>
// CHECK-SAME: rtgpu.strategy = #rtgpu.norm_row<threads = 64>
// CHECK: memref.load %{{.*}} : memref<2x3x36xf16>
// CHECK-NOT: memref.load %{{.*}} : memref<2x3x36xf16>
// CHECK: gpu.shuffle  xor
// CHECK: math.rsqrt
// CHECK-NOT: memref.load %{{.*}} : memref<2x3x36xf16>
// CHECK: gpu.return
func.func @layernorm_odd(%x: tensor<2x3x36xf16>, %s: tensor<36xf16>, %b: tensor<36xf16>) -> tensor<2x3x36xf16> {
  %0 = rt.fusion_group "ln" kind "reduction"(%x, %s, %b) : (tensor<2x3x36xf16>, tensor<36xf16>, tensor<36xf16>) -> tensor<2x3x36xf16> {
  ^bb0(%a: tensor<2x3x36xf16>, %ss: tensor<36xf16>, %bb: tensor<36xf16>):
    %1 = rt.layer_normalization %a, %ss, %bb {axis = -1 : i64, epsilon = 1.0e-05 : f32} : (tensor<2x3x36xf16>, tensor<36xf16>, tensor<36xf16>) -> tensor<2x3x36xf16>
    rt.yield %1 : tensor<2x3x36xf16>
  }
  return %0 : tensor<2x3x36xf16>
}

// -----

// An output through a view that keeps the columns (ViT's transpose to
// sequence-major, GPT-2's flattening reshape) is stored 16 bytes at a time
// at the view's indices.
// CHECK-LABEL: func.func @layernorm_transposed
// CHECK: rtgpu.strategy = #rtgpu.norm_row<threads = 64, rows = 2>
// CHECK: math.rsqrt
// CHECK-DAG: vector.load %{{.*}} : memref<40xf16>, vector<8xf16>
// CHECK-DAG: vector.load %{{.*}} : memref<40xf16>, vector<8xf16>
// CHECK: vector.store %{{.*}} : memref<3x2x40xf16>, vector<8xf16>
// CHECK-NOT: memref.store
// CHECK: gpu.return
func.func @layernorm_transposed(%x: tensor<2x3x40xf16>, %s: tensor<40xf16>, %b: tensor<40xf16>) -> tensor<3x2x40xf16> {
  %0 = rt.fusion_group "ln" kind "reduction"(%x, %s, %b) : (tensor<2x3x40xf16>, tensor<40xf16>, tensor<40xf16>) -> tensor<3x2x40xf16> {
  ^bb0(%a: tensor<2x3x40xf16>, %ss: tensor<40xf16>, %bb: tensor<40xf16>):
    %1 = rt.layer_normalization %a, %ss, %bb {axis = -1 : i64, epsilon = 1.0e-05 : f32} : (tensor<2x3x40xf16>, tensor<40xf16>, tensor<40xf16>) -> tensor<2x3x40xf16>
    %2 = rt.transpose %1 {perm = array<i64: 1, 0, 2>} : (tensor<2x3x40xf16>) -> tensor<3x2x40xf16>
    rt.yield %2 : tensor<3x2x40xf16>
  }
  return %0 : tensor<3x2x40xf16>
}

