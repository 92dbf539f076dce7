// RUN: rt-opt %s --rt-generate-kernels="target-arch=sm_90a" --split-input-file --verify-diagnostics | FileCheck %s
// RUN: rt-opt %s --rt-generate-kernels="target-arch=sm_90" --split-input-file --verify-diagnostics | FileCheck %s --check-prefix=SM90
// RUN: rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile={load="cp_async"}' --split-input-file --verify-diagnostics | FileCheck %s --check-prefix=CPASYNC

// Hopper (sm_90a): a product that fills the GPU with 128 x 128 tiles and
// reads both operands k-contiguous (Gemm with transB) takes warpgroup MMA:
// 2 warpgroups, a ring of 5 stages of swizzled [128][64] A and B tiles
// (1024 + 5 * 256 * 64 * 2 = 164864 bytes of shared memory). Both operands
// are kernel inputs, so the ring is filled through TMA by a producer warp
// (288 threads; 5 full and 5 empty mbarriers after the ring: 164944
// bytes); wgmma-tma.mlir checks that kernel. With load = cp_async every
// thread fills the ring with cp.async, 3 tiles ahead of the batch of MMAs
// in flight.
// CHECK-LABEL: func.func @gemm_transb
// CHECK: rt.launch = array<i64: 8, 16, 1, 288, 1, 1, 164944>
// CHECK-SAME: rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 5, load = tma>
// CPASYNC-LABEL: func.func @gemm_transb
// CPASYNC: rt.launch = array<i64: 8, 16, 1, 256, 1, 1, 164864>
// CPASYNC-SAME: rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 5>
// CPASYNC: gpu.func
// The ring starts at a 1024-byte boundary; chunk c of row r goes to c ^ (r % 8).
// CPASYNC: memref.extract_aligned_pointer_as_index
// CPASYNC: arith.xori
// CPASYNC: nvgpu.device_async_copy {{.*}} {bypassL1} : memref<2048x768xf16> to memref<5x128x64xf16, #gpu.address_space<workgroup>>
// CPASYNC: nvgpu.device_async_copy {{.*}} {bypassL1} : memref<1024x768xf16> to memref<5x128x64xf16, #gpu.address_space<workgroup>>
// CPASYNC: scf.for {{.*}} iter_args({{.*}}) -> (!llvm.struct<(f32, f32,
// CPASYNC: nvgpu.device_async_wait %{{.*}} {numGroups = 2 : i32}
// CPASYNC-NEXT: nvvm.fence.proxy {kind = #nvvm.proxy_kind<async.shared>, space = #nvvm.shared_space<cta>}
// CPASYNC-NEXT: gpu.barrier
// CPASYNC: nvvm.wgmma.fence.aligned
// CPASYNC-COUNT-4: nvvm.wgmma.mma_async {{.*}}, <m = 64, n = 128, k = 16>, D[<f32>, <one>], A[<f16>, <one>, <row>], B[<f16>, <one>, <col>]
// CPASYNC: nvvm.wgmma.commit.group.sync.aligned
// CPASYNC: nvvm.wgmma.wait.group.sync.aligned 1
// CPASYNC: scf.yield
// CPASYNC: nvvm.wgmma.wait.group.sync.aligned 0
// CPASYNC: llvm.extractvalue
// CPASYNC: vector.store {{.*}} : memref<128x132xf32, #gpu.address_space<workgroup>>, vector<2xf32>
// The epilogue takes 8 columns per thread: 8 accumulators, and the bias of
// the 8 columns with one 16-byte load.
// CPASYNC: %[[ACC:.+]] = vector.load {{.*}} : memref<128x132xf32, #gpu.address_space<workgroup>>, vector<8xf32>
// CPASYNC: %[[BIAS:.+]] = vector.load %arg2[%{{.+}}] {alignment = 16 : i64} : memref<1024xf16>, vector<8xf16>
// CPASYNC: vector.extract %[[BIAS]][0]
// CPASYNC: vector.extract %[[BIAS]][7]
// CPASYNC-NOT: memref.load %arg2
// CPASYNC: vector.store {{.*}} : memref<2048x1024xf16>, vector<8xf16>
// SM90-LABEL: func.func @gemm_transb
// SM90: #rtgpu.gemm<kernel = mma_sync
func.func @gemm_transb(%x: tensor<2048x768xf16>, %w: tensor<1024x768xf16>, %b: tensor<1024xf16>) -> tensor<2048x1024xf16> {
  %0 = rt.fusion_group "fc" kind "gemm"(%x, %w, %b) : (tensor<2048x768xf16>, tensor<1024x768xf16>, tensor<1024xf16>) -> tensor<2048x1024xf16> {
  ^bb0(%a: tensor<2048x768xf16>, %ww: tensor<1024x768xf16>, %bb: tensor<1024xf16>):
    %1 = rt.gemm %a, %ww, %bb {transB = 1 : i64} : (tensor<2048x768xf16>, tensor<1024x768xf16>, tensor<1024xf16>) -> tensor<2048x1024xf16>
    %2 = rt.relu %1 : (tensor<2048x1024xf16>) -> tensor<2048x1024xf16>
    rt.yield %2 : tensor<2048x1024xf16>
  }
  return %0 : tensor<2048x1024xf16>
}

