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
// A tile may split its k range among the blocks of a thread block cluster
// (split_k, sm_90 and later): block r of the cluster multiplies k tiles
// [r * per, (r + 1) * per), per = ceil(kt / split_k), stages its partial tile
// in its own shared memory, and after a cluster barrier sums rows [r * BM /
// split_k, (r + 1) * BM / split_k) of every block's partial tile (distributed
// shared memory, a fixed order: deterministic) and runs the epilogue on them.
// No workspace, no second kernel, no atomics: the fix for products too small to
// fill the GPU (batch-1 layers).
//
// Groups that do not fit (bfloat16/float32 operands, vector operands,
// grouped convolutions, an epilogue that broadcasts the root or reaches it
// through two different views) use the elemental kernel.
//
//===----------------------------------------------------------------------===//

#include "TiledGemm.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "rt/Support/Arch.h"

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
  /// The operands' 16-bit float type (float16 or bfloat16).
  Type elt;
  /// MatMul rows folded with the batch dimensions (B has none): the
  /// product is (batch... x m) x n, row r at result indices
  /// delinearize(r, rowShape); empty when not folded.
  SmallVector<int64_t> rowShape;
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
  // Both operands float16, or both bfloat16 (tensor cores multiply either
  // with float32 accumulation).
  auto f16 = [&](Value v) {
    Type t = tensorType(v).getElementType();
    if (!t.isF16() && !t.isBF16())
      return false;
    if (!s.elt)
      s.elt = t;
    return t == s.elt;
  };
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
    // A batch of products sharing one B is one taller product: better
    // tiles, and B read once per column tile (ViT's sequence-first
    // in-projection is 197 products of one row each).
    bool sharedB = llvm::all_of(b.getShape().drop_back(2),
                                [](int64_t d) { return d == 1; });
    if (!s.batchShape.empty() && sharedB && a.getRank() == r.getRank() &&
        a.getShape().drop_back(2) == ArrayRef<int64_t>(s.batchShape)) {
      s.rowShape = s.batchShape;
      s.rowShape.push_back(s.m);
      for (int64_t d : s.batchShape)
        s.m *= d;
      s.batchShape.clear();
    }
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
    SmallVector<Value> out;
    for (int64_t p : transposePermutation(t.getPerm(), idx.size()))
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

LogicalResult gpugen::storeOutput(OpBuilder &b, Location loc, Emitter &em,
                                  FusionGroupOp group, Block &entry, unsigned o,
                                  ArrayRef<Value> rootIdx,
                                  ArrayRef<Value> chain) {
  Value out = group.getBodyBlock().getTerminator()->getOperand(o);
  unsigned nIn = group.getBodyBlock().getNumArguments();
  Value valid = arith::ConstantIntOp::create(b, loc, 1, 1);
  SmallVector<Value> idx(rootIdx);
  for (Value view : chain)
    idx = forwardView(em, b, loc, view, idx, valid);
  auto store = scf::IfOp::create(b, loc, TypeRange{}, valid, false);
  OpBuilder::InsertionGuard g(b);
  b.setInsertionPointToStart(store.thenBlock());
  em.pushScope();
  FailureOr<Value> v = em.emit(out, idx);
  em.popScope();
  if (failed(v))
    return failure();
  memref::StoreOp::create(b, loc,
                          em.toStorage(*v, tensorType(out).getElementType()),
                          entry.getArgument(nIn + o), idx);
  return success();
}

LogicalResult gpugen::storeOutputs(OpBuilder &b, Location loc, Emitter &em,
                                   FusionGroupOp group, Block &entry,
                                   Value root, Value rootValue,
                                   ArrayRef<Value> rootIdx,
                                   ArrayRef<SmallVector<Value>> chains) {
  em.setOverride(root, rootValue);
  for (unsigned o = 0, n = chains.size(); o < n; ++o)
    if (failed(storeOutput(b, loc, em, group, entry, o, rootIdx, chains[o])))
      return failure();
  em.clearOverride(root);
  return success();
}

bool gpugen::columnsContiguous(ArrayRef<Value> chain) {
  for (Value view : chain) {
    Operation *op = view.getDefiningOp();
    int64_t rank = tensorType(op->getOperand(0)).getRank();
    auto normalize = [&](int64_t axis) {
      return axis < 0 ? axis + rank : axis;
    };
    if (auto t = dyn_cast<TransposeOp>(op)) {
      if (!t.getPerm() || t.getPerm()->back() != rank - 1)
        return false;
    } else if (auto g = dyn_cast<GatherOp>(op)) {
      if (normalize(g.getAxis()) == rank - 1)
        return false;
    } else if (auto sp = dyn_cast<SplitOp>(op)) {
      if (normalize(sp.getAxis()) == rank - 1 &&
          llvm::any_of(sp->getResults(), [](Value r) {
            return tensorType(r).getShape().back() % 8 != 0;
          }))
        return false;
    } else if (tensorType(view).getRank() == 0 ||
               tensorType(view).getShape().back() % 8 != 0) {
      return false; // A reshape must keep rows of whole chunks.
    }
  }
  return true;
}

LogicalResult gpugen::storeColumns(OpBuilder &b, Location loc, Emitter &em,
                                   FusionGroupOp group, Block &entry,
                                   Value rootValue, ArrayRef<Value> roots,
                                   ArrayRef<Value> rootIdx0,
                                   ArrayRef<SmallVector<Value>> chains,
                                   ArrayRef<bool> contiguous) {
  auto yield = cast<YieldOp>(group.getBodyBlock().getTerminator());
  unsigned nIn = group.getBodyBlock().getNumArguments();
  int64_t width = roots.size();
  Value base = rootIdx0.back();
  SmallVector<SmallVector<Value>> rIdx;
  for (int64_t j = 0; j < width; ++j) {
    rIdx.emplace_back(rootIdx0);
    rIdx.back().back() = arith::AddIOp::create(b, loc, base, em.cst(j));
  }
  // The root-shaped values the outputs' views start from, evaluated at the
  // root indices (where their column-indexed operands, a bias, are one
  // vector load) and then standing for themselves in the outputs' values.
  SmallVector<std::pair<Value, SmallVector<Value>>> starts;
  em.beginColumnVectors(b.getInsertionBlock(), {base});
  for (const SmallVector<Value> &chain : chains) {
    if (chain.empty())
      continue;
    Value start = chain.front().getDefiningOp()->getOperand(0);
    if (start == rootValue ||
        tensorType(start).getShape() != tensorType(rootValue).getShape() ||
        llvm::any_of(starts, [&](auto &s) { return s.first == start; }))
      continue;
    SmallVector<Value> values;
    for (int64_t j = 0; j < width; ++j) {
      em.setOverride(rootValue, roots[j]);
      FailureOr<Value> v = em.emit(start, rIdx[j]);
      em.clearOverride(rootValue);
      if (failed(v))
        return failure();
      values.push_back(*v);
    }
    starts.emplace_back(start, std::move(values));
  }
  auto overrideAt = [&](int64_t j) {
    em.setOverride(rootValue, roots[j]);
    for (auto &[start, values] : starts)
      em.setOverride(start, values[j]);
  };
  auto clearOverrides = [&]() {
    em.clearOverride(rootValue);
    for (auto &[start, values] : starts)
      em.clearOverride(start);
  };
  for (auto [o, out] : llvm::enumerate(yield.getOperands())) {
    Type st = storageType(tensorType(out).getElementType());
    Value dst = entry.getArgument(nIn + o);
    if (!contiguous[o] || !isa<FloatType>(st)) {
      for (int64_t j = 0; j < width; ++j) {
        overrideAt(j);
        LogicalResult r =
            storeOutput(b, loc, em, group, entry, o, rIdx[j], chains[o]);
        clearOverrides();
        if (failed(r))
          return failure();
      }
      continue;
    }
    Value valid = arith::ConstantIntOp::create(b, loc, 1, 1);
    SmallVector<Value> idx0(rootIdx0);
    for (Value view : chains[o])
      idx0 = forwardView(em, b, loc, view, idx0, valid);
    auto store = scf::IfOp::create(b, loc, TypeRange{}, valid, false);
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(store.thenBlock());
    // Operands indexed by the output column (a residual) load 8 columns
    // at once.
    em.beginColumnVectors(store.thenBlock(), {base, idx0.back()});
    SmallVector<Value> values;
    for (int64_t j = 0; j < width; ++j) {
      em.pushScope();
      overrideAt(j);
      SmallVector<Value> idx = idx0;
      idx.back() = arith::AddIOp::create(b, loc, idx0.back(), em.cst(j));
      FailureOr<Value> v = em.emit(out, idx);
      clearOverrides();
      em.popScope();
      if (failed(v))
        return failure();
      values.push_back(em.toStorage(*v, tensorType(out).getElementType()));
    }
    Value vec = vector::FromElementsOp::create(
        b, loc, VectorType::get({width}, st), values);
    vector::StoreOp::create(b, loc, vec, dst, idx0, false,
                            llvm::MaybeAlign(std::min<int64_t>(
                                16, width * st.getIntOrFloatBitWidth() / 8)));
  }
  em.endColumnVectors();
  return success();
}

//===----------------------------------------------------------------------===//
// Tile configuration
//===----------------------------------------------------------------------===//

/// Whether `v` is a group input, or reshapes of one keeping rows of whole
/// 16-byte chunks (what GemmKernel::directChunks reads).
static bool boundRows(FusionGroupOp group, Value v) {
  while (true) {
    auto t = tensorType(v);
    if (t.getRank() == 0 || t.getShape().back() % 8)
      return false;
    if (auto a = dyn_cast<BlockArgument>(v))
      return a.getOwner() == &group.getBodyBlock();
    Operation *op = v.getDefiningOp();
    if (!op || !isa<ReshapeOp, FlattenOp, SqueezeOp, UnsqueezeOp>(op))
      return false;
    v = op->getOperand(0);
  }
}

/// The group input that rank-2 `v` transposes ([n][k] data of a [k][n]
/// operand), or null.
static Value transposedInput(FusionGroupOp group, Value v) {
  auto t = v.getDefiningOp<TransposeOp>();
  if (!t || tensorType(v).getRank() != 2 ||
      (t.getPerm() && (*t.getPerm())[0] != 1))
    return nullptr;
  auto a = dyn_cast<BlockArgument>(t.getInput());
  if (!a || a.getOwner() != &group.getBodyBlock() ||
      tensorType(a).getShape().back() % 8)
    return nullptr;
  return a;
}

/// Whether both operands of the group's root can be read k-contiguous in
/// 16-byte chunks (what warpgroup MMA's k-major shared-memory tiles need).
static bool kMajorOperands(FusionGroupOp group, const GemmShape &s) {
  if (s.k % 8)
    return false;
  auto bound = [&](Value v) {
    auto a = dyn_cast<BlockArgument>(v);
    return a && a.getOwner() == &group.getBodyBlock();
  };
  if (auto mm = dyn_cast<MatMulOp>(s.root))
    return boundRows(group, mm.getLhs()) && transposedInput(group, mm.getRhs());
  if (auto g = dyn_cast<GemmOp>(s.root))
    return !g.getTransA() && boundRows(group, g.getA()) &&
           (g.getTransB() ? boundRows(group, g.getB())
                          : (bool)transposedInput(group, g.getB()));
  auto c = cast<ConvOp>(s.root);
  return c.getChannelsLast() &&
         tensorType(c.getWeight()).getShape().back() % 8 == 0 &&
         bound(c.getInput()) && bound(c.getWeight());
}

/// The group input that `v` is, or reshapes of (rows of whole 16-byte
/// chunks: boundRows), or null.
static BlockArgument rootArgument(FusionGroupOp group, Value v) {
  if (!boundRows(group, v))
    return nullptr;
  while (!isa<BlockArgument>(v))
    v = v.getDefiningOp()->getOperand(0);
  return cast<BlockArgument>(v);
}

namespace {
/// An operand read through a TMA tensor map: a row-major [rows][k] matrix
/// (k contiguous) held by group input `arg`, or with `im2col` a windowed
/// channels-last convolution's input [n][h][w][c] read through an im2col
/// map (rows: output pixels; k: (kh, kw, c)).
struct TmaOperand {
  BlockArgument arg;
  int64_t rows = 0;
  bool im2col = false;
};
} // namespace

/// The TMA-readable forms of the root's operands: A as [m][k], B as [n][k]
/// (both k-contiguous kernel inputs, or reshapes of one), or nullopt.
static std::optional<std::pair<TmaOperand, TmaOperand>>
tmaOperands(FusionGroupOp group, const GemmShape &s) {
  if (s.k % 8 || s.batch != 1)
    return std::nullopt;
  BlockArgument a, b;
  if (auto mm = dyn_cast<MatMulOp>(s.root)) {
    a = rootArgument(group, mm.getLhs());
    if (Value t = transposedInput(group, mm.getRhs()))
      b = cast<BlockArgument>(t);
  } else if (auto g = dyn_cast<GemmOp>(s.root)) {
    if (!g.getTransA())
      a = rootArgument(group, g.getA());
    if (g.getTransB())
      b = rootArgument(group, g.getB());
    else if (Value t = transposedInput(group, g.getB()))
      b = cast<BlockArgument>(t);
  } else if (auto c = dyn_cast<ConvOp>(s.root)) {
    // A channels-last 1x1 convolution with unit strides and no padding is
    // a plain GEMM: the input is [n * h * w][c], the filters [out][c].
    // Other windows read the input through an im2col map when every
    // 64-deep k tile is one filter tap's block of 64 channels, and the
    // window fits the map: strides of at most 8, bounding-box corners in
    // [-128, 128) and filter-tap offsets below 128 (rank 4).
    if (c.getChannelsLast()) {
      ConvWindow win(c);
      bool plain = win.isPointwise();
      bool window = !plain && win.channels % 64 == 0;
      for (int d = 0; d < 2 && window; ++d)
        window = win.strides[d] >= 1 && win.strides[d] <= 8 &&
                 win.lowerCorner(d) >= -128 && win.lowerCorner(d) < 128 &&
                 win.upperCorner(d) >= -128 && win.upperCorner(d) < 128 &&
                 win.reach(d) < 128 &&
                 win.in[d] + win.upperCorner(d) - win.lowerCorner(d) >= 1;
      if (plain || window) {
        a = dyn_cast<BlockArgument>(c.getInput());
        b = dyn_cast<BlockArgument>(c.getWeight());
        if ((a && a.getOwner() != &group.getBodyBlock()) ||
            (b && b.getOwner() != &group.getBodyBlock()))
          a = b = nullptr;
        if (a && b)
          return std::make_pair(TmaOperand{a, s.m, window}, TmaOperand{b, s.n});
      }
    }
  }
  if (!a || !b)
    return std::nullopt;
  return std::make_pair(TmaOperand{a, s.m}, TmaOperand{b, s.n});
}

