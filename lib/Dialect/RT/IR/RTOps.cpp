//===- RTOps.cpp - rt op result type inference and verifiers --------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Every rt op infers its result types from its operand types, attributes and,
// where ONNX passes shapes as tensors (Reshape, Expand, Slice, ...), from the
// values of constant operands. Unknown facts become dynamic dimensions or
// unranked tensors, never errors; contradictions are errors.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Runtime/CheckedMath.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <numeric>

using namespace mlir;
using namespace mlir::rt;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static constexpr int64_t kDyn = ShapedType::kDynamic;

/// The value product() returns when the product does not fit in int64.
static constexpr int64_t kOverflow = std::numeric_limits<int64_t>::max();

/// Product of `dims`: kDynamic if any is dynamic, kOverflow if it does not
/// fit in int64 (and no dimension is zero).
static int64_t product(ArrayRef<int64_t> dims) {
  if (llvm::any_of(dims, ShapedType::isDynamic))
    return kDyn;
  std::optional<int64_t> n = ::rt::elementCount(dims.data(), dims.size());
  return n ? *n : kOverflow;
}

/// `r`, a static dimension computed with the checked helpers of
/// CheckedMath.h, or failure naming `what` when it overflowed: wrapped
/// dimension arithmetic could produce anything, kDynamic included.
static FailureOr<int64_t> checkedDim(std::optional<Location> loc,
                                     std::optional<int64_t> r,
                                     const Twine &what) {
  if (!r)
    return emitOptionalError(loc, what, " does not fit in int64");
  return *r;
}

/// Bytes per element in rt's storage: whole bytes (i1 and sub-byte integers
/// take one), complex numbers two of their parts.
static int64_t elementBytes(Type elt) {
  if (auto c = dyn_cast<ComplexType>(elt))
    return 2 * elementBytes(c.getElementType());
  return elt.isIntOrFloat() ? (elt.getIntOrFloatBitWidth() + 7) / 8 : 1;
}

std::string mlir::rt::checkTensorType(Type type) {
  auto t = dyn_cast<RankedTensorType>(type);
  if (!t)
    return {};
  std::string msg;
  llvm::raw_string_ostream os(msg);
  if (t.getRank() > kMaxRank) {
    os << "rank " << t.getRank() << " is above the limit of " << kMaxRank;
    return msg;
  }
  for (int64_t d : t.getShape())
    if (d < 0 && !ShapedType::isDynamic(d)) {
      os << "dimension " << d << " is negative";
      return msg;
    }
  SmallVector<int64_t> known;
  for (int64_t d : t.getShape())
    if (!ShapedType::isDynamic(d))
      known.push_back(d);
  std::optional<int64_t> n = ::rt::elementCount(known.data(), known.size());
  if (!n) {
    os << t << " has more elements than fit in int64";
    return msg;
  }
  if (!::rt::checkedMul(*n, elementBytes(t.getElementType()))) {
    os << t << " has " << *n << " elements, more bytes than fit in int64";
    return msg;
  }
  return {};
}

std::optional<int64_t> mlir::rt::getTensorBytes(Type type) {
  auto t = dyn_cast<RankedTensorType>(type);
  if (!t || !t.hasStaticShape())
    return std::nullopt;
  return ::rt::byteSize(t.getShape().data(), t.getRank(),
                        elementBytes(t.getElementType()));
}

LogicalResult mlir::rt::verifyBoundedShapes(Operation *op) {
  for (auto [i, t] : llvm::enumerate(op->getResultTypes()))
    if (std::string why = checkTensorType(t); !why.empty())
      return op->emitOpError() << "result #" << i << ": " << why;
  for (auto [i, t] : llvm::enumerate(op->getOperandTypes()))
    if (std::string why = checkTensorType(t); !why.empty())
      return op->emitOpError() << "operand #" << i << ": " << why;
  return success();
}

static Type makeTensor(std::optional<ArrayRef<int64_t>> shape, Type elt) {
  if (!shape)
    return UnrankedTensorType::get(elt);
  return RankedTensorType::get(*shape, elt);
}

static RankedTensorType ranked(Type t) { return dyn_cast<RankedTensorType>(t); }

/// Normalizes `axis` into [0, rank); fails with a diagnostic if out of range.
static FailureOr<int64_t> normalizeAxis(std::optional<Location> loc,
                                        int64_t axis, int64_t rank,
                                        StringRef what = "axis",
                                        bool scalarOk = false) {
  // A scalar has no axis; reductions accept 0 and -1 on one as a no-op
  // (scalarOk), and must not index with the result. Other callers index
  // their dimensions with it, so rank 0 is an error for them.
  if (axis < -rank || axis >= std::max<int64_t>(rank, 1) ||
      (rank == 0 && (!scalarOk || (axis != 0 && axis != -1)))) {
    (void)emitOptionalError(loc, what, " ", axis, " is out of range for rank ",
                            rank);
    return failure();
  }
  return axis < 0 ? axis + rank : axis;
}

bool mlir::rt::getConstantIntValues(Value value,
                                    SmallVectorImpl<int64_t> &result) {
  Attribute attr;
  if (!value || !matchPattern(value, m_Constant(&attr)))
    return false;
  auto dense = dyn_cast<DenseIntElementsAttr>(attr);
  if (!dense)
    return false;
  for (const APInt &v : dense.getValues<APInt>())
    result.push_back(dense.getElementType().isUnsignedInteger()
                         ? (int64_t)v.getZExtValue()
                         : v.getSExtValue());
  return true;
}

/// A Slice start on a dimension of size `dim`: negative counts from the
/// back, then clamped to [0, dim] (positive step) or [0, dim - 1].
static int64_t clampSliceStart(int64_t dim, int64_t start, int64_t step) {
  if (start < 0)
    start += dim;
  return step > 0 ? std::clamp<int64_t>(start, 0, dim)
                  : std::clamp<int64_t>(start, 0, dim - 1);
}

/// Computes the size of one sliced dimension and clamps start into range.
static int64_t sliceDim(int64_t dim, int64_t &start, int64_t end,
                        int64_t step) {
  start = clampSliceStart(dim, start, step);
  // ceil(distance / |step|) without overflow, |INT64_MIN| included.
  auto count = [](int64_t distance, int64_t step) {
    uint64_t magnitude = step > 0 ? uint64_t(step) : 0 - uint64_t(step);
    return int64_t(1 + uint64_t(distance - 1) / magnitude);
  };
  if (step > 0) {
    if (end < 0)
      end += dim;
    end = std::clamp<int64_t>(end, 0, dim);
    return end > start ? count(end - start, step) : 0;
  }
  if (end < 0 && end > std::numeric_limits<int64_t>::min() / 2)
    end += dim;
  end = std::clamp<int64_t>(end, -1, dim - 1);
  return start > end ? count(start - end, step) : 0;
}

LogicalResult mlir::rt::getStaticSliceBounds(SliceOp op,
                                             SmallVectorImpl<int64_t> &begin,
                                             SmallVectorImpl<int64_t> &stride) {
  auto inType = dyn_cast<RankedTensorType>(op.getInput().getType());
  SmallVector<int64_t> starts, axes, steps;
  if (!inType || !inType.hasStaticShape() ||
      !getConstantIntValues(op.getStarts(), starts) ||
      (op.getAxes() && !getConstantIntValues(op.getAxes(), axes)) ||
      (op.getSteps() && !getConstantIntValues(op.getSteps(), steps)) ||
      (!axes.empty() && axes.size() != starts.size()) ||
      (!steps.empty() && steps.size() != starts.size()))
    return failure();
  int64_t rank = inType.getRank();
  begin.assign(rank, 0);
  stride.assign(rank, 1);
  for (size_t i = 0; i < starts.size(); ++i) {
    int64_t a = axes.empty() ? i : axes[i];
    if (a < 0)
      a += rank;
    if (a < 0 || a >= rank)
      return failure();
    int64_t step = steps.empty() ? 1 : steps[i];
    int64_t dim = inType.getDimSize(a);
    begin[a] = clampSliceStart(dim, starts[i], step);
    stride[a] = step;
  }
  return success();
}

Value mlir::rt::createReshape(OpBuilder &b, Location loc, Value v,
                              ArrayRef<int64_t> shape) {
  auto st = RankedTensorType::get({int64_t(shape.size())}, b.getI64Type());
  Value s = ConstantOp::create(
      b, loc, cast<ElementsAttr>(DenseElementsAttr::get(st, shape)));
  return ReshapeOp::create(
      b, loc,
      RankedTensorType::get(
          shape, cast<RankedTensorType>(v.getType()).getElementType()),
      v, s);
}

SmallVector<int64_t>
mlir::rt::transposePermutation(std::optional<ArrayRef<int64_t>> perm,
                               int64_t rank) {
  if (perm)
    return SmallVector<int64_t>(perm->begin(), perm->end());
  SmallVector<int64_t> reversed;
  for (int64_t i = rank - 1; i >= 0; --i)
    reversed.push_back(i);
  return reversed;
}

EinsumEquation mlir::rt::parseEinsumEquation(StringRef equation,
                                             ArrayRef<int64_t> ranks) {
  EinsumEquation e;
  std::string eq;
  for (char c : equation)
    if (c != ' ')
      eq.push_back(c);
  e.hasEllipsis = eq.find("...") != std::string::npos;
  StringRef lhs = eq;
  bool explicitOut = false;
  if (size_t p = eq.find("->"); p != std::string::npos) {
    lhs = StringRef(eq).take_front(p);
    e.out = StringRef(eq).drop_front(p + 2).str();
    explicitOut = true;
  }
  SmallVector<StringRef> terms;
  lhs.split(terms, ',');
  for (StringRef t : terms)
    e.terms.push_back(t.str());
  std::string ell; // the ellipsis' labels, right-aligned per input
  if (e.hasEllipsis && ranks.size() == e.terms.size()) {
    int64_t dims = 0;
    SmallVector<int64_t> own(e.terms.size(), 0);
    for (auto [i, t] : llvm::enumerate(e.terms)) {
      size_t p = t.find("...");
      if (p == std::string::npos)
        continue;
      own[i] = ranks[i] - (int64_t)(t.size() - 3);
      if (own[i] < 0 || t.find("...", p + 3) != std::string::npos)
        e.valid = false;
      dims = std::max(dims, own[i]);
    }
    for (char c = 'A'; (int64_t)ell.size() < dims && c <= 'z'; ++c)
      if (llvm::isAlpha(c) && eq.find(c) == std::string::npos)
        ell.push_back(c);
    if (!e.valid || (int64_t)ell.size() < dims) {
      e.valid = false;
      return e;
    }
    for (auto [i, t] : llvm::enumerate(e.terms))
      if (size_t p = t.find("..."); p != std::string::npos)
        t.replace(p, 3, ell.substr(ell.size() - own[i]));
    if (size_t p = e.out.find("..."); p != std::string::npos)
      e.out.replace(p, 3, ell);
    e.hasEllipsis = false;
  }
  if (!explicitOut) {
    llvm::DenseMap<char, int> counts;
    for (const std::string &t : e.terms)
      for (char c : t)
        ++counts[c];
    std::string once;
    for (auto &[c, n] : counts)
      if (n == 1 && ell.find(c) == std::string::npos)
        once.push_back(c);
    llvm::sort(once);
    e.out = ell + once;
  }
  return e;
}

