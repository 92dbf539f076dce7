//===- KernelArithmetic.h - GPU forms of kernel arithmetic ------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Arithmetic that kernels evaluate differently from the CPU lowering:
// CUDA C++'s floating-point freedoms (FMA contraction, division by a
// constant as a multiplication), integer powers (no NVVM lowering) and
// rt.gelu's fast exact forms.
//
//===----------------------------------------------------------------------===//

#ifndef RT_LIB_CONVERSION_RTTOGPU_KERNELARITHMETIC_H
#define RT_LIB_CONVERSION_RTTOGPU_KERNELARITHMETIC_H

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/Builders.h"

namespace mlir {
namespace rt {
namespace gpugen {

/// Gives every kernel of `gpuModule` `fastmath<contract>` on float
/// add/sub/mul and rewrites divisions by constants with normal reciprocals
/// into multiplications.
void relaxFloatArithmetic(gpu::GPUModuleOp gpuModule);

/// Expands every math.ipowi of `gpuModule` into exponentiation by squaring.
void expandIntegerPowers(gpu::GPUModuleOp gpuModule);

/// GELU of the float32 `x`: the tanh approximation if `tanhForm`, else the
/// erf form, in the forms a GPU evaluates fastest.
Value buildFastGelu(OpBuilder &b, Location loc, Value x, bool tanhForm);

} // namespace gpugen
} // namespace rt
} // namespace mlir

#endif // RT_LIB_CONVERSION_RTTOGPU_KERNELARITHMETIC_H
