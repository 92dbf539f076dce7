//===- RTToLinalg.cpp - rt to linalg/tensor/arith/math --------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// The reference lowering of the rt dialect: element-wise ops, matrix
// products and data movement. Convolutions, pooling, reductions and
// normalizations are in RTToLinalgNN.cpp.
//
//===----------------------------------------------------------------------===//

#include "rt/Conversion/RTToLinalg/RTToLinalg.h"
#include "rt/Conversion/RTToLinalg/LoweringUtils.h"
#include "rt/Dialect/RT/IR/NodeName.h"
#include "rt/Dialect/RT/IR/RTOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>
#include <functional>

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_CONVERTRTTOLINALGPASS
#define GEN_PASS_DEF_RTINDEXCHECKPASS
#include "rt/Conversion/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;
using namespace mlir::rt::lowering;

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

Value lowering::emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                            ValueRange dynSizes) {
  return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType(),
                                 dynSizes);
}

Value lowering::filledTensor(OpBuilder &b, Location loc, RankedTensorType type,
                             Value value) {
  Value empty = emptyTensor(b, loc, type);
  return linalg::FillOp::create(b, loc, value, empty).getResult(0);
}

RankedTensorType lowering::signlessTensor(Type t) {
  auto r = dyn_cast<RankedTensorType>(t);
  if (!r)
    return {};
  return RankedTensorType::get(r.getShape(), signlessType(r.getElementType()));
}

namespace {
struct SignlessTypeConverter : public TypeConverter {
  SignlessTypeConverter() {
    addConversion([](Type t) { return t; });
    addConversion(
        [](RankedTensorType t) -> Type { return lowering::signlessTensor(t); });
    addConversion([](IntegerType t) -> Type { return signlessType(t); });
    auto cast = [](OpBuilder &b, Type type, ValueRange inputs,
                   Location loc) -> Value {
      return UnrealizedConversionCastOp::create(b, loc, type, inputs)
          .getResult(0);
    };
    addSourceMaterialization(cast);
    addTargetMaterialization(cast);
  }
};
} // namespace

const TypeConverter &lowering::getSignlessTypeConverter() {
  static SignlessTypeConverter converter;
  return converter;
}

Value lowering::buildElementwise(OpBuilder &b, Location loc,
                                 RankedTensorType resultType, ValueRange inputs,
                                 ScalarFn fn) {
  int64_t rank = resultType.getRank();
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  SmallVector<Value> dynSizes;
  SmallVector<Value> dynSource(rank);
  for (Value in : inputs) {
    auto t = cast<RankedTensorType>(in.getType());
    int64_t off = rank - t.getRank();
    SmallVector<AffineExpr> exprs;
    for (int64_t j = 0; j < t.getRank(); ++j) {
      int64_t d = t.getDimSize(j);
      int64_t r = resultType.getDimSize(off + j);
      if (d == 1 && r != 1) {
        exprs.push_back(getAffineConstantExpr(0, ctx));
      } else {
        exprs.push_back(getAffineDimExpr(off + j, ctx));
        if (ShapedType::isDynamic(d) && !dynSource[off + j])
          dynSource[off + j] = tensor::DimOp::create(b, loc, in, j);
      }
    }
    maps.push_back(AffineMap::get(rank, 0, exprs, ctx));
  }
  for (int64_t i = 0; i < rank; ++i)
    if (resultType.isDynamicDim(i))
      dynSizes.push_back(dynSource[i]);
  maps.push_back(b.getMultiDimIdentityMap(rank));
  Value init = emptyTensor(b, loc, resultType, dynSizes);
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps, iters,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value r = fn(nb, nloc, args.drop_back());
        linalg::YieldOp::create(nb, nloc, r);
      });
  return generic.getResult(0);
}

Value lowering::indexGeneric(
    OpBuilder &b, Location loc, RankedTensorType type,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  int64_t rank = type.getRank();
  Value init = emptyTensor(b, loc, type);
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, ValueRange{}, ValueRange{init},
             SmallVector<AffineMap>{b.getMultiDimIdentityMap(rank)},
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [&](OpBuilder &nb, Location nl, ValueRange) {
               SmallVector<Value> ivs;
               for (int64_t i = 0; i < rank; ++i)
                 ivs.push_back(linalg::IndexOp::create(nb, nl, i));
               linalg::YieldOp::create(nb, nl, body(nb, nl, ivs));
             })
      .getResult(0);
}

