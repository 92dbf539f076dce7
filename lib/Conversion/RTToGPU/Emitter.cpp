//===- Emitter.cpp - the elemental GPU code emitter -----------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "Emitter.h"
#include "KernelArithmetic.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include <cmath>

#include "rt/Conversion/Common/ScalarSemantics.h"

using namespace mlir;
using namespace mlir::rt;
using namespace mlir::rt::lowering;
using namespace mlir::rt::gpugen;

/// Element type kept in memory (unsigned integers become signless).
Type gpugen::storageType(Type elt) {
  if (auto i = dyn_cast<IntegerType>(elt))
    return IntegerType::get(elt.getContext(), i.getWidth());
  return elt;
}

/// Element type computed in: 16-bit floats widen to float32.
Type gpugen::computeType(Type elt) {
  if (elt.isF16() || elt.isBF16())
    return Float32Type::get(elt.getContext());
  return storageType(elt);
}

ConvWindow::ConvWindow(ConvOp conv) : channelsLast(conv.getChannelsLast()) {
  auto x = tensorType(conv.getInput()), w = tensorType(conv.getWeight());
  auto r = tensorType(conv.getResult());
  int64_t first = channelsLast ? 1 : 2;
  for (int d = 0; d < 2; ++d) {
    in.push_back(x.getDimSize(first + d));
    kernel.push_back(w.getDimSize(first + d));
    out.push_back(r.getDimSize(first + d));
  }
  batch = x.getDimSize(0);
  channels = w.getDimSize(channelsLast ? 3 : 1);
  if (auto s = conv.getStrides())
    strides.assign(s->begin(), s->end());
  if (auto d = conv.getDilations())
    dilations.assign(d->begin(), d->end());
  windowPads(in, kernel, strides, dilations, conv.getPads(), conv.getAutoPad(),
             lo, hi);
}

bool ConvWindow::isPointwise() const {
  auto zero = [](int64_t v) { return v == 0; };
  return llvm::all_of(kernel, [](int64_t k) { return k == 1; }) &&
         llvm::all_of(strides, [](int64_t s) { return s == 1; }) &&
         llvm::all_of(lo, zero) && llvm::all_of(hi, zero);
}

SmallVector<Value> Emitter::reshapeIndices(ArrayRef<Value> idx,
                                           ArrayRef<int64_t> from,
                                           ArrayRef<int64_t> to) {
  // Unit dimensions added or removed: indices carry over.
  SmallVector<int64_t> a, c;
  for (int64_t d : from)
    if (d != 1)
      a.push_back(d);
  for (int64_t d : to)
    if (d != 1)
      c.push_back(d);
  if (a != c)
    return delinearize(linearize(idx, from), to);
  SmallVector<Value> nonUnit;
  for (size_t d = 0; d < from.size(); ++d)
    if (from[d] != 1)
      nonUnit.push_back(idx[d]);
  SmallVector<Value> out;
  size_t k = 0;
  for (int64_t d : to)
    out.push_back(d == 1 ? cst(0) : nonUnit[k++]);
  return out;
}

FailureOr<SmallVector<Value>> Emitter::loop(
    int64_t n, ValueRange init,
    function_ref<FailureOr<SmallVector<Value>>(Value, ValueRange)> body) {
  return loop(cst(0), n, 1, init, body);
}

FailureOr<SmallVector<Value>> Emitter::loop(
    Value start, int64_t n, int64_t step, ValueRange init,
    function_ref<FailureOr<SmallVector<Value>>(Value, ValueRange)> body) {
  auto forOp = scf::ForOp::create(b, loc, start, cst(n), cst(step), init);
  // Without loop-carried values the builder adds an empty scf.yield.
  if (!forOp.getBody()->empty())
    forOp.getBody()->back().erase();
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(forOp.getBody());
  scopes.emplace_back();
  FailureOr<SmallVector<Value>> r =
      body(forOp.getInductionVar(), forOp.getRegionIterArgs());
  scopes.pop_back();
  if (failed(r))
    return failure();
  scf::YieldOp::create(b, loc, *r);
  return SmallVector<Value>(forOp.getResults());
}

LogicalResult
Emitter::walkTile(int64_t rows, int64_t cols, int64_t width, Value tid,
                  int64_t threads,
                  function_ref<LogicalResult(Value, Value)> body) {
  const int64_t perRow = cols / width;
  const int64_t items = rows * perRow;
  auto r = loop(
      (items + threads - 1) / threads, ValueRange{},
      [&](Value i, ValueRange) -> FailureOr<SmallVector<Value>> {
        Value e = arith::AddIOp::create(
            b, loc, arith::MulIOp::create(b, loc, i, cst(threads)), tid);
        OpBuilder::InsertionGuard guard(b);
        if (items % threads) {
          auto ifOp = scf::IfOp::create(
              b, loc, TypeRange{},
              arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, e,
                                    cst(items)),
              false);
          b.setInsertionPointToStart(ifOp.thenBlock());
        }
        Value row = arith::DivUIOp::create(b, loc, e, cst(perRow));
        Value col =
            width == 1
                ? (Value)arith::RemUIOp::create(b, loc, e, cst(cols))
                : (Value)arith::MulIOp::create(
                      b, loc, arith::RemUIOp::create(b, loc, e, cst(perRow)),
                      cst(width));
        if (failed(body(row, col)))
          return failure();
        return SmallVector<Value>{};
      });
  return failure(failed(r));
}

FailureOr<Value> Emitter::buildReading(
    Value src, Type type,
    function_ref<Value(function_ref<Value(ArrayRef<Value>)>)> build) {
  bool failedRead = false;
  Value v = build([&](ArrayRef<Value> at) -> Value {
    FailureOr<Value> x = emit(src, at);
    if (failed(x)) {
      failedRead = true;
      return zero(type);
    }
    return *x;
  });
  if (failedRead)
    return failure();
  return v;
}

FailureOr<Value> Emitter::emit(Value v, ArrayRef<Value> idx) {
  if (auto o = overrides.find(v); o != overrides.end())
    return o->second;
  Key k = key(v, idx);
  for (auto it = scopes.rbegin(); it != scopes.rend(); ++it) {
    auto found = it->values.find(k);
    if (found != it->values.end())
      return found->second;
  }
  FailureOr<Value> r;
  if (auto m = memrefs.find(v); m != memrefs.end()) {
    Value x = loadColumn(m->second, idx);
    if (!x)
      x = memref::LoadOp::create(b, loc, m->second, idx);
    Type ct = computeType(tensorType(v).getElementType());
    if (x.getType() != ct)
      x = arith::ExtFOp::create(b, loc, ct, x);
    r = x;
  } else if (Operation *def = v.getDefiningOp()) {
    r = emitOp(def, v, idx);
  } else {
    return emitError(loc) << "fusion group '" << group
                          << "' reads a value it cannot see";
  }
  if (succeeded(r))
    scopes.back().values[k] = *r;
  return r;
}

Value Emitter::loadColumn(Value memref, ArrayRef<Value> idx) {
  if (!columnBlock || b.getInsertionBlock() != columnBlock || idx.empty())
    return nullptr;
  auto mt = cast<MemRefType>(memref.getType());
  Type elt = mt.getElementType();
  if (!isa<FloatType>(elt) || mt.getShape().back() % 8 ||
      (int64_t)idx.size() != mt.getRank())
    return nullptr;
  // The innermost index: base or base + j.
  Value last = idx.back(), base;
  int64_t lane = 0;
  if (llvm::is_contained(columnBases, last)) {
    base = last;
  } else if (auto add = last.getDefiningOp<arith::AddIOp>()) {
    for (int side = 0; side < 2 && !base; ++side) {
      Value x = add->getOperand(side), y = add->getOperand(1 - side);
      std::optional<int64_t> j = getConstantIntValue(y);
      if (llvm::is_contained(columnBases, x) && j && *j >= 0 && *j < 8) {
        base = x;
        lane = *j;
      }
    }
  }
  if (!base)
    return nullptr;
  // One vector per memref, leading indices (constants by value) and base.
  std::vector<int64_t> k{(int64_t)(intptr_t)memref.getAsOpaquePointer(),
                         (int64_t)(intptr_t)base.getAsOpaquePointer()};
  for (Value i : idx.drop_back()) {
    if (std::optional<int64_t> c = getConstantIntValue(i)) {
      k.push_back(0);
      k.push_back(*c);
    } else {
      k.push_back(1);
      k.push_back((int64_t)(intptr_t)i.getAsOpaquePointer());
    }
  }
  Value &vec = columnVectors[k];
  if (!vec) {
    SmallVector<Value> at(idx.drop_back());
    at.push_back(base);
    vec = vector::LoadOp::create(
        b, loc, VectorType::get({8}, elt), memref, at, false,
        llvm::MaybeAlign(std::min<int64_t>(16, elt.getIntOrFloatBitWidth())));
  }
  return vector::ExtractOp::create(b, loc, vec, ArrayRef<int64_t>{lane});
}

Value Emitter::windowIndex(Value o, Value k, int64_t stride, int64_t dilation,
                           int64_t padLo, int64_t size, Value &valid) {
  Value i = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, o, cst(stride)),
      arith::MulIOp::create(b, loc, k, cst(dilation)));
  i = arith::SubIOp::create(b, loc, i, cst(padLo));
  valid = arith::AndIOp::create(
      b, loc, valid,
      arith::AndIOp::create(
          b, loc,
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, i, cst(0)),
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, i,
                                cst(size))));
  return arith::MinSIOp::create(
      b, loc, arith::MaxSIOp::create(b, loc, i, cst(0)), cst(size - 1));
}

SmallVector<Value> Emitter::batchIndices(RankedTensorType t,
                                         ArrayRef<Value> batch,
                                         int64_t matDims) {
  SmallVector<Value> r;
  int64_t tb = t.getRank() - matDims, nb = batch.size();
  for (int64_t d = 0; d < tb; ++d)
    r.push_back(t.getDimSize(d) == 1 ? cst(0) : batch[nb - tb + d]);
  return r;
}

FailureOr<Value> Emitter::emitBroadcast(Value operand, ArrayRef<Value> idx,
                                        ArrayRef<int64_t> resultShape) {
  auto t = tensorType(operand);
  int64_t off = resultShape.size() - t.getRank();
  SmallVector<Value> sub;
  for (int64_t d = 0; d < t.getRank(); ++d)
    sub.push_back(t.getDimSize(d) == 1 && resultShape[d + off] != 1
                      ? cst(0)
                      : idx[d + off]);
  return emit(operand, sub);
}

