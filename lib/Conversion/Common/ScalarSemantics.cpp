//===- ScalarSemantics.cpp - shared scalar semantics ----------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Constants, casts, index wrapping (with the index-check modes) and the
// per-element builders of Resize, LRN, scatter reductions, quantization
// parameters, ConvTranspose geometry and Einsum, shared by the CPU lowering
// and the GPU kernels.
//
//===----------------------------------------------------------------------===//

#include "rt/Conversion/Common/ScalarSemantics.h"
#include "rt/Dialect/RT/IR/NodeName.h"
#include "rt/Dialect/RT/IR/RTOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Matchers.h"

#include <array>
#include <cmath>
#include <functional>

using namespace mlir;
using namespace mlir::rt;
using namespace mlir::rt::lowering;

Type lowering::signlessType(Type t) {
  if (auto it = dyn_cast<IntegerType>(t))
    return IntegerType::get(t.getContext(), it.getWidth());
  return t;
}

Value lowering::scalarConstant(OpBuilder &b, Location loc, Type type,
                               double value) {
  if (auto ft = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, FloatAttr::get(ft, value));
  return arith::ConstantOp::create(
      b, loc,
      IntegerAttr::get(type, APInt(type.getIntOrFloatBitWidth(),
                                   (uint64_t)(int64_t)value,
                                   /*isSigned=*/true,
                                   /*implicitTrunc=*/true)));
}

Value lowering::minValue(OpBuilder &b, Location loc, Type type,
                         bool isUnsignedInt) {
  if (auto ft = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc,
        FloatAttr::get(ft, APFloat::getInf(ft.getFloatSemantics(), true)));
  unsigned w = type.getIntOrFloatBitWidth();
  APInt v = isUnsignedInt || type.isUnsignedInteger() || w == 1
                ? APInt::getMinValue(w)
                : APInt::getSignedMinValue(w);
  return arith::ConstantOp::create(b, loc, IntegerAttr::get(type, v));
}

Value lowering::maxValue(OpBuilder &b, Location loc, Type type,
                         bool isUnsignedInt) {
  if (auto ft = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc,
        FloatAttr::get(ft, APFloat::getInf(ft.getFloatSemantics(), false)));
  unsigned w = type.getIntOrFloatBitWidth();
  APInt v = isUnsignedInt || type.isUnsignedInteger() || w == 1
                ? APInt::getMaxValue(w)
                : APInt::getSignedMaxValue(w);
  return arith::ConstantOp::create(b, loc, IntegerAttr::get(type, v));
}

Value lowering::castScalar(OpBuilder &b, Location loc, Value v, Type to,
                           bool fromUnsigned, bool toUnsigned) {
  Type from = v.getType();
  if (from == to)
    return v;
  auto ff = dyn_cast<FloatType>(from), ft = dyn_cast<FloatType>(to);
  if (ff && ft)
    return ff.getWidth() < ft.getWidth()
               ? (Value)arith::ExtFOp::create(b, loc, to, v)
               : (Value)arith::TruncFOp::create(b, loc, to, v);
  if (ft) {
    if (from.isInteger(1) || fromUnsigned)
      return arith::UIToFPOp::create(b, loc, to, v);
    return arith::SIToFPOp::create(b, loc, to, v);
  }
  if (to.isInteger(1)) {
    // Cast to bool: non-zero is true.
    Value zero = scalarConstant(b, loc, from, 0);
    if (ff)
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, v, zero);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, v, zero);
  }
  if (ff)
    return toUnsigned ? (Value)arith::FPToUIOp::create(b, loc, to, v)
                      : (Value)arith::FPToSIOp::create(b, loc, to, v);
  unsigned fw = from.getIntOrFloatBitWidth(), tw = to.getIntOrFloatBitWidth();
  if (fw == tw)
    return v;
  if (fw > tw)
    return arith::TruncIOp::create(b, loc, to, v);
  if (fromUnsigned || from.isInteger(1))
    return arith::ExtUIOp::create(b, loc, to, v);
  return arith::ExtSIOp::create(b, loc, to, v);
}

