//===- FuseAttention.cpp - recognize scaled dot-product attention
//----------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Rewrites the attention subgraph exporters emit,
//
//   S = MatMul(Q [* c1], K^T [* c2]) [* c3 | / c3] [+ mask]
//   S = Where(tril, S, c)              (optional: causal selection)
//   P = Softmax(S, axis = -1)
//   P = Where(IsNaN(P), 0, P)          (optional: PyTorch's guarded softmax)
//   O = MatMul(P, V)
//
// into one rt.attention op with scale = c1 * c2 * c3 (or / c3). A constant
// mask that is 0 on and below the diagonal and very negative above it (the
// causal mask GPT-2 exports at batch 1), or such a mask computed from
// constants with Where (at batch 32), becomes `is_causal`. Every intermediate
// must have no other use; otherwise the subgraph is left as it is.
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
#define GEN_PASS_DEF_RTFUSEATTENTIONPASS
#include "rt/Dialect/RT/Transforms/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;

/// If `v` is `x * c` or `c * x` with a scalar constant c, returns x and
/// multiplies `scale` by c (by 1/c for `x / c`).
static Value peelScale(Value v, double &scale) {
  Operation *op = v.getDefiningOp();
  if (!op || !op->hasOneUse())
    return v;
  if (auto mul = dyn_cast<MulOp>(op)) {
    for (auto [a, b] : {std::pair(mul.getLhs(), mul.getRhs()),
                        std::pair(mul.getRhs(), mul.getLhs())})
      if (std::optional<double> c = getScalarFloatConstant(b)) {
        scale *= *c;
        return a;
      }
  }
  if (auto div = dyn_cast<DivOp>(op))
    if (std::optional<double> c = getScalarFloatConstant(div.getRhs());
        c && *c != 0) {
      scale /= *c;
      return div.getLhs();
    }
  return v;
}

/// A non-splat constant whose last two dimensions are [Sq, Sk], else null.
static DenseElementsAttr maskConstant(Value v, int64_t sq, int64_t sk) {
  DenseElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)) || attr.isSplat())
    return {};
  auto type = cast<RankedTensorType>(attr.getType());
  if (type.getRank() < 2 || type.getDimSize(type.getRank() - 2) != sq ||
      type.getDimSize(type.getRank() - 1) != sk)
    return {};
  return attr;
}

/// True if every [Sq, Sk] slice of `values` (row-major) satisfies
/// `ok(value, j <= i)`.
template <typename T, typename Ok>
static bool isLowerTriangular(DenseElementsAttr attr, int64_t sq, int64_t sk,
                              Ok ok) {
  int64_t i = 0;
  for (T v : attr.getValues<T>()) {
    int64_t row = (i / sk) % sq, col = i % sk;
    if (!ok(v, col <= row))
      return false;
    ++i;
  }
  return true;
}

/// The value at or below which an additive mask entry masks its score:
/// float16's lowest (-65504), what rt-convert-precision makes of float32's
/// lowest (torch.finfo(float32).min, HF's masks) and what fp16 exports use;
/// -inf and float32's lowest are below it. exp(s - 65504 - max) is 0 in
/// float32 unless the row's unmasked scores are all ~65000 below a masked
/// one, which float16 scores cannot be.
static constexpr double kMasked = -65504.0;

/// True if `mask` is a constant whose every [Sq, Sk] slice is 0 for j <= i
/// and at most kMasked for j > i.
static bool isCausalMask(Value mask, int64_t sq, int64_t sk) {
  auto causal = [](double v, bool keep) {
    return keep ? v == 0.0 : !(v > kMasked);
  };
  if (DenseElementsAttr attr = maskConstant(mask, sq, sk))
    return isa<FloatType>(attr.getElementType()) &&
           isLowerTriangular<APFloat>(attr, sq, sk, [&](APFloat f, bool keep) {
             return causal(f.convertToDouble(), keep);
           });
  // Masks imported as resource blobs (initializers of more than a few
  // elements): decode the raw values.
  ElementsAttr elements;
  if (!matchPattern(mask, m_Constant(&elements)))
    return false;
  auto type = cast<ShapedType>(elements.getType());
  auto ft = dyn_cast<FloatType>(type.getElementType());
  if (!ft || type.getRank() < 2 || type.getDimSize(type.getRank() - 2) != sq ||
      type.getDimSize(type.getRank() - 1) != sk)
    return false;
  std::optional<std::vector<char>> bytes = getConstantBytes(elements);
  unsigned eb = ft.getWidth() / 8;
  if (!bytes || eb == 0 || eb > 8)
    return false;
  for (size_t i = 0, n = bytes->size() / eb; i < n; ++i) {
    uint64_t word = 0;
    memcpy(&word, bytes->data() + i * eb, eb);
    double v = APFloat(ft.getFloatSemantics(), APInt(ft.getWidth(), word))
                   .convertToDouble();
    int64_t row = (i / sk) % sq, col = i % sk;
    if (!causal(v, col <= row))
      return false;
  }
  return true;
}

