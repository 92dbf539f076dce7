//===- InitAllDialects.h - register rt's dialects ---------------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_INITALLDIALECTS_H
#define RT_INITALLDIALECTS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "rt/Dialect/RT/IR/RTDialect.h"

namespace mlir {
namespace rt {

/// Registers the rt dialect and the upstream dialects rt's IR uses.
inline void registerAllDialects(DialectRegistry &registry) {
  registry.insert<RTDialect, func::FuncDialect, arith::ArithDialect,
                  tensor::TensorDialect>();
}

} // namespace rt
} // namespace mlir

#endif // RT_INITALLDIALECTS_H
