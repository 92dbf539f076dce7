//===- RTToLinalgMore.cpp - index-computed rt ops to linalg ---------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Ops whose output element is computed from its index: triangle masks,
// scans, rearrangements, one-hot encodings, quantization and transposed
// convolution. Each is a linalg.generic that reads its inputs with
// tensor.extract where the access is not affine.
//
//===----------------------------------------------------------------------===//

#include "rt/Conversion/RTToLinalg/LoweringUtils.h"
#include "rt/Dialect/RT/IR/RTOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/DialectConversion.h"

#include <array>

using namespace mlir;
using namespace mlir::rt;
using namespace mlir::rt::lowering;

namespace {

RankedTensorType staticResult(Operation *op, unsigned i = 0) {
  auto t = signlessTensor(op->getResult(i).getType());
  return t && t.hasStaticShape() ? t : RankedTensorType();
}
RankedTensorType staticOf(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  return t && t.hasStaticShape() ? t : RankedTensorType();
}
/// Scalar read of a rank-0 or 1-element tensor.
Value scalarOf(OpBuilder &b, Location l, Value t) {
  auto tt = cast<RankedTensorType>(t.getType());
  return tensor::ExtractOp::create(
      b, l, t, SmallVector<Value>(tt.getRank(), indexConstant(b, l, 0)));
}
struct TriluLowering : public OpConversionPattern<TriluOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TriluOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = staticResult(op);
    if (!type || type.getRank() < 2)
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Location loc = op.getLoc();
    Value k = adaptor.getK()
                  ? scalarOf(rewriter, loc, adaptor.getK())
                  : scalarConstant(rewriter, loc, rewriter.getI64Type(), 0);
    k = arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(), k);
    bool upper = op.getUpper() != 0;
    Value in = adaptor.getInput();
    int64_t r = type.getRank();
    Type elt = type.getElementType();
    rewriter.replaceOp(
        op,
        indexGeneric(
            rewriter, loc, type, [&](OpBuilder &b, Location l, ValueRange iv) {
              // Keep j - i >= k (upper) or j - i <= k (lower).
              Value d = arith::SubIOp::create(b, l, iv[r - 1], iv[r - 2]);
              Value keep = arith::CmpIOp::create(
                  b, l,
                  upper ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sle,
                  d, k);
              Value v = tensor::ExtractOp::create(b, l, in, iv);
              return (Value)arith::SelectOp::create(
                  b, l, keep, v, scalarConstant(b, l, elt, 0));
            }));
    return success();
  }
};

struct CumSumLowering : public OpConversionPattern<CumSumOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CumSumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = staticResult(op);
    SmallVector<int64_t> axisV;
    if (!type || !getConstantIntValues(op.getAxis(), axisV) ||
        axisV.size() != 1)
      return rewriter.notifyMatchFailure(op, "needs static shapes and a "
                                             "constant axis");
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    int64_t rank = type.getRank();
    int64_t axis = axisV[0] < 0 ? axisV[0] + rank : axisV[0];
    bool exclusive = op.getExclusive() != 0, reverse = op.getReverse() != 0;
    Type elt = type.getElementType();
    // Loops: output dims + j along the axis (reduction).
    SmallVector<AffineExpr> xe;
    for (int64_t i = 0; i < rank; ++i)
      xe.push_back(getAffineDimExpr(i == axis ? rank : i, ctx));
    SmallVector<utils::IteratorType> iters(rank + 1,
                                           utils::IteratorType::parallel);
    iters[rank] = utils::IteratorType::reduction;
    Value init = filledTensor(rewriter, loc, type,
                              scalarConstant(rewriter, loc, elt, 0));
    auto g = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{adaptor.getInput()},
        ValueRange{init},
        SmallVector<AffineMap>{
            AffineMap::get(rank + 1, 0, xe, ctx),
            AffineMap::getMultiDimIdentityMap(rank + 1, ctx)
                .getSubMap(llvm::to_vector(llvm::seq<unsigned>(0, rank)))},
        iters, [&](OpBuilder &b, Location l, ValueRange a) {
          Value i = linalg::IndexOp::create(b, l, axis);
          Value j = linalg::IndexOp::create(b, l, rank);
          arith::CmpIPredicate pred =
              reverse ? (exclusive ? arith::CmpIPredicate::sgt
                                   : arith::CmpIPredicate::sge)
                      : (exclusive ? arith::CmpIPredicate::slt
                                   : arith::CmpIPredicate::sle);
          Value in = arith::CmpIOp::create(b, l, pred, j, i);
          Value s = isF(elt) ? (Value)arith::AddFOp::create(b, l, a[1], a[0])
                             : (Value)arith::AddIOp::create(b, l, a[1], a[0]);
          linalg::YieldOp::create(
              b, l, (Value)arith::SelectOp::create(b, l, in, s, a[1]));
        });
    rewriter.replaceOp(op, g.getResult(0));
    return success();
  }
};