bool mlir::rt::getPartialIntValues(Value value,
                                   SmallVectorImpl<int64_t> &result,
                                   unsigned depth) {
  if (!value || depth > 16)
    return false;
  if (getConstantIntValues(value, result))
    return true;
  Operation *def = value.getDefiningOp();
  if (!def)
    return false;
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || type.getRank() > 1 || !type.hasStaticShape())
    return false;
  int64_t n = type.getNumElements();
  // `result` may already hold earlier entries (of an enclosing concat).
  size_t before = result.size();
  auto produced = [&] { return (int64_t)(result.size() - before) == n; };
  // Shape of a ranked tensor: static dimensions known, dynamic ones not.
  if (auto shape = dyn_cast<ShapeOp>(def)) {
    auto in = dyn_cast<RankedTensorType>(shape.getInput().getType());
    if (!in)
      return false;
    int64_t rank = in.getRank();
    auto clampIdx = [&](int64_t i) {
      if (i < 0)
        i += rank;
      return std::clamp<int64_t>(i, 0, rank);
    };
    int64_t s = clampIdx(shape.getStart());
    int64_t e = shape.getEnd() ? clampIdx(*shape.getEnd()) : rank;
    for (int64_t i = s; i < e; ++i)
      result.push_back(in.getDimSize(i));
    return produced();
  }
  // Value-preserving reshapes of scalars and vectors.
  if (isa<UnsqueezeOp, SqueezeOp, ReshapeOp, IdentityOp, FlattenOp>(def) ||
      (isa<CastOp>(def) &&
       isa<IntegerType>(getElementTypeOrSelf(def->getOperand(0))))) {
    auto inType = dyn_cast<RankedTensorType>(def->getOperand(0).getType());
    if (!inType || !inType.hasStaticShape() || inType.getNumElements() != n)
      return false;
    return getPartialIntValues(def->getOperand(0), result, depth + 1);
  }
  if (auto concat = dyn_cast<ConcatOp>(def)) {
    for (Value in : concat.getInputs())
      if (!getPartialIntValues(in, result, depth + 1))
        return false;
    return produced();
  }
  if (auto gather = dyn_cast<GatherOp>(def)) {
    SmallVector<int64_t> src, idx;
    if (!getPartialIntValues(gather.getInput(), src, depth + 1) ||
        !getConstantIntValues(gather.getIndices(), idx))
      return false;
    for (int64_t i : idx) {
      if (i < 0)
        i += src.size();
      if (i < 0 || i >= (int64_t)src.size())
        return false;
      result.push_back(src[i]);
    }
    return produced();
  }
  if (auto slice = dyn_cast<SliceOp>(def)) {
    SmallVector<int64_t> src, starts, ends, steps;
    if (!getPartialIntValues(slice.getInput(), src, depth + 1) ||
        !getConstantIntValues(slice.getStarts(), starts) ||
        !getConstantIntValues(slice.getEnds(), ends) || starts.size() != 1 ||
        ends.size() != 1)
      return false;
    if (slice.getSteps() &&
        (!getConstantIntValues(slice.getSteps(), steps) || steps.size() != 1))
      return false;
    int64_t step = steps.empty() ? 1 : steps[0];
    if (step <= 0)
      return false;
    int64_t start = starts[0];
    int64_t count = sliceDim(src.size(), start, ends[0], step);
    for (int64_t k = 0; k < count; ++k)
      result.push_back(src[start + k * step]);
    return produced();
  }
  // Integer arithmetic on partially known values (e.g. `batch * 12`).
  if (isa<AddOp, SubOp, MulOp, DivOp>(def)) {
    SmallVector<int64_t> a, b;
    if (!getPartialIntValues(def->getOperand(0), a, depth + 1) ||
        !getPartialIntValues(def->getOperand(1), b, depth + 1) || a.empty() ||
        b.empty())
      return false;
    for (int64_t i = 0; i < n; ++i) {
      int64_t x = a.size() == 1 ? a[0] : a[i], y = b.size() == 1 ? b[0] : b[i];
      if (ShapedType::isDynamic(x) || ShapedType::isDynamic(y)) {
        result.push_back(kDyn);
        continue;
      }
      if (isa<AddOp>(def))
        result.push_back(x + y);
      else if (isa<SubOp>(def))
        result.push_back(x - y);
      else if (isa<MulOp>(def))
        result.push_back(x * y);
      else if (y != 0)
        result.push_back(x / y);
      else
        result.push_back(kDyn);
    }
    return true;
  }
  return false;
}

/// Returns constant float values of `value` (any float or int element type).
static bool getConstantFloatValues(Value value, SmallVectorImpl<double> &out) {
  Attribute attr;
  if (!value || !matchPattern(value, m_Constant(&attr)))
    return false;
  if (auto f = dyn_cast<DenseFPElementsAttr>(attr)) {
    for (const APFloat &v : f.getValues<APFloat>())
      out.push_back(v.convertToDouble());
    return true;
  }
  SmallVector<int64_t> ints;
  if (!getConstantIntValues(value, ints))
    return false;
  out.append(ints.begin(), ints.end());
  return true;
}

bool mlir::rt::areCompatibleResultTypes(TypeRange inferred, TypeRange actual) {
  if (inferred.size() != actual.size())
    return false;
  for (auto [a, b] : llvm::zip(inferred, actual)) {
    if (a == b)
      continue;
    auto ta = dyn_cast<TensorType>(a), tb = dyn_cast<TensorType>(b);
    if (!ta || !tb || ta.getElementType() != tb.getElementType())
      return false;
    if (!ta.hasRank() || !tb.hasRank())
      continue;
    if (failed(verifyCompatibleShape(ta.getShape(), tb.getShape())))
      return false;
  }
  return true;
}

Type mlir::rt::refineType(Type current, Type inferred) {
  auto cur = dyn_cast<TensorType>(current);
  auto inf = dyn_cast<TensorType>(inferred);
  if (!cur || !inf || cur.getElementType() != inf.getElementType())
    return current;
  if (!inf.hasRank())
    return current;
  if (!cur.hasRank())
    return inferred;
  if (cur.getRank() != inf.getRank())
    return current;
  SmallVector<int64_t> shape;
  for (auto [c, i] : llvm::zip(cur.getShape(), inf.getShape()))
    shape.push_back(ShapedType::isDynamic(c) ? i : c);
  return RankedTensorType::get(shape, cur.getElementType(),
                               cast<RankedTensorType>(cur).getEncoding());
}

/// Broadcasts `b` into `a` (NumPy rules, right-aligned). Dynamic dimensions
/// broadcast against 1 stay dynamic; against n > 1 they become n.
static LogicalResult broadcastInto(std::optional<Location> loc,
                                   SmallVectorImpl<int64_t> &a,
                                   ArrayRef<int64_t> b) {
  if (b.size() > a.size())
    a.insert(a.begin(), b.size() - a.size(), 1);
  size_t offset = a.size() - b.size();
  for (size_t i = 0; i < b.size(); ++i) {
    int64_t &x = a[offset + i];
    int64_t y = b[i];
    if (y == 1 || x == y)
      continue;
    if (x == 1) {
      x = y;
      continue;
    }
    if (ShapedType::isDynamic(x)) {
      x = y; // y is static and > 1, or dynamic
      continue;
    }
    if (ShapedType::isDynamic(y))
      continue;
    return emitOptionalError(loc,
                             "operands are not broadcast-compatible: "
                             "dimension ",
                             x, " vs ", y);
  }
  return success();
}

LogicalResult mlir::rt::inferBroadcastResultType(std::optional<Location> loc,
                                                 ArrayRef<Type> operandTypes,
                                                 Type elementType,
                                                 SmallVectorImpl<Type> &types) {
  if (operandTypes.empty())
    return emitOptionalError(loc, "expected at least one operand");
  Type firstElt = getElementTypeOrSelf(operandTypes.front());
  if (!elementType) {
    for (Type t : operandTypes)
      if (getElementTypeOrSelf(t) != firstElt)
        return emitOptionalError(loc,
                                 "operands must have the same element "
                                 "type, got ",
                                 firstElt, " and ", getElementTypeOrSelf(t));
    elementType = firstElt;
  }
  SmallVector<int64_t> shape;
  bool allRanked = true;
  for (Type t : operandTypes) {
    auto r = ranked(t);
    if (!r) {
      allRanked = false;
      continue;
    }
    if (failed(broadcastInto(loc, shape, r.getShape())))
      return failure();
  }
  types.push_back(allRanked ? makeTensor(ArrayRef<int64_t>(shape), elementType)
                            : makeTensor(std::nullopt, elementType));
  return success();
}

LogicalResult mlir::rt::verifyAxis(Operation *op, Type type, int64_t axis) {
  auto r = ranked(type);
  if (!r)
    return success();
  int64_t rank = r.getRank();
  if (axis < -rank || axis >= rank)
    return op->emitOpError("axis ")
           << axis << " is out of range for rank " << rank;
  return success();
}

/// Spatial output size of a window op along one dimension.
static int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                                int64_t padBegin, int64_t padEnd,
                                int64_t dilation, StringRef autoPad,
                                bool ceilMode) {
  if (ShapedType::isDynamic(in))
    return kDyn;
  if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER")
    return in / stride + (in % stride != 0);
  if (autoPad == "VALID")
    padBegin = padEnd = 0;
  // The caller bounds kernel, stride, dilation and pads by 2^40.
  std::optional<int64_t> reach = ::rt::checkedMul(dilation, kernel - 1);
  std::optional<int64_t> padded = ::rt::checkedAdd(in, padBegin + padEnd);
  if (!reach || !padded)
    return -2;
  int64_t effKernel = *reach + 1;
  int64_t span = *padded - effKernel;
  if (span < 0)
    return -1;
  int64_t out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
  // A window must start inside the input or the begin padding.
  if (ceilMode && (out - 1) * stride >= in + padBegin)
    --out;
  return out;
}

/// Shared checks and computation for Conv and the pooling ops: fills
/// `spatialOut` with output sizes.
static LogicalResult inferWindowDims(std::optional<Location> loc,
                                     ArrayRef<int64_t> inShape,
                                     ArrayRef<int64_t> kernel,
                                     std::optional<ArrayRef<int64_t>> strides,
                                     std::optional<ArrayRef<int64_t>> pads,
                                     std::optional<ArrayRef<int64_t>> dilations,
                                     StringRef autoPad, bool ceilMode,
                                     SmallVectorImpl<int64_t> &spatialOut) {
  size_t n = kernel.size();
  if (inShape.size() != n + 2)
    return emitOptionalError(loc, "expected input of rank ", n + 2, " for a ",
                             n, "-d window, got rank ", inShape.size());
  if (strides && strides->size() != n)
    return emitOptionalError(loc, "expected ", n, " strides, got ",
                             strides->size());
  if (dilations && dilations->size() != n)
    return emitOptionalError(loc, "expected ", n, " dilations, got ",
                             dilations->size());
  if (pads && pads->size() != 2 * n)
    return emitOptionalError(loc, "expected ", 2 * n, " pads, got ",
                             pads->size());
  if (!llvm::is_contained(
          ArrayRef<StringRef>{"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"},
          autoPad))
    return emitOptionalError(loc, "unknown auto_pad '", autoPad, "'");
  for (size_t i = 0; i < n; ++i) {
    int64_t k = kernel[i];
    int64_t s = strides ? (*strides)[i] : 1;
    int64_t d = dilations ? (*dilations)[i] : 1;
    int64_t pb = pads ? (*pads)[i] : 0, pe = pads ? (*pads)[i + n] : 0;
    if (k <= 0 || s <= 0 || d <= 0)
      return emitOptionalError(loc, "kernel sizes, strides and dilations "
                                    "must be positive");
    if (pb < 0 || pe < 0)
      return emitOptionalError(loc, "pads must be non-negative");
    constexpr int64_t kWindowLimit = int64_t(1) << 40;
    if (k > kWindowLimit || s > kWindowLimit || d > kWindowLimit ||
        pb > kWindowLimit || pe > kWindowLimit)
      return emitOptionalError(loc, "kernel sizes, strides, dilations and "
                                    "pads must be at most 2^40");
    int64_t out =
        windowOutputSize(inShape[i + 2], k, s, pb, pe, d, autoPad, ceilMode);
    if (out == -2)
      return emitOptionalError(loc, "padded spatial dimension ", i,
                               " or the dilated window does not fit in int64");
    if (out == -1 || out == 0)
      return emitOptionalError(loc, "window of size ", k,
                               " does not fit spatial dimension ", i, " (",
                               inShape[i + 2], " with padding)");
    spatialOut.push_back(out);
  }
  return success();
}

