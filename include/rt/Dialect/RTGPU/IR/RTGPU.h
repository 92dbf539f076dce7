//===- RTGPU.h - rtgpu dialect and attributes -------------------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RTGPU_IR_RTGPU_H
#define RT_DIALECT_RTGPU_IR_RTGPU_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"

#include <optional>
#include <string>

#include "rt/Dialect/RTGPU/IR/RTGPUDialect.h.inc"
#include "rt/Dialect/RTGPU/IR/RTGPUEnums.h.inc"

namespace mlir {
class AsmParser;
class AsmPrinter;
namespace rtgpu {
/// A feature set as a list of feature names: `[mma_sync, wgmma]`.
FailureOr<Feature> parseFeatures(AsmParser &parser);
void printFeatures(AsmPrinter &printer, Feature features);
} // namespace rtgpu
} // namespace mlir

#define GET_ATTRDEF_CLASSES
#include "rt/Dialect/RTGPU/IR/RTGPUAttrs.h.inc"

#endif // RT_DIALECT_RTGPU_IR_RTGPU_H
