//===- FoldWeights.cpp - compile-time weight transforms
//--------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Folds what only depends on weights into new weights, so that no kernel
// spends time on it:
//   - BatchNormalization (inference) after a Conv: the per-channel scale
//     s / sqrt(var + eps) multiplies the filters, the shift goes into the
//     bias;
//   - per-channel Mul / Add by constants after a Conv (BatchNorm as
//     exporters sometimes decompose it): into the filters / the bias;
//   - Transpose of a constant (of any size; resource blobs included).
// Folded weights keep their element type; the arithmetic is done in double.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RT/Transforms/Utils.h"
#include "rt/Dialect/RT/Transforms/Passes.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_RTFOLDWEIGHTSPASS
#include "rt/Dialect/RT/Transforms/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;

/// A constant float tensor as doubles.
static std::optional<std::vector<double>> readFloats(Value v) {
  ElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  auto ft =
      dyn_cast<FloatType>(cast<ShapedType>(attr.getType()).getElementType());
  if (!ft)
    return std::nullopt;
  std::optional<std::vector<char>> bytes = getConstantBytes(attr);
  if (!bytes)
    return std::nullopt;
  unsigned eb = ft.getWidth() / 8;
  std::vector<double> out(bytes->size() / eb);
  for (size_t i = 0; i < out.size(); ++i) {
    APInt bitsInt(ft.getWidth(), 0);
    uint64_t word = 0;
    memcpy(&word, bytes->data() + i * eb, eb);
    bitsInt = APInt(ft.getWidth(), word);
    out[i] = APFloat(ft.getFloatSemantics(), bitsInt).convertToDouble();
  }
  return out;
}

/// A constant of `type` holding `values` (rounded to the element type).
static Value makeConstant(OpBuilder &b, Location loc, RankedTensorType type,
                          ArrayRef<double> values, StringRef key) {
  auto ft = cast<FloatType>(type.getElementType());
  unsigned eb = ft.getWidth() / 8;
  std::vector<char> bytes(values.size() * eb);
  for (size_t i = 0; i < values.size(); ++i) {
    APFloat f(values[i]);
    bool lost;
    f.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    uint64_t word = f.bitcastToAPInt().getZExtValue();
    memcpy(bytes.data() + i * eb, &word, eb);
  }
  ElementsAttr attr;
  if (values.size() <= 16) {
    attr = DenseElementsAttr::getFromRawBuffer(type, bytes);
  } else {
    AsmResourceBlob blob =
        HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, alignof(uint64_t));
    attr = DenseResourceElementsAttr::get(type, key, std::move(blob));
  }
  return ConstantOp::create(b, loc, attr);
}

/// Per-output-channel values of a constant that broadcasts against a
/// convolution result [N, M, ...] along M only (shapes [M, 1, ...],
/// [1, M, 1, ...], [1] or scalar), or std::nullopt.
static std::optional<std::vector<double>> perChannel(Value v, int64_t m,
                                                     int64_t outRank) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  if (!t || !t.hasStaticShape())
    return std::nullopt;
  std::optional<std::vector<double>> vals = readFloats(v);
  if (!vals)
    return std::nullopt;
  if (t.getNumElements() == 1)
    return std::vector<double>(m, (*vals)[0]);
  // Align the shape to the result's rank from the right.
  int64_t rank = t.getRank();
  if (rank > outRank || t.getNumElements() != m)
    return std::nullopt;
  // The dimension of `t` that lines up with the result's dimension 1; all
  // others are 1 (the element count is m).
  int64_t channelDim = 1 - (outRank - rank);
  if (channelDim < 0 || t.getDimSize(channelDim) != m)
    return std::nullopt;
  return vals;
}

