//===- ConvertLayout.cpp - channels-last convolutions
//----------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// `layout=nhwc`: every convolution becomes channels-last (`channels_last =
// 1`: NHWC activations, M x kH x kW x C filters), what tensor-core kernels
// want, with Transposes at its boundary; the filter Transposes fold into new
// constants (rt-fold-weights). Transposes then sink through elementwise ops
// (whose other operands are transposed the same way, or constants that get
// transposed at compile time) and compose; between consecutive convolutions
// they cancel, so the activations stay NHWC. What remains sits at the
// model's boundary and around ops without a channels-last form (pooling),
// where fusion turns it into transposed loads and stores.
//
// Patch-embedding convolutions (kernel = stride, no padding: ViT's stem)
// become a GEMM over the reshaped and transposed input instead.
//
// `layout=nchw` turns channels-last convolutions back into ONNX's NCHW form
// (the CPU reference path lowers that).
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RT/Transforms/Passes.h"
#include "rt/Dialect/RT/Transforms/Utils.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_RTCONVERTLAYOUTPASS
#include "rt/Dialect/RT/Transforms/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;

/// [0, 2, ..., r-1, 1] (to channels-last) or its inverse.
static SmallVector<int64_t> channelPerm(int64_t rank, bool toLast) {
  SmallVector<int64_t> p{0};
  if (toLast) {
    for (int64_t i = 2; i < rank; ++i)
      p.push_back(i);
    p.push_back(1);
  } else {
    p.push_back(rank - 1);
    for (int64_t i = 1; i < rank - 1; ++i)
      p.push_back(i);
  }
  return p;
}

static SmallVector<int64_t> permOf(TransposeOp op) {
  return transposePermutation(
      op.getPerm(), cast<RankedTensorType>(op.getInput().getType()).getRank());
}

namespace {
struct ConvToLayout : public OpRewritePattern<ConvOp> {
  ConvToLayout(MLIRContext *ctx, bool toLast)
      : OpRewritePattern(ctx), toLast(toLast) {}
  bool toLast;

