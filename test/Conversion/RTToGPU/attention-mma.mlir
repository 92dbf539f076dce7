// RUN: rt-opt %s --rt-generate-kernels --split-input-file --verify-diagnostics | FileCheck %s
// gemm-tile naming attention_mma sets the query rows per block (and the
// block size with them) of groups without a recorded tile:
// RUN: rt-opt %s --rt-generate-kernels='gemm-tile={kernel="attention_mma",rows=128}' --split-input-file --verify-diagnostics | FileCheck %s --check-prefix=ROWS

// float16 attention with head size 64: the tensor-core flash-attention
// kernel. 40 query rows of 6 (batch, head) pairs: grid 1 x 6, 4 warps,
// query, key and value tiles of 64 rows (64 + 8 halves each: 27648 bytes).
// The padding mask is added per score, fully masked rows give 0 (nan_guard),
// and the heads are merged by the epilogue.
// CHECK-LABEL: func.func @bert_like
// CHECK: rt.launch = array<i64: 1, 6, 1, 128, 1, 1, 27648>
// CHECK-SAME: rtgpu.strategy = #rtgpu.attention<kernel = mma, threads = 128, rows = 64>
// CHECK: gpu.func
// Query, key and value tiles by cp.async (the head's 40 keys fit: staged
// once), then the query fragments in registers.
// CHECK: nvgpu.device_async_copy {{.*}} : memref<2x3x40x64xf16> to memref<64x72xf16, #gpu.address_space<workgroup>>
// CHECK: nvgpu.device_async_copy
// CHECK: nvgpu.device_async_copy
// CHECK: nvgpu.device_async_wait
// CHECK: nvgpu.ldmatrix {{.*}} {numTiles = 4 : i32, transpose = false} : memref<64x72xf16, #gpu.address_space<workgroup>> -> vector<4x2xf16>
// One step per 64 keys: m, l and 8 output fragments carried; no copies or
// barriers inside.
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (f32, f32, f32, f32, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>)
// CHECK-NOT: gpu.barrier
// CHECK: nvgpu.mma.sync
// CHECK: memref.load {{.*}} : memref<2x1x1x40xf16>
// CHECK: gpu.shuffle  xor
// CHECK: math.exp
// V through ldmatrix.trans for P V.
// CHECK: nvgpu.ldmatrix {{.*}} {numTiles = 4 : i32, transpose = true}
// CHECK: nvgpu.mma.sync
// CHECK: arith.divf
// O / l goes through shared memory (float32 [64][68], over the key and
// value tiles); the merged heads leave 8 columns per 16-byte store.
// CHECK: vector.store {{.*}} : memref<64x68xf32, #gpu.address_space<workgroup>>, vector<2xf32>
// CHECK: gpu.barrier
// CHECK: vector.load {{.*}} : memref<64x68xf32, #gpu.address_space<workgroup>>, vector<8xf32>
// CHECK: vector.store {{.*}} : memref<2x40x192xf16>, vector<8xf16>
// CHECK-NOT: memref.store {{.*}} : memref<2x40x192xf16>
func.func @bert_like(%q: tensor<2x3x40x64xf16>, %k: tensor<2x3x40x64xf16>, %v: tensor<2x3x40x64xf16>, %m: tensor<2x1x1x40xf16>) -> tensor<2x40x192xf16> {
  %0 = rt.fusion_group "attn" kind "attention"(%q, %k, %v, %m) : (tensor<2x3x40x64xf16>, tensor<2x3x40x64xf16>, tensor<2x3x40x64xf16>, tensor<2x1x1x40xf16>) -> tensor<2x40x192xf16> {
  ^bb0(%a: tensor<2x3x40x64xf16>, %b: tensor<2x3x40x64xf16>, %c: tensor<2x3x40x64xf16>, %d: tensor<2x1x1x40xf16>):
    %s = rt.constant dense<[2, 40, 192]> : tensor<3xi64>
    %1 = rt.attention %a, %b, %c mask %d {scale = 0.125 : f32, nan_guard = 1 : i64} : (tensor<2x3x40x64xf16>, tensor<2x3x40x64xf16>, tensor<2x3x40x64xf16>, tensor<2x1x1x40xf16>) -> tensor<2x3x40x64xf16>
    %2 = rt.transpose %1 {perm = array<i64: 0, 2, 1, 3>} : (tensor<2x3x40x64xf16>) -> tensor<2x40x3x64xf16>
    %3 = rt.reshape %2, %s : (tensor<2x40x3x64xf16>, tensor<3xi64>) -> tensor<2x40x192xf16>
    rt.yield %3 : tensor<2x40x192xf16>
  }
  return %0 : tensor<2x40x192xf16>
}