// -----

// Wide products take 128 x 256 tiles (m64n256 per warpgroup), 4 stages:
// 1024 + 4 * 384 * 64 * 2 = 197632 bytes. (Deeper than 1024: the shorter
// products with enough tiles take the ping-pong schedule, @short_k below.)
// CHECK-LABEL: func.func @wide
// CHECK: rt.launch = array<i64: 12, 32, 1, 288, 1, 1, 197696>
// CHECK-SAME: #rtgpu.gemm<kernel = wgmma{{.*}}block_n = 256{{.*}}stages = 4{{.*}}load = tma
// CHECK-COUNT-4: nvvm.wgmma.mma_async {{.*}}, <m = 64, n = 256, k = 16>
// SM90-LABEL: func.func @wide
// SM90: #rtgpu.gemm<kernel = mma_sync
func.func @wide(%x: tensor<4096x1536xf16>, %w: tensor<3072x1536xf16>) -> tensor<4096x3072xf16> {
  %0 = rt.fusion_group "fc" kind "gemm"(%x, %w) : (tensor<4096x1536xf16>, tensor<3072x1536xf16>) -> tensor<4096x3072xf16> {
  ^bb0(%a: tensor<4096x1536xf16>, %ww: tensor<3072x1536xf16>):
    %1 = rt.gemm %a, %ww {transB = 1 : i64} : (tensor<4096x1536xf16>, tensor<3072x1536xf16>) -> tensor<4096x3072xf16>
    rt.yield %1 : tensor<4096x3072xf16>
  }
  return %0 : tensor<4096x3072xf16>
}

// -----

// 768 columns of 4096 rows (BERT-base batch 32; too few tiles, 192, for
// two a block in the ping-pong schedule): 128 x 256 tiles would be
// 96 blocks (a wave 73% full on 132 SMs), 128 x 128 ones 192 (2 waves, the
// second 45% full); 128 x 192 tiles are 128 blocks, one wave 97% full.
// 1024 + 4 * 320 * 64 * 2 = 164864 bytes.
// CHECK-LABEL: func.func @wave_fill
// CHECK: rt.launch = array<i64: 4, 32, 1, 288, 1, 1, 164928>
// CHECK-SAME: #rtgpu.gemm<kernel = wgmma{{.*}}block_n = 192{{.*}}stages = 4{{.*}}load = tma
// CHECK-COUNT-4: nvvm.wgmma.mma_async {{.*}}, <m = 64, n = 192, k = 16>
// SM90-LABEL: func.func @wave_fill
func.func @wave_fill(%x: tensor<4096x768xf16>, %w: tensor<768x768xf16>) -> tensor<4096x768xf16> {
  %0 = rt.fusion_group "fc" kind "gemm"(%x, %w) : (tensor<4096x768xf16>, tensor<768x768xf16>) -> tensor<4096x768xf16> {
  ^bb0(%a: tensor<4096x768xf16>, %ww: tensor<768x768xf16>):
    %1 = rt.gemm %a, %ww {transB = 1 : i64} : (tensor<4096x768xf16>, tensor<768x768xf16>) -> tensor<4096x768xf16>
    rt.yield %1 : tensor<4096x768xf16>
  }
  return %0 : tensor<4096x768xf16>
}

// -----