LogicalResult mlir::rt::inferPoolResultType(
    std::optional<Location> loc, Type inputType, ArrayRef<int64_t> kernelShape,
    std::optional<ArrayRef<int64_t>> strides,
    std::optional<ArrayRef<int64_t>> pads,
    std::optional<ArrayRef<int64_t>> dilations, StringRef autoPad,
    bool ceilMode, SmallVectorImpl<Type> &types) {
  auto in = ranked(inputType);
  Type elt = getElementTypeOrSelf(inputType);
  if (!in) {
    if ((int64_t)kernelShape.size() + 2 > kMaxRank)
      return emitOptionalError(loc, "a ", kernelShape.size(),
                               "-d window is above the rank limit of ",
                               kMaxRank);
    SmallVector<int64_t> shape(kernelShape.size() + 2, kDyn);
    types.push_back(RankedTensorType::get(shape, elt));
    return success();
  }
  // inferWindowDims checks the rank against the kernel; the batch and
  // channel dimensions are read only then (a rank-0 input used to be read
  // out of bounds here, found by onnx-import-fuzzer).
  if (in.getRank() != (int64_t)kernelShape.size() + 2)
    return emitOptionalError(loc, "expected input of rank ",
                             kernelShape.size() + 2, " for a ",
                             kernelShape.size(), "-d window, got rank ",
                             in.getRank());
  SmallVector<int64_t> shape{in.getDimSize(0), in.getDimSize(1)};
  if (failed(inferWindowDims(loc, in.getShape(), kernelShape, strides, pads,
                             dilations, autoPad, ceilMode, shape)))
    return failure();
  types.push_back(RankedTensorType::get(shape, elt));
  return success();
}

LogicalResult
mlir::rt::inferGlobalPoolResultType(std::optional<Location> loc, Type inputType,
                                    SmallVectorImpl<Type> &types) {
  auto in = ranked(inputType);
  Type elt = getElementTypeOrSelf(inputType);
  if (!in) {
    types.push_back(UnrankedTensorType::get(elt));
    return success();
  }
  if (in.getRank() < 3)
    return emitOptionalError(loc, "expected input of rank >= 3, got ",
                             in.getRank());
  SmallVector<int64_t> shape(in.getShape());
  for (int64_t i = 2; i < in.getRank(); ++i)
    shape[i] = 1;
  types.push_back(RankedTensorType::get(shape, elt));
  return success();
}

LogicalResult mlir::rt::inferReduceResultType(
    std::optional<Location> loc, Type inputType,
    std::optional<ArrayRef<int64_t>> axes, bool keepDims,
    bool noopWithEmptyAxes, Type elementType, SmallVectorImpl<Type> &types) {
  Type elt = elementType ? elementType : getElementTypeOrSelf(inputType);
  auto in = ranked(inputType);
  if (!in) {
    types.push_back(UnrankedTensorType::get(elt));
    return success();
  }
  int64_t rank = in.getRank();
  SmallVector<bool> reduced(rank, false);
  if (!axes || axes->empty()) {
    if (noopWithEmptyAxes) {
      types.push_back(RankedTensorType::get(in.getShape(), elt));
      return success();
    }
    reduced.assign(rank, true);
  } else {
    for (int64_t a : *axes) {
      FailureOr<int64_t> n =
          normalizeAxis(loc, a, rank, "reduction axis", /*scalarOk=*/true);
      if (failed(n))
        return failure();
      // A scalar has no dimension to reduce (normalizeAxis accepts 0 and -1
      // for it): the axis is a no-op (found by onnx-import-fuzzer, which
      // read past `reduced`).
      if (rank == 0)
        continue;
      if (reduced[*n])
        return emitOptionalError(loc, "reduction axis ", a, " repeated");
      reduced[*n] = true;
    }
  }
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i) {
    if (!reduced[i])
      shape.push_back(in.getDimSize(i));
    else if (keepDims)
      shape.push_back(1);
  }
  types.push_back(RankedTensorType::get(shape, elt));
  return success();
}

/// Pushes `type` with the shape of `shapeSource` (ranked or not) and element
/// type `elt`.
static LogicalResult sameShape(Type shapeSource, Type elt,
                               SmallVectorImpl<Type> &types) {
  if (auto r = ranked(shapeSource))
    types.push_back(RankedTensorType::get(r.getShape(), elt));
  else
    types.push_back(UnrankedTensorType::get(elt));
  return success();
}

//===----------------------------------------------------------------------===//
// Math ops
//===----------------------------------------------------------------------===//

LogicalResult GeluOp::verify() {
  if (getApproximate() != "none" && getApproximate() != "tanh")
    return emitOpError("approximate must be \"none\" or \"tanh\", got \"")
           << getApproximate() << "\"";
  return success();
}

LogicalResult IsNaNOp::inferReturnTypes(MLIRContext *ctx,
                                        std::optional<Location>,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  return sameShape(adaptor.getInput().getType(), IntegerType::get(ctx, 1),
                   types);
}

LogicalResult IsInfOp::inferReturnTypes(MLIRContext *ctx,
                                        std::optional<Location>,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  return sameShape(adaptor.getInput().getType(), IntegerType::get(ctx, 1),
                   types);
}

LogicalResult CastOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  return sameShape(adaptor.getInput().getType(), adaptor.getTo(), types);
}

LogicalResult CastOp::verify() {
  Type to = getTo();
  if (!isa<FloatType, IntegerType, ComplexType>(to))
    return emitOpError("cannot cast to ") << to;
  return success();
}

LogicalResult BitShiftOp::verify() {
  if (getDirection() != "LEFT" && getDirection() != "RIGHT")
    return emitOpError("direction must be \"LEFT\" or \"RIGHT\", got \"")
           << getDirection() << "\"";
  return success();
}

LogicalResult PowOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  return inferBroadcastResultType(
      loc, {adaptor.getBase().getType(), adaptor.getExponent().getType()},
      getElementTypeOrSelf(adaptor.getBase().getType()), types);
}

LogicalResult PReluOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  SmallVector<Type> bcast;
  if (failed(inferBroadcastResultType(
          loc, {adaptor.getInput().getType(), adaptor.getSlope().getType()},
          Type(), bcast)))
    return failure();
  if (!areCompatibleResultTypes(bcast, adaptor.getInput().getType()))
    return emitOptionalError(loc, "slope must broadcast to the input shape");
  types.push_back(adaptor.getInput().getType());
  return success();
}

LogicalResult WhereOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  Type x = adaptor.getX().getType(), y = adaptor.getY().getType();
  if (getElementTypeOrSelf(x) != getElementTypeOrSelf(y))
    return emitOptionalError(loc, "x and y must have the same element type");
  return inferBroadcastResultType(loc, {adaptor.getCondition().getType(), x, y},
                                  getElementTypeOrSelf(x), types);
}

LogicalResult ClipOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  types.push_back(adaptor.getInput().getType());
  return success();
}

LogicalResult ClipOp::verify() {
  Type elt = getElementTypeOrSelf(getInput().getType());
  for (Value bound : {getMin(), getMax()}) {
    if (!bound)
      continue;
    if (getElementTypeOrSelf(bound.getType()) != elt)
      return emitOpError("bounds must have the input's element type");
    auto r = ranked(bound.getType());
    if (r && r.hasStaticShape() && r.getNumElements() != 1)
      return emitOpError("bounds must be scalars, got ") << bound.getType();
  }
  return success();
}

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  Type lt = adaptor.getLhs().getType(), rt = adaptor.getRhs().getType();
  Type elt = getElementTypeOrSelf(lt);
  if (elt != getElementTypeOrSelf(rt))
    return emitOptionalError(loc, "operands must have the same element type");
  auto l = ranked(lt), r = ranked(rt);
  if (!l || !r) {
    types.push_back(UnrankedTensorType::get(elt));
    return success();
  }
  if (l.getRank() == 0 || r.getRank() == 0)
    return emitOptionalError(loc, "operands of matmul must not be scalars");
  SmallVector<int64_t> ls(l.getShape()), rs(r.getShape());
  bool lVec = ls.size() == 1, rVec = rs.size() == 1;
  if (lVec)
    ls.insert(ls.begin(), 1);
  if (rVec)
    rs.push_back(1);
  int64_t k1 = ls.back(), k2 = rs[rs.size() - 2];
  if (!ShapedType::isDynamic(k1) && !ShapedType::isDynamic(k2) && k1 != k2)
    return emitOptionalError(loc, "contraction dimensions differ: ", k1, " vs ",
                             k2);
  SmallVector<int64_t> batch(ls.begin(), ls.end() - 2);
  if (failed(broadcastInto(loc, batch, ArrayRef<int64_t>(rs).drop_back(2))))
    return failure();
  if (!lVec)
    batch.push_back(ls[ls.size() - 2]);
  if (!rVec)
    batch.push_back(rs.back());
  types.push_back(RankedTensorType::get(batch, elt));
  return success();
}

LogicalResult GemmOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  Type elt = getElementTypeOrSelf(adaptor.getA().getType());
  auto a = ranked(adaptor.getA().getType()),
       b = ranked(adaptor.getB().getType());
  if ((a && a.getRank() != 2) || (b && b.getRank() != 2))
    return emitOptionalError(loc, "gemm operands a and b must be matrices");
  int64_t m = kDyn, n = kDyn, ka = kDyn, kb = kDyn;
  if (a) {
    m = a.getDimSize(adaptor.getTransA() ? 1 : 0);
    ka = a.getDimSize(adaptor.getTransA() ? 0 : 1);
  }
  if (b) {
    kb = b.getDimSize(adaptor.getTransB() ? 1 : 0);
    n = b.getDimSize(adaptor.getTransB() ? 0 : 1);
  }
  if (!ShapedType::isDynamic(ka) && !ShapedType::isDynamic(kb) && ka != kb)
    return emitOptionalError(loc, "contraction dimensions differ: ", ka, " vs ",
                             kb);
  if (Value c = adaptor.getC()) {
    if (auto cr = ranked(c.getType())) {
      // Unidirectional: every dimension of c is 1 or the result's.
      SmallVector<int64_t> out{m, n};
      bool ok = cr.getRank() <= 2;
      for (int64_t i = 0; ok && i < cr.getRank(); ++i) {
        int64_t d = cr.getDimSize(cr.getRank() - 1 - i);
        int64_t r = out[1 - i];
        ok = d == 1 || ShapedType::isDynamic(d) || ShapedType::isDynamic(r) ||
             d == r;
      }
      if (!ok)
        return emitOptionalError(loc, "c must broadcast to [", m, ", ", n, "]");
    }
  }
  types.push_back(RankedTensorType::get({m, n}, elt));
  return success();
}

