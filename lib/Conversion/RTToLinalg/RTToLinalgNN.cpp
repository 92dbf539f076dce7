//===- RTToLinalgNN.cpp - rt NN ops to linalg -----------------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Convolution, pooling, reductions, softmax and normalizations as
// linalg.generic ops on tensors (static shapes). These are the reference
// semantics; the GPU path generates its own kernels for fusion groups.
//
//===----------------------------------------------------------------------===//

#include "rt/Conversion/RTToLinalg/LoweringUtils.h"
#include "rt/Dialect/RT/IR/RTOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::rt;
using namespace mlir::rt::lowering;

namespace {

Value add(OpBuilder &b, Location l, Value x, Value y) {
  return isF(x.getType()) ? (Value)arith::AddFOp::create(b, l, x, y)
                          : (Value)arith::AddIOp::create(b, l, x, y);
}
Value mul(OpBuilder &b, Location l, Value x, Value y) {
  return isF(x.getType()) ? (Value)arith::MulFOp::create(b, l, x, y)
                          : (Value)arith::MulIOp::create(b, l, x, y);
}
Value sub(OpBuilder &b, Location l, Value x, Value y) {
  return isF(x.getType()) ? (Value)arith::SubFOp::create(b, l, x, y)
                          : (Value)arith::SubIOp::create(b, l, x, y);
}
Value maxOf(OpBuilder &b, Location l, Value x, Value y, bool u) {
  if (isF(x.getType()))
    return arith::MaximumFOp::create(b, l, x, y);
  return u ? (Value)arith::MaxUIOp::create(b, l, x, y)
           : (Value)arith::MaxSIOp::create(b, l, x, y);
}
Value minOf(OpBuilder &b, Location l, Value x, Value y, bool u) {
  if (isF(x.getType()))
    return arith::MinimumFOp::create(b, l, x, y);
  return u ? (Value)arith::MinUIOp::create(b, l, x, y)
           : (Value)arith::MinSIOp::create(b, l, x, y);
}

RankedTensorType staticType(Type t) {
  auto r = dyn_cast<RankedTensorType>(t);
  return r && r.hasStaticShape() ? r : RankedTensorType();
}

/// Pads `x` (N x C x spatial) with `value` by `lo`/`hi` on the spatial dims.
Value padSpatial(OpBuilder &b, Location l, Value x, ArrayRef<int64_t> lo,
                 ArrayRef<int64_t> hi, Value value) {
  if (llvm::all_of(lo, [](int64_t v) { return v == 0; }) &&
      llvm::all_of(hi, [](int64_t v) { return v == 0; }))
    return x;
  auto t = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape(t.getShape());
  SmallVector<OpFoldResult> low(t.getRank(), b.getIndexAttr(0)),
      high(t.getRank(), b.getIndexAttr(0));
  for (size_t i = 0; i < lo.size(); ++i) {
    shape[i + 2] += lo[i] + hi[i];
    low[i + 2] = b.getIndexAttr(lo[i]);
    high[i + 2] = b.getIndexAttr(hi[i]);
  }
  auto padded = RankedTensorType::get(shape, t.getElementType());
  return tensor::PadOp::create(b, l, padded, x, low, high, value);
}

} // namespace

