//===- LoweringUtils.h - helpers of the rt lowerings ------------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_CONVERSION_RTTOLINALG_LOWERINGUTILS_H
#define RT_CONVERSION_RTTOLINALG_LOWERINGUTILS_H

#include "rt/Conversion/Common/ScalarSemantics.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir {
namespace rt {
namespace lowering {

using ScalarFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// Builds `linalg.generic` applying `fn` element-wise to `inputs`, broadcast
/// NumPy-style to `resultType` (dynamic dimensions are taken from an input
/// that is not broadcast along them).
Value buildElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                       ValueRange inputs, ScalarFn fn);

/// `tensor.empty` of `type` whose dynamic sizes come from `dynSizes`.
Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                  ValueRange dynSizes = {});

/// `linalg.fill` of a new tensor of static `type` with `value`.
Value filledTensor(OpBuilder &b, Location loc, RankedTensorType type,
                   Value value);

/// Reshapes `v` (static shape) to static `type` through a full collapse to
/// 1-D and an expand, the form bufferization keeps as a view.
Value reshapeStatic(OpBuilder &b, Location loc, Value v, RankedTensorType type);

/// `t` with unsigned integer elements made signless (arith works on signless
/// integers; signedness is read from the rt op), or null if not ranked.
RankedTensorType signlessTensor(Type t);

/// The type converter of the lowering: unsigned element types to signless.
const TypeConverter &getSignlessTypeConverter();

/// A `linalg.generic` over the index space of static `type` whose body
/// computes each element from its indices (inputs are read with
/// tensor.extract inside `body`).
Value indexGeneric(OpBuilder &b, Location loc, RankedTensorType type,
                   function_ref<Value(OpBuilder &, Location, ValueRange)> body);

void populateNNPatterns(RewritePatternSet &patterns);
void populateMorePatterns(RewritePatternSet &patterns);

} // namespace lowering
} // namespace rt
} // namespace mlir

#endif // RT_CONVERSION_RTTOLINALG_LOWERINGUTILS_H
