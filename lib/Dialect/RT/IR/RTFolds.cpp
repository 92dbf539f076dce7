//===- RTFolds.cpp - rt op folders ----------------------------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Folders evaluate ops whose operands are constants. They matter most for the
// shape subgraphs that exporters emit (Shape -> Gather -> Concat -> Reshape),
// which must fold away for shapes to become static. Reshape-like folds of
// `dense_resource` weights reuse the blob without copying it. Element-wise
// folds are limited to small tensors so that weights are never expanded into
// textual IR.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/APFloat.h"

#include <cmath>
#include <functional>
#include <limits>

using namespace mlir;
using namespace mlir::rt;

/// Largest non-splat result (in elements) that element-wise folders create.
static constexpr int64_t kMaxFoldElements = 1 << 16;

namespace {
/// `f` as int64, saturating (NaN to 0): a plain cast of a value out of
/// range is undefined behaviour (UBSan found folds of -FLT_MAX).
static int64_t saturatingInt64(double f) {
  if (std::isnan(f))
    return 0;
  if (f >= 0x1p63)
    return std::numeric_limits<int64_t>::max();
  if (f < -0x1p63)
    return std::numeric_limits<int64_t>::min();
  return (int64_t)f;
}

/// A constant tensor's values widened to int64 or double, row-major.
struct Values {
  RankedTensorType type;
  bool isFloat = false;
  bool isUnsigned = false;
  SmallVector<int64_t> ints;
  SmallVector<double> floats;

  int64_t size() const { return isFloat ? floats.size() : ints.size(); }
  double getF(int64_t i) const { return isFloat ? floats[i] : (double)ints[i]; }
  int64_t getI(int64_t i) const {
    return isFloat ? saturatingInt64(floats[i]) : ints[i];
  }
};
} // namespace

/// Reads a dense constant of int or float elements (not resources: those
/// are weights and are not evaluated here).
static std::optional<Values> readValues(Attribute attr,
                                        int64_t limit = kMaxFoldElements) {
  auto dense = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(dense.getType());
  if (!type || (!dense.isSplat() && type.getNumElements() > limit) ||
      type.getNumElements() > (1 << 24))
    return std::nullopt;
  Values v;
  v.type = type;
  Type elt = type.getElementType();
  if (isa<FloatType>(elt)) {
    v.isFloat = true;
    for (const APFloat &f : dense.getValues<APFloat>())
      v.floats.push_back(f.convertToDouble());
  } else if (auto it = dyn_cast<IntegerType>(elt)) {
    v.isUnsigned = it.isUnsigned() || it.getWidth() == 1;
    for (const APInt &i : dense.getValues<APInt>())
      v.ints.push_back(v.isUnsigned ? (int64_t)i.getZExtValue()
                                    : i.getSExtValue());
  } else {
    return std::nullopt;
  }
  return v;
}

/// Builds a DenseElementsAttr of `type` from widened values.
static DenseElementsAttr buildAttr(RankedTensorType type,
                                   ArrayRef<double> floats,
                                   ArrayRef<int64_t> ints) {
  Type elt = type.getElementType();
  if (auto ft = dyn_cast<FloatType>(elt)) {
    SmallVector<APFloat> vals;
    for (double d : floats) {
      APFloat f(d);
      bool lost;
      f.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
      vals.push_back(f);
    }
    return DenseElementsAttr::get(type, vals);
  }
  auto it = cast<IntegerType>(elt);
  SmallVector<APInt> vals;
  for (int64_t i : ints)
    vals.push_back(APInt(it.getWidth(), (uint64_t)i, /*isSigned=*/false,
                         /*implicitTrunc=*/true));
  return DenseElementsAttr::get(type, vals);
}

/// Re-types a constant without touching its data (reshape-like folds): dense
/// literals are reshaped, resource blobs are shared.
static Attribute reshapeConstant(Attribute attr, Type resultType) {
  auto type = dyn_cast<RankedTensorType>(resultType);
  if (!attr || !type || !type.hasStaticShape())
    return {};
  if (auto dense = dyn_cast<DenseElementsAttr>(attr))
    return dense.reshape(type);
  if (auto res = dyn_cast<DenseResourceElementsAttr>(attr))
    return DenseResourceElementsAttr::get(type, res.getRawHandle());
  return {};
}

/// Unravels a flat index into coordinates of `shape`.
static void unravel(int64_t flat, ArrayRef<int64_t> shape,
                    SmallVectorImpl<int64_t> &coords) {
  coords.resize(shape.size());
  for (int64_t i = shape.size() - 1; i >= 0; --i) {
    coords[i] = shape[i] == 0 ? 0 : flat % shape[i];
    flat = shape[i] == 0 ? 0 : flat / shape[i];
  }
}