bool gpugen::supportsTmaLoads(FusionGroupOp group) {
  std::optional<GemmShape> s = analyzeRoot(group);
  return s && tmaOperands(group, *s);
}

/// Whether the group's epilogue (the ops after `root`) evaluates
/// transcendental functions per element (a decomposed erf or tanh, sigmoid,
/// exponentials). rt.gelu is not among them: its GPU forms (one exp2 and a
/// fast reciprocal; ~25 instructions for the erf form) cost little enough
/// that the wide tiles win (H200, 2026-11-30: ViT's, BERT's and GPT-2's MLP
/// GEMM + GELU 2% faster at 128 x 256 than at 128 x 128 x 2 blocks).
static bool heavyEpilogue(FusionGroupOp group, Operation *root) {
  for (Operation &op : group.getBodyBlock().without_terminator())
    if (root->isBeforeInBlock(&op) &&
        isa<ErfOp, TanhOp, ExpOp, LogOp, SigmoidOp, SoftplusOp, MishOp, EluOp,
            CeluOp, SeluOp, PowOp, SinOp, CosOp>(op))
      return true;
  return false;
}

/// Whether the group's epilogue applies rt.gelu.
static bool hasGelu(FusionGroupOp group, Operation *root) {
  for (Operation &op : group.getBodyBlock().without_terminator())
    if (root->isBeforeInBlock(&op) && isa<GeluOp>(op))
      return true;
  return false;
}

std::optional<TileConfig> gpugen::chooseGemmTile(FusionGroupOp group,
                                                 rtgpu::TargetAttr target) {
  const int64_t targetSMs = target.getSms();
  std::optional<GemmShape> s = analyzeRoot(group);
  if (!s || !analyzeEpilogue(group, s->root))
    return std::nullopt;
  TileConfig t;
  auto tiles = [&](int64_t bm, int64_t bn) {
    return ((s->m + bm - 1) / bm) * ((s->n + bn - 1) / bn) * s->batch;
  };
  // Hopper: warpgroup MMA for products that fill the GPU with 128 x 128
  // tiles (two warpgroups of 64 rows), 64-deep k steps.
  if (target.has(rtgpu::Feature::Wgmma) && kMajorOperands(group, *s) &&
      tiles(128, 128) >= 100) {
    t.kernel = TileConfig::Kernel::Wgmma;
    t.blockM = 128;
    t.blockK = 64;
    t.warpsM = 8;
    t.warpsN = 1;
    // Shallow products (K <= 256: ResNet's 1x1 convolutions) are bound by
    // memory, and a transcendental epilogue (a decomposed erf or tanh) by
    // the epilogue's arithmetic: both want two blocks per SM, one's epilogue
    // under the other's main loop (128 x 128 with 3 stages, 97 KiB; H200
    // sweep of 2026-11-29: ResNet's 200704 x 256 x 64 conv + residual 1.49x,
    // ViT's MLP GEMM + decomposed GELU 1.09x).
    bool shallow = s->k <= 256;
    // Operands that tensor maps can describe come through TMA, loaded by
    // a producer warp, unless the product is shallow (H100, 2026-12-06:
    // 1.04-1.23x on the models' projections and 4096^3, 0.94x on a
    // 256-deep product; bench/results/2026-12-06-s5-micro-tma.json), and
    // windowed convolutions read through im2col maps (H100, 2026-12-06:
    // ResNet-50's 3x3 convolutions at batch 64 1.07-1.42x over the cp.async
    // ring; bench/results/2026-12-06-s6-micro-conv.json).
    t.tma = !shallow && tmaOperands(group, *s);
    // GEMMs with short k loops (K <= 1024: the transformers' 768-deep
    // projections and MLP inputs, 12 k steps a tile) spend a large share of
    // each tile in its epilogue: given at least two tiles a block, the
    // persistent ping-pong schedule runs one warpgroup's epilogue under the
    // other's main loop, 128 x 128 tiles with 4 stages (H100, 2026-12-06:
    // 1.09-1.25x on ViT's, BERT's and GPT-2's QKV and MLP-input GEMMs, with
    // and without GELU; 0.86-0.93x on 3072- and 4096-deep products;
    // bench/results/2026-12-06-s6-micro-pingpong.json). Convolutions have
    // not been timed with it.
    if (t.tma && isa<MatMulOp, GemmOp>(s->root) && s->k <= 1024 &&
        tiles(128, 128) >= 2 * targetSMs) {
      t.pingpong = true;
      t.blockN = 128;
      t.stages = 4;
      return t;
    }
    // With TMA, rt.gelu's epilogue also wants two blocks per SM (H100,
    // 2026-12-06: ViT's, BERT's and GPT-2's MLP GEMM + GELU 1.04-1.06x at
    // 128 x 128 with 3 stages than at 128 x 256; -s5-micro-tma-sweep.json).
    bool heavy =
        heavyEpilogue(group, s->root) || (t.tma && hasGelu(group, s->root));
    // Else the widest of 128 x 256 and 128 x 192 tiles (m64n256 / m64n192
    // per warpgroup: less A traffic per product than 128 x 128) with 4
    // stages (192 / 160 KiB, one block per SM) whose last wave of blocks
    // and last column of tiles are at least 90% full: 768 columns of 12608
    // rows (ViT-B/16 batch 64) are 297 tiles of 128 x 256, 2.25 waves on
    // 132 SMs, but 396 of 128 x 192, 3 full waves. Else 128 x 128 with 5
    // stages (160 KiB).
    auto fill = [&](int64_t bn) {
      int64_t n = tiles(128, bn), waves = (n + targetSMs - 1) / targetSMs;
      int64_t cols = (s->n + bn - 1) / bn;
      return double(n) / double(waves * targetSMs) * double(s->n) /
             double(cols * bn);
    };
    int64_t wide = 0;
    if (!shallow && !heavy)
      for (int64_t bn : {256, 192})
        if (s->n >= bn && fill(bn) >= 0.9) {
          wide = bn;
          break;
        }
    if (wide) {
      t.blockN = wide;
      t.stages = 4;
    } else if (s->n <= 64) {
      // Narrow products (a stem convolution's 64 filters): no half-empty
      // 128-wide tiles.
      t.blockN = 64;
      t.stages = 5;
    } else {
      t.blockN = 128;
      t.stages = shallow || heavy ? 3 : 5;
    }
    // No more stages than k steps (at least the 3 the pipeline needs):
    // the rest of the ring would only keep blocks off the SM.
    t.stages = std::min(t.stages, std::max<int64_t>(3, (s->k + 63) / 64));
    return t;
  }
  t.kernel = TileConfig::Kernel::MmaSync;
  // The largest tile that still gives a wave of blocks on a 132-SM GPU:
  // 128 x 128 (4 warps of 64 x 64) or 128 x 64 with four cp.async stages,
  // then 64 x 64, 32 x 64 and 32 x 32 (4 warps of 16 x 16) with three.
  // Small products (batch-1 layers: 128 or 197 rows; ResNet's last stage:
  // 49) are bound by how many SMs work and by the latency of their k
  // loop, not by per-tile efficiency: when 128 x 128 tiles do not give
  // ~0.9 of a wave and thread block clusters exist, a tile's k range is
  // split among 2, 4 or 8 blocks (each keeping at least 4 of the 32-deep k
  // tiles): the largest tile that reaches a wave unsplit or ~0.9 of one
  // with its smallest split wins (fewer, shorter k loops: BERT's batch-1
  // FFN input, 128 x 3072 x 768, as 128 x 64 tiles split 4 ways rather
  // than 32 x 64 tiles each looping over all of k); else the smallest
  // tile.
  struct Candidate {
    int64_t bm, bn, stages;
  };
  const Candidate candidates[] = {
      {128, 128, 4}, {128, 64, 4}, {64, 64, 3}, {32, 64, 3}, {32, 32, 3}};
  const int64_t kTiles = (s->k + 31) / 32;
  const int64_t wave = targetSMs - targetSMs / 11; // ~0.9: 120 of 132
  Candidate pick = candidates[std::size(candidates) - 1];
  int64_t split = 1;
  auto splits = [&](const Candidate &c) {
    SmallVector<int64_t> r = {1};
    if (target.has(rtgpu::Feature::Clusters))
      for (int64_t k = 2; k <= rtgpu::GemmStrategyAttr::kMaxSplitK; k *= 2)
        if (kTiles >= 4 * k && c.bm % k == 0)
          r.push_back(k);
    return r;
  };
  const bool maySplit = tiles(128, 128) < wave;
  auto choose = [&]() {
    for (const Candidate &c : candidates)
      for (int64_t k : splits(c)) {
        if (k > 1 && !maySplit)
          break;
        if (tiles(c.bm, c.bn) * k >= (k == 1 ? targetSMs : wave)) {
          pick = c;
          split = k;
          return true;
        }
      }
    return false;
  };
  if (!choose())
    split = splits(pick).back();
  t.blockM = pick.bm;
  t.blockN = pick.bn;
  t.stages = pick.stages;
  t.splitK = split;
  t.blockK = 32;
  t.warpsM = t.warpsN = 2;
  return t;
}

rtgpu::GemmStrategyAttr gpugen::TileConfig::toAttr(MLIRContext *ctx) const {
  using rtgpu::GemmKernel;
  return rtgpu::GemmStrategyAttr::get(
      ctx,
      kernel == Kernel::Wgmma     ? GemmKernel::wgmma
      : kernel == Kernel::MmaSync ? GemmKernel::mma_sync
                                  : GemmKernel::wmma,
      blockM, blockN, blockK, warpsM, warpsN,
      kernel == Kernel::Wmma ? 1 : stages, splitK,
      tma ? rtgpu::GemmLoad::tma : rtgpu::GemmLoad::cp_async,
      pingpong ? rtgpu::GemmSchedule::pingpong : rtgpu::GemmSchedule::single);
}

TileConfig gpugen::TileConfig::get(rtgpu::GemmStrategyAttr attr) {
  TileConfig t;
  switch (attr.getKernel()) {
  case rtgpu::GemmKernel::wmma:
    t.kernel = Kernel::Wmma;
    break;
  case rtgpu::GemmKernel::mma_sync:
    t.kernel = Kernel::MmaSync;
    break;
  case rtgpu::GemmKernel::wgmma:
    t.kernel = Kernel::Wgmma;
    break;
  }
  t.blockM = attr.getBlockM();
  t.blockN = attr.getBlockN();
  t.blockK = attr.getBlockK();
  t.warpsM = attr.getWarpsM();
  t.warpsN = attr.getWarpsN();
  t.stages = attr.getStages();
  t.splitK = attr.getSplitK();
  t.tma = attr.isTma();
  t.pingpong = attr.isPingpong();
  t.shared = attr.getSharedBytes();
  return t;
}

//===----------------------------------------------------------------------===//
// Kernel emission
//===----------------------------------------------------------------------===//

gpugen::LdMatrixLanes::LdMatrixLanes(OpBuilder &b, Location loc, Emitter &em,
                                     Value lane) {
  l8 = arith::RemUIOp::create(b, loc, lane, em.cst(8));
  l16 = arith::RemUIOp::create(b, loc, lane, em.cst(16));
  hi16 = arith::MulIOp::create(
      b, loc, arith::DivUIOp::create(b, loc, lane, em.cst(16)), em.cst(8));
  mid8 = arith::MulIOp::create(
      b, loc,
      arith::RemUIOp::create(
          b, loc, arith::DivUIOp::create(b, loc, lane, em.cst(8)), em.cst(2)),
      em.cst(8));
}

std::array<Value, 2> gpugen::splitBFragments(OpBuilder &b, Location loc,
                                             Value x4) {
  auto x4Type = cast<VectorType>(x4.getType());
  auto fragType = VectorType::get({2, 2}, x4Type.getElementType());
  std::array<Value, 2> frags;
  for (int64_t h = 0; h < 2; ++h) {
    Value frag = ub::PoisonOp::create(b, loc, fragType);
    for (int64_t r = 0; r < 2; ++r)
      frag = vector::InsertOp::create(
          b, loc,
          vector::ExtractOp::create(b, loc, x4, ArrayRef<int64_t>{2 * h + r}),
          frag, ArrayRef<int64_t>{r});
    frags[h] = frag;
  }
  return frags;
}

Value gpugen::mmaSync(OpBuilder &b, Location loc, Value a, Value bFrag,
                      Value acc) {
  auto aType = cast<VectorType>(a.getType());
  if (aType.getElementType().isF16())
    return nvgpu::MmaSyncOp::create(b, loc, a, bFrag, acc,
                                    ArrayRef<int64_t>{16, 8, 16});
  MLIRContext *ctx = b.getContext();
  Type i32 = b.getI32Type(), f32 = b.getF32Type();
  // Each row of a fragment (two 16-bit values) is one 32-bit register.
  auto pack = [&](Value frag, int64_t rows) {
    SmallVector<Value> regs;
    for (int64_t r = 0; r < rows; ++r) {
      Value row = vector::ExtractOp::create(b, loc, frag, ArrayRef<int64_t>{r});
      Value word =
          vector::BitCastOp::create(b, loc, VectorType::get({1}, i32), row);
      regs.push_back(
          vector::ExtractOp::create(b, loc, word, ArrayRef<int64_t>{0}));
    }
    return regs;
  };
  SmallVector<Value> aRegs = pack(a, 4), bRegs = pack(bFrag, 2), cRegs;
  for (int64_t r = 0; r < 2; ++r)
    for (int64_t c = 0; c < 2; ++c)
      cRegs.push_back(
          vector::ExtractOp::create(b, loc, acc, ArrayRef<int64_t>{r, c}));
  auto resultType = LLVM::LLVMStructType::getLiteral(ctx, {f32, f32, f32, f32});
  Value d = NVVM::MmaOp::create(
      b, loc, resultType, aRegs, bRegs, cRegs, ArrayRef<int64_t>{16, 8, 16},
      std::nullopt, std::nullopt,
      std::array<NVVM::MMATypes, 2>{NVVM::MMATypes::bf16, NVVM::MMATypes::bf16},
      std::array<NVVM::MMALayout, 2>{NVVM::MMALayout::row,
                                     NVVM::MMALayout::col});
  auto vec2 = VectorType::get({2}, f32);
  Value out = ub::PoisonOp::create(b, loc, acc.getType());
  for (int64_t r = 0; r < 2; ++r) {
    Value row = vector::FromElementsOp::create(
        b, loc, vec2,
        ValueRange{
            LLVM::ExtractValueOp::create(b, loc, d, ArrayRef<int64_t>{2 * r}),
            LLVM::ExtractValueOp::create(b, loc, d,
                                         ArrayRef<int64_t>{2 * r + 1})});
    out = vector::InsertOp::create(b, loc, row, out, ArrayRef<int64_t>{r});
  }
  return out;
}

