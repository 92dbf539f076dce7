//===- Decompositions.cpp - ONNX ops imported as several rt ops ---- -===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// ONNX operators without an rt op of their own are imported as a few rt ops
// (losses, LayerNormalization's statistics outputs, ...).
//
//===----------------------------------------------------------------------===//

#include "ImporterImpl.h"

#include "rt/Dialect/RT/IR/RTOps.h"

using namespace mlir;
using namespace mlir::rt;
using namespace mlir::rt::onnximport;

LogicalResult ONNXImporter::importLayerNorm(NodeCtx &n) {
  bool extra = false;
  for (int i = 1; i < n.node->output_size(); ++i)
    extra |=
        !n.node->output(i).empty() && usedNames.contains(n.node->output(i));
  if (!extra)
    return buildGeneric(n, "rt.layer_normalization");
  // Mean and InvStdDev are used (training graphs, some exporters): compute
  // them next to the op, reducing over [axis, rank) with kept dimensions.
  auto type = dyn_cast<RankedTensorType>(n.input(0).getType());
  if (!type) {
    nodeError(n) << "the Mean/InvStdDev outputs need an input of known rank";
    return failure();
  }
  int64_t rank = type.getRank();
  int64_t axis = attrInt(n, "axis").value_or(-1);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis >= rank) {
    nodeError(n) << "axis is out of range for rank " << rank;
    return failure();
  }
  float eps = attrFloat(n, "epsilon").value_or(1e-5f);
  if (std::optional<int64_t> st = attrInt(n, "stash_type"); st && *st != 1) {
    nodeError(n) << "stash_type " << *st << " is not supported";
    return failure();
  }
  SmallVector<NamedAttribute> lnAttrs{
      builder.getNamedAttr("axis", builder.getI64IntegerAttr(axis)),
      builder.getNamedAttr("epsilon", builder.getF32FloatAttr(eps))};
  SmallVector<Value> lnOperands{n.input(0), n.input(1)};
  if (n.input(2))
    lnOperands.push_back(n.input(2));
  FailureOr<SmallVector<Value>> y =
      createOp(n, "rt.layer_normalization", lnOperands, lnAttrs);
  if (failed(y))
    return failure();
  SmallVector<int64_t> axes;
  for (int64_t i = axis; i < rank; ++i)
    axes.push_back(i);
  NamedAttribute axesAttr =
      builder.getNamedAttr("axes", builder.getDenseI64ArrayAttr(axes));
  Value x = n.input(0);
  FailureOr<SmallVector<Value>> mean =
      createOp(n, "rt.reduce_mean", x, {axesAttr});
  if (failed(mean))
    return failure();
  FailureOr<SmallVector<Value>> d =
      createOp(n, "rt.sub", ValueRange{x, (*mean)[0]}, {});
  if (failed(d))
    return failure();
  FailureOr<SmallVector<Value>> sq =
      createOp(n, "rt.mul", ValueRange{(*d)[0], (*d)[0]}, {});
  if (failed(sq))
    return failure();
  FailureOr<SmallVector<Value>> var =
      createOp(n, "rt.reduce_mean", (*sq)[0], {axesAttr});
  if (failed(var))
    return failure();
  Value epsV = constScalar(n.loc, type.getElementType(), eps);
  FailureOr<SmallVector<Value>> ve =
      createOp(n, "rt.add", ValueRange{(*var)[0], epsV}, {});
  if (failed(ve))
    return failure();
  FailureOr<SmallVector<Value>> sd = createOp(n, "rt.sqrt", (*ve)[0], {});
  if (failed(sd))
    return failure();
  FailureOr<SmallVector<Value>> inv =
      createOp(n, "rt.reciprocal", (*sd)[0], {});
  if (failed(inv))
    return failure();
  n.results[0] = (*y)[0];
  if (n.results.size() > 1)
    n.results[1] = (*mean)[0];
  if (n.results.size() > 2)
    n.results[2] = (*inv)[0];
  return success();
}

/// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss, decomposed:
///   loss[n, d...] = -x[n, t[n, d...], d...] * w[t[n, d...]]
/// with w = 0 where t == ignore_index; "mean" divides by the sum of w.
//===----------------------------------------------------------------------===//
// Graph walking
//===----------------------------------------------------------------------===//