struct HardmaxLowering : public OpConversionPattern<HardmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(HardmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = staticResult(op);
    if (!type)
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Location loc = op.getLoc();
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    Type elt = type.getElementType();
    Value in = adaptor.getInput();
    int64_t n = type.getDimSize(axis);
    // out[i] = 1 where i[axis] is the first maximum along the axis: scan
    // the axis inside the body (n is static).
    rewriter.replaceOp(
        op, indexGeneric(rewriter, loc, type,
                         [&](OpBuilder &b, Location l, ValueRange iv) {
                           SmallVector<Value> idx(iv);
                           idx[axis] = indexConstant(b, l, 0);
                           Value best =
                               tensor::ExtractOp::create(b, l, in, idx);
                           Value bestI = indexConstant(b, l, 0);
                           for (int64_t j = 1; j < n; ++j) {
                             idx[axis] = indexConstant(b, l, j);
                             Value v = tensor::ExtractOp::create(b, l, in, idx);
                             Value gt = arith::CmpFOp::create(
                                 b, l, arith::CmpFPredicate::OGT, v, best);
                             best = arith::SelectOp::create(b, l, gt, v, best);
                             bestI = arith::SelectOp::create(
                                 b, l, gt, indexConstant(b, l, j), bestI);
                           }
                           Value hit = arith::CmpIOp::create(
                               b, l, arith::CmpIPredicate::eq, iv[axis], bestI);
                           return (Value)arith::SelectOp::create(
                               b, l, hit, scalarConstant(b, l, elt, 1),
                               scalarConstant(b, l, elt, 0));
                         }));
    return success();
  }
};

template <typename OpTy>
struct SpaceDepthLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    constexpr bool toSpace = std::is_same_v<OpTy, DepthToSpaceOp>;
    auto type = staticResult(op);
    auto inType = staticOf(adaptor.getInput());
    if (!type || !inType)
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Location loc = op.getLoc();
    int64_t bs = op.getBlocksize();
    bool crd = false;
    if constexpr (toSpace)
      crd = op.getMode() == "CRD";
    int64_t C = type.getDimSize(1);
    int64_t inC = inType.getDimSize(1);
    Value in = adaptor.getInput();
    rewriter.replaceOp(
        op,
        indexGeneric(
            rewriter, loc, type, [&](OpBuilder &b, Location l, ValueRange iv) {
              auto div = [&](Value v, int64_t d) {
                return (Value)arith::DivUIOp::create(b, l, v,
                                                     indexConstant(b, l, d));
              };
              auto rem = [&](Value v, int64_t d) {
                return (Value)arith::RemUIOp::create(b, l, v,
                                                     indexConstant(b, l, d));
              };
              auto mul = [&](Value v, int64_t d) {
                return (Value)arith::MulIOp::create(b, l, v,
                                                    indexConstant(b, l, d));
              };
              auto add = [&](Value x, Value y) {
                return (Value)arith::AddIOp::create(b, l, x, y);
              };
              Value n = iv[0], c = iv[1], h = iv[2], w = iv[3];
              SmallVector<Value> idx;
              if (toSpace) {
                // out[n, c, h, w] = in[n, channel, h / bs, w / bs]
                Value bh = rem(h, bs), bw = rem(w, bs);
                Value ch = crd ? add(mul(c, bs * bs), add(mul(bh, bs), bw))
                               : add(mul(add(mul(bh, bs), bw), C), c);
                idx = {n, ch, div(h, bs), div(w, bs)};
              } else {
                // out[n, c, h, w] = in[n, c % inC, h * bs + (c / inC) / bs, w *
                // bs + (c / inC) % bs]
                Value off = div(c, inC);
                idx = {n, rem(c, inC), add(mul(h, bs), div(off, bs)),
                       add(mul(w, bs), rem(off, bs))};
              }
              return (Value)tensor::ExtractOp::create(b, l, in, idx);
            }));
    return success();
  }
};

