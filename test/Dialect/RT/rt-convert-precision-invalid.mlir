// RUN: rt-opt %s --rt-convert-precision=precision=int4 --verify-diagnostics

// expected-error @+1 {{rt-convert-precision: unknown precision 'int4' (expected fp16, bf16 or fp32)}}
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