/// Flat index into `shape` of broadcast coordinates `coords` (right-aligned).
static int64_t broadcastIndex(ArrayRef<int64_t> coords,
                              ArrayRef<int64_t> shape) {
  int64_t idx = 0;
  size_t off = coords.size() - shape.size();
  for (size_t i = 0; i < shape.size(); ++i)
    idx = idx * shape[i] + (shape[i] == 1 ? 0 : coords[off + i]);
  return idx;
}

/// Two's-complement integer arithmetic as the generated code does it:
/// computed on uint64 (defined to wrap) and read back as int64, where C++'s
/// signed overflow would be undefined.
template <typename Fn>
static int64_t wrapping(int64_t a, int64_t b, Fn fn) {
  return static_cast<int64_t>(fn(static_cast<uint64_t>(a),
                                 static_cast<uint64_t>(b)));
}

/// Folds an n-ary elementwise op with broadcasting. `f` computes doubles for
/// float element types, `g` int64 for integer ones (null if unsupported).
static Attribute
foldElementwise(ArrayRef<Attribute> operands, Type resultType,
                function_ref<double(ArrayRef<double>)> f,
                function_ref<std::optional<int64_t>(ArrayRef<int64_t>)> g) {
  auto type = dyn_cast<RankedTensorType>(resultType);
  if (!type || !type.hasStaticShape() ||
      type.getNumElements() > kMaxFoldElements)
    return {};
  SmallVector<Values> vals;
  for (Attribute a : operands) {
    std::optional<Values> v = readValues(a);
    if (!v)
      return {};
    vals.push_back(std::move(*v));
  }
  bool inFloat = vals.front().isFloat;
  bool outFloat = isa<FloatType>(type.getElementType());
  if ((inFloat && !f) || (!inFloat && !g))
    return {};
  SmallVector<double> outF;
  SmallVector<int64_t> outI, coords;
  SmallVector<double> argsF(vals.size());
  SmallVector<int64_t> argsI(vals.size());
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i) {
    unravel(i, type.getShape(), coords);
    for (auto [j, v] : llvm::enumerate(vals)) {
      int64_t idx = v.type.getNumElements() == 1
                        ? 0
                        : broadcastIndex(coords, v.type.getShape());
      if (v.size() == 1)
        idx = 0;
      argsF[j] = v.getF(idx);
      argsI[j] = v.getI(idx);
    }
    if (inFloat) {
      double r = f(argsF);
      outF.push_back(r);
      outI.push_back(saturatingInt64(r));
    } else {
      std::optional<int64_t> r = g(argsI);
      if (!r)
        return {};
      outI.push_back(*r);
      outF.push_back((double)*r);
    }
  }
  (void)outFloat;
  return buildAttr(type, outF, outI);
}

//===----------------------------------------------------------------------===//
// Constants and identities
//===----------------------------------------------------------------------===//

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

OpFoldResult IdentityOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  return {};
}

OpFoldResult ConstantOfShapeOp::fold(FoldAdaptor) {
  auto type = dyn_cast<RankedTensorType>(getType());
  if (!type || !type.hasStaticShape())
    return {};
  Attribute v = getValueAttr();
  if (!v)
    return DenseElementsAttr::get(type,
                                  FloatAttr::get(type.getElementType(), 0.0));
  auto dense = dyn_cast<DenseElementsAttr>(v);
  if (!dense)
    return {};
  return DenseElementsAttr::get(type, dense.getValues<Attribute>()[0]);
}

OpFoldResult RangeOp::fold(FoldAdaptor adaptor) {
  auto type = dyn_cast<RankedTensorType>(getType());
  if (!type || !type.hasStaticShape() ||
      type.getNumElements() > kMaxFoldElements)
    return {};
  auto s = readValues(adaptor.getStart()), d = readValues(adaptor.getDelta());
  if (!s || !d)
    return {};
  SmallVector<double> f;
  SmallVector<int64_t> i;
  for (int64_t k = 0; k < type.getNumElements(); ++k) {
    if (s->isFloat) {
      f.push_back(s->floats[0] + k * d->floats[0]);
      i.push_back(0);
    } else {
      i.push_back(s->ints[0] + k * d->ints[0]);
      f.push_back(0);
    }
  }
  return buildAttr(type, f, i);
}

//===----------------------------------------------------------------------===//
// Shape queries
//===----------------------------------------------------------------------===//

OpFoldResult ShapeOp::fold(FoldAdaptor) {
  auto in = dyn_cast<RankedTensorType>(getInput().getType());
  auto type = dyn_cast<RankedTensorType>(getType());
  if (!in || !type || !type.hasStaticShape())
    return {};
  int64_t rank = in.getRank();
  auto clampIdx = [&](int64_t i) {
    if (i < 0)
      i += rank;
    return std::clamp<int64_t>(i, 0, rank);
  };
  int64_t s = clampIdx(getStart()), e = getEnd() ? clampIdx(*getEnd()) : rank;
  SmallVector<int64_t> dims;
  for (int64_t i = s; i < e; ++i) {
    if (in.isDynamicDim(i))
      return {};
    dims.push_back(in.getDimSize(i));
  }
  return buildAttr(type, {}, dims);
}