// -----

// Causal, 130 queries and keys (3 key steps, 3 query blocks), head size 32:
// more than 128 keys stream through two 64-key tiles each for K and V
// (64*40*2 + 2 * 2 * 64*40*2 = 25600 bytes).
// CHECK-LABEL: func.func @causal
// ROWS-LABEL: func.func @causal
// ROWS: rt.launch = array<i64: 2, 4, 1, 256, 1, 1, 30720>
// ROWS-SAME: rtgpu.strategy = #rtgpu.attention<kernel = mma, threads = 256, rows = 128>
// CHECK: rt.launch = array<i64: 3, 4, 1, 128, 1, 1, 25600>
// CHECK-SAME: #rtgpu.attention<kernel = mma
// CHECK: arith.cmpi ule
// CHECK-NOT: nan_guard
func.func @causal(%q: tensor<1x4x130x32xf16>, %k: tensor<1x4x130x32xf16>, %v: tensor<1x4x130x32xf16>) -> tensor<1x4x130x32xf16> {
  %0 = rt.fusion_group "attn" kind "attention"(%q, %k, %v) : (tensor<1x4x130x32xf16>, tensor<1x4x130x32xf16>, tensor<1x4x130x32xf16>) -> tensor<1x4x130x32xf16> {
  ^bb0(%a: tensor<1x4x130x32xf16>, %b: tensor<1x4x130x32xf16>, %c: tensor<1x4x130x32xf16>):
    %1 = rt.attention %a, %b, %c {scale = 0.17 : f32, is_causal = 1 : i64} : (tensor<1x4x130x32xf16>, tensor<1x4x130x32xf16>, tensor<1x4x130x32xf16>) -> tensor<1x4x130x32xf16>
    rt.yield %1 : tensor<1x4x130x32xf16>
  }
  return %0 : tensor<1x4x130x32xf16>
}

// -----

// More than 128 keys stream through two 64-key tiles (double buffering):
// the first block is copied with the queries; step j waits for the tiles
// that other threads are done with, copies block j + 1 into them, waits
// for block j's copies only (one group may stay in flight) and computes
// on block j's tiles. 300 keys are four blocks of 64 and a last one of 44
// keys, computed as 48 (3 of 4 k16 steps, 6 of 8 n8 fragments: 24 + 24
// MMAs) after the loop. The 16 queries fill one warp of four: the other
// three skip the arithmetic (scf.if) but meet the barriers.
// CHECK-LABEL: func.func @long_keys
// CHECK: rt.launch = array<i64: 1, 2, 1, 128, 1, 1, 46080>
// CHECK: nvgpu.device_async_copy {{.*}} : memref<1x2x300x64xf16> to memref<128x72xf16, #gpu.address_space<workgroup>>
// CHECK: nvgpu.device_async_wait %{{.*}} {numGroups = 0 : i32}
// CHECK: scf.for
// CHECK: gpu.barrier
// CHECK: nvgpu.device_async_copy {{.*}} : memref<1x2x300x64xf16> to memref<128x72xf16, #gpu.address_space<workgroup>>
// CHECK: nvgpu.device_async_wait %{{.*}} {numGroups = 1 : i32}
// CHECK: gpu.barrier
// CHECK: scf.if
// CHECK: nvgpu.mma.sync
// CHECK: nvgpu.device_async_wait %{{.*}} {numGroups = 0 : i32}
// CHECK-NEXT: gpu.barrier
// CHECK-NEXT: scf.if
// CHECK-COUNT-48: nvgpu.mma.sync
// CHECK-NOT: nvgpu.mma.sync
// CHECK: gpu.return
func.func @long_keys(%q: tensor<1x2x16x64xf16>, %k: tensor<1x2x300x64xf16>, %v: tensor<1x2x300x64xf16>) -> tensor<1x2x16x64xf16> {
  %0 = rt.fusion_group "attn" kind "attention"(%q, %k, %v) : (tensor<1x2x16x64xf16>, tensor<1x2x300x64xf16>, tensor<1x2x300x64xf16>) -> tensor<1x2x16x64xf16> {
  ^bb0(%a: tensor<1x2x16x64xf16>, %b: tensor<1x2x300x64xf16>, %c: tensor<1x2x300x64xf16>):
    %1 = rt.attention %a, %b, %c {scale = 0.125 : f32} : (tensor<1x2x16x64xf16>, tensor<1x2x300x64xf16>, tensor<1x2x300x64xf16>) -> tensor<1x2x16x64xf16>
    rt.yield %1 : tensor<1x2x16x64xf16>
  }
  return %0 : tensor<1x2x16x64xf16>
}