struct EyeLikeLowering : public OpConversionPattern<EyeLikeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(EyeLikeOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = staticResult(op);
    if (!type)
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    int64_t k = op.getK();
    Type elt = type.getElementType();
    rewriter.replaceOp(
        op, indexGeneric(rewriter, op.getLoc(), type,
                         [&](OpBuilder &b, Location l, ValueRange iv) {
                           Value d = arith::SubIOp::create(b, l, iv[1], iv[0]);
                           Value on = arith::CmpIOp::create(
                               b, l, arith::CmpIPredicate::eq, d,
                               indexConstant(b, l, k));
                           return (Value)arith::SelectOp::create(
                               b, l, on, scalarConstant(b, l, elt, 1),
                               scalarConstant(b, l, elt, 0));
                         }));
    return success();
  }
};

struct OneHotLowering : public OpConversionPattern<OneHotOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OneHotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = staticResult(op);
    if (!type)
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Location loc = op.getLoc();
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    int64_t depth = type.getDimSize(axis);
    Value indices = adaptor.getIndices(), values = adaptor.getValues();
    Type idxElt = cast<RankedTensorType>(indices.getType()).getElementType();
    rewriter.replaceOp(
        op,
        indexGeneric(
            rewriter, loc, type, [&](OpBuilder &b, Location l, ValueRange iv) {
              SmallVector<Value> ii;
              for (int64_t i = 0; i < rank; ++i)
                if (i != axis)
                  ii.push_back(iv[i]);
              Value v = tensor::ExtractOp::create(b, l, indices, ii);
              Value vi = isF(idxElt)
                             ? castScalar(b, l, v, b.getI64Type(), false, false)
                             : v;
              vi = arith::IndexCastOp::create(b, l, b.getIndexType(), vi);
              Value neg = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt,
                                                vi, indexConstant(b, l, 0));
              vi = arith::SelectOp::create(
                  b, l, neg,
                  arith::AddIOp::create(b, l, vi, indexConstant(b, l, depth)),
                  vi);
              Value hit = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq,
                                                vi, iv[axis]);
              Value off = tensor::ExtractOp::create(
                  b, l, values, ValueRange{indexConstant(b, l, 0)});
              Value on = tensor::ExtractOp::create(
                  b, l, values, ValueRange{indexConstant(b, l, 1)});
              return (Value)arith::SelectOp::create(b, l, hit, on, off);
            }));
    return success();
  }
};

} // namespace

namespace {

struct QuantizeLowering : public OpConversionPattern<QuantizeLinearOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(QuantizeLinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = staticResult(op);
    auto sType = staticOf(adaptor.getScale());
    if (!type || !sType || !isa<IntegerType>(type.getElementType()))
      return rewriter.notifyMatchFailure(op, "needs static shapes and an "
                                             "integer result");
    Location loc = op.getLoc();
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    int64_t block = op.getBlockSize();
    bool u = isUnsigned(op.getType());
    unsigned w = type.getElementType().getIntOrFloatBitWidth();
    double lo = u ? 0 : -std::ldexp(1.0, w - 1),
           hi = u ? std::ldexp(1.0, w) - 1 : std::ldexp(1.0, w - 1) - 1;
    Value in = adaptor.getInput(), scale = adaptor.getScale(),
          zp = adaptor.getZeroPoint();
    bool zpU = zp && isUnsigned(op.getZeroPoint().getType());
    rewriter.replaceOp(
        op,
        indexGeneric(
            rewriter, loc, type, [&](OpBuilder &b, Location l, ValueRange iv) {
              Type f32 = b.getF32Type();
              Value x =
                  castScalar(b, l, tensor::ExtractOp::create(b, l, in, iv), f32,
                             false, false);
              SmallVector<Value> pi =
                  quantParamIndex(b, l, iv, sType, axis, block);
              Value s =
                  castScalar(b, l, tensor::ExtractOp::create(b, l, scale, pi),
                             f32, false, false);
              Value q = math::RoundEvenOp::create(
                  b, l, arith::DivFOp::create(b, l, x, s));
              if (zp) {
                Value z = tensor::ExtractOp::create(b, l, zp, pi);
                q = arith::AddFOp::create(b, l, q,
                                          castScalar(b, l, z, f32, zpU, false));
              }
              q = arith::MaximumFOp::create(b, l, q,
                                            scalarConstant(b, l, f32, lo));
              q = arith::MinimumFOp::create(b, l, q,
                                            scalarConstant(b, l, f32, hi));
              return castScalar(b, l, q, type.getElementType(), false, u);
            }));
    return success();
  }
};

