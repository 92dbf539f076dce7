// RUN: rt-opt %s --split-input-file --rt-set-gpu-target | FileCheck %s --check-prefix=DEFAULT
// RUN: rt-opt %s --split-input-file --rt-set-gpu-target=arch=sm_80 | FileCheck %s --check-prefix=SM80
// RUN: rt-opt %s --split-input-file --rt-set-gpu-target="arch=sm_90a sms=114" | FileCheck %s --check-prefix=PCIE
// RUN: not rt-opt %s --split-input-file --rt-set-gpu-target=arch=sm_75 2>&1 | FileCheck %s --check-prefix=BAD

// rt-set-gpu-target records the target kernels are generated for: the one
// its options name, with the architecture's reference GPU's values (an SM
// count given as an option replaces its count), unless the module has one.

// DEFAULT: module attributes {rtgpu.target = #rtgpu.target<arch = "sm_90", sms = 132, shared_per_block = 232448, shared_per_sm = 233472, registers_per_sm = 65536, l2_bytes = 52428800, features = [mma_sync, cp_async, fp8, tma, clusters]>}
// SM80: module attributes {rtgpu.target = #rtgpu.target<arch = "sm_80", sms = 108, shared_per_block = 166912, shared_per_sm = 167936, registers_per_sm = 65536, l2_bytes = 41943040, features = [mma_sync, cp_async]>}
// PCIE: module attributes {rtgpu.target = #rtgpu.target<arch = "sm_90a", sms = 114,
// PCIE-SAME: features = [mma_sync, cp_async, fp8, tma, clusters, wgmma]>}
// BAD: error: rt-set-gpu-target: unsupported target architecture 'sm_75' (sm_80, sm_86, sm_87, sm_89, sm_90, sm_90a)
func.func @relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = rt.fusion_group "r" kind "elementwise"(%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %1 = rt.relu %a : (tensor<4xf32>) -> tensor<4xf32>
    rt.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

// A module's own target wins over the options.
// DEFAULT: rtgpu.target = #rtgpu.target<arch = "sm_89", sms = 58,
// SM80: rtgpu.target = #rtgpu.target<arch = "sm_89", sms = 58,
// PCIE: rtgpu.target = #rtgpu.target<arch = "sm_89", sms = 58,
module attributes {rtgpu.target = #rtgpu.target<arch = "sm_89", sms = 58, shared_per_block = 101376, shared_per_sm = 102400, registers_per_sm = 65536, l2_bytes = 50331648, features = [mma_sync, cp_async, fp8]>} {
func.func @relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = rt.fusion_group "r" kind "elementwise"(%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %1 = rt.relu %a : (tensor<4xf32>) -> tensor<4xf32>
    rt.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
}