namespace {

Value clampIndex(OpBuilder &b, Location loc, Emitter &em, Value i,
                 int64_t size) {
  return arith::MinUIOp::create(b, loc, i, em.cst(size - 1));
}

/// How a 16-byte chunk (8 consecutive float16 elements along the tile's
/// columns) of an operand tile is read from a kernel argument: its memref
/// and the indices of the chunk at operand coordinates (r, c); `valid` is
/// and-ed with whether the chunk holds data (a convolution window's
/// padding reads zeros).
struct ChunkAccess {
  Value memref;
  std::function<SmallVector<Value>(Value, Value, Value &)> indices;
  explicit operator bool() const { return (bool)memref; }
};

/// The parts both GEMM kernels share: the operand loads (element-wise and
/// by 16-byte chunks), the root's index space and the fused epilogue.
class GemmKernel {
public:
  GemmKernel(FusionGroupOp group, gpu::GPUFuncOp func, const GemmShape &s,
             ArrayRef<SmallVector<Value>> chains, int64_t blockM,
             int64_t blockN, int64_t threads, int64_t splitK);

  /// The first of this block's k tiles (null when k is not split: the
  /// first) and how many it takes, of `kTiles` (its share of the cluster's
  /// when k is split; tiles past the end, in the last share, are
  /// zero-filled by the operand copies' bounds).
  std::pair<Value, int64_t> kShare(int64_t kTiles) {
    if (splitK == 1)
      return {Value(), kTiles};
    int64_t per = (kTiles + splitK - 1) / splitK;
    return {arith::MulIOp::create(b, loc, splitRank, em.cst(per)), per};
  }
  /// The k tile index of the block's tile `kt` (its share from `kBase`).
  Value kTile(Value kt, Value kBase) {
    return splitK == 1 ? kt : arith::AddIOp::create(b, loc, kt, kBase);
  }

  /// Element (m, k) of A and (k, n) of B in float32.
  FailureOr<Value> loadA(Value m, Value k);
  FailureOr<Value> loadB(Value k, Value n);
  /// Chunked access to A (rows m, columns k) where A's k is contiguous.
  ChunkAccess chunkA();
  /// Chunked access to B as [n][k] (`kMajor`, k contiguous: transposed
  /// weights, convolution filters) or as [k][n].
  ChunkAccess chunkB(bool kMajor);

  /// Walks the 16-byte chunks of a `rows x cols` operand tile (cols a
  /// multiple of 8) at rows from `rowBase` and columns from `colBase`,
  /// `threads` at a time: `body(r, c, src, ok)` gets the chunk's tile
  /// position, its source indices (clamped into the operand) and whether it
  /// holds data (inside `rowLimit x colLimit`, not in padding).
  LogicalResult
  forEachChunk(int64_t rows, int64_t cols, Value rowBase, int64_t rowLimit,
               Value colBase, int64_t colLimit, const ChunkAccess &chunk,
               function_ref<void(Value, Value, ArrayRef<Value>, Value)> body);

  /// Stages `rows x cols` elements of an operand tile into `dst` at
  /// [prefix..., r, c] element by element (f16), `threads` at a time.
  LogicalResult
  stageElements(int64_t rows, int64_t cols, Value dst, ArrayRef<Value> prefix,
                Value rowBase, int64_t rowLimit, Value colBase,
                int64_t colLimit,
                function_ref<FailureOr<Value>(Value, Value)> load);

  /// Runs the group's epilogue over the BM x BN float32 accumulator tile
  /// in `smemC` and stores the outputs; then returns from the kernel.
  LogicalResult epilogue(Value smemC);

  /// The cp.async ring. `issue(kt, slot)` issues k-tile kt's copies into
  /// ring slot `slot`. fillRing: tiles 0 .. count-1, one commit group each
  /// (empty past the last of the kTiles tiles, so that group counting stays
  /// uniform); returns the last group's token.
  FailureOr<Value> fillRing(int64_t count, int64_t kTiles,
                            function_ref<LogicalResult(Value, Value)> issue);
  /// In the main loop's step kt: tile kt + ahead into its slot (modulo
  /// `stages`) when it exists, then one commit group.
  LogicalResult refillRing(Value kt, int64_t ahead, int64_t kTiles,
                           int64_t stages,
                           function_ref<LogicalResult(Value, Value)> issue);
  Value commitGroup() {
    return nvgpu::DeviceAsyncCreateGroupOp::create(
               b, loc, nvgpu::DeviceAsyncTokenType::get(b.getContext()),
               ValueRange{})
        .getResult();
  }

  FusionGroupOp group;
  const GemmShape &s;
  ArrayRef<SmallVector<Value>> chains;
  Location loc;
  OpBuilder b;
  Emitter em;
  Block *entry;
  unsigned nIn;
  int64_t BM, BN, threads, splitK;
  /// Whether epilogue() ends the kernel (gpu.return); the persistent kernel
  /// runs it once per tile and warpgroup, with its own tid, threads, m0,
  /// n0 and BM (the rows staged at a time).
  bool returnAfterEpilogue = true;
  Value tid, m0, n0;
  /// The block's rank in its cluster when k is split.
  Value splitRank;
  SmallVector<Value> batchIdx;
  ConvOp conv;
  /// The convolution's window (with `conv`).
  std::optional<ConvWindow> win;
  /// Output pixel (n, oh, ow) of product row `m` of a convolution.
  SmallVector<Value> outputPixel(Value m) {
    return em.delinearize(m, {win->batch, win->out[0], win->out[1]});
  }

private:
  std::tuple<SmallVector<Value>, Value, Value, Value> convPos(Value m, Value k);
  SmallVector<Value> rootIndex(Value m, Value n);
  /// MatMul A's indices of product element (m, k).
  SmallVector<Value> lhsIndex(Value m, Value k);
  /// Whether 8 consecutive product columns (from a multiple of 8) reach
  /// 8 consecutive innermost elements of output `o`.
  bool columnsContiguous(unsigned o);
  SmallVector<Value> batchOf(RankedTensorType t) {
    return em.batchIndices(t, batchIdx);
  }
  /// The kernel memref of `v` if its innermost dimension is a multiple of
  /// 8 (so every chunk is 16-byte aligned), else null.
  /// Chunked access to operand `v` (indices `index(r, c)`, c innermost):
  /// `v` a kernel input, or reshapes of one (rows of whole chunks all the
  /// way down, so that a chunk stays contiguous and 16-byte aligned: GPT-2
  /// flattens [batch, seq, 768] activations for its Gemms).
  ChunkAccess
  directChunks(Value v, std::function<SmallVector<Value>(Value, Value)> index) {
    SmallVector<Value> chain;
    Value cur = v;
    while (true) {
      auto t = tensorType(cur);
      if (t.getRank() == 0 || t.getShape().back() % 8)
        return {};
      if (em.memrefOf(cur))
        break;
      Operation *op = cur.getDefiningOp();
      if (!op || !isa<ReshapeOp, FlattenOp, SqueezeOp, UnsqueezeOp>(op))
        return {};
      chain.push_back(cur);
      cur = op->getOperand(0);
    }
    return {em.memrefOf(cur), [this, index, chain](Value r, Value c, Value &) {
              SmallVector<Value> idx = index(r, c);
              for (Value t : chain)
                idx = em.reshapeIndices(
                    idx, tensorType(t).getShape(),
                    tensorType(t.getDefiningOp()->getOperand(0)).getShape());
              return idx;
            }};
  }
};

} // namespace

GemmKernel::GemmKernel(FusionGroupOp group, gpu::GPUFuncOp func,
                       const GemmShape &s, ArrayRef<SmallVector<Value>> chains,
                       int64_t blockM, int64_t blockN, int64_t threads,
                       int64_t splitK)
    : group(group), s(s), chains(chains), loc(group.getLoc()),
      b(group.getContext()), em(b, group, func.getBody().front()),
      entry(&func.getBody().front()), BM(blockM), BN(blockN), threads(threads),
      splitK(splitK) {
  nIn = group.getBodyBlock().getNumArguments();
  tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  m0 = arith::MulIOp::create(
      b, loc, gpu::BlockIdOp::create(b, loc, gpu::Dimension::y), em.cst(BM));
  // With k split, grid.x holds split_k blocks (one cluster) per tile
  // column.
  Value column = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  if (splitK > 1) {
    splitRank = arith::RemUIOp::create(b, loc, column, em.cst(splitK));
    column = arith::DivUIOp::create(b, loc, column, em.cst(splitK));
  }
  n0 = arith::MulIOp::create(b, loc, column, em.cst(BN));
  if (!s.batchShape.empty())
    batchIdx = em.delinearize(gpu::BlockIdOp::create(b, loc, gpu::Dimension::z),
                              s.batchShape);
  conv = dyn_cast<ConvOp>(s.root);
  if (conv)
    win.emplace(conv);
}

std::tuple<SmallVector<Value>, Value, Value, Value>
GemmKernel::convPos(Value m, Value k) {
  // m -> (n, oh, ow); k -> (kh, kw, c) or (c, kh, kw).
  bool cl = win->channelsLast;
  SmallVector<Value> mi = outputPixel(m);
  ArrayRef<int64_t> ks = win->kernel;
  SmallVector<Value> ki = cl ? em.delinearize(k, {ks[0], ks[1], win->channels})
                             : em.delinearize(k, {win->channels, ks[0], ks[1]});
  Value kh = cl ? ki[0] : ki[1], kw = cl ? ki[1] : ki[2],
        c = cl ? ki[2] : ki[0];
  return {mi, kh, kw, c};
}

SmallVector<Value> GemmKernel::lhsIndex(Value m, Value k) {
  auto lhs = tensorType(cast<MatMulOp>(s.root).getLhs());
  SmallVector<Value> i;
  if (!s.rowShape.empty()) {
    i = em.delinearize(m, s.rowShape);
  } else {
    i = batchOf(lhs);
    i.push_back(m);
  }
  i.push_back(k);
  return i;
}

FailureOr<Value> GemmKernel::loadA(Value m, Value k) {
  if (auto mm = dyn_cast<MatMulOp>(s.root))
    return em.emit(mm.getLhs(), lhsIndex(m, k));
  if (auto g = dyn_cast<GemmOp>(s.root))
    return em.emit(g.getA(), g.getTransA() ? SmallVector<Value>{k, m}
                                           : SmallVector<Value>{m, k});
  auto [mi, kh, kw, c] = convPos(m, k);
  Value valid = arith::ConstantIntOp::create(b, loc, 1, 1);
  SmallVector<Value> pos;
  Value khw[2] = {kh, kw};
  for (int d = 0; d < 2; ++d)
    pos.push_back(em.windowIndex(mi[1 + d], khw[d], win->strides[d],
                                 win->dilations[d], win->lo[d], win->in[d],
                                 valid));
  SmallVector<Value> xi = conv.getChannelsLast()
                              ? SmallVector<Value>{mi[0], pos[0], pos[1], c}
                              : SmallVector<Value>{mi[0], c, pos[0], pos[1]};
  FailureOr<Value> x = em.emit(conv.getInput(), xi);
  if (failed(x))
    return failure();
  return (Value)arith::SelectOp::create(b, loc, valid, *x,
                                        em.zero(b.getF32Type()));
}

FailureOr<Value> GemmKernel::loadB(Value k, Value n) {
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
}

ChunkAccess GemmKernel::chunkA() {
  if (auto mm = dyn_cast<MatMulOp>(s.root)) {
    return directChunks(mm.getLhs(),
                        [this](Value r, Value c) { return lhsIndex(r, c); });
  } else if (auto g = dyn_cast<GemmOp>(s.root)) {
    if (!g.getTransA())
      return directChunks(g.getA(), [](Value r, Value c) {
        return SmallVector<Value>{r, c};
      });
  } else if (win->channelsLast && win->channels % 8 == 0) {
    // Eight consecutive k share the window position: x[n, ih, iw, c..c+8].
    if (Value m = em.memrefOf(conv.getInput()))
      return {m, [this](Value r, Value c, Value &valid) {
                auto [mi, kh, kw, ch] = convPos(r, c);
                SmallVector<Value> pos;
                Value khw[2] = {kh, kw};
                for (int d = 0; d < 2; ++d)
                  pos.push_back(em.windowIndex(
                      mi[1 + d], khw[d], win->strides[d], win->dilations[d],
                      win->lo[d], win->in[d], valid));
                return SmallVector<Value>{mi[0], pos[0], pos[1], ch};
              }};
  }
  return {};
}

ChunkAccess GemmKernel::chunkB(bool kMajor) {
  // [n][k] data of a [k][n] operand (weights stored transposed).
  auto transposed = [&](Value v) -> ChunkAccess {
    Value in = transposedInput(group, v);
    if (!in || !em.memrefOf(in))
      return {};
    return {em.memrefOf(in), [](Value r, Value c, Value &) {
              return SmallVector<Value>{r, c};
            }};
  };
  if (auto mm = dyn_cast<MatMulOp>(s.root)) {
    if (kMajor)
      return transposed(mm.getRhs());
    return directChunks(mm.getRhs(),
                        [this, rhs = mm.getRhs()](Value r, Value c) {
                          SmallVector<Value> i = batchOf(tensorType(rhs));
                          i.append({r, c});
                          return i;
                        });
  } else if (auto g = dyn_cast<GemmOp>(s.root)) {
    if (g.getTransB() == kMajor)
      return directChunks(g.getB(), [](Value r, Value c) {
        return SmallVector<Value>{r, c};
      });
    if (kMajor)
      return transposed(g.getB());
  } else if (kMajor && s.k % 8 == 0) {
    // A filter's k = (kh, kw, c) or (c, kh, kw) is contiguous for each
    // output channel n; a chunk of 8 starts at a multiple of 8.
    if (Value m = em.memrefOf(conv.getWeight())) {
      auto shape = tensorType(conv.getWeight()).getShape();
      return {m, [this, shape](Value r, Value c, Value &) {
                SmallVector<Value> i{r};
                llvm::append_range(i, em.delinearize(c, shape.drop_front()));
                return i;
              }};
    }
  }
  return {};
}

LogicalResult GemmKernel::forEachChunk(
    int64_t rows, int64_t cols, Value rowBase, int64_t rowLimit, Value colBase,
    int64_t colLimit, const ChunkAccess &chunk,
    function_ref<void(Value, Value, ArrayRef<Value>, Value)> body) {
  return em.walkTile(
      rows, cols, 8, tid, threads, [&](Value r, Value c) -> LogicalResult {
        Value gr = arith::AddIOp::create(b, loc, rowBase, r);
        Value gc = arith::AddIOp::create(b, loc, colBase, c);
        Value ok = arith::AndIOp::create(
            b, loc,
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, gr,
                                  em.cst(rowLimit)),
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, gc,
                                  em.cst(colLimit)));
        Value cr = clampIndex(b, loc, em, gr, rowLimit);
        Value cc = arith::MinUIOp::create(b, loc, gc, em.cst(colLimit - 8));
        SmallVector<Value> src = chunk.indices(cr, cc, ok);
        body(r, c, src, ok);
        return success();
      });
}

