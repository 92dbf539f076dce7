// RUN: rt-opt %s --rt-generate-kernels --split-input-file --verify-diagnostics | FileCheck %s

// The WMMA kernel (chosen only when a tile records it; the heuristic picks
// mma_gemm, test/Conversion/RTToGPU/mma-gemm.mlir).
// A float16 MatMul with a bias and GELU-free epilogue. 64x64 tiles over a 100x72 product: grid 2 x 2, 4 warps, shared
// memory for the operand tiles (reused for the float32 accumulator tile).
// CHECK-LABEL: func.func @matmul_bias
// CHECK: rt.launch = array<i64: 2, 2, 1, 128, 1, 1, 17408>
// CHECK-SAME: rtgpu.strategy = #rtgpu.gemm<kernel = wmma, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2>
// CHECK: gpu.func
// CHECK: gpu.dynamic_shared_memory
// CHECK: scf.for
// CHECK: gpu.barrier
// CHECK: gpu.subgroup_mma_load_matrix {{.*}} {leadDimension = 40 : index} : memref<64x40xf16, #gpu.address_space<workgroup>> -> !gpu.mma_matrix<16x16xf16, "AOp">
// CHECK: gpu.subgroup_mma_load_matrix {{.*}} {leadDimension = 72 : index} : memref<32x72xf16, #gpu.address_space<workgroup>> -> !gpu.mma_matrix<16x16xf16, "BOp">
// CHECK: gpu.subgroup_mma_compute {{.*}} -> !gpu.mma_matrix<16x16xf32, "COp">
// CHECK: gpu.subgroup_mma_store_matrix
// Epilogue: 8 consecutive columns per thread, one 16-byte store.
// CHECK: scf.if
// CHECK: vector.load {{.*}} vector<8xf32>
// CHECK-COUNT-8: arith.addf
// CHECK: vector.from_elements {{.*}} : vector<8xf16>
// CHECK: vector.store {{.*}} : memref<100x72xf16>, vector<8xf16>
func.func @matmul_bias(%x: tensor<100x48xf16>, %w: tensor<48x72xf16>, %b: tensor<72xf16>) -> tensor<100x72xf16> {
  %0 = rt.fusion_group "mm" kind "gemm"(%x, %w, %b) {rtgpu.strategy = #rtgpu.gemm<kernel = wmma, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2>} : (tensor<100x48xf16>, tensor<48x72xf16>, tensor<72xf16>) -> tensor<100x72xf16> {
  ^bb0(%a: tensor<100x48xf16>, %ww: tensor<48x72xf16>, %bb: tensor<72xf16>):
    %1 = rt.matmul %a, %ww : (tensor<100x48xf16>, tensor<48x72xf16>) -> tensor<100x72xf16>
    %2 = rt.add %1, %bb : (tensor<100x72xf16>, tensor<72xf16>) -> tensor<100x72xf16>
    rt.yield %2 : tensor<100x72xf16>
  }
  return %0 : tensor<100x72xf16>
}

// -----

// A merged QKV projection split into heads: every output's index is the
// product element's index mapped forward through split, reshape and
// transpose; stores are guarded by the split's range.
// CHECK-LABEL: func.func @qkv
// CHECK: #rtgpu.gemm<kernel = wmma
// CHECK: gpu.func
// CHECK-COUNT-3: memref.store %{{.*}} : memref<1x2x8x4xf16>
func.func @qkv(%x: tensor<8x16xf16>, %w: tensor<16x24xf16>) -> (tensor<1x2x8x4xf16>, tensor<1x2x8x4xf16>, tensor<1x2x8x4xf16>) {
  %0:3 = rt.fusion_group "qkv" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = wmma, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2>} : (tensor<8x16xf16>, tensor<16x24xf16>) -> (tensor<1x2x8x4xf16>, tensor<1x2x8x4xf16>, tensor<1x2x8x4xf16>) {
  ^bb0(%a: tensor<8x16xf16>, %ww: tensor<16x24xf16>):
    %s = rt.constant dense<[1, 8, 2, 4]> : tensor<4xi64>
    %1 = rt.matmul %a, %ww : (tensor<8x16xf16>, tensor<16x24xf16>) -> tensor<8x24xf16>
    %2:3 = rt.split %1 {axis = 1 : i64, num_outputs = 3 : i64} : (tensor<8x24xf16>) -> (tensor<8x8xf16>, tensor<8x8xf16>, tensor<8x8xf16>)
    %q = rt.reshape %2#0, %s : (tensor<8x8xf16>, tensor<4xi64>) -> tensor<1x8x2x4xf16>
    %k = rt.reshape %2#1, %s : (tensor<8x8xf16>, tensor<4xi64>) -> tensor<1x8x2x4xf16>
    %v = rt.reshape %2#2, %s : (tensor<8x8xf16>, tensor<4xi64>) -> tensor<1x8x2x4xf16>
    %qt = rt.transpose %q {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x8x2x4xf16>) -> tensor<1x2x8x4xf16>
    %kt = rt.transpose %k {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x8x2x4xf16>) -> tensor<1x2x8x4xf16>
    %vt = rt.transpose %v {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x8x2x4xf16>) -> tensor<1x2x8x4xf16>
    rt.yield %qt, %kt, %vt : tensor<1x2x8x4xf16>, tensor<1x2x8x4xf16>, tensor<1x2x8x4xf16>
  }
  return %0#0, %0#1, %0#2 : tensor<1x2x8x4xf16>, tensor<1x2x8x4xf16>, tensor<1x2x8x4xf16>
}

