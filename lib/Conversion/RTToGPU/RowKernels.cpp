//===- RowKernels.cpp - attention and normalization kernels ---------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Kernels where one block owns one row and its threads cooperate through
// block-wide reductions (warp shuffles, then shared memory):
//
// - `attention_row`: an rt.attention group. A block takes one query row of
//   one (batch, head): it computes the row's scores against every key once
//   (kept in shared memory; the score matrix never reaches device memory),
//   the softmax statistics by block reductions, then each output column as
//   the probability-weighted sum of the values. The group's epilogue (the
//   head merge: transpose and reshape) maps the output indices forward.
// - `norm_row`: a group whose reductions are LayerNormalization or
//   (Log)Softmax over the same rows. A block takes one row: each statistic
//   (mean and 1/stddev, or max and sum of exponentials) is a block
//   reduction over the row's elements evaluated elementally (prologues
//   included), and the outputs are then computed element by element.
//
//===----------------------------------------------------------------------===//

#include "RowKernels.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::rt;
using namespace mlir::rt::gpugen;

namespace {

/// Warp-wide reduction of `v` (sum or max) by butterfly shuffles: every
/// lane gets the result.
Value warpReduce(OpBuilder &b, Location loc, Value v, bool isMax) {
  Value width = arith::ConstantIntOp::create(b, loc, 32, 32);
  for (int off = 16; off >= 1; off /= 2) {
    Value o = arith::ConstantIntOp::create(b, loc, off, 32);
    auto sh =
        gpu::ShuffleOp::create(b, loc, v, o, width, gpu::ShuffleMode::XOR);
    v = isMax
            ? (Value)arith::MaximumFOp::create(b, loc, v, sh.getShuffleResult())
            : (Value)arith::AddFOp::create(b, loc, v, sh.getShuffleResult());
  }
  return v;
}

/// Block-wide reduction of `v` (sum or max) over `threads` threads: warp
/// shuffles, then one value per warp through `red` (32 floats of shared
/// memory); every thread gets the result.
Value blockReduce(OpBuilder &b, Location loc, Emitter &em, Value v, bool isMax,
                  Value red, Value tid, int64_t threads) {
  auto combine = [&](Value x, Value y) -> Value {
    return isMax ? (Value)arith::MaximumFOp::create(b, loc, x, y)
                 : (Value)arith::AddFOp::create(b, loc, x, y);
  };
  v = warpReduce(b, loc, v, isMax);
  int64_t warps = threads / 32;
  if (warps == 1)
    return v;
  Value lane = arith::RemUIOp::create(b, loc, tid, em.cst(32));
  Value warp = arith::DivUIOp::create(b, loc, tid, em.cst(32));
  Value first =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, lane, em.cst(0));
  auto ifOp = scf::IfOp::create(b, loc, TypeRange{}, first, false);
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    memref::StoreOp::create(b, loc, v, red, ValueRange{warp});
  }
  gpu::BarrierOp::create(b, loc);
  Value r = memref::LoadOp::create(b, loc, red, ValueRange{em.cst(0)});
  for (int64_t w = 1; w < warps; ++w)
    r = combine(r, memref::LoadOp::create(b, loc, red, ValueRange{em.cst(w)}));
  // `red` is reused by the next reduction.
  gpu::BarrierOp::create(b, loc);
  return r;
}

/// Shared-memory buffers of a row kernel, carved from one dynamic buffer.
struct Shared {
  Value dyn;
  int64_t bytes = 0;
  Value take(OpBuilder &b, Location loc, Emitter &em, int64_t n, Type elt) {
    auto wg = gpu::AddressSpaceAttr::get(b.getContext(),
                                         gpu::AddressSpace::Workgroup);
    Value view = memref::ViewOp::create(
        b, loc, MemRefType::get({n}, elt, AffineMap(), wg), dyn, em.cst(bytes),
        ValueRange{});
    bytes += (n * elt.getIntOrFloatBitWidth() / 8 + 15) / 16 * 16;
    return view;
  }
};

Shared makeShared(OpBuilder &b, Location loc) {
  auto wg =
      gpu::AddressSpaceAttr::get(b.getContext(), gpu::AddressSpace::Workgroup);
  Shared s;
  s.dyn = gpu::DynamicSharedMemoryOp::create(
      b, loc,
      MemRefType::get({ShapedType::kDynamic}, b.getI8Type(), AffineMap(), wg));
  return s;
}

/// for (j = tid; j < n; j += threads) body(j), as scf.for.
LogicalResult
strided(OpBuilder &b, Location loc, Emitter &em, Value tid, int64_t n,
        int64_t threads, ValueRange init, SmallVector<Value> &results,
        function_ref<FailureOr<SmallVector<Value>>(Value, ValueRange)> body) {
  FailureOr<SmallVector<Value>> r = em.loop(tid, n, threads, init, body);
  if (failed(r))
    return failure();
  results = std::move(*r);
  return success();
}

constexpr int64_t kMaxKeys = 8192;

/// attention_tile: query rows per block, threads, and the shared memory it
/// needs (keys and values as float16 with padded rows, per-warp query rows
/// and probabilities as float32).
constexpr int64_t kTileRows = 32, kTileThreads = 256;
int64_t attentionTileBytes(int64_t sk, int64_t d, int64_t dv,
                           int64_t eltBytes) {
  int64_t warps = kTileThreads / 32;
  auto pad16 = [](int64_t n) { return (n + 15) / 16 * 16; };
  return pad16(32 * 4) + pad16(sk * (d + 2) * eltBytes) +
         pad16(sk * (dv + 2) * eltBytes) + pad16(warps * d * 4) +
         pad16(warps * sk * 4);
}

/// Bytes per staged key/value element: their storage type.
int64_t stagedBytes(AttentionOp a) {
  return storageType(tensorType(a.getKey()).getElementType())
             .getIntOrFloatBitWidth() /
         8;
}
constexpr int64_t kMaxTileBytes = 200 * 1024;

} // namespace

