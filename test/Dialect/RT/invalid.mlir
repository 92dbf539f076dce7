// RUN: rt-opt %s -split-input-file -verify-diagnostics

// One case for every diagnostic of the rt verifiers and result type
// inference functions. An inference failure is reported at the op,
// followed by the generic "failed to infer returned types". The
// verifiers' own "requires/needs at least one input" checks of the
// variadic ops and concat cannot fire: SameOperandsElementType rejects
// an empty operand list first (variadic_no_inputs, concat_no_inputs).

//===----------------------------------------------------------------------===//
// Broadcasting and inferred result types
//===----------------------------------------------------------------------===//

func.func @add_not_broadcastable(%x: tensor<2x3xf32>, %y: tensor<4xf32>) {
  // expected-error @+2 {{operands are not broadcast-compatible: dimension 3 vs 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.add %x, %y : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @add_element_types_differ(%x: tensor<4xf32>, %y: tensor<4xf16>) {
  // expected-error @+2 {{operands must have the same element type, got 'f32' and 'f16'}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.add %x, %y : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return
}

// -----

// A declared result may refine the inferred type, never contradict it.
func.func @result_incompatible_with_inferred(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{'rt.add' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<2x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.add %x, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @result_rank_incompatible_with_inferred(%x: tensor<?x4xf32>) {
  // expected-error @+2 {{'rt.relu' op inferred type(s) 'tensor<?x4xf32>' are incompatible with return type(s) of operation 'tensor<4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.relu %x : (tensor<?x4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @result_element_type_incompatible_with_inferred(%x: tensor<4xf32>) {
  // expected-error @+2 {{'rt.cast' op inferred type(s) 'tensor<4xf16>' are incompatible with return type(s) of operation 'tensor<4xbf16>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.cast %x {to = f16} : (tensor<4xf32>) -> tensor<4xbf16>
  return
}

// -----

func.func @variadic_not_broadcastable(%a: tensor<4xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{operands are not broadcast-compatible: dimension 4 vs 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.sum %a, %b : (tensor<4xf32>, tensor<3xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @variadic_no_inputs() {
  // expected-error @+1 {{'rt.max' op expected 1 or more operands, but found 0}}
  %r = rt.max : () -> tensor<4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Math ops
//===----------------------------------------------------------------------===//

func.func @softmax_axis_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'rt.softmax' op axis 2 is out of range for rank 2}}
  %r = rt.softmax %x {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @log_softmax_negative_axis_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'rt.log_softmax' op axis -3 is out of range for rank 2}}
  %r = rt.log_softmax %x {axis = -3 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @gelu_approximate(%x: tensor<4xf32>) {
  // expected-error @+1 {{'rt.gelu' op approximate must be "none" or "tanh", got "fast"}}
  %r = rt.gelu %x {approximate = "fast"} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @cast_to_non_numeric(%x: tensor<4xf32>) {
  // expected-error @+1 {{'rt.cast' op cannot cast to 'index'}}
  %r = rt.cast %x {to = index} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @bit_shift_direction(%x: tensor<4xi32>) {
  // expected-error @+1 {{'rt.bit_shift' op direction must be "LEFT" or "RIGHT", got "UP"}}
  %r = rt.bit_shift %x, %x {direction = "UP"} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return
}

// -----

func.func @prelu_slope_not_unidirectional(%x: tensor<3x1xf32>, %s: tensor<3x4xf32>) {
  // expected-error @+2 {{slope must broadcast to the input shape}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.prelu %x, %s : (tensor<3x1xf32>, tensor<3x4xf32>) -> tensor<3x1xf32>
  return
}

// -----

func.func @where_element_types_differ(%c: tensor<4xi1>, %x: tensor<4xf32>, %y: tensor<4xi32>) {
  // expected-error @+2 {{x and y must have the same element type}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.where %c, %x, %y : (tensor<4xi1>, tensor<4xf32>, tensor<4xi32>) -> tensor<4xf32>
  return
}

// -----

func.func @clip_bound_element_type(%x: tensor<8xf32>, %lo: tensor<f16>) {
  // expected-error @+1 {{'rt.clip' op bounds must have the input's element type}}
  %r = rt.clip %x min %lo : (tensor<8xf32>, tensor<f16>) -> tensor<8xf32>
  return
}

// -----

func.func @clip_bound_not_scalar(%x: tensor<8xf32>, %hi: tensor<2xf32>) {
  // expected-error @+1 {{'rt.clip' op bounds must be scalars, got 'tensor<2xf32>'}}
  %r = rt.clip %x max %hi : (tensor<8xf32>, tensor<2xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @matmul_element_types_differ(%a: tensor<2x3xf32>, %b: tensor<3x4xf16>) {
  // expected-error @+2 {{operands must have the same element type}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf16>) -> tensor<2x4xf32>
  return
}

// -----

func.func @matmul_scalar(%a: tensor<f32>, %b: tensor<3x4xf32>) {
  // expected-error @+2 {{operands of matmul must not be scalars}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.matmul %a, %b : (tensor<f32>, tensor<3x4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @matmul_contraction(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{contraction dimensions differ: 3 vs 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.matmul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @matmul_batch_not_broadcastable(%a: tensor<2x4x3xf32>, %b: tensor<5x3x6xf32>) {
  // expected-error @+2 {{operands are not broadcast-compatible: dimension 2 vs 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.matmul %a, %b : (tensor<2x4x3xf32>, tensor<5x3x6xf32>) -> tensor<2x4x6xf32>
  return
}

// -----

func.func @gemm_not_matrices(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{gemm operands a and b must be matrices}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.gemm %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @gemm_contraction(%a: tensor<3x2xf32>, %b: tensor<3x5xf32>) {
  // expected-error @+2 {{contraction dimensions differ: 2 vs 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.gemm %a, %b : (tensor<3x2xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  return
}

// -----

func.func @gemm_c_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>, %c: tensor<4xf32>) {
  // expected-error @+2 {{c must broadcast to [2, 5]}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<4xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @gemm_c_rank(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>, %c: tensor<1x2x5xf32>) {
  // expected-error @+2 {{c must broadcast to [2, 5]}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<1x2x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

// c must broadcast unidirectionally to [M, N] = [2, 1]: a c of [5] only
// broadcasts bidirectionally (it would widen N).
func.func @gemm_c_not_unidirectional(%a: tensor<2x3xf32>, %b: tensor<3x1xf32>, %c: tensor<5xf32>) {
  // expected-error @+2 {{c must broadcast to [2, 1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x1xf32>, tensor<5xf32>) -> tensor<2x1xf32>
  return
}

// -----

func.func @einsum_no_inputs() {
  // expected-error @+2 {{einsum needs at least one input}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.einsum {equation = "->"} : () -> tensor<f32>
  return
}

// -----

func.func @einsum_term_count(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{einsum equation has 2 input terms for 1 inputs}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.einsum %a {equation = "ij,jk->ik"} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @einsum_term_rank(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{einsum term 'ijk' does not match rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.einsum %a {equation = "ijk->i"} : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @einsum_ellipsis_rank(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{einsum equation '...ijk->i': an ellipsis does not fit its input's rank}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.einsum %a {equation = "...ijk->i"} : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @einsum_bad_label(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{bad einsum label '1'}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.einsum %a {equation = "i1->i"} : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @einsum_unknown_output_label(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{einsum output label 'k' does not appear in the inputs}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.einsum %a {equation = "ij->k"} : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @einsum_label_size_mismatch(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{einsum label 'j' has sizes 3 and 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

func.func @conv_weight_rank(%x: tensor<1x3x8xf32>, %w: tensor<4x3xf32>) {
  // expected-error @+2 {{conv weight must have rank >= 3, got 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv %x, %w : (tensor<1x3x8xf32>, tensor<4x3xf32>) -> tensor<1x4x8xf32>
  return
}

// -----

func.func @conv_group_not_positive(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{group must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv %x, %w {group = 0 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_output_channels_not_divisible(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+2 {{output channels 6 are not divisible by group 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv %x, %w {group = 4 : i64} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv_kernel_shape_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{kernel_shape has 1 entries for a 2-d conv}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv %x, %w {kernel_shape = array<i64: 3>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_kernel_shape_mismatch(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{kernel_shape does not match the weight}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv %x, %w {kernel_shape = array<i64: 5, 5>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @conv_rank_mismatch(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{input rank 3 differs from weight rank 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv %x, %w : (tensor<1x3x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6xf32>
  return
}

// -----

func.func @conv_channel_mismatch(%x: tensor<1x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+2 {{input channels 3 do not match weight channels 2 x group 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv %x, %w : (tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_bias_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{bias must be 1-d with 4 elements}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_bad_auto_pad(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{unknown auto_pad 'SAME'}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv %x, %w {auto_pad = "SAME"} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @conv_strides_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{expected 2 strides, got 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv %x, %w {strides = array<i64: 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv_dilations_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{expected 2 dilations, got 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv %x, %w {dilations = array<i64: 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_pads_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{expected 4 pads, got 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv %x, %w {pads = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @conv_stride_not_positive(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{kernel sizes, strides and dilations must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv %x, %w {strides = array<i64: 0, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_negative_pads(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{pads must be non-negative}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv %x, %w {pads = array<i64: -1, 0, 0, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x5x6xf32>
  return
}

// -----

func.func @conv_window_too_large(%x: tensor<1x3x2x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{window of size 3 does not fit spatial dimension 0 (2 with padding)}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv %x, %w : (tensor<1x3x2x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x?x6xf32>
  return
}

// -----

func.func @conv_transpose_rank(%x: tensor<1x8x4x4xf32>, %w: tensor<8x4x3xf32>) {
  // expected-error @+2 {{input and weight must have the same rank >= 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv_transpose %x, %w : (tensor<1x8x4x4xf32>, tensor<8x4x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_transpose_group_not_positive(%x: tensor<1x8x4x4xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+2 {{group must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv_transpose %x, %w {group = -1 : i64} : (tensor<1x8x4x4xf32>, tensor<8x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// The weight of conv_transpose is C x M/group x k...: C = 3 here, but the
// weight has 8 input channels.
func.func @conv_transpose_channel_mismatch(%x: tensor<1x3x4x4xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+2 {{input channels 3 do not match weight input channels 8}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv_transpose %x, %w {strides = array<i64: 2, 2>} : (tensor<1x3x4x4xf32>, tensor<8x4x3x3xf32>) -> tensor<1x4x9x9xf32>
  return
}

// -----

func.func @conv_transpose_window_attr_size(%x: tensor<1x8x4x4xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+2 {{expected 2 entries in window attributes}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv_transpose %x, %w {strides = array<i64: 2, 2, 2>} : (tensor<1x8x4x4xf32>, tensor<8x4x3x3xf32>) -> tensor<1x4x9x9xf32>
  return
}

// -----

func.func @conv_transpose_pads_size(%x: tensor<1x8x4x4xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+2 {{expected 4 pads}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv_transpose %x, %w {pads = array<i64: 1, 1>} : (tensor<1x8x4x4xf32>, tensor<8x4x3x3xf32>) -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @conv_transpose_output_shape_size(%x: tensor<1x8x4x4xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+2 {{output_shape must have 2 entries}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv_transpose %x, %w {output_shape = array<i64: 9, 9, 9>} : (tensor<1x8x4x4xf32>, tensor<8x4x3x3xf32>) -> tensor<1x4x9x9xf32>
  return
}

// -----

func.func @conv_transpose_output_not_positive(%x: tensor<1x8x1x1xf32>, %w: tensor<8x4x1x1xf32>) {
  // expected-error @+2 {{conv_transpose output size -1 is not positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.conv_transpose %x, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x8x1x1xf32>, tensor<8x4x1x1xf32>) -> tensor<1x4x1x1xf32>
  return
}

// -----

func.func @pool_input_rank(%x: tensor<1x64x112xf32>) {
  // expected-error @+2 {{expected input of rank 4 for a 2-d window, got rank 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.max_pool %x {kernel_shape = array<i64: 3, 3>} : (tensor<1x64x112xf32>) -> tensor<1x64x110xf32>
  return
}

// -----

func.func @pool_window_too_large(%x: tensor<1x64x2x2xf32>) {
  // expected-error @+2 {{window of size 3 does not fit spatial dimension 0 (2 with padding)}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.average_pool %x {kernel_shape = array<i64: 3, 3>} : (tensor<1x64x2x2xf32>) -> tensor<1x64x1x1xf32>
  return
}

// -----

func.func @global_pool_rank(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{expected input of rank >= 3, got 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.global_average_pool %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Normalization, quantization and resampling
//===----------------------------------------------------------------------===//

func.func @batch_normalization_channels(%x: tensor<1x6x8x8xf32>, %p: tensor<7xf32>) {
  // expected-error @+1 {{'rt.batch_normalization' op per-channel parameters must have 6 elements, got 'tensor<7xf32>'}}
  %r = rt.batch_normalization %x, %p, %p, %p, %p : (tensor<1x6x8x8xf32>, tensor<7xf32>, tensor<7xf32>, tensor<7xf32>, tensor<7xf32>) -> tensor<1x6x8x8xf32>
  return
}

// -----

func.func @batch_normalization_input_rank(%x: tensor<6xf32>, %p: tensor<6xf32>) {
  // expected-error @+1 {{'rt.batch_normalization' op input must have rank >= 2 (N x C x ...)}}
  %r = rt.batch_normalization %x, %p, %p, %p, %p : (tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<6xf32>
  return
}

// -----

func.func @instance_normalization_params_rank(%x: tensor<1x6x8x8xf32>, %s: tensor<1x6xf32>, %b: tensor<6xf32>) {
  // expected-error @+1 {{'rt.instance_normalization' op per-channel parameters must be 1-d, got 'tensor<1x6xf32>'}}
  %r = rt.instance_normalization %x, %s, %b : (tensor<1x6x8x8xf32>, tensor<1x6xf32>, tensor<6xf32>) -> tensor<1x6x8x8xf32>
  return
}

// -----

func.func @group_normalization_groups(%x: tensor<1x6x8x8xf32>, %s: tensor<6xf32>) {
  // expected-error @+1 {{'rt.group_normalization' op channels 6 are not divisible by num_groups 4}}
  %r = rt.group_normalization %x, %s, %s {num_groups = 4 : i64} : (tensor<1x6x8x8xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<1x6x8x8xf32>
  return
}

// -----

func.func @group_normalization_groups_not_positive(%x: tensor<1x6x8x8xf32>, %s: tensor<6xf32>) {
  // expected-error @+1 {{'rt.group_normalization' op num_groups must be positive}}
  %r = rt.group_normalization %x, %s, %s {num_groups = 0 : i64} : (tensor<1x6x8x8xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<1x6x8x8xf32>
  return
}

// -----

// scale and bias are per channel (opset 21), not per group.
func.func @group_normalization_per_group_bias(%x: tensor<1x6x8x8xf32>, %s: tensor<6xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'rt.group_normalization' op per-channel parameters must have 6 elements, got 'tensor<3xf32>'}}
  %r = rt.group_normalization %x, %s, %b {num_groups = 3 : i64} : (tensor<1x6x8x8xf32>, tensor<6xf32>, tensor<3xf32>) -> tensor<1x6x8x8xf32>
  return
}

// -----

func.func @layer_normalization_axis(%x: tensor<2x3x4xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{'rt.layer_normalization' op axis 5 is out of range for rank 3}}
  %r = rt.layer_normalization %x, %g {axis = 5 : i64} : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

// With axis = -1 the normalized shape is [4]: a 3x4 scale does not
// broadcast to it (it would widen the result).
func.func @layer_normalization_scale_shape(%x: tensor<2x3x4xf32>, %g: tensor<3x4xf32>) {
  // expected-error @+1 {{'rt.layer_normalization' op scale and bias must broadcast to the normalized shape, got 'tensor<3x4xf32>'}}
  %r = rt.layer_normalization %x, %g : (tensor<2x3x4xf32>, tensor<3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @layer_normalization_bias_shape(%x: tensor<2x3x4xf32>, %g: tensor<4xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'rt.layer_normalization' op scale and bias must broadcast to the normalized shape, got 'tensor<3xf32>'}}
  %r = rt.layer_normalization %x, %g, %b : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @lrn_size(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'rt.lrn' op size must be positive, got 0}}
  %r = rt.lrn %x {size = 0 : i64} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @resize_scales_and_sizes(%x: tensor<1x3x4x4xf32>, %s: tensor<4xf32>, %n: tensor<4xi64>) {
  // expected-error @+1 {{'rt.resize' op takes either scales or sizes, not both}}
  %r = rt.resize %x scales %s sizes %n : (tensor<1x3x4x4xf32>, tensor<4xf32>, tensor<4xi64>) -> tensor<?x?x?x?xf32>
  return
}

// -----

func.func @resize_neither_scales_nor_sizes(%x: tensor<1x3x4x4xf32>) {
  // expected-error @+1 {{'rt.resize' op needs scales or sizes}}
  %r = rt.resize %x : (tensor<1x3x4x4xf32>) -> tensor<?x?x?x?xf32>
  return
}

// -----

func.func @resize_mode(%x: tensor<1x3x4x4xf32>, %s: tensor<4xf32>) {
  // expected-error @+1 {{'rt.resize' op unknown mode 'bilinear'}}
  %r = rt.resize %x scales %s {mode = "bilinear"} : (tensor<1x3x4x4xf32>, tensor<4xf32>) -> tensor<?x?x?x?xf32>
  return
}

// -----

func.func @resize_axis_out_of_range(%x: tensor<1x3x4x4xf32>, %s: tensor<2xf32>) {
  // expected-error @+2 {{axis 4 is out of range for rank 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.resize %x scales %s {axes = array<i64: 2, 4>} : (tensor<1x3x4x4xf32>, tensor<2xf32>) -> tensor<1x3x?x?xf32>
  return
}

// -----

func.func @resize_sizes_count(%x: tensor<1x3x4x4xf32>) {
  %n = rt.constant dense<[8, 8]> : tensor<2xi64>
  // expected-error @+2 {{sizes has 2 entries for 4 axes}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.resize %x sizes %n : (tensor<1x3x4x4xf32>, tensor<2xi64>) -> tensor<?x?x?x?xf32>
  return
}

// -----

func.func @resize_scales_count(%x: tensor<1x3x4x4xf32>) {
  %s = rt.constant dense<2.000000e+00> : tensor<3xf32>
  // expected-error @+2 {{scales has 3 entries for 2 axes}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.resize %x scales %s {axes = array<i64: 2, 3>} : (tensor<1x3x4x4xf32>, tensor<3xf32>) -> tensor<1x3x?x?xf32>
  return
}

// -----

func.func @resize_scales_not_positive(%x: tensor<1x3x4x4xf32>) {
  %s = rt.constant dense<[1.000000e+00, 1.000000e+00, 0.000000e+00, 2.000000e+00]> : tensor<4xf32>
  // expected-error @+2 {{scales must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.resize %x scales %s : (tensor<1x3x4x4xf32>, tensor<4xf32>) -> tensor<?x?x?x?xf32>
  return
}

// -----

func.func @depth_to_space_blocksize(%x: tensor<1x8x2x3xf32>) {
  // expected-error @+2 {{blocksize must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.depth_to_space %x {blocksize = 0 : i64} : (tensor<1x8x2x3xf32>) -> tensor<1x8x2x3xf32>
  return
}

// -----

func.func @depth_to_space_rank(%x: tensor<8x2x3xf32>) {
  // expected-error @+2 {{expected a 4-d input}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.depth_to_space %x {blocksize = 2 : i64} : (tensor<8x2x3xf32>) -> tensor<2x4x6xf32>
  return
}

// -----

func.func @depth_to_space_channels(%x: tensor<1x6x2x3xf32>) {
  // expected-error @+2 {{channels 6 not divisible by blocksize^2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.depth_to_space %x {blocksize = 2 : i64} : (tensor<1x6x2x3xf32>) -> tensor<1x1x4x6xf32>
  return
}

// -----

func.func @depth_to_space_mode(%x: tensor<1x8x2x3xf32>) {
  // expected-error @+2 {{mode must be DCR or CRD}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.depth_to_space %x {blocksize = 2 : i64, mode = "RCD"} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
  return
}

// -----

func.func @space_to_depth_spatial(%x: tensor<1x2x4x5xf32>) {
  // expected-error @+2 {{spatial size 5 not divisible by blocksize}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.space_to_depth %x {blocksize = 2 : i64} : (tensor<1x2x4x5xf32>) -> tensor<1x8x2x2xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Constants and shapes
//===----------------------------------------------------------------------===//

func.func @constant_unranked() {
  // expected-error @+1 {{'rt.constant' op value must be a ranked tensor}}
  %r = rt.constant dense_resource<blob> : tensor<*xf32>
  return
}

// -----

func.func @constant_of_shape_value_size(%s: tensor<2xi64>) {
  // expected-error @+1 {{'rt.constant_of_shape' op value must have exactly one element}}
  %r = rt.constant_of_shape %s {value = dense<[1, 2]> : tensor<2xi64>} : (tensor<2xi64>) -> tensor<?x?xi64>
  return
}

// -----

func.func @constant_of_shape_negative() {
  %s = rt.constant dense<[3, -2]> : tensor<2xi64>
  // expected-error @+2 {{shape has negative dimension -2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.constant_of_shape %s : (tensor<2xi64>) -> tensor<?x?xf32>
  return
}

// -----

func.func @eye_like_rank(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{eye_like needs a 2-d input}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.eye_like %x : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @range_element_types(%a: tensor<i64>, %b: tensor<i32>) {
  // expected-error @+2 {{start, limit and delta must have the same element type}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.range %a, %b, %a : (tensor<i64>, tensor<i32>, tensor<i64>) -> tensor<?xi64>
  return
}

// -----

func.func @range_zero_delta() {
  %a = rt.constant dense<0> : tensor<i64>
  %b = rt.constant dense<4> : tensor<i64>
  %d = rt.constant dense<0> : tensor<i64>
  // expected-error @+2 {{range delta must not be zero}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.range %a, %b, %d : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<?xi64>
  return
}

// -----

func.func @reshape_two_minus_one(%x: tensor<2x3x4xf32>) {
  %s = rt.constant dense<[-1, 4, -1]> : tensor<3xi64>
  // expected-error @+2 {{reshape shape has more than one -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.reshape %x, %s : (tensor<2x3x4xf32>, tensor<3xi64>) -> tensor<?x?x?xf32>
  return
}

// -----

func.func @reshape_copy_out_of_range(%x: tensor<6xf32>) {
  %s = rt.constant dense<[6, 0]> : tensor<2xi64>
  // expected-error @+2 {{reshape shape copies dimension 1 of a rank-1 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.reshape %x, %s : (tensor<6xf32>, tensor<2xi64>) -> tensor<6x1xf32>
  return
}

// -----

func.func @reshape_invalid_dimension(%x: tensor<6xf32>) {
  %s = rt.constant dense<[-2, -3]> : tensor<2xi64>
  // expected-error @+2 {{reshape shape has invalid dimension -2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.reshape %x, %s : (tensor<6xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return
}

// -----

func.func @reshape_minus_one_not_divisible(%x: tensor<2x3x4xf32>) {
  %s = rt.constant dense<[5, -1]> : tensor<2xi64>
  // expected-error @+2 {{cannot reshape 24 elements into a shape with 5 elements per -1 entry}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.reshape %x, %s : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<5x?xf32>
  return
}

// -----

func.func @reshape_element_count(%x: tensor<2x3x4xf32>) {
  %s = rt.constant dense<[5, 5]> : tensor<2xi64>
  // expected-error @+2 {{cannot reshape 24 elements into 25 elements}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.reshape %x, %s : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<5x5xf32>
  return
}

// -----

func.func @flatten_axis(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{flatten axis 3 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.flatten %x {axis = 3 : i64} : (tensor<2x3xf32>) -> tensor<6x1xf32>
  return
}

// -----

func.func @squeeze_axis_out_of_range(%x: tensor<1x4xf32>) {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.squeeze %x {axes = array<i64: 2>} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return
}

// -----

func.func @squeeze_non_unit(%x: tensor<1x4xf32>) {
  // expected-error @+2 {{cannot squeeze dimension 1 of size 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.squeeze %x {axes = array<i64: 1>} : (tensor<1x4xf32>) -> tensor<1xf32>
  return
}

// -----

func.func @unsqueeze_axis_out_of_range(%x: tensor<4xf32>) {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.unsqueeze %x {axes = array<i64: 2>} : (tensor<4xf32>) -> tensor<4x1xf32>
  return
}

// -----

func.func @unsqueeze_repeated_axis(%x: tensor<4xf32>) {
  // expected-error @+2 {{unsqueeze axis -3 repeated}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.unsqueeze %x {axes = array<i64: 0, -3>} : (tensor<4xf32>) -> tensor<1x1x4xf32>
  return
}

// -----

func.func @expand_negative(%x: tensor<1x4xf32>) {
  %s = rt.constant dense<[-3, 4]> : tensor<2xi64>
  // expected-error @+2 {{expand shape has negative dimension -3}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.expand %x, %s : (tensor<1x4xf32>, tensor<2xi64>) -> tensor<?x4xf32>
  return
}

// -----

func.func @expand_not_broadcastable(%x: tensor<2x4xf32>) {
  %s = rt.constant dense<[3, 4]> : tensor<2xi64>
  // expected-error @+2 {{operands are not broadcast-compatible: dimension 2 vs 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.expand %x, %s : (tensor<2x4xf32>, tensor<2xi64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @tile_repeats_count(%x: tensor<2x3xf32>) {
  %n = rt.constant dense<2> : tensor<3xi64>
  // expected-error @+2 {{repeats has 3 entries for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.tile %x, %n : (tensor<2x3xf32>, tensor<3xi64>) -> tensor<?x?xf32>
  return
}

// -----

func.func @tile_negative_repeats(%x: tensor<2x3xf32>) {
  %n = rt.constant dense<[1, -1]> : tensor<2xi64>
  // expected-error @+2 {{repeats must be non-negative}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.tile %x, %n : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return
}

// -----

func.func @transpose_perm_size(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{perm has 3 entries for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.transpose %x {perm = array<i64: 0, 1, 2>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @transpose_bad_perm(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{perm is not a permutation of [0, 3)}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.transpose %x {perm = array<i64: 0, 2, 2>} : (tensor<2x3x4xf32>) -> tensor<2x4x4xf32>
  return
}

// -----

func.func @concat_axis_out_of_range(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.concat %a, %a {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_scalars(%a: tensor<f32>) {
  // expected-error @+2 {{cannot concatenate scalars}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.concat %a, %a {axis = 0 : i64} : (tensor<f32>, tensor<f32>) -> tensor<2xf32>
  return
}

// -----

func.func @concat_rank_mismatch(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{concat inputs have different ranks}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return
}

// -----

func.func @concat_dim_mismatch(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) {
  // expected-error @+2 {{concat inputs differ in dimension 1: 3 vs 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @concat_element_types(%a: tensor<2xf32>, %b: tensor<2xf16>) {
  // expected-error @+1 {{'rt.concat' op requires the same element type for all operands}}
  %r = rt.concat %a, %b {axis = 0 : i64} : (tensor<2xf32>, tensor<2xf16>) -> tensor<4xf32>
  return
}

// -----

func.func @concat_no_inputs() {
  // expected-error @+1 {{'rt.concat' op expected 1 or more operands, but found 0}}
  %r = rt.concat {axis = 0 : i64} : () -> tensor<4xf32>
  return
}

// -----

func.func @split_num_outputs_not_positive(%x: tensor<4xf32>) {
  // expected-error @+2 {{num_outputs must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  rt.split %x {num_outputs = 0 : i64} : (tensor<4xf32>) -> ()
  return
}

// -----

func.func @split_axis_out_of_range(%x: tensor<4xf32>) {
  // expected-error @+2 {{axis 1 is out of range for rank 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %r:2 = rt.split %x {axis = 1 : i64, num_outputs = 2 : i64} : (tensor<4xf32>) -> (tensor<2xf32>, tensor<2xf32>)
  return
}

// -----

func.func @split_sizes_count(%x: tensor<4xf32>) {
  // expected-error @+2 {{split has 3 sizes for 2 outputs}}
  // expected-error @+1 {{failed to infer returned types}}
  %r:2 = rt.split %x {num_outputs = 2 : i64, split = array<i64: 1, 1, 2>} : (tensor<4xf32>) -> (tensor<1xf32>, tensor<3xf32>)
  return
}

// -----

func.func @split_negative_size(%x: tensor<4xf32>) {
  // expected-error @+2 {{split sizes must be non-negative}}
  // expected-error @+1 {{failed to infer returned types}}
  %r:2 = rt.split %x {num_outputs = 2 : i64, split = array<i64: 5, -1>} : (tensor<4xf32>) -> (tensor<5xf32>, tensor<?xf32>)
  return
}

// -----

func.func @split_sizes_sum(%x: tensor<4xf32>) {
  // expected-error @+2 {{split sizes sum to 3 but the dimension is 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %r:2 = rt.split %x {num_outputs = 2 : i64, split = array<i64: 1, 2>} : (tensor<4xf32>) -> (tensor<1xf32>, tensor<2xf32>)
  return
}

// -----

func.func @split_uneven(%x: tensor<5xf32>) {
  // expected-error @+2 {{cannot split dimension 5 into 4 outputs}}
  // expected-error @+1 {{failed to infer returned types}}
  %r:4 = rt.split %x {num_outputs = 4 : i64} : (tensor<5xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<?xf32>)
  return
}

// -----

func.func @split_result_count(%x: tensor<4xf32>) {
  // expected-error @+1 {{'rt.split' op has 2 results but num_outputs = 3}}
  %r:2 = rt.split %x {num_outputs = 3 : i64} : (tensor<4xf32>) -> (tensor<2xf32>, tensor<2xf32>)
  return
}

// -----

func.func @slice_lengths(%x: tensor<4x4xf32>) {
  %s = rt.constant dense<0> : tensor<2xi64>
  %e = rt.constant dense<2> : tensor<1xi64>
  // expected-error @+2 {{starts, ends, axes and steps must have the same length}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.slice %x starts %s ends %e : (tensor<4x4xf32>, tensor<2xi64>, tensor<1xi64>) -> tensor<?x?xf32>
  return
}

// -----

func.func @slice_axis_out_of_range(%x: tensor<4x4xf32>) {
  %s = rt.constant dense<0> : tensor<1xi64>
  %e = rt.constant dense<2> : tensor<1xi64>
  %a = rt.constant dense<-3> : tensor<1xi64>
  // expected-error @+2 {{axis -3 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.slice %x starts %s ends %e axes %a : (tensor<4x4xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<?x?xf32>
  return
}

// -----

// Axes are checked even when starts and ends are not constant.
func.func @slice_axis_out_of_range_dynamic_bounds(%x: tensor<4x4xf32>, %s: tensor<1xi64>, %e: tensor<1xi64>) {
  %a = rt.constant dense<2> : tensor<1xi64>
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.slice %x starts %s ends %e axes %a : (tensor<4x4xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<?x?xf32>
  return
}

// -----

func.func @slice_repeated_axis(%x: tensor<4x4xf32>) {
  %s = rt.constant dense<0> : tensor<2xi64>
  %e = rt.constant dense<2> : tensor<2xi64>
  %a = rt.constant dense<[1, -1]> : tensor<2xi64>
  // expected-error @+2 {{slice axis -1 repeated}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.slice %x starts %s ends %e axes %a : (tensor<4x4xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<?x?xf32>
  return
}

// -----

func.func @slice_zero_step(%x: tensor<4x4xf32>) {
  %s = rt.constant dense<0> : tensor<1xi64>
  %e = rt.constant dense<2> : tensor<1xi64>
  %a = rt.constant dense<1> : tensor<1xi64>
  %st = rt.constant dense<0> : tensor<1xi64>
  // expected-error @+2 {{slice step must not be zero}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.slice %x starts %s ends %e axes %a steps %st : (tensor<4x4xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<4x?xf32>
  return
}

// -----

func.func @pad_mode(%x: tensor<4xf32>, %p: tensor<2xi64>) {
  // expected-error @+1 {{'rt.pad' op unknown mode 'symmetric'}}
  %r = rt.pad %x pads %p {mode = "symmetric"} : (tensor<4xf32>, tensor<2xi64>) -> tensor<?xf32>
  return
}

// -----

func.func @pad_value_element_type(%x: tensor<4xf32>, %p: tensor<2xi64>, %v: tensor<i32>) {
  // expected-error @+1 {{'rt.pad' op constant_value must have the input's element type}}
  %r = rt.pad %x pads %p value %v : (tensor<4xf32>, tensor<2xi64>, tensor<i32>) -> tensor<?xf32>
  return
}

// -----

func.func @pad_count(%x: tensor<4x4xf32>) {
  %p = rt.constant dense<1> : tensor<2xi64>
  // expected-error @+2 {{pads has 2 entries for 2 axes}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.pad %x pads %p : (tensor<4x4xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return
}

// -----

func.func @pad_negative_result(%x: tensor<4x4xf32>) {
  %p = rt.constant dense<[0, -3, 0, -2]> : tensor<4xi64>
  // expected-error @+2 {{padding makes dimension 1 negative}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.pad %x pads %p : (tensor<4x4xf32>, tensor<4xi64>) -> tensor<?x?xf32>
  return
}

// -----

func.func @pad_axis_out_of_range(%x: tensor<4x4xf32>, %p: tensor<2xi64>) {
  %a = rt.constant dense<5> : tensor<1xi64>
  // expected-error @+2 {{axis 5 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.pad %x pads %p axes %a : (tensor<4x4xf32>, tensor<2xi64>, tensor<1xi64>) -> tensor<?x?xf32>
  return
}

// -----

// With constant pads the axes are checked while computing the result.
func.func @pad_axis_out_of_range_constant_pads(%x: tensor<4x4xf32>) {
  %p = rt.constant dense<0> : tensor<2xi64>
  %a = rt.constant dense<-3> : tensor<1xi64>
  // expected-error @+2 {{axis -3 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.pad %x pads %p axes %a : (tensor<4x4xf32>, tensor<2xi64>, tensor<1xi64>) -> tensor<?x?xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Indexing, reductions and sorting
//===----------------------------------------------------------------------===//

func.func @gather_scalar(%x: tensor<f32>, %i: tensor<i64>) {
  // expected-error @+2 {{cannot gather from a scalar}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.gather %x, %i : (tensor<f32>, tensor<i64>) -> tensor<f32>
  return
}

// -----

func.func @gather_axis(%x: tensor<2x3xf32>, %i: tensor<i64>) {
  // expected-error @+2 {{axis -3 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.gather %x, %i {axis = -3 : i64} : (tensor<2x3xf32>, tensor<i64>) -> tensor<3xf32>
  return
}

// -----

func.func @gather_elements_rank(%x: tensor<2x3xf32>, %i: tensor<2xi64>) {
  // expected-error @+2 {{input and indices must have the same rank}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.gather_elements %x, %i : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2xf32>
  return
}

// -----

func.func @gather_elements_axis(%x: tensor<2x3xf32>, %i: tensor<2x2xi64>) {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.gather_elements %x, %i {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
  return
}

// -----

func.func @gather_nd_depth(%x: tensor<2x2xf32>, %i: tensor<2x3xi64>) {
  // expected-error @+2 {{invalid batch_dims 0 or index depth 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.gather_nd %x, %i : (tensor<2x2xf32>, tensor<2x3xi64>) -> tensor<2xf32>
  return
}

// -----

func.func @gather_nd_batch_dims(%x: tensor<2x3x4xf32>, %i: tensor<2x1xi64>) {
  // expected-error @+2 {{invalid batch_dims 2 or index depth 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.gather_nd %x, %i {batch_dims = 2 : i64} : (tensor<2x3x4xf32>, tensor<2x1xi64>) -> tensor<2xf32>
  return
}

// -----

func.func @one_hot_axis(%i: tensor<3xi64>, %d: tensor<i64>, %v: tensor<2xf32>) {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.one_hot %i, %d, %v {axis = 2 : i64} : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<3x?xf32>
  return
}

// -----

func.func @reduce_axis_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{reduction axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.reduce_sum %x {axes = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @reduce_repeated_axis(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{reduction axis -1 repeated}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.reduce_max %x {axes = array<i64: 1, -1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return
}

// -----

func.func @arg_max_axis(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{reduction axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = rt.arg_max %x {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xi64>
  return
}

// -----

func.func @top_k_axis(%x: tensor<4x10xf32>, %k: tensor<1xi64>) {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %v, %i = rt.top_k %x, %k {axis = 2 : i64} : (tensor<4x10xf32>, tensor<1xi64>) -> (tensor<4x?xf32>, tensor<4x?xi64>)
  return
}

// -----

func.func @top_k_k_too_large(%x: tensor<4x10xf32>) {
  %k = rt.constant dense<11> : tensor<1xi64>
  // expected-error @+2 {{k = 11 is out of range}}
  // expected-error @+1 {{failed to infer returned types}}
  %v, %i = rt.top_k %x, %k : (tensor<4x10xf32>, tensor<1xi64>) -> (tensor<4x11xf32>, tensor<4x11xi64>)
  return
}

// -----

func.func @lrn_negative_size(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'rt.lrn' op size must be positive, got -2}}
  %y = rt.lrn %x {size = -2 : i64} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

func.func @batch_norm_params_disagree(%x: tensor<?x?x4x4xf32>, %s: tensor<6xf32>, %b: tensor<7xf32>) -> tensor<?x?x4x4xf32> {
  // expected-error @+1 {{'rt.batch_normalization' op per-channel parameters must have 6 elements, got 'tensor<7xf32>'}}
  %y = rt.batch_normalization %x, %s, %b, %s, %s : (tensor<?x?x4x4xf32>, tensor<6xf32>, tensor<7xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x?x4x4xf32>
  return %y : tensor<?x?x4x4xf32>
}