  LogicalResult matchAndRewrite(ConvOp op,
                                PatternRewriter &rewriter) const override {
    if ((op.getChannelsLast() != 0) == toLast)
      return failure();
    auto out = dyn_cast<RankedTensorType>(op.getType());
    auto w = dyn_cast<RankedTensorType>(op.getWeight().getType());
    if (!out || !w || !isa<RankedTensorType>(op.getInput().getType()) ||
        out.getRank() < 3)
      return rewriter.notifyMatchFailure(op, "needs ranked operands");
    int64_t rank = out.getRank();
    SmallVector<int64_t> in = channelPerm(rank, toLast),
                         back = channelPerm(rank, !toLast);
    Location loc = op.getLoc();
    Value x = createTranspose(rewriter, loc, op.getInput(), in);
    Value k = createTranspose(rewriter, loc, op.getWeight(), in);
    auto conv = cast<ConvOp>(rewriter.clone(*op));
    conv->setOperand(0, x);
    conv->setOperand(1, k);
    conv.setChannelsLast(toLast ? 1 : 0);
    SmallVector<int64_t> shape;
    for (int64_t p : in)
      shape.push_back(out.getDimSize(p));
    conv.getResult().setType(
        RankedTensorType::get(shape, out.getElementType()));
    rewriter.replaceOp(op, createTranspose(rewriter, loc, conv.getResult(), back));
    return success();
  }
};

/// A patch-embedding convolution (kernel = stride, no padding or dilation,
/// one group, spatial sizes divisible by the kernel: ViT's 16 x 16 / 16
/// stem) is a GEMM over non-overlapping patches: x [N, C, H, W] is
/// reshaped to [N, C, H/p, p, W/p, q], transposed to
/// [N, H/p, W/p, C, p, q] and flattened to [N, H/p * W/p, C * p * q];
/// times the filters [M, C * p * q] transposed (a compile-time constant);
/// plus the bias; back to [N, M, H/p, W/p]. The input transpose fuses into
/// the kernel that produces it (the input cast), the output's into its
/// consumers (ViT flattens and transposes it back at once), and the GEMM
/// reads both operands contiguously with K = C * p * q (no channel
/// padding of 3-channel images, no implicit-GEMM address arithmetic).
struct PatchConvToMatMul : public OpRewritePattern<ConvOp> {
  PatchConvToMatMul(MLIRContext *ctx) : OpRewritePattern(ctx, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(ConvOp op,
                                PatternRewriter &rewriter) const override {
    auto in = dyn_cast<RankedTensorType>(op.getInput().getType());
    auto w = dyn_cast<RankedTensorType>(op.getWeight().getType());
    auto out = dyn_cast<RankedTensorType>(op.getType());
    if (op.getChannelsLast() || !in || !w || !out || in.getRank() != 4 ||
        !in.hasStaticShape() || !w.hasStaticShape() || !out.hasStaticShape() ||
        op.getGroup() != 1 ||
        (op.getAutoPad() != "NOTSET" && op.getAutoPad() != "VALID"))
      return failure();
    int64_t n = in.getDimSize(0), c = in.getDimSize(1), h = in.getDimSize(2),
            wd = in.getDimSize(3), m = w.getDimSize(0), p = w.getDimSize(2),
            q = w.getDimSize(3);
    if (w.getDimSize(1) != c || p * q < 2)
      return failure();
    auto all = [](std::optional<ArrayRef<int64_t>> a, int64_t v) {
      return !a || llvm::all_of(*a, [&](int64_t x) { return x == v; });
    };
    if (!all(op.getPads(), 0) || !all(op.getDilations(), 1))
      return failure();
    if (auto k = op.getKernelShape(); k && ((*k)[0] != p || (*k)[1] != q))
      return failure();
    auto strides = op.getStrides();
    if (!strides || strides->size() != 2 || (*strides)[0] != p ||
        (*strides)[1] != q || h % p || wd % q)
      return failure();
    int64_t hp = h / p, wp = wd / q, k = c * p * q;
    Type et = in.getElementType();
    Location loc = op.getLoc();
    Value x = createReshape(rewriter, loc, op.getInput(), {n, c, hp, p, wp, q});
    x = createTranspose(rewriter, loc, x, {0, 2, 4, 1, 3, 5});
    x = createReshape(rewriter, loc, x, {n, hp * wp, k});
    Value filters = createTranspose(
        rewriter, loc, createReshape(rewriter, loc, op.getWeight(), {m, k}),
        {1, 0});
    auto prodType = RankedTensorType::get({n, hp * wp, m}, et);
    Value y = MatMulOp::create(rewriter, loc, prodType, x, filters);
    if (Value bias = op.getBias())
      y = AddOp::create(rewriter, loc, prodType, y, bias);
    y = createTranspose(rewriter, loc, y, {0, 2, 1});
    rewriter.replaceOp(op, createReshape(rewriter, loc, y, {n, m, hp, wp}));
    return success();
  }
};

/// op(transpose(a, p), transpose(b, p), const...) ->
/// transpose(op(a, b, transpose(const, p^-1)...), p) for elementwise ops
/// whose result has the transposed operands' shape, p the channels-last to
/// channels-first permutation.
struct SinkTranspose : public RewritePattern {
  SinkTranspose(MLIRContext *ctx)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!op->hasTrait<rt::OpTrait::Elementwise>() || op->getNumResults() != 1)
      return failure();
    auto resType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (!resType)
      return failure();
    std::optional<SmallVector<int64_t>> perm;
    for (Value v : op->getOperands())
      if (auto t = v.getDefiningOp<TransposeOp>()) {
        SmallVector<int64_t> p = permOf(t);
        if (perm && *perm != p)
          return failure();
        perm = p;
        if (t.getType() != resType &&
            cast<RankedTensorType>(t.getType()).getShape() !=
                resType.getShape())
          return failure(); // The transposed operand is broadcast.
      }
    // Only the channels-last -> ONNX-order transposes the conversion put
    // after convolutions move (towards the next convolution's).
    int64_t rank = resType.getRank();
    if (!perm || rank < 3 || *perm != channelPerm(rank, /*toLast=*/false))
      return failure();
    SmallVector<int64_t> inverse(rank);
    for (int64_t i = 0; i < rank; ++i)
      inverse[(*perm)[i]] = i;
    Location loc = op->getLoc();
    SmallVector<Value> operands;
    for (Value v : op->getOperands()) {
      if (auto t = v.getDefiningOp<TransposeOp>()) {
        operands.push_back(t.getInput());
        continue;
      }
      auto vt = dyn_cast<RankedTensorType>(v.getType());
      if (!vt || !matchPattern(v, m_Constant()))
        return failure();
      if (vt.getNumElements() == 1 && vt.getRank() <= rank) {
        operands.push_back(v); // Scalars broadcast in any layout.
        continue;
      }
      if (vt.getRank() > rank)
        return failure();
      Value full = v;
      if (vt.getRank() < rank) {
        SmallVector<int64_t> axes;
        for (int64_t i = 0; i < rank - vt.getRank(); ++i)
          axes.push_back(i);
        SmallVector<int64_t> shape(axes.size(), 1);
        shape.append(vt.getShape().begin(), vt.getShape().end());
        full = UnsqueezeOp::create(
            rewriter, loc, RankedTensorType::get(shape, vt.getElementType()), v,
            rewriter.getDenseI64ArrayAttr(axes));
      }
      operands.push_back(createTranspose(rewriter, loc, full, inverse));
    }
    SmallVector<int64_t> shape;
    for (int64_t p : inverse)
      shape.push_back(resType.getDimSize(p));
    Operation *inner = rewriter.clone(*op);
    inner->setOperands(operands);
    inner->getResult(0).setType(
        RankedTensorType::get(shape, resType.getElementType()));
    rewriter.replaceOp(op,
                       createTranspose(rewriter, loc, inner->getResult(0), *perm));
    return success();
  }
};

struct RTConvertLayoutPass
    : public mlir::rt::impl::RTConvertLayoutPassBase<RTConvertLayoutPass> {
  using RTConvertLayoutPassBase::RTConvertLayoutPassBase;
  void runOnOperation() override {
    if (layout != "nhwc" && layout != "nchw") {
      getOperation().emitError("rt-convert-layout: unknown layout '")
          << layout << "' (nhwc or nchw)";
      return signalPassFailure();
    }
    bool toLast = layout == "nhwc";
    RewritePatternSet patterns(&getContext());
    patterns.add<ConvToLayout>(&getContext(), toLast);
    if (toLast)
      patterns.add<SinkTranspose, PatchConvToMatMul>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    unsigned n = 0;
    getOperation().walk([&](TransposeOp) { ++n; });
    numTransposes = n;
  }
};
} // namespace