namespace {

//===----------------------------------------------------------------------===//
// Convolution
//===----------------------------------------------------------------------===//

struct ConvLowering : public OpConversionPattern<ConvOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConvOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = staticType(signlessTensor(op.getType()));
    auto inType = staticType(adaptor.getInput().getType());
    auto wType = staticType(adaptor.getWeight().getType());
    if (!type || !inType || !wType)
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    int64_t n = wType.getRank() - 2;
    int64_t group = op.getGroup();
    SmallVector<int64_t> kernel(wType.getShape().drop_front(2));
    SmallVector<int64_t> strides(n, 1), dil(n, 1);
    if (auto s = op.getStrides())
      strides.assign(s->begin(), s->end());
    if (auto d = op.getDilations())
      dil.assign(d->begin(), d->end());
    SmallVector<int64_t> lo, hi;
    windowPads(inType.getShape().drop_front(2), kernel, strides, dil,
               op.getPads(), op.getAutoPad(), lo, hi);
    Type elt = type.getElementType();
    Value x = padSpatial(rewriter, loc, adaptor.getInput(), lo, hi,
                         scalarConstant(rewriter, loc, elt, 0));
    int64_t cPerGroup = wType.getDimSize(1);
    int64_t mPerGroup = wType.getDimSize(0) / group;
    // Loops: n, g, m (per group), out spatial..., c (per group), k...
    // out[n, g*M + m, o...] += x[n, g*C + c, o*s + k*d] * w[g*M + m, c, k...]
    int64_t numLoops = 3 + n + 1 + n;
    auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
    int64_t dN = 0, dG = 1, dM = 2, dO = 3, dC = 3 + n, dK = 4 + n;
    SmallVector<AffineExpr> xe{d(dN), d(dG) * cPerGroup + d(dC)};
    SmallVector<AffineExpr> we{d(dG) * mPerGroup + d(dM), d(dC)};
    SmallVector<AffineExpr> oe{d(dN), d(dG) * mPerGroup + d(dM)};
    for (int64_t i = 0; i < n; ++i) {
      xe.push_back(d(dO + i) * strides[i] + d(dK + i) * dil[i]);
      we.push_back(d(dK + i));
      oe.push_back(d(dO + i));
    }
    SmallVector<AffineMap> maps{AffineMap::get(numLoops, 0, xe, ctx),
                                AffineMap::get(numLoops, 0, we, ctx),
                                AffineMap::get(numLoops, 0, oe, ctx)};
    SmallVector<utils::IteratorType> iters(numLoops,
                                           utils::IteratorType::parallel);
    for (int64_t i = dC; i < numLoops; ++i)
      iters[i] = utils::IteratorType::reduction;
    // The output in loop order (n, g, m, o...) is a view of N x M x o...; the
    // generic writes N x G x M/G x o... and a reshape merges g and m.
    SmallVector<int64_t> gshape{type.getDimSize(0), group, mPerGroup};
    for (int64_t i = 0; i < n; ++i)
      gshape.push_back(type.getDimSize(2 + i));
    auto gType = RankedTensorType::get(gshape, elt);
    SmallVector<AffineExpr> ge{d(dN), d(dG), d(dM)};
    for (int64_t i = 0; i < n; ++i)
      ge.push_back(d(dO + i));
    maps[2] = AffineMap::get(numLoops, 0, ge, ctx);
    Value init = filledTensor(rewriter, loc, gType,
                              scalarConstant(rewriter, loc, elt, 0));
    auto conv = linalg::GenericOp::create(
        rewriter, loc, TypeRange{gType}, ValueRange{x, adaptor.getWeight()},
        ValueRange{init}, maps, iters,
        [&](OpBuilder &b, Location l, ValueRange a) {
          linalg::YieldOp::create(b, l, add(b, l, a[2], mul(b, l, a[0], a[1])));
        });
    SmallVector<ReassociationIndices> reassoc{{0}, {1, 2}};
    for (int64_t i = 0; i < n; ++i)
      reassoc.push_back({3 + i});
    Value out = tensor::CollapseShapeOp::create(rewriter, loc, type,
                                                conv.getResult(0), reassoc);
    if (adaptor.getBias()) {
      // + bias[c] broadcast over N and spatial dims.
      SmallVector<AffineExpr> be{d(1)};
      int64_t rank = type.getRank();
      SmallVector<AffineMap> bm{
          rewriter.getMultiDimIdentityMap(rank),
          AffineMap::get(rank, 0, {getAffineDimExpr(1, ctx)}, ctx),
          rewriter.getMultiDimIdentityMap(rank)};
      Value empty = emptyTensor(rewriter, loc, type);
      out = linalg::GenericOp::create(
                rewriter, loc, TypeRange{type},
                ValueRange{out, adaptor.getBias()}, ValueRange{empty}, bm,
                SmallVector<utils::IteratorType>(rank,
                                                 utils::IteratorType::parallel),
                [&](OpBuilder &b, Location l, ValueRange a) {
                  linalg::YieldOp::create(b, l, add(b, l, a[0], a[1]));
                })
                .getResult(0);
    }
    rewriter.replaceOp(op, out);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

template <typename OpTy>
struct PoolLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    constexpr bool isMax = std::is_same_v<OpTy, MaxPoolOp>;
    constexpr bool isLp = std::is_same_v<OpTy, LpPoolOp>;
    auto type = staticType(signlessTensor(op.getType()));
    auto inType = staticType(adaptor.getInput().getType());
    if (!type || !inType)
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    ArrayRef<int64_t> kernel = op.getKernelShape();
    int64_t n = kernel.size();
    SmallVector<int64_t> strides(n, 1), dil(n, 1);
    if (auto s = op.getStrides())
      strides.assign(s->begin(), s->end());
    if (auto d = op.getDilations())
      dil.assign(d->begin(), d->end());
    SmallVector<int64_t> lo, hi;
    windowPads(inType.getShape().drop_front(2), kernel, strides, dil,
               op.getPads(), op.getAutoPad(), lo, hi);
    // ceil_mode can make the last window start in the padding and read past
    // it: pad the high side enough for every window.
    for (int64_t i = 0; i < n; ++i) {
      int64_t need = (type.getDimSize(2 + i) - 1) * strides[i] +
                     dil[i] * (kernel[i] - 1) + 1;
      int64_t have = inType.getDimSize(2 + i) + lo[i] + hi[i];
      if (need > have)
        hi[i] += need - have;
    }
    Type elt = type.getElementType();
    bool u = isUnsigned(op.getType());
    Value padValue = isMax ? minValue(rewriter, loc, elt, u)
                           : scalarConstant(rewriter, loc, elt, 0);
    Value x = padSpatial(rewriter, loc, adaptor.getInput(), lo, hi, padValue);
    int64_t rank = type.getRank();
    int64_t numLoops = rank + n;
    auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
    SmallVector<AffineExpr> xe{d(0), d(1)}, oe{d(0), d(1)}, ke;
    for (int64_t i = 0; i < n; ++i) {
      xe.push_back(d(2 + i) * strides[i] + d(rank + i) * dil[i]);
      oe.push_back(d(2 + i));
      ke.push_back(d(rank + i));
    }
    // The window tensor only carries the reduction loops' extent.
    auto windowType = RankedTensorType::get(kernel, elt);
    Value window = emptyTensor(rewriter, loc, windowType);
    SmallVector<AffineMap> maps{AffineMap::get(numLoops, 0, xe, ctx),
                                AffineMap::get(numLoops, 0, ke, ctx),
                                AffineMap::get(numLoops, 0, oe, ctx)};
    SmallVector<utils::IteratorType> iters(numLoops,
                                           utils::IteratorType::parallel);
    for (int64_t i = rank; i < numLoops; ++i)
      iters[i] = utils::IteratorType::reduction;
    Value init = filledTensor(rewriter, loc, type, padValue);
    int64_t p = 2;
    if constexpr (isLp)
      p = op.getP();
    Value sum = linalg::GenericOp::create(
                    rewriter, loc, TypeRange{type}, ValueRange{x, window},
                    ValueRange{init}, maps, iters,
                    [&](OpBuilder &b, Location l, ValueRange a) {
                      Value r;
                      if (isMax) {
                        r = maxOf(b, l, a[2], a[0], u);
                      } else if (isLp) {
                        Value v = math::AbsFOp::create(b, l, a[0]);
                        v = math::PowFOp::create(
                            b, l, v, scalarConstant(b, l, elt, (double)p));
                        r = add(b, l, a[2], v);
                      } else {
                        r = add(b, l, a[2], a[0]);
                      }
                      linalg::YieldOp::create(b, l, r);
                    })
                    .getResult(0);
    if (isMax) {
      rewriter.replaceOp(op, sum);
      return success();
    }
    if (isLp) {
      Value r = buildElementwise(rewriter, loc, type, sum,
                                 [&](OpBuilder &b, Location l, ValueRange a) {
                                   return (Value)math::PowFOp::create(
                                       b, l, a[0],
                                       scalarConstant(b, l, elt, 1.0 / p));
                                 });
      rewriter.replaceOp(op, r);
      return success();
    }
    // Average: divide by the window size, counting padding or not. The
    // count per output position is a compile-time constant.
    bool countPad = false;
    if constexpr (std::is_same_v<OpTy, AveragePoolOp>)
      countPad = op.getCountIncludePad() != 0;
    SmallVector<int64_t> outSpatial(type.getShape().drop_front(2));
    int64_t numOut = 1;
    for (int64_t s : outSpatial)
      numOut *= s;
    SmallVector<float> counts(numOut);
    SmallVector<int64_t> pos(n);
    for (int64_t f = 0; f < numOut; ++f) {
      int64_t rem = f;
      for (int64_t i = n - 1; i >= 0; --i) {
        pos[i] = rem % outSpatial[i];
        rem /= outSpatial[i];
      }
      int64_t c = 1;
      for (int64_t i = 0; i < n; ++i) {
        int64_t in = inType.getDimSize(2 + i);
        int64_t cnt = 0;
        for (int64_t k = 0; k < kernel[i]; ++k) {
          int64_t at = pos[i] * strides[i] + k * dil[i] - lo[i];
          // With count_include_pad the declared pads count; the extra
          // ceil-mode overhang never does.
          int64_t padHi = op.getPads() ? (*op.getPads())[i + n] : 0;
          bool inside = at >= 0 && at < in;
          bool inPad = at >= -lo[i] && at < in + padHi;
          cnt += countPad ? inPad : inside;
        }
        c *= std::max<int64_t>(cnt, 1);
      }
      counts[f] = (float)c;
    }
    auto countType = RankedTensorType::get(outSpatial, rewriter.getF32Type());
    Value countT = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(countType, ArrayRef<float>(counts)));
    SmallVector<AffineExpr> ce;
    for (int64_t i = 0; i < n; ++i)
      ce.push_back(d(2 + i));
    Value empty = emptyTensor(rewriter, loc, type);
    Value avg =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{type}, ValueRange{sum, countT},
            ValueRange{empty},
            SmallVector<AffineMap>{rewriter.getMultiDimIdentityMap(rank),
                                   AffineMap::get(rank, 0, ce, ctx),
                                   rewriter.getMultiDimIdentityMap(rank)},
            SmallVector<utils::IteratorType>(rank,
                                             utils::IteratorType::parallel),
            [&](OpBuilder &b, Location l, ValueRange a) {
              Value c = castScalar(b, l, a[1], elt, false, false);
              linalg::YieldOp::create(
                  b, l, (Value)arith::DivFOp::create(b, l, a[0], c));
            })
            .getResult(0);
    rewriter.replaceOp(op, avg);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

