//===- RTToLinalg.h - rt to linalg conversion -------------------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_CONVERSION_RTTOLINALG_RTTOLINALG_H
#define RT_CONVERSION_RTTOLINALG_RTTOLINALG_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;
class TypeConverter;
namespace rt {

#define GEN_PASS_DECL_CONVERTRTTOLINALGPASS
#define GEN_PASS_DECL_RTFUSELINALGELEMENTWISEPASS
#define GEN_PASS_DECL_RTINDEXCHECKPASS
#include "rt/Conversion/Passes.h.inc"

/// Patterns lowering rt ops to linalg/tensor/arith/math on tensors.
void populateRTToLinalgPatterns(RewritePatternSet &patterns);

} // namespace rt
} // namespace mlir

#endif // RT_CONVERSION_RTTOLINALG_RTTOLINALG_H