FailureOr<Value> Emitter::emitOp(Operation *op, Value v, ArrayRef<Value> idx) {
  auto rt = tensorType(v);
  ArrayRef<int64_t> shape = rt.getShape();
  Type ct = computeType(rt.getElementType());

  if (auto c = dyn_cast<ConstantOp>(op)) {
    auto attr = dyn_cast<DenseElementsAttr>(c.getValue());
    if (!attr || !attr.isSplat())
      return fail(op, "a non-splat constant was not made a kernel input");
    Attribute e = attr.getSplatValue<Attribute>();
    if (auto f = dyn_cast<FloatAttr>(e))
      return scalarConstant(b, loc, ct, f.getValueAsDouble());
    if (auto i = dyn_cast<IntegerAttr>(e))
      return (Value)arith::ConstantOp::create(
          b, loc, ct, b.getIntegerAttr(ct, i.getValue().getSExtValue()));
    return fail(op, "unsupported constant element");
  }

  if (auto gelu = dyn_cast<GeluOp>(op); gelu && ct.isF32()) {
    FailureOr<Value> x = emitBroadcast(gelu.getInput(), idx, shape);
    if (failed(x))
      return failure();
    return buildFastGelu(b, loc, *x, gelu.getApproximate() == "tanh");
  }

  if (hasScalarElementwise(op)) {
    SmallVector<Value> args;
    for (Value operand : op->getOperands()) {
      FailureOr<Value> a = emitBroadcast(operand, idx, shape);
      if (failed(a))
        return failure();
      args.push_back(*a);
    }
    Value r = buildScalarElementwise(b, loc, op, args, ct);
    if (!r)
      return fail(op, "no scalar form");
    return r;
  }

  if (auto t = dyn_cast<TransposeOp>(op)) {
    SmallVector<int64_t> perm = transposePermutation(t.getPerm(), idx.size());
    SmallVector<Value> in(idx.size());
    for (size_t i = 0; i < perm.size(); ++i)
      in[perm[i]] = idx[i];
    return emit(t.getInput(), in);
  }
  if (isa<ReshapeOp, FlattenOp, SqueezeOp, UnsqueezeOp>(op)) {
    Value in = op->getOperand(0);
    ArrayRef<int64_t> inShape = tensorType(in).getShape();
    return emit(in, reshapeIndices(idx, shape, inShape));
  }
  if (auto e = dyn_cast<ExpandOp>(op))
    return emitBroadcast(e.getInput(), idx, shape);
  if (auto s = dyn_cast<SplitOp>(op)) {
    int64_t axis = s.getAxis();
    auto inT = tensorType(s.getInput());
    if (axis < 0)
      axis += inT.getRank();
    int64_t offset = 0;
    for (unsigned r = 0; r < cast<OpResult>(v).getResultNumber(); ++r)
      offset += tensorType(s->getResult(r)).getDimSize(axis);
    SmallVector<Value> in(idx);
    in[axis] = arith::AddIOp::create(b, loc, idx[axis], cst(offset));
    return emit(s.getInput(), in);
  }
  if (auto g = dyn_cast<GatherOp>(op)) {
    auto dataT = tensorType(g.getInput());
    int64_t axis = g.getAxis();
    if (axis < 0)
      axis += dataT.getRank();
    int64_t q = tensorType(g.getIndices()).getRank();
    FailureOr<Value> i = emit(g.getIndices(), idx.slice(axis, q));
    if (failed(i))
      return failure();
    SmallVector<Value> in(idx.take_front(axis));
    in.push_back(toIndex(*i, dataT.getDimSize(axis), op, axis));
    llvm::append_range(in, idx.drop_front(axis + q));
    return emit(g.getInput(), in);
  }
  if (auto g = dyn_cast<GatherElementsOp>(op)) {
    auto dataT = tensorType(g.getInput());
    int64_t axis = g.getAxis();
    if (axis < 0)
      axis += dataT.getRank();
    FailureOr<Value> i = emit(g.getIndices(), idx);
    if (failed(i))
      return failure();
    SmallVector<Value> in(idx);
    in[axis] = toIndex(*i, dataT.getDimSize(axis), op, axis);
    return emit(g.getInput(), in);
  }
  if (auto c = dyn_cast<ConcatOp>(op))
    return emitConcat(c, idx, 0, 0);
  if (auto s = dyn_cast<ShapeOp>(op)) {
    auto inT = tensorType(s.getInput());
    int64_t rank = inT.getRank();
    int64_t start = s.getStart(), end = s.getEnd().value_or(rank);
    if (start < 0)
      start += rank;
    if (end < 0)
      end += rank;
    start = std::clamp<int64_t>(start, 0, rank);
    Value r = zero(ct);
    for (int64_t d = start; d < end; ++d) {
      Value is = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, idx[0],
                                       cst(d - start));
      r = arith::SelectOp::create(
          b, loc, is,
          arith::ConstantOp::create(b, loc, ct,
                                    b.getIntegerAttr(ct, inT.getDimSize(d))),
          r);
    }
    return r;
  }
  if (isa<MatMulOp, GemmOp, ConvTransposeOp, ConvOp, MaxPoolOp, AveragePoolOp,
          GlobalAveragePoolOp, GlobalMaxPoolOp>(op))
    return emitContractionOrWindow(op, v, idx);
  if (isa<PadOp, QuantizeLinearOp, DequantizeLinearOp, ResizeOp, ArgMaxOp,
          ArgMinOp, OneHotOp, CumSumOp, SliceOp, TileOp>(op))
    return emitDataMovement(op, v, idx);
  if (isa<DepthToSpaceOp, SpaceToDepthOp, TriluOp, EyeLikeOp, EinsumOp>(op))
    return emitStructuredOp(op, v, idx);
  if (isa<TopKOp, ScatterElementsOp, ScatterNDOp, GatherNDOp>(op))
    return emitSelectionOp(op, v, idx);
  if (isa<BatchNormalizationOp, InstanceNormalizationOp, LRNOp,
          LayerNormalizationOp, AttentionOp, ReduceSumOp, ReduceMeanOp,
          ReduceMaxOp, ReduceMinOp, ReduceProdOp, ReduceL1Op, ReduceL2Op,
          ReduceLogSumOp, ReduceLogSumExpOp, ReduceSumSquareOp, SoftmaxOp,
          LogSoftmaxOp, HardmaxOp>(op))
    return emitNormalizationOrReduction(op, v, idx);
  return fail(op, "no GPU kernel form for this op yet");
}

/// MatMul, Gemm, convolutions and pooling: loops over the reduced indices or
/// the window.
FailureOr<Value> Emitter::emitContractionOrWindow(Operation *op, Value v,
                                                  ArrayRef<Value> idx) {
  auto rt = tensorType(v);
  ArrayRef<int64_t> shape = rt.getShape();
  Type ct = computeType(rt.getElementType());

  if (auto m = dyn_cast<MatMulOp>(op))
    return emitMatMul(op, m.getLhs(), m.getRhs(), idx, false, false,
                      rt.getRank());
  if (auto g = dyn_cast<GemmOp>(op)) {
    FailureOr<Value> acc = emitMatMul(op, g.getA(), g.getB(), idx,
                                      g.getTransA(), g.getTransB(), 2);
    if (failed(acc))
      return failure();
    Value r = *acc;
    if (g.getAlpha().convertToFloat() != 1.0f)
      r = mulF(r, scalarConstant(b, loc, ct, g.getAlpha().convertToDouble()));
    if (g.getC()) {
      FailureOr<Value> c = emitBroadcast(g.getC(), idx, shape);
      if (failed(c))
        return failure();
      Value cv = *c;
      if (g.getBeta().convertToFloat() != 1.0f)
        cv =
            mulF(cv, scalarConstant(b, loc, ct, g.getBeta().convertToDouble()));
      r = addF(r, cv);
    }
    return r;
  }
  if (auto c = dyn_cast<ConvTransposeOp>(op))
    return emitConvTranspose(c, idx);
  if (auto c = dyn_cast<ConvOp>(op))
    return emitConv(c, idx);
  if (auto p = dyn_cast<MaxPoolOp>(op)) {
    if (op->getNumResults() > 1 && !op->getResult(1).use_empty())
      return fail(op, "the Indices output has no GPU form yet");
    return emitPool(op, p.getInput(), idx, /*isMax=*/true);
  }
  if (auto p = dyn_cast<AveragePoolOp>(op))
    return emitPool(op, p.getInput(), idx, /*isMax=*/false);
  if (auto p = dyn_cast<GlobalAveragePoolOp>(op))
    return emitGlobalPool(op, p.getInput(), idx, false);
  if (auto p = dyn_cast<GlobalMaxPoolOp>(op))
    return emitGlobalPool(op, p.getInput(), idx, true);
  return fail(op, "no GPU kernel form for this op yet");
}