Value lowering::reshapeStatic(OpBuilder &b, Location loc, Value v,
                              RankedTensorType type) {
  auto src = cast<RankedTensorType>(v.getType());
  if (src == type)
    return v;
  auto flatType =
      RankedTensorType::get({src.getNumElements()}, src.getElementType());
  Value flat = v;
  if (src.getRank() == 0) {
    flat = tensor::ExpandShapeOp::create(b, loc, flatType, v,
                                         SmallVector<ReassociationIndices>{});
  } else if (src.getRank() != 1) {
    SmallVector<ReassociationIndices> all(1);
    for (int64_t i = 0; i < src.getRank(); ++i)
      all[0].push_back(i);
    flat = tensor::CollapseShapeOp::create(b, loc, flatType, v, all);
  }
  if (type.getRank() == 1)
    return flat;
  if (type.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, type, flat,
                                           SmallVector<ReassociationIndices>{});
  SmallVector<ReassociationIndices> all(1);
  for (int64_t i = 0; i < type.getRank(); ++i)
    all[0].push_back(i);
  return tensor::ExpandShapeOp::create(b, loc, type, flat, all);
}

namespace {

//===----------------------------------------------------------------------===//
// Element-wise ops
//===----------------------------------------------------------------------===//

/// An element-wise op as a linalg.generic over its (broadcast) operands,
/// each element computed by the op's scalar semantics
/// (buildScalarElementwise, shared with the GPU emitter); one pattern per op
/// name.
struct ElementwisePattern : public ConversionPattern {
  ElementwisePattern(StringRef opName, MLIRContext *ctx)
      : ConversionPattern(getSignlessTypeConverter(), opName, /*benefit=*/1,
                          ctx) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op->getResult(0).getType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "result is unranked");
    for (Value v : operands)
      if (!isa<RankedTensorType>(v.getType()))
        return rewriter.notifyMatchFailure(op, "operand is unranked");
    Value r =
        buildElementwise(rewriter, op->getLoc(), type, operands,
                         [&](OpBuilder &b, Location loc, ValueRange args) {
                           return buildScalarElementwise(b, loc, op, args,
                                                         type.getElementType());
                         });
    rewriter.replaceOp(op, r);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

struct ConstantLowering : public OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto value = dyn_cast<TypedAttr>(op.getValue());
    if (!value)
      return rewriter.notifyMatchFailure(op, "untyped constant");
    auto type = signlessTensor(op.getType());
    if (type && type != op.getType()) {
      // Same bits, signless element type.
      if (auto dense = dyn_cast<DenseElementsAttr>(value))
        value = dense.bitcast(type.getElementType());
      else if (auto res = dyn_cast<DenseResourceElementsAttr>(value))
        value = DenseResourceElementsAttr::get(type, res.getRawHandle());
    }
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, value);
    return success();
  }
};