/// True if `cond` is a constant boolean whose every [Sq, Sk] slice is true
/// exactly for j <= i (a lower-triangular "keep" mask).
static bool isCausalKeep(Value cond, int64_t sq, int64_t sk) {
  DenseElementsAttr attr = maskConstant(cond, sq, sk);
  return attr && attr.getElementType().isInteger(1) &&
         isLowerTriangular<bool>(attr, sq, sk,
                                 [](bool v, bool keep) { return v == keep; });
}

/// The integer values of constant `v` (row-major) and its shape.
static std::optional<std::pair<std::vector<int64_t>, ArrayRef<int64_t>>>
integerConstant(Value v) {
  ElementsAttr elements;
  if (!matchPattern(v, m_Constant(&elements)))
    return std::nullopt;
  auto type = cast<ShapedType>(elements.getType());
  auto it = dyn_cast<IntegerType>(type.getElementType());
  if (!it || !type.hasStaticShape() || it.getWidth() % 8 || it.getWidth() > 64)
    return std::nullopt;
  // Dense or resource blob alike, splats expanded.
  std::optional<std::vector<char>> bytes = getConstantBytes(elements);
  unsigned eb = it.getWidth() / 8;
  if (!bytes || bytes->size() != size_t(type.getNumElements()) * eb)
    return std::nullopt;
  std::vector<int64_t> values;
  for (size_t i = 0; i < bytes->size(); i += eb) {
    uint64_t word = 0;
    memcpy(&word, bytes->data() + i, eb);
    values.push_back(APInt(it.getWidth(), word).getSExtValue());
  }
  return std::make_pair(std::move(values), type.getShape());
}

/// True if `cond` is true everywhere: Equal of two integer constants equal
/// at every broadcast position (HF's batch-index equality in the masks it
/// exports at batch > 1).
static bool isAllTrue(Value cond) {
  auto eq = cond.getDefiningOp<EqualOp>();
  auto type = dyn_cast<RankedTensorType>(cond.getType());
  if (!eq || !type || !type.hasStaticShape() ||
      type.getNumElements() > (int64_t(1) << 24))
    return false;
  auto a = integerConstant(eq.getLhs()), b = integerConstant(eq.getRhs());
  if (!a || !b)
    return false;
  ArrayRef<int64_t> shape = type.getShape();
  // Element `flat` of the result read from an operand of shape `in`
  // (right-aligned, size-1 dimensions broadcast).
  auto at = [&](const std::vector<int64_t> &values, ArrayRef<int64_t> in,
                int64_t flat) {
    int64_t offset = 0, stride = 1;
    for (int64_t d = shape.size() - 1, e = in.size() - 1; d >= 0; --d) {
      int64_t i = flat % shape[d];
      flat /= shape[d];
      if (e < 0)
        continue;
      if (in[e] != 1)
        offset += i * stride;
      stride *= in[e--];
    }
    return values[offset];
  };
  for (int64_t i = 0, n = type.getNumElements(); i < n; ++i)
    if (at(a->first, a->second, i) != at(b->first, b->second, i))
      return false;
  return true;
}

/// True if `mask` is an additive mask computed as Where(keep, 0, c) with c
/// at most kMasked and `keep` a causal keep mask, possibly And-ed
/// with a condition true everywhere: what HF's models export at batch > 1,
/// too large for constant folding (32 x 1 x 128 x 128 for GPT-2 at batch
/// 32).
static bool isComputedCausalMask(Value mask, int64_t sq, int64_t sk) {
  auto where = mask.getDefiningOp<WhereOp>();
  if (!where)
    return false;
  std::optional<double> zero = getScalarFloatConstant(where.getX());
  std::optional<double> low = getScalarFloatConstant(where.getY());
  if (!zero || *zero != 0.0 || !low || *low > kMasked)
    return false;
  Value cond = where.getCondition();
  if (isCausalKeep(cond, sq, sk))
    return true;
  auto both = cond.getDefiningOp<AndOp>();
  return both &&
         ((isCausalKeep(both.getLhs(), sq, sk) && isAllTrue(both.getRhs())) ||
          (isCausalKeep(both.getRhs(), sq, sk) && isAllTrue(both.getLhs())));
}

