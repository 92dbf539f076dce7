// convert-rt-to-gpu's gemm-tile option: its entries replace the heuristic's
// in GEMM groups the heuristic gives the kernel kind it names (or any kind
// when it names none); the result is validated like a recorded tile.
// RUN: rt-opt %s --convert-rt-to-gpu='target-arch=sm_90a gemm-tile={stages=3}' | FileCheck %s --check-prefix=STAGES
// RUN: rt-opt %s --convert-rt-to-gpu='target-arch=sm_90a gemm-tile={kernel="mma_gemm",stages=2}' | FileCheck %s --check-prefix=OTHER
// RUN: rt-opt %s --convert-rt-to-gpu='target-arch=sm_90 gemm-tile={kernel="mma_gemm",stages=2}' | FileCheck %s --check-prefix=MMA
// RUN: not rt-opt %s --convert-rt-to-gpu='target-arch=sm_90a gemm-tile={block_n=48}' 2>&1 | FileCheck %s --check-prefix=INVALID
// RUN: not rt-opt %s --convert-rt-to-gpu='target-arch=sm_90a gemm-tile=foo' 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not rt-opt %s --convert-rt-to-gpu='target-arch=sm_90a gemm-tile={block_n="x"}' 2>&1 | FileCheck %s --check-prefix=UNKNOWN-N
// RUN: not rt-opt %s --convert-rt-to-gpu='target-arch=sm_90a gemm-tile=[1]' 2>&1 | FileCheck %s --check-prefix=NOTDICT
// RUN: rt-opt %s --convert-rt-to-gpu='target-arch=sm_90a gemm-tile={load="cp_async"}' | FileCheck %s --check-prefix=CPASYNC
// RUN: rt-opt %s --convert-rt-to-gpu='target-arch=sm_90a gemm-tile={split_k=2}' | FileCheck %s --check-prefix=SPLIT
// RUN: not rt-opt %s --convert-rt-to-gpu='target-arch=sm_90a gemm-tile={split_k=2,load="tma"}' 2>&1 | FileCheck %s --check-prefix=SPLIT-TMA
// RUN: not rt-opt %s --convert-rt-to-gpu='target-arch=sm_90a gemm-tile={load="bulk"}' 2>&1 | FileCheck %s --check-prefix=BADLOAD

// 3 stages of 128 x 128: 1024 + 3 * 256 * 64 * 2 = 99328 bytes (two blocks
// fit an SM), fed through TMA by a producer warp (288 threads, 3 full and 3
// empty mbarriers: 48 bytes more).
// STAGES: rt.launch = array<i64: 8, 16, 1, 288, 1, 1, 99376>
// STAGES-SAME: tile = {block_k = 64 : i64, block_m = 128 : i64, block_n = 128 : i64, kernel = "wgmma_gemm", load = "tma", stages = 3 : i64, warps_m = 8 : i64, warps_n = 1 : i64}
// OTHER: tile = {block_k = 64 : i64, block_m = 128 : i64, block_n = 128 : i64, kernel = "wgmma_gemm", load = "tma", stages = 5 : i64, warps_m = 8 : i64, warps_n = 1 : i64}
// load = "cp_async": every thread fills the ring (256 threads, no barriers).
// CPASYNC: rt.launch = array<i64: 8, 16, 1, 256, 1, 1, 164864>
// CPASYNC-SAME: load = "cp_async"
// Splitting k keeps the cp.async ring unless the override asks for TMA,
// which does not split k.
// SPLIT: rt.launch = array<i64: 16, 16, 1, 256, 1, 1, 164864>
// SPLIT-SAME: tile = {block_k = 64 : i64, block_m = 128 : i64, block_n = 128 : i64, kernel = "wgmma_gemm", split_k = 2 : i64, stages = 5 : i64, warps_m = 8 : i64, warps_n = 1 : i64}
// SPLIT-TMA: error: fusion group 'fc': tile {{.*}} loads through TMA and splits k; the TMA kernel does not split k (use load = "cp_async")
// BADLOAD: error: fusion group 'fc': tile {{.*}} has load = "bulk", not "tma" or "cp_async"
// MMA: tile = {block_k = 32 : i64, block_m = 128 : i64, block_n = 64 : i64, kernel = "mma_gemm", stages = 2 : i64, warps_m = 2 : i64, warps_n = 2 : i64}
// INVALID: error: fusion group 'fc': tile {block_k = 64 : i64, block_m = 128 : i64, block_n = 48 : i64, kernel = "wgmma_gemm", load = "tma", stages = 5 : i64, warps_m = 8 : i64, warps_n = 1 : i64} is not a valid warpgroup MMA tile
// UNKNOWN: error: convert-rt-to-gpu: gemm-tile entry 'foo' is not a GEMM tile parameter (kernel, load and schedule: strings; block_m, block_n, block_k, warps_m, warps_n, stages, split_k, and rows for attention_mma: integers)
// UNKNOWN-N: error: convert-rt-to-gpu: gemm-tile entry 'block_n' is not a GEMM tile parameter
// NOTDICT: error: convert-rt-to-gpu: gemm-tile '[1]' is not a tile dictionary (e.g. {kernel = "wgmma_gemm", block_n = 128, stages = 3})
func.func @gemm_transb(%x: tensor<2048x768xf16>, %w: tensor<1024x768xf16>, %b: tensor<1024xf16>) -> tensor<2048x1024xf16> {
  %0 = rt.fusion_group "fc" kind "gemm"(%x, %w, %b) : (tensor<2048x768xf16>, tensor<1024x768xf16>, tensor<1024xf16>) -> tensor<2048x1024xf16> {
  ^bb0(%a: tensor<2048x768xf16>, %ww: tensor<1024x768xf16>, %bb: tensor<1024xf16>):
    %1 = rt.gemm %a, %ww, %bb {transB = 1 : i64} : (tensor<2048x768xf16>, tensor<1024x768xf16>, tensor<1024xf16>) -> tensor<2048x1024xf16>
    rt.yield %1 : tensor<2048x1024xf16>
  }
  return %0 : tensor<2048x1024xf16>
}
