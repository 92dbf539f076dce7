// RUN: rt-opt %s --rt-generate-kernels --split-input-file --verify-diagnostics | FileCheck %s

// The mma.sync m16n8k16 kernel fed by a cp.async ring (tiles recorded
// here; @heuristic_* show the heuristic's choices).
// A float16 MatMul (B stored [k][n]) with a bias: 64x64 tiles over a
// 100x72 product, grid 2 x 2, 4 warps, 3 stages of [64][40] A and [32][72]
// B tiles (shared memory: 3 * (64*40 + 64*40) * 2 = 30720 bytes, reused for
// the 64x68 float32 accumulator tile).
// CHECK-LABEL: func.func @matmul_bias
// CHECK: rt.launch = array<i64: 2, 2, 1, 128, 1, 1, 30720>
// CHECK-SAME: rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3>
// CHECK: gpu.func
// CHECK: gpu.dynamic_shared_memory
// Prologue: stages - 1 tiles in flight, one commit group each.
// CHECK: nvgpu.device_async_copy {{.*}}, 8, %{{.*}} {bypassL1} : memref<100x48xf16> to memref<3x64x40xf16, #gpu.address_space<workgroup>>
// CHECK: nvgpu.device_async_copy {{.*}}, 8, %{{.*}} {bypassL1} : memref<48x72xf16> to memref<3x32x72xf16, #gpu.address_space<workgroup>>
// CHECK: nvgpu.device_async_create_group
// CHECK: nvgpu.device_async_create_group
// Main loop: wait for the oldest tile, refill the slot read last, compute.
// CHECK: scf.for {{.*}} iter_args
// CHECK: nvgpu.device_async_wait %{{.*}} {numGroups = 1 : i32}
// CHECK-NEXT: gpu.barrier
// CHECK: scf.if
// CHECK: nvgpu.device_async_copy
// CHECK: nvgpu.device_async_create_group
// CHECK: nvgpu.ldmatrix %{{.*}} {numTiles = 4 : i32, transpose = false} : memref<3x64x40xf16, #gpu.address_space<workgroup>> -> vector<4x2xf16>
// CHECK: nvgpu.ldmatrix %{{.*}} {numTiles = 4 : i32, transpose = true} : memref<3x32x72xf16, #gpu.address_space<workgroup>> -> vector<4x2xf16>
// CHECK: vector.extract %{{.*}}[0] : vector<2xf16> from vector<4x2xf16>
// CHECK: vector.insert
// CHECK: nvgpu.mma.sync({{.*}}) {mmaShape = [16, 8, 16]} : (vector<4x2xf16>, vector<2x2xf16>, vector<2x2xf32>) -> vector<2x2xf32>
// CHECK: nvgpu.device_async_wait %{{.*}} {numGroups = 0 : i32}
// CHECK: vector.store {{.*}} : memref<64x68xf32, #gpu.address_space<workgroup>>, vector<2xf32>
// CHECK: gpu.barrier
// Epilogue: 8 consecutive columns per thread, one 16-byte store.
// CHECK: scf.if
// CHECK: vector.load {{.*}} vector<8xf32>
// CHECK-COUNT-8: arith.addf
// CHECK: vector.from_elements {{.*}} : vector<8xf16>
// CHECK: vector.store {{.*}} : memref<100x72xf16>, vector<8xf16>
func.func @matmul_bias(%x: tensor<100x48xf16>, %w: tensor<48x72xf16>, %b: tensor<72xf16>) -> tensor<100x72xf16> {
  %0 = rt.fusion_group "mm" kind "gemm"(%x, %w, %b) {rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3>} : (tensor<100x48xf16>, tensor<48x72xf16>, tensor<72xf16>) -> tensor<100x72xf16> {
  ^bb0(%a: tensor<100x48xf16>, %ww: tensor<48x72xf16>, %bb: tensor<72xf16>):
    %1 = rt.matmul %a, %ww : (tensor<100x48xf16>, tensor<48x72xf16>) -> tensor<100x72xf16>
    %2 = rt.add %1, %bb : (tensor<100x72xf16>, tensor<72xf16>) -> tensor<100x72xf16>
    rt.yield %2 : tensor<100x72xf16>
  }
  return %0 : tensor<100x72xf16>
}