LogicalResult EinsumOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  if (adaptor.getInputs().empty())
    return emitOptionalError(loc, "einsum needs at least one input");
  Type elt = getElementTypeOrSelf(adaptor.getInputs()[0].getType());
  SmallVector<int64_t> ranks;
  for (Value v : adaptor.getInputs())
    if (auto r = ranked(v.getType()))
      ranks.push_back(r.getRank());
  if (ranks.size() != adaptor.getInputs().size())
    ranks.clear();
  EinsumEquation eq = parseEinsumEquation(adaptor.getEquation(), ranks);
  ArrayRef<std::string> terms = eq.terms;
  if (terms.size() != adaptor.getInputs().size())
    return emitOptionalError(loc, "einsum equation has ", terms.size(),
                             " input terms for ", adaptor.getInputs().size(),
                             " inputs");
  if (!eq.valid)
    return emitOptionalError(loc, "einsum equation '", adaptor.getEquation(),
                             "': an ellipsis does not fit its input's rank");
  if (eq.hasEllipsis) {
    types.push_back(UnrankedTensorType::get(elt));
    return success();
  }
  llvm::DenseMap<char, int64_t> sizes;
  for (auto [term, v] : llvm::zip(terms, adaptor.getInputs())) {
    auto r = ranked(v.getType());
    if (r && (int64_t)term.size() != r.getRank())
      return emitOptionalError(loc, "einsum term '", term, "' does not match ",
                               "rank ", r.getRank());
    for (auto [i, c] : llvm::enumerate(term)) {
      if (!llvm::isAlpha(c))
        return emitOptionalError(loc, "bad einsum label '", StringRef(&c, 1),
                                 "'");
      int64_t d = r ? r.getDimSize(i) : kDyn;
      auto it = sizes.find(c);
      if (it != sizes.end() && !ShapedType::isDynamic(d) &&
          !ShapedType::isDynamic(it->second) && d != it->second && d != 1 &&
          it->second != 1)
        return emitOptionalError(loc, "einsum label '", StringRef(&c, 1),
                                 "' has sizes ", it->second, " and ", d);
      if (it == sizes.end() || ShapedType::isDynamic(it->second) ||
          it->second == 1)
        sizes[c] = d;
    }
  }
  SmallVector<int64_t> shape;
  for (char c : eq.out) {
    auto it = sizes.find(c);
    if (it == sizes.end())
      return emitOptionalError(loc, "einsum output label '", StringRef(&c, 1),
                               "' does not appear in the inputs");
    shape.push_back(it->second);
  }
  types.push_back(RankedTensorType::get(shape, elt));
  return success();
}

//===----------------------------------------------------------------------===//
// NN ops
//===----------------------------------------------------------------------===//

/// Moves dimension 1 last (`toLast`) or the last dimension to 1.
static Type permuteChannels(Type t, bool toLast) {
  auto r = dyn_cast<RankedTensorType>(t);
  if (!r || r.getRank() < 3)
    return t;
  SmallVector<int64_t> shape(r.getShape());
  if (toLast) {
    int64_t c = shape[1];
    shape.erase(shape.begin() + 1);
    shape.push_back(c);
  } else {
    int64_t c = shape.back();
    shape.pop_back();
    shape.insert(shape.begin() + 1, c);
  }
  return RankedTensorType::get(shape, r.getElementType());
}

static LogicalResult inferConvTypes(std::optional<Location> loc, Type inputType,
                                    Type weightType, ConvOp::Adaptor &adaptor,
                                    SmallVectorImpl<Type> &types);

LogicalResult ConvOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  if (!adaptor.getChannelsLast())
    return inferConvTypes(loc, adaptor.getInput().getType(),
                          adaptor.getWeight().getType(), adaptor, types);
  // Channels last: infer in NCHW order, then move the channels back.
  if (failed(inferConvTypes(
          loc, permuteChannels(adaptor.getInput().getType(), false),
          permuteChannels(adaptor.getWeight().getType(), false), adaptor,
          types)))
    return failure();
  types.back() = permuteChannels(types.back(), true);
  return success();
}

static LogicalResult inferConvTypes(std::optional<Location> loc, Type inputType,
                                    Type weightType, ConvOp::Adaptor &adaptor,
                                    SmallVectorImpl<Type> &types) {
  Type elt = getElementTypeOrSelf(inputType);
  auto in = ranked(inputType);
  auto w = ranked(weightType);
  if (!w) {
    types.push_back(in ? (Type)RankedTensorType::get(
                             SmallVector<int64_t>(in.getRank(), kDyn), elt)
                       : (Type)UnrankedTensorType::get(elt));
    return success();
  }
  if (w.getRank() < 3)
    return emitOptionalError(loc, "conv weight must have rank >= 3, got ",
                             w.getRank());
  int64_t group = adaptor.getGroup();
  if (group <= 0)
    return emitOptionalError(loc, "group must be positive");
  int64_t m = w.getDimSize(0);
  if (!ShapedType::isDynamic(m) && m % group != 0)
    return emitOptionalError(loc, "output channels ", m,
                             " are not divisible by group ", group);
  SmallVector<int64_t> kernel(w.getShape().drop_front(2));
  if (auto ks = adaptor.getKernelShape()) {
    if (ks->size() != kernel.size())
      return emitOptionalError(loc, "kernel_shape has ", ks->size(),
                               " entries for a ", kernel.size(), "-d conv");
    for (auto [k, wk] : llvm::zip(*ks, kernel))
      if (!ShapedType::isDynamic(wk) && k != wk)
        return emitOptionalError(loc, "kernel_shape does not match the weight");
    kernel.assign(ks->begin(), ks->end());
  }
  if (!in) {
    SmallVector<int64_t> shape(kernel.size() + 2, kDyn);
    shape[1] = m;
    types.push_back(RankedTensorType::get(shape, elt));
    return success();
  }
  if (in.getRank() != w.getRank())
    return emitOptionalError(loc, "input rank ", in.getRank(),
                             " differs from weight rank ", w.getRank());
  int64_t c = in.getDimSize(1), cw = w.getDimSize(1);
  if (!ShapedType::isDynamic(c) && !ShapedType::isDynamic(cw) &&
      c != cw * group)
    return emitOptionalError(loc, "input channels ", c,
                             " do not match weight channels ", cw, " x group ",
                             group);
  if (Value b = adaptor.getBias()) {
    auto br = ranked(b.getType());
    if (br && (br.getRank() != 1 ||
               (!ShapedType::isDynamic(br.getDimSize(0)) &&
                !ShapedType::isDynamic(m) && br.getDimSize(0) != m)))
      return emitOptionalError(loc, "bias must be 1-d with ", m, " elements");
  }
  if (llvm::any_of(kernel, ShapedType::isDynamic)) {
    SmallVector<int64_t> shape(in.getRank(), kDyn);
    shape[0] = in.getDimSize(0);
    shape[1] = m;
    types.push_back(RankedTensorType::get(shape, elt));
    return success();
  }
  SmallVector<int64_t> shape{in.getDimSize(0), m};
  if (failed(inferWindowDims(loc, in.getShape(), kernel, adaptor.getStrides(),
                             adaptor.getPads(), adaptor.getDilations(),
                             adaptor.getAutoPad(), false, shape)))
    return failure();
  types.push_back(RankedTensorType::get(shape, elt));
  return success();
}

LogicalResult ConvTransposeOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  Type elt = getElementTypeOrSelf(adaptor.getInput().getType());
  auto in = ranked(adaptor.getInput().getType());
  auto w = ranked(adaptor.getWeight().getType());
  if (!in || !w) {
    types.push_back(UnrankedTensorType::get(elt));
    return success();
  }
  if (w.getRank() < 3 || in.getRank() != w.getRank())
    return emitOptionalError(loc, "input and weight must have the same rank "
                                  ">= 3");
  int64_t group = adaptor.getGroup();
  if (group <= 0)
    return emitOptionalError(loc, "group must be positive");
  size_t n = w.getRank() - 2;
  int64_t c = in.getDimSize(1), wc = w.getDimSize(0);
  if (!ShapedType::isDynamic(c) && !ShapedType::isDynamic(wc) && c != wc)
    return emitOptionalError(loc, "input channels ", c,
                             " do not match weight input channels ", wc);
  int64_t m = kDyn;
  if (!ShapedType::isDynamic(w.getDimSize(1))) {
    FailureOr<int64_t> mm = checkedDim(
        loc, ::rt::checkedMul(w.getDimSize(1), group), "output channels");
    if (failed(mm))
      return failure();
    m = *mm;
  }
  SmallVector<int64_t> shape{in.getDimSize(0), m};
  auto get = [&](std::optional<ArrayRef<int64_t>> a, size_t i, int64_t def) {
    return a && i < a->size() ? (*a)[i] : def;
  };
  for (auto a : {adaptor.getStrides(), adaptor.getDilations(),
                 adaptor.getOutputPadding(), adaptor.getKernelShape()})
    if (a && a->size() != n)
      return emitOptionalError(loc, "expected ", n,
                               " entries in window attributes");
  if (auto p = adaptor.getPads(); p && p->size() != 2 * n)
    return emitOptionalError(loc, "expected ", 2 * n, " pads");
  if (auto os = adaptor.getOutputShape()) {
    if (os->size() != n && os->size() != n + 2)
      return emitOptionalError(loc, "output_shape must have ", n, " entries");
    ArrayRef<int64_t> spatial = os->size() == n ? *os : os->drop_front(2);
    shape.append(spatial.begin(), spatial.end());
    types.push_back(RankedTensorType::get(shape, elt));
    return success();
  }
  StringRef autoPad = adaptor.getAutoPad();
  for (size_t i = 0; i < n; ++i) {
    int64_t d = in.getDimSize(i + 2);
    int64_t k = get(adaptor.getKernelShape(), i, w.getDimSize(i + 2));
    if (ShapedType::isDynamic(d) || ShapedType::isDynamic(k)) {
      shape.push_back(kDyn);
      continue;
    }
    int64_t s = get(adaptor.getStrides(), i, 1);
    int64_t dil = get(adaptor.getDilations(), i, 1);
    int64_t op = get(adaptor.getOutputPadding(), i, 0);
    int64_t pb = autoPad == "VALID" ? 0 : get(adaptor.getPads(), i, 0);
    int64_t pe = autoPad == "VALID" ? 0 : get(adaptor.getPads(), i + n, 0);
    constexpr int64_t kLimit = int64_t(1) << 40;
    for (int64_t v : {s, dil, k})
      if (v <= 0 || v > kLimit)
        return emitOptionalError(loc, "kernel sizes, strides and dilations "
                                      "must be in [1, 2^40]");
    for (int64_t v : {op, pb, pe})
      if (v < 0 || v > kLimit)
        return emitOptionalError(loc, "pads and output padding must be in "
                                      "[0, 2^40]");
    if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      FailureOr<int64_t> o = checkedDim(loc, ::rt::checkedMul(d, s),
                                        "spatial output dimension");
      if (failed(o))
        return failure();
      shape.push_back(*o);
      continue;
    }
    // d < 2^63 and every other term is at most 2^40 (2^80 for the window's
    // reach), so checking the two products and the sum suffices.
    std::optional<int64_t> spread = ::rt::checkedMul(s, d - 1);
    std::optional<int64_t> reach = ::rt::checkedMul(k - 1, dil);
    std::optional<int64_t> sum;
    if (spread && reach)
      sum = ::rt::checkedAdd(*spread, *reach + 1 + op);
    FailureOr<int64_t> o =
        checkedDim(loc, sum, "spatial output dimension " + Twine(i));
    if (failed(o))
      return failure();
    int64_t out = *o - pb - pe;
    if (out <= 0)
      return emitOptionalError(loc, "conv_transpose output size ", out,
                               " is not positive");
    shape.push_back(out);
  }
  types.push_back(RankedTensorType::get(shape, elt));
  return success();
}

