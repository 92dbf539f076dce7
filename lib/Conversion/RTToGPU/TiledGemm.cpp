//===- TiledGemm.cpp - tensor-core GEMM and convolution kernels -----------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// A fusion group rooted at a float16 MatMul, Gemm or (implicit-GEMM)
// convolution becomes a tiled kernel: each block computes a BM x BN tile of
// the root's M x N product (one block row of grid.z per batch), staging
// BM x BK and BK x BN operand tiles in shared memory and multiplying them
// with warp-level tensor-core operations (gpu.subgroup_mma_*, WMMA
// 16x16x16, float32 accumulation). Operand tiles are loaded through the
// elemental emitter, so prologues (transposed loads, the implicit-GEMM
// gather of a convolution window) cost nothing extra to support. The
// accumulator tile goes through shared memory to the epilogue, which runs
// the group's ops after the root at each element: the root's value is the
// accumulator, and every output's index is the root's index mapped forward
// through the views between them (reshape, transpose, split).
//
// Groups that do not fit (bfloat16/float32 operands, vector operands,
// grouped convolutions, an epilogue that broadcasts the root or reaches it
// through two different views) use the elemental kernel.
//
//===----------------------------------------------------------------------===//

#include "TiledGemm.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::rt;
using namespace mlir::rt::gpugen;

/// The index of a Gather whose indices are one constant, or nullopt.
static std::optional<int64_t> constantGatherIndex(GatherOp g) {
  auto c = g.getIndices().getDefiningOp<ConstantOp>();
  auto attr = c ? dyn_cast<DenseIntElementsAttr>(c.getValue()) : nullptr;
  if (!attr || attr.getNumElements() != 1)
    return std::nullopt;
  int64_t i = (*attr.begin()).getSExtValue();
  int64_t axis = g.getAxis(), rank = tensorType(g.getInput()).getRank();
  int64_t dim =
      tensorType(g.getInput()).getDimSize(axis < 0 ? axis + rank : axis);
  if (i < 0)
    i += dim;
  if (i < 0 || i >= dim)
    return std::nullopt;
  return i;
}

bool gpugen::isView(Operation *op) {
  if (auto g = dyn_cast<GatherOp>(op))
    return constantGatherIndex(g).has_value();
  return isa<ReshapeOp, FlattenOp, SqueezeOp, UnsqueezeOp, TransposeOp,
             SplitOp>(op);
}

namespace {

/// The root's index space: (batch..., m, n) -> root tensor indices, and the
/// operand loads.
struct GemmShape {
  Operation *root = nullptr;
  int64_t m = 0, n = 0, k = 0;
  SmallVector<int64_t> batchShape;
  int64_t batch = 1;
};

/// Whether `group` is a single-root GEMM-like group the tiled kernel
/// supports, and its shape.
std::optional<GemmShape> analyzeRoot(FusionGroupOp group) {
  GemmShape s;
  for (Operation &op : group.getBodyBlock().without_terminator()) {
    if (isa<MatMulOp, GemmOp, ConvOp>(op)) {
      if (s.root)
        return std::nullopt;
      s.root = &op;
    } else if (isa<AttentionOp, LayerNormalizationOp, SoftmaxOp, MaxPoolOp,
                   AveragePoolOp, GlobalAveragePoolOp, GlobalMaxPoolOp>(op) ||
               op.getNumRegions()) {
      return std::nullopt;
    }
  }
  if (!s.root)
    return std::nullopt;
  auto f16 = [](Value v) { return tensorType(v).getElementType().isF16(); };
  if (auto mm = dyn_cast<MatMulOp>(s.root)) {
    auto a = tensorType(mm.getLhs()), b = tensorType(mm.getRhs());
    if (a.getRank() < 2 || b.getRank() < 2 || !f16(mm.getLhs()) ||
        !f16(mm.getRhs()))
      return std::nullopt;
    auto r = tensorType(mm.getResult());
    s.m = a.getDimSize(a.getRank() - 2);
    s.k = a.getDimSize(a.getRank() - 1);
    s.n = b.getDimSize(b.getRank() - 1);
    s.batchShape.assign(r.getShape().begin(), r.getShape().end() - 2);
  } else if (auto g = dyn_cast<GemmOp>(s.root)) {
    auto a = tensorType(g.getA()), b = tensorType(g.getB());
    if (a.getRank() != 2 || b.getRank() != 2 || !f16(g.getA()) ||
        !f16(g.getB()))
      return std::nullopt;
    s.m = a.getDimSize(g.getTransA() ? 1 : 0);
    s.k = a.getDimSize(g.getTransA() ? 0 : 1);
    s.n = b.getDimSize(g.getTransB() ? 0 : 1);
  } else {
    auto c = cast<ConvOp>(s.root);
    auto x = tensorType(c.getInput()), w = tensorType(c.getWeight());
    if (x.getRank() != 4 || c.getGroup() != 1 || !f16(c.getInput()) ||
        !f16(c.getWeight()))
      return std::nullopt;
    auto r = tensorType(c.getResult());
    bool cl = c.getChannelsLast();
    int64_t oh = r.getDimSize(cl ? 1 : 2), ow = r.getDimSize(cl ? 2 : 3);
    s.m = r.getDimSize(0) * oh * ow;
    s.n = w.getDimSize(0);
    s.k = w.getNumElements() / w.getDimSize(0);
  }
  for (int64_t d : s.batchShape)
    s.batch *= d;
  if (s.m == 0 || s.n == 0 || s.k == 0)
    return std::nullopt;
  return s;
}

} // namespace