struct ConstantOfShapeLowering : public OpConversionPattern<ConstantOfShapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOfShapeOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op.getType());
    if (!type || !type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static shape");
    Location loc = op.getLoc();
    Value v;
    if (auto attr = op.getValueAttr()) {
      auto dense = dyn_cast<DenseElementsAttr>(attr);
      if (!dense)
        return rewriter.notifyMatchFailure(op, "value is not dense");
      auto scalarType =
          RankedTensorType::get({}, signlessType(type.getElementType()));
      Attribute first = dense.getValues<Attribute>()[0];
      if (auto ia = dyn_cast<IntegerAttr>(first))
        first = IntegerAttr::get(signlessType(ia.getType()), ia.getValue());
      v = arith::ConstantOp::create(rewriter, loc, cast<TypedAttr>(first));
      (void)scalarType;
    } else {
      v = scalarConstant(rewriter, loc, type.getElementType(), 0);
    }
    rewriter.replaceOp(op, filledTensor(rewriter, loc, type, v));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Matrix products
//===----------------------------------------------------------------------===//

/// out[b..., m, n] += lhs[b..., m, k] * rhs[b..., k, n] with NumPy matmul
/// broadcasting and 1-D promotion.
static FailureOr<Value> buildMatMul(OpBuilder &b, Location loc, Value lhs,
                                    Value rhs, RankedTensorType resultType) {
  auto lt = cast<RankedTensorType>(lhs.getType());
  auto rt = cast<RankedTensorType>(rhs.getType());
  MLIRContext *ctx = b.getContext();
  bool lVec = lt.getRank() == 1, rVec = rt.getRank() == 1;
  int64_t outRank = resultType.getRank();
  int64_t batchRank = outRank - (lVec ? 0 : 1) - (rVec ? 0 : 1);
  int64_t numLoops = outRank + 1; // + k
  int64_t kDim = numLoops - 1;
  int64_t mDim = lVec ? -1 : batchRank;
  int64_t nDim = rVec ? -1 : batchRank + (lVec ? 0 : 1);
  auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
  auto batchExprs = [&](RankedTensorType t, int64_t matRank) {
    SmallVector<AffineExpr> e;
    int64_t tb = t.getRank() - matRank;
    for (int64_t j = 0; j < tb; ++j) {
      int64_t od = batchRank - tb + j;
      if (t.getDimSize(j) == 1 && resultType.getDimSize(od) != 1)
        e.push_back(getAffineConstantExpr(0, ctx));
      else
        e.push_back(d(od));
    }
    return e;
  };
  SmallVector<AffineExpr> le = batchExprs(lt, lVec ? 1 : 2);
  if (!lVec)
    le.push_back(d(mDim));
  le.push_back(d(kDim));
  SmallVector<AffineExpr> re = batchExprs(rt, rVec ? 1 : 2);
  re.push_back(d(kDim));
  if (!rVec)
    re.push_back(d(nDim));
  SmallVector<AffineExpr> oe;
  for (int64_t i = 0; i < outRank; ++i)
    oe.push_back(d(i));
  SmallVector<AffineMap> maps{AffineMap::get(numLoops, 0, le, ctx),
                              AffineMap::get(numLoops, 0, re, ctx),
                              AffineMap::get(numLoops, 0, oe, ctx)};
  SmallVector<utils::IteratorType> iters(numLoops,
                                         utils::IteratorType::parallel);
  iters[kDim] = utils::IteratorType::reduction;
  if (!resultType.hasStaticShape())
    return failure();
  Type elt = resultType.getElementType();
  Value init = filledTensor(b, loc, resultType, scalarConstant(b, loc, elt, 0));
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, ValueRange{lhs, rhs}, ValueRange{init},
      maps, iters, [&](OpBuilder &nb, Location nl, ValueRange a) {
        Value r =
            isF(elt)
                ? (Value)arith::AddFOp::create(
                      nb, nl, a[2], arith::MulFOp::create(nb, nl, a[0], a[1]))
                : (Value)arith::AddIOp::create(
                      nb, nl, a[2], arith::MulIOp::create(nb, nl, a[0], a[1]));
        linalg::YieldOp::create(nb, nl, r);
      });
  return generic.getResult(0);
}

struct MatMulLowering : public OpConversionPattern<MatMulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op.getType());
    if (!type || !type.hasStaticShape() ||
        !cast<ShapedType>(adaptor.getLhs().getType()).hasStaticShape() ||
        !cast<ShapedType>(adaptor.getRhs().getType()).hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    FailureOr<Value> r = buildMatMul(rewriter, op.getLoc(), adaptor.getLhs(),
                                     adaptor.getRhs(), type);
    if (failed(r))
      return failure();
    rewriter.replaceOp(op, *r);
    return success();
  }
};