OpFoldResult SizeOp::fold(FoldAdaptor) {
  auto in = dyn_cast<RankedTensorType>(getInput().getType());
  if (!in || !in.hasStaticShape())
    return {};
  return buildAttr(cast<RankedTensorType>(getType()), {},
                   {in.getNumElements()});
}

//===----------------------------------------------------------------------===//
// Reshape-like ops
//===----------------------------------------------------------------------===//

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  auto type = cast<ShapedType>(getType());
  if (getInput().getType() == type && type.hasStaticShape())
    return getInput();
  // reshape(reshape-like(x)) = reshape(x), in place, when the static result
  // shape does not depend on the input's dimensions (no 0 entries copying
  // them, unless allowzero).
  Operation *inner = getInput().getDefiningOp();
  if (type.hasStaticShape() && inner &&
      isa<ReshapeOp, FlattenOp, SqueezeOp, UnsqueezeOp>(inner)) {
    auto shape = dyn_cast_or_null<DenseIntElementsAttr>(adaptor.getShape());
    bool copiesDims =
        !shape || (!getAllowzero() &&
                   llvm::any_of(shape.getValues<APInt>(),
                                [](const APInt &v) { return v.isZero(); }));
    if (!copiesDims) {
      Value x = inner->getOperand(0);
      if (x.getType() == type)
        return x;
      getInputMutable().assign(x);
      return getResult();
    }
  }
  return reshapeConstant(adaptor.getInput(), getType());
}

OpFoldResult FlattenOp::fold(FoldAdaptor adaptor) {
  // Equal static types mean the flatten keeps the shape; with dynamic
  // dimensions equal types prove nothing.
  if (getInput().getType() == getType() &&
      cast<ShapedType>(getType()).hasStaticShape())
    return getInput();
  return reshapeConstant(adaptor.getInput(), getType());
}

OpFoldResult SqueezeOp::fold(FoldAdaptor adaptor) {
  // Same rank in and out: nothing was squeezed.
  if (getInput().getType() == getType() &&
      cast<ShapedType>(getType()).hasRank())
    return getInput();
  return reshapeConstant(adaptor.getInput(), getType());
}

OpFoldResult UnsqueezeOp::fold(FoldAdaptor adaptor) {
  return reshapeConstant(adaptor.getInput(), getType());
}

