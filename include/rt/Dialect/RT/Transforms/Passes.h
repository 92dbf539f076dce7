//===- Passes.h - rt dialect graph passes -----------------------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RT_TRANSFORMS_PASSES_H
#define RT_DIALECT_RT_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"
#include "rt/Dialect/RT/IR/RTDialect.h"

namespace mlir {
namespace rt {

#define GEN_PASS_DECL
#include "rt/Dialect/RT/Transforms/Passes.h.inc"

/// Refines the result types of the rt ops in `func` in program order.
/// Returned values whose types got refined either change the function's
/// signature (`updateSignature`, for module-level callers that also update
/// call sites) or are cast back to the declared result types with
/// `tensor.cast`. Returns the number of refined results.
unsigned inferShapes(func::FuncOp func, bool updateSignature);

/// Sets the argument types of `func` from `shapes` (see
/// RTSetInputShapesPass) and refines the function with shape inference.
/// Emits an error naming the input and fails on a malformed or incompatible
/// shape.
LogicalResult setInputShapes(func::FuncOp func, StringRef shapes);

#define GEN_PASS_REGISTRATION
#include "rt/Dialect/RT/Transforms/Passes.h.inc"

} // namespace rt
} // namespace mlir

#endif // RT_DIALECT_RT_TRANSFORMS_PASSES_H
