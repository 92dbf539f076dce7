// rt-configure-kernels alone: the strategy each kernel family's heuristic
// gives representative groups on four targets, nothing emitted. sm_90a (an
// H100 SXM, 132 SMs), the same architecture with 114 SMs (an H100 PCIe),
// sm_80 (an A100, 108 SMs: no warpgroup MMA, TMA or clusters) and sm_86 (an
// A40 with 99 KiB of shared memory per block).
// RUN: rt-opt %s --rt-set-gpu-target=arch=sm_90a --rt-configure-kernels | FileCheck %s --check-prefixes=ALL,H100
// RUN: rt-opt %s --rt-set-gpu-target="arch=sm_90a sms=114" --rt-configure-kernels | FileCheck %s --check-prefixes=ALL,PCIE
// RUN: rt-opt %s --rt-set-gpu-target=arch=sm_80 --rt-configure-kernels | FileCheck %s --check-prefixes=ALL,A100
// RUN: rt-opt %s --rt-set-gpu-target=arch=sm_86 --rt-configure-kernels | FileCheck %s --check-prefixes=ALL,A40
// The elemental kernel's threads come from block-size.
// RUN: rt-opt %s --rt-set-gpu-target=arch=sm_90a --rt-configure-kernels=block-size=128 | FileCheck %s --check-prefix=BLOCK
// RUN: not rt-opt %s --rt-set-gpu-target=arch=sm_90a --rt-configure-kernels=block-size=100 2>&1 | FileCheck %s --check-prefix=BAD-BLOCK
// RUN: not rt-opt %s --rt-configure-kernels 2>&1 | FileCheck %s --check-prefix=NO-TARGET

// NO-TARGET: error: rt-configure-kernels: the module has no 'rtgpu.target' (rt-set-gpu-target records one)
// BAD-BLOCK: error: rt-configure-kernels: block-size gives elemental: threads = 100 is not a multiple of 32 in [32, 1024]

// Nothing but strategies: no kernels, no launches.
// ALL-NOT: gpu.module
// ALL-NOT: rt.launch

// A 4096 x 3072 x 768 product (ViT's MLP input at batch 16): 768 tiles of
// 128 x 128, two a block on 132 or 114 SMs, a 768-deep k loop: warpgroup
// MMA fed by TMA with the persistent ping-pong schedule. Without wgmma: the
// widest mma.sync tile, 4 stages (80 KiB fits the A40's 99 KiB too).
// ALL-LABEL: func.func @mlp
// H100: rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4, load = tma, schedule = pingpong>
// PCIE: rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4, load = tma, schedule = pingpong>
// A100: rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 128, block_n = 128, block_k = 32, warps_m = 2, warps_n = 2, stages = 4>
// A40: rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 128, block_n = 128, block_k = 32, warps_m = 2, warps_n = 2, stages = 4>
func.func @mlp(%x: tensor<4096x768xf16>, %w: tensor<3072x768xf16>) -> tensor<4096x3072xf16> {
  %0 = rt.fusion_group "mlp" kind "gemm"(%x, %w) : (tensor<4096x768xf16>, tensor<3072x768xf16>) -> tensor<4096x3072xf16> {
  ^bb0(%a: tensor<4096x768xf16>, %ww: tensor<3072x768xf16>):
    %1 = rt.gemm %a, %ww {transB = 1 : i64} : (tensor<4096x768xf16>, tensor<3072x768xf16>) -> tensor<4096x3072xf16>
    rt.yield %1 : tensor<4096x3072xf16>
  }
  return %0 : tensor<4096x3072xf16>
}

// A 3072-deep product, 8192 x 768 (too deep for the ping-pong schedule):
// one tile a block, the widest tile whose last wave of blocks is at least
// 90% full. 128 x 192 tiles: 256 of them, 97% of two waves on 132 SMs but
// 75% of three on 114, where 128 x 256 (192 tiles, 84%) fails too: 128 x
// 128 with 5 stages. The SM count changes the tile.
// ALL-LABEL: func.func @deep
// H100: rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 192, block_k = 64, warps_m = 8, warps_n = 1, stages = 4, load = tma>
// PCIE: rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 5, load = tma>
// A100: rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 128, block_n = 128, block_k = 32, warps_m = 2, warps_n = 2, stages = 4>
// A40: rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 128, block_n = 128, block_k = 32, warps_m = 2, warps_n = 2, stages = 4>
func.func @deep(%x: tensor<8192x3072xf16>, %w: tensor<768x3072xf16>) -> tensor<8192x768xf16> {
  %0 = rt.fusion_group "deep" kind "gemm"(%x, %w) : (tensor<8192x3072xf16>, tensor<768x3072xf16>) -> tensor<8192x768xf16> {
  ^bb0(%a: tensor<8192x3072xf16>, %ww: tensor<768x3072xf16>):
    %1 = rt.gemm %a, %ww {transB = 1 : i64} : (tensor<8192x3072xf16>, tensor<768x3072xf16>) -> tensor<8192x768xf16>
    rt.yield %1 : tensor<8192x768xf16>
  }
  return %0 : tensor<8192x768xf16>
}