/// Pad, quantization, Resize, arg-reductions, OneHot, CumSum, Slice and Tile.
FailureOr<Value> Emitter::emitDataMovement(Operation *op, Value v,
                                           ArrayRef<Value> idx) {
  auto rt = tensorType(v);
  ArrayRef<int64_t> shape = rt.getShape();
  Type ct = computeType(rt.getElementType());

  if (auto p = dyn_cast<PadOp>(op))
    return emitPad(p, idx);
  if (isa<QuantizeLinearOp, DequantizeLinearOp>(op)) {
    // The CPU lowering's arithmetic (RTToLinalgMore.cpp): float32 with
    // round-half-even and saturation for Quantize, (x - zp) * scale for
    // Dequantize; per-tensor, per-axis or blocked parameters.
    bool quantize = isa<QuantizeLinearOp>(op);
    Value input = op->getOperand(0), scale = op->getOperand(1);
    Value zp = op->getNumOperands() > 2 ? op->getOperand(2) : Value();
    int64_t rank = rt.getRank();
    int64_t axis = op->getAttrOfType<IntegerAttr>("axis").getInt();
    if (axis < 0)
      axis += rank;
    auto blockAttr = op->getAttrOfType<IntegerAttr>("block_size");
    int64_t block = blockAttr ? blockAttr.getInt() : 0;
    Type f32 = b.getF32Type();
    SmallVector<Value> pi =
        lowering::quantParamIndex(b, loc, idx, tensorType(scale), axis, block);
    FailureOr<Value> x = emit(input, idx);
    FailureOr<Value> s = emit(scale, pi);
    if (failed(x) || failed(s))
      return failure();
    Value sf = lowering::castScalar(b, loc, *s, f32, false, false);
    Value zf;
    if (zp) {
      FailureOr<Value> z = emit(zp, pi);
      if (failed(z))
        return failure();
      zf = lowering::castScalar(b, loc, *z, f32,
                                lowering::isUnsigned(zp.getType()), false);
    }
    if (!quantize) {
      bool u = lowering::isUnsigned(input.getType());
      if (!isa<IntegerType>(tensorType(input).getElementType()))
        return fail(op, "the input must be an integer tensor");
      Value xf = lowering::castScalar(b, loc, *x, f32, u, false);
      if (zf)
        xf = arith::SubFOp::create(b, loc, xf, zf);
      return lowering::castScalar(b, loc, arith::MulFOp::create(b, loc, xf, sf),
                                  ct, false, false);
    }
    auto outInt = dyn_cast<IntegerType>(rt.getElementType());
    if (!outInt)
      return fail(op, "the result must be an integer tensor");
    bool u = lowering::isUnsigned(rt);
    unsigned w = outInt.getWidth();
    double lo = u ? 0 : -std::ldexp(1.0, w - 1),
           hi = u ? std::ldexp(1.0, w) - 1 : std::ldexp(1.0, w - 1) - 1;
    Value q = math::RoundEvenOp::create(
        b, loc,
        arith::DivFOp::create(
            b, loc, lowering::castScalar(b, loc, *x, f32, false, false), sf));
    if (zf)
      q = arith::AddFOp::create(b, loc, q, zf);
    q = arith::MaximumFOp::create(b, loc, q,
                                  lowering::scalarConstant(b, loc, f32, lo));
    q = arith::MinimumFOp::create(b, loc, q,
                                  lowering::scalarConstant(b, loc, f32, hi));
    return lowering::castScalar(b, loc, q, ct, false, u);
  }
  if (auto r = dyn_cast<ResizeOp>(op)) {
    // The CPU lowering's element computation, reading through the emitter.
    auto inT = tensorType(r.getInput());
    FailureOr<lowering::ResizePlan> plan =
        lowering::planResize(r, inT, tensorType(r.getResult()));
    if (failed(plan))
      return fail(op, "only nearest, linear and cubic modes with constant "
                      "scales or sizes (and roi, for tf_crop_and_resize) and "
                      "no antialiasing have a GPU form");
    return buildReading(r.getInput(), ct, [&](auto read) {
      return lowering::buildResizeElement(
          b, loc, *plan, inT, tensorType(r.getResult()), ct, idx, read);
    });
  }
  if (isa<ArgMaxOp, ArgMinOp>(op))
    return emitArgReduce(op, idx);
  if (auto oh = dyn_cast<OneHotOp>(op)) {
    int64_t rank = shape.size();
    int64_t axis = oh.getAxis();
    if (axis < 0)
      axis += rank;
    SmallVector<Value> ii;
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis)
        ii.push_back(idx[d]);
    FailureOr<Value> v = emit(oh.getIndices(), ii);
    if (failed(v))
      return failure();
    Value vi = *v;
    if (isa<FloatType>(vi.getType()))
      vi = lowering::castScalar(b, loc, vi, b.getI64Type(), false, false);
    vi = arith::IndexCastOp::create(b, loc, b.getIndexType(), vi);
    // Negative indices count from the back of the depth.
    Value neg =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, vi, cst(0));
    vi = arith::SelectOp::create(
        b, loc, neg, arith::AddIOp::create(b, loc, vi, cst(shape[axis])), vi);
    Value hit =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, vi, idx[axis]);
    FailureOr<Value> off = emit(oh.getValues(), {cst(0)});
    FailureOr<Value> on = emit(oh.getValues(), {cst(1)});
    if (failed(off) || failed(on))
      return failure();
    return (Value)arith::SelectOp::create(b, loc, hit, *on, *off);
  }
  if (auto cs = dyn_cast<CumSumOp>(op)) {
    SmallVector<int64_t> axisV;
    if (!getConstantIntValues(cs.getAxis(), axisV) || axisV.size() != 1)
      return fail(op, "the axis must be a constant");
    int64_t rank = shape.size();
    int64_t axis = axisV[0] < 0 ? axisV[0] + rank : axisV[0];
    bool exclusive = cs.getExclusive() != 0, reverse = cs.getReverse() != 0;
    // out[i] = sum of x[j] over j <= i (reverse: j >= i), strictly when
    // exclusive.
    auto pred = reverse ? (exclusive ? arith::CmpIPredicate::ugt
                                     : arith::CmpIPredicate::uge)
                        : (exclusive ? arith::CmpIPredicate::ult
                                     : arith::CmpIPredicate::ule);
    auto r =
        loop(shape[axis], ValueRange{zero(ct)},
             [&](Value j, ValueRange a) -> FailureOr<SmallVector<Value>> {
               SmallVector<Value> in(idx);
               in[axis] = j;
               FailureOr<Value> x = emit(cs.getInput(), in);
               if (failed(x))
                 return failure();
               Value take = arith::CmpIOp::create(b, loc, pred, j, idx[axis]);
               return SmallVector<Value>{
                   arith::SelectOp::create(b, loc, take, addF(a[0], *x), a[0])};
             });
    if (failed(r))
      return failure();
    return (*r)[0];
  }
  if (auto sl = dyn_cast<SliceOp>(op)) {
    SmallVector<int64_t> begin, stride;
    if (failed(getStaticSliceBounds(sl, begin, stride)))
      return fail(op, "the starts, axes and steps must be constants");
    SmallVector<Value> in;
    for (size_t d = 0; d < idx.size(); ++d)
      in.push_back(arith::AddIOp::create(
          b, loc, cst(begin[d]),
          arith::MulIOp::create(b, loc, idx[d], cst(stride[d]))));
    return emit(sl.getInput(), in);
  }
  if (auto t = dyn_cast<TileOp>(op)) {
    auto inT = tensorType(t.getInput());
    SmallVector<Value> in;
    for (size_t d = 0; d < idx.size(); ++d)
      in.push_back(inT.getDimSize(d) == shape[d]
                       ? idx[d]
                       : (Value)arith::RemUIOp::create(b, loc, idx[d],
                                                       cst(inT.getDimSize(d))));
    return emit(t.getInput(), in);
  }
  return fail(op, "no GPU kernel form for this op yet");
}

/// DepthToSpace/SpaceToDepth, Trilu, EyeLike, Einsum, TopK, scatters and
/// GatherND.
FailureOr<Value> Emitter::emitStructuredOp(Operation *op, Value v,
                                           ArrayRef<Value> idx) {
  auto rt = tensorType(v);
  ArrayRef<int64_t> shape = rt.getShape();
  Type ct = computeType(rt.getElementType());

  if (isa<DepthToSpaceOp, SpaceToDepthOp>(op)) {
    // NCHW, as ONNX defines them.
    bool toSpace = isa<DepthToSpaceOp>(op);
    int64_t bs = toSpace ? cast<DepthToSpaceOp>(op).getBlocksize()
                         : cast<SpaceToDepthOp>(op).getBlocksize();
    bool crd = toSpace && cast<DepthToSpaceOp>(op).getMode() == "CRD";
    Value input = op->getOperand(0);
    int64_t inC = tensorType(input).getDimSize(1), c = shape[1];
    auto div = [&](Value v, int64_t k) -> Value {
      return arith::DivUIOp::create(b, loc, v, cst(k));
    };
    auto rem = [&](Value v, int64_t k) -> Value {
      return arith::RemUIOp::create(b, loc, v, cst(k));
    };
    auto mul = [&](Value v, int64_t k) -> Value {
      return arith::MulIOp::create(b, loc, v, cst(k));
    };
    auto add = [&](Value x, Value y) -> Value {
      return arith::AddIOp::create(b, loc, x, y);
    };
    SmallVector<Value> in;
    if (toSpace) {
      // out[n, c, h, w] = in[n, channel(c, h % bs, w % bs), h / bs, w / bs]
      Value bh = rem(idx[2], bs), bw = rem(idx[3], bs);
      Value ch = crd ? add(mul(idx[1], bs * bs), add(mul(bh, bs), bw))
                     : add(mul(add(mul(bh, bs), bw), c), idx[1]);
      in = {idx[0], ch, div(idx[2], bs), div(idx[3], bs)};
    } else {
      // out[n, c, h, w] = in[n, c % C, h * bs + (c / C) / bs,
      //                      w * bs + (c / C) % bs]
      Value off = div(idx[1], inC);
      in = {idx[0], rem(idx[1], inC), add(mul(idx[2], bs), div(off, bs)),
            add(mul(idx[3], bs), rem(off, bs))};
    }
    return emit(input, in);
  }
  if (auto t = dyn_cast<TriluOp>(op)) {
    int64_t r = shape.size();
    Value k = cst(0);
    if (Value kv = t.getK()) {
      FailureOr<Value> kk =
          emit(kv, SmallVector<Value>(tensorType(kv).getRank(), cst(0)));
      if (failed(kk))
        return failure();
      k = arith::IndexCastOp::create(b, loc, b.getIndexType(), *kk);
    }
    // Keep j - i >= k (upper) or j - i <= k (lower).
    Value diff = arith::SubIOp::create(b, loc, idx[r - 1], idx[r - 2]);
    Value keep = arith::CmpIOp::create(b, loc,
                                       t.getUpper() ? arith::CmpIPredicate::sge
                                                    : arith::CmpIPredicate::sle,
                                       diff, k);
    FailureOr<Value> x = emit(t.getInput(), idx);
    if (failed(x))
      return failure();
    return (Value)arith::SelectOp::create(b, loc, keep, *x, zero(ct));
  }
  if (auto e = dyn_cast<EyeLikeOp>(op)) {
    Value diff = arith::SubIOp::create(b, loc, idx[1], idx[0]);
    Value on = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, diff,
                                     cst(e.getK()));
    return (Value)arith::SelectOp::create(
        b, loc, on, lowering::scalarConstant(b, loc, ct, 1), zero(ct));
  }
  if (auto es = dyn_cast<EinsumOp>(op)) {
    // The CPU lowering's plan (lowering::planEinsum): output labels from
    // the element's indices, one loop over the reduced labels' product, the
    // inputs multiplied at their labels (a repeated label reads a diagonal).
    FailureOr<lowering::EinsumPlan> plan =
        lowering::planEinsum(es.getEquation(), es.getInputs().getTypes());
    if (failed(plan))
      return fail(op, "the equation does not fit its inputs");
    const llvm::DenseMap<char, int64_t> &size = plan->extent;
    StringRef reduced = StringRef(plan->loops).drop_front(plan->out.size());
    SmallVector<int64_t> redShape;
    int64_t count = 1;
    for (char c : reduced) {
      redShape.push_back(size.lookup(c));
      count *= size.lookup(c);
    }
    auto r =
        loop(count, ValueRange{zero(ct)},
             [&](Value lin, ValueRange a) -> FailureOr<SmallVector<Value>> {
               SmallVector<Value> red = delinearize(lin, redShape);
               auto labelIndex = [&](char c) -> Value {
                 if (size_t p = plan->out.find(c); p != std::string::npos)
                   return idx[p];
                 return red[reduced.find(c)];
               };
               Value p;
               for (auto [t, in] : llvm::zip(plan->terms, es.getInputs())) {
                 // A dimension of size 1 where the label is longer
                 // broadcasts.
                 SmallVector<Value> at;
                 for (auto [c, d] : llvm::zip(t, tensorType(in).getShape()))
                   at.push_back(d == 1 && size.lookup(c) != 1 ? cst(0)
                                                              : labelIndex(c));
                 FailureOr<Value> v = emit(in, at);
                 if (failed(v))
                   return failure();
                 p = p ? mulF(p, *v) : *v;
               }
               return SmallVector<Value>{addF(a[0], p)};
             });
    if (failed(r))
      return failure();
    return (*r)[0];
  }

  return fail(op, "no GPU kernel form for this op yet");
}

