// REQUIRES: ptxas
// sm_90a engines record the TMA tensor maps of warpgroup-MMA GEMMs fed
// through TMA (engine format 3): per launch, the argument each map covers,
// its element type, extents and box (innermost first) and swizzle; the
// runtime encodes them once the buffers are placed. --describe lists them.
// RUN: rt-opt %s --rt-gpu-pipeline="format=cubin target-arch=sm_90a" | rt-translate --export-engine -o %t.engine
// RUN: env RT_CUDA_DRIVER=/nonexistent/libcuda.so.1 rt-run --load-engine=%t.engine --describe | FileCheck %s
// A map naming an argument the launch does not have is refused.
// RUN: rt-opt %s --rt-gpu-pipeline="format=ptx target-arch=sm_90a" | sed 's/tensor_maps = \[{arg = 0 : i64/tensor_maps = [{arg = 7 : i64/' | not rt-translate --export-engine 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: engine export: fusion group 'gemm' has a malformed rt.tensor_maps entry
// The persistent ping-pong schedule (a block per SM, here 128 tiles):
// RUN: rt-opt %s --rt-gpu-pipeline='format=cubin target-arch=sm_90a gemm-tile={schedule="pingpong",stages=4}' | rt-translate --export-engine -o %t.pp.engine
// RUN: env RT_CUDA_DRIVER=/nonexistent/libcuda.so.1 rt-run --load-engine=%t.pp.engine --describe | FileCheck %s --check-prefix=PINGPONG
// PINGPONG: gemm  [wgmma_gemm 128x128x64, 4 stages, TMA-fed, warp-specialized, persistent ping-pong] {{.*}} grid 128x1x1 block 288 smem 199760
// PINGPONG-NEXT: tensor map: argument 0
// CHECK: engine {{.*}}.engine: sm_90a
// CHECK: gemm  [wgmma_gemm 128x128x64, 5 stages, TMA-fed, warp-specialized] {{.*}} block 288 smem 164944
// CHECK-NEXT: tensor map: argument 0 float16[512x2048] (innermost first), box 64x128, swizzle 128B
// CHECK-NEXT: tensor map: argument 1 float16[512x1024] (innermost first), box 64x128, swizzle 128B
func.func @main(%x: tensor<2048x512xf16> {rt.name = "x"}, %w: tensor<1024x512xf16> {rt.name = "w"}) -> (tensor<2048x1024xf16> {rt.name = "y"}) {
  %0 = rt.gemm %x, %w {transB = 1 : i64} : (tensor<2048x512xf16>, tensor<1024x512xf16>) -> tensor<2048x1024xf16>
  return %0 : tensor<2048x1024xf16>
}
