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

#include "mlir/IR/Matchers.h"

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
  // ONNX types the target int32 or int64; a float one used to crash
  // building the ignore_index constant (found by onnx-import-fuzzer).
  if (!tt.getElementType().isInteger(32) &&
      !tt.getElementType().isInteger(64)) {
    nodeError(n) << "target must be int32 or int64, not "
                 << tt.getElementType();
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

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

Value ONNXImporter::emit(NodeCtx &n, StringRef opName, ValueRange operands,
                         ArrayRef<NamedAttribute> attrs) {
  // A null operand comes from an earlier emit that failed (and reported).
  if (llvm::any_of(operands, [](Value v) { return !v; }))
    return Value();
  FailureOr<SmallVector<Value>> r = createOp(n, opName, operands, attrs);
  return failed(r) ? Value() : (*r)[0];
}

NamedAttribute ONNXImporter::namedI64(StringRef name, int64_t value) {
  return builder.getNamedAttr(name, builder.getI64IntegerAttr(value));
}

Value ONNXImporter::emitUnsqueeze(NodeCtx &n, Value v, ArrayRef<int64_t> axes) {
  return emit(
      n, "rt.unsqueeze", v,
      {builder.getNamedAttr("axes", builder.getDenseI64ArrayAttr(axes))});
}

FailureOr<SmallVector<NamedAttribute>> ONNXImporter::convAttrsIf(NodeCtx &n,
                                                                 bool conv) {
  if (conv)
    return convertAttrs(n, "rt.conv");
  if (failed(checkAttrsConsumed(n)))
    return failure();
  return SmallVector<NamedAttribute>();
}

LogicalResult ONNXImporter::checkAttrsConsumed(NodeCtx &n) {
  for (auto &a : n.attrs)
    if (!n.consumed.contains(a.first())) {
      nodeError(n) << "unsupported attribute '" << a.first() << "'";
      return failure();
    }
  return success();
}

/// Element type of a ranked or unranked tensor value.
static Type eltOf(Value v) { return getElementTypeOrSelf(v.getType()); }

//===----------------------------------------------------------------------===//
// Dropout
//===----------------------------------------------------------------------===//

LogicalResult ONNXImporter::importDropout(NodeCtx &n) {
  // Dropout is the identity, with an all-true mask, in inference mode and in
  // training mode with ratio 0. Random dropping is not supported.
  attrInt(n, "seed");
  std::optional<float> ratioAttr = attrFloat(n, "ratio");
  std::optional<int64_t> isTest = attrInt(n, "is_test");
  if (failed(checkAttrsConsumed(n)))
    return failure();
  bool training = isTest && !*isTest;
  if (Value t = n.input(2)) {
    SmallVector<int64_t> v;
    if (!getConstantIntValues(t, v) || v.size() != 1) {
      nodeError(n) << "a computed 'training_mode' input is not supported";
      return failure();
    }
    training = v[0] != 0;
  }
  if (training) {
    // Ratio: input (opset 12+) or attribute; default 0.5.
    std::optional<double> ratio = ratioAttr;
    if (Value r = n.input(1)) {
      ratio.reset();
      DenseElementsAttr attr;
      if (matchPattern(r, m_Constant(&attr)) && attr.getNumElements() == 1 &&
          isa<FloatType>(attr.getElementType()))
        ratio = (*attr.getValues<APFloat>().begin()).convertToDouble();
    }
    if (!ratio || *ratio != 0.0) {
      nodeError(n) << "training-mode Dropout with a nonzero ratio (random "
                      "dropping) is not supported";
      return failure();
    }
  }
  n.results[0] = n.input(0);
  if (n.results.size() > 1 && !n.node->output(1).empty()) {
    Value shape = emit(n, "rt.shape", n.input(0));
    if (!shape)
      return failure();
    auto one = DenseElementsAttr::get(
        RankedTensorType::get({1}, builder.getI1Type()), true);
    Value mask = emit(n, "rt.constant_of_shape", shape,
                      {builder.getNamedAttr("value", one)});
    if (!mask)
      return failure();
    n.results[1] = mask;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Window functions
//===----------------------------------------------------------------------===//

LogicalResult ONNXImporter::importWindow(NodeCtx &n, StringRef kind) {
  // w[i] = a0 - a1 cos(2 pi i / N) + a2 cos(4 pi i / N), N = size (periodic)
  // or size - 1 (symmetric).
  int64_t dtype = attrInt(n, "output_datatype").value_or(1);
  bool periodic = attrInt(n, "periodic").value_or(1) != 0;
  if (failed(checkAttrsConsumed(n)))
    return failure();
  Type out = convertElementType(dtype);
  if (!out) {
    nodeError(n) << "attribute 'output_datatype' names unsupported type "
                 << dataTypeName(dtype);
    return failure();
  }
  Value size = n.input(0);
  if (!size || !isa<IntegerType>(eltOf(size))) {
    nodeError(n) << "input 'size' must be an integer scalar";
    return failure();
  }
  Type it = eltOf(size);
  Type ft = isa<FloatType>(out) ? out : builder.getF32Type();
  double a0, a1, a2 = 0;
  if (kind == "HannWindow") {
    a0 = 0.5, a1 = 0.5;
  } else if (kind == "HammingWindow") {
    a0 = 25.0 / 46.0, a1 = 1.0 - a0;
  } else {
    a0 = 0.42, a1 = 0.5, a2 = 0.08;
  }
  auto c = [&](double v) { return constScalar(n.loc, ft, v); };
  Value idx =
      emit(n, "rt.range",
           {constScalar(n.loc, it, 0), size, constScalar(n.loc, it, 1)});
  if (!idx)
    return failure();
  auto toF = builder.getNamedAttr("to", TypeAttr::get(ft));
  Value fi = emit(n, "rt.cast", idx, {toF});
  Value fn = emit(n, "rt.cast", size, {toF});
  if (!fi || !fn)
    return failure();
  if (!periodic && !(fn = emit(n, "rt.sub", {fn, c(1)})))
    return failure();
  Value step = emit(n, "rt.div", {c(2 * M_PI), fn});
  Value phase = step ? emit(n, "rt.mul", {fi, step}) : Value();
  Value cos1 = phase ? emit(n, "rt.cos", phase) : Value();
  Value term1 = cos1 ? emit(n, "rt.mul", {cos1, c(a1)}) : Value();
  Value w = term1 ? emit(n, "rt.sub", {c(a0), term1}) : Value();
  if (w && a2 != 0) {
    Value phase2 = emit(n, "rt.mul", {phase, c(2)});
    Value cos2 = phase2 ? emit(n, "rt.cos", phase2) : Value();
    Value term2 = cos2 ? emit(n, "rt.mul", {cos2, c(a2)}) : Value();
    w = term2 ? emit(n, "rt.add", {w, term2}) : Value();
  }
  if (w && ft != out)
    w = emit(n, "rt.cast", w, {builder.getNamedAttr("to", TypeAttr::get(out))});
  if (!w)
    return failure();
  n.results[0] = w;
  return success();
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

LogicalResult ONNXImporter::importMVN(NodeCtx &n) {
  // (x - E[x]) / (sqrt(E[x^2] - E[x]^2) + 1e-9) over `axes` (default
  // [0, 2, 3]), as in the operator's function body.
  SmallVector<int64_t> axes =
      attrInts(n, "axes").value_or(SmallVector<int64_t>{0, 2, 3});
  if (failed(checkAttrsConsumed(n)))
    return failure();
  Value x = n.input(0);
  auto red = builder.getNamedAttr("axes", builder.getDenseI64ArrayAttr(axes));
  Value mean = emit(n, "rt.reduce_mean", x, {red});
  Value sq = emit(n, "rt.mul", {x, x});
  Value meanSq = sq ? emit(n, "rt.reduce_mean", sq, {red}) : Value();
  Value sqMean = mean ? emit(n, "rt.mul", {mean, mean}) : Value();
  Value var = meanSq && sqMean ? emit(n, "rt.sub", {meanSq, sqMean}) : Value();
  Value std = var ? emit(n, "rt.sqrt", var) : Value();
  Value den = std ? emit(n, "rt.add", {std, constScalar(n.loc, eltOf(x), 1e-9)})
                  : Value();
  Value num = mean ? emit(n, "rt.sub", {x, mean}) : Value();
  Value y = num && den ? emit(n, "rt.div", {num, den}) : Value();
  if (!y)
    return failure();
  n.results[0] = y;
  return success();
}

LogicalResult ONNXImporter::importRMSNorm(NodeCtx &n) {
  // RMSNormalization (opset 23): x / sqrt(mean(x^2 over [axis, rank)) + eps)
  // * scale, as the ops rt-fuse makes one normalization kernel of.
  int64_t axis = attrInt(n, "axis").value_or(-1);
  float eps = attrFloat(n, "epsilon").value_or(1e-5f);
  std::optional<int64_t> stash = attrInt(n, "stash_type");
  if (failed(checkAttrsConsumed(n)))
    return failure();
  Value x = n.input(0), scale = n.input(1);
  auto xt = dyn_cast_or_null<RankedTensorType>(x ? x.getType() : Type());
  if (!xt || !scale || axis < -xt.getRank() || axis >= xt.getRank()) {
    nodeError(n) << "needs an input of known rank with 'axis' inside it and "
                    "a scale";
    return failure();
  }
  if (stash && *stash != 1 && !xt.getElementType().isF32()) {
    nodeError(n) << "stash_type " << *stash << " is not supported";
    return failure();
  }
  if (axis < 0)
    axis += xt.getRank();
  SmallVector<int64_t> axes;
  for (int64_t i = axis; i < xt.getRank(); ++i)
    axes.push_back(i);
  Value sq = emit(n, "rt.mul", {x, x});
  Value ms =
      emit(n, "rt.reduce_mean", sq,
           {builder.getNamedAttr("axes", builder.getDenseI64ArrayAttr(axes))});
  Value var =
      emit(n, "rt.add", {ms, constScalar(n.loc, xt.getElementType(), eps)});
  Value rms = emit(n, "rt.sqrt", var);
  Value norm = emit(n, "rt.div", {x, rms});
  Value y = emit(n, "rt.mul", {norm, scale});
  if (!y)
    return failure();
  n.results[0] = y;
  return success();
}

LogicalResult ONNXImporter::importBatchNormTraining(NodeCtx &n) {
  // Normalizes with the batch statistics (population variance) and returns
  // running statistics updated with `momentum`.
  float eps = attrFloat(n, "epsilon").value_or(1e-5f);
  float momentum = attrFloat(n, "momentum").value_or(0.9f);
  if (failed(checkAttrsConsumed(n)))
    return failure();
  Value x = n.input(0), scale = n.input(1), bias = n.input(2),
        runMean = n.input(3), runVar = n.input(4);
  auto xt = dyn_cast<RankedTensorType>(x.getType());
  if (!xt || xt.getRank() < 2 || !runMean || !runVar) {
    nodeError(n) << "training mode needs a ranked (N, C, ...) input and the "
                    "running mean and variance";
    return failure();
  }
  SmallVector<int64_t> axes{0};
  for (int64_t i = 2; i < xt.getRank(); ++i)
    axes.push_back(i);
  auto red = builder.getNamedAttr("axes", builder.getDenseI64ArrayAttr(axes));
  Value mean = emit(n, "rt.reduce_mean", x, {red, namedI64("keepdims", 0)});
  Value meanK = emit(n, "rt.reduce_mean", x, {red});
  Value diff = meanK ? emit(n, "rt.sub", {x, meanK}) : Value();
  Value sq = diff ? emit(n, "rt.mul", {diff, diff}) : Value();
  Value var = sq ? emit(n, "rt.reduce_mean", sq, {red, namedI64("keepdims", 0)})
                 : Value();
  if (!mean || !var)
    return failure();
  FailureOr<SmallVector<Value>> y =
      createOp(n, "rt.batch_normalization", {x, scale, bias, mean, var},
               {builder.getNamedAttr("epsilon", builder.getF32FloatAttr(eps))});
  if (failed(y))
    return failure();
  n.results[0] = (*y)[0];
  Type elt = eltOf(runMean);
  auto blend = [&](Value running, Value batch) -> Value {
    Value a = emit(n, "rt.mul", {running, constScalar(n.loc, elt, momentum)});
    Value b = emit(n, "rt.mul", {batch, constScalar(n.loc, elt, 1 - momentum)});
    return a && b ? emit(n, "rt.add", {a, b}) : Value();
  };
  for (auto [i, running, batch] :
       {std::tuple<unsigned, Value, Value>{1, runMean, mean},
        {2, runVar, var}}) {
    if (i >= n.results.size() || n.node->output(i).empty())
      continue;
    if (!(n.results[i] = blend(running, batch)))
      return failure();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Quantization
//===----------------------------------------------------------------------===//

LogicalResult ONNXImporter::importDynamicQuantizeLinear(NodeCtx &n) {
  // scale = (max(x_max, 0) - min(x_min, 0)) / 255,
  // zero_point = round(clip(-x_min / scale, 0, 255)),
  // y = saturate(round(x / scale) + zero_point), all uint8.
  if (failed(checkAttrsConsumed(n)))
    return failure();
  Value x = n.input(0);
  Type ft = eltOf(x);
  if (!isa<FloatType>(ft)) {
    nodeError(n) << "input must be a float tensor";
    return failure();
  }
  auto c = [&](double v) { return constScalar(n.loc, ft, v); };
  auto all = namedI64("keepdims", 0);
  Value lo = emit(n, "rt.reduce_min", x, {all});
  Value hi = emit(n, "rt.reduce_max", x, {all});
  lo = lo ? emit(n, "rt.min", {lo, c(0)}) : Value();
  hi = hi ? emit(n, "rt.max", {hi, c(0)}) : Value();
  Value range = lo && hi ? emit(n, "rt.sub", {hi, lo}) : Value();
  Value scale = range ? emit(n, "rt.div", {range, c(255)}) : Value();
  Value negLo = lo ? emit(n, "rt.neg", lo) : Value();
  Value zpF = negLo && scale ? emit(n, "rt.div", {negLo, scale}) : Value();
  FailureOr<SmallVector<Value>> clipped =
      zpF ? createOp(n, "rt.clip", {zpF, c(0), c(255)}, {}, 1, {1, 1, 1})
          : FailureOr<SmallVector<Value>>(failure());
  if (failed(clipped))
    return failure();
  Value rounded = emit(n, "rt.round", (*clipped)[0]);
  Type u8 = builder.getIntegerType(8, /*isSigned=*/false);
  Value zp = rounded ? emit(n, "rt.cast", rounded,
                            {builder.getNamedAttr("to", TypeAttr::get(u8))})
                     : Value();
  Value y = zp ? emit(n, "rt.quantize_linear", {x, scale, zp}) : Value();
  if (!y)
    return failure();
  n.results[0] = y;
  if (n.results.size() > 1)
    n.results[1] = scale;
  if (n.results.size() > 2)
    n.results[2] = zp;
  return success();
}

/// A zero point that broadcasts along the dimension followed by `trailing`
/// others: 1-D zero points of more than one value get `trailing` unit
/// dimensions.
static Value perAxis(Value zp, int64_t trailing,
                     llvm::function_ref<Value(Value, ArrayRef<int64_t>)> unsq) {
  auto t = dyn_cast<RankedTensorType>(zp.getType());
  if (!t || t.getRank() != 1 || t.getDimSize(0) == 1 || trailing == 0)
    return zp;
  SmallVector<int64_t> axes;
  for (int64_t i = 1; i <= trailing; ++i)
    axes.push_back(i);
  return unsq(zp, axes);
}

LogicalResult ONNXImporter::importIntegerOp(NodeCtx &n, bool conv) {
  // MatMulInteger / ConvInteger: (a - a_zero_point) op (b - b_zero_point)
  // in int32. Per-row (A) and per-output-channel (W) zero points broadcast
  // along their dimension.
  FailureOr<SmallVector<NamedAttribute>> convAttrs = convAttrsIf(n, conv);
  if (failed(convAttrs))
    return failure();
  Value a = n.input(0), b = n.input(1);
  auto at = dyn_cast_or_null<RankedTensorType>(a ? a.getType() : Type());
  auto bt = dyn_cast_or_null<RankedTensorType>(b ? b.getType() : Type());
  if (!at || !bt || at.getRank() < (conv ? 3 : 1) || bt.getRank() < 1) {
    nodeError(n) << "inputs must be tensors of known rank (at least 1; at "
                    "least 3 for ConvInteger)";
    return failure();
  }
  Type i32 = builder.getI32Type();
  auto toI32 = builder.getNamedAttr("to", TypeAttr::get(i32));
  auto unsq = [&](Value v, ArrayRef<int64_t> axes) {
    return emitUnsqueeze(n, v, axes);
  };
  auto shifted = [&](Value v, Value zp, int64_t trailing) -> Value {
    Value w = emit(n, "rt.cast", v, {toI32});
    if (!w || !zp)
      return w;
    Value z = emit(n, "rt.cast", zp, {toI32});
    z = z ? perAxis(z, trailing, unsq) : Value();
    return z ? emit(n, "rt.sub", {w, z}) : Value();
  };
  // A's zero point is per row (matmul) or a scalar (conv); B's per column
  // (matmul) or per output channel (conv: W is M x C x k...).
  Value a32 = shifted(a, n.input(2), conv ? 0 : 1);
  Value b32 = shifted(b, n.input(3), conv ? bt.getRank() - 1 : 0);
  if (!a32 || !b32)
    return failure();
  Value y = conv ? emit(n, "rt.conv", {a32, b32}, *convAttrs)
                 : emit(n, "rt.matmul", {a32, b32});
  if (!y)
    return failure();
  n.results[0] = y;
  return success();
}

LogicalResult ONNXImporter::importQLinear(NodeCtx &n, bool conv) {
  // QLinearMatMul / QLinearConv in the explicit Q/DQ form the quantization
  // passes recognize: dequantize the operands, compute in float, quantize
  // the result. The bias of QLinearConv (int32, scale x_scale * w_scale) is
  // dequantized the same way.
  FailureOr<SmallVector<NamedAttribute>> convAttrs = convAttrsIf(n, conv);
  if (failed(convAttrs))
    return failure();
  for (unsigned i = 0; i < 8; ++i)
    if (!n.input(i)) {
      nodeError(n) << "input " << i << " is required";
      return failure();
    }
  Value x = n.input(0), w = n.input(3);
  auto xt = dyn_cast<RankedTensorType>(x.getType());
  auto wt = dyn_cast<RankedTensorType>(w.getType());
  if (!xt || !wt || xt.getRank() < 1 || wt.getRank() < 1) {
    nodeError(n) << "inputs must be ranked tensors";
    return failure();
  }
  // Per-axis scales: rows of A (axis -2), columns of B (axis -1), output
  // channels of W (axis 0).
  auto dq = [&](Value v, Value s, Value z, int64_t axis) -> Value {
    auto st = dyn_cast<RankedTensorType>(s.getType());
    SmallVector<NamedAttribute> attrs;
    if (st && st.getRank() == 1 && st.getNumElements() != 1)
      attrs.push_back(namedI64("axis", axis));
    return emit(n, "rt.dequantize_linear", {v, s, z}, attrs);
  };
  int64_t xAxis = conv ? 1 : xt.getRank() - 2;
  Value xf = dq(x, n.input(1), n.input(2), xAxis);
  Value wf = dq(w, n.input(4), n.input(5), conv ? 0 : wt.getRank() - 1);
  if (!xf || !wf)
    return failure();
  SmallVector<Value> operands{xf, wf};
  if (conv && n.input(8)) {
    Value bscale = emit(n, "rt.mul", {n.input(1), n.input(4)});
    Value bf =
        bscale
            ? emit(n, "rt.cast", n.input(8),
                   {builder.getNamedAttr("to", TypeAttr::get(eltOf(bscale)))})
            : Value();
    bf = bf ? emit(n, "rt.mul", {bf, bscale}) : Value();
    if (!bf)
      return failure();
    operands.push_back(bf);
  }
  Value yf = conv ? emit(n, "rt.conv", operands, *convAttrs)
                  : emit(n, "rt.matmul", operands);
  Value y = yf ? emit(n, "rt.quantize_linear", {yf, n.input(6), n.input(7)})
               : Value();
  if (!y)
    return failure();
  n.results[0] = y;
  return success();
}

//===----------------------------------------------------------------------===//
// Tensor rearrangements
//===----------------------------------------------------------------------===//

LogicalResult ONNXImporter::importMaxUnpool(NodeCtx &n) {
  // Scatters X into zeros at the flat indices I (as MaxPool's Indices
  // output gives them) of the inferred shape, (in - 1) * stride + kernel -
  // pad_begin - pad_end, then zero-pads the end of each dimension up to
  // `output_shape` when given (the reference implementation's semantics).
  std::optional<SmallVector<int64_t>> kernel = attrInts(n, "kernel_shape");
  std::optional<SmallVector<int64_t>> strides = attrInts(n, "strides");
  std::optional<SmallVector<int64_t>> pads = attrInts(n, "pads");
  if (failed(checkAttrsConsumed(n)))
    return failure();
  Value x = n.input(0), idx = n.input(1);
  auto xt = dyn_cast_or_null<RankedTensorType>(x ? x.getType() : Type());
  if (!xt || !xt.hasStaticShape() || !idx || !kernel ||
      (int64_t)kernel->size() != xt.getRank() - 2) {
    nodeError(n) << "needs a static (N, C, D...) input, indices and "
                    "'kernel_shape' for each spatial dimension";
    return failure();
  }
  int64_t spatial = xt.getRank() - 2;
  SmallVector<int64_t> inferred(xt.getShape().begin(),
                                xt.getShape().begin() + 2);
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t s =
        strides && (int64_t)strides->size() == spatial ? (*strides)[i] : 1;
    bool havePads = pads && (int64_t)pads->size() == 2 * spatial;
    int64_t pb = havePads ? (*pads)[i] : 0;
    int64_t pe = havePads ? (*pads)[i + spatial] : 0;
    inferred.push_back((xt.getDimSize(i + 2) - 1) * s + (*kernel)[i] - pb - pe);
  }
  SmallVector<int64_t> outShape = inferred;
  if (Value os = n.input(2)) {
    outShape.clear();
    if (failed(requireConstInts(n, os, "output_shape", outShape)))
      return failure();
    if (outShape.size() != inferred.size()) {
      nodeError(n) << "'output_shape' has " << outShape.size()
                   << " values for a rank-" << inferred.size() << " output";
      return failure();
    }
  }
  int64_t total = 1;
  SmallVector<int64_t> padAmounts(2 * inferred.size(), 0);
  for (auto [i, d] : llvm::enumerate(inferred)) {
    if (d < 0 || outShape[i] < d) {
      nodeError(n) << "output shape (" << outShape[i] << " in dimension " << i
                   << ") is smaller than the unpooled size " << d;
      return failure();
    }
    padAmounts[inferred.size() + i] = outShape[i] - d;
    total *= d;
  }
  auto zeroAttr = DenseElementsAttr::get(
      RankedTensorType::get({1}, xt.getElementType()),
      isa<FloatType>(xt.getElementType())
          ? Attribute(FloatAttr::get(xt.getElementType(), 0.0))
          : Attribute(IntegerAttr::get(xt.getElementType(), 0)));
  Value zeros = emit(n, "rt.constant_of_shape", constI64(n.loc, {total}),
                     {builder.getNamedAttr("value", zeroAttr)});
  Value flat = constI64(n.loc, {-1});
  Value xf = emit(n, "rt.reshape", {x, flat});
  Value idxf = emit(n, "rt.reshape", {idx, flat});
  Value scattered = zeros && xf && idxf
                        ? emit(n, "rt.scatter_elements", {zeros, idxf, xf})
                        : Value();
  Value y = scattered
                ? emit(n, "rt.reshape", {scattered, constI64(n.loc, inferred)})
                : Value();
  if (y && outShape != inferred) {
    FailureOr<SmallVector<Value>> padded = createOp(
        n, "rt.pad", {y, constI64(n.loc, padAmounts)}, {}, 1, {1, 1, 0, 0});
    y = failed(padded) ? Value() : (*padded)[0];
  }
  if (!y)
    return failure();
  n.results[0] = y;
  return success();
}

LogicalResult ONNXImporter::importReverseSequence(NodeCtx &n) {
  // y = gather_elements(x, idx, time_axis) with
  // idx[t, b] = t < len[b] ? len[b] - 1 - t : t, broadcast to x's shape.
  int64_t timeAxis = attrInt(n, "time_axis").value_or(0);
  int64_t batchAxis = attrInt(n, "batch_axis").value_or(1);
  if (failed(checkAttrsConsumed(n)))
    return failure();
  Value x = n.input(0), lens = n.input(1);
  auto xt = dyn_cast_or_null<RankedTensorType>(x ? x.getType() : Type());
  if (!xt || xt.getRank() < 2 || !lens ||
      !((timeAxis == 0 && batchAxis == 1) ||
        (timeAxis == 1 && batchAxis == 0))) {
    nodeError(n) << "needs an input of rank >= 2 and (time_axis, batch_axis) "
                    "= (0, 1) or (1, 0)";
    return failure();
  }
  Type i64 = builder.getI64Type();
  Value len = emit(n, "rt.cast", lens,
                   {builder.getNamedAttr("to", TypeAttr::get(i64))});
  Value shape = emit(n, "rt.shape", x);
  Value t =
      shape ? emit(n, "rt.gather", {shape, constI64(n.loc, {timeAxis}, true)})
            : Value();
  Value range =
      t ? emit(n, "rt.range",
               {constI64(n.loc, {0}, true), t, constI64(n.loc, {1}, true)})
        : Value();
  if (!len || !range)
    return failure();
  // Lay t along time_axis and len along batch_axis of a 2-D grid.
  Value t2 = emitUnsqueeze(n, range, {timeAxis == 0 ? 1 : 0});
  Value l2 = emitUnsqueeze(n, len, {batchAxis == 0 ? 1 : 0});
  Value inRange = t2 && l2 ? emit(n, "rt.less", {t2, l2}) : Value();
  Value rev = t2 && l2 ? emit(n, "rt.sub", {l2, t2}) : Value();
  rev = rev ? emit(n, "rt.sub", {rev, constI64(n.loc, {1}, true)}) : Value();
  Value idx =
      inRange && rev ? emit(n, "rt.where", {inRange, rev, t2}) : Value();
  if (!idx)
    return failure();
  if (xt.getRank() > 2) {
    SmallVector<int64_t> axes;
    for (int64_t i = 2; i < xt.getRank(); ++i)
      axes.push_back(i);
    idx = emitUnsqueeze(n, idx, axes);
  }
  idx = idx ? emit(n, "rt.expand", {idx, shape}) : Value();
  Value y = idx ? emit(n, "rt.gather_elements", {x, idx},
                       {namedI64("axis", timeAxis)})
                : Value();
  if (!y)
    return failure();
  n.results[0] = y;
  return success();
}