OpFoldResult ExpandOp::fold(FoldAdaptor adaptor) {
  auto type = dyn_cast<RankedTensorType>(getType());
  if (!type || !type.hasStaticShape())
    return {};
  if (getInput().getType() == type)
    return getInput();
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput())) {
    if (dense.isSplat())
      return DenseElementsAttr::get(type, dense.getSplatValue<Attribute>());
  }
  return foldElementwise(
      {adaptor.getInput()}, type,
      [](ArrayRef<double> a) { return a[0]; },
      [](ArrayRef<int64_t> a) -> std::optional<int64_t> { return a[0]; });
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  auto type = dyn_cast<RankedTensorType>(getType());
  if (!type || !type.hasStaticShape())
    return {};
  // Identity permutation.
  if (auto perm = getPerm()) {
    bool identity = true;
    for (auto [i, p] : llvm::enumerate(*perm))
      identity &= (int64_t)i == p;
    if (identity && getInput().getType() == type)
      return getInput();
  }
  // transpose(transpose(x, p1), p2) = transpose(x, p1[p2[i]]), in place.
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    auto innerIn = dyn_cast<RankedTensorType>(inner.getInput().getType());
    if (innerIn && innerIn.getRank() == type.getRank()) {
      int64_t rank = type.getRank();
      SmallVector<int64_t> p1 = transposePermutation(inner.getPerm(), rank),
                           p2 = transposePermutation(getPerm(), rank), composed;
      for (int64_t i : p2)
        composed.push_back(p1[i]);
      setPerm(composed);
      getInputMutable().assign(inner.getInput());
      return getResult();
    }
  }
  auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  if (!dense)
    return {};
  if (dense.isSplat())
    return DenseElementsAttr::get(type, dense.getSplatValue<Attribute>());
  if (type.getNumElements() > kMaxFoldElements)
    return {};
  auto inType = cast<RankedTensorType>(dense.getType());
  int64_t rank = inType.getRank();
  SmallVector<int64_t> perm = transposePermutation(getPerm(), rank);
  SmallVector<Attribute> in(dense.getValues<Attribute>());
  SmallVector<Attribute> out;
  SmallVector<int64_t> coords, inCoords(rank);
  for (int64_t i = 0; i < type.getNumElements(); ++i) {
    unravel(i, type.getShape(), coords);
    for (int64_t d = 0; d < rank; ++d)
      inCoords[perm[d]] = coords[d];
    int64_t idx = 0;
    for (int64_t d = 0; d < rank; ++d)
      idx = idx * inType.getDimSize(d) + inCoords[d];
    out.push_back(in[idx]);
  }
  return DenseElementsAttr::get(type, out);
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  auto type = dyn_cast<RankedTensorType>(getType());
  if (!type || !type.hasStaticShape() ||
      type.getNumElements() > kMaxFoldElements)
    return {};
  int64_t rank = type.getRank();
  // I64Attr getters return uint64_t: read the axis as signed.
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < 0)
    axis += rank;
  SmallVector<SmallVector<Attribute>> ins;
  SmallVector<RankedTensorType> inTypes;
  for (Attribute a : adaptor.getInputs()) {
    auto dense = dyn_cast_or_null<DenseElementsAttr>(a);
    if (!dense)
      return {};
    ins.emplace_back(dense.getValues<Attribute>());
    inTypes.push_back(cast<RankedTensorType>(dense.getType()));
  }
  // outer = prod(dims before axis); each input contributes blocks of
  // dim[axis] * inner elements per outer index.
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= type.getDimSize(d);
  SmallVector<Attribute> out;
  for (int64_t o = 0; o < outer; ++o)
    for (auto [vals, t] : llvm::zip(ins, inTypes)) {
      int64_t block = 1;
      for (int64_t d = axis; d < rank; ++d)
        block *= t.getDimSize(d);
      for (int64_t k = 0; k < block; ++k)
        out.push_back(vals[o * block + k]);
    }
  return DenseElementsAttr::get(type, out);
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  auto type = dyn_cast<RankedTensorType>(getType());
  auto inType = dyn_cast<RankedTensorType>(getInput().getType());
  if (!type || !inType || !type.hasStaticShape() || !inType.hasStaticShape())
    return {};
  if (type == inType) {
    // A slice that keeps every element with unit steps is the identity.
    SmallVector<int64_t> steps;
    if (!getSteps() || (getConstantIntValues(getSteps(), steps) &&
                        llvm::all_of(steps, [](int64_t s) { return s == 1; })))
      return getInput();
  }
  auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  if (!dense || type.getNumElements() > kMaxFoldElements)
    return {};
  SmallVector<int64_t> ends, begin, stride;
  if (!getConstantIntValues(getEnds(), ends) ||
      failed(getStaticSliceBounds(*this, begin, stride)))
    return {};
  int64_t rank = inType.getRank();
  SmallVector<Attribute> in(dense.getValues<Attribute>());
  SmallVector<Attribute> out;
  SmallVector<int64_t> coords;
  for (int64_t i = 0; i < type.getNumElements(); ++i) {
    unravel(i, type.getShape(), coords);
    int64_t idx = 0;
    for (int64_t d = 0; d < rank; ++d)
      idx = idx * inType.getDimSize(d) + begin[d] + coords[d] * stride[d];
    out.push_back(in[idx]);
  }
  return DenseElementsAttr::get(type, out);
}

OpFoldResult GatherOp::fold(FoldAdaptor adaptor) {
  auto type = dyn_cast<RankedTensorType>(getType());
  auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  std::optional<Values> idx = readValues(adaptor.getIndices());
  if (!type || !type.hasStaticShape() || !dense || !idx ||
      type.getNumElements() > kMaxFoldElements)
    return {};
  auto inType = cast<RankedTensorType>(dense.getType());
  int64_t rank = inType.getRank();
  // I64Attr getters return uint64_t: read the axis as signed.
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < 0)
    axis += rank;
  int64_t outer = 1, inner = 1, dim = inType.getDimSize(axis);
  for (int64_t d = 0; d < axis; ++d)
    outer *= inType.getDimSize(d);
  for (int64_t d = axis + 1; d < rank; ++d)
    inner *= inType.getDimSize(d);
  SmallVector<Attribute> in(dense.getValues<Attribute>());
  SmallVector<Attribute> out;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t k = 0; k < idx->size(); ++k) {
      int64_t j = idx->getI(k);
      if (j < 0)
        j += dim;
      if (j < 0 || j >= dim)
        return {};
      for (int64_t i = 0; i < inner; ++i)
        out.push_back(in[(o * dim + j) * inner + i]);
    }
  return DenseElementsAttr::get(type, out);
}

//===----------------------------------------------------------------------===//
// Element-wise arithmetic
//===----------------------------------------------------------------------===//

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // Cast to bool tests for non-zero.
  if (getTo().isInteger(1))
    return foldElementwise(
        {adaptor.getInput()}, getType(),
        [](ArrayRef<double> a) { return (double)(a[0] != 0); },
        [](ArrayRef<int64_t> a) -> std::optional<int64_t> {
          return a[0] != 0;
        });
  return foldElementwise(
      {adaptor.getInput()}, getType(), [](ArrayRef<double> a) { return a[0]; },
      [](ArrayRef<int64_t> a) -> std::optional<int64_t> { return a[0]; });
}

