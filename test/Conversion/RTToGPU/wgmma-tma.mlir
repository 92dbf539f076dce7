// RUN: rt-opt %s --rt-generate-kernels="target-arch=sm_90a" --split-input-file --verify-diagnostics | FileCheck %s

// A GEMM whose operands are kernel inputs, k-contiguous (A [m][k], B
// [n][k]), loads them through TMA: two tensor-map parameters after the
// buffers (rt.tensor_map_args; rt-lower-tensor-map-params passes them by
// value), described on the group for the engine (dims and byte strides
// innermost first, [64][rows] boxes, 128-byte swizzle, 256-byte L2
// promotion). 288 threads: two consumer warpgroups and a producer warp.
// CHECK-LABEL: func.func @gemm_tma
// CHECK: rt.launch = array<i64: 8, 16, 1, 288, 1, 1, 164944>
// CHECK-SAME: rt.tensor_maps = [{arg = 0 : i64, box = array<i64: 64, 128>, dims = array<i64: 768, 2048>, l2_promotion = 3 : i64, strides = array<i64: 1536>, swizzle = 3 : i64}, {arg = 1 : i64, box = array<i64: 64, 128>, dims = array<i64: 768, 1024>, l2_promotion = 3 : i64, strides = array<i64: 1536>, swizzle = 3 : i64}]
// CHECK-SAME: load = tma
// CHECK: gpu.func @k0_fc(%{{.*}}: memref<2048x768xf16>, %{{.*}}: memref<1024x768xf16>, %{{.*}}: memref<1024xf16>, %{{.*}}: memref<2048x1024xf16>, %[[MA:.*]]: !llvm.ptr, %[[MB:.*]]: !llvm.ptr) kernel
// CHECK-SAME: rt.tensor_map_args = array<i32: 4, 5>
// Thread 0 sets up a full (1 arrival: the producer's, plus the bytes) and
// an empty (256 arrivals: every consumer thread) barrier per stage.
// CHECK-COUNT-5: nvvm.mbarrier.init %{{.*}}, %{{.*}} : !llvm.ptr<3>, i32
// CHECK: nvvm.fence.mbarrier.init
// CHECK: gpu.barrier
// The role comes from the warp index broadcast from lane 0.
// CHECK: gpu.shuffle  idx
// CHECK: %[[ACC:.*]] = scf.if %{{.*}} -> (!llvm.struct<(f32,
// Producer: wait until the slot is free, expect 32 KiB, load both tiles.
// CHECK: nvvm.prefetch tensormap, %[[MA]]
// CHECK: scf.for
// CHECK: nvvm.mbarrier.try_wait.parity
// CHECK: nvvm.mbarrier.arrive.expect_tx
// CHECK: nvvm.cp.async.bulk.tensor.shared.cluster.global %{{.*}}, %[[MA]], %{{.*}}, box[%{{.*}}, %{{.*}}]
// CHECK: nvvm.cp.async.bulk.tensor.shared.cluster.global %{{.*}}, %[[MB]], %{{.*}}, box[%{{.*}}, %{{.*}}]
// Consumers: wait until the slot is full, multiply, release the slot of
// the batch before once it has retired.
// CHECK: } else {
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (!llvm.struct<(f32,
// CHECK: nvvm.mbarrier.try_wait.parity
// CHECK: nvvm.wgmma.fence.aligned
// CHECK-COUNT-4: nvvm.wgmma.mma_async {{.*}}, <m = 64, n = 128, k = 16>
// CHECK: nvvm.wgmma.commit.group.sync.aligned
// CHECK: nvvm.wgmma.wait.group.sync.aligned 1
// CHECK: nvvm.mbarrier.arrive
// CHECK: nvvm.wgmma.wait.group.sync.aligned 0
// CHECK: gpu.barrier
// CHECK: llvm.extractvalue %[[ACC]]
func.func @gemm_tma(%x: tensor<2048x768xf16>, %w: tensor<1024x768xf16>, %b: tensor<1024xf16>) -> tensor<2048x1024xf16> {
  %0 = rt.fusion_group "fc" kind "gemm"(%x, %w, %b) : (tensor<2048x768xf16>, tensor<1024x768xf16>, tensor<1024xf16>) -> tensor<2048x1024xf16> {
  ^bb0(%a: tensor<2048x768xf16>, %ww: tensor<1024x768xf16>, %bb: tensor<1024xf16>):
    %1 = rt.gemm %a, %ww, %bb {transB = 1 : i64} : (tensor<2048x768xf16>, tensor<1024x768xf16>, tensor<1024xf16>) -> tensor<2048x1024xf16>
    rt.yield %1 : tensor<2048x1024xf16>
  }
  return %0 : tensor<2048x1024xf16>
}

// -----

// A shallow product (k = 256) keeps the cp.async ring.
// CHECK-LABEL: func.func @shallow
// CHECK-NOT: rt.tensor_maps
// CHECK: #rtgpu.gemm<kernel = wgmma
// CHECK-NOT: load = tma
// CHECK: return
func.func @shallow(%x: tensor<8192x256xf16>, %w: tensor<1024x256xf16>) -> tensor<8192x1024xf16> {
  %0 = rt.fusion_group "fc" kind "gemm"(%x, %w) : (tensor<8192x256xf16>, tensor<1024x256xf16>) -> tensor<8192x1024xf16> {
  ^bb0(%a: tensor<8192x256xf16>, %ww: tensor<1024x256xf16>):
    %1 = rt.gemm %a, %ww {transB = 1 : i64} : (tensor<8192x256xf16>, tensor<1024x256xf16>) -> tensor<8192x1024xf16>
    rt.yield %1 : tensor<8192x1024xf16>
  }
  return %0 : tensor<8192x1024xf16>
}

// -----

// A recorded TMA tile on a 3x3 convolution of 32 channels (a 64-deep k
// tile would span two filter taps, which no im2col load reads) is an
// error.
func.func @conv_tma(%x: tensor<32x56x56x32xf16>, %w: tensor<256x3x3x32xf16>) -> tensor<32x56x56x256xf16> {
  // expected-error @+1 {{fusion group 'c': TMA loads need both operands as k-contiguous kernel inputs (a MatMul or Gemm with constant or transposed B, a channels-last 1x1 convolution with unit strides and no padding, or a channels-last convolution with a multiple of 64 channels whose window an im2col map can walk; k a multiple of 8, no batch); use load = cp_async}}
  %0 = rt.fusion_group "c" kind "conv"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4, load = tma>} : (tensor<32x56x56x32xf16>, tensor<256x3x3x32xf16>) -> tensor<32x56x56x256xf16> {
  ^bb0(%a: tensor<32x56x56x32xf16>, %ww: tensor<256x3x3x32xf16>):
    %1 = rt.conv %a, %ww {channels_last = 1 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<32x56x56x32xf16>, tensor<256x3x3x32xf16>) -> tensor<32x56x56x256xf16>
    rt.yield %1 : tensor<32x56x56x256xf16>
  }
  return %0 : tensor<32x56x56x256xf16>
}

// -----

// A 3x3 convolution of 64 channels with a tile that says load = tma
// (which the heuristic also chooses: @conv3x3_default) reads its input
// through an im2col map:
// the channels-last input {C, W, H, N}, 128 output pixels of 64 channels a
// load, the bounding box of the first filter tap from (-1, -1) (the
// padding) to (-1, -1) past the last pixel (padding less the window's
// reach), traversal strides of the convolution's. Its filters are the
// tiled map [out][kh * kw * c]. The producer's load names the channel
// block and the window's first pixel {c, w, h, n} and the filter tap as
// im2col offsets {kw, kh} (i16).
// CHECK-LABEL: func.func @conv3x3_im2col
// CHECK: rt.tensor_maps = [{arg = 0 : i64, channels_per_pixel = 64 : i64, dims = array<i64: 64, 56, 56, 32>, element_strides = array<i64: 1, 1, 1, 1>, l2_promotion = 3 : i64, lower_corner = array<i64: -1, -1>, mode = "im2col", pixels_per_column = 128 : i64, strides = array<i64: 128, 7168, 401408>, swizzle = 3 : i64, upper_corner = array<i64: -1, -1>}, {arg = 1 : i64, box = array<i64: 64, 128>, dims = array<i64: 576, 256>, l2_promotion = 3 : i64, strides = array<i64: 1152>, swizzle = 3 : i64}]
// CHECK-SAME: load = tma
// CHECK: gpu.func @k0_c
// CHECK: arith.index_castui {{.*}} : index to i16
// CHECK: arith.index_castui {{.*}} : index to i16
// CHECK: nvvm.cp.async.bulk.tensor.shared.cluster.global %{{.*}}, %{{.*}}, %{{.*}}, box[%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] im2col[%{{.*}}, %{{.*}}] {mode = #nvvm.tma_load_mode<im2col>}
// CHECK: nvvm.cp.async.bulk.tensor.shared.cluster.global %{{.*}}, %{{.*}}, %{{.*}}, box[%{{.*}}, %{{.*}}] :
func.func @conv3x3_im2col(%x: tensor<32x56x56x64xf16>, %w: tensor<256x3x3x64xf16>) -> tensor<32x56x56x256xf16> {
  %0 = rt.fusion_group "c" kind "conv"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4, load = tma>} : (tensor<32x56x56x64xf16>, tensor<256x3x3x64xf16>) -> tensor<32x56x56x256xf16> {
  ^bb0(%a: tensor<32x56x56x64xf16>, %ww: tensor<256x3x3x64xf16>):
    %1 = rt.conv %a, %ww {channels_last = 1 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<32x56x56x64xf16>, tensor<256x3x3x64xf16>) -> tensor<32x56x56x256xf16>
    rt.yield %1 : tensor<32x56x56x256xf16>
  }
  return %0 : tensor<32x56x56x256xf16>
}

