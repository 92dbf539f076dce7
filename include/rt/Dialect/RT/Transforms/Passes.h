//===- Passes.h - rt dialect graph passes -----------------------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RT_TRANSFORMS_PASSES_H
#define RT_DIALECT_RT_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"
#include "rt/Dialect/RT/IR/RTDialect.h"

namespace mlir {
namespace rt {

#define GEN_PASS_DECL
#include "rt/Dialect/RT/Transforms/Passes.h.inc"

/// Refines the result types of the rt ops in `func` in program order and
/// updates the function type to match its return values. Returns the number
/// of refined results.
unsigned inferShapes(func::FuncOp func);

#define GEN_PASS_REGISTRATION
#include "rt/Dialect/RT/Transforms/Passes.h.inc"

} // namespace rt
} // namespace mlir

#endif // RT_DIALECT_RT_TRANSFORMS_PASSES_H