AttentionOp gpugen::attentionRoot(FusionGroupOp group) {
  AttentionOp root;
  for (Operation &op : group.getBodyBlock().without_terminator()) {
    if (auto a = dyn_cast<AttentionOp>(op)) {
      if (root)
        return nullptr;
      root = a;
    } else if (!isView(&op) && !isa<ConstantOp>(op) &&
               !op.hasTrait<rt::OpTrait::Elementwise>()) {
      return nullptr;
    }
  }
  return root;
}

std::optional<rtgpu::KernelStrategyAttrInterface>
gpugen::chooseRowKernel(FusionGroupOp group, rtgpu::TargetAttr target) {
  MLIRContext *ctx = group.getContext();
  using rtgpu::AttentionKernel;
  using rtgpu::AttentionStrategyAttr;
  const int64_t targetSMs = target.getSms();
  if (AttentionOp a = attentionRoot(group)) {
    // Query rows, and (batch, head) pairs.
    auto oT = tensorType(a.getResult());
    int64_t sq = oT.getDimSize(oT.getRank() - 2), heads = 1;
    for (int64_t x : oT.getShape().drop_back(2))
      heads *= x;
    if (fitsAttentionMma(group)) {
      // 128 query rows per block (8 warps sharing each staged key/value
      // tile) when the queries are whole 128-row blocks and those still
      // give two waves: BERT's and GPT-2's batch 32 (384 blocks; +14% and
      // +6% on the H100, 2026-12-06-s4-micro-memory-attention); else 64
      // (ViT's 197 queries leave the second 128-row block half empty: -7%;
      // batch 1 has too few blocks).
      if (sq % 128 == 0 && sq / 128 * heads >= 2 * targetSMs)
        return AttentionStrategyAttr::get(ctx, AttentionKernel::mma, 256, 128);
      return AttentionStrategyAttr::get(ctx, AttentionKernel::mma, 128, 64);
    }
    auto kT = tensorType(a.getKey());
    if (kT.getDimSize(kT.getRank() - 2) > kMaxKeys ||
        !analyzeEpilogue(group, a))
      return std::nullopt;
    auto qT = tensorType(a.getQuery()), vT = tensorType(a.getValue());
    int64_t sk = kT.getDimSize(kT.getRank() - 2);
    // 32 query rows per block (4 per warp) when that still gives two
    // blocks per SM; else 8 (one per warp).
    int64_t rows = heads * ((sq + kTileRows - 1) / kTileRows) >= 2 * targetSMs
                       ? kTileRows
                       : kTileThreads / 32;
    if (attentionTileBytes(sk, qT.getDimSize(qT.getRank() - 1),
                           vT.getDimSize(vT.getRank() - 1),
                           stagedBytes(a)) <= kMaxTileBytes)
      return AttentionStrategyAttr::get(ctx, AttentionKernel::tile,
                                        kTileThreads, rows);
    return AttentionStrategyAttr::get(ctx, AttentionKernel::row, 128, 1);
  }
  // Normalizations over the same rows, outputs of the same shape.
  SmallVector<Operation *> stats;
  for (Operation &op : group.getBodyBlock().without_terminator()) {
    if (isa<LayerNormalizationOp, SoftmaxOp, LogSoftmaxOp>(op))
      stats.push_back(&op);
    else if (op.getNumRegions() ||
             isa<MatMulOp, GemmOp, ConvOp, AttentionOp, MaxPoolOp,
                 AveragePoolOp, GlobalAveragePoolOp, GlobalMaxPoolOp,
                 ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp,
                 ReduceProdOp, ReduceL1Op, ReduceL2Op, ReduceLogSumOp,
                 ReduceLogSumExpOp, ReduceSumSquareOp, HardmaxOp, ConcatOp,
                 GatherOp, GatherElementsOp>(op))
      return std::nullopt;
  }
  if (stats.empty())
    return std::nullopt;
  ArrayRef<int64_t> shape = tensorType(stats[0]->getOperand(0)).getShape();
  int64_t axis = -1;
  for (Operation *op : stats) {
    auto t = tensorType(op->getOperand(0));
    int64_t a = op->getAttrOfType<IntegerAttr>("axis").getInt();
    if (a < 0)
      a += t.getRank();
    if (t.getShape() != shape || (axis >= 0 && a != axis) ||
        (!isa<LayerNormalizationOp>(op) && a != t.getRank() - 1))
      return std::nullopt;
    axis = a;
  }
  // Outputs of the rows' shape, or views of the last normalization.
  bool sameShape = llvm::all_of(
      group.getBodyBlock().getTerminator()->getOperands(),
      [&](Value out) { return tensorType(out).getShape() == shape; });
  if (!sameShape && !analyzeEpilogue(group, stats.back()))
    return std::nullopt;
  int64_t n = 1;
  for (int64_t d : shape.drop_front(axis))
    n *= d;
  // Rows over the last dimension in whole 16-byte chunks of at most 1024
  // columns: one warp per row, up to 4 chunks of 8 columns per lane (768
  // columns: 3), so that the statistics are warp shuffles with no
  // shared-memory round or barrier; longer ones a thread per 8 columns, at
  // most 256; else a thread per column, at most 256.
  // Warp-per-row kernels take 4 rows per block (2 or 1 where that does not
  // divide the rows): a block of one warp per SM slot would leave half the
  // SM's warps empty (32 resident blocks at most; H200: ViT-B/16 batch 64's
  // LayerNorms ran at ~2.4 TB/s that way).
  bool chunks = axis == (int64_t)shape.size() - 1 && n % 8 == 0;
  int64_t rows = 1;
  for (int64_t d : shape.take_front(axis))
    rows *= d;
  int64_t rowsPerBlock = 1;
  if (chunks && n <= 1024)
    rowsPerBlock = rows % 4 == 0 ? 4 : rows % 2 == 0 ? 2 : 1;
  int64_t block =
      chunks && n <= 1024
          ? 32 * rowsPerBlock
          : std::clamp<int64_t>(((chunks ? n / 8 : n) + 31) / 32 * 32, 32, 256);
  return rtgpu::NormRowStrategyAttr::get(ctx, block, rowsPerBlock);
}

