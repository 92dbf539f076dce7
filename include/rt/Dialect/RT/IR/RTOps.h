//===- RTOps.h - rt dialect operations --------------------------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RT_IR_RTOPS_H
#define RT_DIALECT_RT_IR_RTOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "rt/Dialect/RT/IR/RTDialect.h"

namespace mlir {
namespace rt {
/// The most dimensions an rt tensor may have (NumPy's limit; the engine
/// format's too). Deeper ranks are refused, not lowered: code generation
/// recurses over dimensions.
constexpr int64_t kMaxRank = 64;

/// Why `type` is not a representable rt tensor, or an empty string: a rank
/// above kMaxRank, a negative static dimension, or an element count or byte
/// size that does not fit in int64. Every shape a model declares or rt
/// infers passes this check (the BoundedShapes trait), so code that sizes
/// buffers from static shapes never sees a count that wrapped around.
std::string checkTensorType(Type type);

/// The bytes of a tensor type's data when its shape is static and its size
/// fits in int64 (i1 and sub-byte integers take a byte per element), else
/// nullopt.
std::optional<int64_t> getTensorBytes(Type type);

/// Verifies every result and operand type of `op` with checkTensorType.
LogicalResult verifyBoundedShapes(Operation *op);

namespace OpTrait {
/// Every tensor an rt op takes or produces is representable
/// (checkTensorType); part of every rt op (RT_BoundedShapes in ODS).
template <typename ConcreteType>
class BoundedShapes
    : public ::mlir::OpTrait::TraitBase<ConcreteType, BoundedShapes> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return verifyBoundedShapes(op);
  }
};

/// Marker of elementwise ops with broadcasting (RT_Elementwise in ODS).
template <typename ConcreteType>
class Elementwise
    : public ::mlir::OpTrait::TraitBase<ConcreteType, Elementwise> {};
} // namespace OpTrait

/// Returns true if `inferred` and `actual` result types are compatible: same
/// element types, and shapes that agree wherever both are known. A declared
/// type may be more refined than the inferred one.
bool areCompatibleResultTypes(TypeRange inferred, TypeRange actual);

/// Returns the more refined of two compatible tensor types (a static
/// dimension wins over `?`, a ranked type over an unranked one).
Type refineType(Type current, Type inferred);

/// Infers the NumPy-broadcast result of `operandTypes`. The result element
/// type is `elementType` when given, else that of the first operand.
LogicalResult inferBroadcastResultType(std::optional<Location> loc,
                                       ArrayRef<Type> operandTypes,
                                       Type elementType,
                                       SmallVectorImpl<Type> &types);

/// Infers the result of a windowed pooling op.
LogicalResult inferPoolResultType(std::optional<Location> loc, Type inputType,
                                  ArrayRef<int64_t> kernelShape,
                                  std::optional<ArrayRef<int64_t>> strides,
                                  std::optional<ArrayRef<int64_t>> pads,
                                  std::optional<ArrayRef<int64_t>> dilations,
                                  StringRef autoPad, bool ceilMode,
                                  SmallVectorImpl<Type> &types);

/// Infers the result of a global pooling op (spatial dimensions become 1).
LogicalResult inferGlobalPoolResultType(std::optional<Location> loc,
                                        Type inputType,
                                        SmallVectorImpl<Type> &types);

/// Infers the result of a reduction over `axes` (all axes when absent).
LogicalResult inferReduceResultType(std::optional<Location> loc,
                                    Type inputType,
                                    std::optional<ArrayRef<int64_t>> axes,
                                    bool keepDims, bool noopWithEmptyAxes,
                                    Type elementType,
                                    SmallVectorImpl<Type> &types);

/// Verifies that `axis` is in `[-rank, rank)` for a ranked `type`.
LogicalResult verifyAxis(Operation *op, Type type, int64_t axis);

/// If `value` is produced by a constant with integer elements, appends them
/// to `result` and returns true.
bool getConstantIntValues(Value value, SmallVectorImpl<int64_t> &result);

/// Like getConstantIntValues, but also sees through shape computations
/// (shape, gather, concat, unsqueeze, slice, integer arithmetic) of a 1-D or
/// scalar integer `value`, returning ShapedType::kDynamic for the elements
/// that are not known at compile time (e.g. a dynamic batch size).
bool getPartialIntValues(Value value, SmallVectorImpl<int64_t> &result,
                         unsigned depth = 0);

} // namespace rt
} // namespace mlir

#define GET_OP_CLASSES
#include "rt/Dialect/RT/IR/RTOps.h.inc"

namespace mlir {
namespace rt {

/// The first input index (`begin`) and step (`stride`) per dimension of a
/// Slice with a static input shape and constant starts, axes and steps
/// (starts clamped as ONNX specifies); failure otherwise.
LogicalResult getStaticSliceBounds(SliceOp op, SmallVectorImpl<int64_t> &begin,
                                   SmallVectorImpl<int64_t> &stride);

/// rt.reshape of the ranked `v` to the static `shape` (the shape operand a
/// constant).
Value createReshape(OpBuilder &b, Location loc, Value v,
                    ArrayRef<int64_t> shape);

/// A Transpose's permutation of `rank` dimensions: `perm`, or their
/// reversal when it is absent (ONNX's default).
SmallVector<int64_t> transposePermutation(std::optional<ArrayRef<int64_t>> perm,
                                          int64_t rank);

/// An Einsum equation with spaces removed: the input terms, the output
/// labels (explicit after "->", else the labels seen once, sorted), and
/// whether it has an ellipsis. Shared by shape inference and the lowerings.
///
/// Given the inputs' ranks, an ellipsis is expanded into labels of its own
/// (letters the equation does not use), right-aligned across the inputs as
/// NumPy broadcasts them: "...ii->...i" on a rank-3 input reads "Aii->Ai".
/// An implicit output lists the ellipsis labels first. `hasEllipsis` is
/// then false; `valid` is false for an ellipsis that does not fit (more
/// labels than the input's rank, two in one term, too many dimensions).
struct EinsumEquation {
  SmallVector<std::string> terms;
  std::string out;
  bool hasEllipsis = false;
  bool valid = true;
};
EinsumEquation parseEinsumEquation(StringRef equation,
                                   ArrayRef<int64_t> ranks = {});

} // namespace rt
} // namespace mlir

#endif // RT_DIALECT_RT_IR_RTOPS_H