// -----

// Without a recorded tile, the heuristic reads a windowed convolution's
// input through an im2col map too; a tile that says load = cp_async
// keeps it on the cp.async ring.
// CHECK-LABEL: func.func @conv3x3_default
// CHECK: rt.tensor_maps = [{arg = 0 : i64, {{.*}}mode = "im2col"
// CHECK-SAME: load = tma
// CHECK-LABEL: func.func @conv3x3_cp_async
// CHECK-NOT: rt.tensor_maps
// CHECK: #rtgpu.gemm<kernel = wgmma
// CHECK-NOT: load = tma
// CHECK: return
func.func @conv3x3_default(%x: tensor<32x56x56x64xf16>, %w: tensor<256x3x3x64xf16>) -> tensor<32x56x56x256xf16> {
  %0 = rt.fusion_group "c" kind "conv"(%x, %w) : (tensor<32x56x56x64xf16>, tensor<256x3x3x64xf16>) -> tensor<32x56x56x256xf16> {
  ^bb0(%a: tensor<32x56x56x64xf16>, %ww: tensor<256x3x3x64xf16>):
    %1 = rt.conv %a, %ww {channels_last = 1 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<32x56x56x64xf16>, tensor<256x3x3x64xf16>) -> tensor<32x56x56x256xf16>
    rt.yield %1 : tensor<32x56x56x256xf16>
  }
  return %0 : tensor<32x56x56x256xf16>
}
func.func @conv3x3_cp_async(%x: tensor<32x56x56x64xf16>, %w: tensor<256x3x3x64xf16>) -> tensor<32x56x56x256xf16> {
  %0 = rt.fusion_group "c" kind "conv"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4>} : (tensor<32x56x56x64xf16>, tensor<256x3x3x64xf16>) -> tensor<32x56x56x256xf16> {
  ^bb0(%a: tensor<32x56x56x64xf16>, %ww: tensor<256x3x3x64xf16>):
    %1 = rt.conv %a, %ww {channels_last = 1 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<32x56x56x64xf16>, tensor<256x3x3x64xf16>) -> tensor<32x56x56x256xf16>
    rt.yield %1 : tensor<32x56x56x256xf16>
  }
  return %0 : tensor<32x56x56x256xf16>
}

