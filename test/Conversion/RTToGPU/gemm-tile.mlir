// rt-configure-kernels' gemm-tile option (a #rtgpu.override, or its
// entries; braces and quoted names, the dictionary form of earlier
// versions, are accepted): its entries replace the heuristic's in GEMM
// groups the heuristic gives the kernel it names (or any GEMM kernel when it
// names none); the result is verified like any strategy.
// RUN: rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile={stages=3}' | FileCheck %s --check-prefix=STAGES
// RUN: rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile={kernel="mma_gemm",stages=2}' | FileCheck %s --check-prefix=OTHER
// RUN: rt-opt %s --rt-generate-kernels='target-arch=sm_90 gemm-tile={kernel="mma_gemm",stages=2}' | FileCheck %s --check-prefix=MMA
// RUN: not rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile={block_n=48}' 2>&1 | FileCheck %s --check-prefix=INVALID
// RUN: not rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile=foo' 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile={block_n="x"}' 2>&1 | FileCheck %s --check-prefix=UNKNOWN-N
// RUN: not rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile=[1]' 2>&1 | FileCheck %s --check-prefix=NOTDICT
// RUN: rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile={load="cp_async"}' | FileCheck %s --check-prefix=CPASYNC
// RUN: rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile={split_k=2}' | FileCheck %s --check-prefix=SPLIT
// RUN: not rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile={split_k=2,load="tma"}' 2>&1 | FileCheck %s --check-prefix=SPLIT-TMA
// RUN: not rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile={load="bulk"}' 2>&1 | FileCheck %s --check-prefix=BADLOAD
// RUN: not rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile={foo=1}' 2>&1 | FileCheck %s --check-prefix=UNKNOWN-KEY
// RUN: not rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile={kernel=norm_row}' 2>&1 | FileCheck %s --check-prefix=NOT-GEMM
// RUN: not rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile={rows=128}' 2>&1 | FileCheck %s --check-prefix=ROWS
// RUN: not rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile={kernel=attention_mma,rows=128,stages=3}' 2>&1 | FileCheck %s --check-prefix=ATT-GEMM
// RUN: rt-opt %s --rt-generate-kernels='target-arch=sm_90a gemm-tile=#rtgpu.override<stages=3>' | FileCheck %s --check-prefix=STAGES

// 3 stages of 128 x 128: 1024 + 3 * 256 * 64 * 2 = 99328 bytes (two blocks
// fit an SM), fed through TMA by a producer warp (288 threads, 3 full and 3
// empty mbarriers: 48 bytes more).
// STAGES: rt.launch = array<i64: 8, 16, 1, 288, 1, 1, 99376>
// STAGES-SAME: rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 3, load = tma>
// OTHER: rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 5, load = tma>
// load = cp_async: every thread fills the ring (256 threads, no barriers).
// CPASYNC: rt.launch = array<i64: 8, 16, 1, 256, 1, 1, 164864>
// CPASYNC-SAME: rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 5>
// Splitting k keeps the cp.async ring unless the override asks for TMA,
// which does not split k.
// SPLIT: rt.launch = array<i64: 16, 16, 1, 256, 1, 1, 164864>
// SPLIT-SAME: rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 5, split_k = 2>
// SPLIT-TMA: error: fusion group 'fc': gemm-tile #rtgpu.override<split_k = 2, load = tma> gives a GEMM tile: the TMA-fed kernel does not split k (use load = cp_async)
// BADLOAD: error: rt-configure-kernels: gemm-tile 'load="bulk"' is not a strategy override (unknown load 'bulk' (cp_async, tma)); write its entries, e.g. 'kernel = wgmma_gemm, block_n = 128, stages = 3'
// MMA: rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 128, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 2>
// INVALID: error: fusion group 'fc': gemm-tile #rtgpu.override<block_n = 48> gives a warpgroup MMA tile 128x48x64 (warps 8x1, stages 5): the accumulator tile's 16-byte chunks must divide among the threads
// UNKNOWN: error: rt-configure-kernels: gemm-tile 'foo' is not a strategy override (expected '=')
// UNKNOWN-N: error: rt-configure-kernels: gemm-tile 'block_n="x"' is not a strategy override (expected integer value)
// NOTDICT: error: rt-configure-kernels: gemm-tile '[1]' is not a strategy override
// UNKNOWN-KEY: error: rt-configure-kernels: gemm-tile 'foo=1' is not a strategy override (duplicate or unknown struct parameter name: foo)
// NOT-GEMM: (override: kernel norm_row takes no overrides (wmma_gemm, mma_gemm, wgmma_gemm and attention_mma do))
// ROWS: (override: rows applies to attention_mma (name kernel = attention_mma))
// ATT-GEMM: (override: attention_mma takes only rows)
func.func @gemm_transb(%x: tensor<2048x768xf16>, %w: tensor<1024x768xf16>, %b: tensor<1024xf16>) -> tensor<2048x1024xf16> {
  %0 = rt.fusion_group "fc" kind "gemm"(%x, %w, %b) : (tensor<2048x768xf16>, tensor<1024x768xf16>, tensor<1024xf16>) -> tensor<2048x1024xf16> {
  ^bb0(%a: tensor<2048x768xf16>, %ww: tensor<1024x768xf16>, %bb: tensor<1024xf16>):
    %1 = rt.gemm %a, %ww, %bb {transB = 1 : i64} : (tensor<2048x768xf16>, tensor<1024x768xf16>, tensor<1024xf16>) -> tensor<2048x1024xf16>
    rt.yield %1 : tensor<2048x1024xf16>
  }
  return %0 : tensor<2048x1024xf16>
}