OpFoldResult AbsOp::fold(FoldAdaptor adaptor) {
  return foldElementwise(
      {adaptor.getInput()}, getType(),
      [](ArrayRef<double> a) { return std::fabs(a[0]); },
      [](ArrayRef<int64_t> a) -> std::optional<int64_t> {
        return a[0] >= 0 ? a[0]
                         : wrapping(a[0], 0, [](uint64_t x, uint64_t) {
                             return -x;
                           });
      });
}

OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  return foldElementwise(
      {adaptor.getInput()}, getType(), [](ArrayRef<double> a) { return -a[0]; },
      [](ArrayRef<int64_t> a) -> std::optional<int64_t> {
        return wrapping(a[0], 0, [](uint64_t x, uint64_t) { return -x; });
      });
}

OpFoldResult SqrtOp::fold(FoldAdaptor adaptor) {
  return foldElementwise(
      {adaptor.getInput()}, getType(),
      [](ArrayRef<double> a) { return std::sqrt(a[0]); }, nullptr);
}

/// Returns true if `attr` is a splat equal to `value`.
static bool isSplatOf(Attribute attr, double value) {
  auto dense = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!dense || !dense.isSplat())
    return false;
  if (auto f = dyn_cast<FloatType>(dense.getElementType()))
    return dense.getSplatValue<APFloat>().convertToDouble() == value;
  return (double)dense.getSplatValue<APInt>().getSExtValue() == value;
}

/// `x op identity` folds to `x` when the result has x's static type (with
/// dynamic dimensions the other operand could still broadcast x).
static OpFoldResult foldIdentityOperand(Value x, Attribute other,
                                        double identity, Type resultType) {
  if (x.getType() != resultType || !isSplatOf(other, identity))
    return {};
  if (cast<ShapedType>(resultType).hasStaticShape())
    return x;
  // A constant of size-1 dimensions and no higher rank cannot broadcast x.
  auto xType = dyn_cast<RankedTensorType>(x.getType());
  auto oType = cast<ShapedType>(cast<TypedAttr>(other).getType());
  if (xType && oType.getRank() <= xType.getRank() &&
      llvm::all_of(oType.getShape(), [](int64_t d) { return d == 1; }))
    return x;
  return {};
}

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  if (auto r = foldIdentityOperand(getLhs(), adaptor.getRhs(), 0, getType()))
    return r;
  if (auto r = foldIdentityOperand(getRhs(), adaptor.getLhs(), 0, getType()))
    return r;
  return foldElementwise(
      {adaptor.getLhs(), adaptor.getRhs()}, getType(),
      [](ArrayRef<double> a) { return a[0] + a[1]; },
      [](ArrayRef<int64_t> a) -> std::optional<int64_t> {
        return wrapping(a[0], a[1], [](uint64_t x, uint64_t y) { return x + y; });
      });
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  if (auto r = foldIdentityOperand(getLhs(), adaptor.getRhs(), 0, getType()))
    return r;
  return foldElementwise(
      {adaptor.getLhs(), adaptor.getRhs()}, getType(),
      [](ArrayRef<double> a) { return a[0] - a[1]; },
      [](ArrayRef<int64_t> a) -> std::optional<int64_t> {
        return wrapping(a[0], a[1], [](uint64_t x, uint64_t y) { return x - y; });
      });
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  if (auto r = foldIdentityOperand(getLhs(), adaptor.getRhs(), 1, getType()))
    return r;
  if (auto r = foldIdentityOperand(getRhs(), adaptor.getLhs(), 1, getType()))
    return r;
  return foldElementwise(
      {adaptor.getLhs(), adaptor.getRhs()}, getType(),
      [](ArrayRef<double> a) { return a[0] * a[1]; },
      [](ArrayRef<int64_t> a) -> std::optional<int64_t> {
        return wrapping(a[0], a[1], [](uint64_t x, uint64_t y) { return x * y; });
      });
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  // Values are evaluated as int64: leave ui64 to runtime.
  if (getElementTypeOrSelf(getType()).isUnsignedInteger(64))
    return {};
  if (auto r = foldIdentityOperand(getLhs(), adaptor.getRhs(), 1, getType()))
    return r;
  return foldElementwise(
      {adaptor.getLhs(), adaptor.getRhs()}, getType(),
      [](ArrayRef<double> a) { return a[0] / a[1]; },
      [](ArrayRef<int64_t> a) -> std::optional<int64_t> {
        // Total division, as the lowerings compute it (rt.div): x / 0 = 0,
        // x / -1 wraps.
        if (a[1] == 0)
          return 0;
        if (a[1] == -1)
          return wrapping(a[0], 0, [](uint64_t x, uint64_t) { return -x; });
        return a[0] / a[1];
      });
}