// -----

// Strides, dilations and asymmetric padding: stride 2 walks every other
// pixel (element_strides {1, 2, 2, 1}); dilation 2 reaches 4 pixels, so
// the upper corners are the bottom/right padding less 4 (W: 3 - 4, H:
// 0 - 4); the lower corners are minus the top/left padding (W: -1, H: -2).
// CHECK-LABEL: func.func @conv_im2col_strided_dilated
// CHECK: rt.tensor_maps = [{arg = 0 : i64, channels_per_pixel = 64 : i64, dims = array<i64: 128, 61, 63, 32>, element_strides = array<i64: 1, 2, 2, 1>, l2_promotion = 3 : i64, lower_corner = array<i64: -1, -2>, mode = "im2col", pixels_per_column = 128 : i64, strides = array<i64: 256, 15616, 983808>, swizzle = 3 : i64, upper_corner = array<i64: -1, -4>}
func.func @conv_im2col_strided_dilated(%x: tensor<32x63x61x128xf16>, %w: tensor<256x3x3x128xf16>) -> tensor<32x31x31x256xf16> {
  %0 = rt.fusion_group "c" kind "conv"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4, load = tma>} : (tensor<32x63x61x128xf16>, tensor<256x3x3x128xf16>) -> tensor<32x31x31x256xf16> {
  ^bb0(%a: tensor<32x63x61x128xf16>, %ww: tensor<256x3x3x128xf16>):
    %1 = rt.conv %a, %ww {channels_last = 1 : i64, dilations = array<i64: 2, 2>, pads = array<i64: 2, 1, 0, 3>, strides = array<i64: 2, 2>} : (tensor<32x63x61x128xf16>, tensor<256x3x3x128xf16>) -> tensor<32x31x31x256xf16>
    rt.yield %1 : tensor<32x31x31x256xf16>
  }
  return %0 : tensor<32x31x31x256xf16>
}