// -----

// Gemm with transB (weights stored [n][k]): B is staged k-contiguous as
// [n][k] and read by ldmatrix without transposition. A large product takes
// 128x128 tiles and 4 stages.
// CHECK-LABEL: func.func @gemm_transb
// CHECK: rt.launch = array<i64: 12, 16, 1, 128, 1, 1, 81920>
// CHECK-SAME: #rtgpu.gemm<kernel = mma_sync{{.*}}block_m = 128{{.*}}block_n = 128{{.*}}stages = 4
// CHECK: nvgpu.device_async_copy {{.*}} : memref<1536x768xf16> to memref<4x128x40xf16, #gpu.address_space<workgroup>>
// CHECK: nvgpu.ldmatrix %{{.*}} {numTiles = 4 : i32, transpose = false} : memref<4x128x40xf16, #gpu.address_space<workgroup>> -> vector<4x2xf16>
// CHECK-NOT: transpose = true
// CHECK: nvgpu.mma.sync
func.func @gemm_transb(%x: tensor<2048x768xf16>, %w: tensor<1536x768xf16>, %b: tensor<1536xf16>) -> tensor<2048x1536xf16> {
  %0 = rt.fusion_group "fc" kind "gemm"(%x, %w, %b) : (tensor<2048x768xf16>, tensor<1536x768xf16>, tensor<1536xf16>) -> tensor<2048x1536xf16> {
  ^bb0(%a: tensor<2048x768xf16>, %ww: tensor<1536x768xf16>, %bb: tensor<1536xf16>):
    %1 = rt.gemm %a, %ww, %bb {transB = 1 : i64} : (tensor<2048x768xf16>, tensor<1536x768xf16>, tensor<1536xf16>) -> tensor<2048x1536xf16>
    rt.yield %1 : tensor<2048x1536xf16>
  }
  return %0 : tensor<2048x1536xf16>
}

// -----

// Channels-last convolution as an implicit GEMM (M = 2*4*4 pixels, N = 16
// filters, K = 3*3*8): A chunks gather one window tap's 8 channels, zero
// where the tap falls in the padding (source size 0); the filters are
// k-contiguous per output channel.
// CHECK-LABEL: func.func @conv
// CHECK: #rtgpu.gemm<kernel = mma_sync
// CHECK: arith.select %{{.*}}, %c8{{.*}}, %c0{{.*}} : index
// CHECK: nvgpu.device_async_copy {{.*}} : memref<2x8x8x8xf16> to memref<3x64x40xf16, #gpu.address_space<workgroup>>
// CHECK: nvgpu.device_async_copy {{.*}} : memref<16x3x3x8xf16> to memref<3x64x40xf16, #gpu.address_space<workgroup>>
// CHECK: nvgpu.mma.sync
func.func @conv(%x: tensor<2x8x8x8xf16>, %w: tensor<16x3x3x8xf16>, %b: tensor<16xf16>) -> tensor<2x4x4x16xf16> {
  %0 = rt.fusion_group "conv" kind "conv"(%x, %w, %b) {rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3>} : (tensor<2x8x8x8xf16>, tensor<16x3x3x8xf16>, tensor<16xf16>) -> tensor<2x4x4x16xf16> {
  ^bb0(%a: tensor<2x8x8x8xf16>, %ww: tensor<16x3x3x8xf16>, %bb: tensor<16xf16>):
    %1 = rt.conv %a, %ww, %bb {channels_last = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x8x8x8xf16>, tensor<16x3x3x8xf16>, tensor<16xf16>) -> tensor<2x4x4x16xf16>
    %2 = rt.relu %1 : (tensor<2x4x4x16xf16>) -> tensor<2x4x4x16xf16>
    rt.yield %2 : tensor<2x4x4x16xf16>
  }
  return %0 : tensor<2x4x4x16xf16>
}

// -----

