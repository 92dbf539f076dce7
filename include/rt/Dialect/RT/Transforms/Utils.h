//===- Utils.h - helpers shared by the rt graph passes ----------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RT_TRANSFORMS_UTILS_H
#define RT_DIALECT_RT_TRANSFORMS_UTILS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

#include <optional>
#include <vector>

namespace mlir {
namespace rt {

/// The little-endian element bytes of a dense or dense_resource constant
/// (splats expanded), or std::nullopt for element types that are not
/// byte-sized or resources without data (elided blobs).
std::optional<std::vector<char>> getConstantBytes(ElementsAttr attr);

/// The row-major bytes of a `shape` tensor of `eltBytes`-byte elements
/// transposed by `perm` (result dimension i is input dimension perm[i]).
std::vector<char> transposeBytes(ArrayRef<char> bytes, ArrayRef<int64_t> shape,
                                 ArrayRef<int64_t> perm, size_t eltBytes);

/// The value of a one-element float constant (a scalar or a one-element
/// tensor), or std::nullopt.
std::optional<double> getScalarFloatConstant(Value v);

/// rt.transpose of the ranked tensor `v` by `perm` (result type computed).
Value createTranspose(OpBuilder &b, Location loc, Value v,
                      ArrayRef<int64_t> perm);

/// rt.transpose exchanging the last two dimensions of the ranked `v`.
Value createTransposeLastTwo(OpBuilder &b, Location loc, Value v);

} // namespace rt
} // namespace mlir

#endif // RT_DIALECT_RT_TRANSFORMS_UTILS_H