// -----

func.func @mma_tma(%x: tensor<256x64xf16>, %w: tensor<64x64xf16>) -> tensor<256x64xf16> {
  // expected-error @+1 {{GEMM tile: load = tma is only for the wgmma kernel}}
  %0 = rt.fusion_group "mm" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3, load = tma>} : (tensor<256x64xf16>, tensor<64x64xf16>) -> tensor<256x64xf16> {
  ^bb0(%a: tensor<256x64xf16>, %ww: tensor<64x64xf16>):
    %1 = rt.gemm %a, %ww {transB = 1 : i64} : (tensor<256x64xf16>, tensor<64x64xf16>) -> tensor<256x64xf16>
    rt.yield %1 : tensor<256x64xf16>
  }
  return %0 : tensor<256x64xf16>
}

// -----

func.func @load_not_string(%x: tensor<256x64xf16>, %w: tensor<64x64xf16>) -> tensor<256x64xf16> {
  // expected-error @+2 {{expected a load (cp_async, tma)}}
  // expected-error @+1 {{failed to parse RTGPU_GemmStrategyAttr parameter 'load'}}
  %0 = rt.fusion_group "mm" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4, load = 1>} : (tensor<256x64xf16>, tensor<64x64xf16>) -> tensor<256x64xf16> {
  ^bb0(%a: tensor<256x64xf16>, %ww: tensor<64x64xf16>):
    %1 = rt.gemm %a, %ww {transB = 1 : i64} : (tensor<256x64xf16>, tensor<64x64xf16>) -> tensor<256x64xf16>
    rt.yield %1 : tensor<256x64xf16>
  }
  return %0 : tensor<256x64xf16>
}

// -----