LogicalResult ONNXImporter::importLoss(NodeCtx &n, bool softmax) {
  std::string reduction = attrString(n, "reduction").value_or("mean");
  std::optional<int64_t> ignore = attrInt(n, "ignore_index");
  for (auto &a : n.attrs)
    if (!n.consumed.contains(a.first())) {
      nodeError(n) << "unsupported attribute '" << a.first() << "'";
      return failure();
    }
  if (reduction != "none" && reduction != "sum" && reduction != "mean") {
    nodeError(n) << "unknown reduction '" << reduction << "'";
    return failure();
  }
  Value x = n.input(0), t = n.input(1), weight = n.input(2);
  auto xt = dyn_cast<RankedTensorType>(x ? x.getType() : Type());
  auto tt = dyn_cast<RankedTensorType>(t ? t.getType() : Type());
  if (!xt || !tt || xt.getRank() < 2 || tt.getRank() != xt.getRank() - 1) {
    nodeError(n) << "needs ranked input (N, C, ...) and target (N, ...)";
    return failure();
  }
  Type elt = xt.getElementType();
  auto op = [&](StringRef name, ValueRange operands,
                ArrayRef<NamedAttribute> attrs = {}) -> Value {
    FailureOr<SmallVector<Value>> r = createOp(n, name, operands, attrs);
    return failed(r) ? Value() : (*r)[0];
  };
  auto i64 = [&](int64_t v) { return builder.getI64IntegerAttr(v); };
  Value logProb = x;
  if (softmax) {
    logProb = op("rt.log_softmax", x, {builder.getNamedAttr("axis", i64(1))});
    if (!logProb)
      return failure();
  }
  // Targets that are ignored read class 0 and get weight 0.
  Value mask, safe = t;
  if (ignore) {
    Value ig = ConstantOp::create(
        builder, n.loc,
        DenseElementsAttr::get(RankedTensorType::get({}, tt.getElementType()),
                               IntegerAttr::get(tt.getElementType(), *ignore)));
    Value eq = op("rt.equal", ValueRange{t, ig});
    if (!eq || !(mask = op("rt.not", eq)))
      return failure();
    Value zero = ConstantOp::create(
        builder, n.loc,
        DenseElementsAttr::get(RankedTensorType::get({}, tt.getElementType()),
                               IntegerAttr::get(tt.getElementType(), 0)));
    if (!(safe = op("rt.where", ValueRange{mask, t, zero})))
      return failure();
  }
  NamedAttribute axis1 =
      builder.getNamedAttr("axes", builder.getDenseI64ArrayAttr({1}));
  Value idx = op("rt.unsqueeze", safe, {axis1});
  if (!idx)
    return failure();
  Value picked = op("rt.gather_elements", ValueRange{logProb, idx},
                    {builder.getNamedAttr("axis", i64(1))});
  if (!picked || !(picked = op("rt.squeeze", picked, {axis1})))
    return failure();
  Value loss = op("rt.neg", picked);
  if (!loss)
    return failure();
  Value w; // Per-element weight, in the target's shape, if any.
  if (weight) {
    if (!(w = op("rt.gather", ValueRange{weight, safe},
                 {builder.getNamedAttr("axis", i64(0))})))
      return failure();
  }
  if (mask) {
    Value mf =
        op("rt.cast", mask, {builder.getNamedAttr("to", TypeAttr::get(elt))});
    if (!mf)
      return failure();
    w = w ? op("rt.mul", ValueRange{w, mf}) : mf;
    if (!w)
      return failure();
  }
  if (w && !(loss = op("rt.mul", ValueRange{loss, w})))
    return failure();
  NamedAttribute noKeep = builder.getNamedAttr("keepdims", i64(0));
  if (reduction == "sum") {
    loss = op("rt.reduce_sum", loss, {noKeep});
  } else if (reduction == "mean") {
    if (w) {
      Value num = op("rt.reduce_sum", loss, {noKeep});
      Value den = op("rt.reduce_sum", w, {noKeep});
      loss = num && den ? op("rt.div", ValueRange{num, den}) : Value();
    } else {
      loss = op("rt.reduce_mean", loss, {noKeep});
    }
  }
  if (!loss)
    return failure();
  n.results[0] = loss;
  if (softmax && n.results.size() > 1)
    n.results[1] = logProb;
  else if (failed(checkUnusedOutputs(n, 1, "this output is not supported")))
    return failure();
  return success();
}