namespace {
struct FuseAttentionPattern : public OpRewritePattern<MatMulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MatMulOp out,
                                PatternRewriter &rewriter) const override {
    // O = P * V.
    Value p = out.getLhs(), v = out.getRhs();
    auto vType = dyn_cast<RankedTensorType>(v.getType());
    if (!vType || vType.getRank() < 3)
      return rewriter.notifyMatchFailure(out, "V must have rank >= 3");
    SmallVector<Operation *> dead{};
    bool guard = false;
    // Optional guard: where(is_nan(S), 0, S).
    if (auto where = p.getDefiningOp<WhereOp>()) {
      auto isNan = where.getCondition().getDefiningOp<IsNaNOp>();
      std::optional<double> zero = getScalarFloatConstant(where.getX());
      if (!isNan || !zero || *zero != 0.0 || isNan.getInput() != where.getY() ||
          !where->hasOneUse() || !isNan->hasOneUse())
        return rewriter.notifyMatchFailure(out, "not a guarded softmax");
      guard = true;
      p = where.getY();
      dead.append({where, isNan});
    }
    auto softmax = p.getDefiningOp<SoftmaxOp>();
    if (!softmax ||
        (unsigned)std::distance(softmax->use_begin(), softmax->use_end()) !=
            (guard ? 2u : 1u))
      return rewriter.notifyMatchFailure(out, "no single-use softmax");
    auto sType = cast<RankedTensorType>(softmax.getType());
    int64_t axis = softmax.getAxis();
    if (axis != -1 && axis != sType.getRank() - 1)
      return rewriter.notifyMatchFailure(out, "softmax not on the last axis");
    dead.push_back(softmax);
    // Scores: scale and mask in any order.
    double scale = 1.0;
    Value s = softmax.getInput(), mask;
    int64_t sq = sType.getDimSize(sType.getRank() - 2),
            sk = sType.getDimSize(sType.getRank() - 1);
    bool causal = false;
    while (true) {
      // Where(tril, S, c) with c <= kMasked: the causal mask as a selection (no
      // row is fully masked, and exp(c - max) is 0 in every float type).
      if (auto where = s.getDefiningOp<WhereOp>(); where && !causal) {
        std::optional<double> c = getScalarFloatConstant(where.getY());
        if (where->hasOneUse() && c && *c <= kMasked &&
            isCausalKeep(where.getCondition(), sq, sk)) {
          causal = true;
          dead.push_back(where);
          s = where.getX();
          continue;
        }
      }
      Value peeled = peelScale(s, scale);
      if (peeled != s) {
        dead.push_back(s.getDefiningOp());
        s = peeled;
        continue;
      }
      auto add = s.getDefiningOp<AddOp>();
      if (!add || mask || !add->hasOneUse())
        break;
      // The side produced by the scores matmul (possibly scaled) is data.
      auto fromMatMul = [&](Value x) {
        double unused = 1.0;
        for (Value y = x;;) {
          if (y.getDefiningOp<MatMulOp>())
            return true;
          Value z = peelScale(y, unused);
          if (z == y)
            return false;
          y = z;
        }
      };
      if (fromMatMul(add.getLhs()))
        s = add.getLhs(), mask = add.getRhs();
      else if (fromMatMul(add.getRhs()))
        s = add.getRhs(), mask = add.getLhs();
      else
        break;
      dead.push_back(add);
    }
    auto scores = s.getDefiningOp<MatMulOp>();
    if (!scores || !scores->hasOneUse())
      return rewriter.notifyMatchFailure(out, "no single-use scores matmul");
    dead.push_back(scores);
    Value q = scores.getLhs(), kt = scores.getRhs();
    for (Value *x : {&q, &kt}) {
      Value peeled = peelScale(*x, scale);
      if (peeled != *x) {
        dead.push_back(x->getDefiningOp());
        *x = peeled;
      }
    }
    auto qType = dyn_cast<RankedTensorType>(q.getType());
    auto ktType = dyn_cast<RankedTensorType>(kt.getType());
    if (!qType || !ktType || qType.getRank() != vType.getRank() ||
        ktType.getRank() != vType.getRank() || !sType.hasStaticShape())
      return rewriter.notifyMatchFailure(out, "Q, K^T, V of different ranks");
    if (mask && !isa<FloatType>(getElementTypeOrSelf(mask.getType())))
      return rewriter.notifyMatchFailure(out, "non-float mask");
    if (mask && !causal &&
        (isCausalMask(mask, sq, sk) || isComputedCausalMask(mask, sq, sk))) {
      causal = true;
      mask = Value();
    }

    // K = transpose of K^T's last two dimensions.
    Location loc = out.getLoc();
    Value k = createTransposeLastTwo(rewriter, loc, kt);
    SmallVector<Value> operands{q, k, v};
    if (mask)
      operands.push_back(mask);
    auto attention = AttentionOp::create(
        rewriter, loc, out.getType(), operands,
        {rewriter.getNamedAttr("scale", rewriter.getF32FloatAttr(scale)),
         rewriter.getNamedAttr("is_causal", rewriter.getI64IntegerAttr(causal)),
         rewriter.getNamedAttr("nan_guard",
                               rewriter.getI64IntegerAttr(guard))});
    rewriter.replaceOp(out, attention.getResult());
    for (Operation *op : dead)
      if (op->use_empty())
        rewriter.eraseOp(op);
    return success();
  }
};

struct RTFuseAttentionPass
    : public mlir::rt::impl::RTFuseAttentionPassBase<RTFuseAttentionPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseAttentionPattern>(&getContext());
    unsigned before = 0, after = 0;
    getOperation().walk([&](AttentionOp) { ++before; });
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    getOperation().walk([&](AttentionOp) { ++after; });
    numFused += after - before;
  }
};
} // namespace