// -----

// A head size that is not a multiple of 16 keeps the SIMT kernels; asking
// for the tensor-core kernel is an error.
func.func @head_8(%q: tensor<1x2x16x8xf16>, %k: tensor<1x2x16x8xf16>, %v: tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  // expected-error @+1 {{fusion group 'attn' does not fit the tensor-core attention kernel (float16 or bfloat16 query, keys and values, head sizes multiples of 16 up to 128)}}
  %0 = rt.fusion_group "attn" kind "attention"(%q, %k, %v) {rtgpu.strategy = #rtgpu.attention<kernel = mma, threads = 128, rows = 64>} : (tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16> {
  ^bb0(%a: tensor<1x2x16x8xf16>, %b: tensor<1x2x16x8xf16>, %c: tensor<1x2x16x8xf16>):
    %1 = rt.attention %a, %b, %c {scale = 0.35 : f32} : (tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>, tensor<1x2x16x8xf16>) -> tensor<1x2x16x8xf16>
    rt.yield %1 : tensor<1x2x16x8xf16>
  }
  return %0 : tensor<1x2x16x8xf16>
}

// -----

// 128 query rows per block (tile `rows`, 8 warps sharing each key/value
// tile): ViT's 197 queries are two blocks per head, not four; 256 threads;
// shared memory max(Q 128x72 + K, V 2 x 128x72 (streamed: two tiles),
// Q + O 128x68 float32) = 18432 + 2 * 18432 = 55296 bytes.
// CHECK-LABEL: func.func @rows_128
// CHECK: rt.launch = array<i64: 2, 3, 1, 256, 1, 1, 55296>
// CHECK-SAME: rtgpu.strategy = #rtgpu.attention<kernel = mma, threads = 256, rows = 128>
// CHECK: known_block_size = array<i32: 256, 1, 1>
func.func @rows_128(%q: tensor<1x3x197x64xf16>, %k: tensor<1x3x197x64xf16>, %v: tensor<1x3x197x64xf16>) -> tensor<1x3x197x64xf16> {
  %0 = rt.fusion_group "attn" kind "attention"(%q, %k, %v) {rtgpu.strategy = #rtgpu.attention<kernel = mma, threads = 256, rows = 128>} : (tensor<1x3x197x64xf16>, tensor<1x3x197x64xf16>, tensor<1x3x197x64xf16>) -> tensor<1x3x197x64xf16> {
  ^bb0(%a: tensor<1x3x197x64xf16>, %b: tensor<1x3x197x64xf16>, %c: tensor<1x3x197x64xf16>):
    %1 = rt.attention %a, %b, %c {scale = 0.125 : f32} : (tensor<1x3x197x64xf16>, tensor<1x3x197x64xf16>, tensor<1x3x197x64xf16>) -> tensor<1x3x197x64xf16>
    rt.yield %1 : tensor<1x3x197x64xf16>
  }
  return %0 : tensor<1x3x197x64xf16>
}

// -----