/// TopK, scatters and GatherND.
FailureOr<Value> Emitter::emitSelectionOp(Operation *op, Value v,
                                          ArrayRef<Value> idx) {
  auto rt = tensorType(v);
  ArrayRef<int64_t> shape = rt.getShape();
  Type ct = computeType(rt.getElementType());

  if (auto tk = dyn_cast<TopKOp>(op)) {
    // The CPU lowering's ranking: output position j along the axis is the
    // element with exactly j better elements (larger / smaller, or equal at
    // a lower index). Quadratic in the axis length: a fallback form.
    auto inT = tensorType(tk.getInput());
    int64_t axis = tk.getAxis();
    if (axis < 0)
      axis += inT.getRank();
    int64_t n = inT.getDimSize(axis);
    bool largest = tk.getLargest() != 0;
    bool u = lowering::isUnsigned(tk.getInput().getType());
    Type vt = computeType(inT.getElementType());
    bool isFloat = isa<FloatType>(vt);
    auto better = [&](Value a, Value ia, Value c, Value ic) -> Value {
      Value strict, eq;
      if (isFloat) {
        strict = arith::CmpFOp::create(b, loc,
                                       largest ? arith::CmpFPredicate::OGT
                                               : arith::CmpFPredicate::OLT,
                                       a, c);
        eq = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, a, c);
      } else {
        strict = arith::CmpIOp::create(
            b, loc,
            largest
                ? (u ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt)
                : (u ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt),
            a, c);
        eq = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, a, c);
      }
      Value lower =
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, ia, ic);
      return arith::OrIOp::create(b, loc, strict,
                                  arith::AndIOp::create(b, loc, eq, lower));
    };
    Value j = idx[axis];
    Type i64 = b.getI64Type();
    auto r = loop(
        n, ValueRange{zero(vt), zero(i64)},
        [&](Value ci, ValueRange acc) -> FailureOr<SmallVector<Value>> {
          SmallVector<Value> at(idx);
          at[axis] = ci;
          FailureOr<Value> cv = emit(tk.getInput(), at);
          if (failed(cv))
            return failure();
          auto cnt = loop(
              n, ValueRange{cst(0)},
              [&](Value mi, ValueRange c) -> FailureOr<SmallVector<Value>> {
                SmallVector<Value> mat(idx);
                mat[axis] = mi;
                FailureOr<Value> mv = emit(tk.getInput(), mat);
                if (failed(mv))
                  return failure();
                Value inc = arith::SelectOp::create(
                    b, loc, better(*mv, mi, *cv, ci), cst(1), cst(0));
                return SmallVector<Value>{
                    arith::AddIOp::create(b, loc, c[0], inc)};
              });
          if (failed(cnt))
            return failure();
          Value hit = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                            (*cnt)[0], j);
          Value ci64 = arith::IndexCastOp::create(b, loc, i64, ci);
          return SmallVector<Value>{
              arith::SelectOp::create(b, loc, hit, *cv, acc[0]),
              arith::SelectOp::create(b, loc, hit, ci64, acc[1])};
        });
    if (failed(r))
      return failure();
    Value out = v == tk->getResult(0) ? (*r)[0] : (*r)[1];
    if (out.getType() != ct && isa<IntegerType>(ct))
      out = lowering::castScalar(b, loc, out, ct, false, false);
    return out;
  }
  if (isa<ScatterElementsOp, ScatterNDOp>(op)) {
    // Pull form of the CPU lowering's in-order scatter: the data element,
    // then every update whose destination is this element combined in
    // update order (later updates win with reduction none). A loop over
    // all updates per element: a fallback form for small scatters.
    bool nd = isa<ScatterNDOp>(op);
    Value data = op->getOperand(0), indices = op->getOperand(1),
          updates = op->getOperand(2);
    StringRef reduction =
        op->getAttrOfType<StringAttr>("reduction")
            ? op->getAttrOfType<StringAttr>("reduction").getValue()
            : StringRef("none");
    if (!llvm::is_contained(
            ArrayRef<StringRef>{"none", "add", "mul", "max", "min"}, reduction))
      return fail(op, "unknown reduction '" + reduction + "'");
    auto idxT = tensorType(indices), upT = tensorType(updates);
    int64_t rank = rt.getRank(), q = idxT.getRank();
    int64_t axis = 0;
    if (!nd) {
      axis = op->getAttrOfType<IntegerAttr>("axis").getInt();
      if (axis < 0)
        axis += rank;
    }
    int64_t depth = nd ? idxT.getDimSize(q - 1) : 0;
    bool u = lowering::isUnsigned(rt);
    FailureOr<Value> init = emit(data, idx);
    if (failed(init))
      return failure();
    auto r =
        loop(upT.getNumElements(), ValueRange{*init},
             [&](Value lin, ValueRange a) -> FailureOr<SmallVector<Value>> {
               SmallVector<Value> ivs = delinearize(lin, upT.getShape());
               SmallVector<Value> dst;
               if (nd) {
                 SmallVector<Value> at(ivs.begin(), ivs.begin() + (q - 1));
                 for (int64_t j = 0; j < depth; ++j) {
                   SmallVector<Value> ii(at);
                   ii.push_back(cst(j));
                   FailureOr<Value> v = emit(indices, ii);
                   if (failed(v))
                     return failure();
                   dst.push_back(toIndex(*v, shape[j], op, j));
                 }
                 for (int64_t k = q - 1; k < (int64_t)ivs.size(); ++k)
                   dst.push_back(ivs[k]);
               } else {
                 dst.assign(ivs.begin(), ivs.end());
                 FailureOr<Value> v = emit(indices, ivs);
                 if (failed(v))
                   return failure();
                 dst[axis] = toIndex(*v, shape[axis], op, axis);
               }
               Value hit = arith::ConstantIntOp::create(b, loc, 1, 1);
               for (int64_t d = 0; d < rank; ++d)
                 hit = arith::AndIOp::create(
                     b, loc, hit,
                     arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                           dst[d], idx[d]));
               FailureOr<Value> upd = emit(updates, ivs);
               if (failed(upd))
                 return failure();
               Value v =
                   lowering::combineScatter(b, loc, reduction, a[0], *upd, u);
               return SmallVector<Value>{
                   arith::SelectOp::create(b, loc, hit, v, a[0])};
             });
    if (failed(r))
      return failure();
    return (*r)[0];
  }
  if (auto g = dyn_cast<GatherNDOp>(op)) {
    // out[i0..i(q-2), rest...] = in[i0..i(bd-1), idx[i0..i(q-2), :],
    // rest...] (the CPU lowering's), indices wrapped and clamped in bounds.
    auto inT = tensorType(g.getInput()), idxT = tensorType(g.getIndices());
    int64_t bd = g.getBatchDims();
    int64_t q = idxT.getRank(), depth = idxT.getDimSize(q - 1);
    SmallVector<Value> at(idx.begin(), idx.begin() + (q - 1));
    SmallVector<Value> inIdx(idx.begin(), idx.begin() + bd);
    for (int64_t j = 0; j < depth; ++j) {
      SmallVector<Value> ii(at);
      ii.push_back(cst(j));
      FailureOr<Value> v = emit(g.getIndices(), ii);
      if (failed(v))
        return failure();
      inIdx.push_back(toIndex(*v, inT.getDimSize(bd + j), op, bd + j));
    }
    for (int64_t k = q - 1; k < (int64_t)idx.size(); ++k)
      inIdx.push_back(idx[k]);
    return emit(g.getInput(), inIdx);
  }
  return fail(op, "no GPU kernel form for this op yet");
}

