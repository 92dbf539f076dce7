// RUN: rt-opt %s --rt-generate-kernels --split-input-file --verify-diagnostics

// Rows per block must divide the rows and come with a warp per row.
func.func @layernorm_bad_rows(%x: tensor<2x3x40xf16>, %s: tensor<40xf16>, %b: tensor<40xf16>) -> tensor<2x3x40xf16> {
  // expected-error @+1 {{fusion group 'ln': rows 4 per block needs a block of one warp per row (32 x rows threads) and must divide the 6 rows}}
  %0 = rt.fusion_group "ln" kind "reduction"(%x, %s, %b) {rtgpu.strategy = #rtgpu.norm_row<threads = 128, rows = 4>} : (tensor<2x3x40xf16>, tensor<40xf16>, tensor<40xf16>) -> tensor<2x3x40xf16> {
  ^bb0(%a: tensor<2x3x40xf16>, %ss: tensor<40xf16>, %bb: tensor<40xf16>):
    %1 = rt.layer_normalization %a, %ss, %bb {axis = -1 : i64, epsilon = 1.0e-05 : f32} : (tensor<2x3x40xf16>, tensor<40xf16>, tensor<40xf16>) -> tensor<2x3x40xf16>
    rt.yield %1 : tensor<2x3x40xf16>
  }
  return %0 : tensor<2x3x40xf16>
}