struct DequantizeLowering : public OpConversionPattern<DequantizeLinearOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DequantizeLinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = staticResult(op);
    auto sType = staticOf(adaptor.getScale());
    auto inType = staticOf(adaptor.getInput());
    if (!type || !sType || !inType ||
        !isa<IntegerType>(inType.getElementType()))
      return rewriter.notifyMatchFailure(op, "needs static shapes and an "
                                             "integer input");
    Location loc = op.getLoc();
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    int64_t block = op.getBlockSize();
    bool u = isUnsigned(op.getInput().getType());
    Value in = adaptor.getInput(), scale = adaptor.getScale(),
          zp = adaptor.getZeroPoint();
    Type elt = type.getElementType();
    rewriter.replaceOp(
        op,
        indexGeneric(
            rewriter, loc, type, [&](OpBuilder &b, Location l, ValueRange iv) {
              Type f32 = b.getF32Type();
              Value x = tensor::ExtractOp::create(b, l, in, iv);
              SmallVector<Value> pi =
                  quantParamIndex(b, l, iv, sType, axis, block);
              Value xf = castScalar(b, l, x, f32, u, false);
              if (zp) {
                Value z = tensor::ExtractOp::create(b, l, zp, pi);
                xf = arith::SubFOp::create(b, l, xf,
                                           castScalar(b, l, z, f32, u, false));
              }
              Value s =
                  castScalar(b, l, tensor::ExtractOp::create(b, l, scale, pi),
                             f32, false, false);
              return castScalar(b, l, arith::MulFOp::create(b, l, xf, s), elt,
                                false, false);
            }));
    return success();
  }
};

} // namespace

namespace {

struct LRNLowering : public OpConversionPattern<LRNOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LRNOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = staticResult(op);
    if (!type)
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Value in = adaptor.getInput();
    rewriter.replaceOp(
        op, indexGeneric(rewriter, op.getLoc(), type,
                         [&](OpBuilder &b, Location l, ValueRange iv) {
                           return buildLRNElement(
                               b, l, op, type.getDimSize(1),
                               type.getElementType(), iv,
                               [&](ArrayRef<Value> at) -> Value {
                                 return tensor::ExtractOp::create(b, l, in, at);
                               });
                         }));
    return success();
  }
};

} // namespace