struct GemmLowering : public OpConversionPattern<GemmOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GemmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op.getType());
    auto at = dyn_cast<RankedTensorType>(adaptor.getA().getType());
    auto bt = dyn_cast<RankedTensorType>(adaptor.getB().getType());
    if (!type || !type.hasStaticShape() || !at || !at.hasStaticShape() || !bt ||
        !bt.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Location loc = op.getLoc();
    Value a = adaptor.getA(), b = adaptor.getB();
    auto transpose = [&](Value v) -> Value {
      auto t = cast<RankedTensorType>(v.getType());
      auto tt = RankedTensorType::get({t.getDimSize(1), t.getDimSize(0)},
                                      t.getElementType());
      Value init = emptyTensor(rewriter, loc, tt);
      return linalg::TransposeOp::create(rewriter, loc, v, init,
                                         ArrayRef<int64_t>{1, 0})
          .getResult()[0];
    };
    if (op.getTransA())
      a = transpose(a);
    if (op.getTransB())
      b = transpose(b);
    FailureOr<Value> mm = buildMatMul(rewriter, loc, a, b, type);
    if (failed(mm))
      return failure();
    double alpha = op.getAlpha().convertToDouble();
    double beta = op.getBeta().convertToDouble();
    Type elt = type.getElementType();
    SmallVector<Value> ins{*mm};
    if (adaptor.getC())
      ins.push_back(adaptor.getC());
    Value r = buildElementwise(
        rewriter, loc, type, ins,
        [&](OpBuilder &nb, Location nl, ValueRange v) {
          Value acc = v[0];
          if (alpha != 1.0)
            acc = isF(elt)
                      ? (Value)arith::MulFOp::create(
                            nb, nl, acc, scalarConstant(nb, nl, elt, alpha))
                      : (Value)arith::MulIOp::create(
                            nb, nl, acc, scalarConstant(nb, nl, elt, alpha));
          if (v.size() > 1) {
            Value c = v[1];
            if (beta != 1.0)
              c = isF(elt) ? (Value)arith::MulFOp::create(
                                 nb, nl, c, scalarConstant(nb, nl, elt, beta))
                           : (Value)arith::MulIOp::create(
                                 nb, nl, c, scalarConstant(nb, nl, elt, beta));
            acc = isF(elt) ? (Value)arith::AddFOp::create(nb, nl, acc, c)
                           : (Value)arith::AddIOp::create(nb, nl, acc, c);
          }
          return acc;
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

/// Reshape-like ops on static shapes (data order unchanged).
template <typename OpTy>
struct ReshapeLikeLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op->getResult(0).getType());
    Value in = adaptor.getOperands()[0];
    auto inType = dyn_cast<RankedTensorType>(in.getType());
    if (!type || !type.hasStaticShape() || !inType || !inType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    rewriter.replaceOp(op, reshapeStatic(rewriter, op.getLoc(), in, type));
    return success();
  }
};

struct TransposeLowering : public OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op.getType());
    auto inType = dyn_cast<RankedTensorType>(adaptor.getInput().getType());
    if (!type || !inType || !type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    SmallVector<int64_t> perm =
        transposePermutation(op.getPerm(), inType.getRank());
    Value init = emptyTensor(rewriter, op.getLoc(), type);
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, op.getLoc(),
                                                       adaptor.getInput(), init,
                                                       perm)
                               .getResult()[0]);
    return success();
  }
};

struct ExpandLowering : public OpConversionPattern<ExpandOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ExpandOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op.getType());
    if (!type || !type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    rewriter.replaceOp(op, buildElementwise(rewriter, op.getLoc(), type,
                                            adaptor.getInput(),
                                            [](OpBuilder &, Location,
                                               ValueRange a) { return a[0]; }));
    return success();
  }
};

