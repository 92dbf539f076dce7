// RUN: rt-opt %s --rt-fuse-attention --split-input-file | FileCheck %s

// BERT as PyTorch exports it: sqrt(scale) on Q and on K^T, an additive mask
// from Where, and the NaN guard after the softmax.
// CHECK-LABEL: func.func @bert
// CHECK-SAME: (%[[Q:.+]]: tensor<1x12x128x64xf32>, %[[KT:.+]]: tensor<1x12x64x128xf32>, %[[V:.+]]: tensor<1x12x128x64xf32>, %[[M:.+]]: tensor<1x1x128x128xf32>)
// CHECK: %[[K:.+]] = rt.transpose %[[KT]] {perm = array<i64: 0, 1, 3, 2>} : (tensor<1x12x64x128xf32>) -> tensor<1x12x128x64xf32>
// CHECK: %[[O:.+]] = rt.attention %[[Q]], %[[K]], %[[V]] mask %[[M]] {nan_guard = 1 : i64, scale = 0.124999993 : f32}
// CHECK-NOT: rt.softmax
// CHECK: return %[[O]]
func.func @bert(%q: tensor<1x12x128x64xf32>, %kt: tensor<1x12x64x128xf32>, %v: tensor<1x12x128x64xf32>, %m: tensor<1x1x128x128xf32>) -> tensor<1x12x128x64xf32> {
  %s = rt.constant dense<0.353553385> : tensor<f32>
  %z = rt.constant dense<0.0> : tensor<1xf32>
  %0 = rt.mul %q, %s : (tensor<1x12x128x64xf32>, tensor<f32>) -> tensor<1x12x128x64xf32>
  %1 = rt.mul %kt, %s : (tensor<1x12x64x128xf32>, tensor<f32>) -> tensor<1x12x64x128xf32>
  %2 = rt.matmul %0, %1 : (tensor<1x12x128x64xf32>, tensor<1x12x64x128xf32>) -> tensor<1x12x128x128xf32>
  %3 = rt.add %2, %m : (tensor<1x12x128x128xf32>, tensor<1x1x128x128xf32>) -> tensor<1x12x128x128xf32>
  %4 = rt.softmax %3 : (tensor<1x12x128x128xf32>) -> tensor<1x12x128x128xf32>
  %5 = rt.is_nan %4 : (tensor<1x12x128x128xf32>) -> tensor<1x12x128x128xi1>
  %6 = rt.where %5, %z, %4 : (tensor<1x12x128x128xi1>, tensor<1xf32>, tensor<1x12x128x128xf32>) -> tensor<1x12x128x128xf32>
  %7 = rt.matmul %6, %v : (tensor<1x12x128x128xf32>, tensor<1x12x128x64xf32>) -> tensor<1x12x128x64xf32>
  return %7 : tensor<1x12x128x64xf32>
}

// -----