Value lowering::indexConstant(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

bool lowering::isIndexCheckMode(StringRef mode) {
  return mode == "clamp" || mode == "trap";
}

LogicalResult lowering::verifyIndexCheckAttr(Operation *module) {
  Attribute attr = module->getAttr(kIndexCheckAttrName);
  if (!attr)
    return success();
  auto mode = dyn_cast<StringAttr>(attr);
  if (!mode || !isIndexCheckMode(mode.getValue()))
    return module->emitError()
           << "'" << kIndexCheckAttrName
           << "' must be \"clamp\" or \"trap\", got " << attr;
  return success();
}

bool lowering::trapsOnBadIndex(Operation *op) {
  for (Operation *p = op; p; p = p->getParentOp())
    if (auto mode = p->getAttrOfType<StringAttr>(kIndexCheckAttrName))
      return mode.getValue() == "trap";
  return false;
}

Value lowering::wrapIndex(OpBuilder &b, Location loc, Value v, int64_t dim,
                          Operation *checked, int64_t axis) {
  Value i = arith::IndexCastOp::create(b, loc, b.getIndexType(), v);
  if (checked && trapsOnBadIndex(checked)) {
    // -dim <= i < dim, else stop with a message naming the node.
    Value lo = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, i,
                                     indexConstant(b, loc, -dim));
    Value hi = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, i,
                                     indexConstant(b, loc, dim));
    std::string message;
    llvm::raw_string_ostream os(message);
    os << "rt: index out of range in " << checked->getName().stripDialect();
    if (std::string name = getOnnxNodeName(checked); !name.empty())
      os << " node '" << name << "'";
    os << " (axis " << axis << " of size " << dim
       << "); built with index-check=trap";
    cf::AssertOp::create(b, loc, arith::AndIOp::create(b, loc, lo, hi),
                         message);
  }
  Value neg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, i,
                                    indexConstant(b, loc, 0));
  Value wrapped = arith::AddIOp::create(b, loc, i, indexConstant(b, loc, dim));
  i = arith::SelectOp::create(b, loc, neg, wrapped, i);
  // Out-of-range indices (ONNX leaves them undefined) are clamped into
  // [0, dim), in the CPU lowering and the GPU kernels alike
  // (Emitter::toIndex): reads and scatter writes stay inside the tensor
  // whatever the data, also after a trap's check.
  i = arith::MaxSIOp::create(b, loc, i, indexConstant(b, loc, 0));
  return arith::MinSIOp::create(
      b, loc, i, indexConstant(b, loc, std::max<int64_t>(dim - 1, 0)));
}

SmallVector<Value> lowering::quantParamIndex(OpBuilder &b, Location l,
                                             ValueRange iv,
                                             RankedTensorType paramType,
                                             int64_t axis, int64_t block) {
  if (paramType.getRank() == 0)
    return {};
  if (paramType.getNumElements() == 1)
    return SmallVector<Value>(paramType.getRank(), indexConstant(b, l, 0));
  if (paramType.getRank() == 1) {
    Value i = iv[axis];
    if (block > 0)
      i = arith::DivUIOp::create(b, l, i, indexConstant(b, l, block));
    return {i};
  }
  // Blocked with full-rank parameters.
  SmallVector<Value> idx(iv);
  if (block > 0)
    idx[axis] =
        arith::DivUIOp::create(b, l, iv[axis], indexConstant(b, l, block));
  return idx;
}