// Three input channels (K = 27, not a multiple of 8): both operands are
// staged element by element into the ring; the pipeline is unchanged.
// CHECK-LABEL: func.func @conv_c3
// CHECK: #rtgpu.gemm<kernel = mma_sync
// CHECK-NOT: nvgpu.device_async_copy
// CHECK: memref.store {{.*}} : memref<3x64x40xf16, #gpu.address_space<workgroup>>
// CHECK: memref.store {{.*}} : memref<3x32x72xf16, #gpu.address_space<workgroup>>
// CHECK: nvgpu.device_async_create_group
// CHECK: nvgpu.ldmatrix %{{.*}} {numTiles = 4 : i32, transpose = true}
func.func @conv_c3(%x: tensor<1x8x8x3xf16>, %w: tensor<8x3x3x3xf16>) -> tensor<1x8x8x8xf16> {
  %0 = rt.fusion_group "conv" kind "conv"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3>} : (tensor<1x8x8x3xf16>, tensor<8x3x3x3xf16>) -> tensor<1x8x8x8xf16> {
  ^bb0(%a: tensor<1x8x8x3xf16>, %ww: tensor<8x3x3x3xf16>):
    %1 = rt.conv %a, %ww {channels_last = 1 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x3xf16>, tensor<8x3x3x3xf16>) -> tensor<1x8x8x8xf16>
    rt.yield %1 : tensor<1x8x8x8xf16>
  }
  return %0 : tensor<1x8x8x8xf16>
}

// -----

func.func @one_stage(%x: tensor<32x32xf16>, %w: tensor<32x32xf16>) -> tensor<32x32xf16> {
  // expected-error @+1 {{mma.sync tile 64x64x32 (warps 2x2, stages 1): stages must be 2 to 8}}
  %0 = rt.fusion_group "mm" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2>} : (tensor<32x32xf16>, tensor<32x32xf16>) -> tensor<32x32xf16> {
  ^bb0(%a: tensor<32x32xf16>, %ww: tensor<32x32xf16>):
    %1 = rt.matmul %a, %ww : (tensor<32x32xf16>, tensor<32x32xf16>) -> tensor<32x32xf16>
    rt.yield %1 : tensor<32x32xf16>
  }
  return %0 : tensor<32x32xf16>
}

// -----

func.func @too_much_shared_memory(%x: tensor<32x32xf16>, %w: tensor<32x32xf16>) -> tensor<32x32xf16> {
  // expected-error @+1 {{fusion group 'mm': #rtgpu.gemm<kernel = mma_sync, block_m = 256, block_n = 256, block_k = 64, warps_m = 4, warps_n = 4, stages = 8> needs 589824 bytes of shared memory per block, more than target sm_90's 232448 (227 KiB)}}
  %0 = rt.fusion_group "mm" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 256, block_n = 256, block_k = 64, warps_m = 4, warps_n = 4, stages = 8>} : (tensor<32x32xf16>, tensor<32x32xf16>) -> tensor<32x32xf16> {
  ^bb0(%a: tensor<32x32xf16>, %ww: tensor<32x32xf16>):
    %1 = rt.matmul %a, %ww : (tensor<32x32xf16>, tensor<32x32xf16>) -> tensor<32x32xf16>
    rt.yield %1 : tensor<32x32xf16>
  }
  return %0 : tensor<32x32xf16>
}

// -----

// A batch of products sharing one B is one taller product: 197 products of
// one row (ViT's sequence-first in-projection) become a 197 x 96 product,
// grid 2 x 4 x 1. The output split into heads keeps 8-column chunks
// contiguous (heads of 48), so the epilogue still stores 16 bytes at once.
// CHECK-LABEL: func.func @folded_batch
// CHECK: rt.launch = array<i64: 2, 4, 1, 128, 1, 1, 30720>
// CHECK: gpu.func
// CHECK: nvgpu.device_async_copy {{.*}} : memref<197x1x64xf16> to memref<3x64x40xf16, #gpu.address_space<workgroup>>
// CHECK: vector.store {{.*}} : memref<197x2x48xf16>, vector<8xf16>
func.func @folded_batch(%x: tensor<197x1x64xf16>, %w: tensor<64x96xf16>) -> tensor<197x2x48xf16> {
  %0 = rt.fusion_group "inproj" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3>} : (tensor<197x1x64xf16>, tensor<64x96xf16>) -> tensor<197x2x48xf16> {
  ^bb0(%a: tensor<197x1x64xf16>, %ww: tensor<64x96xf16>):
    %s = rt.constant dense<[197, 2, 48]> : tensor<3xi64>
    %1 = rt.matmul %a, %ww : (tensor<197x1x64xf16>, tensor<64x96xf16>) -> tensor<197x1x96xf16>
    %2 = rt.reshape %1, %s : (tensor<197x1x96xf16>, tensor<3xi64>) -> tensor<197x2x48xf16>
    rt.yield %2 : tensor<197x2x48xf16>
  }
  return %0 : tensor<197x2x48xf16>
}

