// RUN: rt-opt %s --rt-verify-memory-plan --split-input-file -verify-diagnostics

// Hand-written plans, one defect each.

// expected-error @+1 {{no memory plan (run rt-plan-memory first)}}
func.func @no_plan(%x: tensor<16xf32>) -> tensor<16xf32> {
  return %x : tensor<16xf32>
}

// -----

// expected-error @+1 {{invalid memory plan: buffers 0 [0, 2] at 0+256 and 1 [1, 2] at 0+256 overlap}}
func.func @overlap(%x: tensor<16xf32>) -> tensor<16xf32> attributes {rt.arena_size = 512 : i64} {
  %0 = rt.fusion_group "a" kind "elementwise" (%x) {rt.offsets = array<i64: 0>} : (tensor<16xf32>) -> tensor<16xf32> {
  ^bb0(%a: tensor<16xf32>):
    %1 = rt.exp %a : (tensor<16xf32>) -> tensor<16xf32>
    rt.yield %1 : tensor<16xf32>
  }
  %2 = rt.fusion_group "b" kind "elementwise" (%x) {rt.offsets = array<i64: 0>} : (tensor<16xf32>) -> tensor<16xf32> {
  ^bb0(%a: tensor<16xf32>):
    %1 = rt.cos %a : (tensor<16xf32>) -> tensor<16xf32>
    rt.yield %1 : tensor<16xf32>
  }
  %3 = rt.fusion_group "c" kind "elementwise" (%0, %2) {rt.offsets = array<i64: -1>} : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32> {
  ^bb0(%a: tensor<16xf32>, %b: tensor<16xf32>):
    %1 = rt.add %a, %b : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
    rt.yield %1 : tensor<16xf32>
  }
  return %3 : tensor<16xf32>
}

// -----

func.func @outside(%x: tensor<16xf32>) -> tensor<16xf32> attributes {rt.arena_size = 256 : i64} {
  // expected-error @+1 {{'rt.fusion_group' op result 0 at offset 256 (256 bytes) is misaligned or outside the arena of 256 bytes}}
  %0 = rt.fusion_group "a" kind "elementwise" (%x) {rt.offsets = array<i64: 256>} : (tensor<16xf32>) -> tensor<16xf32> {
  ^bb0(%a: tensor<16xf32>):
    %1 = rt.exp %a : (tensor<16xf32>) -> tensor<16xf32>
    rt.yield %1 : tensor<16xf32>
  }
  return %0 : tensor<16xf32>
}

// -----

func.func @missing(%x: tensor<16xf32>) -> tensor<16xf32> attributes {rt.arena_size = 256 : i64} {
  // expected-error @+1 {{'rt.fusion_group' op has no offset for each result}}
  %0 = rt.fusion_group "a" kind "elementwise" (%x) : (tensor<16xf32>) -> tensor<16xf32> {
  ^bb0(%a: tensor<16xf32>):
    %1 = rt.exp %a : (tensor<16xf32>) -> tensor<16xf32>
    rt.yield %1 : tensor<16xf32>
  }
  return %0 : tensor<16xf32>
}

// -----

// In place over an input that is read again later.
// expected-error @+1 {{an in-place result overwrites a tensor that is read later}}
func.func @in_place_too_early(%x: tensor<16xf32>) -> tensor<16xf32> attributes {rt.arena_size = 512 : i64} {
  %0 = rt.fusion_group "a" kind "elementwise" (%x) {rt.offsets = array<i64: 0>} : (tensor<16xf32>) -> tensor<16xf32> {
  ^bb0(%a: tensor<16xf32>):
    %1 = rt.exp %a : (tensor<16xf32>) -> tensor<16xf32>
    rt.yield %1 : tensor<16xf32>
  }
  %2 = rt.fusion_group "b" kind "elementwise" (%0) {rt.offsets = array<i64: 0>, rt.in_place = array<i64: 0>} : (tensor<16xf32>) -> tensor<16xf32> {
  ^bb0(%a: tensor<16xf32>):
    %1 = rt.cos %a : (tensor<16xf32>) -> tensor<16xf32>
    rt.yield %1 : tensor<16xf32>
  }
  %3 = rt.fusion_group "c" kind "elementwise" (%0, %2) {rt.offsets = array<i64: -1>} : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32> {
  ^bb0(%a: tensor<16xf32>, %b: tensor<16xf32>):
    %1 = rt.add %a, %b : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
    rt.yield %1 : tensor<16xf32>
  }
  return %3 : tensor<16xf32>
}

// -----

func.func @in_place_elsewhere(%x: tensor<16xf32>) -> tensor<16xf32> attributes {rt.arena_size = 512 : i64} {
  %0 = rt.fusion_group "a" kind "elementwise" (%x) {rt.offsets = array<i64: 0>} : (tensor<16xf32>) -> tensor<16xf32> {
  ^bb0(%a: tensor<16xf32>):
    %1 = rt.exp %a : (tensor<16xf32>) -> tensor<16xf32>
    rt.yield %1 : tensor<16xf32>
  }
  // expected-error @+1 {{'rt.fusion_group' op result 0 is marked in place but does not share its input's storage}}
  %2 = rt.fusion_group "b" kind "elementwise" (%0) {rt.offsets = array<i64: 256>, rt.in_place = array<i64: 0>} : (tensor<16xf32>) -> tensor<16xf32> {
  ^bb0(%a: tensor<16xf32>):
    %1 = rt.cos %a : (tensor<16xf32>) -> tensor<16xf32>
    rt.yield %1 : tensor<16xf32>
  }
  return %2 : tensor<16xf32>
}