enum class ReduceKind {
  Sum,
  Mean,
  Max,
  Min,
  Prod,
  L1,
  L2,
  LogSum,
  LogSumExp,
  SumSquare
};

/// Reduces `x` over `reduced` dims into `resultType` (with or without kept
/// dims), applying `kind`.
Value buildReduction(OpBuilder &b, Location loc, Value x,
                     ArrayRef<bool> reduced, RankedTensorType resultType,
                     ReduceKind kind, bool u) {
  MLIRContext *ctx = b.getContext();
  auto inType = cast<RankedTensorType>(x.getType());
  int64_t rank = inType.getRank();
  Type elt = inType.getElementType();
  SmallVector<AffineExpr> oe;
  SmallVector<int64_t> outShape;
  for (int64_t i = 0; i < rank; ++i)
    if (!reduced[i]) {
      oe.push_back(getAffineDimExpr(i, ctx));
      outShape.push_back(inType.getDimSize(i));
    }
  auto accType = RankedTensorType::get(outShape, elt);
  double initVal = 0;
  Value initScalar;
  if (kind == ReduceKind::Max)
    initScalar = minValue(b, loc, elt, u);
  else if (kind == ReduceKind::Min)
    initScalar = maxValue(b, loc, elt, u);
  else
    initScalar =
        scalarConstant(b, loc, elt, kind == ReduceKind::Prod ? 1 : initVal);
  // LogSumExp subtracts the max first for stability.
  Value maxT;
  if (kind == ReduceKind::LogSumExp)
    maxT = buildReduction(b, loc, x, reduced, accType, ReduceKind::Max, u);
  Value init = filledTensor(b, loc, accType, initScalar);
  SmallVector<utils::IteratorType> iters;
  for (int64_t i = 0; i < rank; ++i)
    iters.push_back(reduced[i] ? utils::IteratorType::reduction
                               : utils::IteratorType::parallel);
  SmallVector<Value> ins{x};
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank)};
  if (maxT) {
    ins.push_back(maxT);
    maps.push_back(AffineMap::get(rank, 0, oe, ctx));
  }
  maps.push_back(AffineMap::get(rank, 0, oe, ctx));
  Value acc =
      linalg::GenericOp::create(
          b, loc, TypeRange{accType}, ins, ValueRange{init}, maps, iters,
          [&](OpBuilder &nb, Location l, ValueRange a) {
            Value v = a[0], r;
            Value accum = a.back();
            switch (kind) {
            case ReduceKind::Max:
              r = maxOf(nb, l, accum, v, u);
              break;
            case ReduceKind::Min:
              r = minOf(nb, l, accum, v, u);
              break;
            case ReduceKind::Prod:
              r = mul(nb, l, accum, v);
              break;
            case ReduceKind::L1:
              r = add(nb, l, accum,
                      isF(elt) ? (Value)math::AbsFOp::create(nb, l, v)
                               : (Value)math::AbsIOp::create(nb, l, v));
              break;
            case ReduceKind::L2:
            case ReduceKind::SumSquare:
              r = add(nb, l, accum, mul(nb, l, v, v));
              break;
            case ReduceKind::LogSumExp:
              r = add(nb, l, accum,
                      math::ExpOp::create(nb, l, sub(nb, l, v, a[1])));
              break;
            default:
              r = add(nb, l, accum, v);
            }
            linalg::YieldOp::create(nb, l, r);
          })
          .getResult(0);
  int64_t count = 1;
  for (int64_t i = 0; i < rank; ++i)
    if (reduced[i])
      count *= inType.getDimSize(i);
  auto finish = [&](ScalarFn fn, ValueRange extra = {}) {
    SmallVector<Value> in{acc};
    in.append(extra.begin(), extra.end());
    return buildElementwise(b, loc, accType, in, fn);
  };
  switch (kind) {
  case ReduceKind::Mean:
    acc = finish([&](OpBuilder &nb, Location l, ValueRange a) {
      if (isF(elt))
        return (Value)arith::DivFOp::create(nb, l, a[0],
                                            scalarConstant(nb, l, elt, count));
      return (Value)arith::DivSIOp::create(nb, l, a[0],
                                           scalarConstant(nb, l, elt, count));
    });
    break;
  case ReduceKind::L2:
    acc = finish([&](OpBuilder &nb, Location l, ValueRange a) {
      if (isF(elt))
        return (Value)math::SqrtOp::create(nb, l, a[0]);
      Value f = castScalar(nb, l, a[0], nb.getF64Type(), false, false);
      return castScalar(nb, l, math::SqrtOp::create(nb, l, f), elt, false,
                        false);
    });
    break;
  case ReduceKind::LogSum:
    acc = finish([&](OpBuilder &nb, Location l, ValueRange a) {
      return (Value)math::LogOp::create(nb, l, a[0]);
    });
    break;
  case ReduceKind::LogSumExp:
    acc = finish(
        [&](OpBuilder &nb, Location l, ValueRange a) {
          return add(nb, l, math::LogOp::create(nb, l, a[0]), a[1]);
        },
        maxT);
    break;
  default:
    break;
  }
  if (accType != resultType)
    acc = reshapeStatic(b, loc, acc, resultType);
  return acc;
}