// BERT's batch-1 FFN output, 128 x 768 x 3072: six 128 x 128 tiles, far
// from a wave. With clusters (sm_90a) the k range is split among the blocks
// of a cluster: 64 x 64 tiles split 8 ways are 192 blocks, the first
// candidate to reach ~0.9 of a wave. Without clusters (sm_80, sm_86) the
// smallest tile, each block looping over all of k.
// ALL-LABEL: func.func @small
// H100: rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3, split_k = 8>
// PCIE: rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3, split_k = 8>
// A100: rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 32, block_n = 32, block_k = 32, warps_m = 2, warps_n = 2, stages = 3>
// A40: rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 32, block_n = 32, block_k = 32, warps_m = 2, warps_n = 2, stages = 3>
func.func @small(%x: tensor<128x3072xf16>, %w: tensor<768x3072xf16>) -> tensor<128x768xf16> {
  %0 = rt.fusion_group "small" kind "gemm"(%x, %w) : (tensor<128x3072xf16>, tensor<768x3072xf16>) -> tensor<128x768xf16> {
  ^bb0(%a: tensor<128x3072xf16>, %ww: tensor<768x3072xf16>):
    %1 = rt.gemm %a, %ww {transB = 1 : i64} : (tensor<128x3072xf16>, tensor<768x3072xf16>) -> tensor<128x768xf16>
    rt.yield %1 : tensor<128x768xf16>
  }
  return %0 : tensor<128x768xf16>
}

// Attention with float16 operands and 64-wide heads: flash attention on
// tensor cores, 64 query rows a block (128-row blocks would not fill two
// waves: 12 heads x 1 block).
// ALL-LABEL: func.func @attention
// ALL: rtgpu.strategy = #rtgpu.attention<kernel = mma, threads = 128, rows = 64>
func.func @attention(%q: tensor<1x12x128x64xf16>, %k: tensor<1x12x128x64xf16>, %v: tensor<1x12x128x64xf16>) -> tensor<1x12x128x64xf16> {
  %0 = rt.fusion_group "attn" kind "attention"(%q, %k, %v) : (tensor<1x12x128x64xf16>, tensor<1x12x128x64xf16>, tensor<1x12x128x64xf16>) -> tensor<1x12x128x64xf16> {
  ^bb0(%a: tensor<1x12x128x64xf16>, %b: tensor<1x12x128x64xf16>, %c: tensor<1x12x128x64xf16>):
    %1 = rt.attention %a, %b, %c {scale = 0.125 : f32} : (tensor<1x12x128x64xf16>, tensor<1x12x128x64xf16>, tensor<1x12x128x64xf16>) -> tensor<1x12x128x64xf16>
    rt.yield %1 : tensor<1x12x128x64xf16>
  }
  return %0 : tensor<1x12x128x64xf16>
}

// With 8-wide heads, keys and values staged in shared memory: 8 query rows
// a block (one per warp: too few blocks for 32).
// ALL-LABEL: func.func @attention_small_heads
// ALL: rtgpu.strategy = #rtgpu.attention<kernel = tile, threads = 256, rows = 8>
func.func @attention_small_heads(%q: tensor<2x3x16x8xf16>, %k: tensor<2x3x16x8xf16>, %v: tensor<2x3x16x8xf16>) -> tensor<2x3x16x8xf16> {
  %0 = rt.fusion_group "attn8" kind "attention"(%q, %k, %v) : (tensor<2x3x16x8xf16>, tensor<2x3x16x8xf16>, tensor<2x3x16x8xf16>) -> tensor<2x3x16x8xf16> {
  ^bb0(%a: tensor<2x3x16x8xf16>, %b: tensor<2x3x16x8xf16>, %c: tensor<2x3x16x8xf16>):
    %1 = rt.attention %a, %b, %c {scale = 0.35 : f32} : (tensor<2x3x16x8xf16>, tensor<2x3x16x8xf16>, tensor<2x3x16x8xf16>) -> tensor<2x3x16x8xf16>
    rt.yield %1 : tensor<2x3x16x8xf16>
  }
  return %0 : tensor<2x3x16x8xf16>
}

