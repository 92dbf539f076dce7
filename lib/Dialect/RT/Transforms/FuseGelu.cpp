//===- FuseGelu.cpp - recognize GELU subgraphs ----------------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Rewrites the two GELU forms exporters emit as element-wise arithmetic,
//
//   0.5 * x * (1 + Erf(x / sqrt(2)))                        (or x * 1/sqrt(2))
//   0.5 * x * (1 + Tanh(sqrt(2/pi) * (x + 0.044715 * x^3))) (x^3: Pow or Muls)
//
// with the products in any order and association, into one rt.gelu
// (approximate = "none" / "tanh"). Constants match within 1e-3 relative, so
// that constants already rounded to float16 by rt-convert-precision match.
// Every intermediate must have no other use. Code generators then evaluate
// the op in its cheapest exact form instead of the decomposed arithmetic
// (the GPU: x / (1 + exp(-2y)) for the tanh form, one exponential and one
// reciprocal instead of a tanh and four operations).
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RT/Transforms/Passes.h"
#include "rt/Dialect/RT/Transforms/Utils.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_RTFUSEGELUPASS
#include "rt/Dialect/RT/Transforms/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;

namespace {

/// Whether `v` is a one-element float constant within 1e-3 (relative) of
/// `expected`.
bool isConstant(Value v, double expected) {
  std::optional<double> c = getScalarFloatConstant(v);
  return c && std::abs(*c - expected) <= 1e-3 * std::abs(expected);
}

/// The factors of the product `v`: its operands, recursively through Mul
/// ops with one use (the root's own uses do not matter).
void collectFactors(Value v, SmallVectorImpl<Value> &out, bool root = true) {
  auto mul = v.getDefiningOp<MulOp>();
  if (mul && (root || mul->hasOneUse())) {
    collectFactors(mul.getLhs(), out, false);
    collectFactors(mul.getRhs(), out, false);
    return;
  }
  out.push_back(v);
}

/// If `v` (with one use) is Add(1, y) or Add(y, 1), returns y.
Value onePlus(Value v) {
  auto add = v.getDefiningOp<AddOp>();
  if (!add || !add->hasOneUse())
    return {};
  if (isConstant(add.getLhs(), 1.0))
    return add.getRhs();
  if (isConstant(add.getRhs(), 1.0))
    return add.getLhs();
  return {};
}

/// Removes one factor that is a constant near `c`; false if none.
bool takeConstant(SmallVectorImpl<Value> &factors, double c) {
  for (auto *it = factors.begin(); it != factors.end(); ++it)
    if (isConstant(*it, c)) {
      factors.erase(it);
      return true;
    }
  return false;
}

/// Whether `v` (with one use) is x / sqrt(2) or x * (1 / sqrt(2)).
bool isScaledForErf(Value v, Value x) {
  if (!v.getDefiningOp() || !v.getDefiningOp()->hasOneUse())
    return false;
  if (auto div = v.getDefiningOp<DivOp>())
    return div.getLhs() == x && isConstant(div.getRhs(), M_SQRT2);
  SmallVector<Value> f;
  collectFactors(v, f, /*root=*/true);
  return takeConstant(f, M_SQRT1_2) && f.size() == 1 && f[0] == x;
}

/// Whether `v` (with one use) is sqrt(2/pi) * (x + 0.044715 * x^3).
bool isScaledForTanh(Value v, Value x) {
  if (!v.getDefiningOp() || !v.getDefiningOp()->hasOneUse())
    return false;
  SmallVector<Value> f;
  collectFactors(v, f, /*root=*/true);
  if (!takeConstant(f, std::sqrt(2.0 / M_PI)) || f.size() != 1)
    return false;
  auto add = f[0].getDefiningOp<AddOp>();
  if (!add || !add->hasOneUse())
    return false;
  Value cube = add.getLhs() == x   ? add.getRhs()
               : add.getRhs() == x ? add.getLhs()
                                   : Value();
  if (!cube || !cube.getDefiningOp() || !cube.getDefiningOp()->hasOneUse())
    return false;
  SmallVector<Value> g;
  collectFactors(cube, g, /*root=*/true);
  if (!takeConstant(g, 0.044715))
    return false;
  if (g.size() == 3)
    return llvm::all_of(g, [&](Value y) { return y == x; });
  if (g.size() != 1)
    return false;
  auto pow = g[0].getDefiningOp<PowOp>();
  return pow && pow->hasOneUse() && pow.getBase() == x &&
         isConstant(pow.getExponent(), 3.0);
}

struct FuseGeluPattern : public OpRewritePattern<MulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MulOp root,
                                PatternRewriter &rewriter) const override {
    SmallVector<Value> f;
    collectFactors(root.getResult(), f);
    if (f.size() != 3 || !takeConstant(f, 0.5))
      return failure();
    for (int i = 0; i < 2; ++i) {
      Value x = f[i], inner = onePlus(f[1 - i]);
      if (!inner || x.getType() != root.getType() || !inner.getDefiningOp() ||
          !inner.getDefiningOp()->hasOneUse())
        continue;
      StringRef approximate;
      if (auto erf = inner.getDefiningOp<ErfOp>();
          erf && isScaledForErf(erf.getInput(), x))
        approximate = "none";
      else if (auto tanh = inner.getDefiningOp<TanhOp>();
               tanh && isScaledForTanh(tanh.getInput(), x))
        approximate = "tanh";
      else
        continue;
      rewriter.replaceOpWithNewOp<GeluOp>(root, x,
                                          rewriter.getStringAttr(approximate));
      return success();
    }
    return failure();
  }
};

struct RTFuseGeluPass
    : public mlir::rt::impl::RTFuseGeluPassBase<RTFuseGeluPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseGeluPattern>(&getContext());
    unsigned before = 0, after = 0;
    getOperation().walk([&](GeluOp) { ++before; });
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    getOperation().walk([&](GeluOp) { ++after; });
    numFused += after - before;
  }
};
} // namespace