// -----

// Channels-last convolution as an implicit GEMM: rows are output pixels
// (2*4*4 = 32), columns filters (16), K = 3*3*8 = 72.
// CHECK-LABEL: func.func @conv
// CHECK: rt.launch = array<i64: 1, 1, 1, 128, 1, 1, 17408>
// CHECK-SAME: #rtgpu.gemm<kernel = wmma
// CHECK: gpu.subgroup_mma_compute
func.func @conv(%x: tensor<2x8x8x8xf16>, %w: tensor<16x3x3x8xf16>, %b: tensor<16xf16>) -> tensor<2x4x4x16xf16> {
  %0 = rt.fusion_group "conv" kind "conv"(%x, %w, %b) {rtgpu.strategy = #rtgpu.gemm<kernel = wmma, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2>} : (tensor<2x8x8x8xf16>, tensor<16x3x3x8xf16>, tensor<16xf16>) -> tensor<2x4x4x16xf16> {
  ^bb0(%a: tensor<2x8x8x8xf16>, %ww: tensor<16x3x3x8xf16>, %bb: tensor<16xf16>):
    %1 = rt.conv %a, %ww, %bb {channels_last = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x8x8x8xf16>, tensor<16x3x3x8xf16>, tensor<16xf16>) -> tensor<2x4x4x16xf16>
    %2 = rt.relu %1 : (tensor<2x4x4x16xf16>) -> tensor<2x4x4x16xf16>
    rt.yield %2 : tensor<2x4x4x16xf16>
  }
  return %0 : tensor<2x4x4x16xf16>
}

// -----

// float32 operands (no 16-bit tensor-core path) use the elemental kernel.
// CHECK-LABEL: func.func @matmul_f32
// CHECK: #rtgpu.elemental<
func.func @matmul_f32(%x: tensor<4x8xf32>, %w: tensor<8x4xf32>) -> tensor<4x4xf32> {
  %0 = rt.fusion_group "mm" kind "gemm"(%x, %w) : (tensor<4x8xf32>, tensor<8x4xf32>) -> tensor<4x4xf32> {
  ^bb0(%a: tensor<4x8xf32>, %ww: tensor<8x4xf32>):
    %1 = rt.matmul %a, %ww : (tensor<4x8xf32>, tensor<8x4xf32>) -> tensor<4x4xf32>
    rt.yield %1 : tensor<4x4xf32>
  }
  return %0 : tensor<4x4xf32>
}

// -----

func.func @bad_tile(%x: tensor<32x32xf16>, %w: tensor<32x32xf16>) -> tensor<32x32xf16> {
  // expected-error @+1 {{WMMA tile 40x64x32 (warps 2x2, stages 1): warp tiles (block_m / warps_m x block_n / warps_n) must be positive multiples of 16}}
  %0 = rt.fusion_group "mm" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = wmma, block_m = 40, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2>} : (tensor<32x32xf16>, tensor<32x32xf16>) -> tensor<32x32xf16> {
  ^bb0(%a: tensor<32x32xf16>, %ww: tensor<32x32xf16>):
    %1 = rt.matmul %a, %ww : (tensor<32x32xf16>, tensor<32x32xf16>) -> tensor<32x32xf16>
    rt.yield %1 : tensor<32x32xf16>
  }
  return %0 : tensor<32x32xf16>
}

// -----

func.func @not_a_gemm(%x: tensor<32xf16>) -> tensor<32xf16> {
  // expected-error @+1 {{fusion group 'r' does not fit the tiled GEMM kernel}}
  %0 = rt.fusion_group "r" kind "elementwise"(%x) {rtgpu.strategy = #rtgpu.gemm<kernel = wmma, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2>} : (tensor<32xf16>) -> tensor<32xf16> {
  ^bb0(%a: tensor<32xf16>):
    %1 = rt.relu %a : (tensor<32xf16>) -> tensor<32xf16>
    rt.yield %1 : tensor<32xf16>
  }
  return %0 : tensor<32xf16>
}

// -----

func.func @wmma_bf16(%x: tensor<32x32xbf16>, %w: tensor<32x32xbf16>) -> tensor<32x32xbf16> {
  // expected-error @+1 {{fusion group 'mm': the WMMA kernel multiplies float16 only (use mma_gemm)}}
  %0 = rt.fusion_group "mm" kind "gemm"(%x, %w) {rtgpu.strategy = #rtgpu.gemm<kernel = wmma, block_m = 64, block_n = 64, block_k = 32, warps_m = 2, warps_n = 2>} : (tensor<32x32xbf16>, tensor<32x32xbf16>) -> tensor<32x32xbf16> {
  ^bb0(%a: tensor<32x32xbf16>, %ww: tensor<32x32xbf16>):
    %1 = rt.matmul %a, %ww : (tensor<32x32xbf16>, tensor<32x32xbf16>) -> tensor<32x32xbf16>
    rt.yield %1 : tensor<32x32xbf16>
  }
  return %0 : tensor<32x32xbf16>
}