func.func @rows_96(%q: tensor<1x3x197x64xf16>, %k: tensor<1x3x197x64xf16>, %v: tensor<1x3x197x64xf16>) -> tensor<1x3x197x64xf16> {
  // expected-error @+1 {{attention_mma: rows = 96 is not 64 or 128 query rows per block}}
  %0 = rt.fusion_group "attn" kind "attention"(%q, %k, %v) {rtgpu.strategy = #rtgpu.attention<kernel = mma, threads = 192, rows = 96>} : (tensor<1x3x197x64xf16>, tensor<1x3x197x64xf16>, tensor<1x3x197x64xf16>) -> tensor<1x3x197x64xf16> {
  ^bb0(%a: tensor<1x3x197x64xf16>, %b: tensor<1x3x197x64xf16>, %c: tensor<1x3x197x64xf16>):
    %1 = rt.attention %a, %b, %c {scale = 0.125 : f32} : (tensor<1x3x197x64xf16>, tensor<1x3x197x64xf16>, tensor<1x3x197x64xf16>) -> tensor<1x3x197x64xf16>
    rt.yield %1 : tensor<1x3x197x64xf16>
  }
  return %0 : tensor<1x3x197x64xf16>
}

// -----

// The heuristic's query rows per block: 128 (8 warps, 256 threads) for
// whole 128-row query blocks that give two waves on 132 SMs — BERT/GPT-2 at
// batch 32: 32 x 12 heads of 128 queries, 384 blocks — else 64 (batch 1:
// 12 blocks).
// CHECK-LABEL: func.func @rows_b32
// CHECK: rt.launch = array<i64: 1, 384, 1, 256, 1, 1, {{[0-9]+}}>
// CHECK-SAME: rtgpu.strategy = #rtgpu.attention<kernel = mma, threads = 256, rows = 128>
// CHECK-LABEL: func.func @rows_b1
// CHECK: rtgpu.strategy = #rtgpu.attention<kernel = mma, threads = 128, rows = 64>
func.func @rows_b32(%q: tensor<32x12x128x64xf16>, %k: tensor<32x12x128x64xf16>, %v: tensor<32x12x128x64xf16>) -> tensor<32x12x128x64xf16> {
  %0 = rt.fusion_group "attn" kind "attention"(%q, %k, %v) : (tensor<32x12x128x64xf16>, tensor<32x12x128x64xf16>, tensor<32x12x128x64xf16>) -> tensor<32x12x128x64xf16> {
  ^bb0(%a: tensor<32x12x128x64xf16>, %b: tensor<32x12x128x64xf16>, %c: tensor<32x12x128x64xf16>):
    %1 = rt.attention %a, %b, %c {scale = 0.125 : f32, is_causal = 1 : i64} : (tensor<32x12x128x64xf16>, tensor<32x12x128x64xf16>, tensor<32x12x128x64xf16>) -> tensor<32x12x128x64xf16>
    rt.yield %1 : tensor<32x12x128x64xf16>
  }
  return %0 : tensor<32x12x128x64xf16>
}
func.func @rows_b1(%q: tensor<1x12x128x64xf16>, %k: tensor<1x12x128x64xf16>, %v: tensor<1x12x128x64xf16>) -> tensor<1x12x128x64xf16> {
  %0 = rt.fusion_group "attn" kind "attention"(%q, %k, %v) : (tensor<1x12x128x64xf16>, tensor<1x12x128x64xf16>, tensor<1x12x128x64xf16>) -> tensor<1x12x128x64xf16> {
  ^bb0(%a: tensor<1x12x128x64xf16>, %b: tensor<1x12x128x64xf16>, %c: tensor<1x12x128x64xf16>):
    %1 = rt.attention %a, %b, %c {scale = 0.125 : f32, is_causal = 1 : i64} : (tensor<1x12x128x64xf16>, tensor<1x12x128x64xf16>, tensor<1x12x128x64xf16>) -> tensor<1x12x128x64xf16>
    rt.yield %1 : tensor<1x12x128x64xf16>
  }
  return %0 : tensor<1x12x128x64xf16>
}