OpFoldResult EqualOp::fold(FoldAdaptor adaptor) {
  return foldElementwise(
      {adaptor.getLhs(), adaptor.getRhs()}, getType(),
      [](ArrayRef<double> a) { return (double)(a[0] == a[1]); },
      [](ArrayRef<int64_t> a) -> std::optional<int64_t> {
        return a[0] == a[1];
      });
}

OpFoldResult LessOp::fold(FoldAdaptor adaptor) {
  return foldElementwise(
      {adaptor.getLhs(), adaptor.getRhs()}, getType(),
      [](ArrayRef<double> a) { return (double)(a[0] < a[1]); },
      [](ArrayRef<int64_t> a) -> std::optional<int64_t> { return a[0] < a[1]; });
}

OpFoldResult GreaterOp::fold(FoldAdaptor adaptor) {
  return foldElementwise(
      {adaptor.getLhs(), adaptor.getRhs()}, getType(),
      [](ArrayRef<double> a) { return (double)(a[0] > a[1]); },
      [](ArrayRef<int64_t> a) -> std::optional<int64_t> { return a[0] > a[1]; });
}

OpFoldResult WhereOp::fold(FoldAdaptor adaptor) {
  // The condition is boolean (integer); x and y share an element type. Fold
  // through a combined evaluation: read all three and select.
  auto type = dyn_cast<RankedTensorType>(getType());
  if (!type || !type.hasStaticShape() ||
      type.getNumElements() > kMaxFoldElements)
    return {};
  auto c = readValues(adaptor.getCondition()), x = readValues(adaptor.getX()),
       y = readValues(adaptor.getY());
  if (!c || !x || !y)
    return {};
  SmallVector<double> f;
  SmallVector<int64_t> i, coords;
  for (int64_t k = 0; k < type.getNumElements(); ++k) {
    unravel(k, type.getShape(), coords);
    auto at = [&](const Values &v) {
      return v.size() == 1 ? 0 : broadcastIndex(coords, v.type.getShape());
    };
    const Values &src = c->getI(at(*c)) ? *x : *y;
    f.push_back(src.getF(at(src)));
    i.push_back(src.getI(at(src)));
  }
  return buildAttr(type, f, i);
}

OpFoldResult ModOp::fold(FoldAdaptor adaptor) {
  // Values are evaluated as int64: leave ui64 to runtime.
  if (getElementTypeOrSelf(getType()).isUnsignedInteger(64))
    return {};
  bool fmod = getFmod() != 0;
  return foldElementwise(
      {adaptor.getLhs(), adaptor.getRhs()}, getType(),
      [](ArrayRef<double> a) { return std::fmod(a[0], a[1]); },
      [fmod](ArrayRef<int64_t> a) -> std::optional<int64_t> {
        // Total remainder (rt.mod): x mod 0 = 0, x mod -1 = 0.
        if (a[1] == 0 || a[1] == -1)
          return 0;
        int64_t r = a[0] % a[1];
        // fmod = 0: the result takes the sign of the divisor (Python).
        if (!fmod && r != 0 && ((r < 0) != (a[1] < 0)))
          r += a[1];
        return r;
      });
}

OpFoldResult LessOrEqualOp::fold(FoldAdaptor adaptor) {
  return foldElementwise(
      {adaptor.getLhs(), adaptor.getRhs()}, getType(),
      [](ArrayRef<double> a) { return (double)(a[0] <= a[1]); },
      [](ArrayRef<int64_t> a) -> std::optional<int64_t> {
        return a[0] <= a[1];
      });
}

OpFoldResult GreaterOrEqualOp::fold(FoldAdaptor adaptor) {
  return foldElementwise(
      {adaptor.getLhs(), adaptor.getRhs()}, getType(),
      [](ArrayRef<double> a) { return (double)(a[0] >= a[1]); },
      [](ArrayRef<int64_t> a) -> std::optional<int64_t> {
        return a[0] >= a[1];
      });
}

OpFoldResult AndOp::fold(FoldAdaptor adaptor) {
  return foldElementwise({adaptor.getLhs(), adaptor.getRhs()}, getType(),
                         nullptr,
                         [](ArrayRef<int64_t> a) -> std::optional<int64_t> {
                           return a[0] && a[1];
                         });
}

OpFoldResult OrOp::fold(FoldAdaptor adaptor) {
  return foldElementwise({adaptor.getLhs(), adaptor.getRhs()}, getType(),
                         nullptr,
                         [](ArrayRef<int64_t> a) -> std::optional<int64_t> {
                           return a[0] || a[1];
                         });
}

OpFoldResult NotOp::fold(FoldAdaptor adaptor) {
  return foldElementwise(
      {adaptor.getInput()}, getType(), nullptr,
      [](ArrayRef<int64_t> a) -> std::optional<int64_t> { return !a[0]; });
}