namespace {
/// What the row kernels share: the kernel being built, an emitter over its
/// entry block, the thread index, and the block reductions' scratch in
/// shared memory (the first buffer of the dynamic shared memory).
struct RowKernelState {
  FusionGroupOp group;
  KernelLaunch &launch;
  OpBuilder &b;
  Emitter &em;
  Location loc;
  Block &body;
  Block &entry;
  int64_t threads;
  Type f32;
  Value tid;
  Shared &smem;
  Value red;

  /// attention_tile: a block stages one (batch, head)'s keys and values in
  /// shared memory and computes `rows` query rows, a warp per row at a time.
  LogicalResult emitAttentionTile(rtgpu::AttentionStrategyAttr attention);
  /// attention_row: a block per query row, the row's scores in shared
  /// memory, the softmax statistics by block reductions.
  LogicalResult emitAttentionRow();
  /// norm_row: a block (or, with `rows` > 1, a warp) per row of the group's
  /// normalizations; statistics by block (or warp) reductions.
  LogicalResult emitNormRow(rtgpu::NormRowStrategyAttr norm);
};
} // namespace

LogicalResult
RowKernelState::emitAttentionTile(rtgpu::AttentionStrategyAttr attention) {
  AttentionOp a = attentionRoot(group);
  std::optional<SmallVector<SmallVector<Value>>> chains =
      a ? analyzeEpilogue(group, a) : std::nullopt;
  if (!chains)
    return group.emitError() << "fusion group '" << group.getName()
                             << "' does not fit the attention kernel";
  auto qT = tensorType(a.getQuery()), kT = tensorType(a.getKey()),
       vT = tensorType(a.getValue()), oT = tensorType(a.getResult());
  int64_t rank = oT.getRank();
  int64_t sq = oT.getDimSize(rank - 2), dv = oT.getDimSize(rank - 1);
  int64_t sk = kT.getDimSize(kT.getRank() - 2);
  int64_t d = qT.getDimSize(qT.getRank() - 1);
  SmallVector<int64_t> batchShape(oT.getShape().drop_back(2));
  int64_t batch = 1;
  for (int64_t x : batchShape)
    batch *= x;
  const int64_t rowsPerBlock = attention.getRows();
  int64_t warps = threads / 32;
  if (rowsPerBlock <= 0 || rowsPerBlock % warps)
    return group.emitError()
           << "fusion group '" << group.getName() << "': rows " << rowsPerBlock
           << " is not a positive multiple of the " << warps << " warps";
  if (threads != kTileThreads ||
      attentionTileBytes(sk, d, dv, stagedBytes(a)) > kMaxTileBytes)
    return group.emitError()
           << "fusion group '" << group.getName() << "': " << sk
           << " keys and values do not fit the attention tile kernel's "
              "shared memory (or block is not "
           << kTileThreads << ")";
  int64_t rowsPerWarp = rowsPerBlock / warps;
  int64_t ldk = d + 2, ldv = dv + 2, jl = (sk + 31) / 32;
  // Keys and values staged in their storage type (float32 models keep
  // float32 precision).
  Type staged = storageType(kT.getElementType());
  if (storageType(vT.getElementType()) != staged || !isa<FloatType>(staged))
    return group.emitError() << "fusion group '" << group.getName()
                             << "': keys and values of different or "
                                "non-float types";
  auto toStaged = [&](Value v) -> Value {
    return v.getType() == staged
               ? v
               : (Value)arith::TruncFOp::create(b, loc, staged, v);
  };
  auto fromStaged = [&](Value v) -> Value {
    return v.getType() == f32 ? v
                              : (Value)arith::ExtFOp::create(b, loc, f32, v);
  };
  Value ks = smem.take(b, loc, em, sk * ldk, staged);
  Value vs = smem.take(b, loc, em, sk * ldv, staged);
  (void)smem.take(b, loc, em, warps * d, f32); // layout of the size model
  Value ps = smem.take(b, loc, em, warps * sk, f32);
  SmallVector<Value> batchIdx;
  if (!batchShape.empty())
    batchIdx = em.delinearize(gpu::BlockIdOp::create(b, loc, gpu::Dimension::y),
                              batchShape);
  auto batchOf = [&](RankedTensorType t) {
    return em.batchIndices(t, batchIdx);
  };
  SmallVector<Value> none;
  // Keys and values of this (batch, head), row-padded, as float16.
  for (auto [src, dst, cols, ld] :
       {std::make_tuple(a.getKey(), ks, d, ldk),
        std::make_tuple(a.getValue(), vs, dv, ldv)}) {
    auto t = tensorType(src);
    Value srcV = src, dstV = dst;
    int64_t c = cols, l = ld;
    if (failed(strided(
            b, loc, em, tid, sk * c, threads, {}, none,
            [&](Value e, ValueRange) -> FailureOr<SmallVector<Value>> {
              Value j = arith::DivUIOp::create(b, loc, e, em.cst(c));
              Value x = arith::RemUIOp::create(b, loc, e, em.cst(c));
              SmallVector<Value> idx = batchOf(t);
              idx.append({j, x});
              FailureOr<Value> v = em.emit(srcV, idx);
              if (failed(v))
                return failure();
              Value at = arith::AddIOp::create(
                  b, loc, arith::MulIOp::create(b, loc, j, em.cst(l)), x);
              memref::StoreOp::create(b, loc, toStaged(*v), dstV,
                                      ValueRange{at});
              return SmallVector<Value>{};
            })))
      return failure();
  }
  gpu::BarrierOp::create(b, loc);
  Value lane = arith::RemUIOp::create(b, loc, tid, em.cst(32));
  Value warp = arith::DivUIOp::create(b, loc, tid, em.cst(32));
  Value q0 = arith::MulIOp::create(
      b, loc, gpu::BlockIdOp::create(b, loc, gpu::Dimension::x),
      em.cst(rowsPerBlock));
  Value full = arith::ConstantIntOp::create(b, loc, -1, 32);
  Value negInf = lowering::minValue(b, loc, f32);
  Value scale =
      lowering::scalarConstant(b, loc, f32, a.getScale().convertToDouble());
  Value psBase = arith::MulIOp::create(b, loc, warp, em.cst(sk));
  SmallVector<int64_t> scoreShape(oT.getShape().drop_back());
  scoreShape.push_back(sk);
  Value rootValue = a.getResult();
  auto rows = em.loop(
      rowsPerWarp, ValueRange{},
      [&](Value r, ValueRange) -> FailureOr<SmallVector<Value>> {
        Value i = arith::AddIOp::create(
            b, loc, q0,
            arith::AddIOp::create(
                b, loc,
                arith::MulIOp::create(b, loc, warp, em.cst(rowsPerWarp)), r));
        Value inRange = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                              i, em.cst(sq));
        auto ifRow = scf::IfOp::create(b, loc, TypeRange{}, inRange, false);
        OpBuilder::InsertionGuard g(b);
        b.setInsertionPointToStart(ifRow.thenBlock());
        em.pushScope();
        // Scores of this lane's keys j = lane + 32 * jj.
        SmallVector<Value> js, jcs, valid;
        for (int64_t jj = 0; jj < jl; ++jj) {
          Value j = arith::AddIOp::create(b, loc, lane, em.cst(32 * jj));
          js.push_back(j);
          valid.push_back(arith::CmpIOp::create(
              b, loc, arith::CmpIPredicate::ult, j, em.cst(sk)));
          jcs.push_back(arith::MinUIOp::create(b, loc, j, em.cst(sk - 1)));
        }
        SmallVector<Value> init(jl, em.zero(f32));
        auto dots = em.loop(
            d, init,
            [&](Value x, ValueRange acc) -> FailureOr<SmallVector<Value>> {
              SmallVector<Value> qi = batchOf(qT);
              qi.append({i, x});
              FailureOr<Value> q = em.emit(a.getQuery(), qi);
              if (failed(q))
                return failure();
              SmallVector<Value> out;
              for (int64_t jj = 0; jj < jl; ++jj) {
                Value at = arith::AddIOp::create(
                    b, loc, arith::MulIOp::create(b, loc, jcs[jj], em.cst(ldk)),
                    x);
                Value k = fromStaged(
                    memref::LoadOp::create(b, loc, ks, ValueRange{at}));
                out.push_back(arith::AddFOp::create(
                    b, loc, acc[jj], arith::MulFOp::create(b, loc, *q, k)));
              }
              return out;
            });
        if (failed(dots))
          return failure();
        SmallVector<Value> sc;
        Value localMax = negInf;
        for (int64_t jj = 0; jj < jl; ++jj) {
          Value s = arith::MulFOp::create(b, loc, (*dots)[jj], scale);
          if (a.getMask()) {
            SmallVector<Value> si(batchIdx);
            si.append({i, jcs[jj]});
            FailureOr<Value> m = em.emitBroadcast(a.getMask(), si, scoreShape);
            if (failed(m))
              return failure();
            s = arith::AddFOp::create(b, loc, s, *m);
          }
          Value keep = valid[jj];
          if (a.getIsCausal())
            keep = arith::AndIOp::create(
                b, loc, keep,
                arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ule, js[jj],
                                      i));
          s = arith::SelectOp::create(b, loc, keep, s, negInf);
          sc.push_back(s);
          localMax = arith::MaximumFOp::create(b, loc, localMax, s);
        }
        Value m = warpReduce(b, loc, localMax, true);
        Value isInf =
            arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, m, negInf);
        Value mSafe = arith::SelectOp::create(b, loc, isInf, em.zero(f32), m);
        Value localSum = em.zero(f32);
        for (int64_t jj = 0; jj < jl; ++jj) {
          Value p = math::ExpOp::create(
              b, loc, arith::SubFOp::create(b, loc, sc[jj], mSafe));
          localSum = arith::AddFOp::create(b, loc, localSum, p);
          auto st = scf::IfOp::create(b, loc, TypeRange{}, valid[jj], false);
          OpBuilder::InsertionGuard g2(b);
          b.setInsertionPointToStart(st.thenBlock());
          memref::StoreOp::create(
              b, loc, p, ps,
              ValueRange{arith::AddIOp::create(b, loc, psBase, js[jj])});
        }
        Value l = warpReduce(b, loc, localSum, false);
        NVVM::SyncWarpOp::create(b, loc, full);
        // Output columns c = lane + 32 * k.
        if (failed(strided(
                b, loc, em, lane, dv, 32, {}, none,
                [&](Value c, ValueRange) -> FailureOr<SmallVector<Value>> {
                  auto acc = em.loop(
                      sk, ValueRange{em.zero(f32)},
                      [&](Value j,
                          ValueRange s) -> FailureOr<SmallVector<Value>> {
                        Value p = memref::LoadOp::create(
                            b, loc, ps,
                            ValueRange{
                                arith::AddIOp::create(b, loc, psBase, j)});
                        Value at = arith::AddIOp::create(
                            b, loc,
                            arith::MulIOp::create(b, loc, j, em.cst(ldv)), c);
                        Value v = fromStaged(
                            memref::LoadOp::create(b, loc, vs, ValueRange{at}));
                        return SmallVector<Value>{arith::AddFOp::create(
                            b, loc, s[0], arith::MulFOp::create(b, loc, p, v))};
                      });
                  if (failed(acc))
                    return failure();
                  Value out = arith::DivFOp::create(b, loc, (*acc)[0], l);
                  if (a.getNanGuard()) {
                    Value empty = arith::CmpFOp::create(
                        b, loc, arith::CmpFPredicate::OEQ, l, em.zero(f32));
                    out = arith::SelectOp::create(b, loc, empty, em.zero(f32),
                                                  out);
                  }
                  SmallVector<Value> rootIdx(batchIdx);
                  rootIdx.append({i, c});
                  if (failed(storeOutputs(b, loc, em, group, entry, rootValue,
                                          out, rootIdx, *chains)))
                    return failure();
                  return SmallVector<Value>{};
                })))
          return failure();
        NVVM::SyncWarpOp::create(b, loc, full);
        em.popScope();
        return SmallVector<Value>{};
      });
  if (failed(rows))
    return failure();
  gpu::ReturnOp::create(b, loc);
  if (batch > 65535)
    return group.emitError()
           << "fusion group '" << group.getName() << "': " << batch
           << " batch rows exceed the grid's limit";
  launch.grid = {(sq + rowsPerBlock - 1) / rowsPerBlock, batch, 1};
  launch.block = {threads, 1, 1};
  launch.sharedBytes = smem.bytes;
  return success();
}