// A channels-last 1x1 convolution with unit strides and no padding is a
// GEMM over [n * h * w][c] inputs and [out][c] filters: TMA.
// CHECK-LABEL: func.func @conv1x1
// CHECK: rt.tensor_maps = [{arg = 0 : i64, box = array<i64: 64, 128>, dims = array<i64: 384, 6272>, l2_promotion = 3 : i64, strides = array<i64: 768>, swizzle = 3 : i64}, {arg = 1 : i64, box = array<i64: 64, 128>, dims = array<i64: 384, 512>, l2_promotion = 3 : i64, strides = array<i64: 768>, swizzle = 3 : i64}]
// CHECK-SAME: load = tma
func.func @conv1x1(%x: tensor<32x14x14x384xf16>, %w: tensor<512x1x1x384xf16>) -> tensor<32x14x14x512xf16> {
  %0 = rt.fusion_group "c" kind "conv"(%x, %w) : (tensor<32x14x14x384xf16>, tensor<512x1x1x384xf16>) -> tensor<32x14x14x512xf16> {
  ^bb0(%a: tensor<32x14x14x384xf16>, %ww: tensor<512x1x1x384xf16>):
    %1 = rt.conv %a, %ww {channels_last = 1 : i64} : (tensor<32x14x14x384xf16>, tensor<512x1x1x384xf16>) -> tensor<32x14x14x512xf16>
    rt.yield %1 : tensor<32x14x14x512xf16>
  }
  return %0 : tensor<32x14x14x512xf16>
}

// -----

// A strided one's rows skip pixels: with load = tma, an im2col map walks
// them (traversal stride 2, no window).
// CHECK-LABEL: func.func @conv1x1_strided
// CHECK: mode = "im2col"
// CHECK-SAME: load = tma
func.func @conv1x1_strided(%x: tensor<32x28x28x384xf16>, %w: tensor<512x1x1x384xf16>) -> tensor<32x14x14x512xf16> {
  %0 = rt.fusion_group "c" kind "conv"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4, load = tma>} : (tensor<32x28x28x384xf16>, tensor<512x1x1x384xf16>) -> tensor<32x14x14x512xf16> {
  ^bb0(%a: tensor<32x28x28x384xf16>, %ww: tensor<512x1x1x384xf16>):
    %1 = rt.conv %a, %ww {channels_last = 1 : i64, strides = array<i64: 2, 2>} : (tensor<32x28x28x384xf16>, tensor<512x1x1x384xf16>) -> tensor<32x14x14x512xf16>
    rt.yield %1 : tensor<32x14x14x512xf16>
  }
  return %0 : tensor<32x14x14x512xf16>
}

// -----