LogicalResult
GemmKernel::stageElements(int64_t rows, int64_t cols, Value dst,
                          ArrayRef<Value> prefix, Value rowBase,
                          int64_t rowLimit, Value colBase, int64_t colLimit,
                          function_ref<FailureOr<Value>(Value, Value)> load) {
  Type f32 = b.getF32Type();
  return em.walkTile(
      rows, cols, 1, tid, threads, [&](Value r, Value c) -> LogicalResult {
        Value gr = arith::AddIOp::create(b, loc, rowBase, r);
        Value gc = arith::AddIOp::create(b, loc, colBase, c);
        Value ok = arith::AndIOp::create(
            b, loc,
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, gr,
                                  em.cst(rowLimit)),
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, gc,
                                  em.cst(colLimit)));
        FailureOr<Value> v = load(clampIndex(b, loc, em, gr, rowLimit),
                                  clampIndex(b, loc, em, gc, colLimit));
        if (failed(v))
          return failure();
        Value x = arith::SelectOp::create(b, loc, ok, *v, em.zero(f32));
        x = arith::TruncFOp::create(b, loc, s.elt, x);
        SmallVector<Value> idx(prefix);
        idx.append({r, c});
        memref::StoreOp::create(b, loc, x, dst, idx);
        return success();
      });
}

SmallVector<Value> GemmKernel::rootIndex(Value m, Value n) {
  if (!conv) {
    SmallVector<Value> r;
    if (!s.rowShape.empty()) {
      r = em.delinearize(m, s.rowShape);
    } else {
      r = batchIdx;
      r.push_back(m);
    }
    r.push_back(n);
    return r;
  }
  SmallVector<Value> mi = outputPixel(m);
  return win->channelsLast ? SmallVector<Value>{mi[0], mi[1], mi[2], n}
                           : SmallVector<Value>{mi[0], n, mi[1], mi[2]};
}

bool GemmKernel::columnsContiguous(unsigned o) {
  // The root's innermost index must be the product column.
  if (conv && !conv.getChannelsLast())
    return false;
  return gpugen::columnsContiguous(chains[o]);
}

FailureOr<Value>
GemmKernel::fillRing(int64_t count, int64_t kTiles,
                     function_ref<LogicalResult(Value, Value)> issue) {
  Value token;
  for (int64_t t = 0; t < count; ++t) {
    if (t < kTiles) {
      em.pushScope();
      if (failed(issue(em.cst(t), em.cst(t))))
        return failure();
      em.popScope();
    }
    token = commitGroup();
  }
  return token;
}

LogicalResult
GemmKernel::refillRing(Value kt, int64_t ahead, int64_t kTiles, int64_t stages,
                       function_ref<LogicalResult(Value, Value)> issue) {
  Value next = arith::AddIOp::create(b, loc, kt, em.cst(ahead));
  Value more = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, next,
                                     em.cst(kTiles));
  auto ifOp = scf::IfOp::create(b, loc, TypeRange{}, more, false);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    em.pushScope();
    LogicalResult r =
        issue(next, arith::RemUIOp::create(b, loc, next, em.cst(stages)));
    em.popScope();
    if (failed(r))
      return failure();
  }
  commitGroup();
  return success();
}

LogicalResult GemmKernel::epilogue(Value smemC) {
  auto yield = cast<YieldOp>(group.getBodyBlock().getTerminator());
  Type f32 = b.getF32Type();
  Value rootValue = s.root->getResult(0);
  // The root's value at root indices `rIdx` from the accumulator: Gemm's
  // alpha and beta * C, a convolution's bias.
  auto rootAt = [&](Value acc, ArrayRef<Value> rIdx) -> FailureOr<Value> {
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
      Value channel = conv.getChannelsLast() ? rIdx.back() : rIdx[1];
      FailureOr<Value> bias = em.emit(conv.getBias(), {channel});
      if (failed(bias))
        return failure();
      acc = arith::AddFOp::create(b, loc, acc, *bias);
    }
    return acc;
  };
  auto inTile = [&](Value m, Value n) {
    return arith::AndIOp::create(
        b, loc,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, m,
                              em.cst(s.m)),
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, n,
                              em.cst(s.n)));
  };

  // The rows of the accumulator tile this block finishes: all of them, or
  // with k split its cluster rank's share, each element the sum of every
  // block's partial tile (rank order, so the result does not depend on
  // timing) read through distributed shared memory once the cluster
  // barrier has seen every partial tile staged.
  const int64_t rows = BM / splitK;
  Value rowBase;
  std::function<Value(Value, Value, int64_t)> accAt = [&](Value r, Value c,
                                                          int64_t width) {
    if (width == 1)
      return (Value)memref::LoadOp::create(b, loc, smemC, ValueRange{r, c});
    return (Value)vector::LoadOp::create(b, loc, VectorType::get({width}, f32),
                                         smemC, ValueRange{r, c}, false,
                                         llvm::MaybeAlign(16));
  };
  if (splitK > 1) {
    MLIRContext *ctx = b.getContext();
    NVVM::ClusterArriveOp::create(b, loc, b.getUnitAttr());
    NVVM::ClusterWaitOp::create(b, loc, b.getUnitAttr());
    rowBase = arith::MulIOp::create(b, loc, splitRank, em.cst(rows));
    auto shared = LLVM::LLVMPointerType::get(ctx, 3);
    auto cluster = LLVM::LLVMPointerType::get(ctx, 7);
    Type i64 = b.getI64Type();
    Value base = LLVM::IntToPtrOp::create(
        b, loc, shared,
        arith::IndexCastUIOp::create(
            b, loc, i64,
            memref::ExtractAlignedPointerAsIndexOp::create(b, loc, smemC))
            .getResult());
    const int64_t pitch = cast<MemRefType>(smemC.getType()).getDimSize(1);
    accAt = [&, base, cluster, i64, pitch](Value r, Value c, int64_t width) {
      Type type = width == 1 ? (Type)f32 : VectorType::get({width}, f32);
      Value offset = arith::IndexCastUIOp::create(
          b, loc, i64,
          arith::AddIOp::create(
              b, loc, arith::MulIOp::create(b, loc, r, em.cst(pitch)), c));
      Value local = LLVM::GEPOp::create(b, loc, base.getType(), f32, base,
                                        ValueRange{offset});
      Value sum;
      for (int64_t q = 0; q < splitK; ++q) {
        Value remote = NVVM::MapaOp::create(
            b, loc, cluster, local,
            arith::ConstantIntOp::create(b, loc, q, 32).getResult());
        Value part =
            LLVM::LoadOp::create(b, loc, type, remote, width == 1 ? 4 : 16);
        sum = q == 0 ? part : arith::AddFOp::create(b, loc, sum, part);
      }
      return sum;
    };
  }
  // After the epilogue: with k split, no block may exit (releasing its
  // shared memory) while others still read its partial tile.
  auto finish = [&]() {
    if (splitK > 1) {
      NVVM::ClusterArriveOp::create(b, loc, b.getUnitAttr());
      NVVM::ClusterWaitOp::create(b, loc, b.getUnitAttr());
    }
    if (returnAfterEpilogue)
      gpu::ReturnOp::create(b, loc);
  };

  // Vectorized: a thread takes 8 consecutive columns of a row, computes
  // the row's indices once, and stores 8 results with one 16-byte store
  // per output that keeps the columns contiguous (others get 8 element
  // stores at their mapped indices).
  bool vectorized = BN % 8 == 0 && s.n % 8 == 0;
  SmallVector<bool> contiguous;
  for (auto [o, out] : llvm::enumerate(yield.getOperands())) {
    Type st = storageType(tensorType(out).getElementType());
    vectorized = vectorized && isa<FloatType>(st);
    contiguous.push_back(columnsContiguous(o));
  }
  vectorized = vectorized && llvm::is_contained(contiguous, true);
  if (vectorized) {
    LogicalResult epi = em.walkTile(
        rows, BN, 8, tid, threads, [&](Value r, Value c) -> LogicalResult {
          if (splitK > 1)
            r = arith::AddIOp::create(b, loc, rowBase, r);
          Value m = arith::AddIOp::create(b, loc, m0, r);
          Value n = arith::AddIOp::create(b, loc, n0, c);
          auto ifOp =
              scf::IfOp::create(b, loc, TypeRange{}, inTile(m, n), false);
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToStart(ifOp.thenBlock());
          em.pushScope();
          // Operands indexed by the column (a bias, a residual) load 8
          // columns at once.
          em.beginColumnVectors(b.getInsertionBlock(), {n});
          Value accs = accAt(r, c, 8);
          SmallVector<Value> rIdx0 = rootIndex(m, n);
          // The root's indices and value at each of the 8 columns.
          SmallVector<SmallVector<Value>> rIdx;
          SmallVector<Value> roots;
          for (int64_t j = 0; j < 8; ++j) {
            rIdx.push_back(rIdx0);
            rIdx.back().back() = arith::AddIOp::create(b, loc, n, em.cst(j));
            FailureOr<Value> acc = rootAt(
                vector::ExtractOp::create(b, loc, accs, ArrayRef<int64_t>{j}),
                rIdx.back());
            if (failed(acc))
              return failure();
            roots.push_back(*acc);
          }
          if (failed(storeColumns(b, loc, em, group, *entry, rootValue, roots,
                                  rIdx0, chains, contiguous)))
            return failure();
          em.endColumnVectors();
          em.popScope();
          return success();
        });
    if (failed(epi))
      return failure();
    finish();
    return success();
  }

  // Element by element (consecutive threads, consecutive columns).
  LogicalResult epi = em.walkTile(
      rows, BN, 1, tid, threads, [&](Value r, Value c) -> LogicalResult {
        if (splitK > 1)
          r = arith::AddIOp::create(b, loc, rowBase, r);
        Value m = arith::AddIOp::create(b, loc, m0, r);
        Value n = arith::AddIOp::create(b, loc, n0, c);
        auto ifOp = scf::IfOp::create(b, loc, TypeRange{}, inTile(m, n), false);
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(ifOp.thenBlock());
        em.pushScope();
        SmallVector<Value> rIdx = rootIndex(m, n);
        FailureOr<Value> acc = rootAt(accAt(r, c, 1), rIdx);
        if (failed(acc) || failed(storeOutputs(b, loc, em, group, *entry,
                                               rootValue, *acc, rIdx, chains)))
          return failure();
        em.popScope();
        return success();
      });
  if (failed(epi))
    return failure();
  finish();
  return success();
}