namespace {

struct ConvTransposeLowering : public OpConversionPattern<ConvTransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConvTransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = staticResult(op);
    auto inType = staticOf(adaptor.getInput());
    auto wType = staticOf(adaptor.getWeight());
    if (!type || !inType || !wType)
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    int64_t n = wType.getRank() - 2;
    ConvTransposeGeometry geo = convTransposeGeometry(op, inType, wType, type);
    int64_t cPerGroup = geo.cPerGroup, mPerGroup = geo.mPerGroup;
    ArrayRef<int64_t> kernel = geo.kernel, strides = geo.strides,
                      dil = geo.dilations, padBegin = geo.padBegin;
    Type elt = type.getElementType();
    // Loops: out dims (n, m_total, o...) + reductions (c, k...).
    int64_t rank = type.getRank();
    int64_t numLoops = rank + 1 + n;
    SmallVector<utils::IteratorType> iters(numLoops,
                                           utils::IteratorType::parallel);
    for (int64_t i = rank; i < numLoops; ++i)
      iters[i] = utils::IteratorType::reduction;
    SmallVector<int64_t> redShape{cPerGroup};
    redShape.append(kernel.begin(), kernel.end());
    Value red =
        emptyTensor(rewriter, loc, RankedTensorType::get(redShape, elt));
    SmallVector<AffineExpr> re;
    for (int64_t i = rank; i < numLoops; ++i)
      re.push_back(getAffineDimExpr(i, ctx));
    Value init = filledTensor(rewriter, loc, type,
                              scalarConstant(rewriter, loc, elt, 0));
    Value x = adaptor.getInput(), w = adaptor.getWeight();
    auto g = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{red}, ValueRange{init},
        SmallVector<AffineMap>{
            AffineMap::get(numLoops, 0, re, ctx),
            AffineMap::getMultiDimIdentityMap(numLoops, ctx)
                .getSubMap(llvm::to_vector(llvm::seq<unsigned>(0, rank)))},
        iters, [&](OpBuilder &b, Location l, ValueRange a) {
          Value nIdx = linalg::IndexOp::create(b, l, 0);
          Value m = linalg::IndexOp::create(b, l, 1);
          Value c = linalg::IndexOp::create(b, l, rank);
          Value gI =
              arith::DivUIOp::create(b, l, m, indexConstant(b, l, mPerGroup));
          Value mIn =
              arith::RemUIOp::create(b, l, m, indexConstant(b, l, mPerGroup));
          Value ci = arith::AddIOp::create(
              b, l,
              arith::MulIOp::create(b, l, gI, indexConstant(b, l, cPerGroup)),
              c);
          Value ok = scalarConstant(b, l, b.getI1Type(), 1);
          SmallVector<Value> xi{nIdx, ci}, wi{ci, mIn};
          for (int64_t i = 0; i < n; ++i) {
            Value o = linalg::IndexOp::create(b, l, 2 + i);
            Value k = linalg::IndexOp::create(b, l, rank + 1 + i);
            // i_in * s = o + padBegin - k * d
            Value t = arith::SubIOp::create(
                b, l,
                arith::AddIOp::create(b, l, o,
                                      indexConstant(b, l, padBegin[i])),
                arith::MulIOp::create(b, l, k, indexConstant(b, l, dil[i])));
            Value nonneg = arith::CmpIOp::create(
                b, l, arith::CmpIPredicate::sge, t, indexConstant(b, l, 0));
            Value div = arith::RemSIOp::create(b, l, t,
                                               indexConstant(b, l, strides[i]));
            Value exact = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq,
                                                div, indexConstant(b, l, 0));
            Value ii = arith::DivSIOp::create(b, l, t,
                                              indexConstant(b, l, strides[i]));
            Value inR = arith::CmpIOp::create(
                b, l, arith::CmpIPredicate::slt, ii,
                indexConstant(b, l, inType.getDimSize(2 + i)));
            ok = arith::AndIOp::create(
                b, l, ok,
                arith::AndIOp::create(b, l, nonneg,
                                      arith::AndIOp::create(b, l, exact, inR)));
            Value safe = arith::SelectOp::create(
                b, l, arith::AndIOp::create(b, l, nonneg, inR), ii,
                indexConstant(b, l, 0));
            xi.push_back(safe);
            wi.push_back(k);
          }
          Value xv = tensor::ExtractOp::create(b, l, x, xi);
          Value wv = tensor::ExtractOp::create(b, l, w, wi);
          Value p = isF(elt) ? (Value)arith::MulFOp::create(b, l, xv, wv)
                             : (Value)arith::MulIOp::create(b, l, xv, wv);
          p = arith::SelectOp::create(b, l, ok, p,
                                      scalarConstant(b, l, elt, 0));
          Value s = isF(elt) ? (Value)arith::AddFOp::create(b, l, a[1], p)
                             : (Value)arith::AddIOp::create(b, l, a[1], p);
          linalg::YieldOp::create(b, l, s);
        });
    Value out = g.getResult(0);
    if (adaptor.getBias()) {
      Value bias = adaptor.getBias();
      out = buildElementwise(
          rewriter, loc, type, ValueRange{out},
          [&](OpBuilder &b, Location l, ValueRange a) {
            Value m = linalg::IndexOp::create(b, l, 1);
            Value bv = tensor::ExtractOp::create(b, l, bias, ValueRange{m});
            return isF(elt) ? (Value)arith::AddFOp::create(b, l, a[0], bv)
                            : (Value)arith::AddIOp::create(b, l, a[0], bv);
          });
    }
    rewriter.replaceOp(op, out);
    return success();
  }
};

} // namespace