namespace {
/// conv followed by a per-channel affine map y = conv * scale + shift.
struct FoldAffineIntoConv : public RewritePattern {
  FoldAffineIntoConv(MLIRContext *ctx)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    Value convOut;
    std::vector<double> scale, shift;
    auto conv = [&](Value v) { return v.getDefiningOp<ConvOp>(); };
    if (auto bn = dyn_cast<BatchNormalizationOp>(op)) {
      ConvOp c = conv(bn.getInput());
      if (!c)
        return failure();
      int64_t m = cast<RankedTensorType>(c.getType()).getDimSize(1);
      auto s = readFloats(bn.getScale()), b = readFloats(bn.getBias()),
           mu = readFloats(bn.getMean()), var = readFloats(bn.getVar());
      if (!s || !b || !mu || !var || (int64_t)s->size() != m ||
          (int64_t)b->size() != m || (int64_t)mu->size() != m ||
          (int64_t)var->size() != m)
        return failure();
      double eps = bn.getEpsilon().convertToDouble();
      for (int64_t i = 0; i < m; ++i) {
        double k = (*s)[i] / std::sqrt((*var)[i] + eps);
        scale.push_back(k);
        shift.push_back((*b)[i] - (*mu)[i] * k);
      }
      convOut = bn.getInput();
    } else if (isa<MulOp, AddOp>(op)) {
      Value lhs = op->getOperand(0), rhs = op->getOperand(1);
      if (!conv(lhs))
        std::swap(lhs, rhs);
      ConvOp c = conv(lhs);
      if (!c)
        return failure();
      auto ct = cast<RankedTensorType>(c.getType());
      if (!ct.hasStaticShape() || op->getResult(0).getType() != ct)
        return failure();
      int64_t m = ct.getDimSize(1);
      std::optional<std::vector<double>> k = perChannel(rhs, m, ct.getRank());
      if (!k)
        return failure();
      if (isa<MulOp>(op)) {
        scale = *k;
        shift.assign(m, 0.0);
      } else {
        scale.assign(m, 1.0);
        shift = *k;
      }
      convOut = lhs;
    } else {
      return failure();
    }
    ConvOp c = conv(convOut);
    if (c.getChannelsLast())
      return rewriter.notifyMatchFailure(op, "channels-last conv");
    if (!c->hasOneUse())
      return rewriter.notifyMatchFailure(op, "the conv has other users");
    auto wt = dyn_cast<RankedTensorType>(c.getWeight().getType());
    std::optional<std::vector<double>> w = readFloats(c.getWeight());
    if (!wt || !w || !wt.hasStaticShape())
      return failure();
    int64_t m = wt.getDimSize(0);
    if ((int64_t)scale.size() != m)
      return failure();
    std::vector<double> bias(m, 0.0);
    if (Value b = c.getBias()) {
      std::optional<std::vector<double>> bv = readFloats(b);
      if (!bv || (int64_t)bv->size() != m)
        return failure();
      bias = *bv;
    }
    int64_t per = wt.getNumElements() / m;
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < per; ++j)
        (*w)[i * per + j] *= scale[i];
      bias[i] = bias[i] * scale[i] + shift[i];
    }
    Location loc = op->getLoc();
    Value nw = makeConstant(rewriter, loc, wt, *w, "folded_weight");
    Value nb = makeConstant(rewriter, loc,
                            RankedTensorType::get({m}, wt.getElementType()),
                            bias, "folded_bias");
    auto newConv = cast<ConvOp>(rewriter.clone(*c));
    newConv->setOperands({c.getInput(), nw, nb});
    newConv->setLoc(rewriter.getFusedLoc({c.getLoc(), loc}));
    rewriter.replaceOp(op, newConv.getResult());
    rewriter.eraseOp(c);
    return success();
  }
};

/// transpose(constant) -> constant, for constants of any size.
struct FoldConstantTranspose : public OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    ElementsAttr attr;
    auto out = dyn_cast<RankedTensorType>(op.getType());
    if (!matchPattern(op.getInput(), m_Constant(&attr)) || !out ||
        !out.hasStaticShape())
      return failure();
    auto in = cast<RankedTensorType>(attr.getType());
    std::optional<std::vector<char>> bytes = getConstantBytes(attr);
    if (!bytes || in.getElementType().getIntOrFloatBitWidth() < 8)
      return failure();
    int64_t rank = in.getRank();
    SmallVector<int64_t> perm = transposePermutation(op.getPerm(), rank);
    size_t eb = in.getElementType().getIntOrFloatBitWidth() / 8;
    std::vector<char> outBytes =
        transposeBytes(*bytes, in.getShape(), perm, eb);
    AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
        outBytes, alignof(uint64_t));
    auto res = DenseResourceElementsAttr::get(out, "transposed_weight",
                                              std::move(blob));
    rewriter.replaceOpWithNewOp<ConstantOp>(op, cast<ElementsAttr>(res));
    return success();
  }
};

struct RTFoldWeightsPass
    : public mlir::rt::impl::RTFoldWeightsPassBase<RTFoldWeightsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldAffineIntoConv, FoldConstantTranspose>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