/// The WMMA kernel's main loop: operand tiles staged synchronously (16-byte
/// vector loads where the operand allows), gpu.subgroup_mma 16x16x16.
static FailureOr<Value> wmmaMainLoop(GemmKernel &g, const TileConfig &tile,
                                     Value dyn) {
  OpBuilder &b = g.b;
  Emitter &em = g.em;
  Location loc = g.loc;
  MLIRContext *ctx = b.getContext();
  const int64_t BM = tile.blockM, BN = tile.blockN, BK = tile.blockK;
  const int64_t threads = g.threads;
  const int64_t WM = BM / tile.warpsM, WN = BN / tile.warpsN;
  const int64_t FM = WM / 16, FN = WN / 16;
  const int64_t ldA = BK + 8, ldB = BN + 8, ldC = BN + 4;
  if (!g.s.elt.isF16())
    return g.group.emitError()
           << "fusion group '" << g.group.getName()
           << "': the WMMA kernel multiplies float16 only (use mma_gemm)";
  Type f16 = b.getF16Type(), f32 = b.getF32Type();
  auto wg = gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);
  auto typeA = MemRefType::get({BM, ldA}, f16, AffineMap(), wg);
  auto typeB = MemRefType::get({BK, ldB}, f16, AffineMap(), wg);
  auto typeC = MemRefType::get({BM, ldC}, f32, AffineMap(), wg);
  Value smemA =
      memref::ViewOp::create(b, loc, typeA, dyn, em.cst(0), ValueRange{});
  Value smemB = memref::ViewOp::create(b, loc, typeB, dyn, em.cst(BM * ldA * 2),
                                       ValueRange{});
  Value smemC =
      memref::ViewOp::create(b, loc, typeC, dyn, em.cst(0), ValueRange{});
  Value warp = arith::DivUIOp::create(b, loc, g.tid, em.cst(32));
  Value warpM = arith::DivUIOp::create(b, loc, warp, em.cst(tile.warpsN));
  Value warpN = arith::RemUIOp::create(b, loc, warp, em.cst(tile.warpsN));

  auto vec8 = VectorType::get({8}, f16);
  // Stages one operand tile: 8 elements at a time through `chunk` where it
  // applies, else element by element.
  auto stage = [&](int64_t rows, int64_t cols, Value dst, Value rowBase,
                   int64_t rowLimit, Value colBase, int64_t colLimit,
                   bool aOperand, const ChunkAccess &chunk) -> LogicalResult {
    bool vectorized = chunk && cols % 8 == 0 && colLimit % 8 == 0 &&
                      (rows * cols / 8) % threads == 0;
    if (!vectorized)
      return g.stageElements(rows, cols, dst, {}, rowBase, rowLimit, colBase,
                             colLimit, [&](Value r, Value c) {
                               return aOperand ? g.loadA(r, c) : g.loadB(r, c);
                             });
    return g.forEachChunk(
        rows, cols, rowBase, rowLimit, colBase, colLimit, chunk,
        [&](Value r, Value c, ArrayRef<Value> src, Value ok) {
          Value v = vector::LoadOp::create(b, loc, vec8, chunk.memref, src,
                                           false, llvm::MaybeAlign(16));
          Value zero = arith::ConstantOp::create(
              b, loc, vec8, DenseElementsAttr::get(vec8, b.getF16FloatAttr(0)));
          Value x = arith::SelectOp::create(b, loc, ok, v, zero);
          vector::StoreOp::create(b, loc, x, dst, ValueRange{r, c}, false,
                                  llvm::MaybeAlign(16));
        });
  };

  ChunkAccess chunkA = g.chunkA(), chunkB = g.chunkB(/*kMajor=*/false);
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
  int64_t kTiles = (g.s.k + BK - 1) / BK;
  auto kLoop = em.loop(
      kTiles, init,
      [&](Value kt, ValueRange acc) -> FailureOr<SmallVector<Value>> {
        Value k0 = arith::MulIOp::create(b, loc, kt, em.cst(BK));
        if (failed(
                stage(BM, BK, smemA, g.m0, g.s.m, k0, g.s.k, true, chunkA)) ||
            failed(stage(BK, BN, smemB, k0, g.s.k, g.n0, g.s.n, false, chunkB)))
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
  return smemC;
}

/// The mma.sync kernel's main loop: a `stages`-deep ring of shared-memory
/// operand tiles filled by cp.async (16-byte chunks, zero-filled outside
/// the operand; element-wise staging where an operand has no chunked
/// access), read by ldmatrix into m16n8k16 tensor-core fragments.
/// Shared-memory rows are padded by 8 halves (16 bytes), so the eight
/// 16-byte rows one ldmatrix phase reads fall in distinct bank groups.
static FailureOr<Value> mmaMainLoop(GemmKernel &g, const TileConfig &tile,
                                    Value dyn) {
  OpBuilder &b = g.b;
  Emitter &em = g.em;
  Location loc = g.loc;
  MLIRContext *ctx = b.getContext();
  const int64_t BM = tile.blockM, BN = tile.blockN, BK = tile.blockK;
  const int64_t S = tile.stages;
  const int64_t WM = BM / tile.warpsM, WN = BN / tile.warpsN;
  const int64_t FM = WM / 16, FN = WN / 8;
  const int64_t M = g.s.m, N = g.s.n, K = g.s.k;
  Type f16 = g.s.elt, f32 = b.getF32Type(); // f16: the 16-bit operand type
  auto wg = gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);

  ChunkAccess chunkA = K % 8 == 0 ? g.chunkA() : ChunkAccess();
  // B as [n][k] when its k is contiguous, else as [k][n].
  ChunkAccess chunkB = K % 8 == 0 ? g.chunkB(/*kMajor=*/true) : ChunkAccess();
  bool bKMajor = (bool)chunkB;
  if (!chunkB && N % 8 == 0)
    chunkB = g.chunkB(/*kMajor=*/false);

  auto typeA = MemRefType::get({S, BM, BK + 8}, f16, AffineMap(), wg);
  auto typeB = bKMajor ? MemRefType::get({S, BN, BK + 8}, f16, AffineMap(), wg)
                       : MemRefType::get({S, BK, BN + 8}, f16, AffineMap(), wg);
  auto typeC = MemRefType::get({BM, BN + 4}, f32, AffineMap(), wg);
  Value smemA =
      memref::ViewOp::create(b, loc, typeA, dyn, em.cst(0), ValueRange{});
  Value smemB = memref::ViewOp::create(
      b, loc, typeB, dyn, em.cst(S * BM * (BK + 8) * 2), ValueRange{});
  Value smemC =
      memref::ViewOp::create(b, loc, typeC, dyn, em.cst(0), ValueRange{});

  // This block's k tiles: kTiles from kBase.
  Value kBase;
  int64_t kTiles;
  std::tie(kBase, kTiles) = g.kShare((K + BK - 1) / BK);
  // Issues the copies of k-tile `kt` (of this block's) into ring slot
  // `slot`.
  auto issue = [&](Value kt, Value slot) -> LogicalResult {
    Value k0 = arith::MulIOp::create(b, loc, g.kTile(kt, kBase), em.cst(BK));
    // One operand tile of rows x cols (cols contiguous in shared memory).
    auto copy = [&](int64_t rows, int64_t cols, Value dst, Value rowBase,
                    int64_t rowLimit, Value colBase, int64_t colLimit,
                    const ChunkAccess &chunk) -> LogicalResult {
      return g.forEachChunk(
          rows, cols, rowBase, rowLimit, colBase, colLimit, chunk,
          [&](Value r, Value c, ArrayRef<Value> src, Value ok) {
            Value srcElements =
                arith::SelectOp::create(b, loc, ok, em.cst(8), em.cst(0));
            nvgpu::DeviceAsyncCopyOp::create(
                b, loc, nvgpu::DeviceAsyncTokenType::get(ctx), dst,
                ValueRange{slot, r, c}, chunk.memref, src, b.getIndexAttr(8),
                srcElements, b.getUnitAttr());
          });
    };
    LogicalResult ra =
        chunkA
            ? copy(BM, BK, smemA, g.m0, M, k0, K, chunkA)
            : g.stageElements(BM, BK, smemA, {slot}, g.m0, M, k0, K,
                              [&](Value m, Value k) { return g.loadA(m, k); });
    if (failed(ra))
      return failure();
    if (bKMajor)
      return copy(BN, BK, smemB, g.n0, N, k0, K, chunkB);
    if (chunkB)
      return copy(BK, BN, smemB, k0, K, g.n0, N, chunkB);
    return g.stageElements(BK, BN, smemB, {slot}, k0, K, g.n0, N,
                           [&](Value k, Value n) { return g.loadB(k, n); });
  };
  // Prologue: tiles 0 .. S-2 in flight.
  FailureOr<Value> filled = g.fillRing(S - 1, kTiles, issue);
  if (failed(filled))
    return failure();
  Value token = *filled;

  // Lane-dependent ldmatrix offsets (see the fragment layouts of
  // mma.m16n8k16): A x4 tiles (rows 0-7 | 8-15) x (k 0-7 | 8-15); B x4
  // tiles cover two n8 fragments, each k 0-7 then 8-15.
  Value lane = arith::RemUIOp::create(b, loc, g.tid, em.cst(32));
  Value warp = arith::DivUIOp::create(b, loc, g.tid, em.cst(32));
  Value warpRow = arith::MulIOp::create(
      b, loc, arith::DivUIOp::create(b, loc, warp, em.cst(tile.warpsN)),
      em.cst(WM));
  Value warpCol = arith::MulIOp::create(
      b, loc, arith::RemUIOp::create(b, loc, warp, em.cst(tile.warpsN)),
      em.cst(WN));
  LdMatrixLanes lanes(b, loc, em, lane);
  Value l8 = lanes.l8, l16 = lanes.l16, hi16 = lanes.hi16, mid8 = lanes.mid8;
  Value aRow = arith::AddIOp::create(b, loc, warpRow, l16);
  Value aCol = hi16;
  // [n][k]: n = l%8 + (l/16)*8, k = ((l/8)%2)*8; [k][n] (transposed):
  // k = l%8 + ((l/8)%2)*8, n = (l/16)*8.
  Value bRow =
      bKMajor ? arith::AddIOp::create(b, loc, warpCol,
                                      arith::AddIOp::create(b, loc, l8, hi16))
              : arith::AddIOp::create(b, loc, l8, mid8).getResult();
  Value bCol =
      bKMajor ? mid8 : arith::AddIOp::create(b, loc, warpCol, hi16).getResult();

  auto accType = VectorType::get({2, 2}, f32);
  auto fragAType = VectorType::get({4, 2}, f16);
  Value zeroAcc = arith::ConstantOp::create(
      b, loc, accType, DenseElementsAttr::get(accType, b.getF32FloatAttr(0)));
  SmallVector<Value> init(FM * FN, zeroAcc);
  auto kLoop = em.loop(
      kTiles, init,
      [&](Value kt, ValueRange acc) -> FailureOr<SmallVector<Value>> {
        // Tile kt has landed once at most S-2 newer groups are pending;
        // the barrier also retires the reads of the slot refilled next.
        nvgpu::DeviceAsyncWaitOp::create(b, loc, token,
                                         b.getI32IntegerAttr(S - 2));
        gpu::BarrierOp::create(b, loc);
        if (failed(g.refillRing(kt, S - 1, kTiles, S, issue)))
          return failure();
        Value slot = arith::RemUIOp::create(b, loc, kt, em.cst(S));
        SmallVector<Value> c(acc);
        for (int64_t kk = 0; kk < BK / 16; ++kk) {
          SmallVector<Value> as, bs;
          for (int64_t fi = 0; fi < FM; ++fi)
            as.push_back(nvgpu::LdMatrixOp::create(
                b, loc, fragAType, smemA,
                ValueRange{
                    slot, arith::AddIOp::create(b, loc, aRow, em.cst(fi * 16)),
                    arith::AddIOp::create(b, loc, aCol, em.cst(kk * 16))},
                /*transpose=*/false, /*numTiles=*/4));
          for (int64_t p = 0; p < FN / 2; ++p) {
            Value row =
                bKMajor ? arith::AddIOp::create(b, loc, bRow, em.cst(p * 16))
                              .getResult()
                        : arith::AddIOp::create(b, loc, bRow, em.cst(kk * 16))
                              .getResult();
            Value col =
                bKMajor ? arith::AddIOp::create(b, loc, bCol, em.cst(kk * 16))
                              .getResult()
                        : arith::AddIOp::create(b, loc, bCol, em.cst(p * 16))
                              .getResult();
            Value x4 = nvgpu::LdMatrixOp::create(
                b, loc, fragAType, smemB, ValueRange{slot, row, col},
                /*transpose=*/!bKMajor, /*numTiles=*/4);
            llvm::append_range(bs, splitBFragments(b, loc, x4));
          }
          for (int64_t fi = 0; fi < FM; ++fi)
            for (int64_t fj = 0; fj < FN; ++fj)
              c[fi * FN + fj] =
                  mmaSync(b, loc, as[fi], bs[fj], c[fi * FN + fj]);
        }
        return c;
      });
  if (failed(kLoop))
    return failure();
  // Drain the (empty) trailing groups and let every warp finish reading
  // the ring before the accumulator tile reuses it.
  nvgpu::DeviceAsyncWaitOp::create(b, loc, token, b.getI32IntegerAttr(0));
  gpu::BarrierOp::create(b, loc);
  // Accumulator fragment: lane holds rows lane/4 and lane/4 + 8, columns
  // 2 * (lane % 4) + {0, 1}.
  Value cRow = arith::AddIOp::create(
      b, loc, warpRow, arith::DivUIOp::create(b, loc, lane, em.cst(4)));
  Value cCol = arith::AddIOp::create(
      b, loc, warpCol,
      arith::MulIOp::create(
          b, loc, arith::RemUIOp::create(b, loc, lane, em.cst(4)), em.cst(2)));
  auto vec2 = VectorType::get({2}, f32);
  for (int64_t fi = 0; fi < FM; ++fi)
    for (int64_t fj = 0; fj < FN; ++fj)
      for (int64_t h = 0; h < 2; ++h) {
        Value v = vector::ExtractOp::create(b, loc, (*kLoop)[fi * FN + fj],
                                            ArrayRef<int64_t>{h});
        vector::StoreOp::create(
            b, loc, v, smemC,
            ValueRange{
                arith::AddIOp::create(b, loc, cRow, em.cst(fi * 16 + h * 8)),
                arith::AddIOp::create(b, loc, cCol, em.cst(fj * 8))},
            false, llvm::MaybeAlign(8));
      }
  (void)vec2;
  gpu::BarrierOp::create(b, loc);
  return smemC;
}

/// The first 1024-byte boundary of the dynamic shared buffer `dyn` (where
/// the 128-byte-swizzled rings start): its aligned base address and the
/// boundary's byte offset from it.
static std::pair<Value, Value> ringShift(OpBuilder &b, Location loc,
                                         Emitter &em, Value dyn) {
  Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, dyn);
  Value shift = arith::RemUIOp::create(
      b, loc,
      arith::SubIOp::create(b, loc, em.cst(1024),
                            arith::RemUIOp::create(b, loc, base, em.cst(1024))),
      em.cst(1024));
  return {base, shift};
}

/// Descriptor of a k-major, 128-byte-swizzled operand at shared byte
/// address `addr` (i64): start >> 4 (bits 0-13), leading byte offset 16
/// (unused with this swizzle), stride byte offset 1024 (8 rows of 128
/// bytes), swizzle mode 1 (128 bytes, bits 62-63).
static Value swizzledDescriptor(OpBuilder &b, Location loc, Value addr) {
  Value start = arith::ShRUIOp::create(
      b, loc,
      arith::AndIOp::create(b, loc, addr,
                            arith::ConstantIntOp::create(b, loc, 0x3FFFF, 64)),
      arith::ConstantIntOp::create(b, loc, 4, 64));
  int64_t fixed =
      (int64_t(1) << 16) | (int64_t(1024 >> 4) << 32) | (int64_t(1) << 62);
  return arith::OrIOp::create(b, loc, start,
                              arith::ConstantIntOp::create(b, loc, fixed, 64));
}

/// acc + A * B over one k16 step of a warpgroup: wgmma.mma_async m64nNk16
/// (N = `n`) with float16 or bfloat16 (`elt`) operands, both k-major, given
/// by shared-memory descriptors `da` and `db`; float32 accumulation.
static Value wgmmaStep(OpBuilder &b, Location loc, Value acc, Value da,
                       Value db, int64_t n, Type elt) {
  MLIRContext *ctx = b.getContext();
  auto in = NVVM::WGMMATypesAttr::get(
      ctx, elt.isBF16() ? NVVM::WGMMATypes::bf16 : NVVM::WGMMATypes::f16);
  auto inOne = NVVM::WGMMAScaleInAttr::get(ctx, NVVM::WGMMAScaleIn::one);
  return NVVM::WgmmaMmaAsyncOp::create(
      b, loc, acc.getType(), acc, da, db, NVVM::MMAShapeAttr::get(ctx, 64, n, 16),
      in, in, NVVM::WGMMATypesAttr::get(ctx, NVVM::WGMMATypes::f32),
      NVVM::WGMMAScaleOutAttr::get(ctx, NVVM::WGMMAScaleOut::one), inOne,
      inOne, NVVM::MMALayoutAttr::get(ctx, NVVM::MMALayout::row),
      NVVM::MMALayoutAttr::get(ctx, NVVM::MMALayout::col),
      NVVM::MMAIntOverflowAttr());
}

/// Stores a warpgroup's 64 x `n` accumulator into float32 `smemC` ([rows][n
/// + 4]) from warp `warp` of the tile (16 rows each) and lane `lane`. The
/// layout is mma.sync m16n8's per warp: element 4j + 2h + c at row
/// 16 * warp + lane / 4 + 8h, column 8j + 2 * (lane % 4) + c.
static void stageWgmmaAccumulator(OpBuilder &b, Location loc, Emitter &em,
                                  Value accs, Value smemC, Value warp,
                                  Value lane, int64_t n) {
  Value cRow = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, warp, em.cst(16)),
      arith::DivUIOp::create(b, loc, lane, em.cst(4)));
  Value cCol = arith::MulIOp::create(
      b, loc, arith::RemUIOp::create(b, loc, lane, em.cst(4)), em.cst(2));
  auto vec2 = VectorType::get({2}, b.getF32Type());
  for (int64_t j = 0; j < n / 8; ++j)
    for (int64_t h = 0; h < 2; ++h) {
      Value v0 = LLVM::ExtractValueOp::create(b, loc, accs,
                                              ArrayRef<int64_t>{4 * j + 2 * h});
      Value v1 = LLVM::ExtractValueOp::create(
          b, loc, accs, ArrayRef<int64_t>{4 * j + 2 * h + 1});
      vector::StoreOp::create(
          b, loc,
          vector::FromElementsOp::create(b, loc, vec2, ValueRange{v0, v1}),
          smemC,
          ValueRange{arith::AddIOp::create(b, loc, cRow, em.cst(8 * h)),
                     arith::AddIOp::create(b, loc, cCol, em.cst(8 * j))},
          false, llvm::MaybeAlign(8));
    }
}