std::optional<SmallVector<SmallVector<Value>>>
gpugen::analyzeEpilogue(FusionGroupOp group, Operation *root) {
  Value rootValue = root->getResult(0);
  DenseSet<Value> derived{rootValue};
  for (Operation &op : group.getBodyBlock().without_terminator())
    if (llvm::any_of(op.getOperands(),
                     [&](Value v) { return derived.contains(v); }))
      for (Value r : op.getResults())
        derived.insert(r);
  // The one value (the root or a view result) that root-derived `v` reaches
  // through same-shape element-wise ops only, if there is one.
  std::function<std::optional<Value>(Value)> frontier =
      [&](Value v) -> std::optional<Value> {
    Operation *op = v.getDefiningOp();
    if (v == rootValue || (op && isView(op)))
      return v;
    if (!op || !op->hasTrait<rt::OpTrait::Elementwise>())
      return std::nullopt;
    std::optional<Value> f;
    for (Value o : op->getOperands()) {
      if (!derived.contains(o))
        continue;
      if (tensorType(o).getShape() != tensorType(v).getShape())
        return std::nullopt;
      std::optional<Value> g = frontier(o);
      if (!g || (f && *f != *g))
        return std::nullopt;
      f = g;
    }
    return f;
  };
  SmallVector<SmallVector<Value>> chains;
  auto yield = cast<YieldOp>(group.getBodyBlock().getTerminator());
  for (Value out : yield.getOperands()) {
    if (!derived.contains(out))
      return std::nullopt;
    SmallVector<Value> chain;
    Value v = out;
    while (v != rootValue) {
      Operation *op = v.getDefiningOp();
      if (!op)
        return std::nullopt;
      if (isView(op)) {
        chain.push_back(v);
        v = op->getOperand(0);
        continue;
      }
      std::optional<Value> f = frontier(v);
      if (!f)
        return std::nullopt;
      v = *f;
    }
    std::reverse(chain.begin(), chain.end());
    chains.push_back(chain);
  }
  return chains;
}