/// Normalizations, attention, reductions and (log-)softmax/hardmax.
FailureOr<Value> Emitter::emitNormalizationOrReduction(Operation *op, Value v,
                                                       ArrayRef<Value> idx) {
  auto rt = tensorType(v);
  ArrayRef<int64_t> shape = rt.getShape();
  Type ct = computeType(rt.getElementType());

  if (auto bn = dyn_cast<BatchNormalizationOp>(op)) {
    // Inference BatchNormalization not folded into a convolution: the CPU
    // lowering's (x - mean) / sqrt(var + eps) * scale + bias per channel.
    if (rt.getRank() < 2)
      return fail(op, "needs a channel dimension");
    SmallVector<Value> c{idx[1]};
    FailureOr<Value> x = emit(bn.getInput(), idx), sc = emit(bn.getScale(), c),
                     bi = emit(bn.getBias(), c), mu = emit(bn.getMean(), c),
                     va = emit(bn.getVar(), c);
    if (failed(x) || failed(sc) || failed(bi) || failed(mu) || failed(va))
      return failure();
    Value sd = math::SqrtOp::create(
        b, loc,
        arith::AddFOp::create(
            b, loc, *va,
            scalarConstant(b, loc, ct, bn.getEpsilon().convertToDouble())));
    Value r = arith::DivFOp::create(b, loc,
                                    arith::SubFOp::create(b, loc, *x, *mu), sd);
    return (Value)arith::AddFOp::create(
        b, loc, arith::MulFOp::create(b, loc, r, *sc), *bi);
  }
  if (auto in = dyn_cast<InstanceNormalizationOp>(op)) {
    // The mean and variance over the spatial dimensions of (n, c), each a
    // loop (recomputed per element: a fallback form), as the CPU lowering:
    // (x - mean) / sqrt(mean((x - mean)^2) + eps) * scale[c] + bias[c].
    int64_t rank = rt.getRank();
    SmallVector<int64_t> spatial(shape.drop_front(2));
    int64_t count = 1;
    for (int64_t d : spatial)
      count *= d;
    auto sumOver =
        [&](function_ref<FailureOr<Value>(Value)> f) -> FailureOr<Value> {
      auto r = loop(
          count, ValueRange{zero(ct)},
          [&](Value j, ValueRange a) -> FailureOr<SmallVector<Value>> {
            FailureOr<Value> v = f(j);
            if (failed(v))
              return failure();
            return SmallVector<Value>{arith::AddFOp::create(b, loc, a[0], *v)};
          });
      if (failed(r))
        return failure();
      return (*r)[0];
    };
    auto at = [&](Value j) {
      SmallVector<Value> i{idx[0], idx[1]};
      llvm::append_range(i, delinearize(j, spatial));
      return i;
    };
    Value nf = scalarConstant(b, loc, ct, count);
    FailureOr<Value> sum =
        sumOver([&](Value j) { return emit(in.getInput(), at(j)); });
    if (failed(sum))
      return failure();
    Value mean = arith::DivFOp::create(b, loc, *sum, nf);
    FailureOr<Value> sq = sumOver([&](Value j) -> FailureOr<Value> {
      FailureOr<Value> v = emit(in.getInput(), at(j));
      if (failed(v))
        return failure();
      Value d = arith::SubFOp::create(b, loc, *v, mean);
      return (Value)arith::MulFOp::create(b, loc, d, d);
    });
    FailureOr<Value> x = emit(in.getInput(), idx);
    FailureOr<Value> sc = emit(in.getScale(), {idx[1]});
    FailureOr<Value> bi = emit(in.getBias(), {idx[1]});
    if (failed(sq) || failed(x) || failed(sc) || failed(bi))
      return failure();
    (void)rank;
    Value var = arith::AddFOp::create(
        b, loc, arith::DivFOp::create(b, loc, *sq, nf),
        scalarConstant(b, loc, ct, in.getEpsilon().convertToDouble()));
    Value r =
        arith::DivFOp::create(b, loc, arith::SubFOp::create(b, loc, *x, mean),
                              math::SqrtOp::create(b, loc, var));
    return (Value)arith::AddFOp::create(
        b, loc, arith::MulFOp::create(b, loc, r, *sc), *bi);
  }
  if (auto lrn = dyn_cast<LRNOp>(op)) {
    // The CPU lowering's element (lowering::buildLRNElement).
    return buildReading(lrn.getInput(), ct, [&](auto read) {
      return lowering::buildLRNElement(b, loc, lrn, shape[1], ct, idx, read);
    });
  }
  if (auto ln = dyn_cast<LayerNormalizationOp>(op))
    return emitLayerNorm(ln, idx);
  if (auto a = dyn_cast<AttentionOp>(op))
    return emitAttention(a, idx);
  if (isa<ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp, ReduceProdOp,
          ReduceL1Op, ReduceL2Op, ReduceLogSumOp, ReduceLogSumExpOp,
          ReduceSumSquareOp>(op))
    return emitReduce(op, idx);
  if (isa<SoftmaxOp, LogSoftmaxOp, HardmaxOp>(op))
    return emitSoftmax(op, idx);
  return fail(op, "no GPU kernel form for this op yet");
}

FailureOr<Value> Emitter::emitConcat(ConcatOp op, ArrayRef<Value> idx,
                                     size_t input, int64_t offset) {
  int64_t axis = op.getAxis();
  auto rt = tensorType(op.getResult());
  if (axis < 0)
    axis += rt.getRank();
  Value in = op.getInputs()[input];
  int64_t size = tensorType(in).getDimSize(axis);
  auto fromInput = [&]() -> FailureOr<Value> {
    SmallVector<Value> sub(idx);
    sub[axis] = arith::SubIOp::create(b, loc, idx[axis], cst(offset));
    return emit(in, sub);
  };
  if (input + 1 == op.getInputs().size())
    return fromInput();
  Type ct = computeType(rt.getElementType());
  Value inThis = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                       idx[axis], cst(offset + size));
  auto ifOp = scf::IfOp::create(b, loc, TypeRange{ct}, inThis,
                                /*withElse=*/true);
  OpBuilder::InsertionGuard guard(b);
  for (int branch = 0; branch < 2; ++branch) {
    b.setInsertionPointToStart(branch == 0 ? ifOp.thenBlock()
                                           : ifOp.elseBlock());
    scopes.emplace_back();
    FailureOr<Value> r = branch == 0
                             ? fromInput()
                             : emitConcat(op, idx, input + 1, offset + size);
    scopes.pop_back();
    if (failed(r))
      return failure();
    scf::YieldOp::create(b, loc, *r);
  }
  return ifOp.getResult(0);
}

FailureOr<Value> Emitter::emitReduce(Operation *op, ArrayRef<Value> idx) {
  Value input = op->getOperand(0);
  auto inT = tensorType(input);
  int64_t rank = inT.getRank();
  Type ct = computeType(inT.getElementType());
  bool isF = isa<FloatType>(ct);
  bool keep = op->getAttrOfType<IntegerAttr>("keepdims").getInt() != 0;
  auto noop = op->getAttrOfType<IntegerAttr>("noop_with_empty_axes");
  auto axesAttr = op->getAttrOfType<DenseI64ArrayAttr>("axes");
  SmallVector<bool> reduced(rank, false);
  if (!axesAttr || axesAttr.empty()) {
    if (noop && noop.getInt())
      return emit(input, idx);
    reduced.assign(rank, true);
  } else {
    for (int64_t a : axesAttr.asArrayRef())
      reduced[a < 0 ? a + rank : a] = true;
  }
  SmallVector<int64_t> rShape;
  for (int64_t d = 0; d < rank; ++d)
    if (reduced[d])
      rShape.push_back(inT.getDimSize(d));
  int64_t n = 1;
  for (int64_t d : rShape)
    n *= d;
  bool unsignedInt = isUnsigned(inT);
  auto at = [&](Value i) {
    SmallVector<Value> r = delinearize(i, rShape), in;
    size_t k = 0, o = 0;
    for (int64_t d = 0; d < rank; ++d) {
      if (reduced[d]) {
        in.push_back(r[k++]);
        if (keep)
          ++o;
      } else {
        in.push_back(idx[o++]);
      }
    }
    return in;
  };
  auto fold = [&](int64_t initValue, bool isMax, bool isMin,
                  function_ref<Value(Value)> map,
                  Value init) -> FailureOr<Value> {
    (void)initValue;
    auto r = loop(
        n, ValueRange{init},
        [&](Value i, ValueRange a) -> FailureOr<SmallVector<Value>> {
          FailureOr<Value> x = emit(input, at(i));
          if (failed(x))
            return failure();
          Value v = map(*x), r;
          if (isMax)
            r = isF ? (Value)arith::MaximumFOp::create(b, loc, a[0], v)
                : unsignedInt ? (Value)arith::MaxUIOp::create(b, loc, a[0], v)
                              : (Value)arith::MaxSIOp::create(b, loc, a[0], v);
          else if (isMin)
            r = isF ? (Value)arith::MinimumFOp::create(b, loc, a[0], v)
                : unsignedInt ? (Value)arith::MinUIOp::create(b, loc, a[0], v)
                              : (Value)arith::MinSIOp::create(b, loc, a[0], v);
          else if (isa<ReduceProdOp>(op))
            r = mulF(a[0], v);
          else
            r = addF(a[0], v);
          return SmallVector<Value>{r};
        });
    if (failed(r))
      return failure();
    return (*r)[0];
  };
  auto id = [](Value v) { return v; };
  if (isa<ReduceMaxOp>(op))
    return fold(0, true, false, id, minValue(b, loc, ct, unsignedInt));
  if (isa<ReduceMinOp>(op))
    return fold(0, false, true, id, maxValue(b, loc, ct, unsignedInt));
  if (isa<ReduceProdOp>(op))
    return fold(1, false, false, id, scalarConstant(b, loc, ct, 1));
  if (isa<ReduceSumOp>(op))
    return fold(0, false, false, id, zero(ct));
  if (!isF)
    return fail(op, "integer inputs have no GPU form for this reduction");
  Value nf = scalarConstant(b, loc, ct, n);
  if (isa<ReduceMeanOp>(op)) {
    FailureOr<Value> s = fold(0, false, false, id, zero(ct));
    if (failed(s))
      return failure();
    return (Value)arith::DivFOp::create(b, loc, *s, nf);
  }
  if (isa<ReduceL1Op>(op))
    return fold(
        0, false, false,
        [&](Value v) { return (Value)math::AbsFOp::create(b, loc, v); },
        zero(ct));
  auto square = [&](Value v) { return mulF(v, v); };
  if (isa<ReduceSumSquareOp>(op))
    return fold(0, false, false, square, zero(ct));
  if (isa<ReduceL2Op>(op)) {
    FailureOr<Value> s = fold(0, false, false, square, zero(ct));
    if (failed(s))
      return failure();
    return (Value)math::SqrtOp::create(b, loc, *s);
  }
  if (isa<ReduceLogSumOp>(op)) {
    FailureOr<Value> s = fold(0, false, false, id, zero(ct));
    if (failed(s))
      return failure();
    return (Value)math::LogOp::create(b, loc, *s);
  }
  // log-sum-exp, stabilized by the maximum.
  FailureOr<Value> m = fold(0, true, false, id, minValue(b, loc, ct));
  if (failed(m))
    return failure();
  Value isInf = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, *m,
                                      minValue(b, loc, ct));
  Value mSafe = arith::SelectOp::create(b, loc, isInf, zero(ct), *m);
  FailureOr<Value> s = fold(
      0, false, false,
      [&](Value v) {
        return (Value)math::ExpOp::create(
            b, loc, arith::SubFOp::create(b, loc, v, mSafe));
      },
      zero(ct));
  if (failed(s))
    return failure();
  return (Value)arith::AddFOp::create(b, loc, math::LogOp::create(b, loc, *s),
                                      mSafe);
}