Value lowering::buildLRNElement(OpBuilder &b, Location l, LRNOp op,
                                int64_t channels, Type elt, ValueRange iv,
                                function_ref<Value(ArrayRef<Value>)> read) {
  int64_t size = op.getSize();
  int64_t lo = (size - 1) / 2, hi = size - 1 - lo;
  double alpha = op.getAlpha().convertToDouble(),
         beta = op.getBeta().convertToDouble(),
         bias = op.getBias().convertToDouble();
  Value sum = scalarConstant(b, l, elt, 0);
  SmallVector<Value> idx(iv);
  for (int64_t d = -lo; d <= hi; ++d) {
    // Channel c + d, when inside [0, C).
    Value c = arith::AddIOp::create(b, l, iv[1], indexConstant(b, l, d));
    Value ok = arith::AndIOp::create(
        b, l,
        arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, c,
                              indexConstant(b, l, 0)),
        arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, c,
                              indexConstant(b, l, channels)));
    idx[1] = arith::SelectOp::create(b, l, ok, c, indexConstant(b, l, 0));
    Value v = read(idx);
    Value sq = arith::MulFOp::create(b, l, v, v);
    sum = arith::AddFOp::create(
        b, l, sum,
        arith::SelectOp::create(b, l, ok, sq, scalarConstant(b, l, elt, 0)));
  }
  Value den = arith::AddFOp::create(
      b, l, scalarConstant(b, l, elt, bias),
      arith::MulFOp::create(b, l, sum,
                            scalarConstant(b, l, elt, alpha / size)));
  den = math::PowFOp::create(b, l, den, scalarConstant(b, l, elt, beta));
  return arith::DivFOp::create(b, l, read(SmallVector<Value>(iv)), den);
}

lowering::ConvTransposeGeometry
lowering::convTransposeGeometry(ConvTransposeOp op, RankedTensorType inType,
                                RankedTensorType wType, RankedTensorType type) {
  int64_t n = wType.getRank() - 2;
  ConvTransposeGeometry g;
  g.cPerGroup = inType.getDimSize(1) / op.getGroup();
  g.mPerGroup = wType.getDimSize(1);
  g.kernel.assign(wType.getShape().begin() + 2, wType.getShape().end());
  g.strides.assign(n, 1);
  g.dilations.assign(n, 1);
  g.padBegin.assign(n, 0);
  SmallVector<int64_t> outPad(n, 0);
  if (auto s = op.getStrides())
    g.strides.assign(s->begin(), s->end());
  if (auto d = op.getDilations())
    g.dilations.assign(d->begin(), d->end());
  if (auto p = op.getOutputPadding())
    outPad.assign(p->begin(), p->end());
  StringRef autoPad = op.getAutoPad();
  for (int64_t i = 0; i < n; ++i) {
    if (auto p = op.getPads(); p && autoPad == "NOTSET") {
      g.padBegin[i] = (*p)[i];
      continue;
    }
    int64_t full = g.strides[i] * (inType.getDimSize(2 + i) - 1) + outPad[i] +
                   (g.kernel[i] - 1) * g.dilations[i] + 1;
    int64_t total = std::max<int64_t>(full - type.getDimSize(2 + i), 0);
    g.padBegin[i] = autoPad == "SAME_LOWER" ? total - total / 2 : total / 2;
    if (autoPad == "VALID")
      g.padBegin[i] = 0;
  }
  return g;
}