LogicalResult RowKernelState::emitAttentionRow() {
  AttentionOp a = attentionRoot(group);
  std::optional<SmallVector<SmallVector<Value>>> chains =
      a ? analyzeEpilogue(group, a) : std::nullopt;
  if (!chains)
    return group.emitError() << "fusion group '" << group.getName()
                             << "' does not fit the attention kernel";
  auto qT = tensorType(a.getQuery()), kT = tensorType(a.getKey()),
       vT = tensorType(a.getValue()), oT = tensorType(a.getResult());
  int64_t rank = oT.getRank();
  int64_t sq = oT.getDimSize(rank - 2), dv = oT.getDimSize(rank - 1);
  int64_t sk = kT.getDimSize(kT.getRank() - 2);
  int64_t d = qT.getDimSize(qT.getRank() - 1);
  SmallVector<int64_t> batchShape(oT.getShape().drop_back(2));
  int64_t batch = 1;
  for (int64_t x : batchShape)
    batch *= x;
  if (sk > kMaxKeys)
    return group.emitError()
           << "fusion group '" << group.getName() << "': " << sk
           << " keys exceed the " << kMaxKeys << " the attention kernel holds";
  Value qs = smem.take(b, loc, em, d, f32);
  Value scores = smem.take(b, loc, em, sk, f32);
  Value i = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  SmallVector<Value> batchIdx;
  if (!batchShape.empty())
    batchIdx = em.delinearize(gpu::BlockIdOp::create(b, loc, gpu::Dimension::y),
                              batchShape);
  auto batchOf = [&](RankedTensorType t) {
    return em.batchIndices(t, batchIdx);
  };
  SmallVector<Value> none;
  // The query row.
  if (failed(strided(b, loc, em, tid, d, threads, {}, none,
                     [&](Value j, ValueRange) -> FailureOr<SmallVector<Value>> {
                       SmallVector<Value> qi = batchOf(qT);
                       qi.append({i, j});
                       FailureOr<Value> q = em.emit(a.getQuery(), qi);
                       if (failed(q))
                         return failure();
                       memref::StoreOp::create(b, loc, *q, qs, ValueRange{j});
                       return SmallVector<Value>{};
                     })))
    return failure();
  gpu::BarrierOp::create(b, loc);
  // Scores, and this thread's maximum.
  Value negInf = lowering::minValue(b, loc, f32);
  Value scale =
      lowering::scalarConstant(b, loc, f32, a.getScale().convertToDouble());
  SmallVector<int64_t> scoreShape(oT.getShape().drop_back());
  scoreShape.push_back(sk);
  SmallVector<Value> localMax;
  if (failed(strided(
          b, loc, em, tid, sk, threads, ValueRange{negInf}, localMax,
          [&](Value j, ValueRange acc) -> FailureOr<SmallVector<Value>> {
            auto dot = em.loop(
                d, ValueRange{em.zero(f32)},
                [&](Value x, ValueRange s) -> FailureOr<SmallVector<Value>> {
                  SmallVector<Value> ki = batchOf(kT);
                  ki.append({j, x});
                  FailureOr<Value> k = em.emit(a.getKey(), ki);
                  if (failed(k))
                    return failure();
                  Value q = memref::LoadOp::create(b, loc, qs, ValueRange{x});
                  return SmallVector<Value>{arith::AddFOp::create(
                      b, loc, s[0], arith::MulFOp::create(b, loc, q, *k))};
                });
            if (failed(dot))
              return failure();
            Value s = arith::MulFOp::create(b, loc, (*dot)[0], scale);
            if (a.getMask()) {
              SmallVector<Value> si(batchIdx);
              si.append({i, j});
              FailureOr<Value> m =
                  em.emitBroadcast(a.getMask(), si, scoreShape);
              if (failed(m))
                return failure();
              s = arith::AddFOp::create(b, loc, s, *m);
            }
            if (a.getIsCausal()) {
              Value future = arith::CmpIOp::create(
                  b, loc, arith::CmpIPredicate::ugt, j, i);
              s = arith::SelectOp::create(b, loc, future, negInf, s);
            }
            memref::StoreOp::create(b, loc, s, scores, ValueRange{j});
            return SmallVector<Value>{
                arith::MaximumFOp::create(b, loc, acc[0], s)};
          })))
    return failure();
  Value m = blockReduce(b, loc, em, localMax[0], true, red, tid, threads);
  // A fully masked row keeps m = -inf: use 0 in the exponents.
  Value isInf =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, m, negInf);
  Value mSafe = arith::SelectOp::create(b, loc, isInf, em.zero(f32), m);
  SmallVector<Value> localSum;
  if (failed(strided(
          b, loc, em, tid, sk, threads, ValueRange{em.zero(f32)}, localSum,
          [&](Value j, ValueRange acc) -> FailureOr<SmallVector<Value>> {
            Value s = memref::LoadOp::create(b, loc, scores, ValueRange{j});
            Value p = math::ExpOp::create(
                b, loc, arith::SubFOp::create(b, loc, s, mSafe));
            memref::StoreOp::create(b, loc, p, scores, ValueRange{j});
            return SmallVector<Value>{arith::AddFOp::create(b, loc, acc[0], p)};
          })))
    return failure();
  Value l = blockReduce(b, loc, em, localSum[0], false, red, tid, threads);
  gpu::BarrierOp::create(b, loc); // all probabilities written
  // Output columns.
  Value rootValue = a.getResult();
  if (failed(strided(
          b, loc, em, tid, dv, threads, {}, none,
          [&](Value c, ValueRange) -> FailureOr<SmallVector<Value>> {
            auto acc = em.loop(
                sk, ValueRange{em.zero(f32)},
                [&](Value j, ValueRange s) -> FailureOr<SmallVector<Value>> {
                  SmallVector<Value> vi = batchOf(vT);
                  vi.append({j, c});
                  FailureOr<Value> v = em.emit(a.getValue(), vi);
                  if (failed(v))
                    return failure();
                  Value p =
                      memref::LoadOp::create(b, loc, scores, ValueRange{j});
                  return SmallVector<Value>{arith::AddFOp::create(
                      b, loc, s[0], arith::MulFOp::create(b, loc, p, *v))};
                });
            if (failed(acc))
              return failure();
            Value out = arith::DivFOp::create(b, loc, (*acc)[0], l);
            if (a.getNanGuard()) {
              Value empty = arith::CmpFOp::create(
                  b, loc, arith::CmpFPredicate::OEQ, l, em.zero(f32));
              out = arith::SelectOp::create(b, loc, empty, em.zero(f32), out);
            }
            SmallVector<Value> rootIdx(batchIdx);
            rootIdx.append({i, c});
            if (failed(storeOutputs(b, loc, em, group, entry, rootValue, out,
                                    rootIdx, *chains)))
              return failure();
            return SmallVector<Value>{};
          })))
    return failure();
  gpu::ReturnOp::create(b, loc);
  if (batch > 65535)
    return group.emitError()
           << "fusion group '" << group.getName() << "': " << batch
           << " batch rows exceed the grid's limit";
  launch.grid = {sq, batch, 1};
  launch.block = {threads, 1, 1};
  launch.sharedBytes = smem.bytes;
  return success();
}

