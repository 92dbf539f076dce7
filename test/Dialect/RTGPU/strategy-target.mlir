// RUN: rt-opt %s --split-input-file --verify-diagnostics

// Where the dialect verifies rtgpu attributes: a strategy belongs on a fusion
// group and is checked against the module's target (features, shared
// memory); the target belongs on the module.

// expected-error @below {{'rtgpu.strategy' belongs on an rt.fusion_group}}
module attributes {rtgpu.strategy = #rtgpu.elemental<threads = 256>} {}

// -----

// expected-error @below {{'rtgpu.target' must be a #rtgpu.target, not 1 : i64}}
module attributes {rtgpu.target = 1 : i64} {}

// -----

// expected-error @below {{unknown rtgpu attribute 'rtgpu.tile'}}
module attributes {rtgpu.tile = #rtgpu.elemental<threads = 256>} {}

// -----

module attributes {rtgpu.target = #rtgpu.target<arch = "sm_80", sms = 108, shared_per_block = 166912, shared_per_sm = 167936, registers_per_sm = 65536, l2_bytes = 41943040, features = [mma_sync, cp_async]>} {
func.func @f(%x: tensor<64x64xf16>) -> tensor<64x64xf16> {
  // expected-error @+1 {{fusion group 'g': #rtgpu.override<kernel = mma_gemm> is not a kernel strategy (#rtgpu.gemm, #rtgpu.attention, #rtgpu.norm_row, #rtgpu.depthwise or #rtgpu.elemental)}}
  %0 = rt.fusion_group "g" kind "elementwise"(%x) {rtgpu.strategy = #rtgpu.override<kernel = mma_gemm>} : (tensor<64x64xf16>) -> tensor<64x64xf16> {
  ^bb0(%a: tensor<64x64xf16>):
    rt.yield %a : tensor<64x64xf16>
  }
  return %0 : tensor<64x64xf16>
}
}

// -----

module attributes {rtgpu.target = #rtgpu.target<arch = "sm_80", sms = 108, shared_per_block = 166912, shared_per_sm = 167936, registers_per_sm = 65536, l2_bytes = 41943040, features = [mma_sync, cp_async]>} {
func.func @f(%x: tensor<64x64xf16>) -> tensor<64x64xf16> {
  // expected-error @+1 {{fusion group 'g': #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3, split_k = 2> splits k through a thread block cluster, which target sm_80 does not have (sm_90 or later)}}
  %0 = rt.fusion_group "g" kind "elementwise"(%x) {rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3, split_k = 2>} : (tensor<64x64xf16>) -> tensor<64x64xf16> {
  ^bb0(%a: tensor<64x64xf16>):
    rt.yield %a : tensor<64x64xf16>
  }
  return %0 : tensor<64x64xf16>
}
}

// -----

module attributes {rtgpu.target = #rtgpu.target<arch = "sm_80", sms = 108, shared_per_block = 166912, shared_per_sm = 167936, registers_per_sm = 65536, l2_bytes = 41943040, features = [mma_sync, cp_async]>} {
func.func @f(%x: tensor<64x64xf16>) -> tensor<64x64xf16> {
  // expected-error @+1 {{fusion group 'g': #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4> uses warpgroup MMA, which target sm_80 does not have (sm_90a)}}
  %0 = rt.fusion_group "g" kind "elementwise"(%x) {rtgpu.strategy = #rtgpu.gemm<kernel = wgmma, block_m = 128, block_n = 128, block_k = 64, warps_m = 8, warps_n = 1, stages = 4>} : (tensor<64x64xf16>) -> tensor<64x64xf16> {
  ^bb0(%a: tensor<64x64xf16>):
    rt.yield %a : tensor<64x64xf16>
  }
  return %0 : tensor<64x64xf16>
}
}

// -----

module attributes {rtgpu.target = #rtgpu.target<arch = "sm_80", sms = 108, shared_per_block = 166912, shared_per_sm = 167936, registers_per_sm = 65536, l2_bytes = 41943040, features = []>} {
func.func @f(%x: tensor<64x64xf16>) -> tensor<64x64xf16> {
  // expected-error @+1 {{fusion group 'g': #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3> uses warp-level tensor-core MMA, which target sm_80 does not have (sm_80 or later)}}
  %0 = rt.fusion_group "g" kind "elementwise"(%x) {rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2, stages = 3>} : (tensor<64x64xf16>) -> tensor<64x64xf16> {
  ^bb0(%a: tensor<64x64xf16>):
    rt.yield %a : tensor<64x64xf16>
  }
  return %0 : tensor<64x64xf16>
}
}

// -----

module attributes {rtgpu.target = #rtgpu.target<arch = "sm_80", sms = 108, shared_per_block = 166912, shared_per_sm = 167936, registers_per_sm = 65536, l2_bytes = 41943040, features = [cp_async]>} {
func.func @f(%x: tensor<64x64xf16>) -> tensor<64x64xf16> {
  // expected-error @+1 {{fusion group 'g': #rtgpu.attention<kernel = mma, threads = 128, rows = 64> uses warp-level tensor-core MMA, which target sm_80 does not have (sm_80 or later)}}
  %0 = rt.fusion_group "g" kind "elementwise"(%x) {rtgpu.strategy = #rtgpu.attention<kernel = mma, threads = 128, rows = 64>} : (tensor<64x64xf16>) -> tensor<64x64xf16> {
  ^bb0(%a: tensor<64x64xf16>):
    rt.yield %a : tensor<64x64xf16>
  }
  return %0 : tensor<64x64xf16>
}
}

// -----

module attributes {rtgpu.target = #rtgpu.target<arch = "sm_80", sms = 108, shared_per_block = 166912, shared_per_sm = 167936, registers_per_sm = 65536, l2_bytes = 41943040, features = [mma_sync, cp_async]>} {
func.func @f(%x: tensor<64x64xf16>) -> tensor<64x64xf16> {
  // expected-error @+1 {{fusion group 'g': #rtgpu.gemm<kernel = mma_sync, block_m = 256, block_n = 128, block_k = 64, warps_m = 4, warps_n = 2, stages = 4> needs 221184 bytes of shared memory per block, more than target sm_80's 166912 (163 KiB)}}
  %0 = rt.fusion_group "g" kind "elementwise"(%x) {rtgpu.strategy = #rtgpu.gemm<kernel = mma_sync, block_m = 256, block_n = 128, block_k = 64, warps_m = 4, warps_n = 2, stages = 4>} : (tensor<64x64xf16>) -> tensor<64x64xf16> {
  ^bb0(%a: tensor<64x64xf16>):
    rt.yield %a : tensor<64x64xf16>
  }
  return %0 : tensor<64x64xf16>
}
}