/// Resize with nearest, linear or cubic interpolation: the plan from the op,
/// then each element from its indices. The GPU emitter builds the same
/// elements (buildResizeElement).
FailureOr<lowering::ResizePlan> lowering::planResize(ResizeOp op,
                                                     RankedTensorType inType,
                                                     RankedTensorType type) {
  ResizePlan p;
  p.mode = op.getMode();
  p.ctm = op.getCoordinateTransformationMode();
  p.nearest = op.getNearestMode();
  p.cubicA = op.getCubicCoeffA().convertToDouble();
  p.excludeOutside = op.getExcludeOutside() != 0;
  if (op.getAntialias() ||
      !llvm::is_contained(
          ArrayRef<StringRef>{"half_pixel", "pytorch_half_pixel",
                              "align_corners", "asymmetric",
                              "tf_half_pixel_for_nn", "tf_crop_and_resize"},
          p.ctm))
    return failure();
  int64_t rank = type.getRank();
  // Per-dimension scale: the given scales (they enter the coordinate
  // transform), else output / input.
  p.scale.assign(rank, 1.0);
  for (int64_t i = 0; i < rank; ++i)
    p.scale[i] = (double)type.getDimSize(i) / inType.getDimSize(i);
  SmallVector<int64_t> axes;
  if (auto a = op.getAxes())
    for (int64_t x : *a)
      axes.push_back(x < 0 ? x + rank : x);
  else
    for (int64_t i = 0; i < rank; ++i)
      axes.push_back(i);
  if (p.ctm == "tf_crop_and_resize") {
    // roi: the starts of the resized axes, then their ends.
    Attribute attr;
    auto roi = op.getRoi() && matchPattern(op.getRoi(), m_Constant(&attr))
                   ? dyn_cast<DenseFPElementsAttr>(attr)
                   : DenseFPElementsAttr();
    if (!roi || roi.getNumElements() != 2 * (int64_t)axes.size())
      return failure();
    SmallVector<double> v;
    for (const APFloat &x : roi.getValues<APFloat>())
      v.push_back(x.convertToDouble());
    p.roiStart.assign(rank, 0.0);
    p.roiEnd.assign(rank, 1.0);
    for (auto [i, a] : llvm::enumerate(axes)) {
      p.roiStart[a] = v[i];
      p.roiEnd[a] = v[axes.size() + i];
    }
    p.extrapolation = op.getExtrapolationValue().convertToDouble();
  }
  p.scalesGiven = op.getScales() && !op.getSizes();
  if (p.scalesGiven) {
    Attribute attr;
    auto dense = matchPattern(op.getScales(), m_Constant(&attr))
                     ? dyn_cast<DenseFPElementsAttr>(attr)
                     : DenseFPElementsAttr();
    if (!dense)
      return failure();
    for (auto [i, v] : llvm::enumerate(dense.getValues<APFloat>()))
      if (i < axes.size())
        p.scale[axes[i]] = v.convertToDouble();
  }
  return p;
}