// The wide product with an erf GELU epilogue (transcendental per element)
// takes 128 x 128 tiles with 3 stages (99328 bytes): two blocks per SM, one
// block's epilogue under the other's main loop.
// CHECK-LABEL: func.func @wide_gelu
// CHECK: rt.launch = array<i64: 24, 32, 1, 288, 1, 1, 99376>
// CHECK-SAME: #rtgpu.gemm<kernel = wgmma{{.*}}block_n = 128{{.*}}stages = 3{{.*}}load = tma
// CHECK: gpu.func @k{{[0-9]+}}_fc
// CHECK-SAME: nvvm.minctasm = 2 : i32
// SM90-LABEL: func.func @wide_gelu
func.func @wide_gelu(%x: tensor<4096x1536xf16>, %w: tensor<3072x1536xf16>) -> tensor<4096x3072xf16> {
  %0 = rt.fusion_group "fc" kind "gemm"(%x, %w) : (tensor<4096x1536xf16>, tensor<3072x1536xf16>) -> tensor<4096x3072xf16> {
  ^bb0(%a: tensor<4096x1536xf16>, %ww: tensor<3072x1536xf16>):
    %1 = rt.gemm %a, %ww {transB = 1 : i64} : (tensor<4096x1536xf16>, tensor<3072x1536xf16>) -> tensor<4096x3072xf16>
    %2 = rt.erf %1 : (tensor<4096x3072xf16>) -> tensor<4096x3072xf16>
    %3 = rt.mul %1, %2 : (tensor<4096x3072xf16>, tensor<4096x3072xf16>) -> tensor<4096x3072xf16>
    rt.yield %3 : tensor<4096x3072xf16>
  }
  return %0 : tensor<4096x3072xf16>
}

// -----

// rt.gelu (what rt-fuse-gelu makes of the exporters' GELU) is cheap on the
// GPU (one exp2 and a fast reciprocal), but with the operands fed through
// TMA two 128 x 128 blocks per SM (one block's epilogue under the other's
// main loop) beat one 128 x 256 block (past 1024-deep products).
// CHECK-LABEL: func.func @wide_rt_gelu
// CHECK: rt.launch = array<i64: 24, 32, 1, 288, 1, 1, 99376>
// CHECK-SAME: #rtgpu.gemm<kernel = wgmma{{.*}}block_n = 128{{.*}}stages = 3{{.*}}load = tma
// CHECK: gpu.func @k{{[0-9]+}}_fc
// CHECK-SAME: nvvm.minctasm = 2 : i32
// CHECK: math.exp2
// SM90-LABEL: func.func @wide_rt_gelu
func.func @wide_rt_gelu(%x: tensor<4096x1536xf16>, %w: tensor<3072x1536xf16>) -> tensor<4096x3072xf16> {
  %0 = rt.fusion_group "fc" kind "gemm"(%x, %w) : (tensor<4096x1536xf16>, tensor<3072x1536xf16>) -> tensor<4096x3072xf16> {
  ^bb0(%a: tensor<4096x1536xf16>, %ww: tensor<3072x1536xf16>):
    %1 = rt.gemm %a, %ww {transB = 1 : i64} : (tensor<4096x1536xf16>, tensor<3072x1536xf16>) -> tensor<4096x3072xf16>
    %2 = rt.gelu %1 {approximate = "tanh"} : (tensor<4096x3072xf16>) -> tensor<4096x3072xf16>
    rt.yield %2 : tensor<4096x3072xf16>
  }
  return %0 : tensor<4096x3072xf16>
}

// -----

// 768-deep products (BERT's and ViT's QKV and MLP input) with at least two
// 128 x 128 tiles for each of the 132 blocks take the persistent ping-pong
// schedule: a block per SM, 128 x 128 tiles, 4 stages, one warpgroup's
// epilogue (here rt.gelu) under the other's main loop.
// CHECK-LABEL: func.func @short_k
// CHECK: rt.launch = array<i64: 132, 1, 1, 288, 1, 1, 199760>
// CHECK-SAME: #rtgpu.gemm<kernel = wgmma{{.*}}block_n = 128{{.*}}stages = 4{{.*}}load = tma{{.*}}schedule = pingpong
// CHECK: math.exp2
// SM90-LABEL: func.func @short_k
// SM90: #rtgpu.gemm<kernel = mma_sync
func.func @short_k(%x: tensor<4096x768xf16>, %w: tensor<3072x768xf16>) -> tensor<4096x3072xf16> {
  %0 = rt.fusion_group "fc" kind "gemm"(%x, %w) : (tensor<4096x768xf16>, tensor<3072x768xf16>) -> tensor<4096x3072xf16> {
  ^bb0(%a: tensor<4096x768xf16>, %ww: tensor<3072x768xf16>):
    %1 = rt.gemm %a, %ww {transB = 1 : i64} : (tensor<4096x768xf16>, tensor<3072x768xf16>) -> tensor<4096x3072xf16>
    %2 = rt.gelu %1 {approximate = "tanh"} : (tensor<4096x3072xf16>) -> tensor<4096x3072xf16>
    rt.yield %2 : tensor<4096x3072xf16>
  }
  return %0 : tensor<4096x3072xf16>
}