// GPT-2: a constant additive causal mask (0 on and below the diagonal).
// CHECK-LABEL: func.func @gpt2
// CHECK: rt.attention %arg0, %{{.+}}, %arg2 {is_causal = 1 : i64, scale = 5.000000e-01 : f32}
// CHECK-NOT: rt.softmax
func.func @gpt2(%q: tensor<1x2x3x4xf32>, %kt: tensor<1x2x4x3xf32>, %v: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %m = rt.constant dense<[[[[0.0, -3.40282347E+38, -3.40282347E+38], [0.0, 0.0, -3.40282347E+38], [0.0, 0.0, 0.0]]]]> : tensor<1x1x3x3xf32>
  %d = rt.constant dense<2.0> : tensor<f32>
  %0 = rt.matmul %q, %kt : (tensor<1x2x3x4xf32>, tensor<1x2x4x3xf32>) -> tensor<1x2x3x3xf32>
  %1 = rt.div %0, %d : (tensor<1x2x3x3xf32>, tensor<f32>) -> tensor<1x2x3x3xf32>
  %2 = rt.add %1, %m : (tensor<1x2x3x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32>
  %3 = rt.softmax %2 : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %4 = rt.matmul %3, %v : (tensor<1x2x3x3xf32>, tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
  return %4 : tensor<1x2x3x4xf32>
}

// -----

// The same mask as the importer writes an initializer (a resource blob of
// raw float32 values, -inf above the diagonal).
// CHECK-LABEL: func.func @gpt2_resource_mask
// CHECK: rt.attention {{.*}}is_causal = 1 : i64
func.func @gpt2_resource_mask(%q: tensor<1x2x3x4xf32>, %kt: tensor<1x2x4x3xf32>, %v: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %m = rt.constant dense_resource<causal_mask> : tensor<1x1x3x3xf32>
  %0 = rt.matmul %q, %kt : (tensor<1x2x3x4xf32>, tensor<1x2x4x3xf32>) -> tensor<1x2x3x3xf32>
  %2 = rt.add %0, %m : (tensor<1x2x3x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32>
  %3 = rt.softmax %2 : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %4 = rt.matmul %3, %v : (tensor<1x2x3x3xf32>, tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
  return %4 : tensor<1x2x3x4xf32>
}
{-#
  dialect_resources: {
    builtin: {
      causal_mask: "0x0400000000000000000080FF000080FF0000000000000000000080FF000000000000000000000000"
    }
  }
#-}

// -----

// In float16 (after rt-convert-precision, which saturates float32's lowest
// to -65504), the same mask is causal too; -10000 (old BERT exports) is a
// mask like any other.
// CHECK-LABEL: func.func @gpt2_fp16
// CHECK: rt.attention %arg0, %{{.+}}, %arg2 {is_causal = 1 : i64
// CHECK: rt.attention %arg0, %{{.+}}, %arg2 mask %{{.+}} {scale
func.func @gpt2_fp16(%q: tensor<1x2x3x4xf16>, %kt: tensor<1x2x4x3xf16>, %v: tensor<1x2x3x4xf16>) -> (tensor<1x2x3x4xf16>, tensor<1x2x3x4xf16>) {
  %m = rt.constant dense<[[[[0.0, -65504.0, -65504.0], [0.0, 0.0, -65504.0], [0.0, 0.0, 0.0]]]]> : tensor<1x1x3x3xf16>
  %m2 = rt.constant dense<[[[[0.0, -10000.0, -10000.0], [0.0, 0.0, -10000.0], [0.0, 0.0, 0.0]]]]> : tensor<1x1x3x3xf16>
  %0 = rt.matmul %q, %kt : (tensor<1x2x3x4xf16>, tensor<1x2x4x3xf16>) -> tensor<1x2x3x3xf16>
  %2 = rt.add %0, %m : (tensor<1x2x3x3xf16>, tensor<1x1x3x3xf16>) -> tensor<1x2x3x3xf16>
  %3 = rt.softmax %2 : (tensor<1x2x3x3xf16>) -> tensor<1x2x3x3xf16>
  %4 = rt.matmul %3, %v : (tensor<1x2x3x3xf16>, tensor<1x2x3x4xf16>) -> tensor<1x2x3x4xf16>
  %5 = rt.matmul %q, %kt : (tensor<1x2x3x4xf16>, tensor<1x2x4x3xf16>) -> tensor<1x2x3x3xf16>
  %6 = rt.add %5, %m2 : (tensor<1x2x3x3xf16>, tensor<1x1x3x3xf16>) -> tensor<1x2x3x3xf16>
  %7 = rt.softmax %6 : (tensor<1x2x3x3xf16>) -> tensor<1x2x3x3xf16>
  %8 = rt.matmul %7, %v : (tensor<1x2x3x3xf16>, tensor<1x2x3x4xf16>) -> tensor<1x2x3x4xf16>
  return %4, %8 : tensor<1x2x3x4xf16>, tensor<1x2x3x4xf16>
}

// -----

// GPT-2 at batch 2: the additive mask computed from constants, Where(batch
// index equality And tril, 0, lowest) — equal at every position (the
// indices as a resource blob of int64), so the mask is causal (lowest as
// rt-convert-precision leaves it for float16: -65504).
// CHECK-LABEL: func.func @gpt2_computed_mask
// CHECK: rt.attention %arg0, %{{.+}}, %arg2 {is_causal = 1 : i64, scale = 1.000000e+00 : f32}
// CHECK-NOT: rt.add
func.func @gpt2_computed_mask(%q: tensor<2x2x3x4xf32>, %kt: tensor<2x2x4x3xf32>, %v: tensor<2x2x3x4xf32>) -> tensor<2x2x3x4xf32> {
  %rows = rt.constant dense_resource<batch_rows> : tensor<2x1x3x1xi64>
  %cols = rt.constant dense<[[[[0, 0, 0]]], [[[1, 1, 1]]]]> : tensor<2x1x1x3xi64>
  %tril = rt.constant dense<[[[[true, false, false], [true, true, false], [true, true, true]]]]> : tensor<1x1x3x3xi1>
  %zero = rt.constant dense<0.0> : tensor<f32>
  %low = rt.constant dense<-65504.0> : tensor<f32>
  %e = rt.equal %rows, %cols : (tensor<2x1x3x1xi64>, tensor<2x1x1x3xi64>) -> tensor<2x1x3x3xi1>
  %keep = rt.and %e, %tril : (tensor<2x1x3x3xi1>, tensor<1x1x3x3xi1>) -> tensor<2x1x3x3xi1>
  %m = rt.where %keep, %zero, %low : (tensor<2x1x3x3xi1>, tensor<f32>, tensor<f32>) -> tensor<2x1x3x3xf32>
  %0 = rt.matmul %q, %kt : (tensor<2x2x3x4xf32>, tensor<2x2x4x3xf32>) -> tensor<2x2x3x3xf32>
  %2 = rt.add %0, %m : (tensor<2x2x3x3xf32>, tensor<2x1x3x3xf32>) -> tensor<2x2x3x3xf32>
  %3 = rt.softmax %2 : (tensor<2x2x3x3xf32>) -> tensor<2x2x3x3xf32>
  %4 = rt.matmul %3, %v : (tensor<2x2x3x3xf32>, tensor<2x2x3x4xf32>) -> tensor<2x2x3x4xf32>
  return %4 : tensor<2x2x3x4xf32>
}
{-#
  dialect_resources: {
    builtin: {
      batch_rows: "0x08000000000000000000000000000000000000000000000000000000010000000000000001000000000000000100000000000000"
    }
  }
#-}

// -----

// The same with indices that differ somewhere (a packed second sequence):
// not causal, the computed mask stays (Where, And and Equal unfolded: the
// row indices are a resource blob).
// CHECK-LABEL: func.func @gpt2_computed_mask_packed
// CHECK: rt.attention %arg0, %{{.+}}, %arg2 mask %{{.+}} {scale
func.func @gpt2_computed_mask_packed(%q: tensor<2x2x3x4xf32>, %kt: tensor<2x2x4x3xf32>, %v: tensor<2x2x3x4xf32>) -> tensor<2x2x3x4xf32> {
  %rows = rt.constant dense_resource<packed_rows> : tensor<2x1x3x1xi64>
  %cols = rt.constant dense<[[[[0, 0, 0]]], [[[1, 1, 2]]]]> : tensor<2x1x1x3xi64>
  %tril = rt.constant dense<[[[[true, false, false], [true, true, false], [true, true, true]]]]> : tensor<1x1x3x3xi1>
  %zero = rt.constant dense<0.0> : tensor<f32>
  %low = rt.constant dense<-3.40282347E+38> : tensor<f32>
  %e = rt.equal %rows, %cols : (tensor<2x1x3x1xi64>, tensor<2x1x1x3xi64>) -> tensor<2x1x3x3xi1>
  %keep = rt.and %e, %tril : (tensor<2x1x3x3xi1>, tensor<1x1x3x3xi1>) -> tensor<2x1x3x3xi1>
  %m = rt.where %keep, %zero, %low : (tensor<2x1x3x3xi1>, tensor<f32>, tensor<f32>) -> tensor<2x1x3x3xf32>
  %0 = rt.matmul %q, %kt : (tensor<2x2x3x4xf32>, tensor<2x2x4x3xf32>) -> tensor<2x2x3x3xf32>
  %2 = rt.add %0, %m : (tensor<2x2x3x3xf32>, tensor<2x1x3x3xf32>) -> tensor<2x2x3x3xf32>
  %3 = rt.softmax %2 : (tensor<2x2x3x3xf32>) -> tensor<2x2x3x3xf32>
  %4 = rt.matmul %3, %v : (tensor<2x2x3x3xf32>, tensor<2x2x3x4xf32>) -> tensor<2x2x3x4xf32>
  return %4 : tensor<2x2x3x4xf32>
}
{-#
  dialect_resources: {
    builtin: {
      packed_rows: "0x08000000000000000000000000000000000000000000000000000000010000000000000001000000000000000100000000000000"
    }
  }
#-}

// -----

// The causal mask as a selection: Where(tril, S, -1e9).
// CHECK-LABEL: func.func @where_causal
// CHECK: rt.attention {{.*}}is_causal = 1 : i64
func.func @where_causal(%q: tensor<2x2x4xf32>, %kt: tensor<2x4x2xf32>, %v: tensor<2x2x4xf32>) -> tensor<2x2x4xf32> {
  %tri = rt.constant dense<[[[true, false], [true, true]]]> : tensor<1x2x2xi1>
  %c = rt.constant dense<-1.0e9> : tensor<f32>
  %0 = rt.matmul %q, %kt : (tensor<2x2x4xf32>, tensor<2x4x2xf32>) -> tensor<2x2x2xf32>
  %1 = rt.where %tri, %0, %c : (tensor<1x2x2xi1>, tensor<2x2x2xf32>, tensor<f32>) -> tensor<2x2x2xf32>
  %2 = rt.softmax %1 : (tensor<2x2x2xf32>) -> tensor<2x2x2xf32>
  %3 = rt.matmul %2, %v : (tensor<2x2x2xf32>, tensor<2x2x4xf32>) -> tensor<2x2x4xf32>
  return %3 : tensor<2x2x4xf32>
}

// -----

// Not attention: the probabilities are also returned.
// CHECK-LABEL: func.func @probs_used
// CHECK-NOT: rt.attention
// CHECK: rt.softmax
func.func @probs_used(%q: tensor<2x2x4xf32>, %kt: tensor<2x4x2xf32>, %v: tensor<2x2x4xf32>) -> (tensor<2x2x4xf32>, tensor<2x2x2xf32>) {
  %0 = rt.matmul %q, %kt : (tensor<2x2x4xf32>, tensor<2x4x2xf32>) -> tensor<2x2x2xf32>
  %1 = rt.softmax %0 : (tensor<2x2x2xf32>) -> tensor<2x2x2xf32>
  %2 = rt.matmul %1, %v : (tensor<2x2x2xf32>, tensor<2x2x4xf32>) -> tensor<2x2x4xf32>
  return %2, %1 : tensor<2x2x4xf32>, tensor<2x2x2xf32>
}

// -----

// Not attention: the softmax is over another axis.
// CHECK-LABEL: func.func @softmax_axis
// CHECK-NOT: rt.attention
func.func @softmax_axis(%q: tensor<2x2x4xf32>, %kt: tensor<2x4x2xf32>, %v: tensor<2x2x4xf32>) -> tensor<2x2x4xf32> {
  %0 = rt.matmul %q, %kt : (tensor<2x2x4xf32>, tensor<2x4x2xf32>) -> tensor<2x2x2xf32>
  %1 = rt.softmax %0 {axis = 1 : i64} : (tensor<2x2x2xf32>) -> tensor<2x2x2xf32>
  %2 = rt.matmul %1, %v : (tensor<2x2x2xf32>, tensor<2x2x4xf32>) -> tensor<2x2x4xf32>
  return %2 : tensor<2x2x4xf32>
}