template <typename OpTy, ReduceKind Kind>
struct ReduceLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = staticType(signlessTensor(op.getType()));
    auto inType = staticType(adaptor.getInput().getType());
    if (!type || !inType)
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    int64_t rank = inType.getRank();
    SmallVector<bool> reduced(rank, false);
    auto axes = op.getAxes();
    if (!axes || axes->empty()) {
      if (op.getNoopWithEmptyAxes()) {
        rewriter.replaceOp(op, adaptor.getInput());
        return success();
      }
      reduced.assign(rank, true);
    } else {
      for (int64_t a : *axes)
        reduced[a < 0 ? a + rank : a] = true;
    }
    rewriter.replaceOp(op, buildReduction(rewriter, op.getLoc(),
                                          adaptor.getInput(), reduced, type,
                                          Kind, isUnsigned(op.getType())));
    return success();
  }
};

template <typename OpTy, bool IsMax>
struct ArgReduceLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = staticType(signlessTensor(op.getType()));
    auto inType = staticType(adaptor.getInput().getType());
    if (!type || !inType)
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    int64_t rank = inType.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    bool last = op.getSelectLastIndex() != 0;
    bool u = isUnsigned(inType);
    Type elt = inType.getElementType();
    SmallVector<AffineExpr> oe;
    SmallVector<int64_t> outShape;
    for (int64_t i = 0; i < rank; ++i)
      if (i != axis) {
        oe.push_back(getAffineDimExpr(i, ctx));
        outShape.push_back(inType.getDimSize(i));
      }
    auto valType = RankedTensorType::get(outShape, elt);
    auto idxType = RankedTensorType::get(outShape, rewriter.getI64Type());
    Value vInit = filledTensor(rewriter, loc, valType,
                               IsMax ? minValue(rewriter, loc, elt, u)
                                     : maxValue(rewriter, loc, elt, u));
    Value iInit =
        filledTensor(rewriter, loc, idxType,
                     scalarConstant(rewriter, loc, rewriter.getI64Type(), -1));
    SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
    iters[axis] = utils::IteratorType::reduction;
    AffineMap om = AffineMap::get(rank, 0, oe, ctx);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valType, idxType},
        ValueRange{adaptor.getInput()}, ValueRange{vInit, iInit},
        SmallVector<AffineMap>{rewriter.getMultiDimIdentityMap(rank), om, om},
        iters, [&](OpBuilder &b, Location l, ValueRange a) {
          Value v = a[0], best = a[1], bestIdx = a[2];
          Value i = arith::IndexCastOp::create(
              b, l, b.getI64Type(), linalg::IndexOp::create(b, l, axis));
          Value better;
          if (isF(elt)) {
            auto strict =
                IsMax ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT;
            auto eq =
                IsMax ? arith::CmpFPredicate::OGE : arith::CmpFPredicate::OLE;
            better = arith::CmpFOp::create(b, l, last ? eq : strict, v, best);
          } else {
            arith::CmpIPredicate strict = IsMax
                                              ? (u ? arith::CmpIPredicate::ugt
                                                   : arith::CmpIPredicate::sgt)
                                              : (u ? arith::CmpIPredicate::ult
                                                   : arith::CmpIPredicate::slt);
            arith::CmpIPredicate eq = IsMax ? (u ? arith::CmpIPredicate::uge
                                                 : arith::CmpIPredicate::sge)
                                            : (u ? arith::CmpIPredicate::ule
                                                 : arith::CmpIPredicate::sle);
            better = arith::CmpIOp::create(b, l, last ? eq : strict, v, best);
          }
          // The first element always wins over the initial value.
          Value first =
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, bestIdx,
                                    scalarConstant(b, l, b.getI64Type(), 0));
          better = arith::OrIOp::create(b, l, better, first);
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, better, v, best),
                         arith::SelectOp::create(b, l, better, i, bestIdx)});
        });
    Value r = generic.getResult(1);
    if (idxType != type)
      r = reshapeStatic(rewriter, loc, r, type);
    rewriter.replaceOp(op, r);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Softmax and normalizations
