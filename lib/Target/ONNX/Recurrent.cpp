//===- Recurrent.cpp - RNN, GRU and LSTM
//-----------------------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// The recurrent operators are imported unrolled over their static sequence
// length. The input projection of all time steps is one matmul
// (X * W^T + Wb: [seq, batch, gates * hidden]); each step then adds the
// recurrent projection H * R^T + Rb and applies the gate equations of the
// ONNX specification (gate order: LSTM i o f c, GRU z r h). Directions are
// unrolled separately and stacked; layout 1 (batch first) is transposed in
// and out.
//
// Not supported (rejected naming the node): sequence_lens that differ from
// the sequence length, LSTM input_forget, dynamic sequence length.
//
//===----------------------------------------------------------------------===//

#include "ImporterImpl.h"

#include "rt/Dialect/RT/IR/RTOps.h"

using namespace mlir;
using namespace mlir::rt;
using namespace mlir::rt::onnximport;

Value ONNXImporter::recurrentActivation(NodeCtx &n, StringRef name, Value x,
                                        std::optional<float> alpha,
                                        std::optional<float> beta) {
  auto f = [&](StringRef attr, float v) {
    return builder.getNamedAttr(attr, builder.getF32FloatAttr(v));
  };
  Type elt = getElementTypeOrSelf(x.getType());
  std::string lower = StringRef(name).lower();
  if (lower == "sigmoid")
    return emit(n, "rt.sigmoid", x);
  if (lower == "tanh")
    return emit(n, "rt.tanh", x);
  if (lower == "relu")
    return emit(n, "rt.relu", x);
  if (lower == "softsign")
    return emit(n, "rt.softsign", x);
  if (lower == "softplus")
    return emit(n, "rt.softplus", x);
  if (lower == "hardsigmoid")
    return emit(
        n, "rt.hard_sigmoid", x,
        {f("alpha", alpha.value_or(0.2f)), f("beta", beta.value_or(0.5f))});
  if (lower == "leakyrelu")
    return emit(n, "rt.leaky_relu", x, {f("alpha", alpha.value_or(0.01f))});
  if (lower == "elu")
    return emit(n, "rt.elu", x, {f("alpha", alpha.value_or(1.0f))});
  if (lower == "thresholdedrelu")
    return emit(n, "rt.thresholded_relu", x,
                {f("alpha", alpha.value_or(1.0f))});
  if (lower == "scaledtanh") {
    Value in =
        emit(n, "rt.mul", {x, constScalar(n.loc, elt, beta.value_or(1))});
    Value t = emit(n, "rt.tanh", in);
    return emit(n, "rt.mul", {t, constScalar(n.loc, elt, alpha.value_or(1))});
  }
  if (lower == "affine") {
    Value m =
        emit(n, "rt.mul", {x, constScalar(n.loc, elt, alpha.value_or(1))});
    return emit(n, "rt.add", {m, constScalar(n.loc, elt, beta.value_or(0))});
  }
  nodeError(n) << "unsupported activation '" << name << "'";
  return Value();
}