namespace {

struct ResizeLowering : public OpConversionPattern<ResizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ResizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = staticResult(op);
    auto inType = staticOf(adaptor.getInput());
    if (!type || !inType)
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    FailureOr<ResizePlan> plan = planResize(op, inType, type);
    if (failed(plan))
      return rewriter.notifyMatchFailure(
          op, "mode not lowered yet (or scales not constant)");
    Value in = adaptor.getInput();
    Type elt = type.getElementType();
    rewriter.replaceOp(
        op, indexGeneric(rewriter, op.getLoc(), type,
                         [&](OpBuilder &b, Location l, ValueRange iv) {
                           return buildResizeElement(
                               b, l, *plan, inType, type, elt, iv,
                               [&](ArrayRef<Value> idx) -> Value {
                                 return tensor::ExtractOp::create(b, l, in,
                                                                  idx);
                               });
                         }));
    return success();
  }
};

struct GatherNDLowering : public OpConversionPattern<GatherNDOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherNDOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = staticResult(op);
    auto inType = staticOf(adaptor.getInput());
    auto idxType = staticOf(adaptor.getIndices());
    if (!type || !inType || !idxType)
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    int64_t bd = op.getBatchDims();
    int64_t q = idxType.getRank(), depth = idxType.getDimSize(q - 1);
    Value in = adaptor.getInput(), indices = adaptor.getIndices();
    rewriter.replaceOp(
        op,
        indexGeneric(rewriter, op.getLoc(), type,
                     [&](OpBuilder &b, Location l, ValueRange iv) {
                       // out[i0..i(q-2), rest...] = in[i0..i(bd-1),
                       // idx[i0..i(q-2), :], rest...]
                       SmallVector<Value> at(iv.begin(), iv.begin() + (q - 1));
                       SmallVector<Value> inIdx(iv.begin(), iv.begin() + bd);
                       for (int64_t j = 0; j < depth; ++j) {
                         SmallVector<Value> ii(at);
                         ii.push_back(indexConstant(b, l, j));
                         Value v = tensor::ExtractOp::create(b, l, indices, ii);
                         inIdx.push_back(wrapIndex(
                             b, l, v, inType.getDimSize(bd + j), op, bd + j));
                       }
                       for (int64_t k = q - 1; k < (int64_t)iv.size(); ++k)
                         inIdx.push_back(iv[k]);
                       return (Value)tensor::ExtractOp::create(b, l, in, inIdx);
                     }));
    return success();
  }
};

} // namespace

namespace {

/// Scatters run in order (later updates win or combine): a loop nest over
/// the updates carrying the result tensor.
template <typename OpTy>
struct ScatterLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    constexpr bool nd = std::is_same_v<OpTy, ScatterNDOp>;
    auto type = staticResult(op);
    auto idxType = staticOf(adaptor.getIndices());
    auto upType = staticOf(adaptor.getUpdates());
    StringRef reduction = op.getReduction();
    if (!type || !idxType || !upType ||
        !llvm::is_contained(
            ArrayRef<StringRef>{"none", "add", "mul", "max", "min"}, reduction))
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Location loc = op.getLoc();
    bool u = isUnsigned(op.getType());
    int64_t rank = type.getRank();
    Value indices = adaptor.getIndices(), updates = adaptor.getUpdates();
    // Loop over every element of `updates`.
    SmallVector<Value> lbs, ubs, steps;
    for (int64_t d : upType.getShape()) {
      lbs.push_back(indexConstant(rewriter, loc, 0));
      ubs.push_back(indexConstant(rewriter, loc, d));
      steps.push_back(indexConstant(rewriter, loc, 1));
    }
    int64_t axis = 0;
    if constexpr (!nd) {
      axis = static_cast<int64_t>(op.getAxis());
      if (axis < 0)
        axis += rank;
    }
    int64_t q = idxType.getRank();
    int64_t depth = nd ? idxType.getDimSize(q - 1) : 0;
    auto nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{adaptor.getInput()},
        [&](OpBuilder &b, Location l, ValueRange ivs,
            ValueRange acc) -> scf::ValueVector {
          SmallVector<Value> dst;
          if constexpr (nd) {
            // updates[i0..i(q-2), rest...] -> data[idx[i0..i(q-2), :], rest...]
            SmallVector<Value> at(ivs.begin(), ivs.begin() + (q - 1));
            for (int64_t j = 0; j < depth; ++j) {
              SmallVector<Value> ii(at);
              ii.push_back(indexConstant(b, l, j));
              dst.push_back(
                  wrapIndex(b, l, tensor::ExtractOp::create(b, l, indices, ii),
                            type.getDimSize(j), op, j));
            }
            for (int64_t k = q - 1; k < (int64_t)ivs.size(); ++k)
              dst.push_back(ivs[k]);
          } else {
            dst.assign(ivs.begin(), ivs.end());
            dst[axis] =
                wrapIndex(b, l, tensor::ExtractOp::create(b, l, indices, ivs),
                          type.getDimSize(axis), op, axis);
          }
          Value upd = tensor::ExtractOp::create(b, l, updates, ivs);
          Value old = tensor::ExtractOp::create(b, l, acc[0], dst);
          Value v = combineScatter(b, l, reduction, old, upd, u);
          return {tensor::InsertOp::create(b, l, v, acc[0], dst).getResult()};
        });
    rewriter.replaceOp(op, nest.results[0]);
    return success();
  }
};