#define RT_SAME_AS_INPUT(OP)                                                   \
  LogicalResult OP::inferReturnTypes(MLIRContext *, std::optional<Location>,   \
                                     Adaptor adaptor,                          \
                                     SmallVectorImpl<Type> &types) {           \
    types.push_back(adaptor.getInput().getType());                             \
    return success();                                                          \
  }

RT_SAME_AS_INPUT(BatchNormalizationOp)
RT_SAME_AS_INPUT(InstanceNormalizationOp)
RT_SAME_AS_INPUT(LayerNormalizationOp)
RT_SAME_AS_INPUT(GroupNormalizationOp)
RT_SAME_AS_INPUT(LRNOp)

/// Checks that each 1-D per-channel `params` has `channels` elements.
static LogicalResult verifyChannelParams(Operation *op, Type inputType,
                                         ValueRange params,
                                         int64_t expected = kDyn) {
  auto in = ranked(inputType);
  if (in && in.getRank() < 2)
    return op->emitOpError("input must have rank >= 2 (N x C x ...)");
  int64_t channels =
      ShapedType::isDynamic(expected) && in ? in.getDimSize(1) : expected;
  // With an unknown channel count the parameters must still agree.
  if (ShapedType::isDynamic(channels))
    for (Value p : params)
      if (auto r = ranked(p.getType());
          r && r.getRank() == 1 && !r.isDynamicDim(0)) {
        channels = r.getDimSize(0);
        break;
      }
  for (Value p : params) {
    auto r = ranked(p.getType());
    if (!r)
      continue;
    if (r.getRank() != 1)
      return op->emitOpError("per-channel parameters must be 1-d, got ")
             << p.getType();
    if (!ShapedType::isDynamic(channels) && !r.isDynamicDim(0) &&
        r.getDimSize(0) != channels)
      return op->emitOpError("per-channel parameters must have ")
             << channels << " elements, got " << p.getType();
  }
  return success();
}

LogicalResult BatchNormalizationOp::verify() {
  return verifyChannelParams(*this, getInput().getType(),
                             {getScale(), getBias(), getMean(), getVar()});
}

LogicalResult InstanceNormalizationOp::verify() {
  return verifyChannelParams(*this, getInput().getType(),
                             {getScale(), getBias()});
}

LogicalResult GroupNormalizationOp::verify() {
  int64_t groups = getNumGroups();
  if (groups <= 0)
    return emitOpError("num_groups must be positive");
  auto in = ranked(getInput().getType());
  if (in && in.getRank() >= 2 && !in.isDynamicDim(1) &&
      in.getDimSize(1) % groups != 0)
    return emitOpError("channels ")
           << in.getDimSize(1) << " are not divisible by num_groups " << groups;
  return verifyChannelParams(*this, getInput().getType(),
                             {getScale(), getBias()});
}

LogicalResult LayerNormalizationOp::verify() {
  if (failed(verifyAxis(*this, getInput().getType(), getAxis())))
    return failure();
  // scale and bias broadcast to the normalized shape input.shape[axis:].
  auto in = ranked(getInput().getType());
  if (!in)
    return success();
  int64_t axis = getAxis();
  if (axis < 0)
    axis += in.getRank();
  ArrayRef<int64_t> normalized = in.getShape().drop_front(axis);
  for (Value p : {getScale(), getBias()}) {
    if (!p)
      continue;
    auto r = ranked(p.getType());
    if (!r)
      continue;
    // Unidirectional broadcast: each dimension of the parameter is 1 or
    // agrees with the normalized dimension (unknown sizes agree).
    bool ok = r.getRank() <= (int64_t)normalized.size();
    for (int64_t k = 1; ok && k <= r.getRank(); ++k) {
      int64_t p = r.getDimSize(r.getRank() - k);
      int64_t d = normalized[normalized.size() - k];
      ok = p == 1 || p == d || ShapedType::isDynamic(p) ||
           ShapedType::isDynamic(d);
    }
    if (!ok)
      return emitOpError("scale and bias must broadcast to the normalized "
                         "shape, got ")
             << p.getType();
  }
  return success();
}

LogicalResult LRNOp::verify() {
  if (static_cast<int64_t>(getSize()) <= 0)
    return emitOpError("size must be positive, got ")
           << static_cast<int64_t>(getSize());
  return success();
}
RT_SAME_AS_INPUT(ScatterElementsOp)
RT_SAME_AS_INPUT(ScatterNDOp)
RT_SAME_AS_INPUT(TriluOp)
RT_SAME_AS_INPUT(CumSumOp)

LogicalResult QuantizeLinearOp::inferReturnTypes(MLIRContext *ctx,
                                                 std::optional<Location>,
                                                 Adaptor adaptor,
                                                 SmallVectorImpl<Type> &types) {
  Type elt;
  if (auto dt = adaptor.getOutputDtype())
    elt = *dt;
  else if (Value zp = adaptor.getZeroPoint())
    elt = getElementTypeOrSelf(zp.getType());
  else
    elt = IntegerType::get(ctx, 8, IntegerType::Unsigned);
  return sameShape(adaptor.getInput().getType(), elt, types);
}

LogicalResult
DequantizeLinearOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                     Adaptor adaptor,
                                     SmallVectorImpl<Type> &types) {
  return sameShape(adaptor.getInput().getType(),
                   getElementTypeOrSelf(adaptor.getScale().getType()), types);
}

LogicalResult ResizeOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  Type elt = getElementTypeOrSelf(adaptor.getInput().getType());
  auto in = ranked(adaptor.getInput().getType());
  if (!in) {
    types.push_back(UnrankedTensorType::get(elt));
    return success();
  }
  int64_t rank = in.getRank();
  SmallVector<int64_t> axes;
  if (auto a = adaptor.getAxes()) {
    for (int64_t x : *a) {
      FailureOr<int64_t> n = normalizeAxis(loc, x, rank);
      if (failed(n))
        return failure();
      axes.push_back(*n);
    }
  } else {
    for (int64_t i = 0; i < rank; ++i)
      axes.push_back(i);
  }
  SmallVector<int64_t> shape(in.getShape());
  SmallVector<int64_t> sizes;
  SmallVector<double> scales;
  bool policyStretch = adaptor.getKeepAspectRatioPolicy() == "stretch";
  if (adaptor.getSizes() && getConstantIntValues(adaptor.getSizes(), sizes) &&
      policyStretch) {
    if (sizes.size() != axes.size())
      return emitOptionalError(loc, "sizes has ", sizes.size(), " entries for ",
                               axes.size(), " axes");
    for (auto [a, s] : llvm::zip(axes, sizes)) {
      if (s < 0)
        return emitOptionalError(loc, "sizes has negative entry ", s);
      shape[a] = s;
    }
  } else if (adaptor.getScales() &&
             getConstantFloatValues(adaptor.getScales(), scales) &&
             !scales.empty()) {
    if (scales.size() != axes.size())
      return emitOptionalError(loc, "scales has ", scales.size(),
                               " entries for ", axes.size(), " axes");
    for (auto [a, s] : llvm::zip(axes, scales)) {
      if (!(s > 0) || !std::isfinite(s))
        return emitOptionalError(loc, "scales must be positive and finite");
      if (ShapedType::isDynamic(shape[a]))
        continue;
      double scaled = std::floor((double)shape[a] * s);
      if (scaled >= 0x1p62)
        return emitOptionalError(loc, "scale ", s, " makes dimension ", a,
                                 " (", shape[a], ") larger than 2^62");
      shape[a] = (int64_t)scaled;
    }
  } else {
    for (int64_t a : axes)
      shape[a] = kDyn;
  }
  types.push_back(RankedTensorType::get(shape, elt));
  return success();
}

LogicalResult ResizeOp::verify() {
  if (!llvm::is_contained(ArrayRef<StringRef>{"nearest", "linear", "cubic"},
                          getMode()))
    return emitOpError("unknown mode '") << getMode() << "'";
  if (getScales() && getSizes())
    return emitOpError("takes either scales or sizes, not both");
  if (!getScales() && !getSizes())
    return emitOpError("needs scales or sizes");
  return success();
}

static LogicalResult inferSpaceDepth(std::optional<Location> loc,
                                     Type inputType, int64_t b, bool toSpace,
                                     SmallVectorImpl<Type> &types) {
  Type elt = getElementTypeOrSelf(inputType);
  auto in = ranked(inputType);
  if (b <= 0)
    return emitOptionalError(loc, "blocksize must be positive");
  if (!in) {
    types.push_back(RankedTensorType::get({kDyn, kDyn, kDyn, kDyn}, elt));
    return success();
  }
  if (in.getRank() != 4)
    return emitOptionalError(loc, "expected a 4-d input");
  if (b > (int64_t(1) << 31))
    return emitOptionalError(loc, "blocksize ", b, " is larger than 2^31");
  bool overflow = false;
  auto mul = [&](int64_t d, int64_t f) {
    if (ShapedType::isDynamic(d))
      return kDyn;
    std::optional<int64_t> r = ::rt::checkedMul(d, f);
    overflow |= !r;
    return r.value_or(0);
  };
  SmallVector<int64_t> s(in.getShape());
  if (toSpace) {
    if (!ShapedType::isDynamic(s[1]) && s[1] % (b * b) != 0)
      return emitOptionalError(loc, "channels ", s[1],
                               " not divisible by blocksize^2");
    s[1] = ShapedType::isDynamic(s[1]) ? kDyn : s[1] / (b * b);
    s[2] = mul(s[2], b);
    s[3] = mul(s[3], b);
  } else {
    for (int i : {2, 3})
      if (!ShapedType::isDynamic(s[i]) && s[i] % b != 0)
        return emitOptionalError(loc, "spatial size ", s[i],
                                 " not divisible by blocksize");
    s[1] = mul(s[1], b * b);
    s[2] = ShapedType::isDynamic(s[2]) ? kDyn : s[2] / b;
    s[3] = ShapedType::isDynamic(s[3]) ? kDyn : s[3] / b;
  }
  if (overflow)
    return emitOptionalError(loc, "blocksize ", b,
                             " makes a dimension larger than int64 holds");
  types.push_back(RankedTensorType::get(s, elt));
  return success();
}

LogicalResult DepthToSpaceOp::inferReturnTypes(MLIRContext *,
                                               std::optional<Location> loc,
                                               Adaptor adaptor,
                                               SmallVectorImpl<Type> &types) {
  if (adaptor.getMode() != "DCR" && adaptor.getMode() != "CRD")
    return emitOptionalError(loc, "mode must be DCR or CRD");
  return inferSpaceDepth(loc, adaptor.getInput().getType(),
                         adaptor.getBlocksize(), true, types);
}