struct ConcatLowering : public OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op.getType());
    if (!type || !type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += type.getRank();
    Location loc = op.getLoc();
    Value result = emptyTensor(rewriter, loc, type);
    int64_t offset = 0;
    for (Value in : adaptor.getInputs()) {
      auto t = cast<RankedTensorType>(in.getType());
      if (!t.hasStaticShape())
        return rewriter.notifyMatchFailure(op, "needs static shapes");
      SmallVector<OpFoldResult> offsets(type.getRank(),
                                        rewriter.getIndexAttr(0));
      offsets[axis] = rewriter.getIndexAttr(offset);
      SmallVector<OpFoldResult> sizes,
          strides(type.getRank(), rewriter.getIndexAttr(1));
      for (int64_t s : t.getShape())
        sizes.push_back(rewriter.getIndexAttr(s));
      if (t.getNumElements() > 0)
        result = tensor::InsertSliceOp::create(rewriter, loc, in, result,
                                               offsets, sizes, strides);
      offset += t.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SplitLowering : public OpConversionPattern<SplitOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SplitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto inType = dyn_cast<RankedTensorType>(adaptor.getInput().getType());
    if (!inType || !inType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += inType.getRank();
    SmallVector<Value> results;
    int64_t offset = 0;
    for (Value r : op.getOutputs()) {
      auto t = signlessTensor(r.getType());
      if (!t || !t.hasStaticShape())
        return rewriter.notifyMatchFailure(op, "needs static shapes");
      SmallVector<OpFoldResult> offsets(t.getRank(), rewriter.getIndexAttr(0));
      offsets[axis] = rewriter.getIndexAttr(offset);
      SmallVector<OpFoldResult> sizes,
          strides(t.getRank(), rewriter.getIndexAttr(1));
      for (int64_t s : t.getShape())
        sizes.push_back(rewriter.getIndexAttr(s));
      // Empty pieces (zero-size splits) need no slice of the input.
      if (t.getNumElements() == 0)
        results.push_back(emptyTensor(rewriter, op.getLoc(), t));
      else
        results.push_back(tensor::ExtractSliceOp::create(
            rewriter, op.getLoc(), t, adaptor.getInput(), offsets, sizes,
            strides));
      offset += t.getDimSize(axis);
    }
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct SliceLowering : public OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op.getType());
    auto inType = dyn_cast<RankedTensorType>(adaptor.getInput().getType());
    SmallVector<int64_t> ends, begin, stride;
    if (!type || !type.hasStaticShape() || !inType ||
        !inType.hasStaticShape() || !getConstantIntValues(op.getEnds(), ends) ||
        failed(getStaticSliceBounds(op, begin, stride)))
      return rewriter.notifyMatchFailure(op, "needs static shapes and "
                                             "constant slice parameters");
    int64_t rank = inType.getRank();
    Location loc = op.getLoc();
    if (type.getNumElements() == 0) {
      rewriter.replaceOp(op, emptyTensor(rewriter, loc, type));
      return success();
    }
    // Positive steps: a strided extract_slice. Negative ones: a gather-like
    // generic reading input[begin + i * step].
    if (llvm::all_of(stride, [](int64_t s) { return s > 0; })) {
      SmallVector<OpFoldResult> o, s, st;
      for (int64_t i = 0; i < rank; ++i) {
        o.push_back(rewriter.getIndexAttr(begin[i]));
        s.push_back(rewriter.getIndexAttr(type.getDimSize(i)));
        st.push_back(rewriter.getIndexAttr(stride[i]));
      }
      rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
          op, type, adaptor.getInput(), o, s, st);
      return success();
    }
    Value in = adaptor.getInput();
    rewriter.replaceOp(
        op,
        indexGeneric(
            rewriter, loc, type, [&](OpBuilder &b, Location l, ValueRange ivs) {
              SmallVector<Value> indices;
              for (int64_t i = 0; i < rank; ++i)
                indices.push_back(arith::AddIOp::create(
                    b, l, indexConstant(b, l, begin[i]),
                    arith::MulIOp::create(b, l, ivs[i],
                                          indexConstant(b, l, stride[i]))));
              return (Value)tensor::ExtractOp::create(b, l, in, indices);
            }));
    return success();
  }
};