LogicalResult ONNXImporter::importRecurrent(NodeCtx &n, int64_t numGates) {
  std::optional<int64_t> hiddenAttr = attrInt(n, "hidden_size");
  std::string direction = attrString(n, "direction").value_or("forward");
  int64_t layout = attrInt(n, "layout").value_or(0);
  std::optional<float> clip = attrFloat(n, "clip");
  bool linearBeforeReset = attrInt(n, "linear_before_reset").value_or(0) != 0;
  if (attrInt(n, "input_forget").value_or(0) != 0) {
    nodeError(n) << "input_forget = 1 is not supported";
    return failure();
  }
  SmallVector<std::string> acts;
  if (const onnx::AttributeProto *a = n.attr("activations"))
    acts.assign(a->strings().begin(), a->strings().end());
  n.consumed.insert("activations");
  SmallVector<float> alphas, betas;
  if (const onnx::AttributeProto *a = n.attr("activation_alpha"))
    alphas.assign(a->floats().begin(), a->floats().end());
  if (const onnx::AttributeProto *a = n.attr("activation_beta"))
    betas.assign(a->floats().begin(), a->floats().end());
  n.consumed.insert("activation_alpha");
  n.consumed.insert("activation_beta");
  if (failed(checkAttrsConsumed(n)))
    return failure();

  int64_t numDirs = direction == "bidirectional" ? 2 : 1;
  if (direction != "forward" && direction != "reverse" &&
      direction != "bidirectional") {
    nodeError(n) << "unknown direction '" << direction << "'";
    return failure();
  }
  Value x = n.input(0), w = n.input(1), r = n.input(2);
  auto xt = dyn_cast_or_null<RankedTensorType>(x ? x.getType() : Type());
  auto wt = dyn_cast_or_null<RankedTensorType>(w ? w.getType() : Type());
  if (!xt || xt.getRank() != 3 || !wt || wt.getRank() != 3 || !r ||
      !wt.hasStaticShape()) {
    nodeError(n) << "needs X of rank 3 and static W [directions, gates * "
                    "hidden, input] and R";
    return failure();
  }
  int64_t hidden = hiddenAttr.value_or(wt.getDimSize(1) / numGates);
  if (wt.getDimSize(0) != numDirs || wt.getDimSize(1) != numGates * hidden) {
    nodeError(n) << "W has shape " << wt << " but " << numDirs
                 << " direction(s) of " << numGates << " gates x " << hidden
                 << " hidden units are expected";
    return failure();
  }
  // Activations: per direction, RNN f; GRU f, g; LSTM f, g, h.
  int64_t actsPerDir = numGates == 1 ? 1 : numGates == 3 ? 2 : 3;
  if (acts.empty()) {
    for (int64_t d = 0; d < numDirs; ++d) {
      if (numGates == 1) {
        acts.push_back("Tanh");
      } else {
        acts.push_back("Sigmoid");
        acts.push_back("Tanh");
        if (numGates == 4)
          acts.push_back("Tanh");
      }
    }
  }
  if ((int64_t)acts.size() != actsPerDir * numDirs) {
    nodeError(n) << "expected " << actsPerDir * numDirs << " activations, got "
                 << acts.size();
    return failure();
  }

  auto attr = [&](StringRef name, auto v) {
    if constexpr (std::is_same_v<decltype(v), int64_t>)
      return namedI64(name, v);
    else
      return builder.getNamedAttr(name, builder.getDenseI64ArrayAttr(v));
  };
  auto transpose = [&](Value v, ArrayRef<int64_t> perm) {
    return emit(
        n, "rt.transpose", v,
        {builder.getNamedAttr("perm", builder.getDenseI64ArrayAttr(perm))});
  };
  auto unsq = [&](Value v, int64_t axis) {
    return emitUnsqueeze(n, v, {axis});
  };
  auto pick = [&](Value v, int64_t i) {
    return emit(n, "rt.gather", {v, constI64(n.loc, {i}, /*scalar=*/true)});
  };
  auto split = [&](Value v, int64_t parts) -> SmallVector<Value> {
    if (!v)
      return SmallVector<Value>(parts, Value());
    FailureOr<SmallVector<Value>> s = createOp(
        n, "rt.split", v,
        {attr("axis", int64_t(-1)), attr("num_outputs", parts)}, parts);
    return failed(s) ? SmallVector<Value>(parts, Value()) : *s;
  };

  // Time-major X: [seq, batch, input].
  if (layout == 1)
    x = transpose(x, {1, 0, 2});
  auto xs = dyn_cast_or_null<RankedTensorType>(x ? x.getType() : Type());
  if (!xs)
    return failure();
  int64_t seq = xs.getDimSize(0);
  if (ShapedType::isDynamic(seq)) {
    nodeError(n) << "the sequence length must be static (the operator is "
                    "unrolled)";
    return failure();
  }
  if (Value lens = n.input(4)) {
    SmallVector<int64_t> v;
    if (!getConstantIntValues(lens, v) ||
        llvm::any_of(v, [&](int64_t l) { return l != seq; })) {
      nodeError(n) << "sequence_lens other than the full sequence length ("
                   << seq << ") are not supported";
      return failure();
    }
  }
  Value initH = n.input(5), initC = n.input(6), peep = n.input(7);
  if (numGates != 4)
    initC = peep = Value(); // Only LSTM has them (inputs 6, 7 absent).
  if (layout == 1) {
    if (initH)
      initH = transpose(initH, {1, 0, 2});
    if (initC)
      initC = transpose(initC, {1, 0, 2});
  }
  Type elt = xs.getElementType();
  auto zerosLike = [&](Value like) -> Value {
    // [batch, hidden] zeros, batch taken from X.
    Value batch = emit(n, "rt.shape", like,
                       {attr("start", int64_t(1)), attr("end", int64_t(2))});
    Value full = batch
                     ? emit(n, "rt.concat", {batch, constI64(n.loc, {hidden})},
                            {attr("axis", int64_t(0))})
                     : Value();
    auto zero = DenseElementsAttr::get(RankedTensorType::get({1}, elt),
                                       FloatAttr::get(elt, 0.0));
    return full ? emit(n, "rt.constant_of_shape", full,
                       {builder.getNamedAttr("value", zero)})
                : Value();
  };
  auto clipped = [&](Value v) -> Value {
    if (!clip || !v)
      return v;
    FailureOr<SmallVector<Value>> c = createOp(
        n, "rt.clip",
        {v, constScalar(n.loc, elt, -*clip), constScalar(n.loc, elt, *clip)},
        {}, 1, {1, 1, 1});
    return failed(c) ? Value() : (*c)[0];
  };
  auto one = constScalar(n.loc, elt, 1.0);

  SmallVector<Value> dirY, dirH, dirC;
  for (int64_t d = 0; d < numDirs; ++d) {
    bool reverse = direction == "reverse" || d == 1;
    auto act = [&](int64_t k, Value v) -> Value {
      if (!v)
        return v;
      int64_t idx = d * actsPerDir + k;
      std::optional<float> a, b;
      if (idx < (int64_t)alphas.size())
        a = alphas[idx];
      if (idx < (int64_t)betas.size())
        b = betas[idx];
      return recurrentActivation(n, acts[idx], v, a, b);
    };
    Value wT = transpose(pick(w, d), {1, 0}); // [input, G*H]
    Value rT = transpose(pick(r, d), {1, 0}); // [hidden, G*H]
    Value wb, rb;
    if (Value b = n.input(3)) {
      SmallVector<Value> halves = split(pick(b, d), 2);
      wb = halves[0], rb = halves[1];
    }
    Value xw = emit(n, "rt.matmul", {x, wT}); // [seq, batch, G*H]
    if (wb)
      xw = emit(n, "rt.add", {xw, wb});
    Value h = initH ? pick(initH, d) : zerosLike(x);
    Value c;
    if (numGates == 4)
      c = initC ? pick(initC, d) : zerosLike(x);
    SmallVector<Value> pi, rGates, rbGates;
    if (peep)
      pi = split(pick(peep, d), 3); // i, o, f
    if (numGates == 3) {
      rGates = split(rT, 3);
      if (rb)
        rbGates = split(rb, 3);
    }
    SmallVector<Value> ys(seq);
    for (int64_t step = 0; step < seq; ++step) {
      int64_t t = reverse ? seq - 1 - step : step;
      Value xt = pick(xw, t); // [batch, G*H]
      if (numGates == 3) {
        // GRU: z, r, h.
        SmallVector<Value> xg = split(xt, 3);
        auto rec = [&](int64_t k, Value state) {
          Value m = emit(n, "rt.matmul", {state, rGates[k]});
          return rb ? emit(n, "rt.add", {m, rbGates[k]}) : m;
        };
        Value z = act(0, clipped(emit(n, "rt.add", {xg[0], rec(0, h)})));
        Value rg = act(0, clipped(emit(n, "rt.add", {xg[1], rec(1, h)})));
        Value hh;
        if (linearBeforeReset)
          hh = emit(n, "rt.add", {xg[2], emit(n, "rt.mul", {rg, rec(2, h)})});
        else
          hh = emit(n, "rt.add", {xg[2], rec(2, emit(n, "rt.mul", {rg, h}))});
        hh = act(1, clipped(hh));
        // H = (1 - z) * hh + z * h.
        Value keep = emit(n, "rt.mul", {z, h});
        Value upd = emit(n, "rt.mul", {emit(n, "rt.sub", {one, z}), hh});
        h = emit(n, "rt.add", {upd, keep});
      } else {
        Value g = emit(n, "rt.add", {xt, emit(n, "rt.matmul", {h, rT})});
        if (rb)
          g = emit(n, "rt.add", {g, rb});
        if (numGates == 1) {
          h = act(0, clipped(g));
        } else {
          // LSTM: i, o, f, c.
          SmallVector<Value> gs = split(g, 4);
          Value i = gs[0], o = gs[1], f = gs[2], cc = gs[3];
          if (peep) {
            i = emit(n, "rt.add", {i, emit(n, "rt.mul", {pi[0], c})});
            f = emit(n, "rt.add", {f, emit(n, "rt.mul", {pi[2], c})});
          }
          i = act(0, clipped(i));
          f = act(0, clipped(f));
          cc = act(1, clipped(cc));
          c = emit(n, "rt.add",
                   {emit(n, "rt.mul", {f, c}), emit(n, "rt.mul", {i, cc})});
          if (peep)
            o = emit(n, "rt.add", {o, emit(n, "rt.mul", {pi[1], c})});
          o = act(0, clipped(o));
          h = emit(n, "rt.mul", {o, act(2, c)});
        }
      }
      if (!h)
        return failure();
      ys[t] = unsq(h, 0); // [1, batch, hidden]
    }
    dirY.push_back(ys.size() == 1
                       ? ys[0]
                       : emit(n, "rt.concat", ys, {attr("axis", int64_t(0))}));
    dirH.push_back(unsq(h, 0));
    if (c)
      dirC.push_back(unsq(c, 0));
  }
  // Y: [seq, dirs, batch, hidden]; Y_h, Y_c: [dirs, batch, hidden].
  for (Value &y : dirY)
    y = unsq(y, 1);
  auto stack = [&](SmallVector<Value> &vs, int64_t axis) -> Value {
    return vs.size() == 1 ? vs[0]
                          : emit(n, "rt.concat", vs, {attr("axis", axis)});
  };
  Value y = stack(dirY, 1), yh = stack(dirH, 0);
  Value yc = dirC.empty() ? Value() : stack(dirC, 0);
  if (layout == 1) {
    y = transpose(y, {2, 0, 1, 3});
    yh = transpose(yh, {1, 0, 2});
    if (yc)
      yc = transpose(yc, {1, 0, 2});
  }
  if (!y || !yh || (numGates == 4 && !yc))
    return failure();
  n.results[0] = y;
  if (n.results.size() > 1)
    n.results[1] = yh;
  if (n.results.size() > 2)
    n.results[2] = yc;
  return success();
}