LogicalResult SpaceToDepthOp::inferReturnTypes(MLIRContext *,
                                               std::optional<Location> loc,
                                               Adaptor adaptor,
                                               SmallVectorImpl<Type> &types) {
  return inferSpaceDepth(loc, adaptor.getInput().getType(),
                         adaptor.getBlocksize(), false, types);
}

//===----------------------------------------------------------------------===//
// Tensor ops
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location>,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  types.push_back(adaptor.getValue().getType());
  return success();
}

LogicalResult ConstantOp::verify() {
  if (!isa<RankedTensorType>(getValue().getType()))
    return emitOpError("value must be a ranked tensor");
  return success();
}

LogicalResult ConstantOfShapeOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  Type elt = Float32Type::get(ctx);
  if (auto v = adaptor.getValueAttr())
    elt = v.getElementType();
  SmallVector<int64_t> dims;
  if (getPartialIntValues(adaptor.getShape(), dims)) {
    for (int64_t d : dims)
      if (d < 0 && !ShapedType::isDynamic(d))
        return emitOptionalError(loc, "shape has negative dimension ", d);
    types.push_back(RankedTensorType::get(dims, elt));
    return success();
  }
  auto s = ranked(adaptor.getShape().getType());
  if (s && s.getRank() == 1 && !s.isDynamicDim(0)) {
    // The shape's length is the result's rank: bound it before building
    // a shape of that many dimensions.
    if (s.getDimSize(0) > kMaxRank)
      return emitOptionalError(loc, "shape has ", s.getDimSize(0),
                               " entries, above the rank limit of ",
                               kMaxRank);
    types.push_back(RankedTensorType::get(
        SmallVector<int64_t>(s.getDimSize(0), kDyn), elt));
    return success();
  }
  types.push_back(UnrankedTensorType::get(elt));
  return success();
}

LogicalResult ConstantOfShapeOp::verify() {
  if (auto v = getValueAttr())
    if (v.getNumElements() != 1)
      return emitOpError("value must have exactly one element");
  return success();
}

LogicalResult EyeLikeOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  Type elt = adaptor.getDtype() ? *adaptor.getDtype()
                                : getElementTypeOrSelf(adaptor.getInput());
  auto in = ranked(adaptor.getInput().getType());
  if (in && in.getRank() != 2)
    return emitOptionalError(loc, "eye_like needs a 2-d input");
  return sameShape(adaptor.getInput().getType(), elt, types);
}

LogicalResult RangeOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  Type elt = getElementTypeOrSelf(adaptor.getStart());
  for (Value v : {adaptor.getLimit(), adaptor.getDelta()})
    if (getElementTypeOrSelf(v) != elt)
      return emitOptionalError(loc, "start, limit and delta must have the same "
                                    "element type");
  SmallVector<double> s, l, d;
  if (getConstantFloatValues(adaptor.getStart(), s) &&
      getConstantFloatValues(adaptor.getLimit(), l) &&
      getConstantFloatValues(adaptor.getDelta(), d) && s.size() == 1 &&
      l.size() == 1 && d.size() == 1) {
    if (d[0] == 0)
      return emitOptionalError(loc, "range delta must not be zero");
    // Counted in long double: int64 limits one delta apart must not round.
    long double count =
        std::ceil(((long double)l[0] - s[0]) / (long double)d[0]);
    if (!std::isfinite((double)count) || count > (long double)(1LL << 62))
      return emitOptionalError(loc, "range from ", s[0], " to ", l[0],
                               " by ", d[0], " has more than 2^62 elements");
    int64_t n = std::max<int64_t>((int64_t)count, 0);
    types.push_back(RankedTensorType::get({n}, elt));
    return success();
  }
  types.push_back(RankedTensorType::get({kDyn}, elt));
  return success();
}

/// Clamped [start, end) of a Shape op for an input of rank `rank`.
static std::pair<int64_t, int64_t> shapeBounds(int64_t rank, int64_t start,
                                               std::optional<int64_t> end) {
  auto clampIdx = [&](int64_t i) {
    if (i < 0)
      i += rank;
    return std::clamp<int64_t>(i, 0, rank);
  };
  int64_t s = clampIdx(start), e = end ? clampIdx(*end) : rank;
  return {s, std::max(s, e)};
}

LogicalResult ShapeOp::inferReturnTypes(MLIRContext *ctx,
                                        std::optional<Location>,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  Type i64 = IntegerType::get(ctx, 64);
  auto in = ranked(adaptor.getInput().getType());
  if (!in) {
    types.push_back(RankedTensorType::get({kDyn}, i64));
    return success();
  }
  auto [s, e] = shapeBounds(in.getRank(), adaptor.getStart(), adaptor.getEnd());
  types.push_back(RankedTensorType::get({e - s}, i64));
  return success();
}

LogicalResult SizeOp::inferReturnTypes(MLIRContext *ctx,
                                       std::optional<Location>, Adaptor,
                                       SmallVectorImpl<Type> &types) {
  types.push_back(RankedTensorType::get({}, IntegerType::get(ctx, 64)));
  return success();
}

/// Computes the ONNX Reshape result shape for constant `target` dimensions.
/// If element `idx` of the 1-D shape tensor `shape` is provably dimension
/// `d` of some tensor `t` (it was computed as `Shape(t)[d]`), returns (t, d).
static std::optional<std::pair<Value, int64_t>>
traceShapeElement(Value shape, int64_t idx, unsigned depth = 0) {
  if (!shape || depth > 16)
    return std::nullopt;
  Operation *def = shape.getDefiningOp();
  if (!def)
    return std::nullopt;
  if (auto s = dyn_cast<ShapeOp>(def)) {
    auto in = dyn_cast<RankedTensorType>(s.getInput().getType());
    if (!in)
      return std::nullopt;
    int64_t start = static_cast<int64_t>(s.getStart());
    if (start < 0)
      start += in.getRank();
    start = std::clamp<int64_t>(start, 0, in.getRank());
    if (start + idx >= in.getRank())
      return std::nullopt;
    return std::make_pair(s.getInput(), start + idx);
  }
  if (isa<UnsqueezeOp, SqueezeOp, ReshapeOp, IdentityOp, CastOp>(def)) {
    auto inT = dyn_cast<RankedTensorType>(def->getOperand(0).getType());
    auto outT = dyn_cast<RankedTensorType>(shape.getType());
    if (!inT || !outT || !inT.hasStaticShape() || !outT.hasStaticShape() ||
        inT.getNumElements() != outT.getNumElements() || inT.getRank() > 1)
      return std::nullopt;
    return traceShapeElement(def->getOperand(0), idx, depth + 1);
  }
  if (auto concat = dyn_cast<ConcatOp>(def)) {
    for (Value in : concat.getInputs()) {
      auto t = dyn_cast<RankedTensorType>(in.getType());
      if (!t || !t.hasStaticShape() || t.getRank() > 1)
        return std::nullopt;
      int64_t n = t.getNumElements();
      if (idx < n)
        return traceShapeElement(in, idx, depth + 1);
      idx -= n;
    }
    return std::nullopt;
  }
  if (auto gather = dyn_cast<GatherOp>(def)) {
    SmallVector<int64_t> indices;
    auto src = dyn_cast<RankedTensorType>(gather.getInput().getType());
    if (!src || src.getRank() != 1 || src.isDynamicDim(0) ||
        !getConstantIntValues(gather.getIndices(), indices) ||
        idx >= (int64_t)indices.size())
      return std::nullopt;
    int64_t j = indices[idx];
    if (j < 0)
      j += src.getDimSize(0);
    return traceShapeElement(gather.getInput(), j, depth + 1);
  }
  return std::nullopt;
}

/// Computes the ONNX Reshape result shape for `target` dimensions, where
/// kDynamic marks values unknown at compile time and `copiedFrom[i] >= 0`
/// says that target[i] equals input dimension copiedFrom[i] (a `0` entry, or
/// `Shape(input)[j]`), which lets a `-1` be inferred next to dynamic
/// dimensions.
static LogicalResult computeReshape(std::optional<Location> loc,
                                    RankedTensorType in,
                                    ArrayRef<int64_t> target, bool allowZero,
                                    ArrayRef<int64_t> copiedFrom,
                                    SmallVectorImpl<int64_t> &shape) {
  int64_t inferIdx = -1;
  SmallVector<int64_t> copied(target.size(), -1);
  for (auto [i, d] : llvm::enumerate(target)) {
    if (i < copiedFrom.size() && copiedFrom[i] >= 0 && in &&
        copiedFrom[i] < in.getRank()) {
      copied[i] = copiedFrom[i];
      shape.push_back(in.getDimSize(copiedFrom[i]));
    } else if (ShapedType::isDynamic(d)) {
      shape.push_back(kDyn); // Unknown value.
    } else if (d == -1) {
      if (inferIdx >= 0)
        return emitOptionalError(loc, "reshape shape has more than one -1");
      inferIdx = i;
      shape.push_back(kDyn);
    } else if (d == 0 && !allowZero) {
      if (!in)
        shape.push_back(kDyn);
      else if ((int64_t)i >= in.getRank())
        return emitOptionalError(loc, "reshape shape copies dimension ", i,
                                 " of a rank-", in.getRank(), " input");
      else {
        copied[i] = i;
        shape.push_back(in.getDimSize(i));
      }
    } else if (d < 0) {
      return emitOptionalError(loc, "reshape shape has invalid dimension ", d);
    } else {
      shape.push_back(d);
    }
  }
  if (!in)
    return success();
  if (inferIdx >= 0) {
    // -1 = prod(input dims not copied) / prod(other target dims not copied);
    // each input dimension cancels against at most one copy of itself.
    SmallVector<bool> cancelled(in.getRank(), false);
    SmallVector<bool> targetCancelled(shape.size(), false);
    for (auto [i, c] : llvm::enumerate(copied))
      if (c >= 0 && !cancelled[c]) {
        cancelled[c] = true;
        targetCancelled[i] = true;
      }
    SmallVector<int64_t> inDims, knownDims;
    for (int64_t j = 0; j < in.getRank(); ++j)
      if (!cancelled[j])
        inDims.push_back(in.getDimSize(j));
    for (auto [i, d] : llvm::enumerate(shape))
      if ((int64_t)i != inferIdx && !targetCancelled[i])
        knownDims.push_back(d);
    int64_t total = product(inDims), known = product(knownDims);
    bool dyn = ShapedType::isDynamic(total) || ShapedType::isDynamic(known);
    if (total == kOverflow || known == kOverflow)
      return emitOptionalError(loc, "reshape shape [", target,
                               "] has more elements than fit in int64");
    if (!dyn) {
      if (known == 0 || total % known != 0)
        return emitOptionalError(loc, "cannot reshape ", total,
                                 " elements into a shape with ", known,
                                 " elements per -1 entry");
      shape[inferIdx] = total / known;
    }
  } else {
    int64_t total = product(in.getShape());
    int64_t n = product(shape);
    if (n == kOverflow)
      return emitOptionalError(loc, "reshape shape [", target,
                               "] has more elements than fit in int64");
    if (!ShapedType::isDynamic(total) && !ShapedType::isDynamic(n) &&
        n != total)
      return emitOptionalError(loc, "cannot reshape ", total, " elements into ",
                               n, " elements");
  }
  return success();
}

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  Type elt = getElementTypeOrSelf(adaptor.getInput());
  auto in = ranked(adaptor.getInput().getType());
  SmallVector<int64_t> target;
  if (getPartialIntValues(adaptor.getShape(), target)) {
    // Unknown entries that are dimensions of the input itself.
    SmallVector<int64_t> copiedFrom(target.size(), -1);
    for (auto [i, d] : llvm::enumerate(target)) {
      if (!ShapedType::isDynamic(d))
        continue;
      if (auto src = traceShapeElement(adaptor.getShape(), i))
        if (src->first == adaptor.getInput())
          copiedFrom[i] = src->second;
    }
    SmallVector<int64_t> shape;
    if (failed(computeReshape(loc, in, target, adaptor.getAllowzero() != 0,
                              copiedFrom, shape)))
      return failure();
    types.push_back(RankedTensorType::get(shape, elt));
    return success();
  }
  auto s = ranked(adaptor.getShape().getType());
  if (s && s.getRank() == 1 && !s.isDynamicDim(0)) {
    // The shape's length is the result's rank: bound it before building
    // a shape of that many dimensions.
    if (s.getDimSize(0) > kMaxRank)
      return emitOptionalError(loc, "shape has ", s.getDimSize(0),
                               " entries, above the rank limit of ",
                               kMaxRank);
    types.push_back(RankedTensorType::get(
        SmallVector<int64_t>(s.getDimSize(0), kDyn), elt));
    return success();
  }
  types.push_back(UnrankedTensorType::get(elt));
  return success();
}

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  Type elt = getElementTypeOrSelf(adaptor.getInput());
  auto in = ranked(adaptor.getInput().getType());
  if (!in) {
    types.push_back(RankedTensorType::get({kDyn, kDyn}, elt));
    return success();
  }
  int64_t axis = adaptor.getAxis();
  int64_t rank = in.getRank();
  if (axis < -rank || axis > rank)
    return emitOptionalError(loc, "flatten axis ", axis,
                             " is out of range for rank ", rank);
  if (axis < 0)
    axis += rank;
  types.push_back(
      RankedTensorType::get({product(in.getShape().take_front(axis)),
                             product(in.getShape().drop_front(axis))},
                            elt));
  return success();
}