OpFoldResult FloorOp::fold(FoldAdaptor adaptor) {
  return foldElementwise(
      {adaptor.getInput()}, getType(),
      [](ArrayRef<double> a) { return std::floor(a[0]); }, nullptr);
}

OpFoldResult CeilOp::fold(FoldAdaptor adaptor) {
  return foldElementwise(
      {adaptor.getInput()}, getType(),
      [](ArrayRef<double> a) { return std::ceil(a[0]); }, nullptr);
}

OpFoldResult MaxOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  return foldElementwise(
      adaptor.getInputs(), getType(),
      [](ArrayRef<double> a) { return *llvm::max_element(a); },
      [](ArrayRef<int64_t> a) -> std::optional<int64_t> {
        return *llvm::max_element(a);
      });
}

OpFoldResult MinOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  return foldElementwise(
      adaptor.getInputs(), getType(),
      [](ArrayRef<double> a) { return *llvm::min_element(a); },
      [](ArrayRef<int64_t> a) -> std::optional<int64_t> {
        return *llvm::min_element(a);
      });
}

namespace {
/// gather(layer_normalization(x), i, axis = g) ->
/// layer_normalization(gather(x, i, axis = g)) when g lies before the
/// normalized axes: the selection commutes with a normalization of each
/// selected row, which then normalizes only the rows kept (ViT's class token
/// after the final LayerNorm: 64 rows instead of 64 x 197).
struct GatherBeforeLayerNorm : public OpRewritePattern<GatherOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GatherOp gather,
                                PatternRewriter &rewriter) const override {
    auto ln = gather.getInput().getDefiningOp<LayerNormalizationOp>();
    if (!ln || !ln->hasOneUse())
      return failure();
    auto inType = dyn_cast<RankedTensorType>(ln.getInput().getType());
    auto outType = dyn_cast<RankedTensorType>(gather.getType());
    if (!inType || !outType)
      return failure();
    int64_t rank = inType.getRank();
    int64_t g = static_cast<int64_t>(gather.getAxis());
    int64_t a = static_cast<int64_t>(ln.getAxis());
    if (g < 0)
      g += rank;
    if (a < 0)
      a += rank;
    if (g < 0 || a <= g || a >= rank)
      return failure();
    Value selected =
        GatherOp::create(rewriter, gather.getLoc(), outType, ln.getInput(),
                         gather.getIndices(), gather.getAxisAttr());
    // The normalized axes, counted from the back, are the same after the
    // selection.
    auto norm = LayerNormalizationOp::create(
        rewriter, ln.getLoc(), outType, selected, ln.getScale(), ln.getBias(),
        rewriter.getI64IntegerAttr(a - rank), ln.getEpsilonAttr(),
        ln.getStashTypeAttr());
    rewriter.replaceOp(gather, norm.getResult());
    rewriter.eraseOp(ln);
    return success();
  }
};
} // namespace

void GatherOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                           MLIRContext *context) {
  results.add<GatherBeforeLayerNorm>(context);
}

namespace {
/// group_normalization(x [N, C, D...], scale, bias, G) ->
/// reshape(layer_normalization(reshape(x, [N, G, C/G * prod(D)]), ones),
///         x.shape) * scale[C, 1...] + bias[C, 1...].
struct DecomposeGroupNormalization
    : public OpRewritePattern<GroupNormalizationOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(GroupNormalizationOp op,
                                PatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getInput().getType());
    auto outType = dyn_cast<RankedTensorType>(op.getType());
    if (!type || !type.hasStaticShape() || type.getRank() < 2 || !outType ||
        outType != type)
      return failure();
    int64_t n = type.getDimSize(0), c = type.getDimSize(1);
    int64_t g = static_cast<int64_t>(op.getNumGroups());
    if (g <= 0 || c % g)
      return failure();
    int64_t rest = type.getNumElements() / (n * g);
    Location loc = op.getLoc();
    Type et = type.getElementType();
    auto restType = RankedTensorType::get({rest}, et);
    Value ones = ConstantOp::create(
        rewriter, loc,
        cast<ElementsAttr>(DenseElementsAttr::get(
            restType, rewriter.getFloatAttr(et, 1.0))));
    Value grouped = createReshape(rewriter, loc, op.getInput(), {n, g, rest});
    Value norm = LayerNormalizationOp::create(
        rewriter, loc, grouped.getType(), grouped, ones, Value(),
        rewriter.getI64IntegerAttr(2), op.getEpsilonAttr(),
        op.getStashTypeAttr());
    Value y = createReshape(rewriter, loc, norm, type.getShape());
    // Per-channel scale and bias as [C, 1, ...] (broadcast over N and D).
    SmallVector<int64_t> perChannel(type.getRank() - 1, 1);
    perChannel[0] = c;
    y = MulOp::create(rewriter, loc, type, y,
                      createReshape(rewriter, loc, op.getScale(), perChannel));
    y = AddOp::create(rewriter, loc, type, y,
                      createReshape(rewriter, loc, op.getBias(), perChannel));
    rewriter.replaceOp(op, y);
    return success();
  }
};
} // namespace

