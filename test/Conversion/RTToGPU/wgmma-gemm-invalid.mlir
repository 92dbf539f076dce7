// RUN: rt-opt %s --rt-generate-kernels="target-arch=sm_90a" --split-input-file --verify-diagnostics

// Recorded warpgroup-MMA tiles checked against the group and the target
// (the module's rtgpu.target, else the one target-arch names).

func.func @bad_wgmma_tile(%x: tensor<256x64xf16>, %w: tensor<64x64xf16>) -> tensor<256x64xf16> {
  // expected-error @+1 {{warpgroup MMA tile 128x128x32 (warps 8x1, stages 4): block_k must be 64 (one 128-byte swizzle row)}}
  %0 = rt.fusion_group "mm" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 32, warps_m = 8, warps_n = 1, stages = 4>} : (tensor<256x64xf16>, tensor<64x64xf16>) -> tensor<256x64xf16> {
  ^bb0(%a: tensor<256x64xf16>, %ww: tensor<64x64xf16>):
    %1 = rt.gemm %a, %ww {transB = 1 : i64} : (tensor<256x64xf16>, tensor<64x64xf16>) -> tensor<256x64xf16>
    rt.yield %1 : tensor<256x64xf16>
  }
  return %0 : tensor<256x64xf16>
}

// -----

// A recorded warpgroup-MMA tile on a group whose B is stored [k][n] (an
// input, so it cannot be transposed at compile time).
func.func @wgmma_needs_k_major(%x: tensor<256x64xf16>, %w: tensor<64x64xf16>) -> tensor<256x64xf16> {
  // expected-error @+1 {{fusion group 'mm': the warpgroup MMA kernel needs both operands k-contiguous in 16-byte chunks}}
  %0 = rt.fusion_group "mm" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4>} : (tensor<256x64xf16>, tensor<64x64xf16>) -> tensor<256x64xf16> {
  ^bb0(%a: tensor<256x64xf16>, %ww: tensor<64x64xf16>):
    %1 = rt.matmul %a, %ww : (tensor<256x64xf16>, tensor<64x64xf16>) -> tensor<256x64xf16>
    rt.yield %1 : tensor<256x64xf16>
  }
  return %0 : tensor<256x64xf16>
}

// -----

// Warpgroup MMA on a target without it.
module attributes {rtgpu.target = #rtgpu.target<arch = "sm_90", sms = 132, shared_per_block = 232448, shared_per_sm = 233472, registers_per_sm = 65536, l2_bytes = 52428800, features = [mma_sync, cp_async, fp8, tma, clusters]>} {
func.func @wgmma_on_sm90(%x: tensor<256x64xf16>, %w: tensor<64x64xf16>) -> tensor<256x64xf16> {
  // expected-error @+1 {{fusion group 'mm': #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4> uses warpgroup MMA, which target sm_90 does not have (sm_90a)}}
  %0 = rt.fusion_group "mm" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4>} : (tensor<256x64xf16>, tensor<64x64xf16>) -> tensor<256x64xf16> {
  ^bb0(%a: tensor<256x64xf16>, %ww: tensor<64x64xf16>):
    %1 = rt.gemm %a, %ww {transB = 1 : i64} : (tensor<256x64xf16>, tensor<64x64xf16>) -> tensor<256x64xf16>
    rt.yield %1 : tensor<256x64xf16>
  }
  return %0 : tensor<256x64xf16>
}
}

// -----

// TMA loads on a target whose features leave TMA out (an sm_90a target
// may list fewer features than the architecture has).
module attributes {rtgpu.target = #rtgpu.target<arch = "sm_90a", sms = 132, shared_per_block = 232448, shared_per_sm = 233472, registers_per_sm = 65536, l2_bytes = 52428800, features = [mma_sync, cp_async, wgmma]>} {
func.func @tma_without_tma(%x: tensor<256x64xf16>, %w: tensor<64x64xf16>) -> tensor<256x64xf16> {
  // expected-error @+1 {{fusion group 'mm': #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4, load = tma> loads through TMA, which target sm_90a does not have (sm_90 or later)}}
  %0 = rt.fusion_group "mm" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4, load = tma>} : (tensor<256x64xf16>, tensor<64x64xf16>) -> tensor<256x64xf16> {
  ^bb0(%a: tensor<256x64xf16>, %ww: tensor<64x64xf16>):
    %1 = rt.gemm %a, %ww {transB = 1 : i64} : (tensor<256x64xf16>, tensor<64x64xf16>) -> tensor<256x64xf16>
    rt.yield %1 : tensor<256x64xf16>
  }
  return %0 : tensor<256x64xf16>
}
}

// -----

// An mma.sync tile within the H100's 227 KiB but above the A100's 163 KiB:
// the limit is the target's.
module attributes {rtgpu.target = #rtgpu.target<arch = "sm_80", sms = 108, shared_per_block = 166912, shared_per_sm = 167936, registers_per_sm = 65536, l2_bytes = 41943040, features = [mma_sync, cp_async]>} {
func.func @mma_shared_sm80(%x: tensor<256x256xf16>, %w: tensor<256x256xf16>) -> tensor<256x256xf16> {
  // expected-error @+1 {{needs 221184 bytes of shared memory per block, more than target sm_80's 166912 (163 KiB)}}
  %0 = rt.fusion_group "mm" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 128, block_n = 256, block_k = 64, warps_m = 2, warps_n = 4, stages = 4>} : (tensor<256x256xf16>, tensor<256x256xf16>) -> tensor<256x256xf16> {
  ^bb0(%a: tensor<256x256xf16>, %ww: tensor<256x256xf16>):
    %1 = rt.gemm %a, %ww {transB = 1 : i64} : (tensor<256x256xf16>, tensor<256x256xf16>) -> tensor<256x256xf16>
    rt.yield %1 : tensor<256x256xf16>
  }
  return %0 : tensor<256x256xf16>
}
}