// -----

// Narrow products (64 filters of a channel-padded stem convolution) take
// 128 x 64 tiles; K = 72 is two k steps, so 3 stages (the pipeline's
// least) rather than 5: 1024 + 3 * 192 * 64 * 2 = 74752 bytes, small
// enough for two blocks per SM (nvvm.minctasm = 2).
// CHECK-LABEL: func.func @narrow_conv
// CHECK: rt.launch = array<i64: 1, 196, 1, 256, 1, 1, 74752>
// CHECK-SAME: #rtgpu.gemm<kernel = wgmma{{.*}}block_n = 64{{.*}}stages = 3
// CHECK: gpu.func @k0_stem
// CHECK-SAME: nvvm.minctasm = 2 : i32
// CHECK: nvgpu.device_async_copy {{.*}} : memref<32x56x56x8xf16> to memref<3x128x64xf16, #gpu.address_space<workgroup>>
// CHECK-COUNT-4: nvvm.wgmma.mma_async {{.*}}, <m = 64, n = 64, k = 16>
func.func @narrow_conv(%x: tensor<32x56x56x8xf16>, %w: tensor<64x3x3x8xf16>) -> tensor<32x28x28x64xf16> {
  %0 = rt.fusion_group "stem" kind "conv"(%x, %w) : (tensor<32x56x56x8xf16>, tensor<64x3x3x8xf16>) -> tensor<32x28x28x64xf16> {
  ^bb0(%a: tensor<32x56x56x8xf16>, %ww: tensor<64x3x3x8xf16>):
    %1 = rt.conv %a, %ww {channels_last = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<32x56x56x8xf16>, tensor<64x3x3x8xf16>) -> tensor<32x28x28x64xf16>
    %2 = rt.relu %1 : (tensor<32x28x28x64xf16>) -> tensor<32x28x28x64xf16>
    rt.yield %2 : tensor<32x28x28x64xf16>
  }
  return %0 : tensor<32x28x28x64xf16>
}

// -----

// Constant [k][n] MatMul weights are stored transposed ([n][k]) for
// sm_90a and transposed back inside the group, where the GEMM reads them
// as the k-contiguous operand (here through mma.sync: a small product).
// CHECK-LABEL: func.func @constant_weights
// CHECK: %[[W:.*]] = rt.constant dense_resource<weight_nk> : tensor<16x32xf16>
// CHECK: rt.fusion_group "mm" kind "gemm"(%{{.*}}, %[[W]])
// CHECK: ^bb0(%{{.*}}: tensor<8x32xf16>, %[[ARG:.*]]: tensor<16x32xf16>):
// CHECK-NEXT: %[[T:.*]] = rt.transpose %[[ARG]] {perm = array<i64: 1, 0>}
// CHECK: rt.matmul %{{.*}}, %[[T]]
// CHECK: nvgpu.device_async_copy {{.*}} : memref<16x32xf16> to memref<3x32x40xf16, #gpu.address_space<workgroup>>
// SM90-LABEL: func.func @constant_weights
// SM90: rt.fusion_group "mm" kind "gemm"(%{{.*}}, %{{.*}}) {{.*}} : (tensor<8x32xf16>, tensor<32x16xf16>)
// SM90: transpose = true
func.func @constant_weights(%x: tensor<8x32xf16>) -> tensor<8x16xf16> {
  %0 = rt.fusion_group "mm" kind "gemm"(%x) : (tensor<8x32xf16>) -> tensor<8x16xf16> {
  ^bb0(%a: tensor<8x32xf16>):
    %w = rt.constant dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0], [2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0], [6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0], [3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0], [2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0], [6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0], [3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0], [2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0], [6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0], [3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0], [2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0], [6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0], [3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0], [2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0], [6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0]]> : tensor<32x16xf16>
    %1 = rt.matmul %a, %w : (tensor<8x32xf16>, tensor<32x16xf16>) -> tensor<8x16xf16>
    rt.yield %1 : tensor<8x16xf16>
  }
  return %0 : tensor<8x16xf16>
}