SmallVector<Value> gpugen::forwardView(Emitter &em, OpBuilder &b, Location loc,
                                       Value to, ArrayRef<Value> idx,
                                       Value &valid) {
  Operation *op = to.getDefiningOp();
  ArrayRef<int64_t> inShape = tensorType(op->getOperand(0)).getShape();
  ArrayRef<int64_t> outShape = tensorType(to).getShape();
  if (auto t = dyn_cast<TransposeOp>(op)) {
    SmallVector<int64_t> perm;
    if (auto p = t.getPerm())
      perm.assign(p->begin(), p->end());
    else
      for (int64_t d = idx.size() - 1; d >= 0; --d)
        perm.push_back(d);
    SmallVector<Value> out;
    for (int64_t p : perm)
      out.push_back(idx[p]);
    return out;
  }
  if (auto g = dyn_cast<GatherOp>(op)) {
    // A constant index selects one slice: the axis is dropped (or kept
    // with size 1 for a one-element index tensor).
    int64_t axis = g.getAxis();
    if (axis < 0)
      axis += inShape.size();
    int64_t i = *constantGatherIndex(g);
    valid = arith::AndIOp::create(
        b, loc, valid,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, idx[axis],
                              em.cst(i)));
    SmallVector<Value> out(idx.take_front(axis));
    for (int64_t d = 0, q = tensorType(g.getIndices()).getRank(); d < q; ++d)
      out.push_back(em.cst(0));
    llvm::append_range(out, idx.drop_front(axis + 1));
    return out;
  }
  if (auto s = dyn_cast<SplitOp>(op)) {
    int64_t axis = s.getAxis();
    if (axis < 0)
      axis += inShape.size();
    unsigned r = cast<OpResult>(to).getResultNumber();
    int64_t offset = 0;
    for (unsigned i = 0; i < r; ++i)
      offset += tensorType(s->getResult(i)).getDimSize(axis);
    Value lo = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge,
                                     idx[axis], em.cst(offset));
    Value hi =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, idx[axis],
                              em.cst(offset + outShape[axis]));
    valid = arith::AndIOp::create(b, loc, valid,
                                  arith::AndIOp::create(b, loc, lo, hi));
    SmallVector<Value> out(idx);
    out[axis] = arith::SubIOp::create(b, loc, idx[axis], em.cst(offset));
    return out;
  }
  // Reshape-like.
  return em.reshapeIndices(idx, inShape, outShape);
}

namespace {
Value clampIndex(OpBuilder &b, Location loc, Emitter &em, Value i,
                 int64_t size) {
  return arith::MinUIOp::create(b, loc, i, em.cst(size - 1));
}
} // namespace

std::optional<TileConfig> gpugen::chooseGemmTile(FusionGroupOp group) {
  std::optional<GemmShape> s = analyzeRoot(group);
  if (!s || !analyzeEpilogue(group, s->root))
    return std::nullopt;
  TileConfig t;
  // Large products: 128 x 128 tiles, 8 warps, when they still give a wave
  // of blocks on a 132-SM GPU; else 64 x 64 tiles, 4 warps.
  int64_t tiles128 = ((s->m + 127) / 128) * ((s->n + 127) / 128) * s->batch;
  if (tiles128 >= 132) {
    t.blockM = t.blockN = 128;
    t.warpsM = 2;
    t.warpsN = 4;
  }
  return t;
}

DictionaryAttr gpugen::TileConfig::toAttr(MLIRContext *ctx) const {
  Builder b(ctx);
  return b.getDictionaryAttr(
      {b.getNamedAttr("kernel", b.getStringAttr("wmma_gemm")),
       b.getNamedAttr("block_m", b.getI64IntegerAttr(blockM)),
       b.getNamedAttr("block_n", b.getI64IntegerAttr(blockN)),
       b.getNamedAttr("block_k", b.getI64IntegerAttr(blockK)),
       b.getNamedAttr("warps_m", b.getI64IntegerAttr(warpsM)),
       b.getNamedAttr("warps_n", b.getI64IntegerAttr(warpsN))});
}

FailureOr<TileConfig> gpugen::TileConfig::fromAttr(FusionGroupOp group,
                                                   DictionaryAttr attr) {
  TileConfig t;
  auto get = [&](StringRef key, int64_t &v) {
    if (auto a = attr.getAs<IntegerAttr>(key))
      v = a.getInt();
  };
  get("block_m", t.blockM);
  get("block_n", t.blockN);
  get("block_k", t.blockK);
  get("warps_m", t.warpsM);
  get("warps_n", t.warpsN);
  int64_t wm = t.warpsM ? t.blockM / t.warpsM : 0,
          wn = t.warpsN ? t.blockN / t.warpsN : 0;
  if (t.blockK % 16 || t.blockK <= 0 || wm <= 0 || wn <= 0 || wm % 16 ||
      wn % 16 || t.blockM % t.warpsM || t.blockN % t.warpsN ||
      t.warpsM * t.warpsN > 32 ||
      (t.blockM * t.blockK) % (32 * t.warpsM * t.warpsN) ||
      (t.blockK * t.blockN) % (32 * t.warpsM * t.warpsN))
    return group.emitError()
           << "fusion group '" << group.getName() << "': tile " << attr
           << " is not a valid WMMA GEMM tile (warp tiles must be multiples "
              "of 16, block_k a multiple of 16)";
  return t;
}

