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
class TargetAttr;
} // namespace rtgpu
} // namespace mlir

#include "rt/Dialect/RTGPU/IR/RTGPUAttrInterfaces.h.inc"

namespace mlir {
namespace rtgpu {
/// Parses one of `names` (a keyword or a string) and returns its position;
/// the error names `what` and lists them.
FailureOr<int64_t> parseEnumCase(AsmParser &parser, ::llvm::StringRef what,
                                 ::llvm::ArrayRef<::llvm::StringRef> names);
/// Parses an integer (an error if there is none).
FailureOr<int64_t> parseInteger(AsmParser &parser);
/// A feature set as a list of feature names: `[mma_sync, wgmma]`.
FailureOr<Feature> parseFeatures(AsmParser &parser);
void printFeatures(AsmPrinter &printer, Feature features);
} // namespace rtgpu
} // namespace mlir

#define GET_ATTRDEF_CLASSES
#include "rt/Dialect/RTGPU/IR/RTGPUAttrs.h.inc"

namespace mlir {
namespace rtgpu {
/// The strategy recorded on fusion group `op` (`rtgpu.strategy`), or null.
KernelStrategyAttrInterface getStrategy(Operation *op);
} // namespace rtgpu
} // namespace mlir

#endif // RT_DIALECT_RTGPU_IR_RTGPU_H