FailureOr<Value> Emitter::emitSoftmax(Operation *op, ArrayRef<Value> idx) {
  Value input = op->getOperand(0);
  auto inT = tensorType(input);
  Type ct = computeType(inT.getElementType());
  int64_t axis = op->getAttrOfType<IntegerAttr>("axis").getInt();
  if (axis < 0)
    axis += inT.getRank();
  int64_t n = inT.getDimSize(axis);
  auto at = [&](Value j) {
    SmallVector<Value> r(idx);
    r[axis] = j;
    return r;
  };
  if (auto stats = rowStats.find(op); stats != rowStats.end()) {
    FailureOr<Value> x = emit(input, idx);
    if (failed(x))
      return failure();
    Value shifted = arith::SubFOp::create(b, loc, *x, stats->second[0]);
    if (isa<LogSoftmaxOp>(op))
      return (Value)arith::SubFOp::create(
          b, loc, shifted, math::LogOp::create(b, loc, stats->second[1]));
    return (Value)arith::DivFOp::create(
        b, loc, math::ExpOp::create(b, loc, shifted), stats->second[1]);
  }
  // Maximum (and, for hardmax, its first position).
  auto mx = loop(
      n, ValueRange{minValue(b, loc, ct), cst(0)},
      [&](Value j, ValueRange a) -> FailureOr<SmallVector<Value>> {
        FailureOr<Value> x = emit(input, at(j));
        if (failed(x))
          return failure();
        Value gt =
            arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, *x, a[0]);
        return SmallVector<Value>{arith::SelectOp::create(b, loc, gt, *x, a[0]),
                                  arith::SelectOp::create(b, loc, gt, j, a[1])};
      });
  if (failed(mx))
    return failure();
  if (isa<HardmaxOp>(op)) {
    Value is = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                     idx[axis], (*mx)[1]);
    return (Value)arith::SelectOp::create(
        b, loc, is, scalarConstant(b, loc, ct, 1), zero(ct));
  }
  Value m = (*mx)[0];
  auto sum = loop(n, ValueRange{zero(ct)},
                  [&](Value j, ValueRange a) -> FailureOr<SmallVector<Value>> {
                    FailureOr<Value> x = emit(input, at(j));
                    if (failed(x))
                      return failure();
                    Value e = math::ExpOp::create(
                        b, loc, arith::SubFOp::create(b, loc, *x, m));
                    return SmallVector<Value>{addF(a[0], e)};
                  });
  if (failed(sum))
    return failure();
  FailureOr<Value> x = emit(input, idx);
  if (failed(x))
    return failure();
  Value shifted = arith::SubFOp::create(b, loc, *x, m);
  if (isa<LogSoftmaxOp>(op))
    return (Value)arith::SubFOp::create(b, loc, shifted,
                                        math::LogOp::create(b, loc, (*sum)[0]));
  return (Value)arith::DivFOp::create(
      b, loc, math::ExpOp::create(b, loc, shifted), (*sum)[0]);
}

FailureOr<Value> Emitter::emitMatMul(Operation *op, Value a, Value bm,
                                     ArrayRef<Value> idx, bool transA,
                                     bool transB, int64_t resultRank) {
  auto aT = tensorType(a), bT = tensorType(bm);
  Type ct = computeType(tensorType(op->getResult(0)).getElementType());
  bool aVec = aT.getRank() == 1, bVec = bT.getRank() == 1;
  // Result indices: batch..., m (unless a is a vector), n (unless b is).
  int64_t nBatch = resultRank - (aVec ? 0 : 1) - (bVec ? 0 : 1);
  ArrayRef<Value> batch = idx.take_front(nBatch);
  Value m = aVec ? Value() : idx[nBatch];
  Value n = bVec ? Value() : idx[resultRank - 1];
  int64_t k = aVec
                  ? aT.getDimSize(0)
                  : aT.getDimSize(transA ? aT.getRank() - 2 : aT.getRank() - 1);
  auto batchOf = [&](RankedTensorType t, int64_t matDims) {
    return batchIndices(t, batch, matDims);
  };
  auto r = loop(k, ValueRange{zero(ct)},
                [&](Value kk, ValueRange acc) -> FailureOr<SmallVector<Value>> {
                  SmallVector<Value> ai, bi;
                  if (aVec) {
                    ai = {kk};
                  } else {
                    ai = batchOf(aT, 2);
                    ai.push_back(transA ? kk : m);
                    ai.push_back(transA ? m : kk);
                  }
                  if (bVec) {
                    bi = {kk};
                  } else {
                    bi = batchOf(bT, 2);
                    bi.push_back(transB ? n : kk);
                    bi.push_back(transB ? kk : n);
                  }
                  FailureOr<Value> x = emit(a, ai);
                  if (failed(x))
                    return failure();
                  FailureOr<Value> y = emit(bm, bi);
                  if (failed(y))
                    return failure();
                  return SmallVector<Value>{addF(acc[0], mulF(*x, *y))};
                });
  if (failed(r))
    return failure();
  return (*r)[0];
}

/// ONNX ConvTranspose (NCHW, `weight` C x M/group x k...), as the CPU
/// lowering computes it: output element (n, m, o...) sums, over the group's
/// input channels and the kernel taps, x[n, c, i...] * w[c, m % M/g, k...]
/// where i * stride = o + padBegin - k * dilation exactly.
FailureOr<Value> Emitter::emitConvTranspose(ConvTransposeOp op,
                                            ArrayRef<Value> idx) {
  auto inT = tensorType(op.getInput()), wT = tensorType(op.getWeight());
  auto outT = tensorType(op.getResult());
  int64_t n = wT.getRank() - 2;
  lowering::ConvTransposeGeometry geo =
      lowering::convTransposeGeometry(op, inT, wT, outT);
  int64_t cPerGroup = geo.cPerGroup, mPerGroup = geo.mPerGroup;
  ArrayRef<int64_t> kernel = geo.kernel, strides = geo.strides,
                    dil = geo.dilations, padBegin = geo.padBegin;
  Type ct = computeType(outT.getElementType());
  Value m = idx[1];
  Value g = arith::DivUIOp::create(b, loc, m, cst(mPerGroup));
  Value mIn = arith::RemUIOp::create(b, loc, m, cst(mPerGroup));
  Value cBase = arith::MulIOp::create(b, loc, g, cst(cPerGroup));
  // Taps: dimension d loops over k, carrying the input index and validity.
  std::function<FailureOr<Value>(int64_t, SmallVector<Value>,
                                 SmallVector<Value>, Value, Value, Value)>
      taps = [&](int64_t d, SmallVector<Value> xi, SmallVector<Value> wi,
                 Value ok, Value ci, Value acc) -> FailureOr<Value> {
    if (d == n) {
      FailureOr<Value> x = emit(op.getInput(), xi);
      FailureOr<Value> w = emit(op.getWeight(), wi);
      if (failed(x) || failed(w))
        return failure();
      Value p = arith::SelectOp::create(b, loc, ok, mulF(*x, *w), zero(ct));
      return addF(acc, p);
    }
    auto r = loop(
        kernel[d], ValueRange{acc},
        [&](Value k, ValueRange a) -> FailureOr<SmallVector<Value>> {
          // i * stride = o + padBegin - k * dilation
          Value t = arith::SubIOp::create(
              b, loc,
              arith::AddIOp::create(b, loc, idx[2 + d], cst(padBegin[d])),
              arith::MulIOp::create(b, loc, k, cst(dil[d])));
          Value nonneg = arith::CmpIOp::create(
              b, loc, arith::CmpIPredicate::sge, t, cst(0));
          Value exact = arith::CmpIOp::create(
              b, loc, arith::CmpIPredicate::eq,
              arith::RemSIOp::create(b, loc, t, cst(strides[d])), cst(0));
          Value ii = arith::DivSIOp::create(b, loc, t, cst(strides[d]));
          Value inR = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                            ii, cst(inT.getDimSize(2 + d)));
          Value okD = arith::AndIOp::create(
              b, loc, ok,
              arith::AndIOp::create(b, loc, nonneg,
                                    arith::AndIOp::create(b, loc, exact, inR)));
          Value safe = arith::SelectOp::create(
              b, loc, arith::AndIOp::create(b, loc, nonneg, inR), ii, cst(0));
          SmallVector<Value> x2 = xi, w2 = wi;
          x2.push_back(safe);
          w2.push_back(k);
          FailureOr<Value> v = taps(d + 1, x2, w2, okD, ci, a[0]);
          if (failed(v))
            return failure();
          return SmallVector<Value>{*v};
        });
    if (failed(r))
      return failure();
    return (*r)[0];
  };
  auto r = loop(cPerGroup, ValueRange{zero(ct)},
                [&](Value c, ValueRange a) -> FailureOr<SmallVector<Value>> {
                  Value ci = arith::AddIOp::create(b, loc, cBase, c);
                  FailureOr<Value> v = taps(
                      0, {idx[0], ci}, {ci, mIn},
                      arith::ConstantIntOp::create(b, loc, 1, 1), ci, a[0]);
                  if (failed(v))
                    return failure();
                  return SmallVector<Value>{*v};
                });
  if (failed(r))
    return failure();
  Value acc = (*r)[0];
  if (Value bias = op.getBias()) {
    FailureOr<Value> bv = emit(bias, {m});
    if (failed(bv))
      return failure();
    acc = addF(acc, *bv);
  }
  return acc;
}