struct GatherLowering : public OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op.getType());
    auto inType = dyn_cast<RankedTensorType>(adaptor.getInput().getType());
    auto idxType = dyn_cast<RankedTensorType>(adaptor.getIndices().getType());
    if (!type || !type.hasStaticShape() || !inType ||
        !inType.hasStaticShape() || !idxType)
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += inType.getRank();
    int64_t q = idxType.getRank();
    int64_t rank = type.getRank();
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineExpr> idxExprs;
    for (int64_t j = 0; j < q; ++j)
      idxExprs.push_back(getAffineDimExpr(axis + j, ctx));
    Location loc = op.getLoc();
    Value in = adaptor.getInput();
    Value init = emptyTensor(rewriter, loc, type);
    SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{adaptor.getIndices()},
        ValueRange{init},
        SmallVector<AffineMap>{AffineMap::get(rank, 0, idxExprs, ctx),
                               rewriter.getMultiDimIdentityMap(rank)},
        iters, [&](OpBuilder &b, Location l, ValueRange args) {
          SmallVector<Value> indices;
          for (int64_t i = 0; i < axis; ++i)
            indices.push_back(linalg::IndexOp::create(b, l, i));
          indices.push_back(
              wrapIndex(b, l, args[0], inType.getDimSize(axis), op, axis));
          for (int64_t i = axis + 1; i < inType.getRank(); ++i)
            indices.push_back(linalg::IndexOp::create(b, l, i - 1 + q));
          Value e = tensor::ExtractOp::create(b, l, in, indices);
          linalg::YieldOp::create(b, l, e);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct GatherElementsLowering : public OpConversionPattern<GatherElementsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op.getType());
    auto inType = dyn_cast<RankedTensorType>(adaptor.getInput().getType());
    if (!type || !type.hasStaticShape() || !inType || !inType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += inType.getRank();
    int64_t rank = type.getRank();
    Location loc = op.getLoc();
    Value in = adaptor.getInput();
    Value init = emptyTensor(rewriter, loc, type);
    SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{adaptor.getIndices()},
        ValueRange{init},
        SmallVector<AffineMap>{rewriter.getMultiDimIdentityMap(rank),
                               rewriter.getMultiDimIdentityMap(rank)},
        iters, [&](OpBuilder &b, Location l, ValueRange args) {
          SmallVector<Value> indices;
          for (int64_t i = 0; i < rank; ++i)
            indices.push_back(i == axis
                                  ? wrapIndex(b, l, args[0],
                                              inType.getDimSize(axis), op, axis)
                                  : (Value)linalg::IndexOp::create(b, l, i));
          Value e = tensor::ExtractOp::create(b, l, in, indices);
          linalg::YieldOp::create(b, l, e);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct TileLowering : public OpConversionPattern<TileOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TileOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op.getType());
    auto inType = dyn_cast<RankedTensorType>(adaptor.getInput().getType());
    if (!type || !type.hasStaticShape() || !inType || !inType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Value in = adaptor.getInput();
    rewriter.replaceOp(
        op, indexGeneric(
                rewriter, op.getLoc(), type,
                [&](OpBuilder &b, Location l, ValueRange ivs) {
                  SmallVector<Value> indices;
                  for (auto [i, iv] : llvm::enumerate(ivs))
                    indices.push_back(arith::RemUIOp::create(
                        b, l, iv, indexConstant(b, l, inType.getDimSize(i))));
                  return (Value)tensor::ExtractOp::create(b, l, in, indices);
                }));
    return success();
  }
};