// -----

// GPT-2 flattens its activations for each Gemm: A is a reshape of the
// kernel input that keeps whole 16-byte chunks per row, so cp.async still
// reads it (the chunk's indices are mapped back through the reshape).
// CHECK-LABEL: func.func @reshaped_a
// CHECK: gpu.func
// CHECK: nvgpu.device_async_copy {{.*}} : memref<2x10x96xf16> to memref<3x64x40xf16, #gpu.address_space<workgroup>>
// CHECK: nvgpu.device_async_copy {{.*}} : memref<96x64xf16> to memref<3x32x72xf16, #gpu.address_space<workgroup>>
func.func @reshaped_a(%x: tensor<2x10x96xf16>, %w: tensor<96x64xf16>) -> tensor<20x64xf16> {
  %0 = rt.fusion_group "fc" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3>} : (tensor<2x10x96xf16>, tensor<96x64xf16>) -> tensor<20x64xf16> {
  ^bb0(%a: tensor<2x10x96xf16>, %ww: tensor<96x64xf16>):
    %s = rt.constant dense<[20, 96]> : tensor<2xi64>
    %r = rt.reshape %a, %s : (tensor<2x10x96xf16>, tensor<2xi64>) -> tensor<20x96xf16>
    %1 = rt.gemm %r, %ww : (tensor<20x96xf16>, tensor<96x64xf16>) -> tensor<20x64xf16>
    rt.yield %1 : tensor<20x64xf16>
  }
  return %0 : tensor<20x64xf16>
}

// -----

// Mixed outputs: the product itself keeps its columns contiguous (one
// 16-byte store), its transpose does not (8 element stores at the mapped
// indices), from the same 8 accumulators.
// CHECK-LABEL: func.func @mixed_outputs
// CHECK: gpu.func @k0_mm(%{{.*}}: memref<16x32xf16>, %{{.*}}: memref<32x16xf16>, %[[OUT:.*]]: memref<16x16xf16>, %[[OUTT:.*]]: memref<16x16xf16>)
// CHECK: vector.load {{.*}} vector<8xf32>
// CHECK: vector.store %{{.*}}, %[[OUT]]
// CHECK-COUNT-8: memref.store %{{.*}}, %[[OUTT]]
func.func @mixed_outputs(%x: tensor<16x32xf16>, %w: tensor<32x16xf16>) -> (tensor<16x16xf16>, tensor<16x16xf16>) {
  %0:2 = rt.fusion_group "mm" kind "gemm"(%x, %w) : (tensor<16x32xf16>, tensor<32x16xf16>) -> (tensor<16x16xf16>, tensor<16x16xf16>) {
  ^bb0(%a: tensor<16x32xf16>, %ww: tensor<32x16xf16>):
    %1 = rt.matmul %a, %ww : (tensor<16x32xf16>, tensor<32x16xf16>) -> tensor<16x16xf16>
    %2 = rt.transpose %1 {perm = array<i64: 1, 0>} : (tensor<16x16xf16>) -> tensor<16x16xf16>
    rt.yield %1, %2 : tensor<16x16xf16>, tensor<16x16xf16>
  }
  return %0#0, %0#1 : tensor<16x16xf16>, tensor<16x16xf16>
}

// -----