// LayerNorm over 768 columns: a warp per row, 4 rows a block.
// ALL-LABEL: func.func @layernorm
// ALL: rtgpu.strategy = #rtgpu.norm_row<threads = 128, rows = 4>
func.func @layernorm(%x: tensor<128x768xf16>, %s: tensor<768xf16>, %b: tensor<768xf16>) -> tensor<128x768xf16> {
  %0 = rt.fusion_group "ln" kind "reduction"(%x, %s, %b) : (tensor<128x768xf16>, tensor<768xf16>, tensor<768xf16>) -> tensor<128x768xf16> {
  ^bb0(%a: tensor<128x768xf16>, %ss: tensor<768xf16>, %bb: tensor<768xf16>):
    %1 = rt.layer_normalization %a, %ss, %bb {axis = -1 : i64, epsilon = 1.0e-05 : f32} : (tensor<128x768xf16>, tensor<768xf16>, tensor<768xf16>) -> tensor<128x768xf16>
    rt.yield %1 : tensor<128x768xf16>
  }
  return %0 : tensor<128x768xf16>
}

// A channels-last depthwise 3x3 convolution of 16 channels.
// ALL-LABEL: func.func @depthwise
// ALL: rtgpu.strategy = #rtgpu.depthwise<threads = 256>
func.func @depthwise(%x: tensor<2x10x10x16xf16>, %w: tensor<16x3x3x1xf16>) -> tensor<2x5x5x16xf16> {
  %0 = rt.fusion_group "dw" kind "conv"(%x, %w) : (tensor<2x10x10x16xf16>, tensor<16x3x3x1xf16>) -> tensor<2x5x5x16xf16> {
  ^bb0(%a: tensor<2x10x10x16xf16>, %ww: tensor<16x3x3x1xf16>):
    %1 = rt.conv %a, %ww {channels_last = 1 : i64, group = 16 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x10x10x16xf16>, tensor<16x3x3x1xf16>) -> tensor<2x5x5x16xf16>
    rt.yield %1 : tensor<2x5x5x16xf16>
  }
  return %0 : tensor<2x5x5x16xf16>
}

// A float32 MatMul (no tensor-core kernel for float32 yet) and an
// element-wise group: the elemental kernel.
// ALL-LABEL: func.func @fp32_matmul
// ALL: rtgpu.strategy = #rtgpu.elemental<threads = 256>
func.func @fp32_matmul(%x: tensor<64x64xf32>, %w: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = rt.fusion_group "mm32" kind "gemm"(%x, %w) : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32> {
  ^bb0(%a: tensor<64x64xf32>, %ww: tensor<64x64xf32>):
    %1 = rt.matmul %a, %ww : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>
    rt.yield %1 : tensor<64x64xf32>
  }
  return %0 : tensor<64x64xf32>
}

// ALL-LABEL: func.func @relu
// ALL: rtgpu.strategy = #rtgpu.elemental<threads = 256>
// BLOCK-LABEL: func.func @relu
// BLOCK: rtgpu.strategy = #rtgpu.elemental<threads = 128>
func.func @relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = rt.fusion_group "relu" kind "elementwise"(%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %1 = rt.relu %a : (tensor<4xf32>) -> tensor<4xf32>
    rt.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// A group with a strategy keeps it, even one the heuristic would not pick.
// ALL-LABEL: func.func @recorded
// ALL: rtgpu.strategy = #rtgpu.gemm<kernel = wmma, block_m = 32, block_n = 32, block_k = 16, warps_m = 2, warps_n = 2>
func.func @recorded(%x: tensor<64x64xf16>, %w: tensor<64x64xf16>) -> tensor<64x64xf16> {
  %0 = rt.fusion_group "rec" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = wmma, block_m = 32, block_n = 32, block_k = 16, warps_m = 2, warps_n = 2>} : (tensor<64x64xf16>, tensor<64x64xf16>) -> tensor<64x64xf16> {
  ^bb0(%a: tensor<64x64xf16>, %ww: tensor<64x64xf16>):
    %1 = rt.matmul %a, %ww : (tensor<64x64xf16>, tensor<64x64xf16>) -> tensor<64x64xf16>
    rt.yield %1 : tensor<64x64xf16>
  }
  return %0 : tensor<64x64xf16>
}