Value lowering::buildResizeElement(OpBuilder &b, Location l,
                                   const ResizePlan &plan,
                                   RankedTensorType inType,
                                   RankedTensorType type, Type elt,
                                   ValueRange iv,
                                   function_ref<Value(ArrayRef<Value>)> read) {
  int64_t rank = type.getRank();
  ArrayRef<double> scale = plan.scale;
  bool scalesGiven = plan.scalesGiven;
  StringRef mode = plan.mode, ctm = plan.ctm, nearest = plan.nearest;
  Type f32 = b.getF32Type();
  auto cf = [&](double v) { return scalarConstant(b, l, f32, v); };
  // Input coordinate along each dimension.
  SmallVector<Value> coord(rank);
  SmallVector<bool> interp(rank, false);
  const bool crop = ctm == "tf_crop_and_resize";
  // tf_crop_and_resize: whether the element's source lies outside the input
  // (then it is the extrapolation value).
  Value outside;
  for (int64_t i = 0; i < rank; ++i) {
    int64_t inLen = inType.getDimSize(i), outLen = type.getDimSize(i);
    bool wholeExtent =
        !crop || (plan.roiStart[i] == 0.0 && plan.roiEnd[i] == 1.0);
    if (inLen == outLen && scale[i] == 1.0 && wholeExtent) {
      coord[i] = Value();
      continue;
    }
    Value x = arith::UIToFPOp::create(
        b, l, f32, arith::IndexCastUIOp::create(b, l, b.getI64Type(), iv[i]));
    Value c;
    if (crop) {
      // start (in - 1) + x (end - start) (in - 1) / (out - 1); one output
      // element samples the box's centre.
      // Ops are created in named steps, not as nested call arguments: the
      // compiler picks the order in which arguments are evaluated, and the
      // IR must not depend on the compiler (gcc and clang differ).
      double start = plan.roiStart[i], end = plan.roiEnd[i];
      if (outLen == 1) {
        c = cf(0.5 * (start + end) * (inLen - 1));
      } else {
        Value step = cf((end - start) * (inLen - 1) / (outLen - 1));
        Value scaled = arith::MulFOp::create(b, l, x, step);
        Value origin = cf(start * (inLen - 1));
        c = arith::AddFOp::create(b, l, scaled, origin);
      }
      Value zero = cf(0);
      Value below =
          arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, c, zero);
      Value last = cf(inLen - 1);
      Value above =
          arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, c, last);
      Value out = arith::OrIOp::create(b, l, below, above);
      outside = outside ? (Value)arith::OrIOp::create(b, l, outside, out) : out;
    } else if (ctm == "align_corners") {
      // With scales, ONNX uses the unrounded resized length.
      double outLenF = scalesGiven ? inLen * scale[i] : (double)outLen;
      c = outLen == 1 || outLenF == 1.0
              ? cf(0)
              : (Value)arith::MulFOp::create(
                    b, l, x, cf((double)(inLen - 1) / (outLenF - 1)));
    } else if (ctm == "asymmetric") {
      c = arith::DivFOp::create(b, l, x, cf(scale[i]));
    } else if (ctm == "tf_half_pixel_for_nn") {
      c = arith::DivFOp::create(b, l, arith::AddFOp::create(b, l, x, cf(0.5)),
                                cf(scale[i]));
    } else {
      c = arith::SubFOp::create(
          b, l,
          arith::DivFOp::create(b, l, arith::AddFOp::create(b, l, x, cf(0.5)),
                                cf(scale[i])),
          cf(0.5));
      if (ctm == "pytorch_half_pixel" && outLen == 1)
        c = cf(0);
    }
    coord[i] = c;
    interp[i] = true;
  }
  auto finish = [&](Value v) -> Value {
    if (!outside)
      return v;
    return arith::SelectOp::create(
        b, l, outside,
        castScalar(b, l, cf(plan.extrapolation), v.getType(), false, false), v);
  };
  auto toIndex = [&](Value f, int64_t len) {
    Value i = arith::FPToSIOp::create(b, l, b.getI64Type(), f);
    i = arith::MaxSIOp::create(b, l, i,
                               scalarConstant(b, l, b.getI64Type(), 0));
    i = arith::MinSIOp::create(b, l, i,
                               scalarConstant(b, l, b.getI64Type(), len - 1));
    return (Value)arith::IndexCastOp::create(b, l, b.getIndexType(), i);
  };
  if (mode == "nearest") {
    SmallVector<Value> idx(iv);
    for (int64_t i = 0; i < rank; ++i) {
      if (!interp[i])
        continue;
      Value c = coord[i], r;
      if (nearest == "floor")
        r = math::FloorOp::create(b, l, c);
      else if (nearest == "ceil")
        r = math::CeilOp::create(b, l, c);
      else if (nearest == "round_prefer_ceil")
        r = math::FloorOp::create(b, l,
                                  arith::AddFOp::create(b, l, c, cf(0.5)));
      else // round_prefer_floor
        r = math::CeilOp::create(b, l, arith::SubFOp::create(b, l, c, cf(0.5)));
      idx[i] = toIndex(r, inType.getDimSize(i));
    }
    return finish(read(idx));
  }
  if (mode == "cubic") {
    // Keys' cubic convolution with coefficient A over the 4^k
    // taps floor(c) - 1 .. floor(c) + 2 of the interpolated dims;
    // taps outside the input repeat the edge, or with
    // exclude_outside get weight 0 and the weights renormalize.
    double a = plan.cubicA;
    bool exclude = plan.excludeOutside;
    SmallVector<int64_t> dims;
    SmallVector<Value> base(rank);
    SmallVector<std::array<Value, 4>> tapW(rank);
    for (int64_t i = 0; i < rank; ++i) {
      if (!interp[i])
        continue;
      Value f = math::FloorOp::create(b, l, coord[i]);
      Value t = arith::SubFOp::create(b, l, coord[i], f);
      base[i] = arith::FPToSIOp::create(b, l, b.getI64Type(), f);
      auto mul = [&](Value x, Value y) {
        return (Value)arith::MulFOp::create(b, l, x, y);
      };
      auto add = [&](Value x, Value y) {
        return (Value)arith::AddFOp::create(b, l, x, y);
      };
      // |x| <= 1: (A + 2)|x|^3 - (A + 3)|x|^2 + 1;
      // 1 < |x| < 2: A|x|^3 - 5A|x|^2 + 8A|x| - 4A.
      auto nearW = [&](Value x) {
        return add(mul(mul(add(mul(cf(a + 2), x), cf(-(a + 3))), x), x), cf(1));
      };
      auto farW = [&](Value x) {
        return add(
            mul(add(mul(add(mul(cf(a), x), cf(-5 * a)), x), cf(8 * a)), x),
            cf(-4 * a));
      };
      Value one = cf(1);
      tapW[i] = {farW(add(t, one)), nearW(t),
                 nearW(arith::SubFOp::create(b, l, one, t)),
                 farW(arith::SubFOp::create(b, l, cf(2), t))};
      dims.push_back(i);
    }
    Value acc = cf(0), wsum = cf(0);
    int64_t taps = 1;
    for (size_t j = 0; j < dims.size(); ++j)
      taps *= 4;
    for (int64_t code = 0; code < taps; ++code) {
      SmallVector<Value> idx(iv);
      Value weight = cf(1);
      int64_t rest = code;
      for (int64_t d : dims) {
        int64_t k = rest % 4;
        rest /= 4;
        int64_t len = inType.getDimSize(d);
        Value pos = arith::AddIOp::create(
            b, l, base[d], scalarConstant(b, l, b.getI64Type(), k - 1));
        Value wd = tapW[d][k];
        if (exclude) {
          Value inside = arith::AndIOp::create(
              b, l,
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, pos,
                                    scalarConstant(b, l, b.getI64Type(), 0)),
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, pos,
                                    scalarConstant(b, l, b.getI64Type(), len)));
          wd = arith::SelectOp::create(b, l, inside, wd, cf(0));
        }
        Value cl = arith::MaxSIOp::create(
            b, l, pos, scalarConstant(b, l, b.getI64Type(), 0));
        cl = arith::MinSIOp::create(
            b, l, cl, scalarConstant(b, l, b.getI64Type(), len - 1));
        idx[d] = arith::IndexCastOp::create(b, l, b.getIndexType(), cl);
        weight = arith::MulFOp::create(b, l, weight, wd);
      }
      Value v = castScalar(b, l, read(idx), f32, false, false);
      acc = arith::AddFOp::create(b, l, acc,
                                  arith::MulFOp::create(b, l, v, weight));
      wsum = arith::AddFOp::create(b, l, wsum, weight);
    }
    if (exclude)
      acc = arith::DivFOp::create(b, l, acc, wsum);
    return finish(castScalar(b, l, acc, elt, false, false));
  }
  // Linear: weighted sum over the 2^k corners of the interpolated
  // dims.
  SmallVector<int64_t> dims;
  SmallVector<Value> lo(rank), hi(rank), w(rank);
  for (int64_t i = 0; i < rank; ++i) {
    if (!interp[i])
      continue;
    int64_t len = inType.getDimSize(i);
    Value c = arith::MaximumFOp::create(b, l, coord[i], cf(0));
    c = arith::MinimumFOp::create(b, l, c, cf(len - 1));
    Value f = math::FloorOp::create(b, l, c);
    w[i] = arith::SubFOp::create(b, l, c, f);
    lo[i] = toIndex(f, len);
    hi[i] = toIndex(arith::AddFOp::create(b, l, f, cf(1)), len);
    dims.push_back(i);
  }
  Value acc = cf(0);
  for (int64_t mask = 0; mask < (int64_t(1) << dims.size()); ++mask) {
    SmallVector<Value> idx(iv);
    Value weight = cf(1);
    for (auto [j, d] : llvm::enumerate(dims)) {
      bool up = (mask >> j) & 1;
      idx[d] = up ? hi[d] : lo[d];
      Value wd = up ? w[d] : (Value)arith::SubFOp::create(b, l, cf(1), w[d]);
      weight = arith::MulFOp::create(b, l, weight, wd);
    }
    Value v = castScalar(b, l, read(idx), f32, false, false);
    acc = arith::AddFOp::create(b, l, acc,
                                arith::MulFOp::create(b, l, v, weight));
  }
  return finish(castScalar(b, l, acc, elt, false, false));
}