// The heuristic: the largest tile that still gives 132 blocks; small
// products (a batch-1 transformer layer: 128 rows), which no tile fills,
// split k (split-k.mlir has more): 32 x 64 tiles, 4 x 12 x 4 = 192 blocks.
// CHECK-LABEL: func.func @heuristic_small
// CHECK: rt.launch = array<i64: 48, 4, 1, 128, 1, 1, 23040>
// CHECK-SAME: rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 32, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3, split_k = 4>
func.func @heuristic_small(%x: tensor<128x768xf16>, %w: tensor<768x768xf16>) -> tensor<128x768xf16> {
  %0 = rt.fusion_group "fc" kind "gemm"(%x, %w) : (tensor<128x768xf16>, tensor<768x768xf16>) -> tensor<128x768xf16> {
  ^bb0(%a: tensor<128x768xf16>, %ww: tensor<768x768xf16>):
    %1 = rt.matmul %a, %ww : (tensor<128x768xf16>, tensor<768x768xf16>) -> tensor<128x768xf16>
    rt.yield %1 : tensor<128x768xf16>
  }
  return %0 : tensor<128x768xf16>
}

// -----

// 512 x 1536 x 768: 48 tiles of 128 x 128, split 4 ways (6 k tiles each).
// CHECK-LABEL: func.func @heuristic_medium
// CHECK: rt.launch = array<i64: 48, 4, 1, 128, 1, 1, 81920>
// CHECK-SAME: #rtgpu.gemm<kernel = mma_sync{{.*}}block_m = 128{{.*}}block_n = 128{{.*}}stages = 4{{.*}}split_k = 4
func.func @heuristic_medium(%x: tensor<512x768xf16>, %w: tensor<768x1536xf16>) -> tensor<512x1536xf16> {
  %0 = rt.fusion_group "fc" kind "gemm"(%x, %w) : (tensor<512x768xf16>, tensor<768x1536xf16>) -> tensor<512x1536xf16> {
  ^bb0(%a: tensor<512x768xf16>, %ww: tensor<768x1536xf16>):
    %1 = rt.matmul %a, %ww : (tensor<512x768xf16>, tensor<768x1536xf16>) -> tensor<512x1536xf16>
    rt.yield %1 : tensor<512x1536xf16>
  }
  return %0 : tensor<512x1536xf16>
}

// -----

// A bias added before views that split the heads (a QKV projection): the
// biased value is computed at the product's indices, its bias 8 columns per
// 16-byte load, then stored through the views 16 bytes at a time.
// CHECK-LABEL: func.func @bias_then_heads
// CHECK: gpu.func
// CHECK: vector.load {{.*}} vector<8xf32>
// CHECK: vector.load %{{.*}} : memref<96xf16>, vector<8xf16>
// CHECK-NOT: memref.load %{{.*}} : memref<96xf16>
// CHECK: vector.store {{.*}} : memref<2x64x48xf16>, vector<8xf16>
func.func @bias_then_heads(%x: tensor<64x48xf16>, %w: tensor<48x96xf16>, %b: tensor<96xf16>) -> tensor<2x64x48xf16> {
  %0 = rt.fusion_group "qkv" kind "gemm"(%x, %w, %b) {rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3>} : (tensor<64x48xf16>, tensor<48x96xf16>, tensor<96xf16>) -> tensor<2x64x48xf16> {
  ^bb0(%a: tensor<64x48xf16>, %ww: tensor<48x96xf16>, %bb: tensor<96xf16>):
    %s = rt.constant dense<[64, 2, 48]> : tensor<3xi64>
    %1 = rt.matmul %a, %ww : (tensor<64x48xf16>, tensor<48x96xf16>) -> tensor<64x96xf16>
    %2 = rt.add %1, %bb : (tensor<64x96xf16>, tensor<96xf16>) -> tensor<64x96xf16>
    %3 = rt.reshape %2, %s : (tensor<64x96xf16>, tensor<3xi64>) -> tensor<64x2x48xf16>
    %4 = rt.transpose %3 {perm = array<i64: 1, 0, 2>} : (tensor<64x2x48xf16>) -> tensor<2x64x48xf16>
    rt.yield %4 : tensor<2x64x48xf16>
  }
  return %0 : tensor<2x64x48xf16>
}