//===----------------------------------------------------------------------===//

template <typename OpTy>
struct SoftmaxLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = staticType(signlessTensor(op.getType()));
    if (!type)
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Location loc = op.getLoc();
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    SmallVector<bool> reduced(rank, false);
    reduced[axis] = true;
    SmallVector<int64_t> keep(type.getShape());
    keep[axis] = 1;
    auto keepType = RankedTensorType::get(keep, type.getElementType());
    Value x = adaptor.getInput();
    Value mx = buildReduction(rewriter, loc, x, reduced, keepType,
                              ReduceKind::Max, false);
    if constexpr (std::is_same_v<OpTy, HardmaxOp>) {
      // One-hot of the first maximum: compare index with arg_max.
      auto idxKeep = RankedTensorType::get(keep, rewriter.getI64Type());
      (void)idxKeep;
      return rewriter.notifyMatchFailure(op, "hardmax not lowered yet");
    }
    Value e =
        buildElementwise(rewriter, loc, type, ValueRange{x, mx},
                         [](OpBuilder &b, Location l, ValueRange a) {
                           return (Value)math::ExpOp::create(
                               b, l, arith::SubFOp::create(b, l, a[0], a[1]));
                         });
    Value s = buildReduction(rewriter, loc, e, reduced, keepType,
                             ReduceKind::Sum, false);
    Value r;
    if constexpr (std::is_same_v<OpTy, LogSoftmaxOp>)
      r = buildElementwise(rewriter, loc, type, ValueRange{x, mx, s},
                           [](OpBuilder &b, Location l, ValueRange a) {
                             Value d = arith::SubFOp::create(b, l, a[0], a[1]);
                             return (Value)arith::SubFOp::create(
                                 b, l, d, math::LogOp::create(b, l, a[2]));
                           });
    else
      r = buildElementwise(rewriter, loc, type, ValueRange{e, s},
                           [](OpBuilder &b, Location l, ValueRange a) {
                             return (Value)arith::DivFOp::create(b, l, a[0],
                                                                 a[1]);
                           });
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// (x - mean) / sqrt(var + eps) over `reduced` dims, computed in f32 or
/// wider, then * scale + bias (already broadcastable to x).
Value normalize(OpBuilder &b, Location loc, Value x, ArrayRef<bool> reduced,
                double eps) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> keep(type.getShape());
  for (size_t i = 0; i < reduced.size(); ++i)
    if (reduced[i])
      keep[i] = 1;
  auto keepType = RankedTensorType::get(keep, type.getElementType());
  Type elt = type.getElementType();
  Value mean =
      buildReduction(b, loc, x, reduced, keepType, ReduceKind::Mean, false);
  Value centered =
      buildElementwise(b, loc, type, ValueRange{x, mean},
                       [](OpBuilder &nb, Location l, ValueRange a) {
                         return (Value)arith::SubFOp::create(nb, l, a[0], a[1]);
                       });
  Value var = buildReduction(b, loc, centered, reduced, keepType,
                             ReduceKind::SumSquare, false);
  int64_t count = 1;
  for (size_t i = 0; i < reduced.size(); ++i)
    if (reduced[i])
      count *= type.getDimSize(i);
  return buildElementwise(
      b, loc, type, ValueRange{centered, var},
      [&](OpBuilder &nb, Location l, ValueRange a) {
        Value v = arith::DivFOp::create(nb, l, a[1],
                                        scalarConstant(nb, l, elt, count));
        v = arith::AddFOp::create(nb, l, v, scalarConstant(nb, l, elt, eps));
        return (Value)arith::DivFOp::create(nb, l, a[0],
                                            math::SqrtOp::create(nb, l, v));
      });
}