FailureOr<Value> Emitter::emitConv(ConvOp op, ArrayRef<Value> idx) {
  auto inT = tensorType(op.getInput()), wT = tensorType(op.getWeight());
  auto outT = tensorType(op.getResult());
  bool cl = op.getChannelsLast();
  int64_t nsp = inT.getRank() - 2;
  Type ct = computeType(outT.getElementType());
  SmallVector<int64_t> inSp, kernel;
  for (int64_t d = 0; d < nsp; ++d) {
    inSp.push_back(inT.getDimSize(cl ? 1 + d : 2 + d));
    kernel.push_back(wT.getDimSize(cl ? 1 + d : 2 + d));
  }
  SmallVector<int64_t> strides(nsp, 1), dil(nsp, 1), lo, hi;
  if (auto s = op.getStrides())
    strides.assign(s->begin(), s->end());
  if (auto d = op.getDilations())
    dil.assign(d->begin(), d->end());
  windowPads(inSp, kernel, strides, dil, op.getPads(), op.getAutoPad(), lo, hi);
  int64_t group = op.getGroup();
  int64_t cPerGroup = wT.getDimSize(cl ? wT.getRank() - 1 : 1);
  int64_t mPerGroup = wT.getDimSize(0) / group;
  Value nIdx = idx[0];
  Value mIdx = cl ? idx.back() : idx[1];
  SmallVector<Value> oIdx;
  for (int64_t d = 0; d < nsp; ++d)
    oIdx.push_back(idx[cl ? 1 + d : 2 + d]);
  Value g = arith::DivUIOp::create(b, loc, mIdx, cst(mPerGroup));
  Value cBase = arith::MulIOp::create(b, loc, g, cst(cPerGroup));

  // Loops over the kernel window (outer) and channels (inner, contiguous in
  // channels-last layout).
  std::function<FailureOr<Value>(int64_t, SmallVector<Value>, Value, Value)>
      window = [&](int64_t d, SmallVector<Value> pos, Value valid,
                   Value acc) -> FailureOr<Value> {
    if (d == nsp) {
      auto r =
          loop(cPerGroup, ValueRange{acc},
               [&](Value c, ValueRange a) -> FailureOr<SmallVector<Value>> {
                 Value ch = arith::AddIOp::create(b, loc, cBase, c);
                 SmallVector<Value> xi{nIdx}, wi{mIdx};
                 if (!cl)
                   xi.push_back(ch), wi.push_back(c);
                 for (int64_t s = 0; s < nsp; ++s)
                   xi.push_back(pos[2 * s]), wi.push_back(pos[2 * s + 1]);
                 if (cl)
                   xi.push_back(ch), wi.push_back(c);
                 FailureOr<Value> x = emit(op.getInput(), xi);
                 if (failed(x))
                   return failure();
                 FailureOr<Value> w = emit(op.getWeight(), wi);
                 if (failed(w))
                   return failure();
                 Value xv =
                     arith::SelectOp::create(b, loc, valid, *x, zero(ct));
                 return SmallVector<Value>{addF(a[0], mulF(xv, *w))};
               });
      if (failed(r))
        return failure();
      return (*r)[0];
    }
    auto r = loop(kernel[d], ValueRange{acc},
                  [&](Value kk, ValueRange a) -> FailureOr<SmallVector<Value>> {
                    Value ok = valid;
                    Value clamped = windowIndex(oIdx[d], kk, strides[d], dil[d],
                                                lo[d], inSp[d], ok);
                    SmallVector<Value> p = pos;
                    p.push_back(clamped);
                    p.push_back(kk);
                    FailureOr<Value> x = window(d + 1, p, ok, a[0]);
                    if (failed(x))
                      return failure();
                    return SmallVector<Value>{*x};
                  });
    if (failed(r))
      return failure();
    return (*r)[0];
  };
  Value init = zero(ct);
  FailureOr<Value> acc =
      window(0, {}, arith::ConstantIntOp::create(b, loc, 1, 1), init);
  if (failed(acc))
    return failure();
  Value r = *acc;
  if (op.getBias()) {
    FailureOr<Value> bias = emit(op.getBias(), {mIdx});
    if (failed(bias))
      return failure();
    r = addF(r, *bias);
  }
  return r;
}

FailureOr<Value> Emitter::emitPool(Operation *op, Value input,
                                   ArrayRef<Value> idx, bool isMax) {
  auto inT = tensorType(input);
  Type ct = computeType(inT.getElementType());
  int64_t nsp = inT.getRank() - 2;
  auto kernelAttr = op->getAttrOfType<DenseI64ArrayAttr>("kernel_shape");
  if (!kernelAttr)
    return fail(op, "no kernel_shape");
  SmallVector<int64_t> kernel(kernelAttr.asArrayRef());
  SmallVector<int64_t> strides(nsp, 1), dil(nsp, 1), inSp, lo, hi;
  if (auto s = op->getAttrOfType<DenseI64ArrayAttr>("strides"))
    strides.assign(s.asArrayRef().begin(), s.asArrayRef().end());
  if (auto d = op->getAttrOfType<DenseI64ArrayAttr>("dilations"))
    dil.assign(d.asArrayRef().begin(), d.asArrayRef().end());
  for (int64_t d = 0; d < nsp; ++d)
    inSp.push_back(inT.getDimSize(2 + d));
  std::optional<ArrayRef<int64_t>> pads;
  if (auto p = op->getAttrOfType<DenseI64ArrayAttr>("pads"))
    pads = p.asArrayRef();
  StringRef autoPad = "NOTSET";
  if (auto a = op->getAttrOfType<StringAttr>("auto_pad"))
    autoPad = a.getValue();
  windowPads(inSp, kernel, strides, dil, pads, autoPad, lo, hi);
  bool includePad = false;
  if (auto a = dyn_cast<AveragePoolOp>(op))
    includePad = a.getCountIncludePad();

  // Integer max pools (uint8 images) compare as their signedness says and
  // start from the type's least value.
  bool uns = lowering::isUnsigned(input.getType());
  Value init = isMax ? (uns ? zero(ct) : minValue(b, loc, ct)) : zero(ct);
  std::function<FailureOr<SmallVector<Value>>(int64_t, SmallVector<Value>,
                                              Value, ValueRange)>
      window = [&](int64_t d, SmallVector<Value> pos, Value valid,
                   ValueRange acc) -> FailureOr<SmallVector<Value>> {
    if (d == nsp) {
      SmallVector<Value> xi{idx[0], idx[1]};
      llvm::append_range(xi, pos);
      FailureOr<Value> x = emit(input, xi);
      if (failed(x))
        return failure();
      Value v = *x;
      if (isMax) {
        Value m = lowering::combineScatter(b, loc, "max", acc[0], v, uns);
        return SmallVector<Value>{
            arith::SelectOp::create(b, loc, valid, m, acc[0])};
      }
      Value s = arith::SelectOp::create(b, loc, valid, addF(acc[0], v), acc[0]);
      Value one = arith::SelectOp::create(b, loc, valid, cst(1), cst(0));
      return SmallVector<Value>{s, arith::AddIOp::create(b, loc, acc[1], one)};
    }
    return loop(kernel[d], acc,
                [&](Value kk, ValueRange a) -> FailureOr<SmallVector<Value>> {
                  Value ok = valid;
                  SmallVector<Value> p = pos;
                  p.push_back(windowIndex(idx[2 + d], kk, strides[d], dil[d],
                                          lo[d], inSp[d], ok));
                  return window(d + 1, p, ok, a);
                });
  };
  SmallVector<Value> init2{init};
  if (!isMax)
    init2.push_back(cst(0));
  auto r = window(0, {}, arith::ConstantIntOp::create(b, loc, 1, 1), init2);
  if (failed(r))
    return failure();
  if (isMax)
    return (*r)[0];
  int64_t full = 1;
  for (int64_t k : kernel)
    full *= k;
  Value count = includePad ? cst(full) : (Value)(*r)[1];
  Value cf = arith::UIToFPOp::create(
      b, loc, ct, arith::IndexCastUIOp::create(b, loc, b.getI64Type(), count));
  return (Value)arith::DivFOp::create(b, loc, (*r)[0], cf);
}

FailureOr<Value> Emitter::emitGlobalPool(Operation *op, Value input,
                                         ArrayRef<Value> idx, bool isMax) {
  auto inT = tensorType(input);
  Type ct = computeType(inT.getElementType());
  SmallVector<int64_t> sp(inT.getShape().drop_front(2));
  int64_t n = 1;
  for (int64_t d : sp)
    n *= d;
  auto r = loop(n, ValueRange{isMax ? minValue(b, loc, ct) : zero(ct)},
                [&](Value i, ValueRange a) -> FailureOr<SmallVector<Value>> {
                  SmallVector<Value> xi{idx[0], idx[1]};
                  llvm::append_range(xi, delinearize(i, sp));
                  FailureOr<Value> x = emit(input, xi);
                  if (failed(x))
                    return failure();
                  return SmallVector<Value>{
                      isMax ? (Value)arith::MaximumFOp::create(b, loc, a[0], *x)
                            : addF(a[0], *x)};
                });
  if (failed(r))
    return failure();
  if (isMax)
    return (*r)[0];
  return (Value)arith::DivFOp::create(b, loc, (*r)[0],
                                      scalarConstant(b, loc, ct, n));
}

FailureOr<Value> Emitter::emitLayerNorm(LayerNormalizationOp op,
                                        ArrayRef<Value> idx) {
  auto inT = tensorType(op.getInput());
  Type ct = computeType(inT.getElementType());
  int64_t axis = op.getAxis();
  if (axis < 0)
    axis += inT.getRank();
  SmallVector<int64_t> norm(inT.getShape().drop_front(axis));
  int64_t n = 1;
  for (int64_t d : norm)
    n *= d;
  auto at = [&](Value i) {
    SmallVector<Value> xi(idx.take_front(axis));
    llvm::append_range(xi, delinearize(i, norm));
    return xi;
  };
  Value mean, inv;
  if (auto stats = rowStats.find(op.getOperation()); stats != rowStats.end()) {
    mean = stats->second[0];
    inv = stats->second[1];
  } else {
    auto sum =
        loop(n, ValueRange{zero(ct)},
             [&](Value i, ValueRange a) -> FailureOr<SmallVector<Value>> {
               FailureOr<Value> x = emit(op.getInput(), at(i));
               if (failed(x))
                 return failure();
               return SmallVector<Value>{addF(a[0], *x)};
             });
    if (failed(sum))
      return failure();
    Value nf = scalarConstant(b, loc, ct, n);
    mean = arith::DivFOp::create(b, loc, (*sum)[0], nf);
    auto sq = loop(n, ValueRange{zero(ct)},
                   [&](Value i, ValueRange a) -> FailureOr<SmallVector<Value>> {
                     FailureOr<Value> x = emit(op.getInput(), at(i));
                     if (failed(x))
                       return failure();
                     Value d = arith::SubFOp::create(b, loc, *x, mean);
                     return SmallVector<Value>{addF(a[0], mulF(d, d))};
                   });
    if (failed(sq))
      return failure();
    Value var = arith::DivFOp::create(b, loc, (*sq)[0], nf);
    inv = math::RsqrtOp::create(
        b, loc,
        arith::AddFOp::create(
            b, loc, var,
            scalarConstant(b, loc, ct, op.getEpsilon().convertToDouble())));
  }
  FailureOr<Value> x = emit(op.getInput(), idx);
  if (failed(x))
    return failure();
  Value y = mulF(arith::SubFOp::create(b, loc, *x, mean), inv);
  ArrayRef<int64_t> outShape = inT.getShape();
  FailureOr<Value> scale = emitBroadcast(op.getScale(), idx, outShape);
  if (failed(scale))
    return failure();
  y = mulF(y, *scale);
  if (op.getBias()) {
    FailureOr<Value> bias = emitBroadcast(op.getBias(), idx, outShape);
    if (failed(bias))
      return failure();
    y = addF(y, *bias);
  }
  return y;
}