/// TopK by ranking: the output at position j along the axis is the element
/// with exactly j better elements before it in order (larger, or equal with
/// a lower index). Quadratic in the axis length; a reference, not a sort.
struct TopKLowering : public OpConversionPattern<TopKOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TopKOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto vType = staticResult(op, 0);
    auto iType = staticResult(op, 1);
    auto inType = staticOf(adaptor.getInput());
    if (!vType || !iType || !inType)
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Location loc = op.getLoc();
    int64_t rank = inType.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    int64_t n = inType.getDimSize(axis);
    bool largest = op.getLargest() != 0;
    bool u = isUnsigned(op.getInput().getType());
    Type elt = vType.getElementType();
    Value in = adaptor.getInput();
    Value vInit = emptyTensor(rewriter, loc, vType);
    Value iInit = emptyTensor(rewriter, loc, iType);
    auto g = linalg::GenericOp::create(
        rewriter, loc, TypeRange{vType, iType}, ValueRange{},
        ValueRange{vInit, iInit},
        SmallVector<AffineMap>{rewriter.getMultiDimIdentityMap(rank),
                               rewriter.getMultiDimIdentityMap(rank)},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> ivs;
          for (int64_t i = 0; i < rank; ++i)
            ivs.push_back(linalg::IndexOp::create(b, l, i));
          Value j = ivs[axis];
          auto better = [&](OpBuilder &nb, Value a, Value ia, Value c,
                            Value ic) {
            Value strict, eq;
            if (isF(elt)) {
              strict =
                  arith::CmpFOp::create(nb, l,
                                        largest ? arith::CmpFPredicate::OGT
                                                : arith::CmpFPredicate::OLT,
                                        a, c);
              eq =
                  arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OEQ, a, c);
            } else {
              strict = arith::CmpIOp::create(
                  nb, l,
                  largest ? (u ? arith::CmpIPredicate::ugt
                               : arith::CmpIPredicate::sgt)
                          : (u ? arith::CmpIPredicate::ult
                               : arith::CmpIPredicate::slt),
                  a, c);
              eq = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq, a, c);
            }
            Value lower =
                arith::CmpIOp::create(nb, l, arith::CmpIPredicate::ult, ia, ic);
            return (Value)arith::OrIOp::create(
                nb, l, strict, arith::AndIOp::create(nb, l, eq, lower));
          };
          Value zero = indexConstant(b, l, 0), one = indexConstant(b, l, 1),
                end = indexConstant(b, l, n);
          Value v0 = scalarConstant(b, l, elt, 0);
          Value i0 = scalarConstant(b, l, b.getI64Type(), 0);
          auto outer = scf::ForOp::create(
              b, l, zero, end, one, ValueRange{v0, i0},
              [&](OpBuilder &ob, Location ol, Value ci, ValueRange acc) {
                SmallVector<Value> at(ivs);
                at[axis] = ci;
                Value cv = tensor::ExtractOp::create(ob, ol, in, at);
                auto inner = scf::ForOp::create(
                    ob, ol, zero, end, one,
                    ValueRange{indexConstant(ob, ol, 0)},
                    [&](OpBuilder &ib, Location il, Value mi, ValueRange cnt) {
                      SmallVector<Value> mat(ivs);
                      mat[axis] = mi;
                      Value mv = tensor::ExtractOp::create(ib, il, in, mat);
                      Value bt = better(ib, mv, mi, cv, ci);
                      Value inc = arith::SelectOp::create(
                          ib, il, bt, indexConstant(ib, il, 1),
                          indexConstant(ib, il, 0));
                      scf::YieldOp::create(ib, il,
                                           ValueRange{arith::AddIOp::create(
                                               ib, il, cnt[0], inc)});
                    });
                Value hit = arith::CmpIOp::create(
                    ob, ol, arith::CmpIPredicate::eq, inner.getResult(0), j);
                Value ci64 =
                    arith::IndexCastOp::create(ob, ol, ob.getI64Type(), ci);
                scf::YieldOp::create(
                    ob, ol,
                    ValueRange{
                        arith::SelectOp::create(ob, ol, hit, cv, acc[0]),
                        arith::SelectOp::create(ob, ol, hit, ci64, acc[1])});
              });
          linalg::YieldOp::create(b, l, outer.getResults());
        });
    rewriter.replaceOp(op, g.getResults());
    return success();
  }
};

} // namespace