LogicalResult gpugen::emitTiledGemm(FusionGroupOp group, gpu::GPUFuncOp func,
                                    const TileConfig &tile,
                                    KernelLaunch &launch) {
  std::optional<GemmShape> shape = analyzeRoot(group);
  std::optional<SmallVector<SmallVector<Value>>> chains =
      shape ? analyzeEpilogue(group, shape->root) : std::nullopt;
  if (!shape || !chains)
    return group.emitError() << "fusion group '" << group.getName()
                             << "' does not fit the tiled GEMM kernel";
  const GemmShape &s = *shape;
  Location loc = group.getLoc();
  MLIRContext *ctx = group.getContext();
  Block &body = group.getBodyBlock();
  auto yield = cast<YieldOp>(body.getTerminator());
  Block &entry = func.getBody().front();
  OpBuilder b(ctx);
  b.setInsertionPointToStart(&entry);
  Emitter em(b, loc, group.getName());
  unsigned nIn = body.getNumArguments();
  for (unsigned i = 0; i < nIn; ++i)
    em.bind(body.getArgument(i), entry.getArgument(i));

  const int64_t BM = tile.blockM, BN = tile.blockN, BK = tile.blockK;
  const int64_t warps = tile.warpsM * tile.warpsN, threads = 32 * warps;
  const int64_t WM = BM / tile.warpsM, WN = BN / tile.warpsN;
  const int64_t FM = WM / 16, FN = WN / 16;
  const int64_t ldA = BK + 8, ldB = BN + 8, ldC = BN + 4;
  Type f16 = b.getF16Type(), f32 = b.getF32Type();
  auto wg = gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);
  auto typeA = MemRefType::get({BM, ldA}, f16, AffineMap(), wg);
  auto typeB = MemRefType::get({BK, ldB}, f16, AffineMap(), wg);
  auto typeC = MemRefType::get({BM, ldC}, f32, AffineMap(), wg);
  int64_t bytesAB = BM * ldA * 2 + BK * ldB * 2, bytesC = BM * ldC * 4;
  int64_t smem = std::max(bytesAB, bytesC);
  // One dynamic shared buffer: the operand tiles, then (reused) the
  // accumulator tile.
  Value dyn = gpu::DynamicSharedMemoryOp::create(
      b, loc,
      MemRefType::get({ShapedType::kDynamic}, b.getI8Type(), AffineMap(), wg));
  Value smemA =
      memref::ViewOp::create(b, loc, typeA, dyn, em.cst(0), ValueRange{});
  Value smemB = memref::ViewOp::create(b, loc, typeB, dyn, em.cst(BM * ldA * 2),
                                       ValueRange{});
  Value smemC =
      memref::ViewOp::create(b, loc, typeC, dyn, em.cst(0), ValueRange{});

  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value warp = arith::DivUIOp::create(b, loc, tid, em.cst(32));
  Value warpM = arith::DivUIOp::create(b, loc, warp, em.cst(tile.warpsN));
  Value warpN = arith::RemUIOp::create(b, loc, warp, em.cst(tile.warpsN));
  Value m0 = arith::MulIOp::create(
      b, loc, gpu::BlockIdOp::create(b, loc, gpu::Dimension::y), em.cst(BM));
  Value n0 = arith::MulIOp::create(
      b, loc, gpu::BlockIdOp::create(b, loc, gpu::Dimension::x), em.cst(BN));
  SmallVector<Value> batchIdx;
  if (!s.batchShape.empty())
    batchIdx = em.delinearize(gpu::BlockIdOp::create(b, loc, gpu::Dimension::z),
                              s.batchShape);

  // Operand loads at (m, k) and (k, n), in compute type.
  auto batchOf = [&](RankedTensorType t) {
    return em.batchIndices(t, batchIdx);
  };
  // Convolution geometry.
  SmallVector<int64_t> strides(2, 1), dil(2, 1), lo, hi, inSp, kSp, outSp;
  int64_t channels = 0;
  auto conv = dyn_cast<ConvOp>(s.root);
  if (conv) {
    auto x = tensorType(conv.getInput()), w = tensorType(conv.getWeight());
    auto r = tensorType(conv.getResult());
    bool cl = conv.getChannelsLast();
    for (int d = 0; d < 2; ++d) {
      inSp.push_back(x.getDimSize(cl ? 1 + d : 2 + d));
      kSp.push_back(w.getDimSize(cl ? 1 + d : 2 + d));
      outSp.push_back(r.getDimSize(cl ? 1 + d : 2 + d));
    }
    channels = w.getDimSize(cl ? 3 : 1);
    if (auto st = conv.getStrides())
      strides.assign(st->begin(), st->end());
    if (auto d = conv.getDilations())
      dil.assign(d->begin(), d->end());
    lowering::windowPads(inSp, kSp, strides, dil, conv.getPads(),
                         conv.getAutoPad(), lo, hi);
  }
  auto convPos = [&](Value m, Value k) {
    // m -> (n, oh, ow); k -> (kh, kw, c) or (c, kh, kw).
    bool cl = conv.getChannelsLast();
    SmallVector<Value> mi = em.delinearize(
        m, {tensorType(conv.getInput()).getDimSize(0), outSp[0], outSp[1]});
    SmallVector<Value> ki = cl ? em.delinearize(k, {kSp[0], kSp[1], channels})
                               : em.delinearize(k, {channels, kSp[0], kSp[1]});
    Value kh = cl ? ki[0] : ki[1], kw = cl ? ki[1] : ki[2],
          c = cl ? ki[2] : ki[0];
    return std::make_tuple(mi, kh, kw, c);
  };
  auto loadA = [&](Value m, Value k) -> FailureOr<Value> {
    if (auto mm = dyn_cast<MatMulOp>(s.root)) {
      SmallVector<Value> i = batchOf(tensorType(mm.getLhs()));
      i.append({m, k});
      return em.emit(mm.getLhs(), i);
    }
    if (auto g = dyn_cast<GemmOp>(s.root))
      return em.emit(g.getA(), g.getTransA() ? SmallVector<Value>{k, m}
                                             : SmallVector<Value>{m, k});
    auto [mi, kh, kw, c] = convPos(m, k);
    Value valid = arith::ConstantIntOp::create(b, loc, 1, 1);
    SmallVector<Value> pos;
    Value khw[2] = {kh, kw};
    for (int d = 0; d < 2; ++d)
      pos.push_back(em.windowIndex(mi[1 + d], khw[d], strides[d], dil[d],
                                   lo[d], inSp[d], valid));
    SmallVector<Value> xi = conv.getChannelsLast()
                                ? SmallVector<Value>{mi[0], pos[0], pos[1], c}
                                : SmallVector<Value>{mi[0], c, pos[0], pos[1]};
    FailureOr<Value> x = em.emit(conv.getInput(), xi);
    if (failed(x))
      return failure();
    return (Value)arith::SelectOp::create(b, loc, valid, *x, em.zero(f32));
  };
  auto loadB = [&](Value k, Value n) -> FailureOr<Value> {
    if (auto mm = dyn_cast<MatMulOp>(s.root)) {
      SmallVector<Value> i = batchOf(tensorType(mm.getRhs()));
      i.append({k, n});
      return em.emit(mm.getRhs(), i);
    }
    if (auto g = dyn_cast<GemmOp>(s.root))
      return em.emit(g.getB(), g.getTransB() ? SmallVector<Value>{n, k}
                                             : SmallVector<Value>{k, n});
    auto [mi, kh, kw, c] = convPos(em.cst(0), k);
    (void)mi;
    SmallVector<Value> wi = conv.getChannelsLast()
                                ? SmallVector<Value>{n, kh, kw, c}
                                : SmallVector<Value>{n, c, kh, kw};
    return em.emit(conv.getWeight(), wi);
  };
  // Root tensor indices of product element (m, n).
  auto rootIndex = [&](Value m, Value n) {
    if (!conv) {
      SmallVector<Value> r(batchIdx);
      r.append({m, n});
      return r;
    }
    SmallVector<Value> mi = em.delinearize(
        m, {tensorType(conv.getInput()).getDimSize(0), outSp[0], outSp[1]});
    return conv.getChannelsLast() ? SmallVector<Value>{mi[0], mi[1], mi[2], n}
                                  : SmallVector<Value>{mi[0], n, mi[1], mi[2]};
  };

  // 16-byte loads of 8 consecutive elements along the tile's columns, where
  // the operand is a kernel input whose innermost dimension is that column
  // dimension (a multiple of 8): null where they do not apply.
  auto vec8 = VectorType::get({8}, f16);
  using VecLoad = std::function<FailureOr<Value>(Value, Value)>;
  auto direct = [&](Value v) -> Value {
    Value m = em.memrefOf(v);
    if (!m || tensorType(v).getDimSize(tensorType(v).getRank() - 1) % 8)
      return nullptr;
    return m;
  };
  auto vload = [&](Value memref, ArrayRef<Value> idx) -> Value {
    return vector::LoadOp::create(b, loc, vec8, memref, idx, false,
                                  llvm::MaybeAlign(16));
  };
  VecLoad vecA, vecB;
  if (auto mm = dyn_cast<MatMulOp>(s.root)) {
    if (Value m = direct(mm.getLhs()))
      vecA = [&, m, mm](Value r, Value c) mutable -> FailureOr<Value> {
        SmallVector<Value> i = batchOf(tensorType(mm.getLhs()));
        i.append({r, c});
        return vload(m, i);
      };
    if (Value m = direct(mm.getRhs()))
      vecB = [&, m, mm](Value r, Value c) mutable -> FailureOr<Value> {
        SmallVector<Value> i = batchOf(tensorType(mm.getRhs()));
        i.append({r, c});
        return vload(m, i);
      };
  } else if (auto g = dyn_cast<GemmOp>(s.root)) {
    if (Value m = direct(g.getA()); m && !g.getTransA())
      vecA = [&, m](Value r, Value c) -> FailureOr<Value> {
        return vload(m, {r, c});
      };
    if (Value m = direct(g.getB()); m && !g.getTransB())
      vecB = [&, m](Value r, Value c) -> FailureOr<Value> {
        return vload(m, {r, c});
      };
  } else if (conv && conv.getChannelsLast() && channels % 8 == 0) {
    // Eight consecutive k share the window position: x[n, ih, iw, c..c+8].
    if (Value m = em.memrefOf(conv.getInput()))
      vecA = [&, m](Value r, Value c) -> FailureOr<Value> {
        auto [mi, kh, kw, ch] = convPos(r, c);
        Value valid = arith::ConstantIntOp::create(b, loc, 1, 1);
        SmallVector<Value> pos;
        Value khw[2] = {kh, kw};
        for (int d = 0; d < 2; ++d)
          pos.push_back(em.windowIndex(mi[1 + d], khw[d], strides[d], dil[d],
                                       lo[d], inSp[d], valid));
        Value x = vload(m, {mi[0], pos[0], pos[1], ch});
        Value zero = arith::ConstantOp::create(
            b, loc, vec8, DenseElementsAttr::get(vec8, b.getF16FloatAttr(0)));
        return (Value)arith::SelectOp::create(b, loc, valid, x, zero);
      };
  }

  // Stages one operand tile: `rows x cols` elements, `threads` at a time,
  // 8 at a time through `vec` where it applies.
  auto stage = [&](int64_t rows, int64_t cols, Value dst, Value rowBase,
                   int64_t rowLimit, Value colBase, int64_t colLimit,
                   bool aOperand, const VecLoad &vec) -> LogicalResult {
    bool vectorized = vec && cols % 8 == 0 && colLimit % 8 == 0 &&
                      (rows * cols / 8) % threads == 0;
    int64_t width = vectorized ? 8 : 1;
    auto r = em.loop(
        rows * cols / width / threads, ValueRange{},
        [&](Value i, ValueRange) -> FailureOr<SmallVector<Value>> {
          Value e = arith::AddIOp::create(
              b, loc, arith::MulIOp::create(b, loc, i, em.cst(threads)), tid);
          Value r = arith::DivUIOp::create(b, loc, e, em.cst(cols / width));
          Value c = arith::MulIOp::create(
              b, loc, arith::RemUIOp::create(b, loc, e, em.cst(cols / width)),
              em.cst(width));
          Value gr = arith::AddIOp::create(b, loc, rowBase, r);
          Value gc = arith::AddIOp::create(b, loc, colBase, c);
          Value ok = arith::AndIOp::create(
              b, loc,
              arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, gr,
                                    em.cst(rowLimit)),
              arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, gc,
                                    em.cst(colLimit)));
          Value cr = clampIndex(b, loc, em, gr, rowLimit);
          if (vectorized) {
            Value cc = arith::MinUIOp::create(b, loc, gc, em.cst(colLimit - 8));
            FailureOr<Value> v = vec(cr, cc);
            if (failed(v))
              return failure();
            Value zero = arith::ConstantOp::create(
                b, loc, vec8,
                DenseElementsAttr::get(vec8, b.getF16FloatAttr(0)));
            Value x = arith::SelectOp::create(b, loc, ok, *v, zero);
            vector::StoreOp::create(b, loc, x, dst, ValueRange{r, c}, false,
                                    llvm::MaybeAlign(16));
            return SmallVector<Value>{};
          }
          Value cc = clampIndex(b, loc, em, gc, colLimit);
          FailureOr<Value> v = aOperand ? loadA(cr, cc) : loadB(cr, cc);
          if (failed(v))
            return failure();
          Value x = arith::SelectOp::create(b, loc, ok, *v, em.zero(f32));
          x = arith::TruncFOp::create(b, loc, f16, x);
          memref::StoreOp::create(b, loc, x, dst, ValueRange{r, c});
          return SmallVector<Value>{};
        });
    return failure(failed(r));
  };

  auto fragA = gpu::MMAMatrixType::get({16, 16}, f16, "AOp");
  auto fragB = gpu::MMAMatrixType::get({16, 16}, f16, "BOp");
  auto fragC = gpu::MMAMatrixType::get({16, 16}, f32, "COp");
  SmallVector<Value> init;
  Value zeroFrag =
      gpu::SubgroupMmaConstantMatrixOp::create(b, loc, fragC, em.zero(f32));
  for (int64_t i = 0; i < FM * FN; ++i)
    init.push_back(zeroFrag);
  Value warpRow = arith::MulIOp::create(b, loc, warpM, em.cst(WM));
  Value warpCol = arith::MulIOp::create(b, loc, warpN, em.cst(WN));
  int64_t kTiles = (s.k + BK - 1) / BK;
  auto kLoop = em.loop(
      kTiles, init,
      [&](Value kt, ValueRange acc) -> FailureOr<SmallVector<Value>> {
        Value k0 = arith::MulIOp::create(b, loc, kt, em.cst(BK));
        if (failed(stage(BM, BK, smemA, m0, s.m, k0, s.k, true, vecA)) ||
            failed(stage(BK, BN, smemB, k0, s.k, n0, s.n, false, vecB)))
          return failure();
        gpu::BarrierOp::create(b, loc);
        SmallVector<Value> c(acc);
        for (int64_t kk = 0; kk < BK / 16; ++kk) {
          SmallVector<Value> as, bs;
          for (int64_t fi = 0; fi < FM; ++fi)
            as.push_back(gpu::SubgroupMmaLoadMatrixOp::create(
                b, loc, fragA, smemA,
                ValueRange{
                    arith::AddIOp::create(b, loc, warpRow, em.cst(fi * 16)),
                    em.cst(kk * 16)},
                b.getIndexAttr(ldA), UnitAttr()));
          for (int64_t fj = 0; fj < FN; ++fj)
            bs.push_back(gpu::SubgroupMmaLoadMatrixOp::create(
                b, loc, fragB, smemB,
                ValueRange{
                    em.cst(kk * 16),
                    arith::AddIOp::create(b, loc, warpCol, em.cst(fj * 16))},
                b.getIndexAttr(ldB), UnitAttr()));
          for (int64_t fi = 0; fi < FM; ++fi)
            for (int64_t fj = 0; fj < FN; ++fj)
              c[fi * FN + fj] = gpu::SubgroupMmaComputeOp::create(
                  b, loc, fragC, as[fi], bs[fj], c[fi * FN + fj], UnitAttr(),
                  UnitAttr());
        }
        gpu::BarrierOp::create(b, loc);
        return c;
      });
  if (failed(kLoop))
    return failure();
  for (int64_t fi = 0; fi < FM; ++fi)
    for (int64_t fj = 0; fj < FN; ++fj)
      gpu::SubgroupMmaStoreMatrixOp::create(
          b, loc, (*kLoop)[fi * FN + fj], smemC,
          ValueRange{arith::AddIOp::create(b, loc, warpRow, em.cst(fi * 16)),
                     arith::AddIOp::create(b, loc, warpCol, em.cst(fj * 16))},
          b.getIndexAttr(ldC), UnitAttr());
  gpu::BarrierOp::create(b, loc);

  // Epilogue: each thread walks tile elements (consecutive threads,
  // consecutive columns).
  Value rootValue = s.root->getResult(0);
  auto epi = em.loop(
      BM * BN / threads, ValueRange{},
      [&](Value i, ValueRange) -> FailureOr<SmallVector<Value>> {
        Value e = arith::AddIOp::create(
            b, loc, arith::MulIOp::create(b, loc, i, em.cst(threads)), tid);
        Value r = arith::DivUIOp::create(b, loc, e, em.cst(BN));
        Value c = arith::RemUIOp::create(b, loc, e, em.cst(BN));
        Value m = arith::AddIOp::create(b, loc, m0, r);
        Value n = arith::AddIOp::create(b, loc, n0, c);
        Value inside = arith::AndIOp::create(
            b, loc,
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, m,
                                  em.cst(s.m)),
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, n,
                                  em.cst(s.n)));
        auto ifOp = scf::IfOp::create(b, loc, TypeRange{}, inside, false);
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(ifOp.thenBlock());
        em.pushScope();
        Value acc = memref::LoadOp::create(b, loc, smemC, ValueRange{r, c});
        SmallVector<Value> rIdx = rootIndex(m, n);
        if (auto g = dyn_cast<GemmOp>(s.root)) {
          if (g.getAlpha().convertToFloat() != 1.0f)
            acc = arith::MulFOp::create(
                b, loc, acc,
                lowering::scalarConstant(b, loc, f32,
                                         g.getAlpha().convertToDouble()));
          if (g.getC()) {
            auto ct = tensorType(g.getC());
            SmallVector<Value> ci;
            int64_t off = 2 - ct.getRank();
            for (int64_t d = 0; d < ct.getRank(); ++d)
              ci.push_back(ct.getDimSize(d) == 1 ? em.cst(0) : rIdx[d + off]);
            FailureOr<Value> cv = em.emit(g.getC(), ci);
            if (failed(cv))
              return failure();
            Value x = *cv;
            if (g.getBeta().convertToFloat() != 1.0f)
              x = arith::MulFOp::create(
                  b, loc, x,
                  lowering::scalarConstant(b, loc, f32,
                                           g.getBeta().convertToDouble()));
            acc = arith::AddFOp::create(b, loc, acc, x);
          }
        } else if (conv && conv.getBias()) {
          FailureOr<Value> bias = em.emit(conv.getBias(), {n});
          if (failed(bias))
            return failure();
          acc = arith::AddFOp::create(b, loc, acc, *bias);
        }
        em.setOverride(rootValue, acc);
        for (auto [o, out] : llvm::enumerate(yield.getOperands())) {
          Value valid = arith::ConstantIntOp::create(b, loc, 1, 1);
          SmallVector<Value> idx = rIdx;
          for (Value view : (*chains)[o])
            idx = forwardView(em, b, loc, view, idx, valid);
          auto store = scf::IfOp::create(b, loc, TypeRange{}, valid, false);
          OpBuilder::InsertionGuard g2(b);
          b.setInsertionPointToStart(store.thenBlock());
          em.pushScope();
          FailureOr<Value> v = em.emit(out, idx);
          if (failed(v))
            return failure();
          memref::StoreOp::create(
              b, loc, em.toStorage(*v, tensorType(out).getElementType()),
              entry.getArgument(nIn + o), idx);
          em.popScope();
        }
        em.clearOverride(rootValue);
        em.popScope();
        return SmallVector<Value>{};
      });
  if (failed(epi))
    return failure();
  gpu::ReturnOp::create(b, loc);

  launch.grid = {(s.n + BN - 1) / BN, (s.m + BM - 1) / BM, s.batch};
  launch.block = {threads, 1, 1};
  launch.sharedBytes = smem;
  if (launch.grid[1] > 65535 || launch.grid[2] > 65535)
    return group.emitError() << "fusion group '" << group.getName()
                             << "': the GEMM grid exceeds CUDA's limits";
  return success();
}
