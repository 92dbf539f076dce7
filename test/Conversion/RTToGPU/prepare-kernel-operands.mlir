// rt-prepare-kernel-operands: large constants of a group become group
// inputs, stored in the layout the target's kernels read.
// RUN: rt-opt %s --rt-set-gpu-target=arch=sm_90a --rt-prepare-kernel-operands | FileCheck %s --check-prefix=SM90A
// RUN: rt-opt %s --rt-set-gpu-target=arch=sm_90 --rt-prepare-kernel-operands | FileCheck %s --check-prefix=SM90
// RUN: not rt-opt %s --rt-prepare-kernel-operands 2>&1 | FileCheck %s --check-prefix=NO-TARGET

// NO-TARGET: error: rt-prepare-kernel-operands: the module has no 'rtgpu.target' (rt-set-gpu-target records one)

// Constant [k][n] MatMul weights become a group input: stored [n][k] for
// warpgroup MMA (sm_90a), which reads B k-contiguous, and transposed back
// inside the group; as they are on sm_90. A splat stays in the body.
// SM90A-LABEL: func.func @matmul
// SM90A: %[[W:.+]] = rt.constant dense_resource<weight_nk> : tensor<8x8xf16>
// SM90A: rt.fusion_group "mm" kind "gemm"(%arg0, %[[W]])
// SM90A: rt.transpose %{{.+}} {perm = array<i64: 1, 0>} : (tensor<8x8xf16>) -> tensor<8x8xf16>
// SM90A: rt.constant dense<2.000000e+00> : tensor<f16>
// SM90A: rt.matmul
// SM90-LABEL: func.func @matmul
// SM90: %[[W:.+]] = rt.constant dense<{{.+}}> : tensor<8x8xf16>
// SM90: rt.fusion_group "mm" kind "gemm"(%arg0, %[[W]])
// SM90-NOT: rt.transpose
// SM90: rt.constant dense<2.000000e+00> : tensor<f16>
func.func @matmul(%x: tensor<4x8xf16>) -> tensor<4x8xf16> {
  %0 = rt.fusion_group "mm" kind "gemm"(%x) : (tensor<4x8xf16>) -> tensor<4x8xf16> {
  ^bb0(%a: tensor<4x8xf16>):
    %w = rt.constant dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0], [2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0], [3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0], [6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0]]> : tensor<8x8xf16>
    %two = rt.constant dense<2.0> : tensor<f16>
    %1 = rt.matmul %a, %w : (tensor<4x8xf16>, tensor<8x8xf16>) -> tensor<4x8xf16>
    %2 = rt.mul %1, %two : (tensor<4x8xf16>, tensor<f16>) -> tensor<4x8xf16>
    rt.yield %2 : tensor<4x8xf16>
  }
  return %0 : tensor<4x8xf16>
}

// A group with a strategy keeps its operand layouts (only its constants
// become inputs).
// SM90A-LABEL: func.func @recorded
// SM90A: %[[W:.+]] = rt.constant dense<{{.+}}> : tensor<8x8xf16>
// SM90A: rt.fusion_group "rec" kind "gemm"(%arg0, %[[W]])
// SM90A-NOT: rt.transpose
// SM90A: return
func.func @recorded(%x: tensor<4x8xf16>) -> tensor<4x8xf16> {
  %0 = rt.fusion_group "rec" kind "gemm"(%x) {rtgpu.strategy = #rtgpu.elemental<threads = 256>} : (tensor<4x8xf16>) -> tensor<4x8xf16> {
  ^bb0(%a: tensor<4x8xf16>):
    %w = rt.constant dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0], [2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0], [3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0], [6.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0]]> : tensor<8x8xf16>
    %1 = rt.matmul %a, %w : (tensor<4x8xf16>, tensor<8x8xf16>) -> tensor<4x8xf16>
    rt.yield %1 : tensor<4x8xf16>
  }
  return %0 : tensor<4x8xf16>
}
