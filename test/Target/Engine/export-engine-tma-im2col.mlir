// REQUIRES: ptxas
// A windowed convolution's input comes through a TMA im2col map (engine
// format 4): the engine records the map's mode, the pixels and channels a
// load copies, the bounding box's corners and the traversal strides; the
// runtime encodes it with cuTensorMapEncodeIm2col. --describe lists it.
// (The tile heuristic does not choose im2col loads yet: gemm-tile asks.)
// RUN: rt-opt %s --rt-gpu-pipeline='format=cubin target-arch=sm_90a gemm-tile={load="tma"}' | rt-translate --export-engine -o %t.engine
// RUN: env RT_CUDA_DRIVER=/nonexistent/libcuda.so.1 rt-run --load-engine=%t.engine --describe | FileCheck %s
// CHECK: c  [wgmma_gemm 128x128x64, 5 stages, TMA-fed, warp-specialized] {{.*}} block 288
// CHECK-NEXT: tensor map: argument 0 float16[128x29x29x32] (innermost first), im2col 128 pixels x 64 channels, corners (-1,-1) to (-1,-1), traversal strides 1x2x2x1, swizzle 128B
// CHECK-NEXT: tensor map: argument 1 float16[1152x256] (innermost first), box 64x128, swizzle 128B
// An im2col entry without its corners is refused.
// RUN: rt-opt %s --rt-gpu-pipeline='format=ptx target-arch=sm_90a gemm-tile={load="tma"}' | sed 's/lower_corner = array<i64: -1, -1>, //' | not rt-translate --export-engine 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: engine export: fusion group 'c' has a malformed rt.tensor_maps entry
// So is a mode the runtime does not know.
// RUN: rt-opt %s --rt-gpu-pipeline='format=ptx target-arch=sm_90a gemm-tile={load="tma"}' | sed 's/mode = "im2col"/mode = "gather"/' | not rt-translate --export-engine 2>&1 | FileCheck %s --check-prefix=BAD
// Corners outside what a rank-4 map can hold are refused by the engine's
// checks, naming the step.
// RUN: rt-opt %s --rt-gpu-pipeline='format=ptx target-arch=sm_90a gemm-tile={load="tma"}' | sed 's/lower_corner = array<i64: -1, -1>/lower_corner = array<i64: -1, -300>/' | not rt-translate --export-engine 2>&1 | FileCheck %s --check-prefix=CORNER
// CORNER: step 0 ('c') tensor map over argument 0 has bounding-box corners -300 and -1 in spatial dimension 1 (-128 to 127 at rank 4)
func.func @main(%x: tensor<32x29x29x128xf16> {rt.name = "x"}, %w: tensor<256x3x3x128xf16> {rt.name = "w"}) -> (tensor<32x15x15x256xf16> {rt.name = "y"}) {
  %0 = rt.fusion_group "c" kind "conv"(%x, %w) : (tensor<32x29x29x128xf16>, tensor<256x3x3x128xf16>) -> tensor<32x15x15x256xf16> {
  ^bb0(%a: tensor<32x29x29x128xf16>, %ww: tensor<256x3x3x128xf16>):
    %1 = rt.conv %a, %ww {channels_last = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<32x29x29x128xf16>, tensor<256x3x3x128xf16>) -> tensor<32x15x15x256xf16>
    rt.yield %1 : tensor<32x15x15x256xf16>
  }
  return %0 : tensor<32x15x15x256xf16>
}