LogicalResult SqueezeOp::inferReturnTypes(MLIRContext *,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  Type elt = getElementTypeOrSelf(adaptor.getInput());
  auto in = ranked(adaptor.getInput().getType());
  if (!in) {
    types.push_back(UnrankedTensorType::get(elt));
    return success();
  }
  int64_t rank = in.getRank();
  SmallVector<bool> drop(rank, false);
  if (auto axes = adaptor.getAxes()) {
    for (int64_t a : *axes) {
      FailureOr<int64_t> n = normalizeAxis(loc, a, rank);
      if (failed(n))
        return failure();
      int64_t d = in.getDimSize(*n);
      if (!ShapedType::isDynamic(d) && d != 1)
        return emitOptionalError(loc, "cannot squeeze dimension ", *n,
                                 " of size ", d);
      drop[*n] = true;
    }
  } else {
    for (int64_t i = 0; i < rank; ++i) {
      if (in.isDynamicDim(i)) {
        types.push_back(UnrankedTensorType::get(elt));
        return success();
      }
      drop[i] = in.getDimSize(i) == 1;
    }
  }
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i)
    if (!drop[i])
      shape.push_back(in.getDimSize(i));
  types.push_back(RankedTensorType::get(shape, elt));
  return success();
}

LogicalResult UnsqueezeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  Type elt = getElementTypeOrSelf(adaptor.getInput());
  auto in = ranked(adaptor.getInput().getType());
  if (!in) {
    types.push_back(UnrankedTensorType::get(elt));
    return success();
  }
  int64_t outRank = in.getRank() + adaptor.getAxes().size();
  SmallVector<bool> inserted(outRank, false);
  for (int64_t a : adaptor.getAxes()) {
    FailureOr<int64_t> n = normalizeAxis(loc, a, outRank);
    if (failed(n))
      return failure();
    if (inserted[*n])
      return emitOptionalError(loc, "unsqueeze axis ", a, " repeated");
    inserted[*n] = true;
  }
  SmallVector<int64_t> shape;
  unsigned j = 0;
  for (int64_t i = 0; i < outRank; ++i)
    shape.push_back(inserted[i] ? 1 : in.getDimSize(j++));
  types.push_back(RankedTensorType::get(shape, elt));
  return success();
}

LogicalResult ExpandOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  Type elt = getElementTypeOrSelf(adaptor.getInput());
  auto in = ranked(adaptor.getInput().getType());
  SmallVector<int64_t> target;
  if (!getPartialIntValues(adaptor.getShape(), target)) {
    auto s = ranked(adaptor.getShape().getType());
    if (in && s && s.getRank() == 1 && !s.isDynamicDim(0)) {
      if (s.getDimSize(0) > kMaxRank)
        return emitOptionalError(loc, "shape has ", s.getDimSize(0),
                                 " entries, above the rank limit of ",
                                 kMaxRank);
      int64_t rank = std::max(in.getRank(), s.getDimSize(0));
      SmallVector<int64_t> shape(rank, kDyn);
      // Input dimensions greater than 1 survive the broadcast.
      for (int64_t i = 0; i < in.getRank(); ++i) {
        int64_t d = in.getDimSize(in.getRank() - 1 - i);
        if (!ShapedType::isDynamic(d) && d != 1)
          shape[rank - 1 - i] = d;
      }
      types.push_back(RankedTensorType::get(shape, elt));
      return success();
    }
    types.push_back(UnrankedTensorType::get(elt));
    return success();
  }
  for (int64_t d : target)
    if (d < 0 && !ShapedType::isDynamic(d))
      return emitOptionalError(loc, "expand shape has negative dimension ", d);
  if (!in) {
    types.push_back(UnrankedTensorType::get(elt));
    return success();
  }
  SmallVector<int64_t> shape(in.getShape());
  if (failed(broadcastInto(loc, shape, target)))
    return failure();
  types.push_back(RankedTensorType::get(shape, elt));
  return success();
}

LogicalResult TileOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  Type elt = getElementTypeOrSelf(adaptor.getInput());
  auto in = ranked(adaptor.getInput().getType());
  if (!in) {
    types.push_back(UnrankedTensorType::get(elt));
    return success();
  }
  SmallVector<int64_t> reps;
  SmallVector<int64_t> shape(in.getShape());
  if (getConstantIntValues(adaptor.getRepeats(), reps)) {
    if ((int64_t)reps.size() != in.getRank())
      return emitOptionalError(loc, "repeats has ", reps.size(),
                               " entries for rank ", in.getRank());
    for (auto [d, r] : llvm::zip(shape, reps)) {
      if (r < 0)
        return emitOptionalError(loc, "repeats must be non-negative");
      if (ShapedType::isDynamic(d))
        continue;
      FailureOr<int64_t> t = checkedDim(loc, ::rt::checkedMul(d, r),
                                        "a dimension repeated " + Twine(r) +
                                            " times");
      if (failed(t))
        return failure();
      d = *t;
    }
  } else {
    shape.assign(in.getRank(), kDyn);
  }
  types.push_back(RankedTensorType::get(shape, elt));
  return success();
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  Type elt = getElementTypeOrSelf(adaptor.getInput());
  auto in = ranked(adaptor.getInput().getType());
  if (!in) {
    if (auto perm = adaptor.getPerm(); perm && (int64_t)perm->size() > kMaxRank)
      return emitOptionalError(loc, "perm has ", perm->size(),
                               " entries, above the rank limit of ", kMaxRank);
    if (auto perm = adaptor.getPerm())
      types.push_back(
          RankedTensorType::get(SmallVector<int64_t>(perm->size(), kDyn), elt));
    else
      types.push_back(UnrankedTensorType::get(elt));
    return success();
  }
  int64_t rank = in.getRank();
  SmallVector<int64_t> perm = transposePermutation(adaptor.getPerm(), rank);
  if ((int64_t)perm.size() != rank)
    return emitOptionalError(loc, "perm has ", perm.size(),
                             " entries for rank ", rank);
  SmallVector<bool> seen(rank, false);
  SmallVector<int64_t> shape;
  for (int64_t p : perm) {
    if (p < 0 || p >= rank || seen[p])
      return emitOptionalError(loc, "perm is not a permutation of [0, ", rank,
                               ")");
    seen[p] = true;
    shape.push_back(in.getDimSize(p));
  }
  types.push_back(RankedTensorType::get(shape, elt));
  return success();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  if (adaptor.getInputs().empty())
    return emitOptionalError(loc, "concat needs at least one input");
  Type elt = getElementTypeOrSelf(adaptor.getInputs()[0]);
  std::optional<SmallVector<int64_t>> shape;
  int64_t axis = 0;
  for (Value v : adaptor.getInputs()) {
    auto r = ranked(v.getType());
    if (!r)
      continue;
    if (!shape) {
      if (r.getRank() == 0)
        return emitOptionalError(loc, "cannot concatenate scalars");
      FailureOr<int64_t> a = normalizeAxis(loc, adaptor.getAxis(), r.getRank());
      if (failed(a))
        return failure();
      axis = *a;
      shape.emplace(r.getShape());
      shape->operator[](axis) = 0;
    }
    if (r.getRank() != (int64_t)shape->size())
      return emitOptionalError(loc, "concat inputs have different ranks");
    for (int64_t i = 0; i < r.getRank(); ++i) {
      int64_t d = r.getDimSize(i);
      int64_t &s = (*shape)[i];
      if (i == axis) {
        if (ShapedType::isDynamic(s) || ShapedType::isDynamic(d)) {
          s = kDyn;
        } else {
          FailureOr<int64_t> sum = checkedDim(
              loc, ::rt::checkedAdd(s, d), "the concatenated dimension");
          if (failed(sum))
            return failure();
          s = *sum;
        }
      } else if (ShapedType::isDynamic(s)) {
        s = d;
      } else if (!ShapedType::isDynamic(d) && d != s) {
        return emitOptionalError(loc, "concat inputs differ in dimension ", i,
                                 ": ", s, " vs ", d);
      }
    }
  }
  bool anyUnranked = llvm::any_of(adaptor.getInputs(), [](Value v) {
    return !isa<RankedTensorType>(v.getType());
  });
  if (!shape) {
    types.push_back(UnrankedTensorType::get(elt));
    return success();
  }
  if (anyUnranked)
    (*shape)[axis] = kDyn;
  types.push_back(RankedTensorType::get(*shape, elt));
  return success();
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  return success();
}

