// convert-rt-to-gpu emits what the strategies say and chooses nothing: a
// module without a target, or a group without a strategy, is an error.
// RUN: rt-opt %s --split-input-file --convert-rt-to-gpu --verify-diagnostics

// expected-error @below {{convert-rt-to-gpu: the module has no 'rtgpu.target' (rt-set-gpu-target records one)}}
module {
func.func @relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = rt.fusion_group "r" kind "elementwise"(%x) {rtgpu.strategy = #rtgpu.elemental<threads = 256>} : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %1 = rt.relu %a : (tensor<4xf32>) -> tensor<4xf32>
    rt.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
}

// -----

module attributes {rtgpu.target = #rtgpu.target<arch = "sm_80", sms = 108, shared_per_block = 166912, shared_per_sm = 167936, registers_per_sm = 65536, l2_bytes = 41943040, features = [mma_sync, cp_async]>} {
func.func @relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{fusion group 'r' has no kernel strategy ('rtgpu.strategy'): run rt-configure-kernels first}}
  %0 = rt.fusion_group "r" kind "elementwise"(%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %1 = rt.relu %a : (tensor<4xf32>) -> tensor<4xf32>
    rt.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
}

// -----

// A strategy whose kernel does not fit the group: the emitter says so.
module attributes {rtgpu.target = #rtgpu.target<arch = "sm_80", sms = 108, shared_per_block = 166912, shared_per_sm = 167936, registers_per_sm = 65536, l2_bytes = 41943040, features = [mma_sync, cp_async]>} {
func.func @relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{fusion group 'r' does not fit the normalization kernel}}
  %0 = rt.fusion_group "r" kind "elementwise"(%x) {rtgpu.strategy = #rtgpu.norm_row<threads = 128>} : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %1 = rt.relu %a : (tensor<4xf32>) -> tensor<4xf32>
    rt.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
}

// -----

// The normalization kernel on an attention group.
module attributes {rtgpu.target = #rtgpu.target<arch = "sm_80", sms = 108, shared_per_block = 166912, shared_per_sm = 167936, registers_per_sm = 65536, l2_bytes = 41943040, features = [mma_sync, cp_async]>} {
func.func @attention(%q: tensor<2x3x16x8xf16>, %k: tensor<2x3x16x8xf16>, %v: tensor<2x3x16x8xf16>) -> tensor<2x3x16x8xf16> {
  // expected-error @+1 {{fusion group 'attn' does not fit the normalization kernel}}
  %0 = rt.fusion_group "attn" kind "attention"(%q, %k, %v) {rtgpu.strategy = #rtgpu.norm_row<threads = 128>} : (tensor<2x3x16x8xf16>, tensor<2x3x16x8xf16>, tensor<2x3x16x8xf16>) -> tensor<2x3x16x8xf16> {
  ^bb0(%a: tensor<2x3x16x8xf16>, %b: tensor<2x3x16x8xf16>, %c: tensor<2x3x16x8xf16>):
    %1 = rt.attention %a, %b, %c {scale = 0.35 : f32} : (tensor<2x3x16x8xf16>, tensor<2x3x16x8xf16>, tensor<2x3x16x8xf16>) -> tensor<2x3x16x8xf16>
    rt.yield %1 : tensor<2x3x16x8xf16>
  }
  return %0 : tensor<2x3x16x8xf16>
}
}
