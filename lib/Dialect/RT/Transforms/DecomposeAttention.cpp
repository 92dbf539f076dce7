//===- DecomposeAttention.cpp - rt.attention as MatMul/Softmax/MatMul
//------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Expands rt.attention into the ops it stands for, for targets without a
// fused attention kernel (the CPU reference path):
//   S = MatMul(Q, Transpose(K)) * scale [+ mask] [+ causal mask]
//   P = Softmax(S) [; Where(IsNaN(P), 0, P)]
//   O = MatMul(P, V)
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RT/Transforms/Passes.h"
#include "rt/Dialect/RT/Transforms/Utils.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_RTDECOMPOSEATTENTIONPASS
#include "rt/Dialect/RT/Transforms/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;

namespace mlir::rt {
LogicalResult decomposeAttention(AttentionOp op, OpBuilder &b) {
  auto q = dyn_cast<RankedTensorType>(op.getQuery().getType());
  auto k = dyn_cast<RankedTensorType>(op.getKey().getType());
  auto out = dyn_cast<RankedTensorType>(op.getType());
  if (!q || !k || !out)
    return op.emitOpError("needs ranked operands to be decomposed");
  Location loc = op.getLoc();
  Type elt = q.getElementType();
  int64_t rank = k.getRank();
  Value kt = createTransposeLastTwo(b, loc, op.getKey());
  SmallVector<int64_t> sShape(q.getShape());
  sShape.back() = k.getDimSize(rank - 2);
  auto sType = RankedTensorType::get(sShape, elt);
  auto scalar = [&](double v) -> Value {
    auto t = RankedTensorType::get({}, elt);
    return ConstantOp::create(
        b, loc,
        cast<ElementsAttr>(DenseElementsAttr::get(t, FloatAttr::get(elt, v))));
  };
  Value s = MatMulOp::create(b, loc, sType, op.getQuery(), kt);
  s = MulOp::create(b, loc, sType, s, scalar(op.getScale().convertToDouble()));
  if (Value mask = op.getMask()) {
    SmallVector<Type> types;
    if (failed(inferBroadcastResultType(loc, {s.getType(), mask.getType()},
                                        Type(), types)))
      return failure();
    s = AddOp::create(b, loc, types[0], s, mask);
    sType = cast<RankedTensorType>(types[0]);
  }
  if (op.getIsCausal()) {
    int64_t sq = sShape[sShape.size() - 2], sk = sShape.back();
    if (ShapedType::isDynamic(sq) || ShapedType::isDynamic(sk))
      return op.emitOpError("a causal mask needs static sequence lengths");
    SmallVector<APFloat> values;
    const llvm::fltSemantics &sem = cast<FloatType>(elt).getFloatSemantics();
    for (int64_t i = 0; i < sq; ++i)
      for (int64_t j = 0; j < sk; ++j)
        values.push_back(j <= i ? APFloat::getZero(sem)
                                : APFloat::getInf(sem, /*Negative=*/true));
    auto maskType = RankedTensorType::get({sq, sk}, elt);
    Value mask = ConstantOp::create(
        b, loc, cast<ElementsAttr>(DenseElementsAttr::get(maskType, values)));
    s = AddOp::create(b, loc, sType, s, mask);
  }
  Value p = SoftmaxOp::create(b, loc, sType, s, b.getI64IntegerAttr(-1));
  if (op.getNanGuard()) {
    auto boolType = RankedTensorType::get(sType.getShape(), b.getI1Type());
    Value nan = IsNaNOp::create(b, loc, boolType, p);
    p = WhereOp::create(b, loc, sType, nan, scalar(0.0), p);
  }
  Value o = MatMulOp::create(b, loc, out, p, op.getValue());
  op.getResult().replaceAllUsesWith(o);
  op->erase();
  return success();
}
} // namespace mlir::rt

namespace {
struct RTDecomposeAttentionPass
    : public mlir::rt::impl::RTDecomposeAttentionPassBase<
          RTDecomposeAttentionPass> {
  void runOnOperation() override {
    SmallVector<AttentionOp> ops;
    getOperation().walk([&](AttentionOp op) { ops.push_back(op); });
    for (AttentionOp op : ops) {
      OpBuilder b(op);
      if (failed(decomposeAttention(op, b)))
        return signalPassFailure();
    }
  }
};
} // namespace