/// The warpgroup-MMA kernel's main loop (sm_90a): a `stages`-deep ring of
/// [rows][64] float16 tiles of A and of B (both k-contiguous), 128-byte
/// swizzled (16-byte chunk c of row r at chunk c ^ (r % 8); the ring is
/// 1024-byte aligned), filled by cp.async and read by wgmma.mma_async
/// m64nNk16 through shared-memory matrix descriptors: one warpgroup per 64
/// rows of the block tile, four k16 steps per 64-deep tile (the descriptor
/// start advances 32 bytes within the swizzle atom).
static FailureOr<Value> wgmmaMainLoop(GemmKernel &g, const TileConfig &tile,
                                      Value dyn) {
  OpBuilder &b = g.b;
  Emitter &em = g.em;
  Location loc = g.loc;
  MLIRContext *ctx = b.getContext();
  const int64_t BM = tile.blockM, BN = tile.blockN, BK = 64;
  const int64_t S = tile.stages;
  const int64_t M = g.s.m, N = g.s.n, K = g.s.k;
  Type f16 = g.s.elt, f32 = b.getF32Type(), i64 = b.getI64Type();
  auto wg = gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);
  ChunkAccess chunkA = g.chunkA(), chunkB = g.chunkB(/*kMajor=*/true);
  if (!chunkA || !chunkB || K % 8)
    return g.group.emitError()
           << "fusion group '" << g.group.getName()
           << "': the warpgroup MMA kernel needs both operands k-contiguous "
              "in 16-byte chunks";

  // The ring at the first 1024-byte boundary of the dynamic buffer.
  Value shift = ringShift(b, loc, em, dyn).second;
  auto typeA = MemRefType::get({S, BM, BK}, f16, AffineMap(), wg);
  auto typeB = MemRefType::get({S, BN, BK}, f16, AffineMap(), wg);
  auto typeC = MemRefType::get({BM, BN + 4}, f32, AffineMap(), wg);
  Value smemA = memref::ViewOp::create(b, loc, typeA, dyn, shift, ValueRange{});
  Value smemB = memref::ViewOp::create(
      b, loc, typeB, dyn,
      arith::AddIOp::create(b, loc, shift, em.cst(S * BM * BK * 2)),
      ValueRange{});
  Value smemC = memref::ViewOp::create(b, loc, typeC, dyn, shift, ValueRange{});
  auto addressOf = [&](Value memref) -> Value {
    return arith::IndexCastUIOp::create(
        b, loc, i64,
        memref::ExtractAlignedPointerAsIndexOp::create(b, loc, memref));
  };
  Value addrA = addressOf(smemA), addrB = addressOf(smemB);

  auto tokenType = nvgpu::DeviceAsyncTokenType::get(ctx);
  // This block's k tiles: kTiles from kBase.
  Value kBase;
  int64_t kTiles;
  std::tie(kBase, kTiles) = g.kShare((K + BK - 1) / BK);
  // Copies k-tile `kt` (of this block's) into ring slot `slot`, swizzled.
  auto issue = [&](Value kt, Value slot) -> LogicalResult {
    Value k0 = arith::MulIOp::create(b, loc, g.kTile(kt, kBase), em.cst(BK));
    auto copy = [&](int64_t rows, Value dst, Value rowBase, int64_t rowLimit,
                    const ChunkAccess &chunk) -> LogicalResult {
      return g.forEachChunk(
          rows, BK, rowBase, rowLimit, k0, K, chunk,
          [&](Value r, Value c, ArrayRef<Value> src, Value ok) {
            // Chunk c / 8 of row r goes to chunk (c / 8) ^ (r % 8).
            Value swz = arith::MulIOp::create(
                b, loc,
                arith::XOrIOp::create(
                    b, loc, arith::DivUIOp::create(b, loc, c, em.cst(8)),
                    arith::RemUIOp::create(b, loc, r, em.cst(8))),
                em.cst(8));
            Value srcElements =
                arith::SelectOp::create(b, loc, ok, em.cst(8), em.cst(0));
            nvgpu::DeviceAsyncCopyOp::create(
                b, loc, tokenType, dst, ValueRange{slot, r, swz}, chunk.memref,
                src, b.getIndexAttr(8), srcElements, b.getUnitAttr());
          });
    };
    if (failed(copy(BM, smemA, g.m0, M, chunkA)))
      return failure();
    return copy(BN, smemB, g.n0, N, chunkB);
  };
  // Prefetch distance S - 2: the slot refilled at step k was read by step
  // k - 2, whose MMAs are complete (each step waits until at most one
  // batch of MMAs, its own, is in flight), so tensor cores keep working
  // while the next step's copies are issued.
  const int64_t ahead = S - 2;
  FailureOr<Value> filled = g.fillRing(ahead, kTiles, issue);
  if (failed(filled))
    return failure();
  Value token = *filled;

  Value warpGroup = arith::DivUIOp::create(b, loc, g.tid, em.cst(128));
  Value wgOffset = arith::IndexCastUIOp::create(
      b, loc, i64,
      arith::MulIOp::create(b, loc, warpGroup, em.cst(64 * BK * 2)));
  auto accType =
      LLVM::LLVMStructType::getLiteral(ctx, SmallVector<Type>(BN / 2, f32));
  Value zeroAcc = LLVM::ZeroOp::create(b, loc, accType);

  auto kLoop = em.loop(
      kTiles, ValueRange{zeroAcc},
      [&](Value kt, ValueRange acc) -> FailureOr<SmallVector<Value>> {
        // Tile kt has landed (this thread's copies); make the generic-proxy
        // writes visible to the async proxy wgmma reads through, then to
        // every thread.
        nvgpu::DeviceAsyncWaitOp::create(b, loc, token,
                                         b.getI32IntegerAttr(ahead - 1));
        NVVM::FenceProxyOp::create(
            b, loc, NVVM::ProxyKind::async_shared,
            NVVM::SharedSpaceAttr::get(ctx, NVVM::SharedSpace::shared_cta));
        gpu::BarrierOp::create(b, loc);
        if (failed(g.refillRing(kt, ahead, kTiles, S, issue)))
          return failure();
        Value slot = arith::IndexCastUIOp::create(
            b, loc, i64, arith::RemUIOp::create(b, loc, kt, em.cst(S)));
        Value aSlot = arith::AddIOp::create(
            b, loc, addrA,
            arith::AddIOp::create(
                b, loc, wgOffset,
                arith::MulIOp::create(
                    b, loc, slot,
                    arith::ConstantIntOp::create(b, loc, BM * BK * 2, 64))));
        Value bSlot = arith::AddIOp::create(
            b, loc, addrB,
            arith::MulIOp::create(
                b, loc, slot,
                arith::ConstantIntOp::create(b, loc, BN * BK * 2, 64)));
        NVVM::WgmmaFenceAlignedOp::create(b, loc);
        Value d = acc[0];
        for (int64_t kk = 0; kk < BK / 16; ++kk) {
          Value off = arith::ConstantIntOp::create(b, loc, kk * 32, 64);
          Value da = swizzledDescriptor(
              b, loc, arith::AddIOp::create(b, loc, aSlot, off));
          Value db = swizzledDescriptor(
              b, loc, arith::AddIOp::create(b, loc, bSlot, off));
          d = wgmmaStep(b, loc, d, da, db, BN, f16);
        }
        NVVM::WgmmaGroupSyncAlignedOp::create(b, loc);
        NVVM::WgmmaWaitGroupSyncOp::create(b, loc, 1);
        return SmallVector<Value>{d};
      });
  if (failed(kLoop))
    return failure();
  NVVM::WgmmaWaitGroupSyncOp::create(b, loc, 0);
  nvgpu::DeviceAsyncWaitOp::create(b, loc, token, b.getI32IntegerAttr(0));
  gpu::BarrierOp::create(b, loc);
  stageWgmmaAccumulator(b, loc, em, (*kLoop)[0], smemC,
                        arith::DivUIOp::create(b, loc, g.tid, em.cst(32)),
                        arith::RemUIOp::create(b, loc, g.tid, em.cst(32)), BN);
  gpu::BarrierOp::create(b, loc);
  return smemC;
}


namespace {
/// What both TMA-fed warpgroup-MMA kernels share: the two tensor-map
/// parameters, the 1024-byte-aligned ring of [rows][64] A and B tiles, its
/// full/empty mbarriers, the producer's loads and the consumers' MMAs.
/// Ring position `pos` (the block's k tiles counted across its output
/// tiles) uses slot pos % S with phase parity (pos / S) & 1.
class TmaPipeline {
public:
  /// `extraBytes` of shared memory follow the ring (staging tiles) before
  /// the barriers.
  static FailureOr<TmaPipeline> create(GemmKernel &g, const TileConfig &tile,
                                       Value dyn, gpu::GPUFuncOp func,
                                       int64_t extraBytes);

  /// Thread 0 initializes the barriers (`full`: the producer's arrival and
  /// the loads' bytes; `empty`: `emptyArrivals`; `turns` more of
  /// `emptyArrivals` arrivals after those), then a CTA barrier.
  void initBarriers(int64_t emptyArrivals, int64_t turns = 0);
  /// Extra barrier `i` (of initBarriers' `turns`).
  Value turnBarrier(Value i) {
    return sharedPtr(arith::AddIOp::create(
        b, loc, addrBars,
        arith::MulIOp::create(
            b, loc,
            arith::AddIOp::create(
                b, loc, arith::IndexCastUIOp::create(b, loc, b.getI64Type(), i),
                i64c(2 * tile.stages)),
            i64c(8))));
  }
  /// Whether this thread's warp is the producer (after the consumer
  /// warps), from the warp index broadcast from lane 0: provably uniform
  /// in each warp, so that ptxas does not serialize the warpgroup MMAs of
  /// the consumer branch as if it were divergent.
  Value isProducer();
  /// Where A's tile starting at product row `m0` (index) begins in A's
  /// tensor map: the row (i32), or for an im2col map the output pixel's
  /// first input pixel {w, h, n} (i32; w and h from the bounding box's
  /// lower corner, which may be negative: the padding).
  SmallVector<Value> aOrigin(Value m0);
  /// Producer: waits until position `pos`'s slot is free, expects the
  /// bytes of both tiles and loads A's tile at `aAt` (aOrigin) and B rows
  /// from `n0` (i32) at k tile `kt`.
  void produce(Value pos, Value kt, ValueRange aAt, Value n0);
  /// Consumer: waits until `pos` has landed and issues one batch of MMAs
  /// into `accs` (one accumulator per 64 rows of A, from row `aRow` of the
  /// slot); returns the new accumulators (the batch is committed, not
  /// waited for).
  SmallVector<Value> consume(Value pos, ValueRange accs, Value aRow);
  /// Releases `pos`'s slot (every consumer thread arrives).
  void release(Value pos);
  /// One warpgroup's accumulator of 64 x BN float32.
  Type accType() const { return acc; }
  Value zeroAcc() { return LLVM::ZeroOp::create(b, loc, acc); }
  /// Byte offset of the shared memory after the ring in the dynamic
  /// buffer.
  Value afterRing() {
    return arith::AddIOp::create(b, loc, shift, g.em.cst(ringBytes));
  }

  /// Byte offset of the aligned ring in the dynamic buffer.
  Value alignedShift() { return shift; }

  void ifThen(Value cond, function_ref<void()> body) {
    auto ifOp = scf::IfOp::create(b, loc, TypeRange{}, cond, false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    g.em.pushScope();
    body();
    g.em.popScope();
  }
  Value cmp(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, loc, p, x, y);
  }
  Value i32c(int64_t v) { return arith::ConstantIntOp::create(b, loc, v, 32); }
  Value i64c(int64_t v) { return arith::ConstantIntOp::create(b, loc, v, 64); }

  Value mapA, mapB;
  int64_t kTiles;
  /// Whether A comes through an im2col map (a windowed convolution).
  bool im2col = false;

private:
  TmaPipeline(GemmKernel &g, const TileConfig &tile)
      : g(g), b(g.b), loc(g.loc), ctx(g.b.getContext()), tile(tile) {}
  Value sharedPtr(Value addr) {
    return LLVM::IntToPtrOp::create(b, loc, LLVM::LLVMPointerType::get(ctx, 3),
                                    addr);
  }
  Value barrier(Value pos, bool empty);
  std::pair<Value, Value> slotOf(Value pos);

  GemmKernel &g;
  OpBuilder &b;
  Location loc;
  MLIRContext *ctx;
  const TileConfig &tile;
  int64_t ringBytes = 0;
  Value shift, addrA, addrB, addrBars;
  Type acc;
};
} // namespace