/// Reshapes a per-channel vector to [1, C, 1, ...] of rank `rank`.
Value channelView(OpBuilder &b, Location loc, Value v, int64_t rank) {
  auto t = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> shape(rank, 1);
  shape[1] = t.getNumElements();
  return reshapeStatic(b, loc, v,
                       RankedTensorType::get(shape, t.getElementType()));
}

struct LayerNormLowering : public OpConversionPattern<LayerNormalizationOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LayerNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = staticType(signlessTensor(op.getType()));
    if (!type)
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Location loc = op.getLoc();
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    SmallVector<bool> reduced(rank, false);
    for (int64_t i = axis; i < rank; ++i)
      reduced[i] = true;
    Value n = normalize(rewriter, loc, adaptor.getInput(), reduced,
                        op.getEpsilon().convertToDouble());
    SmallVector<Value> ins{n, adaptor.getScale()};
    if (adaptor.getBias())
      ins.push_back(adaptor.getBias());
    rewriter.replaceOp(
        op, buildElementwise(rewriter, loc, type, ins,
                             [](OpBuilder &b, Location l, ValueRange a) {
                               Value r =
                                   arith::MulFOp::create(b, l, a[0], a[1]);
                               if (a.size() > 2)
                                 r = arith::AddFOp::create(b, l, r, a[2]);
                               return r;
                             }));
    return success();
  }
};

