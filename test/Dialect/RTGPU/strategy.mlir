// RUN: rt-opt %s --split-input-file --verify-diagnostics | FileCheck %s

// The kernel strategy attributes: they round-trip (defaults elided), and
// each verifier rule has an error. Rules that need a target or a group
// are in strategy-target.mlir and the kernel tests.

// CHECK: test.gemm = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 192, block_k = 64, warps_m = 8, warps_n = 1, stages = 4, load = tma>
// CHECK-SAME: test.mma = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3, split_k = 4>
// CHECK-SAME: test.override = #rtgpu.override<kernel = wgmma_gemm, block_n = 128, stages = 3, load = tma>
// CHECK-SAME: test.pingpong = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4, load = tma, schedule = pingpong>
// CHECK-SAME: test.quoted = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3>
// CHECK-SAME: test.wmma = #rtgpu.gemm<kernel = wmma, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2>
module attributes {test.gemm = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 192, block_k = 64, warps_m = 8, warps_n = 1, stages = 4, load = tma, schedule = single>,
  test.mma = #rtgpu.gemm<stages = 3, split_k = 4, kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, load = cp_async>,
  test.override = #rtgpu.override<stages = 3, kernel = wgmma_gemm, load = tma, block_n = 128>,
  test.pingpong = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4, load = tma, schedule = pingpong>,
  test.quoted = #rtgpu.gemm<kernel = "mma_sync", block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3>,
  test.wmma = #rtgpu.gemm<kernel = wmma, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 1>} {}

// -----

// CHECK: test.a = #rtgpu.attention<kernel = mma, threads = 256, rows = 128>
// CHECK-SAME: test.b = #rtgpu.attention<kernel = tile, threads = 256, rows = 8>
// CHECK-SAME: test.c = #rtgpu.attention<kernel = row, threads = 128>
// CHECK-SAME: test.d = #rtgpu.norm_row<threads = 128, rows = 4>
// CHECK-SAME: test.e = #rtgpu.norm_row<threads = 256>
// CHECK-SAME: test.f = #rtgpu.depthwise<threads = 256>
// CHECK-SAME: test.g = #rtgpu.elemental<threads = 1024>
module attributes {test.a = #rtgpu.attention<kernel = mma, threads = 256, rows = 128>, test.b = #rtgpu.attention<kernel = tile, threads = 256, rows = 8>, test.c = #rtgpu.attention<kernel = row, threads = 128, rows = 1>, test.d = #rtgpu.norm_row<threads = 128, rows = 4>, test.e = #rtgpu.norm_row<threads = 256>, test.f = #rtgpu.depthwise<threads = 256>, test.g = #rtgpu.elemental<threads = 1024>} {}

// -----

// expected-error @+1 {{GEMM tile: split_k = 9 is not 1 to 8 (the blocks of one thread block cluster)}}
module attributes {test.bad = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4, split_k = 9>} {}

// -----

// expected-error @+1 {{GEMM tile: the WMMA kernel does not split k (use mma_sync or wgmma)}}
module attributes {test.bad = #rtgpu.gemm<kernel = wmma, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, split_k = 2>} {}

// -----

// expected-error @+1 {{GEMM tile: load = tma is only for the wgmma kernel}}
module attributes {test.bad = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3, load = tma>} {}

// -----

// expected-error @+1 {{GEMM tile: the TMA-fed kernel does not split k (use load = cp_async)}}
module attributes {test.bad = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4, split_k = 2, load = tma>} {}

// -----

// expected-error @+1 {{GEMM tile: schedule = pingpong needs load = tma}}
module attributes {test.bad = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4, schedule = pingpong>} {}

// -----

// expected-error @+1 {{warpgroup MMA tile 128x128x32 (warps 8x1, stages 4): block_k must be 64 (one 128-byte swizzle row)}}
module attributes {test.bad = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 32, warps_m = 8, warps_n = 1, stages = 4>} {}

// -----

// expected-error @+1 {{warpgroup MMA tile 96x128x64 (warps 6x1, stages 4): block_m must be a multiple of 64 up to 256}}
module attributes {test.bad = #rtgpu.gemm<kernel = wgmma, block_m = 96, block_n = 128, block_k = 64, warps_m = 6, warps_n = 1, stages = 4>} {}

// -----

// expected-error @+1 {{warpgroup MMA tile 128x128x64 (warps 8x2, stages 4): warps_n must be 1}}
module attributes {test.bad = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 2, stages = 4>} {}

// -----

// expected-error @+1 {{warpgroup MMA tile 256x128x64 (warps 8x1, stages 3): the ping-pong schedule takes warps_m = 8 (two warpgroups), block_m 64 or 128 and block_m / 64 * block_n at most 256}}
module attributes {test.bad = #rtgpu.gemm<kernel = wgmma, block_m = 256, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 3, load = tma, schedule = pingpong>} {}

// -----

// expected-error @+1 {{warpgroup MMA tile 128x128x64 (warps 4x1, stages 4): warps_m must be block_m / 16 (a warpgroup per 64 rows)}}
module attributes {test.bad = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 4, warps_n = 1, stages = 4>} {}

// -----

// expected-error @+1 {{warpgroup MMA tile 128x264x64 (warps 8x1, stages 4): block_n must be a multiple of 16 up to 256}}
module attributes {test.bad = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 264, block_k = 64, warps_m = 8, warps_n = 1, stages = 4>} {}

// -----

// expected-error @+1 {{warpgroup MMA tile 256x16x64 (warps 16x1, stages 4): the accumulator tile's 16-byte chunks must divide among the threads}}
module attributes {test.bad = #rtgpu.gemm<kernel = wgmma, block_m = 256, block_n = 16, block_k = 64, warps_m = 16, warps_n = 1, stages = 4>} {}

// -----

// expected-error @+1 {{warpgroup MMA tile 128x128x64 (warps 8x1, stages 2): stages must be 3 to 8}}
module attributes {test.bad = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 2>} {}

// -----

// CHECK: test.ok = #rtgpu.gemm<kernel = wgmma, block_m = 64, block_n = 128, block_k = 64, warps_m = 4, warps_n = 1, stages = 4, split_k = 8>
module attributes {test.ok = #rtgpu.gemm<kernel = wgmma, block_m = 64, block_n = 128, block_k = 64, warps_m = 4, warps_n = 1, stages = 4, split_k = 8>} {}

// -----

// expected-error @+1 {{mma.sync tile 64x64x32 (warps 8x8, stages 3): warps_m x warps_n must be 1 to 32 warps}}
module attributes {test.bad = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 8, warps_n = 8, stages = 3>} {}

// -----

// expected-error @+1 {{mma.sync tile 64x64x24 (warps 2x2, stages 3): block_k must be a positive multiple of 16}}
module attributes {test.bad = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 24, warps_m = 2, warps_n = 2, stages = 3>} {}

// -----

// expected-error @+1 {{mma.sync tile 48x64x32 (warps 2x2, stages 3): warp tiles (block_m / warps_m x block_n / warps_n) must be positive multiples of 16}}
module attributes {test.bad = #rtgpu.gemm<kernel = mma_sync, block_m = 48, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3>} {}

// -----

// CHECK: test.ok = #rtgpu.gemm<kernel = wmma, block_m = 16, block_n = 16, block_k = 16, warps_m = 1, warps_n = 1>
module attributes {test.ok = #rtgpu.gemm<kernel = wmma, block_m = 16, block_n = 16, block_k = 16, warps_m = 1, warps_n = 1>} {}

// -----

// expected-error @+1 {{mma.sync tile 32x16x16 (warps 2x1, stages 2): the operand tiles' 16-byte chunks must divide among the 64 threads}}
module attributes {test.bad = #rtgpu.gemm<kernel = mma_sync, block_m = 32, block_n = 16, block_k = 16, warps_m = 2, warps_n = 1, stages = 2>} {}

// -----

// expected-error @+1 {{WMMA tile 16x16x16 (warps 2x1, stages 1): warp tiles (block_m / warps_m x block_n / warps_n) must be positive multiples of 16}}
module attributes {test.bad = #rtgpu.gemm<kernel = wmma, block_m = 16, block_n = 16, block_k = 16, warps_m = 2, warps_n = 1>} {}

// -----

// CHECK: test.ok = #rtgpu.gemm<kernel = wmma, block_m = 32, block_n = 16, block_k = 16, warps_m = 2, warps_n = 1>
module attributes {test.ok = #rtgpu.gemm<kernel = wmma, block_m = 32, block_n = 16, block_k = 16, warps_m = 2, warps_n = 1>} {}

// -----

// expected-error @+1 {{mma.sync tile 64x64x32 (warps 2x2, stages 9): stages must be 2 to 8}}
module attributes {test.bad = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 9>} {}

// -----

// expected-error @+1 {{WMMA tile 64x64x32 (warps 2x2, stages 2): the WMMA kernel stages one tile (stages = 1)}}
module attributes {test.bad = #rtgpu.gemm<kernel = wmma, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 2>} {}

// -----

// CHECK: test.ok = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3, split_k = 8>
module attributes {test.ok = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3, split_k = 8>} {}

// -----

// expected-error @+1 {{mma.sync tile 32x64x32 (warps 2x2, stages 3): split_k = 3 must divide block_m (each block of the cluster sums and stores block_m / split_k rows)}}
module attributes {test.bad = #rtgpu.gemm<kernel = mma_sync, block_m = 32, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3, split_k = 3>} {}

// -----

// expected-error @+1 {{warpgroup MMA tile 64x128x64 (warps 4x1, stages 4): split_k = 3 must divide block_m (each block of the cluster sums and stores block_m / split_k rows)}}
module attributes {test.bad = #rtgpu.gemm<kernel = wgmma, block_m = 64, block_n = 128, block_k = 64, warps_m = 4, warps_n = 1, stages = 4, split_k = 3>} {}

// -----

// expected-error @+1 {{attention_mma: rows = 32 is not 64 or 128 query rows per block}}
module attributes {test.bad = #rtgpu.attention<kernel = mma, threads = 128, rows = 32>} {}

// -----

// expected-error @+1 {{attention_mma: 128 query rows take 256 threads (16 rows a warp), not 128}}
module attributes {test.bad = #rtgpu.attention<kernel = mma, threads = 128, rows = 128>} {}

// -----

// expected-error @+1 {{attention_tile: threads = 128 is not 256 (the kernel's shared-memory layout is for 8 warps)}}
module attributes {test.bad = #rtgpu.attention<kernel = tile, threads = 128, rows = 32>} {}

// -----

// expected-error @+1 {{attention_tile: rows = 12 is not a positive multiple of the 8 warps}}
module attributes {test.bad = #rtgpu.attention<kernel = tile, threads = 256, rows = 12>} {}

// -----

// expected-error @+1 {{attention_row: rows = 2 is not 1 (a block per query row)}}
module attributes {test.bad = #rtgpu.attention<kernel = row, threads = 128, rows = 2>} {}

// -----

// expected-error @+1 {{attention_row: threads = 100 is not a multiple of 32 in [32, 1024]}}
module attributes {test.bad = #rtgpu.attention<kernel = row, threads = 100>} {}

// -----

// expected-error @+2 {{unknown attention kernel 'flash' (mma, tile, row)}}
// expected-error @+1 {{failed to parse RTGPU_AttentionStrategyAttr parameter 'kernel'}}
module attributes {test.bad = #rtgpu.attention<kernel = flash, threads = 128>} {}

// -----

// expected-error @+1 {{norm_row: threads = 2048 is not a multiple of 32 in [32, 1024]}}
module attributes {test.bad = #rtgpu.norm_row<threads = 2048>} {}

// -----

// expected-error @+1 {{norm_row: rows = 4 per block needs a block of one warp per row (32 x rows threads), not 64}}
module attributes {test.bad = #rtgpu.norm_row<threads = 64, rows = 4>} {}

// -----

// expected-error @+1 {{norm_row: rows = 0 per block needs a block of one warp per row (32 x rows threads), not 64}}
module attributes {test.bad = #rtgpu.norm_row<threads = 64, rows = 0>} {}

// -----

// expected-error @+1 {{depthwise_conv: threads = 0 is not a multiple of 32 in [32, 1024]}}
module attributes {test.bad = #rtgpu.depthwise<threads = 0>} {}

// -----

// expected-error @+1 {{elemental: threads = 48 is not a multiple of 32 in [32, 1024]}}
module attributes {test.bad = #rtgpu.elemental<threads = 48>} {}

// -----

// expected-error @+1 {{override: kernel elemental takes no overrides (wmma_gemm, mma_gemm, wgmma_gemm and attention_mma do)}}
module attributes {test.bad = #rtgpu.override<kernel = elemental>} {}

// -----

// expected-error @+1 {{override: attention_mma takes only rows}}
module attributes {test.bad = #rtgpu.override<kernel = attention_mma, stages = 3>} {}

// -----

// expected-error @+1 {{override: rows applies to attention_mma (name kernel = attention_mma)}}
module attributes {test.bad = #rtgpu.override<rows = 128>} {}

// -----

// expected-error @+2 {{expected integer value}}
// expected-error @+1 {{failed to parse RTGPU_StrategyOverrideAttr parameter 'block_n'}}
module attributes {test.bad = #rtgpu.override<kernel = wgmma_gemm, block_n = x>} {}

// -----

// expected-error @+1 {{WMMA tile 16x256x16 (warps 1x16, stages 1): the operand tiles' elements must divide among the 512 threads}}
module attributes {test.bad = #rtgpu.gemm<kernel = wmma, block_m = 16, block_n = 256, block_k = 16, warps_m = 1, warps_n = 16>} {}