namespace {

/// Einsum: one loop per label (an ellipsis expanded into labels), output
/// labels parallel, the rest reduced; each input indexed by its labels (a
/// repeated label reads a diagonal, a dimension of size 1 broadcasts).
struct EinsumLowering : public OpConversionPattern<EinsumOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(EinsumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = staticResult(op);
    if (!type)
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    FailureOr<EinsumPlan> plan =
        planEinsum(op.getEquation(), adaptor.getInputs().getTypes());
    if (failed(plan))
      return rewriter.notifyMatchFailure(op, "a bad equation");
    ArrayRef<std::string> terms = plan->terms;
    const std::string &out = plan->out, &loops = plan->loops;
    MLIRContext *ctx = rewriter.getContext();
    int64_t numLoops = loops.size();
    auto dimOf = [&](char c) { return getAffineDimExpr(loops.find(c), ctx); };
    SmallVector<AffineMap> maps;
    for (auto [t, v] : llvm::zip(terms, adaptor.getInputs())) {
      if (!staticOf(v))
        return rewriter.notifyMatchFailure(op, "needs static shapes");
      // A dimension of size 1 where the label is longer broadcasts.
      SmallVector<AffineExpr> e;
      for (auto [c, d] :
           llvm::zip(t, cast<RankedTensorType>(v.getType()).getShape()))
        e.push_back(d == 1 && plan->extent.lookup(c) != 1
                        ? getAffineConstantExpr(0, ctx)
                        : dimOf(c));
      maps.push_back(AffineMap::get(numLoops, 0, e, ctx));
    }
    SmallVector<AffineExpr> oe;
    for (char c : out)
      oe.push_back(dimOf(c));
    maps.push_back(AffineMap::get(numLoops, 0, oe, ctx));
    SmallVector<utils::IteratorType> iters;
    for (int64_t i = 0; i < numLoops; ++i)
      iters.push_back(i < (int64_t)out.size() ? utils::IteratorType::parallel
                                              : utils::IteratorType::reduction);
    Type elt = type.getElementType();
    Location loc = op.getLoc();
    Value init = filledTensor(rewriter, loc, type,
                              scalarConstant(rewriter, loc, elt, 0));
    auto g = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, adaptor.getInputs(), ValueRange{init},
        maps, iters, [&](OpBuilder &b, Location l, ValueRange a) {
          Value p = a[0];
          for (Value v : a.drop_front().drop_back())
            p = isF(elt) ? (Value)arith::MulFOp::create(b, l, p, v)
                         : (Value)arith::MulIOp::create(b, l, p, v);
          Value s = isF(elt) ? (Value)arith::AddFOp::create(b, l, a.back(), p)
                             : (Value)arith::AddIOp::create(b, l, a.back(), p);
          linalg::YieldOp::create(b, l, s);
        });
    rewriter.replaceOp(op, g.getResult(0));
    return success();
  }
};

} // namespace

void lowering::populateMorePatterns(RewritePatternSet &patterns) {
  patterns.add<TriluLowering, CumSumLowering, HardmaxLowering,
               SpaceDepthLowering<DepthToSpaceOp>,
               SpaceDepthLowering<SpaceToDepthOp>, EyeLikeLowering,
               OneHotLowering, QuantizeLowering, DequantizeLowering,
               LRNLowering, ConvTransposeLowering, ResizeLowering,
               GatherNDLowering, ScatterLowering<ScatterElementsOp>,
               ScatterLowering<ScatterNDOp>, TopKLowering, EinsumLowering>(
      getSignlessTypeConverter(), patterns.getContext());
}