LogicalResult RowKernelState::emitNormRow(rtgpu::NormRowStrategyAttr norm) {
  rtgpu::TargetAttr target = rtgpu::TargetAttr::lookup(group);
  std::optional<rtgpu::KernelStrategyAttrInterface> fit =
      target ? chooseRowKernel(group, target) : std::nullopt;
  if (!fit || !isa<rtgpu::NormRowStrategyAttr>(*fit))
    return group.emitError() << "fusion group '" << group.getName()
                             << "' does not fit the normalization kernel";
  SmallVector<Operation *> stats;
  for (Operation &op : body.without_terminator())
    if (isa<LayerNormalizationOp, SoftmaxOp, LogSoftmaxOp>(op))
      stats.push_back(&op);
  auto inT = tensorType(stats[0]->getOperand(0));
  int64_t axis = stats[0]->getAttrOfType<IntegerAttr>("axis").getInt();
  if (axis < 0)
    axis += inT.getRank();
  SmallVector<int64_t> outer(inT.getShape().take_front(axis)),
      inner(inT.getShape().drop_front(axis));
  int64_t rows = 1, n = 1;
  for (int64_t x : outer)
    rows *= x;
  for (int64_t x : inner)
    n *= x;
  // `rows` > 1: one warp per row, that many rows per block.
  const int64_t blockThreads = threads;
  const int64_t rowsPerBlock = norm.getRows();
  if (rowsPerBlock < 1 || (rowsPerBlock > 1 && (threads != 32 * rowsPerBlock ||
                                                rows % rowsPerBlock)))
    return group.emitError()
           << "fusion group '" << group.getName() << "': rows " << rowsPerBlock
           << " per block needs a block of one warp per row (32 x rows "
              "threads) and must divide the "
           << rows << " rows";
  Value row = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  if (rowsPerBlock > 1) {
    row = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, row, em.cst(rowsPerBlock)),
        arith::DivUIOp::create(b, loc, tid, em.cst(32)));
    tid = arith::RemUIOp::create(b, loc, tid, em.cst(32));
    threads = 32;
  }
  SmallVector<Value> outerIdx = em.delinearize(row, outer);
  auto at = [&](Value j) {
    SmallVector<Value> idx(outerIdx);
    llvm::append_range(idx, em.delinearize(j, inner));
    return idx;
  };
  // Rows of at most 8 elements per thread are walked by unrolled code: the
  // same index values in every pass, so each element is read (and its
  // prologue evaluated) once and kept in registers across the statistics
  // and the output pass. Rows over the last dimension in whole 16-byte
  // chunks give each thread chunks of 8 consecutive columns instead (up to
  // 4 chunks): inputs indexed by the column (the row itself, LayerNorm's
  // scale and bias) are read 16 bytes at a time, and outputs of the rows'
  // shape written so.
  const bool chunked =
      inner.size() == 1 && n % 8 == 0 && (n / 8 + threads - 1) / threads <= 4;
  const int64_t groups = chunked ? (n / 8 + threads - 1) / threads : 0;
  const int64_t perThread = chunked ? groups * 8 : (n + threads - 1) / threads;
  const bool unrolled = perThread <= (chunked ? 32 : 8);
  SmallVector<Value> js, oks, bases, groupOk;
  SmallVector<SmallVector<Value>> idxs;
  if (chunked) {
    for (int64_t g = 0; g < groups; ++g) {
      Value c = arith::MulIOp::create(
          b, loc, arith::AddIOp::create(b, loc, tid, em.cst(g * threads)),
          em.cst(8));
      groupOk.push_back(arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                              c, em.cst(n)));
      bases.push_back(arith::MinUIOp::create(b, loc, c, em.cst(n - 8)));
      for (int64_t e = 0; e < 8; ++e) {
        oks.push_back(groupOk.back());
        js.push_back(arith::AddIOp::create(b, loc, bases.back(), em.cst(e)));
        idxs.push_back(at(js.back()));
      }
    }
    em.beginColumnVectors(b.getInsertionBlock(), bases);
  } else if (unrolled) {
    for (int64_t q = 0; q < perThread; ++q) {
      Value j = arith::AddIOp::create(b, loc, tid, em.cst(q * threads));
      oks.push_back(arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, j,
                                          em.cst(n)));
      js.push_back(arith::MinUIOp::create(b, loc, j, em.cst(n - 1)));
      idxs.push_back(at(js.back()));
    }
  }
  auto rowSum = [&](function_ref<FailureOr<Value>(Value)> f, bool isMax,
                    Value init) -> FailureOr<Value> {
    SmallVector<Value> local;
    if (unrolled) {
      Value acc = init;
      for (int64_t q = 0; q < perThread; ++q) {
        FailureOr<Value> x = f(js[q]);
        if (failed(x))
          return failure();
        Value c = isMax ? (Value)arith::MaximumFOp::create(b, loc, acc, *x)
                        : (Value)arith::AddFOp::create(b, loc, acc, *x);
        acc = arith::SelectOp::create(b, loc, oks[q], c, acc);
      }
      return blockReduce(b, loc, em, acc, isMax, red, tid, threads);
    }
    if (failed(strided(
            b, loc, em, tid, n, threads, ValueRange{init}, local,
            [&](Value j, ValueRange acc) -> FailureOr<SmallVector<Value>> {
              FailureOr<Value> x = f(j);
              if (failed(x))
                return failure();
              return SmallVector<Value>{
                  isMax ? (Value)arith::MaximumFOp::create(b, loc, acc[0], *x)
                        : (Value)arith::AddFOp::create(b, loc, acc[0], *x)};
            })))
      return failure();
    return blockReduce(b, loc, em, local[0], isMax, red, tid, threads);
  };
  Value nf = lowering::scalarConstant(b, loc, f32, n);
  for (Operation *op : stats) {
    Value input = op->getOperand(0);
    if (computeType(tensorType(input).getElementType()) != f32)
      return group.emitError() << "fusion group '" << group.getName()
                               << "': the normalization kernel needs float "
                                  "inputs of at most 32 bits";
    auto elem = [&](Value j) {
      if (unrolled)
        return em.emit(input, idxs[llvm::find(js, j) - js.begin()]);
      return em.emit(input, at(j));
    };
    if (auto ln = dyn_cast<LayerNormalizationOp>(op)) {
      FailureOr<Value> sum = rowSum(elem, false, em.zero(f32));
      if (failed(sum))
        return failure();
      Value mean = arith::DivFOp::create(b, loc, *sum, nf);
      FailureOr<Value> sq = rowSum(
          [&](Value j) -> FailureOr<Value> {
            FailureOr<Value> x = elem(j);
            if (failed(x))
              return failure();
            Value dlt = arith::SubFOp::create(b, loc, *x, mean);
            return (Value)arith::MulFOp::create(b, loc, dlt, dlt);
          },
          false, em.zero(f32));
      if (failed(sq))
        return failure();
      Value var = arith::DivFOp::create(b, loc, *sq, nf);
      Value inv = math::RsqrtOp::create(
          b, loc,
          arith::AddFOp::create(
              b, loc, var,
              lowering::scalarConstant(b, loc, f32,
                                       ln.getEpsilon().convertToDouble())));
      em.setRowStats(op, {mean, inv});
    } else {
      FailureOr<Value> mx = rowSum(elem, true, lowering::minValue(b, loc, f32));
      if (failed(mx))
        return failure();
      Value mxv = *mx;
      FailureOr<Value> se = rowSum(
          [&](Value j) -> FailureOr<Value> {
            FailureOr<Value> x = elem(j);
            if (failed(x))
              return failure();
            return (Value)math::ExpOp::create(
                b, loc, arith::SubFOp::create(b, loc, *x, mxv));
          },
          false, em.zero(f32));
      if (failed(se))
        return failure();
      em.setRowStats(op, {mxv, *se});
    }
  }
  auto yield = cast<YieldOp>(body.getTerminator());
  unsigned nIn = body.getNumArguments();
  SmallVector<Value> none;
  bool sameShape = llvm::all_of(yield.getOperands(), [&](Value out) {
    return tensorType(out).getShape() == inT.getShape();
  });
  std::optional<SmallVector<SmallVector<Value>>> chains;
  if (!sameShape)
    chains = analyzeEpilogue(group, stats.back());
  auto storeAt = [&](ArrayRef<Value> idx) -> LogicalResult {
    if (chains) {
      Value root = stats.back()->getResult(0);
      FailureOr<Value> r = em.emit(root, idx);
      return failure(failed(r) || failed(storeOutputs(b, loc, em, group, entry,
                                                      root, *r, idx, *chains)));
    }
    SmallVector<Value> values;
    for (Value out : yield.getOperands()) {
      FailureOr<Value> v = em.emit(out, idx);
      if (failed(v))
        return failure();
      values.push_back(em.toStorage(*v, tensorType(out).getElementType()));
    }
    for (auto [o, v] : llvm::enumerate(values))
      memref::StoreOp::create(b, loc, v, entry.getArgument(nIn + o), idx);
    return success();
  };
  if (chunked) {
    // A chunk of 8 columns per branch: column-indexed inputs as one vector
    // load each, outputs of the rows' shape as one 16-byte store.
    for (int64_t g = 0; g < groups; ++g) {
      auto ifOp = scf::IfOp::create(b, loc, TypeRange{}, groupOk[g], false);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(ifOp.thenBlock());
      em.beginColumnVectors(ifOp.thenBlock(), {bases[g]});
      em.pushScope();
      if (chains) {
        // Outputs through views (a transpose to sequence-major, GPT-2's
        // flattening reshape): 16-byte stores where the views keep the
        // columns contiguous.
        Value root = stats.back()->getResult(0);
        SmallVector<Value> roots;
        for (int64_t e = 0; e < 8; ++e) {
          FailureOr<Value> r = em.emit(root, idxs[g * 8 + e]);
          if (failed(r))
            return failure();
          roots.push_back(*r);
        }
        SmallVector<Value> rootIdx0(outerIdx);
        rootIdx0.push_back(bases[g]);
        SmallVector<bool> contiguous;
        for (const SmallVector<Value> &chain : *chains)
          contiguous.push_back(columnsContiguous(chain));
        if (failed(storeColumns(b, loc, em, group, entry, root, roots, rootIdx0,
                                *chains, contiguous)))
          return failure();
      } else {
        for (auto [o, out] : llvm::enumerate(yield.getOperands())) {
          Type st = storageType(tensorType(out).getElementType());
          SmallVector<Value> values;
          for (int64_t e = 0; e < 8; ++e) {
            FailureOr<Value> v = em.emit(out, idxs[g * 8 + e]);
            if (failed(v))
              return failure();
            values.push_back(
                em.toStorage(*v, tensorType(out).getElementType()));
          }
          if (!isa<FloatType>(st)) {
            for (int64_t e = 0; e < 8; ++e)
              memref::StoreOp::create(b, loc, values[e],
                                      entry.getArgument(nIn + o),
                                      idxs[g * 8 + e]);
            continue;
          }
          Value vec = vector::FromElementsOp::create(
              b, loc, VectorType::get({8}, st), values);
          SmallVector<Value> at0(outerIdx);
          at0.push_back(bases[g]);
          vector::StoreOp::create(b, loc, vec, entry.getArgument(nIn + o), at0,
                                  false,
                                  llvm::MaybeAlign(std::min<int64_t>(
                                      16, st.getIntOrFloatBitWidth())));
        }
      }
      em.popScope();
    }
    em.endColumnVectors();
  } else if (unrolled) {
    for (int64_t q = 0; q < perThread; ++q) {
      auto ifOp = scf::IfOp::create(b, loc, TypeRange{}, oks[q], false);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(ifOp.thenBlock());
      em.pushScope();
      LogicalResult r = storeAt(idxs[q]);
      em.popScope();
      if (failed(r))
        return failure();
    }
  } else if (failed(strided(
                 b, loc, em, tid, n, threads, {}, none,
                 [&](Value j, ValueRange) -> FailureOr<SmallVector<Value>> {
                   SmallVector<Value> idx = at(j);
                   if (chains) {
                     Value root = stats.back()->getResult(0);
                     FailureOr<Value> r = em.emit(root, idx);
                     if (failed(r) ||
                         failed(storeOutputs(b, loc, em, group, entry, root, *r,
                                             idx, *chains)))
                       return failure();
                     return SmallVector<Value>{};
                   }
                   SmallVector<Value> values;
                   for (Value out : yield.getOperands()) {
                     FailureOr<Value> v = em.emit(out, idx);
                     if (failed(v))
                       return failure();
                     values.push_back(
                         em.toStorage(*v, tensorType(out).getElementType()));
                   }
                   for (auto [o, v] : llvm::enumerate(values))
                     memref::StoreOp::create(b, loc, v,
                                             entry.getArgument(nIn + o), idx);
                   return SmallVector<Value>{};
                 })))
    return failure();
  gpu::ReturnOp::create(b, loc);
  if (rows > 0x7fffffff)
    return group.emitError()
           << "fusion group '" << group.getName() << "': too many rows";
  launch.grid = {rows / rowsPerBlock, 1, 1};
  launch.block = {blockThreads, 1, 1};
  launch.sharedBytes = smem.bytes;
  return success();
}