Value lowering::combineScatter(OpBuilder &b, Location l, StringRef reduction,
                               Value old, Value upd, bool u) {
  Type t = old.getType();
  bool f = isF(t);
  if (reduction == "add")
    return f ? (Value)arith::AddFOp::create(b, l, old, upd)
             : (Value)arith::AddIOp::create(b, l, old, upd);
  if (reduction == "mul")
    return f ? (Value)arith::MulFOp::create(b, l, old, upd)
             : (Value)arith::MulIOp::create(b, l, old, upd);
  if (reduction == "max")
    return f   ? (Value)arith::MaximumFOp::create(b, l, old, upd)
           : u ? (Value)arith::MaxUIOp::create(b, l, old, upd)
               : (Value)arith::MaxSIOp::create(b, l, old, upd);
  if (reduction == "min")
    return f   ? (Value)arith::MinimumFOp::create(b, l, old, upd)
           : u ? (Value)arith::MinUIOp::create(b, l, old, upd)
               : (Value)arith::MinSIOp::create(b, l, old, upd);
  return upd;
}

FailureOr<lowering::EinsumPlan> lowering::planEinsum(StringRef equation,
                                                     TypeRange inputTypes) {
  SmallVector<int64_t> ranks;
  for (Type t : inputTypes) {
    auto r = dyn_cast<RankedTensorType>(t);
    if (!r || !r.hasStaticShape())
      return failure();
    ranks.push_back(r.getRank());
  }
  EinsumEquation eq = parseEinsumEquation(equation, ranks);
  if (eq.hasEllipsis || !eq.valid || eq.terms.size() != inputTypes.size())
    return failure();
  EinsumPlan plan;
  plan.terms = std::move(eq.terms);
  plan.out = std::move(eq.out);
  for (auto [t, type] : llvm::zip(plan.terms, inputTypes)) {
    auto shape = cast<RankedTensorType>(type).getShape();
    if (t.size() != shape.size())
      return failure();
    for (auto [c, d] : llvm::zip(t, shape))
      plan.extent[c] = std::max(plan.extent.lookup(c), d);
  }
  // Loop order: output labels, then the others in order of appearance.
  plan.loops = plan.out;
  for (const std::string &t : plan.terms)
    for (char c : t)
      if (plan.loops.find(c) == std::string::npos)
        plan.loops.push_back(c);
  return plan;
}

void lowering::windowPads(ArrayRef<int64_t> in, ArrayRef<int64_t> kernel,
                          ArrayRef<int64_t> strides,
                          ArrayRef<int64_t> dilations,
                          std::optional<ArrayRef<int64_t>> pads,
                          StringRef autoPad, SmallVectorImpl<int64_t> &lo,
                          SmallVectorImpl<int64_t> &hi) {
  size_t n = kernel.size();
  for (size_t i = 0; i < n; ++i) {
    if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      int64_t out = (in[i] + strides[i] - 1) / strides[i];
      int64_t eff = dilations[i] * (kernel[i] - 1) + 1;
      int64_t total =
          std::max<int64_t>((out - 1) * strides[i] + eff - in[i], 0);
      int64_t small = total / 2, big = total - small;
      lo.push_back(autoPad == "SAME_UPPER" ? small : big);
      hi.push_back(autoPad == "SAME_UPPER" ? big : small);
    } else if (autoPad == "VALID" || !pads) {
      lo.push_back(0);
      hi.push_back(0);
    } else {
      lo.push_back((*pads)[i]);
      hi.push_back((*pads)[i + n]);
    }
  }
}