FailureOr<TmaPipeline> TmaPipeline::create(GemmKernel &g, const TileConfig &tile,
                                          Value dyn, gpu::GPUFuncOp func,
                                          int64_t extraBytes) {
  std::optional<std::pair<TmaOperand, TmaOperand>> ops =
      tmaOperands(g.group, g.s);
  if (!ops)
    return g.group.emitError()
           << "fusion group '" << g.group.getName()
           << "': TMA loads need both operands as k-contiguous kernel inputs "
              "(a MatMul or Gemm with constant or transposed B, a "
              "channels-last 1x1 convolution with unit strides and no "
              "padding, or a channels-last convolution with a multiple of "
              "64 channels whose window an im2col map can walk; k a "
              "multiple of 8, no batch); use load = cp_async";
  TmaPipeline p(g, tile);
  OpBuilder &b = g.b;
  Location loc = g.loc;
  MLIRContext *ctx = b.getContext();
  Emitter &em = g.em;
  const int64_t BM = tile.blockM, BN = tile.blockN, BK = 64, S = tile.stages;
  const int64_t K = g.s.k;
  p.kTiles = (K + BK - 1) / BK;

  // Tensor maps: kernel parameters after the buffers, passed by value.
  auto ptrType = LLVM::LLVMPointerType::get(ctx);
  unsigned first = func.getNumArguments();
  if (failed(func.insertArgument(first, ptrType, {}, loc)) ||
      failed(func.insertArgument(first + 1, ptrType, {}, loc)))
    return func.emitError() << "cannot add the tensor-map parameters to "
                            << func.getName();
  func->setAttr("rt.tensor_map_args",
                b.getDenseI32ArrayAttr({int32_t(first), int32_t(first + 1)}));
  p.mapA = func.getArgument(first);
  p.mapB = func.getArgument(first + 1);
  auto describe = [&](const TmaOperand &o, int64_t box) {
    return b.getDictionaryAttr(
        {b.getNamedAttr("arg", b.getI64IntegerAttr(o.arg.getArgNumber())),
         b.getNamedAttr("dims", b.getDenseI64ArrayAttr({K, o.rows})),
         b.getNamedAttr("strides", b.getDenseI64ArrayAttr({K * 2})),
         b.getNamedAttr("box", b.getDenseI64ArrayAttr({BK, box})),
         b.getNamedAttr("swizzle", b.getI64IntegerAttr(3)),
         b.getNamedAttr("l2_promotion", b.getI64IntegerAttr(3))});
  };
  // A windowed convolution's input {C, W, H, N} through an im2col map:
  // BM output pixels of 64 channels a load, walking the bounding box of
  // the filter's first tap (the padding below, the window's reach above)
  // in steps of the convolution's strides.
  auto describeIm2col = [&](const TmaOperand &o) {
    auto x = tensorType(g.conv.getInput());
    int64_t n = x.getDimSize(0), h = x.getDimSize(1), w = x.getDimSize(2),
            c = x.getDimSize(3);
    const ConvWindow &win = *g.win;
    SmallVector<int64_t> lower, upper;
    for (int d : {1, 0}) {
      lower.push_back(win.lowerCorner(d));
      upper.push_back(win.upperCorner(d));
    }
    return b.getDictionaryAttr(
        {b.getNamedAttr("arg", b.getI64IntegerAttr(o.arg.getArgNumber())),
         b.getNamedAttr("mode", b.getStringAttr("im2col")),
         b.getNamedAttr("dims", b.getDenseI64ArrayAttr({c, w, h, n})),
         b.getNamedAttr("strides", b.getDenseI64ArrayAttr(
                                       {c * 2, w * c * 2, h * w * c * 2})),
         b.getNamedAttr(
             "element_strides",
             b.getDenseI64ArrayAttr({1, win.strides[1], win.strides[0], 1})),
         b.getNamedAttr("lower_corner", b.getDenseI64ArrayAttr(lower)),
         b.getNamedAttr("upper_corner", b.getDenseI64ArrayAttr(upper)),
         b.getNamedAttr("channels_per_pixel", b.getI64IntegerAttr(BK)),
         b.getNamedAttr("pixels_per_column", b.getI64IntegerAttr(BM)),
         b.getNamedAttr("swizzle", b.getI64IntegerAttr(3)),
         b.getNamedAttr("l2_promotion", b.getI64IntegerAttr(3))});
  };
  p.im2col = ops->first.im2col;
  g.group->setAttr("rt.tensor_maps",
                   b.getArrayAttr({p.im2col ? describeIm2col(ops->first)
                                            : describe(ops->first, BM),
                                   describe(ops->second, BN)}));

  // The ring at the first 1024-byte boundary of the dynamic buffer.
  Type i64 = b.getI64Type();
  Value base;
  std::tie(base, p.shift) = ringShift(b, loc, em, dyn);
  Value aligned = arith::IndexCastUIOp::create(
      b, loc, i64, arith::AddIOp::create(b, loc, base, p.shift));
  p.ringBytes = S * (BM + BN) * BK * 2;
  p.addrA = aligned;
  p.addrB = arith::AddIOp::create(b, loc, aligned, p.i64c(S * BM * BK * 2));
  p.addrBars =
      arith::AddIOp::create(b, loc, aligned, p.i64c(p.ringBytes + extraBytes));
  p.acc = LLVM::LLVMStructType::getLiteral(
      ctx, SmallVector<Type>(BN / 2, b.getF32Type()));
  return p;
}

std::pair<Value, Value> TmaPipeline::slotOf(Value pos) {
  Emitter &em = g.em;
  Value slot = arith::IndexCastUIOp::create(
      b, loc, b.getI64Type(),
      arith::RemUIOp::create(b, loc, pos, em.cst(tile.stages)));
  Value parity = arith::IndexCastUIOp::create(
      b, loc, b.getI32Type(),
      arith::AndIOp::create(
          b, loc, arith::DivUIOp::create(b, loc, pos, em.cst(tile.stages)),
          em.cst(1)));
  return {slot, parity};
}

// full[slot] at 8 * slot, empty[slot] at 8 * (S + slot).
Value TmaPipeline::barrier(Value slot64, bool empty) {
  Value off = arith::MulIOp::create(
      b, loc,
      empty ? arith::AddIOp::create(b, loc, slot64, i64c(tile.stages))
            : slot64,
      i64c(8));
  return sharedPtr(arith::AddIOp::create(b, loc, addrBars, off));
}

void TmaPipeline::initBarriers(int64_t emptyArrivals, int64_t turns) {
  ifThen(cmp(arith::CmpIPredicate::eq, g.tid, g.em.cst(0)), [&] {
    for (int64_t i = 0; i < tile.stages; ++i) {
      NVVM::MBarrierInitOp::create(b, loc, barrier(i64c(i), false), i32c(1),
                                   Value());
      NVVM::MBarrierInitOp::create(b, loc, barrier(i64c(i), true),
                                   i32c(emptyArrivals), Value());
    }
    for (int64_t i = 0; i < turns; ++i)
      NVVM::MBarrierInitOp::create(b, loc, turnBarrier(g.em.cst(i)),
                                   i32c(emptyArrivals), Value());
    NVVM::FenceMbarrierInitOp::create(b, loc);
  });
  gpu::BarrierOp::create(b, loc);
}

Value TmaPipeline::isProducer() {
  Value warpIndex =
      gpu::ShuffleOp::create(
          b, loc,
          arith::IndexCastUIOp::create(
              b, loc, b.getI32Type(),
              arith::DivUIOp::create(b, loc, g.tid, g.em.cst(32))),
          i32c(0), i32c(32), gpu::ShuffleMode::IDX)
          .getShuffleResult();
  return cmp(arith::CmpIPredicate::uge, warpIndex, i32c(tile.warpsM));
}

SmallVector<Value> TmaPipeline::aOrigin(Value m0) {
  auto i32 = [&](Value v) {
    return (Value)arith::IndexCastUIOp::create(b, loc, b.getI32Type(), v);
  };
  if (!im2col)
    return {i32(m0)};
  // m0 -> (n, oh, ow); the window's first input pixel is (oh, ow) times
  // the strides, less the padding.
  Emitter &em = g.em;
  SmallVector<Value> mi = g.outputPixel(m0);
  auto corner = [&](Value o, int d) {
    return arith::SubIOp::create(
        b, loc,
        i32(arith::MulIOp::create(b, loc, o, em.cst(g.win->strides[d]))),
        i32c(g.win->lo[d]));
  };
  return {corner(mi[2], 1), corner(mi[1], 0), i32(mi[0])};
}

void TmaPipeline::produce(Value pos, Value kt, ValueRange aAt, Value n0) {
  const int64_t BK = 64;
  auto [slot, parity] = slotOf(pos);
  // Round r waits for the consumers' release of round r - 1 (parity r + 1:
  // a fresh barrier's "previous" phase counts as complete).
  NVVM::MBarrierTryWaitParityOp::create(
      b, loc, barrier(slot, true),
      arith::XOrIOp::create(b, loc, parity, i32c(1)), i32c(0x989680));
  Value full = barrier(slot, false);
  NVVM::MBarrierArriveExpectTxOp::create(
      b, loc, Type(), full, i32c((tile.blockM + tile.blockN) * BK * 2),
      NVVM::MemScopeKindAttr::get(ctx, NVVM::MemScopeKind::CTA),
      b.getBoolAttr(false), Value());
  Value k0 = arith::IndexCastUIOp::create(
      b, loc, b.getI32Type(),
      arith::MulIOp::create(b, loc, kt, g.em.cst(BK)));
  auto load = [&](Value map, Value ring, int64_t rows, ValueRange coords,
                  ValueRange offsets) {
    // The CTA's own shared memory as a shared::cluster address.
    Value dst = LLVM::AddrSpaceCastOp::create(
        b, loc, LLVM::LLVMPointerType::get(ctx, 7),
        sharedPtr(arith::AddIOp::create(
            b, loc, ring,
            arith::MulIOp::create(b, loc, slot, i64c(rows * BK * 2)))));
    NVVM::CpAsyncBulkTensorGlobalToSharedClusterOp::create(
        b, loc, dst, map, coords, full, offsets, Value(), Value(),
        NVVM::TMALoadModeAttr::get(ctx, offsets.empty()
                                            ? NVVM::TMALoadMode::TILE
                                            : NVVM::TMALoadMode::IM2COL),
        b.getBoolAttr(false), NVVM::CTAGroupKindAttr(), Value());
  };
  if (im2col) {
    // k tile kt is channel block kt % (C / 64) of filter tap kt / (C / 64)
    // (taps row-major over (kh, kw)): the load starts at that channel of
    // the window's first pixel, shifted by the tap times the dilation.
    Emitter &em = g.em;
    const ConvWindow &win = *g.win;
    Value blocks = em.cst(win.channels / BK);
    Value tap = arith::DivUIOp::create(b, loc, kt, blocks);
    Value c0 = arith::IndexCastUIOp::create(
        b, loc, b.getI32Type(),
        arith::MulIOp::create(
            b, loc, arith::RemUIOp::create(b, loc, kt, blocks), em.cst(BK)));
    auto offset = [&](Value t, int d) {
      return (Value)arith::IndexCastUIOp::create(
          b, loc, b.getI16Type(),
          arith::MulIOp::create(b, loc, t, em.cst(win.dilations[d])));
    };
    Value kh = arith::DivUIOp::create(b, loc, tap, em.cst(win.kernel[1]));
    Value kw = arith::RemUIOp::create(b, loc, tap, em.cst(win.kernel[1]));
    load(mapA, addrA, tile.blockM, {c0, aAt[0], aAt[1], aAt[2]},
         {offset(kw, 1), offset(kh, 0)});
  } else {
    load(mapA, addrA, tile.blockM, {k0, aAt[0]}, {});
  }
  load(mapB, addrB, tile.blockN, {k0, n0}, {});
}

SmallVector<Value> TmaPipeline::consume(Value pos, ValueRange accs,
                                        Value aRow) {
  const int64_t BK = 64, BM = tile.blockM, BN = tile.blockN;
  auto [slot, parity] = slotOf(pos);
  NVVM::MBarrierTryWaitParityOp::create(b, loc, barrier(slot, false), parity,
                                        i32c(0x989680));
  Value aSlot = arith::AddIOp::create(
      b, loc, addrA,
      arith::AddIOp::create(
          b, loc,
          arith::MulIOp::create(
              b, loc,
              arith::IndexCastUIOp::create(b, loc, b.getI64Type(), aRow),
              i64c(BK * 2)),
          arith::MulIOp::create(b, loc, slot, i64c(BM * BK * 2))));
  Value bSlot = arith::AddIOp::create(
      b, loc, addrB, arith::MulIOp::create(b, loc, slot, i64c(BN * BK * 2)));
  NVVM::WgmmaFenceAlignedOp::create(b, loc);
  SmallVector<Value> d(accs.begin(), accs.end());
  for (int64_t kk = 0; kk < BK / 16; ++kk) {
    Value db = swizzledDescriptor(
        b, loc, arith::AddIOp::create(b, loc, bSlot, i64c(kk * 32)));
    for (auto [r, a] : llvm::enumerate(d)) {
      Value da = swizzledDescriptor(
          b, loc,
          arith::AddIOp::create(b, loc, aSlot,
                                i64c(int64_t(r) * 64 * BK * 2 + kk * 32)));
      a = wgmmaStep(b, loc, a, da, db, BN, g.s.elt);
    }
  }
  NVVM::WgmmaGroupSyncAlignedOp::create(b, loc);
  return d;
}

void TmaPipeline::release(Value pos) {
  NVVM::MBarrierArriveOp::create(
      b, loc, b.getI64Type(), barrier(slotOf(pos).first, true), Value(),
      NVVM::MemScopeKindAttr::get(ctx, NVVM::MemScopeKind::CTA));
}

/// The warpgroup-MMA kernel's main loop fed by TMA (sm_90a), warp
/// specialized: the block's last warp is the producer, whose first lane
/// loads k-tile kt of A ([BM][64]) and B ([BN][64]) into ring slot kt % S
/// through two tensor maps (128-byte swizzle: the layout the cp.async ring
/// writes by hand) once the consumers have released the slot (its `empty`
/// mbarrier), completing the slot's `full` mbarrier by the bytes it
/// expects. The warpgroups (one per 64 rows) wait on `full`, run the
/// slot's wgmma batch and, once the batch before it has retired, release
/// that batch's slot (every consumer thread arrives). The tensor maps are
/// kernel parameters after the group's buffers (128-byte __grid_constant__
/// CUtensorMaps the runtime encodes), described by the group's
/// `rt.tensor_maps`.
static FailureOr<Value> wgmmaTmaMainLoop(GemmKernel &g, const TileConfig &tile,
                                         Value dyn, gpu::GPUFuncOp func) {
  OpBuilder &b = g.b;
  Emitter &em = g.em;
  Location loc = g.loc;
  MLIRContext *ctx = b.getContext();
  const int64_t BM = tile.blockM, BN = tile.blockN;
  const int64_t consumers = 32 * tile.warpsM * tile.warpsN;
  auto wg = gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);
  // The accumulator tile reuses the ring; the barriers follow both.
  const int64_t ring = tile.stages * (BM + BN) * 64 * 2;
  FailureOr<TmaPipeline> pipe = TmaPipeline::create(
      g, tile, dyn, func, std::max<int64_t>(0, BM * (BN + 4) * 4 - ring));
  if (failed(pipe))
    return failure();
  TmaPipeline &p = *pipe;
  Value smemC = memref::ViewOp::create(
      b, loc, MemRefType::get({BM, BN + 4}, b.getF32Type(), AffineMap(), wg),
      dyn, p.alignedShift(), ValueRange{});
  p.initBarriers(consumers);

  Value tid = g.tid;
  auto split = scf::IfOp::create(b, loc, TypeRange{p.accType()},
                                 p.isProducer(), /*withElseRegion=*/true);
  // Producer: lane 0 of the last warp.
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(split.thenBlock());
    em.pushScope();
    p.ifThen(p.cmp(arith::CmpIPredicate::eq, tid, em.cst(consumers)), [&] {
      NVVM::PrefetchOp::create(b, loc, {}, {}, p.mapA, Value(),
                               b.getUnitAttr());
      NVVM::PrefetchOp::create(b, loc, {}, {}, p.mapB, Value(),
                               b.getUnitAttr());
      SmallVector<Value> aAt = p.aOrigin(g.m0);
      Value n0 = arith::IndexCastUIOp::create(b, loc, b.getI32Type(), g.n0);
      (void)em.loop(p.kTiles, ValueRange{},
                    [&](Value kt, ValueRange) -> FailureOr<SmallVector<Value>> {
                      p.produce(kt, kt, aAt, n0);
                      return SmallVector<Value>{};
                    });
    });
    scf::YieldOp::create(b, loc, ValueRange{p.zeroAcc()});
    em.popScope();
  }
  // Consumers: warpgroup w multiplies rows [64 w, 64 w + 64) of the tile.
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(split.elseBlock());
    em.pushScope();
    Value aRow = arith::MulIOp::create(
        b, loc, arith::DivUIOp::create(b, loc, tid, em.cst(128)), em.cst(64));
    auto kLoop = em.loop(
        p.kTiles, ValueRange{p.zeroAcc()},
        [&](Value kt, ValueRange acc) -> FailureOr<SmallVector<Value>> {
          SmallVector<Value> d = p.consume(kt, acc, aRow);
          // The batch before this one has retired: its slot is free.
          NVVM::WgmmaWaitGroupSyncOp::create(b, loc, 1);
          p.ifThen(p.cmp(arith::CmpIPredicate::ugt, kt, em.cst(0)), [&] {
            p.release(arith::SubIOp::create(b, loc, kt, em.cst(1)));
          });
          return d;
        });
    if (failed(kLoop))
      return failure();
    NVVM::WgmmaWaitGroupSyncOp::create(b, loc, 0);
    scf::YieldOp::create(b, loc, ValueRange{(*kLoop)[0]});
    em.popScope();
  }
  // Every warpgroup's MMAs have read the ring before any accumulator tile
  // (which reuses it) is written.
  gpu::BarrierOp::create(b, loc);
  p.ifThen(p.cmp(arith::CmpIPredicate::ult, tid, em.cst(consumers)), [&] {
    stageWgmmaAccumulator(b, loc, em, split.getResult(0), smemC,
                          arith::DivUIOp::create(b, loc, tid, em.cst(32)),
                          arith::RemUIOp::create(b, loc, tid, em.cst(32)), BN);
  });
  gpu::BarrierOp::create(b, loc);
  return smemC;
}