struct PadLowering : public OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op.getType());
    auto inType = dyn_cast<RankedTensorType>(adaptor.getInput().getType());
    SmallVector<int64_t> pads, axes;
    if (!type || !type.hasStaticShape() || !inType ||
        !inType.hasStaticShape() || !getConstantIntValues(op.getPads(), pads) ||
        (op.getAxes() && !getConstantIntValues(op.getAxes(), axes)))
      return rewriter.notifyMatchFailure(op, "needs static shapes and "
                                             "constant pads");
    int64_t rank = inType.getRank();
    if (axes.empty())
      for (int64_t i = 0; i < rank; ++i)
        axes.push_back(i);
    SmallVector<int64_t> lo(rank, 0);
    for (auto [i, a] : llvm::enumerate(axes))
      lo[a < 0 ? a + rank : a] = pads[i];
    Location loc = op.getLoc();
    Type elt = type.getElementType();
    Value padValue;
    if (op.getConstantValue()) {
      padValue = tensor::ExtractOp::create(
          rewriter, loc, adaptor.getConstantValue(),
          SmallVector<Value>(
              cast<RankedTensorType>(adaptor.getConstantValue().getType())
                  .getRank(),
              indexConstant(rewriter, loc, 0)));
    } else {
      padValue = scalarConstant(rewriter, loc, elt, 0);
    }
    StringRef mode = op.getMode();
    Value in = adaptor.getInput();
    // out[i] = in[map(i - lo)] where map handles the mode; out of range in
    // constant mode gives the pad value.
    Value init = emptyTensor(rewriter, loc, type);
    SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{}, ValueRange{init},
        SmallVector<AffineMap>{rewriter.getMultiDimIdentityMap(rank)}, iters,
        [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> indices;
          Value inBounds = scalarConstant(b, l, b.getI1Type(), 1);
          for (int64_t i = 0; i < rank; ++i) {
            int64_t n = inType.getDimSize(i);
            Value p =
                arith::SubIOp::create(b, l, linalg::IndexOp::create(b, l, i),
                                      indexConstant(b, l, lo[i]));
            Value zero = indexConstant(b, l, 0),
                  last = indexConstant(b, l, n - 1);
            Value lt0 =
                arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, p, zero);
            Value gtN =
                arith::CmpIOp::create(b, l, arith::CmpIPredicate::sgt, p, last);
            if (mode == "constant") {
              Value ok = arith::AndIOp::create(
                  b, l,
                  arith::XOrIOp::create(b, l, lt0,
                                        scalarConstant(b, l, b.getI1Type(), 1)),
                  arith::XOrIOp::create(
                      b, l, gtN, scalarConstant(b, l, b.getI1Type(), 1)));
              inBounds = arith::AndIOp::create(b, l, inBounds, ok);
              p = arith::MaxSIOp::create(
                  b, l, arith::MinSIOp::create(b, l, p, last), zero);
            } else if (mode == "edge") {
              p = arith::MaxSIOp::create(
                  b, l, arith::MinSIOp::create(b, l, p, last), zero);
            } else if (mode == "wrap") {
              Value nn = indexConstant(b, l, n);
              Value r = arith::RemSIOp::create(b, l, p, nn);
              Value rn = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt,
                                               r, zero);
              p = arith::SelectOp::create(
                  b, l, rn, arith::AddIOp::create(b, l, r, nn), r);
            } else { // reflect
              if (n == 1) {
                p = zero;
              } else {
                Value period = indexConstant(b, l, 2 * (n - 1));
                Value r = arith::RemSIOp::create(b, l, p, period);
                Value rn = arith::CmpIOp::create(
                    b, l, arith::CmpIPredicate::slt, r, zero);
                r = arith::SelectOp::create(
                    b, l, rn, arith::AddIOp::create(b, l, r, period), r);
                Value over = arith::CmpIOp::create(
                    b, l, arith::CmpIPredicate::sgt, r, last);
                p = arith::SelectOp::create(
                    b, l, over, arith::SubIOp::create(b, l, period, r), r);
              }
            }
            indices.push_back(p);
          }
          Value e = tensor::ExtractOp::create(b, l, in, indices);
          if (mode == "constant")
            e = arith::SelectOp::create(b, l, inBounds, e, padValue);
          linalg::YieldOp::create(b, l, e);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct RangeLowering : public OpConversionPattern<RangeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RangeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op.getType());
    if (!type || !type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static length");
    Location loc = op.getLoc();
    Type elt = type.getElementType();
    auto scalar = [&](Value t) -> Value {
      auto tt = cast<RankedTensorType>(t.getType());
      return tensor::ExtractOp::create(
          rewriter, loc, t,
          SmallVector<Value>(tt.getRank(), indexConstant(rewriter, loc, 0)));
    };
    Value start = scalar(adaptor.getStart()),
          delta = scalar(adaptor.getDelta());
    rewriter.replaceOp(
        op,
        indexGeneric(
            rewriter, loc, type, [&](OpBuilder &b, Location l, ValueRange ivs) {
              Value i =
                  arith::IndexCastOp::create(b, l, b.getI64Type(), ivs[0]);
              Value iv = castScalar(b, l, i, signlessType(elt), false, false);
              return isF(elt) ? (Value)arith::AddFOp::create(
                                    b, l, start,
                                    arith::MulFOp::create(b, l, iv, delta))
                              : (Value)arith::AddIOp::create(
                                    b, l, start,
                                    arith::MulIOp::create(b, l, iv, delta));
            }));
    return success();
  }
};

/// Shape queries left after folding (static shapes fold away; this covers
/// results that are static while the operand is not).
struct ShapeLowering : public OpConversionPattern<ShapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ShapeOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    OpFoldResult f = op.fold(ShapeOp::FoldAdaptor({}, op));
    auto attr = dyn_cast_if_present<Attribute>(f);
    if (!attr)
      return rewriter.notifyMatchFailure(op, "shape of a dynamic tensor");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, cast<TypedAttr>(attr));
    return success();
  }
};