LogicalResult SplitOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  Type elt = getElementTypeOrSelf(adaptor.getInput());
  int64_t n = adaptor.getNumOutputs();
  if (n <= 0)
    return emitOptionalError(loc, "num_outputs must be positive");
  auto in = ranked(adaptor.getInput().getType());
  if (!in) {
    types.append(n, UnrankedTensorType::get(elt));
    return success();
  }
  FailureOr<int64_t> axis = normalizeAxis(loc, adaptor.getAxis(), in.getRank());
  if (failed(axis))
    return failure();
  int64_t dim = in.getDimSize(*axis);
  SmallVector<int64_t> sizes;
  if (auto split = adaptor.getSplit()) {
    if ((int64_t)split->size() != n)
      return emitOptionalError(loc, "split has ", split->size(), " sizes for ",
                               n, " outputs");
    int64_t sum = 0;
    for (int64_t s : *split) {
      if (s < 0)
        return emitOptionalError(loc, "split sizes must be non-negative");
      sum += s;
    }
    if (!ShapedType::isDynamic(dim) && sum != dim)
      return emitOptionalError(loc, "split sizes sum to ", sum,
                               " but the dimension is ", dim);
    sizes.assign(split->begin(), split->end());
  } else if (ShapedType::isDynamic(dim)) {
    sizes.assign(n, kDyn);
  } else {
    int64_t chunk = (dim + n - 1) / n;
    if (chunk * (n - 1) >= dim && n > 1 && dim % n != 0)
      return emitOptionalError(loc, "cannot split dimension ", dim, " into ", n,
                               " outputs");
    for (int64_t i = 0; i < n; ++i)
      sizes.push_back(i + 1 < n ? chunk : dim - chunk * (n - 1));
  }
  for (int64_t s : sizes) {
    SmallVector<int64_t> shape(in.getShape());
    shape[*axis] = s;
    types.push_back(RankedTensorType::get(shape, elt));
  }
  return success();
}

LogicalResult SplitOp::verify() {
  if ((int64_t)getNumResults() != getNumOutputs())
    return emitOpError("has ")
           << getNumResults()
           << " results but num_outputs = " << getNumOutputs();
  return success();
}

/// Resolved per-axis slice parameters.
struct SliceParams {
  SmallVector<int64_t> starts, ends, axes, steps;
};

/// Reads constant Slice operands; fails (without diagnostic) if any needed
/// operand is not constant.
static FailureOr<SliceParams> getSliceParams(Value starts, Value ends,
                                             Value axes, Value steps) {
  SliceParams p;
  if (!getConstantIntValues(starts, p.starts) ||
      !getConstantIntValues(ends, p.ends))
    return failure();
  if (axes && !getConstantIntValues(axes, p.axes))
    return failure();
  if (steps && !getConstantIntValues(steps, p.steps))
    return failure();
  return p;
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  Type elt = getElementTypeOrSelf(adaptor.getInput());
  auto in = ranked(adaptor.getInput().getType());
  if (!in) {
    types.push_back(UnrankedTensorType::get(elt));
    return success();
  }
  int64_t rank = in.getRank();
  SmallVector<int64_t> shape(in.getShape());
  FailureOr<SliceParams> p =
      getSliceParams(adaptor.getStarts(), adaptor.getEnds(), adaptor.getAxes(),
                     adaptor.getSteps());
  if (failed(p)) {
    SmallVector<int64_t> axes;
    if (adaptor.getAxes() && getConstantIntValues(adaptor.getAxes(), axes)) {
      for (int64_t a : axes) {
        FailureOr<int64_t> n = normalizeAxis(loc, a, rank);
        if (failed(n))
          return failure();
        shape[*n] = kDyn;
      }
    } else {
      shape.assign(rank, kDyn);
    }
    types.push_back(RankedTensorType::get(shape, elt));
    return success();
  }
  size_t n = p->starts.size();
  if (p->ends.size() != n || (!p->axes.empty() && p->axes.size() != n) ||
      (!p->steps.empty() && p->steps.size() != n))
    return emitOptionalError(loc, "starts, ends, axes and steps must have the "
                                  "same length");
  SmallVector<bool> seen(rank, false);
  for (size_t i = 0; i < n; ++i) {
    int64_t axis = p->axes.empty() ? (int64_t)i : p->axes[i];
    FailureOr<int64_t> a = normalizeAxis(loc, axis, rank);
    if (failed(a))
      return failure();
    if (seen[*a])
      return emitOptionalError(loc, "slice axis ", axis, " repeated");
    seen[*a] = true;
    int64_t step = p->steps.empty() ? 1 : p->steps[i];
    if (step == 0)
      return emitOptionalError(loc, "slice step must not be zero");
    int64_t dim = in.getDimSize(*a);
    if (ShapedType::isDynamic(dim)) {
      shape[*a] = kDyn;
      continue;
    }
    int64_t start = p->starts[i];
    shape[*a] = sliceDim(dim, start, p->ends[i], step);
  }
  types.push_back(RankedTensorType::get(shape, elt));
  return success();
}

LogicalResult PadOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  Type elt = getElementTypeOrSelf(adaptor.getInput());
  auto in = ranked(adaptor.getInput().getType());
  if (!in) {
    types.push_back(UnrankedTensorType::get(elt));
    return success();
  }
  int64_t rank = in.getRank();
  SmallVector<int64_t> shape(in.getShape());
  SmallVector<int64_t> pads, axes;
  bool axesKnown = true;
  if (adaptor.getAxes()) {
    axesKnown = getConstantIntValues(adaptor.getAxes(), axes);
  } else {
    for (int64_t i = 0; i < rank; ++i)
      axes.push_back(i);
  }
  if (!axesKnown || !getConstantIntValues(adaptor.getPads(), pads)) {
    if (axesKnown) {
      for (int64_t a : axes) {
        FailureOr<int64_t> n = normalizeAxis(loc, a, rank);
        if (failed(n))
          return failure();
        shape[*n] = kDyn;
      }
    } else {
      shape.assign(rank, kDyn);
    }
    types.push_back(RankedTensorType::get(shape, elt));
    return success();
  }
  if (pads.size() != 2 * axes.size())
    return emitOptionalError(loc, "pads has ", pads.size(), " entries for ",
                             axes.size(), " axes");
  for (auto [i, a] : llvm::enumerate(axes)) {
    FailureOr<int64_t> n = normalizeAxis(loc, a, rank);
    if (failed(n))
      return failure();
    if (ShapedType::isDynamic(shape[*n]))
      continue;
    std::optional<int64_t> grown = ::rt::checkedAdd(shape[*n], pads[i]);
    if (grown)
      grown = ::rt::checkedAdd(*grown, pads[i + axes.size()]);
    FailureOr<int64_t> o =
        checkedDim(loc, grown, "padded dimension " + Twine(*n));
    if (failed(o))
      return failure();
    int64_t out = *o;
    if (out < 0)
      return emitOptionalError(loc, "padding makes dimension ", *n,
                               " negative");
    shape[*n] = out;
  }
  types.push_back(RankedTensorType::get(shape, elt));
  return success();
}

LogicalResult PadOp::verify() {
  if (!llvm::is_contained(
          ArrayRef<StringRef>{"constant", "reflect", "edge", "wrap"},
          getMode()))
    return emitOpError("unknown mode '") << getMode() << "'";
  if (Value v = getConstantValue())
    if (getElementTypeOrSelf(v) != getElementTypeOrSelf(getInput()))
      return emitOpError("constant_value must have the input's element type");
  return success();
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  Type elt = getElementTypeOrSelf(adaptor.getInput());
  auto in = ranked(adaptor.getInput().getType());
  auto idx = ranked(adaptor.getIndices().getType());
  if (!in || !idx) {
    types.push_back(UnrankedTensorType::get(elt));
    return success();
  }
  if (in.getRank() == 0)
    return emitOptionalError(loc, "cannot gather from a scalar");
  FailureOr<int64_t> axis = normalizeAxis(loc, adaptor.getAxis(), in.getRank());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(in.getShape().take_front(*axis));
  llvm::append_range(shape, idx.getShape());
  llvm::append_range(shape, in.getShape().drop_front(*axis + 1));
  types.push_back(RankedTensorType::get(shape, elt));
  return success();
}

LogicalResult GatherElementsOp::inferReturnTypes(MLIRContext *,
                                                 std::optional<Location> loc,
                                                 Adaptor adaptor,
                                                 SmallVectorImpl<Type> &types) {
  auto in = ranked(adaptor.getInput().getType());
  auto idx = ranked(adaptor.getIndices().getType());
  if (in && idx && in.getRank() != idx.getRank())
    return emitOptionalError(loc, "input and indices must have the same rank");
  if (in && failed(normalizeAxis(loc, adaptor.getAxis(), in.getRank())))
    return failure();
  return sameShape(adaptor.getIndices().getType(),
                   getElementTypeOrSelf(adaptor.getInput()), types);
}

LogicalResult GatherNDOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  Type elt = getElementTypeOrSelf(adaptor.getInput());
  auto in = ranked(adaptor.getInput().getType());
  auto idx = ranked(adaptor.getIndices().getType());
  if (!in || !idx || idx.getRank() == 0 ||
      idx.isDynamicDim(idx.getRank() - 1)) {
    types.push_back(UnrankedTensorType::get(elt));
    return success();
  }
  int64_t b = adaptor.getBatchDims();
  int64_t last = idx.getDimSize(idx.getRank() - 1);
  if (b < 0 || b >= std::min(in.getRank(), idx.getRank()) ||
      b + last > in.getRank())
    return emitOptionalError(loc, "invalid batch_dims ", b, " or index depth ",
                             last);
  SmallVector<int64_t> shape(idx.getShape().drop_back());
  llvm::append_range(shape, in.getShape().drop_front(b + last));
  types.push_back(RankedTensorType::get(shape, elt));
  return success();
}

LogicalResult OneHotOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  Type elt = getElementTypeOrSelf(adaptor.getValues());
  auto idx = ranked(adaptor.getIndices().getType());
  if (!idx) {
    types.push_back(UnrankedTensorType::get(elt));
    return success();
  }
  SmallVector<double> depth;
  int64_t d = kDyn;
  if (getConstantFloatValues(adaptor.getDepth(), depth) && depth.size() == 1) {
    if (!(depth[0] >= 1) || depth[0] >= 0x1p62)
      return emitOptionalError(loc, "depth ", depth[0],
                               " is not in [1, 2^62)");
    d = (int64_t)depth[0];
  }
  FailureOr<int64_t> axis =
      normalizeAxis(loc, adaptor.getAxis(), idx.getRank() + 1);
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(idx.getShape());
  shape.insert(shape.begin() + *axis, d);
  types.push_back(RankedTensorType::get(shape, elt));
  return success();
}

LogicalResult NonZeroOp::inferReturnTypes(MLIRContext *ctx,
                                          std::optional<Location>,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  auto in = ranked(adaptor.getInput().getType());
  types.push_back(RankedTensorType::get({in ? in.getRank() : kDyn, kDyn},
                                        IntegerType::get(ctx, 64)));
  return success();
}

LogicalResult TopKOp::inferReturnTypes(MLIRContext *ctx,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  Type elt = getElementTypeOrSelf(adaptor.getInput());
  Type i64 = IntegerType::get(ctx, 64);
  auto in = ranked(adaptor.getInput().getType());
  if (!in) {
    types.push_back(UnrankedTensorType::get(elt));
    types.push_back(UnrankedTensorType::get(i64));
    return success();
  }
  FailureOr<int64_t> axis = normalizeAxis(loc, adaptor.getAxis(), in.getRank());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(in.getShape());
  SmallVector<int64_t> k;
  if (getConstantIntValues(adaptor.getK(), k) && k.size() == 1) {
    if (k[0] < 0 || (!in.isDynamicDim(*axis) && k[0] > in.getDimSize(*axis)))
      return emitOptionalError(loc, "k = ", k[0], " is out of range");
    shape[*axis] = k[0];
  } else {
    shape[*axis] = kDyn;
  }
  types.push_back(RankedTensorType::get(shape, elt));
  types.push_back(RankedTensorType::get(shape, i64));
  return success();
}

#define GET_OP_CLASSES
#include "rt/Dialect/RT/IR/RTOps.cpp.inc"