struct BatchNormLowering : public OpConversionPattern<BatchNormalizationOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BatchNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = staticType(signlessTensor(op.getType()));
    if (!type || type.getRank() < 2)
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    for (Value v : {adaptor.getScale(), adaptor.getBias(), adaptor.getMean(),
                    adaptor.getVar()})
      if (!staticType(v.getType()))
        return rewriter.notifyMatchFailure(op, "needs static shapes");
    Location loc = op.getLoc();
    int64_t rank = type.getRank();
    double eps = op.getEpsilon().convertToDouble();
    SmallVector<Value> ins{adaptor.getInput()};
    for (Value v : {adaptor.getScale(), adaptor.getBias(), adaptor.getMean(),
                    adaptor.getVar()})
      ins.push_back(channelView(rewriter, loc, v, rank));
    Type elt = type.getElementType();
    rewriter.replaceOp(
        op, buildElementwise(
                rewriter, loc, type, ins,
                [&](OpBuilder &b, Location l, ValueRange a) {
                  auto c = [&](Value v) {
                    return castScalar(b, l, v, elt, false, false);
                  };
                  Value sd = math::SqrtOp::create(
                      b, l,
                      arith::AddFOp::create(b, l, c(a[4]),
                                            scalarConstant(b, l, elt, eps)));
                  Value r = arith::DivFOp::create(
                      b, l, arith::SubFOp::create(b, l, a[0], c(a[3])), sd);
                  r = arith::MulFOp::create(b, l, r, c(a[1]));
                  return (Value)arith::AddFOp::create(b, l, r, c(a[2]));
                }));
    return success();
  }
};