FailureOr<Value> Emitter::emitAttention(AttentionOp op, ArrayRef<Value> idx) {
  auto qT = tensorType(op.getQuery()), kT = tensorType(op.getKey()),
       vT = tensorType(op.getValue());
  auto oT = tensorType(op.getResult());
  Type ct = computeType(oT.getElementType());
  int64_t rank = oT.getRank();
  int64_t sk = kT.getDimSize(kT.getRank() - 2);
  int64_t dq = qT.getDimSize(qT.getRank() - 1);
  ArrayRef<Value> batch = idx.take_front(rank - 2);
  Value i = idx[rank - 2], dv = idx[rank - 1];
  auto batchOf = [&](RankedTensorType t) { return batchIndices(t, batch); };
  Value scale = scalarConstant(b, loc, ct, op.getScale().convertToDouble());
  Value negInf = minValue(b, loc, ct);
  SmallVector<int64_t> scoreShape(oT.getShape().drop_back());
  scoreShape.push_back(sk);
  // Online softmax over keys: running max m, sum l, accumulator acc.
  auto r = loop(
      sk, ValueRange{negInf, zero(ct), zero(ct)},
      [&](Value j, ValueRange a) -> FailureOr<SmallVector<Value>> {
        auto dot =
            loop(dq, ValueRange{zero(ct)},
                 [&](Value d, ValueRange s) -> FailureOr<SmallVector<Value>> {
                   SmallVector<Value> qi = batchOf(qT), ki = batchOf(kT);
                   qi.append({i, d});
                   ki.append({j, d});
                   FailureOr<Value> q = emit(op.getQuery(), qi);
                   if (failed(q))
                     return failure();
                   FailureOr<Value> k = emit(op.getKey(), ki);
                   if (failed(k))
                     return failure();
                   return SmallVector<Value>{addF(s[0], mulF(*q, *k))};
                 });
        if (failed(dot))
          return failure();
        Value s = mulF((*dot)[0], scale);
        if (op.getMask()) {
          SmallVector<Value> si(batch);
          si.append({i, j});
          FailureOr<Value> m = emitBroadcast(op.getMask(), si, scoreShape);
          if (failed(m))
            return failure();
          s = addF(s, *m);
        }
        if (op.getIsCausal()) {
          Value future =
              arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ugt, j, i);
          s = arith::SelectOp::create(b, loc, future, negInf, s);
        }
        Value m = arith::MaximumFOp::create(b, loc, a[0], s);
        // A row masked so far keeps m = -inf: use 0 in the exponents.
        Value isInf =
            arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, m, negInf);
        Value mSafe = arith::SelectOp::create(b, loc, isInf, zero(ct), m);
        Value corr = math::ExpOp::create(
            b, loc, arith::SubFOp::create(b, loc, a[0], mSafe));
        Value p = math::ExpOp::create(b, loc,
                                      arith::SubFOp::create(b, loc, s, mSafe));
        SmallVector<Value> vi = batchOf(vT);
        vi.append({j, dv});
        FailureOr<Value> vv = emit(op.getValue(), vi);
        if (failed(vv))
          return failure();
        Value l = addF(mulF(a[1], corr), p);
        Value acc = addF(mulF(a[2], corr), mulF(p, *vv));
        return SmallVector<Value>{m, l, acc};
      });
  if (failed(r))
    return failure();
  Value out = arith::DivFOp::create(b, loc, (*r)[2], (*r)[1]);
  if (op.getNanGuard()) {
    Value empty = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                        (*r)[1], zero(ct));
    out = arith::SelectOp::create(b, loc, empty, zero(ct), out);
  }
  return out;
}

FailureOr<Value> Emitter::emitPad(PadOp op, ArrayRef<Value> idx) {
  auto inT = tensorType(op.getInput());
  int64_t rank = inT.getRank();
  SmallVector<int64_t> pads, axes;
  if (!getConstantIntValues(op.getPads(), pads) ||
      (op.getAxes() && !getConstantIntValues(op.getAxes(), axes)))
    return fail(op, "the pads (and axes) must be constants");
  if (axes.empty())
    for (int64_t i = 0; i < rank; ++i)
      axes.push_back(i);
  if (pads.size() != 2 * axes.size())
    return fail(op, "pads must list a begin and an end per axis");
  SmallVector<int64_t> lo(rank, 0);
  for (auto [i, a] : llvm::enumerate(axes))
    lo[a < 0 ? a + rank : a] = pads[i];
  StringRef mode = op.getMode();
  // out[i] = in[map(i - lo)]; in constant mode an index outside the input
  // reads the pad value.
  Value inBounds = arith::ConstantIntOp::create(b, loc, 1, 1);
  SmallVector<Value> in;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t n = inT.getDimSize(d);
    Value p = arith::SubIOp::create(b, loc, idx[d], cst(lo[d]));
    if (lo[d] == 0 && tensorType(op.getResult()).getDimSize(d) <= n) {
      in.push_back(p); // Not padded (or only cropped at the end).
      continue;
    }
    Value zero = cst(0), last = cst(n - 1);
    if (mode == "constant") {
      Value ok = arith::AndIOp::create(
          b, loc,
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, p, zero),
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sle, p, last));
      inBounds = arith::AndIOp::create(b, loc, inBounds, ok);
      p = arith::MaxSIOp::create(b, loc,
                                 arith::MinSIOp::create(b, loc, p, last), zero);
    } else if (mode == "edge") {
      p = arith::MaxSIOp::create(b, loc,
                                 arith::MinSIOp::create(b, loc, p, last), zero);
    } else if (mode == "wrap") {
      Value r = arith::RemSIOp::create(b, loc, p, cst(n));
      Value neg =
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, r, zero);
      p = arith::SelectOp::create(b, loc, neg,
                                  arith::AddIOp::create(b, loc, r, cst(n)), r);
    } else if (mode == "reflect") {
      if (n == 1) {
        p = zero;
      } else {
        Value period = cst(2 * (n - 1));
        Value r = arith::RemSIOp::create(b, loc, p, period);
        Value neg =
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, r, zero);
        r = arith::SelectOp::create(
            b, loc, neg, arith::AddIOp::create(b, loc, r, period), r);
        Value over =
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, r, last);
        p = arith::SelectOp::create(
            b, loc, over, arith::SubIOp::create(b, loc, period, r), r);
      }
    } else {
      return fail(op, "unknown mode '" + mode + "'");
    }
    in.push_back(p);
  }
  FailureOr<Value> x = emit(op.getInput(), in);
  if (failed(x) || mode != "constant")
    return x;
  Value padValue;
  if (Value c = op.getConstantValue()) {
    FailureOr<Value> pv =
        emit(c, SmallVector<Value>(tensorType(c).getRank(), cst(0)));
    if (failed(pv))
      return failure();
    padValue = *pv;
  } else {
    padValue = zero(x->getType());
  }
  return (Value)arith::SelectOp::create(b, loc, inBounds, *x, padValue);
}

FailureOr<Value> Emitter::emitArgReduce(Operation *op, ArrayRef<Value> idx) {
  // As the CPU lowering: walk the axis keeping the best value and its
  // index; ties keep the first (or with select_last_index the last) one,
  // and the first element always wins over the initial value.
  bool isMax = isa<ArgMaxOp>(op);
  Value input = op->getOperand(0);
  auto inT = tensorType(input);
  int64_t rank = inT.getRank();
  int64_t axis = op->getAttrOfType<IntegerAttr>("axis").getInt();
  if (axis < 0)
    axis += rank;
  bool keep = op->getAttrOfType<IntegerAttr>("keepdims").getInt() != 0;
  bool last = op->getAttrOfType<IntegerAttr>("select_last_index").getInt() != 0;
  Type ct = computeType(inT.getElementType());
  bool u = isUnsigned(inT);
  Type i64 = b.getI64Type();
  // Input indices: the output's, with the axis walked.
  auto at = [&](Value j) {
    SmallVector<Value> in;
    size_t o = 0;
    for (int64_t d = 0; d < rank; ++d) {
      if (d == axis) {
        in.push_back(j);
        if (keep)
          ++o;
      } else {
        in.push_back(idx[o++]);
      }
    }
    return in;
  };
  Value init = lowering::scalarConstant(b, loc, ct, 0); // never kept
  auto r = loop(
      inT.getDimSize(axis),
      ValueRange{init, lowering::scalarConstant(b, loc, i64, -1)},
      [&](Value j, ValueRange a) -> FailureOr<SmallVector<Value>> {
        FailureOr<Value> v = emit(input, at(j));
        if (failed(v))
          return failure();
        Value better;
        if (isa<FloatType>(ct)) {
          auto strict =
              isMax ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT;
          auto eq =
              isMax ? arith::CmpFPredicate::OGE : arith::CmpFPredicate::OLE;
          better = arith::CmpFOp::create(b, loc, last ? eq : strict, *v, a[0]);
        } else {
          arith::CmpIPredicate strict =
              isMax
                  ? (u ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt)
                  : (u ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt);
          arith::CmpIPredicate eq =
              isMax
                  ? (u ? arith::CmpIPredicate::uge : arith::CmpIPredicate::sge)
                  : (u ? arith::CmpIPredicate::ule : arith::CmpIPredicate::sle);
          better = arith::CmpIOp::create(b, loc, last ? eq : strict, *v, a[0]);
        }
        Value first =
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, a[1],
                                  lowering::scalarConstant(b, loc, i64, 0));
        better = arith::OrIOp::create(b, loc, better, first);
        Value ji = arith::IndexCastOp::create(b, loc, i64, j);
        return SmallVector<Value>{
            arith::SelectOp::create(b, loc, better, *v, a[0]),
            arith::SelectOp::create(b, loc, better, ji, a[1])};
      });
  if (failed(r))
    return failure();
  return (*r)[1];
}