struct SizeLowering : public OpConversionPattern<SizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SizeOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    OpFoldResult f = op.fold(SizeOp::FoldAdaptor({}, op));
    auto attr = dyn_cast_if_present<Attribute>(f);
    if (!attr)
      return rewriter.notifyMatchFailure(op, "size of a dynamic tensor");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, cast<TypedAttr>(attr));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Pass
//===----------------------------------------------------------------------===//

struct ConvertRTToLinalgPass
    : public mlir::rt::impl::ConvertRTToLinalgPassBase<ConvertRTToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    if (auto module = getOperation()->getParentOfType<ModuleOp>())
      if (failed(lowering::verifyIndexCheckAttr(module)))
        return signalPassFailure();
    ConversionTarget target(*ctx);
    target.addLegalDialect<arith::ArithDialect, cf::ControlFlowDialect,
                           linalg::LinalgDialect, math::MathDialect,
                           tensor::TensorDialect, scf::SCFDialect,
                           func::FuncDialect>();
    target.addIllegalDialect<RTDialect>();
    const TypeConverter &converter = getSignlessTypeConverter();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp f) {
      return converter.isSignatureLegal(f.getFunctionType());
    });
    target.addDynamicallyLegalOp<func::ReturnOp, func::CallOp>(
        [&](Operation *op) { return converter.isLegal(op); });
    RewritePatternSet patterns(ctx);
    populateRTToLinalgPatterns(patterns);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    ConversionConfig config;
    // Remember which ops the driver could not legalize, to explain why.
    SmallVector<Location> failedLocs;
    LogicalResult result = failure();
    {
      ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &d) {
        if (d.getSeverity() == DiagnosticSeverity::Error &&
            StringRef(d.str()).starts_with("failed to legalize"))
          failedLocs.push_back(d.getLocation());
        return failure(); // Let it through to the next handler.
      });
      result = applyPartialConversion(getOperation(), target,
                                      std::move(patterns), config);
    }
    if (failed(result)) {
      getOperation().walk([&](Operation *op) {
        if (!isa<RTDialect>(op->getDialect()) ||
            !llvm::is_contained(failedLocs, op->getLoc()))
          return;
        bool dynamic = llvm::any_of(op->getResultTypes(), [](Type t) {
          auto s = dyn_cast<ShapedType>(t);
          return s && !s.hasStaticShape();
        });
        op->emitError() << "cannot lower '" << op->getName() << "' to linalg: "
                        << (dynamic ? "dynamic shapes are not supported for "
                                      "this op on the CPU path yet"
                                    : "no lowering for this op (or these "
                                      "operands) yet");
      });
      return signalPassFailure();
    }
  }
};

/// Sets rt.index_check on the module (see RTIndexCheckPass in Passes.td).
struct RTIndexCheckPass
    : public mlir::rt::impl::RTIndexCheckPassBase<RTIndexCheckPass> {
  using RTIndexCheckPassBase::RTIndexCheckPassBase;
  void runOnOperation() override {
    if (!isIndexCheckMode(mode)) {
      getOperation()->emitError()
          << "rt-index-check: mode must be clamp or trap, got '" << mode << "'";
      return signalPassFailure();
    }
    getOperation()->setAttr(kIndexCheckAttrName,
                            StringAttr::get(&getContext(), mode));
  }
};

} // namespace

void mlir::rt::populateRTToLinalgPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  for (StringRef name : getScalarElementwiseOpNames())
    patterns.add<ElementwisePattern>(name, ctx);
  patterns.add<ConstantLowering, ConstantOfShapeLowering, MatMulLowering,
               GemmLowering, TransposeLowering, ExpandLowering, ConcatLowering,
               SplitLowering, SliceLowering, GatherLowering,
               GatherElementsLowering, TileLowering, PadLowering, RangeLowering,
               ShapeLowering, SizeLowering, ReshapeLikeLowering<ReshapeOp>,
               ReshapeLikeLowering<FlattenOp>, ReshapeLikeLowering<SqueezeOp>,
               ReshapeLikeLowering<UnsqueezeOp>>(getSignlessTypeConverter(),
                                                 ctx);
  lowering::populateNNPatterns(patterns);
  lowering::populateMorePatterns(patterns);
}