struct InstanceNormLowering
    : public OpConversionPattern<InstanceNormalizationOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(InstanceNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = staticType(signlessTensor(op.getType()));
    if (!type || !staticType(adaptor.getScale().getType()) ||
        !staticType(adaptor.getBias().getType()))
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Location loc = op.getLoc();
    int64_t rank = type.getRank();
    SmallVector<bool> reduced(rank, true);
    reduced[0] = reduced[1] = false;
    Value n = normalize(rewriter, loc, adaptor.getInput(), reduced,
                        op.getEpsilon().convertToDouble());
    Value s = channelView(rewriter, loc, adaptor.getScale(), rank);
    Value bb = channelView(rewriter, loc, adaptor.getBias(), rank);
    rewriter.replaceOp(
        op, buildElementwise(
                rewriter, loc, type, ValueRange{n, s, bb},
                [](OpBuilder &b, Location l, ValueRange a) {
                  return (Value)arith::AddFOp::create(
                      b, l, arith::MulFOp::create(b, l, a[0], a[1]), a[2]);
                }));
    return success();
  }
};

template <typename OpTy>
struct GlobalPoolLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = staticType(signlessTensor(op.getType()));
    auto inType = staticType(adaptor.getInput().getType());
    if (!type || !inType)
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    SmallVector<bool> reduced(inType.getRank(), true);
    reduced[0] = reduced[1] = false;
    ReduceKind kind = std::is_same_v<OpTy, GlobalMaxPoolOp> ? ReduceKind::Max
                                                            : ReduceKind::Mean;
    rewriter.replaceOp(op,
                       buildReduction(rewriter, op.getLoc(), adaptor.getInput(),
                                      reduced, type, kind, isUnsigned(inType)));
    return success();
  }
};

} // namespace

void lowering::populateNNPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns
      .add<ConvLowering, PoolLowering<MaxPoolOp>, PoolLowering<AveragePoolOp>,
           PoolLowering<LpPoolOp>, GlobalPoolLowering<GlobalAveragePoolOp>,
           GlobalPoolLowering<GlobalMaxPoolOp>, LayerNormLowering,
           BatchNormLowering, InstanceNormLowering, SoftmaxLowering<SoftmaxOp>,
           SoftmaxLowering<LogSoftmaxOp>,
           ReduceLowering<ReduceSumOp, ReduceKind::Sum>,
           ReduceLowering<ReduceMeanOp, ReduceKind::Mean>,
           ReduceLowering<ReduceMaxOp, ReduceKind::Max>,
           ReduceLowering<ReduceMinOp, ReduceKind::Min>,
           ReduceLowering<ReduceProdOp, ReduceKind::Prod>,
           ReduceLowering<ReduceL1Op, ReduceKind::L1>,
           ReduceLowering<ReduceL2Op, ReduceKind::L2>,
           ReduceLowering<ReduceLogSumOp, ReduceKind::LogSum>,
           ReduceLowering<ReduceLogSumExpOp, ReduceKind::LogSumExp>,
           ReduceLowering<ReduceSumSquareOp, ReduceKind::SumSquare>,
           ArgReduceLowering<ArgMaxOp, true>,
           ArgReduceLowering<ArgMinOp, false>>(getSignlessTypeConverter(), ctx);
}
