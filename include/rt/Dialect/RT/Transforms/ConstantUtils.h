//===- ConstantUtils.h - reading and writing weight constants ---*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RT_TRANSFORMS_CONSTANTUTILS_H
#define RT_DIALECT_RT_TRANSFORMS_CONSTANTUTILS_H

#include "mlir/IR/BuiltinAttributes.h"

#include <optional>
#include <vector>

namespace mlir {
namespace rt {

/// The little-endian element bytes of a dense or dense_resource constant
/// (splats expanded), or std::nullopt for element types that are not
/// byte-sized or resources without data (elided blobs).
std::optional<std::vector<char>> getConstantBytes(ElementsAttr attr);

} // namespace rt
} // namespace mlir

#endif // RT_DIALECT_RT_TRANSFORMS_CONSTANTUTILS_H
