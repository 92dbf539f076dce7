// RUN: rt-opt %s -split-input-file -verify-diagnostics

// Every diagnostic of rt.fusion_group and rt.attention.


func.func @bad_kind(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'rt.fusion_group' op unknown kind 'magic'}}
  %0 = rt.fusion_group "g" kind "magic" (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    rt.yield %a : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @bad_args(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'rt.fusion_group' op body has 0 arguments for 1 inputs}}
  %0 = rt.fusion_group "g" kind "elementwise" (%x) : (tensor<4xf32>) -> tensor<4xf32> {
    %c = rt.constant dense<1.0> : tensor<4xf32>
    rt.yield %c : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @bad_arg_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'rt.fusion_group' op body argument 0 has type 'tensor<4xf16>' but input 0 is 'tensor<4xf32>'}}
  %0 = rt.fusion_group "g" kind "elementwise" (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf16>):
    %c = rt.constant dense<1.0> : tensor<4xf32>
    rt.yield %c : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @bad_yield(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'rt.fusion_group' op yields 'tensor<2xf32>' but the group returns 'tensor<4xf32>'}}
  %0 = rt.fusion_group "g" kind "elementwise" (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %c = rt.constant dense<1.0> : tensor<2xf32>
    rt.yield %c : tensor<2xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @attention_head_size(%q: tensor<2x16x64xf32>, %k: tensor<2x16x32xf32>, %v: tensor<2x16x32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+2 {{query and key head sizes differ: 64 vs 32}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = rt.attention %q, %k, %v {scale = 1.0 : f32} : (tensor<2x16x64xf32>, tensor<2x16x32xf32>, tensor<2x16x32xf32>) -> tensor<2x16x32xf32>
  return %0 : tensor<2x16x32xf32>
}

// -----

func.func @attention_lengths(%q: tensor<2x16x64xf32>, %k: tensor<2x16x64xf32>, %v: tensor<2x8x32xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+2 {{key and value lengths differ: 16 vs 8}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = rt.attention %q, %k, %v {scale = 1.0 : f32} : (tensor<2x16x64xf32>, tensor<2x16x64xf32>, tensor<2x8x32xf32>) -> tensor<2x16x32xf32>
  return %0 : tensor<2x16x32xf32>
}

// -----

func.func @attention_rank(%q: tensor<16xf32>, %k: tensor<16xf32>, %v: tensor<16xf32>) -> tensor<16xf32> {
  // expected-error @+2 {{query, key and value must have the same rank (at least 2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = rt.attention %q, %k, %v {scale = 1.0 : f32} : (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  return %0 : tensor<16xf32>
}

// -----

func.func @attention_type(%q: tensor<2x16x64xf32>, %k: tensor<2x16x64xf16>, %v: tensor<2x16x64xf32>) -> tensor<2x16x64xf32> {
  // expected-error @+2 {{query, key and value must have the same element type}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = rt.attention %q, %k, %v {scale = 1.0 : f32} : (tensor<2x16x64xf32>, tensor<2x16x64xf16>, tensor<2x16x64xf32>) -> tensor<2x16x64xf32>
  return %0 : tensor<2x16x64xf32>
}
