//===- FuseElementwise.cpp - bounded element-wise linalg fusion -----------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// rt-fuse-linalg-elementwise: upstream's element-wise fusion patterns with a
// control function that bounds the fused body, so that long chains fuse in
// linear time (see Passes.td).
//
//===----------------------------------------------------------------------===//

#include "rt/Conversion/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::rt {
#define GEN_PASS_DEF_RTFUSELINALGELEMENTWISEPASS
#include "rt/Conversion/Passes.h.inc"
} // namespace mlir::rt

using namespace mlir;

namespace {
/// Operations in the body of `op` (its terminator excluded).
int64_t bodySize(Operation *op) {
  auto generic = dyn_cast<linalg::GenericOp>(op);
  if (!generic)
    return 0;
  return generic.getBody()->getOperations().size() - 1;
}

struct RTFuseLinalgElementwisePass
    : public rt::impl::RTFuseLinalgElementwisePassBase<
          RTFuseLinalgElementwisePass> {
  using Base::Base;

  void runOnOperation() override {
    int64_t limit = maxBodyOps;
    // Upstream's default control (fuse a producer into its only user) and
    // the bound on what the fused body would hold.
    linalg::ControlFusionFn control = [limit](OpOperand *fused) {
      Operation *producer = fused->get().getDefiningOp();
      Operation *consumer = fused->getOwner();
      return producer && producer->hasOneUse() &&
             bodySize(producer) + bodySize(consumer) <= limit;
    };
    // The pattern set of upstream's linalg-fuse-elementwise-ops, with
    // `control` in place of its default.
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    linalg::populateElementwiseOpsFusionPatterns(patterns, control);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, control);
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, ctx);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, ctx);
    ctx->getLoadedDialect<linalg::LinalgDialect>()
        ->getCanonicalizationPatterns(patterns);
    linalg::populateConstantFoldLinalgOperations(patterns, control);
    (void)applyPatternsGreedily(
        getOperation(), std::move(patterns),
        GreedyRewriteConfig().setUseTopDownTraversal(true));
  }
};
} // namespace
