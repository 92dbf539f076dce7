//===- ScalarSemantics.h - scalar semantics of rt ops -----------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// The scalar semantics of rt ops that the CPU lowering (convert-rt-to-linalg)
// and the GPU kernels (convert-rt-to-gpu) share: each element-wise op's
// scalar computation, casts and constants, index wrapping with the
// index-check modes, and the per-element builders of Resize, LRN, scatter
// reductions, quantization parameters, ConvTranspose geometry and Einsum.
// Both lowerings build on this library; neither links the other.
//
//===----------------------------------------------------------------------===//

#ifndef RT_CONVERSION_COMMON_SCALARSEMANTICS_H
#define RT_CONVERSION_COMMON_SCALARSEMANTICS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/DenseMap.h"

#include <optional>
#include <string>

namespace mlir {
namespace rt {
class ResizeOp;
class ConvTransposeOp;
class LRNOp;

/// True if `op` is an element-wise rt op with a scalar form.
bool hasScalarElementwise(Operation *op);

/// One element of element-wise rt op `op`: `args` are its operands' scalars
/// (signless), `elementType` the (signless) result element type to compute
/// in. The same semantics serve the CPU lowering and the GPU kernels. Null
/// if `op` has no scalar form.
Value buildScalarElementwise(OpBuilder &b, Location loc, Operation *op,
                             ValueRange args, Type elementType);

/// The names of the element-wise rt ops with a scalar form, in the order
/// their semantics are defined (the CPU lowering adds one pattern each).
ArrayRef<StringRef> getScalarElementwiseOpNames();

namespace lowering {

/// Signless form of an integer type (arith works on signless integers;
/// signedness is read from the rt op); other types unchanged.
Type signlessType(Type t);

/// Scalar constant of `type` (float or integer) with `value`.
Value scalarConstant(OpBuilder &b, Location loc, Type type, double value);

/// The lowest / highest value of a float (-inf / +inf) or integer type.
Value minValue(OpBuilder &b, Location loc, Type type, bool isUnsigned = false);
Value maxValue(OpBuilder &b, Location loc, Type type, bool isUnsigned = false);

/// Converts scalar `v` to element type `to` with ONNX Cast semantics.
Value castScalar(OpBuilder &b, Location loc, Value v, Type to,
                 bool fromUnsigned, bool toUnsigned);

/// True for float element types.
inline bool isF(Type t) { return isa<FloatType>(t); }

/// `arith.constant` of index type.
Value indexConstant(OpBuilder &b, Location loc, int64_t v);

/// The module attribute that chooses what gathers and scatters do with an
/// index outside [-dim, dim) (ONNX leaves it undefined; docs/Security.md):
/// "clamp" (the default when absent) reads and writes the nearest element;
/// "trap" stops the program with a message naming the node (`cf.assert`:
/// abort on the CPU, `__assertfail` in a GPU kernel).
constexpr llvm::StringLiteral kIndexCheckAttrName("rt.index_check");

/// True if `mode` is an index-check mode ("clamp" or "trap").
bool isIndexCheckMode(StringRef mode);

/// Checks the rt.index_check attribute of `module`, if it has one.
LogicalResult verifyIndexCheckAttr(Operation *module);

/// True if the module around `op` asks for trapping index checks.
bool trapsOnBadIndex(Operation *op);

/// Converts an integer index scalar to `index`, wrapping negatives by `dim`
/// (ONNX gather/scatter index semantics) and clamping what is still out of
/// range into [0, dim): out-of-range indices read and write the nearest
/// element instead of memory outside the tensor (docs/Security.md). With
/// `checked` (the gather or scatter op) in a module whose rt.index_check is
/// "trap", an index outside [-dim, dim) also fails a `cf.assert` whose
/// message names the node, `axis` and `dim`.
Value wrapIndex(OpBuilder &b, Location loc, Value v, int64_t dim,
                Operation *checked = nullptr, int64_t axis = 0);

/// True if the element type is an unsigned integer.
inline bool isUnsigned(Type t) {
  return getElementTypeOrSelf(t).isUnsignedInteger();
}

/// Index of a quantization parameter (scale, zero point) for element `iv`:
/// none (per tensor), iv[axis] (per axis) or iv[axis] / block (blocked).
SmallVector<Value> quantParamIndex(OpBuilder &b, Location l, ValueRange iv,
                                   RankedTensorType paramType, int64_t axis,
                                   int64_t block);

/// Window geometry of a ConvTranspose between static types: per spatial
/// dimension the kernel size, stride, dilation and begin padding (explicit,
/// or from auto_pad and output_padding), and the channels per group.
struct ConvTransposeGeometry {
  int64_t cPerGroup = 0, mPerGroup = 0;
  SmallVector<int64_t> kernel, strides, dilations, padBegin;
};
ConvTransposeGeometry convTransposeGeometry(ConvTransposeOp op,
                                            RankedTensorType inType,
                                            RankedTensorType wType,
                                            RankedTensorType type);

/// LRN's element at `iv` as float `elt`: x / (bias + alpha / size * the
/// sum of squares over the channels in the window inside [0, channels))
/// ^ beta, reading input elements with `read`. Shared by the CPU lowering
/// and the GPU emitter.
Value buildLRNElement(OpBuilder &b, Location l, LRNOp op, int64_t channels,
                      Type elt, ValueRange iv,
                      function_ref<Value(ArrayRef<Value>)> read);

/// Combines `old` and `upd` for a scatter `reduction` (none, add, mul,
/// max, min; `u`: unsigned integers).
Value combineScatter(OpBuilder &b, Location l, StringRef reduction, Value old,
                     Value upd, bool u);

/// An Einsum equation without ellipses: each input's labels, the output's
/// (explicit, or the labels seen once in order), and the loop order (output
/// labels, then the reduced ones in order of appearance).
struct EinsumPlan {
  SmallVector<std::string> terms;
  std::string out, loops;
  /// Each label's extent: the largest of its dimensions (an input's
  /// dimension of size 1 broadcasts: it is read at index 0).
  llvm::DenseMap<char, int64_t> extent;
};

/// Parses `equation` for inputs of static `inputTypes` (an ellipsis becomes
/// labels of its own); failure for a term count or ranks that do not match.
FailureOr<EinsumPlan> planEinsum(StringRef equation, TypeRange inputTypes);

/// What Resize's element computation needs from the op (constant scales
/// resolved): see buildResizeElement.
struct ResizePlan {
  std::string mode, ctm, nearest;
  double cubicA = -0.75;
  bool excludeOutside = false, scalesGiven = false;
  SmallVector<double> scale; ///< per dimension
  /// tf_crop_and_resize: the crop box per dimension (fractions of the input
  /// extent; [0, 1] for dimensions outside `axes`) and the value of output
  /// elements whose source lies outside the input.
  SmallVector<double> roiStart, roiEnd;
  double extrapolation = 0.0;
};

/// The plan of Resize `op` between static `inType` and `type`, or failure
/// for what is not lowered (antialias, tf_crop_and_resize without a
/// constant roi) and non-constant scales.
FailureOr<ResizePlan> planResize(ResizeOp op, RankedTensorType inType,
                                 RankedTensorType type);

/// Resize's element at output indices `iv` as `elt`, reading input
/// elements with `read` (nearest: the input element; linear and cubic:
/// float32 weighted sums of the 2^k / 4^k taps). Shared by the CPU lowering
/// and the GPU emitter.
Value buildResizeElement(OpBuilder &b, Location l, const ResizePlan &plan,
                         RankedTensorType inType, RankedTensorType type,
                         Type elt, ValueRange iv,
                         function_ref<Value(ArrayRef<Value>)> read);

/// Begin/end paddings of a window op (conv, pool) from `pads` / `auto_pad`.
void windowPads(ArrayRef<int64_t> in, ArrayRef<int64_t> kernel,
                ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                std::optional<ArrayRef<int64_t>> pads, StringRef autoPad,
                SmallVectorImpl<int64_t> &lo, SmallVectorImpl<int64_t> &hi);

} // namespace lowering
} // namespace rt
} // namespace mlir

#endif // RT_CONVERSION_COMMON_SCALARSEMANTICS_H