// The persistent ping-pong schedule (recorded; not the heuristic's): a
// block per SM (min(tiles, 132): 132 blocks for 32 x 8 = 256 tiles), the
// producer looping over the block's tiles, two warpgroups
// taking alternate tiles, each waiting for its turn (two more mbarriers)
// before its first k step and passing it on after its last batch, and
// running the epilogue through its own [64][132] staging tile between
// named barriers of its 128 threads. 1024 + 4 * 256 * 128 + 2 * 64 * 132 *
// 4 + 16 * 4 + 16 = 199760 bytes.
// CHECK-LABEL: func.func @pingpong
// CHECK: rt.launch = array<i64: 132, 1, 1, 288, 1, 1, 199760>
// CHECK-SAME: schedule = pingpong
// CHECK: gpu.func @k0_fc
// CHECK-COUNT-10: nvvm.mbarrier.init %{{.*}}, %{{.*}} : !llvm.ptr<3>, i32
// CHECK: nvvm.fence.mbarrier.init
// CHECK: scf.if
// CHECK: scf.for
// CHECK: nvvm.cp.async.bulk.tensor.shared.cluster.global
// CHECK: } else {
// CHECK: memref.view {{.*}} to memref<64x132xf32, #gpu.address_space<workgroup>>
// CHECK: scf.for
// CHECK: nvvm.mbarrier.try_wait.parity
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (!llvm.struct<(f32, {{.*}}>, !llvm.struct<(f32,
// CHECK-COUNT-8: nvvm.wgmma.mma_async {{.*}}, <m = 64, n = 128, k = 16>
// CHECK: nvvm.wgmma.wait.group.sync.aligned 0
// CHECK: nvvm.mbarrier.arrive
// CHECK: nvvm.mbarrier.arrive
// CHECK: nvvm.barrier id = %{{.*}} number_of_threads = %{{.*}}
// CHECK: vector.store {{.*}} : memref<4096x1024xf16>, vector<8xf16>
// CHECK: nvvm.barrier id = %{{.*}} number_of_threads = %{{.*}}
// CHECK: gpu.return
func.func @pingpong(%x: tensor<4096x768xf16>, %w: tensor<1024x768xf16>) -> tensor<4096x1024xf16> {
  %0 = rt.fusion_group "fc" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4, load = tma, schedule = pingpong>} : (tensor<4096x768xf16>, tensor<1024x768xf16>) -> tensor<4096x1024xf16> {
  ^bb0(%a: tensor<4096x768xf16>, %ww: tensor<1024x768xf16>):
    %1 = rt.gemm %a, %ww {transB = 1 : i64} : (tensor<4096x768xf16>, tensor<1024x768xf16>) -> tensor<4096x1024xf16>
    rt.yield %1 : tensor<4096x1024xf16>
  }
  return %0 : tensor<4096x1024xf16>
}

// -----

func.func @pingpong_cp_async(%x: tensor<256x64xf16>, %w: tensor<64x64xf16>) -> tensor<256x64xf16> {
  // expected-error @+1 {{GEMM tile: schedule = pingpong needs load = tma}}
  %0 = rt.fusion_group "mm" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4, schedule = pingpong>} : (tensor<256x64xf16>, tensor<64x64xf16>) -> tensor<256x64xf16> {
  ^bb0(%a: tensor<256x64xf16>, %ww: tensor<64x64xf16>):
    %1 = rt.gemm %a, %ww {transB = 1 : i64} : (tensor<256x64xf16>, tensor<64x64xf16>) -> tensor<256x64xf16>
    rt.yield %1 : tensor<256x64xf16>
  }
  return %0 : tensor<256x64xf16>
}

// -----

func.func @bad_schedule(%x: tensor<256x64xf16>, %w: tensor<64x64xf16>) -> tensor<256x64xf16> {
  // expected-error @+2 {{unknown schedule 'stream_k' (single, pingpong)}}
  // expected-error @+1 {{failed to parse RTGPU_GemmStrategyAttr parameter 'schedule'}}
  %0 = rt.fusion_group "mm" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4, schedule = stream_k>} : (tensor<256x64xf16>, tensor<64x64xf16>) -> tensor<256x64xf16> {
  ^bb0(%a: tensor<256x64xf16>, %ww: tensor<64x64xf16>):
    %1 = rt.gemm %a, %ww {transB = 1 : i64} : (tensor<256x64xf16>, tensor<64x64xf16>) -> tensor<256x64xf16>
    rt.yield %1 : tensor<256x64xf16>
  }
  return %0 : tensor<256x64xf16>
}

// -----

// 128 x 256 tiles would need 256 accumulator registers a thread.
func.func @pingpong_too_wide(%x: tensor<256x64xf16>, %w: tensor<256x64xf16>) -> tensor<256x256xf16> {
  // expected-error @+1 {{the ping-pong schedule takes warps_m = 8 (two warpgroups), block_m 64 or 128 and block_m / 64 * block_n at most 256}}
  %0 = rt.fusion_group "mm" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 256, block_k = 64, warps_m = 8, warps_n = 1, stages = 3, load = tma, schedule = pingpong>} : (tensor<256x64xf16>, tensor<256x64xf16>) -> tensor<256x256xf16> {
  ^bb0(%a: tensor<256x64xf16>, %ww: tensor<256x64xf16>):
    %1 = rt.gemm %a, %ww {transB = 1 : i64} : (tensor<256x64xf16>, tensor<256x64xf16>) -> tensor<256x256xf16>
    rt.yield %1 : tensor<256x256xf16>
  }
  return %0 : tensor<256x256xf16>
}