LogicalResult gpugen::emitRowKernel(FusionGroupOp group, gpu::GPUFuncOp func,
                                    rtgpu::KernelStrategyAttrInterface strategy,
                                    KernelLaunch &launch) {
  int64_t threads = strategy.getThreadsPerBlock();
  auto attention = dyn_cast<rtgpu::AttentionStrategyAttr>(strategy);
  auto norm = dyn_cast<rtgpu::NormRowStrategyAttr>(strategy);
  if ((!attention && !norm) ||
      (attention && attention.getKernel() == rtgpu::AttentionKernel::mma))
    return group.emitError() << "fusion group '" << group.getName()
                             << "': " << strategy << " is not a row kernel";
  Location loc = group.getLoc();
  MLIRContext *ctx = group.getContext();
  Block &body = group.getBodyBlock();
  Block &entry = func.getBody().front();
  OpBuilder b(ctx);
  Emitter em(b, group, entry);
  // (The strategy verifiers keep threads a whole number of warps.)
  Type f32 = b.getF32Type();
  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Shared smem = makeShared(b, loc);
  Value red = smem.take(b, loc, em, 32, f32);
  RowKernelState state{group, launch,  b,   em,  loc,  body,
                       entry, threads, f32, tid, smem, red};
  if (attention && attention.getKernel() == rtgpu::AttentionKernel::tile)
    return state.emitAttentionTile(attention);
  if (attention)
    return state.emitAttentionRow();
  return state.emitNormRow(norm);
}