/// The persistent ping-pong form (schedule = pingpong): a block per SM
/// (grid = min(tiles, SMs)) takes output tiles t = block + i * grid,
/// i = 0, 1, ...; the producer loads the k tiles of every one of them in
/// order (ring position i * kTiles + kt), and consumer warpgroup w (of two)
/// takes the tiles with i % 2 == w: each multiplies a whole BM x BN tile
/// (BM / 64 accumulators), releases its last slot, and runs the epilogue
/// through its own [64][BN + 4] staging tile, 64 rows at a time between
/// named barriers of its 128 threads, while the other warpgroup's MMAs use
/// the tensor cores (the ring hands the slots to the warpgroups in turn).
static LogicalResult wgmmaPingpong(GemmKernel &g, const TileConfig &tile,
                                   Value dyn, gpu::GPUFuncOp func,
                                   KernelLaunch &launch, int64_t targetSMs) {
  OpBuilder &b = g.b;
  Emitter &em = g.em;
  Location loc = g.loc;
  MLIRContext *ctx = b.getContext();
  const int64_t BM = tile.blockM, BN = tile.blockN;
  const int64_t rowBlocks = BM / 64;
  const int64_t stageBytes = 64 * (BN + 4) * 4;
  auto wg = gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);
  FailureOr<TmaPipeline> pipe =
      TmaPipeline::create(g, tile, dyn, func, 2 * stageBytes);
  if (failed(pipe))
    return failure();
  TmaPipeline &p = *pipe;
  // Every thread of the one consuming warpgroup releases a slot. Two more
  // barriers hand the tensor cores from one warpgroup to the other: a
  // warpgroup waits for its turn before its first k step, so that it never
  // waits on a slot more than one phase ahead of the slot's barrier (which
  // phase parity could not tell apart), and passes the turn on once its
  // last batch has retired.
  p.initBarriers(128, /*turns=*/2);

  const int64_t cols = (g.s.n + BN - 1) / BN;
  const int64_t tiles = cols * ((g.s.m + BM - 1) / BM);
  launch.grid = {std::min(tiles, targetSMs), 1, 1};
  Value grid = em.cst(launch.grid[0]);
  Value bid = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  // This block's tiles: ceil((tiles - bid) / grid).
  Value count = arith::DivUIOp::create(
      b, loc,
      arith::SubIOp::create(b, loc, em.cst(tiles + launch.grid[0] - 1), bid),
      grid);
  // Tile i of this block: its first row and column.
  auto origin = [&](Value i) -> std::pair<Value, Value> {
    Value t = arith::AddIOp::create(b, loc, bid,
                                    arith::MulIOp::create(b, loc, i, grid));
    Value m0 = arith::MulIOp::create(
        b, loc, arith::DivUIOp::create(b, loc, t, em.cst(cols)), em.cst(BM));
    Value n0 = arith::MulIOp::create(
        b, loc, arith::RemUIOp::create(b, loc, t, em.cst(cols)), em.cst(BN));
    return {m0, n0};
  };
  auto forLoop = [&](Value n, function_ref<void(Value)> body) {
    auto loop = scf::ForOp::create(b, loc, em.cst(0), n, em.cst(1));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    em.pushScope();
    body(loop.getInductionVar());
    em.popScope();
  };

  Value tid = g.tid;
  auto split = scf::IfOp::create(b, loc, TypeRange{}, p.isProducer(),
                                 /*withElseRegion=*/true);
  LogicalResult result = success();
  // Producer: lane 0 of the last warp, over every tile of the block.
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(split.thenBlock());
    em.pushScope();
    p.ifThen(p.cmp(arith::CmpIPredicate::eq, tid, em.cst(256)), [&] {
      NVVM::PrefetchOp::create(b, loc, {}, {}, p.mapA, Value(),
                               b.getUnitAttr());
      NVVM::PrefetchOp::create(b, loc, {}, {}, p.mapB, Value(),
                               b.getUnitAttr());
      forLoop(count, [&](Value i) {
        auto [m0, n0] = origin(i);
        SmallVector<Value> aAt = p.aOrigin(m0);
        Value n32 = arith::IndexCastUIOp::create(b, loc, b.getI32Type(), n0);
        Value first = arith::MulIOp::create(b, loc, i, em.cst(p.kTiles));
        (void)em.loop(
            p.kTiles, ValueRange{},
            [&](Value kt, ValueRange) -> FailureOr<SmallVector<Value>> {
              p.produce(arith::AddIOp::create(b, loc, first, kt), kt, aAt, n32);
              return SmallVector<Value>{};
            });
      });
    });
    em.popScope();
  }
  // Consumer warpgroup w: tiles i = 2 j + w.
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(split.elseBlock());
    em.pushScope();
    Value w = arith::DivUIOp::create(b, loc, tid, em.cst(128));
    Value wtid = arith::RemUIOp::create(b, loc, tid, em.cst(128));
    Value mine = arith::DivUIOp::create(
        b, loc,
        arith::SubIOp::create(b, loc, arith::AddIOp::create(b, loc, count,
                                                            em.cst(1)),
                              w),
        em.cst(2));
    Value smemC = memref::ViewOp::create(
        b, loc, MemRefType::get({64, BN + 4}, b.getF32Type(), AffineMap(), wg),
        dyn,
        arith::AddIOp::create(
            b, loc, p.afterRing(),
            arith::MulIOp::create(b, loc, w, em.cst(stageBytes))),
        ValueRange{});
    Value barrierId = arith::IndexCastUIOp::create(
        b, loc, b.getI32Type(), arith::AddIOp::create(b, loc, w, em.cst(1)));
    auto wgBarrier = [&]() {
      NVVM::BarrierOp::create(b, loc, Type(), barrierId, p.i32c(128),
                              NVVM::BarrierReductionAttr(), Value());
    };
    forLoop(mine, [&](Value j) {
      if (failed(result))
        return;
      Value i = arith::AddIOp::create(
          b, loc, arith::MulIOp::create(b, loc, j, em.cst(2)), w);
      auto [m0, n0] = origin(i);
      Value first = arith::MulIOp::create(b, loc, i, em.cst(p.kTiles));
      // Warpgroup 0's tile j waits for warpgroup 1's tile j - 1 (none for
      // j = 0: parity 1 passes on a fresh barrier), warpgroup 1's for
      // warpgroup 0's tile j.
      Value jParity = arith::IndexCastUIOp::create(
          b, loc, b.getI32Type(), arith::AndIOp::create(b, loc, j, em.cst(1)));
      Value wIs0 =
          arith::ExtUIOp::create(b, loc, b.getI32Type(),
                                 p.cmp(arith::CmpIPredicate::eq, w, em.cst(0)));
      NVVM::MBarrierTryWaitParityOp::create(
          b, loc, p.turnBarrier(w),
          arith::XOrIOp::create(b, loc, jParity, wIs0), p.i32c(0x989680));
      SmallVector<Value> zeros;
      for (int64_t r = 0; r < rowBlocks; ++r)
        zeros.push_back(p.zeroAcc());
      auto kLoop = em.loop(
          p.kTiles, zeros,
          [&](Value kt, ValueRange acc) -> FailureOr<SmallVector<Value>> {
            Value pos = arith::AddIOp::create(b, loc, first, kt);
            SmallVector<Value> d = p.consume(pos, acc, em.cst(0));
            NVVM::WgmmaWaitGroupSyncOp::create(b, loc, 1);
            p.ifThen(p.cmp(arith::CmpIPredicate::ugt, kt, em.cst(0)), [&] {
              p.release(arith::SubIOp::create(b, loc, pos, em.cst(1)));
            });
            return d;
          });
      if (failed(kLoop)) {
        result = failure();
        return;
      }
      NVVM::WgmmaWaitGroupSyncOp::create(b, loc, 0);
      p.release(arith::AddIOp::create(b, loc, first, em.cst(p.kTiles - 1)));
      NVVM::MBarrierArriveOp::create(
          b, loc, b.getI64Type(),
          p.turnBarrier(arith::SubIOp::create(b, loc, em.cst(1), w)), Value(),
          NVVM::MemScopeKindAttr::get(ctx, NVVM::MemScopeKind::CTA));
      // The epilogue, 64 rows at a time, by this warpgroup's threads.
      Value savedTid = g.tid, savedM0 = g.m0, savedN0 = g.n0;
      int64_t savedThreads = g.threads, savedBM = g.BM;
      g.tid = wtid;
      g.threads = 128;
      g.BM = 64;
      g.n0 = n0;
      g.returnAfterEpilogue = false;
      for (int64_t r = 0; r < rowBlocks && succeeded(result); ++r) {
        stageWgmmaAccumulator(
            b, loc, em, (*kLoop)[r], smemC,
            arith::DivUIOp::create(b, loc, wtid, em.cst(32)),
            arith::RemUIOp::create(b, loc, wtid, em.cst(32)), BN);
        wgBarrier();
        g.m0 = arith::AddIOp::create(b, loc, m0, em.cst(64 * r));
        em.pushScope();
        result = g.epilogue(smemC);
        em.popScope();
        wgBarrier();
      }
      g.tid = savedTid;
      g.m0 = savedM0;
      g.n0 = savedN0;
      g.threads = savedThreads;
      g.BM = savedBM;
      g.returnAfterEpilogue = true;
    });
    em.popScope();
  }
  if (failed(result))
    return failure();
  gpu::ReturnOp::create(b, loc);
  return success();
}

LogicalResult gpugen::emitTiledGemm(FusionGroupOp group, gpu::GPUFuncOp func,
                                    const TileConfig &tile,
                                    KernelLaunch &launch,
                                    rtgpu::TargetAttr target) {
  const int64_t targetSMs = target.getSms();
  std::optional<GemmShape> shape = analyzeRoot(group);
  std::optional<SmallVector<SmallVector<Value>>> chains =
      shape ? analyzeEpilogue(group, shape->root) : std::nullopt;
  if (!shape || !chains)
    return group.emitError() << "fusion group '" << group.getName()
                             << "' does not fit the tiled GEMM kernel";
  const GemmShape &s = *shape;
  int64_t threads = tile.threads();
  if (!tile.tma && (tile.blockM * tile.blockN) % threads)
    return group.emitError() << "fusion group '" << group.getName()
                             << "': the tile's elements do not divide among "
                                "its threads";
  GemmKernel g(group, func, s, *chains, tile.blockM, tile.blockN, threads,
               tile.splitK);
  // One dynamic shared buffer: the operand tiles, then (reused) the
  // accumulator tile.
  auto wg = gpu::AddressSpaceAttr::get(group.getContext(),
                                       gpu::AddressSpace::Workgroup);
  Value dyn = gpu::DynamicSharedMemoryOp::create(
      g.b, g.loc,
      MemRefType::get({ShapedType::kDynamic}, g.b.getI8Type(), AffineMap(),
                      wg));
  if (tile.pingpong) {
    if (failed(wgmmaPingpong(g, tile, dyn, func, launch, targetSMs)))
      return failure();
    launch.block = {threads, 1, 1};
    launch.sharedBytes = tile.sharedBytes();
    return success();
  }
  FailureOr<Value> smemC =
      tile.tma ? wgmmaTmaMainLoop(g, tile, dyn, func)
      : tile.kernel == TileConfig::Kernel::Wgmma   ? wgmmaMainLoop(g, tile, dyn)
      : tile.kernel == TileConfig::Kernel::MmaSync ? mmaMainLoop(g, tile, dyn)
                                                   : wmmaMainLoop(g, tile, dyn);
  if (failed(smemC) || failed(g.epilogue(*smemC)))
    return failure();

  launch.grid = {(s.n + tile.blockN - 1) / tile.blockN * tile.splitK,
                 (s.m + tile.blockM - 1) / tile.blockM, s.batch};
  // Split k: clusters of split_k consecutive blocks along x, fixed at
  // compile time (.reqnctapercluster), so that the runtime launches the
  // kernel like any other.
  if (tile.splitK > 1)
    func->setAttr(NVVM::NVVMDialect::getClusterDimAttrName(),
                  g.b.getDenseI32ArrayAttr({int32_t(tile.splitK), 1, 1}));
  launch.block = {threads, 1, 1};
  launch.sharedBytes = tile.sharedBytes();
  // Warpgroup-MMA tiles small enough for two blocks per SM (the target's
  // shared memory, 1 KiB reserved per block) keep two resident, so that one
  // block's epilogue overlaps the other's main loop: ptxas holds the
  // registers to 128 per thread.
  if (tile.kernel == TileConfig::Kernel::Wgmma &&
      2 * (launch.sharedBytes + 1024) <= target.getSharedPerSm() &&
      threads <= 512)
    func->setAttr("nvvm.minctasm", g.b.getI32IntegerAttr(2));
  if (launch.grid[1] > 65535 || launch.grid[2] > 65535)
    return group.emitError() << "fusion group '" << group.getName()
                             << "': the GEMM grid exceeds CUDA's limits";
  return success();
}