void GroupNormalizationOp::getCanonicalizationPatterns(
    RewritePatternSet &results, MLIRContext *context) {
  results.add<DecomposeGroupNormalization>(context);
}

namespace {
/// A chain of two or more transposes and reshapes ending in a transpose is
/// one transpose of the chain's input and one reshape when every reshape
/// in it only regroups whole dimensions of that input (merges adjacent
/// dimensions, splits a merged one back at the same boundaries, adds or
/// removes unit dimensions): GPT-2's exported key goes head split ->
/// transpose -> reshape (merge batch and heads: 384 x 128 x 64) ->
/// transpose -> reshape (split them back) -> transpose back to the first
/// transpose's layout, which the QKV GEMM's epilogue would otherwise store
/// through five views, element by element, instead of one. A reshape that
/// splits one of the input's dimensions (the head split itself) starts the
/// chain after it.
struct TransposeChainToReshape : public OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  /// A value of the chain as the chain input's non-unit dimensions: each of
  /// its dimensions is the row-major merge of these input dimensions (none
  /// for a unit dimension).
  using Dims = SmallVector<SmallVector<int64_t, 2>>;

  /// The dimensions after reshaping `dims` (of `input`'s shape) to
  /// `shape`, or nullopt if the reshape splits an input dimension.
  static std::optional<Dims> regroup(const Dims &dims, ArrayRef<int64_t> input,
                                     ArrayRef<int64_t> shape) {
    SmallVector<int64_t> order;
    for (const auto &d : dims)
      order.append(d.begin(), d.end());
    Dims out;
    size_t k = 0;
    for (int64_t size : shape) {
      out.emplace_back();
      if (size == 1)
        continue;
      int64_t product = 1;
      while (product < size && k < order.size()) {
        product *= input[order[k]];
        out.back().push_back(order[k++]);
      }
      if (product != size)
        return std::nullopt;
    }
    if (k != order.size())
      return std::nullopt;
    return out;
  }

  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getType());
    if (!type || !type.hasStaticShape())
      return failure();
    // The chain, first op first.
    SmallVector<Operation *> chain = {op};
    for (Value v = op.getInput(); Operation *def = v.getDefiningOp();) {
      auto in = dyn_cast<RankedTensorType>(def->getOperand(0).getType());
      if (!isa<TransposeOp, ReshapeOp>(def) || !in || !in.hasStaticShape())
        break;
      chain.push_back(def);
      v = def->getOperand(0);
    }
    std::reverse(chain.begin(), chain.end());
    // Follow the dimensions forward from the chain's input; a reshape that
    // cannot be followed restarts the chain at its result.
    Value root;
    RankedTensorType rootType;
    Dims dims;
    int64_t transposes = 0;
    auto startAt = [&](Value v) {
      root = v;
      rootType = cast<RankedTensorType>(v.getType());
      dims.clear();
      for (auto [i, d] : llvm::enumerate(rootType.getShape())) {
        dims.emplace_back();
        if (d != 1)
          dims.back().push_back(i);
      }
      transposes = 0;
    };
    startAt(chain.front()->getOperand(0));
    for (Operation *o : chain) {
      if (auto t = dyn_cast<TransposeOp>(o)) {
        Dims next;
        for (int64_t p : transposePermutation(t.getPerm(), dims.size()))
          next.push_back(dims[p]);
        dims = std::move(next);
        ++transposes;
        continue;
      }
      std::optional<Dims> next =
          regroup(dims, rootType.getShape(),
                  cast<RankedTensorType>(o->getResult(0).getType()).getShape());
      if (next)
        dims = std::move(*next);
      else
        startAt(o->getResult(0));
    }
    if (transposes < 2)
      return failure();
    // The root's unit dimensions first, then its others in final order.
    SmallVector<int64_t> perm;
    for (auto [i, d] : llvm::enumerate(rootType.getShape()))
      if (d == 1)
        perm.push_back(i);
    for (const auto &d : dims)
      perm.append(d.begin(), d.end());
    Value v = root;
    if (!llvm::equal(perm, llvm::seq<int64_t>(0, perm.size()))) {
      SmallVector<int64_t> shape;
      for (int64_t p : perm)
        shape.push_back(rootType.getDimSize(p));
      v = TransposeOp::create(
          rewriter, op.getLoc(),
          RankedTensorType::get(shape, rootType.getElementType()), root,
          rewriter.getDenseI64ArrayAttr(perm));
    }
    if (v.getType() != type)
      v = createReshape(rewriter, op.getLoc(), v, type.getShape());
    rewriter.replaceOp(op, v);
    return success();
  }
};
} // namespace

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *context) {
  results.add<TransposeChainToReshape>(context);
}
