//===- FlashAttention.cpp - tensor-core attention kernel ------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// `attention_mma`: an rt.attention group with float16 query, keys and values
// as one flash-attention kernel. A block of 4 warps takes 64 query rows of
// one (batch, head), 16 per warp, and walks the keys in blocks of 64:
//
//   S = Q K^T          mma.sync m16n8k16 (Q fragments kept in registers,
//                      K as the [n][k] operand, ldmatrix)
//   online softmax     in base 2 (scores times scale * log2 e, so each
//                      exponential is one exp2): running row max m and sum
//                      l per query row (each lane holds rows lane/4 and
//                      lane/4 + 8; the four lanes of a row combine by
//                      shuffles), O rescaled by exp2(m_old - m_new)
//   O += P V           P re-packed from the S accumulators into A
//                      fragments (float16), V as the [k][n] operand
//                      (ldmatrix.trans)
//
// The score matrix never leaves registers. Query, key and value tiles are
// staged in shared memory by cp.async where the operand is a kernel input
// with rows of whole 16-byte chunks, element by element otherwise (a
// prologue computed in the group); up to 128 keys stay resident, more
// stream through two tiles (the next block's copies in flight while this
// one is computed). A partial last key block is computed as its keys
// rounded up to 16, and only it checks the key range; warps whose query
// rows are all past the end skip the arithmetic. Scale, additive mask,
// causal mask and
// the NaN guard follow rt.attention; the group's epilogue (head merge) maps
// each output element forward as in the other kernels.
//
//===----------------------------------------------------------------------===//

#include "RowKernels.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::rt;
using namespace mlir::rt::gpugen;

namespace {
constexpr int64_t kKeys = 64; // keys per step
constexpr int64_t kMaxHead = 128;
// 128 keys (BERT, GPT-2 at sequence 128): 37 KiB of resident tiles for
// head size 64; ViT's 197 keys (256 rows, 83 KiB) ran slower resident (two
// blocks per SM instead of eight) than streamed.
constexpr int64_t kResidentKeys = 128;
} // namespace

bool gpugen::fitsAttentionMma(FusionGroupOp group) {
  AttentionOp a = attentionRoot(group);
  if (!a || !analyzeEpilogue(group, a))
    return false;
  // float16 or bfloat16, the same for all three.
  Type elt = storageType(tensorType(a.getQuery()).getElementType());
  auto same = [&](Value v) {
    return storageType(tensorType(v).getElementType()) == elt;
  };
  if ((!elt.isF16() && !elt.isBF16()) || !same(a.getKey()) ||
      !same(a.getValue()))
    return false;
  int64_t d = tensorType(a.getQuery()).getShape().back();
  int64_t dv = tensorType(a.getValue()).getShape().back();
  int64_t batch = 1;
  for (int64_t x : tensorType(a.getResult()).getShape().drop_back(2))
    batch *= x;
  return d % 16 == 0 && dv % 16 == 0 && d <= kMaxHead && dv <= kMaxHead &&
         batch <= 65535;
}

LogicalResult gpugen::emitAttentionMma(FusionGroupOp group, gpu::GPUFuncOp func,
                                       rtgpu::AttentionStrategyAttr strategy,
                                       KernelLaunch &launch) {
  if (!fitsAttentionMma(group))
    return group.emitError()
           << "fusion group '" << group.getName()
           << "' does not fit the tensor-core attention kernel (float16 or "
              "bfloat16 query, keys and values, head sizes multiples of 16 up "
              "to "
           << kMaxHead << ")";
  // Query rows per block, 16 per warp: 64 (4 warps) or 128 (8 warps
  // sharing each staged key/value tile: half the K/V traffic per query;
  // the strategy's `rows`, which the heuristic sets to 128 for whole
  // 128-row blocks that fill two waves; the attribute verifier allows only
  // these two).
  const int64_t kRows = strategy.getRows();
  const int64_t kThreads = kRows / 16 * 32;
  AttentionOp a = attentionRoot(group);
  SmallVector<SmallVector<Value>> chains = *analyzeEpilogue(group, a);
  Location loc = group.getLoc();
  MLIRContext *ctx = group.getContext();
  Block &entry = func.getBody().front();
  OpBuilder b(ctx);
  Emitter em(b, group, entry);

  auto qT = tensorType(a.getQuery()), kT = tensorType(a.getKey()),
       oT = tensorType(a.getResult());
  int64_t rank = oT.getRank();
  int64_t sq = oT.getDimSize(rank - 2), dv = oT.getDimSize(rank - 1);
  int64_t sk = kT.getDimSize(kT.getRank() - 2);
  int64_t d = qT.getShape().back();
  SmallVector<int64_t> batchShape(oT.getShape().drop_back(2));
  int64_t batch = 1;
  for (int64_t x : batchShape)
    batch *= x;
  // f16: the 16-bit storage type of query, keys and values.
  Type f16 = storageType(qT.getElementType()), f32 = b.getF32Type();
  auto wg = gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);
  const int64_t ldq = d + 8, ldv = dv + 8;
  auto typeQ = MemRefType::get({kRows, ldq}, f16, AffineMap(), wg);
  // Up to kResidentKeys keys, all of a head's keys and values are staged
  // once (one wait, no barriers in the key loop); more stream through two
  // 64-key tiles: block j + 1 is copied while block j is computed.
  const int64_t keyBlocks = (sk + kKeys - 1) / kKeys;
  const bool resident = keyBlocks * kKeys <= kResidentKeys;
  const int64_t keyRows = resident ? keyBlocks * kKeys : 2 * kKeys;
  auto typeK = MemRefType::get({keyRows, ldq}, f16, AffineMap(), wg);
  auto typeV = MemRefType::get({keyRows, ldv}, f16, AffineMap(), wg);
  int64_t bytesQ = kRows * ldq * 2, bytesK = keyRows * ldq * 2,
          bytesV = keyRows * ldv * 2;
  Value dyn = gpu::DynamicSharedMemoryOp::create(
      b, loc,
      MemRefType::get({ShapedType::kDynamic}, b.getI8Type(), AffineMap(), wg));
  Value smemQ =
      memref::ViewOp::create(b, loc, typeQ, dyn, em.cst(0), ValueRange{});
  Value smemK =
      memref::ViewOp::create(b, loc, typeK, dyn, em.cst(bytesQ), ValueRange{});
  Value smemV = memref::ViewOp::create(b, loc, typeV, dyn,
                                       em.cst(bytesQ + bytesK), ValueRange{});

  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value lane = arith::RemUIOp::create(b, loc, tid, em.cst(32));
  Value warp = arith::DivUIOp::create(b, loc, tid, em.cst(32));
  Value q0 = arith::MulIOp::create(
      b, loc, gpu::BlockIdOp::create(b, loc, gpu::Dimension::x), em.cst(kRows));
  SmallVector<Value> batchIdx;
  if (!batchShape.empty())
    batchIdx = em.delinearize(gpu::BlockIdOp::create(b, loc, gpu::Dimension::y),
                              batchShape);
  auto tokenType = nvgpu::DeviceAsyncTokenType::get(ctx);

  // Stages rows [row0, row0 + rows) of `src` ([..., n, cols]) into `dst`
  // ([rows][cols + 8]) from row `dstRow0`; rows past `limit` read zeros.
  auto stage = [&](Value src, Value dst, int64_t rows, int64_t cols, Value row0,
                   int64_t limit, Value dstRow0 = nullptr) -> LogicalResult {
    auto t = tensorType(src);
    Value mem = em.memrefOf(src);
    bool chunked = mem && cols % 8 == 0 && (rows * cols / 8) % kThreads == 0;
    int64_t width = chunked ? 8 : 1;
    return em.walkTile(
        rows, cols, width, tid, kThreads,
        [&](Value r, Value c) -> LogicalResult {
          Value gr = arith::AddIOp::create(b, loc, row0, r);
          Value ok = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                           gr, em.cst(limit));
          Value cr = arith::MinUIOp::create(b, loc, gr, em.cst(limit - 1));
          SmallVector<Value> idx = em.batchIndices(t, batchIdx);
          idx.append({cr, c});
          if (dstRow0)
            r = arith::AddIOp::create(b, loc, dstRow0, r);
          if (chunked) {
            Value n = arith::SelectOp::create(b, loc, ok, em.cst(8), em.cst(0));
            nvgpu::DeviceAsyncCopyOp::create(
                b, loc, tokenType, dst, ValueRange{r, c}, mem, idx,
                b.getIndexAttr(8), n, b.getUnitAttr());
            return success();
          }
          FailureOr<Value> v = em.emit(src, idx);
          if (failed(v))
            return failure();
          Value x = arith::SelectOp::create(b, loc, ok, *v, em.zero(f32));
          memref::StoreOp::create(b, loc,
                                  arith::TruncFOp::create(b, loc, f16, x), dst,
                                  ValueRange{r, c});
          return success();
        });
  };
  auto commit = [&]() {
    return nvgpu::DeviceAsyncCreateGroupOp::create(b, loc, tokenType,
                                                   ValueRange{})
        .getResult();
  };

  // Query tile, then its A fragments (rows warp*16 + lane%16, columns
  // (lane/16)*8 of each 16-wide k step) kept in registers.
  if (failed(stage(a.getQuery(), smemQ, kRows, d, q0, sq)))
    return failure();
  // Resident: every key; streamed: the first block, into tile 0.
  int64_t firstRows = resident ? keyRows : kKeys;
  if (failed(stage(a.getKey(), smemK, firstRows, d, em.cst(0), sk)) ||
      failed(stage(a.getValue(), smemV, firstRows, dv, em.cst(0), sk)))
    return failure();
  Value token = commit();
  nvgpu::DeviceAsyncWaitOp::create(b, loc, token, b.getI32IntegerAttr(0));
  gpu::BarrierOp::create(b, loc);
  auto fragType = VectorType::get({4, 2}, f16);
  auto accType = VectorType::get({2, 2}, f32);
  LdMatrixLanes lanes(b, loc, em, lane);
  Value l8 = lanes.l8, l16 = lanes.l16, hi16 = lanes.hi16, mid8 = lanes.mid8;
  Value warpRow = arith::MulIOp::create(b, loc, warp, em.cst(16));
  SmallVector<Value> qFrags;
  for (int64_t kk = 0; kk < d / 16; ++kk)
    qFrags.push_back(nvgpu::LdMatrixOp::create(
        b, loc, fragType, smemQ,
        ValueRange{arith::AddIOp::create(b, loc, warpRow, l16),
                   arith::AddIOp::create(b, loc, hi16, em.cst(kk * 16))},
        false, 4));

  // Per lane: query rows g and g + 8 of the warp's 16, key/value columns
  // 2 * (lane % 4) + {0, 1} of each 8-wide fragment.
  Value g = arith::DivUIOp::create(b, loc, lane, em.cst(4));
  Value col2 = arith::MulIOp::create(
      b, loc, arith::RemUIOp::create(b, loc, lane, em.cst(4)), em.cst(2));
  Value rowIdx[2] = {
      arith::AddIOp::create(b, loc, q0,
                            arith::AddIOp::create(b, loc, warpRow, g)),
      arith::AddIOp::create(
          b, loc, q0,
          arith::AddIOp::create(b, loc, warpRow,
                                arith::AddIOp::create(b, loc, g, em.cst(8))))};
  Value rowClamped[2];
  for (int h = 0; h < 2; ++h)
    rowClamped[h] = arith::MinUIOp::create(b, loc, rowIdx[h], em.cst(sq - 1));
  Value negInf = lowering::minValue(b, loc, f32);
  Value scaleLog2e = lowering::scalarConstant(
      b, loc, f32, a.getScale().convertToDouble() * M_LOG2E);
  Value log2e = lowering::scalarConstant(b, loc, f32, M_LOG2E);
  SmallVector<int64_t> scoreShape(oT.getShape().drop_back());
  scoreShape.push_back(sk);
  const int64_t fnO = dv / 8;
  Value zeroAcc = arith::ConstantOp::create(
      b, loc, accType, DenseElementsAttr::get(accType, b.getF32FloatAttr(0)));
  // Carried: m (2 rows), l (2 rows), O fragments.
  SmallVector<Value> init = {negInf, negInf, em.zero(f32), em.zero(f32)};
  init.append(fnO, zeroAcc);
  auto shuffleXor = [&](Value v, int64_t off) {
    return gpu::ShuffleOp::create(b, loc, v,
                                  arith::ConstantIntOp::create(b, loc, off, 32),
                                  arith::ConstantIntOp::create(b, loc, 32, 32),
                                  gpu::ShuffleMode::XOR)
        .getShuffleResult();
  };

  // One step over `keys` keys from key j0 (rows `base` of the staged
  // tiles): 64, or the last partial block's keys rounded up to 16 (ViT's
  // 197 keys: three blocks of 64 and one of 16, not four of 64).
  // Two n8 fragments of B from `smem` at (row, col) (ldmatrix x4,
  // transposed for a [k][n] tile) times `aFrag`, into acc[0] and acc[1].
  auto mmaTwo = [&](Value smem, Value row, Value col, bool trans, Value aFrag,
                    MutableArrayRef<Value> acc) {
    Value x4 = nvgpu::LdMatrixOp::create(b, loc, fragType, smem,
                                         ValueRange{row, col}, trans, 4);
    std::array<Value, 2> frags = splitBFragments(b, loc, x4);
    for (int64_t h = 0; h < 2; ++h)
      acc[h] = mmaSync(b, loc, aFrag, frags[h], acc[h]);
  };
  auto keyStep = [&](Value j0, Value base, int64_t keys, bool fullBlock,
                     ValueRange carried) -> FailureOr<SmallVector<Value>> {
    const int64_t fnS = keys / 8;
    // S = Q K^T: K tile [key][d] is the [n][k] operand.
    SmallVector<Value> s(fnS, zeroAcc);
    for (int64_t kk = 0; kk < d / 16; ++kk)
      for (int64_t p = 0; p < fnS / 2; ++p) {
        Value row = arith::AddIOp::create(
            b, loc,
            arith::AddIOp::create(b, loc, base,
                                  arith::AddIOp::create(b, loc, l8, hi16)),
            em.cst(p * 16));
        Value col = arith::AddIOp::create(b, loc, mid8, em.cst(kk * 16));
        mmaTwo(smemK, row, col, /*trans=*/false, qFrags[kk],
               MutableArrayRef<Value>(s).slice(2 * p, 2));
      }

    // Scores in the base-2 domain (t = (s * scale + mask) * log2(e), so
    // that every exponential below is one exp2): mask, causal and, in the
    // partial last block only, key-range masking; row maxima.
    SmallVector<Value> m(carried.begin(), carried.begin() + 2);
    SmallVector<Value> l(carried.begin() + 2, carried.begin() + 4);
    SmallVector<Value> o(carried.begin() + 4, carried.end());
    const bool keyRange = !fullBlock;
    // sc[h][f * 2 + c]: row h, fragment f, column c.
    SmallVector<Value> sc[2];
    Value blockMax[2] = {negInf, negInf};
    for (int64_t f = 0; f < fnS; ++f)
      for (int64_t h = 0; h < 2; ++h) {
        Value pair =
            vector::ExtractOp::create(b, loc, s[f], ArrayRef<int64_t>{h});
        for (int64_t c = 0; c < 2; ++c) {
          Value j = arith::AddIOp::create(
              b, loc, j0,
              arith::AddIOp::create(b, loc, col2, em.cst(f * 8 + c)));
          Value x = arith::MulFOp::create(
              b, loc,
              vector::ExtractOp::create(b, loc, pair, ArrayRef<int64_t>{c}),
              scaleLog2e);
          if (a.getMask()) {
            Value jc = keyRange ? (Value)arith::MinUIOp::create(b, loc, j,
                                                                em.cst(sk - 1))
                                : j;
            SmallVector<Value> si(batchIdx);
            si.append({rowClamped[h], jc});
            FailureOr<Value> mv = em.emitBroadcast(a.getMask(), si, scoreShape);
            if (failed(mv))
              return failure();
            x = arith::AddFOp::create(
                b, loc, x, arith::MulFOp::create(b, loc, *mv, log2e));
          }
          Value keep;
          if (keyRange)
            keep = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, j,
                                         em.cst(sk));
          if (a.getIsCausal()) {
            Value causal = arith::CmpIOp::create(
                b, loc, arith::CmpIPredicate::ule, j, rowIdx[h]);
            keep = keep ? (Value)arith::AndIOp::create(b, loc, keep, causal)
                        : causal;
          }
          if (keep)
            x = arith::SelectOp::create(b, loc, keep, x, negInf);
          sc[h].push_back(x);
          blockMax[h] = arith::MaximumFOp::create(b, loc, blockMax[h], x);
        }
      }
    SmallVector<Value> next;
    Value corr[2], mSafe[2];
    for (int64_t h = 0; h < 2; ++h) {
      for (int64_t off : {1, 2})
        blockMax[h] = arith::MaximumFOp::create(b, loc, blockMax[h],
                                                shuffleXor(blockMax[h], off));
      Value mNew = arith::MaximumFOp::create(b, loc, m[h], blockMax[h]);
      Value isInf = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                          mNew, negInf);
      mSafe[h] = arith::SelectOp::create(b, loc, isInf, em.zero(f32), mNew);
      corr[h] = math::Exp2Op::create(
          b, loc, arith::SubFOp::create(b, loc, m[h], mSafe[h]));
      next.push_back(mNew);
    }
    // P = exp2(t - m), row sums, P as A fragments (float16).
    Value rowSum[2] = {em.zero(f32), em.zero(f32)};
    SmallVector<Value> pHalf[2]; // [h][f]: vector<2xf16>
    auto vec2h = VectorType::get({2}, f16);
    for (int64_t h = 0; h < 2; ++h)
      for (int64_t f = 0; f < fnS; ++f) {
        Value pv[2];
        for (int64_t c = 0; c < 2; ++c) {
          pv[c] = math::Exp2Op::create(
              b, loc,
              arith::SubFOp::create(b, loc, sc[h][f * 2 + c], mSafe[h]));
          rowSum[h] = arith::AddFOp::create(b, loc, rowSum[h], pv[c]);
        }
        pHalf[h].push_back(vector::FromElementsOp::create(
            b, loc, vec2h,
            ValueRange{arith::TruncFOp::create(b, loc, f16, pv[0]),
                       arith::TruncFOp::create(b, loc, f16, pv[1])}));
      }
    for (int64_t h = 0; h < 2; ++h) {
      for (int64_t off : {1, 2})
        rowSum[h] = arith::AddFOp::create(b, loc, rowSum[h],
                                          shuffleXor(rowSum[h], off));
      next.push_back(arith::AddFOp::create(
          b, loc, arith::MulFOp::create(b, loc, l[h], corr[h]), rowSum[h]));
    }
    // O = O * corr + P V: V tile [key][dv] is the [k][n] operand.
    auto vec2f = VectorType::get({2}, f32);
    Value corrRow[2] = {vector::BroadcastOp::create(b, loc, vec2f, corr[0]),
                        vector::BroadcastOp::create(b, loc, vec2f, corr[1])};
    for (int64_t f = 0; f < fnO; ++f)
      for (int64_t h = 0; h < 2; ++h)
        o[f] = vector::InsertOp::create(
            b, loc,
            arith::MulFOp::create(
                b, loc,
                vector::ExtractOp::create(b, loc, o[f], ArrayRef<int64_t>{h}),
                corrRow[h]),
            o[f], ArrayRef<int64_t>{h});
    for (int64_t kk = 0; kk < keys / 16; ++kk) {
      Value aFrag = ub::PoisonOp::create(b, loc, fragType);
      Value parts[4] = {pHalf[0][2 * kk], pHalf[1][2 * kk],
                        pHalf[0][2 * kk + 1], pHalf[1][2 * kk + 1]};
      for (int64_t r = 0; r < 4; ++r)
        aFrag = vector::InsertOp::create(b, loc, parts[r], aFrag,
                                         ArrayRef<int64_t>{r});
      for (int64_t p = 0; p < fnO / 2; ++p) {
        Value row = arith::AddIOp::create(
            b, loc,
            arith::AddIOp::create(b, loc, base,
                                  arith::AddIOp::create(b, loc, l8, mid8)),
            em.cst(kk * 16));
        Value col = arith::AddIOp::create(b, loc, hi16, em.cst(p * 16));
        mmaTwo(smemV, row, col, /*trans=*/true, aFrag,
               MutableArrayRef<Value>(o).slice(2 * p, 2));
      }
    }
    llvm::append_range(next, o);
    return next;
  };
  // Warps whose 16 query rows all lie past the last (the last block of
  // ViT's 197 rows has 5 rows: three of its four warps) stage tiles and
  // meet the barriers, but skip the arithmetic.
  Value warpActive;
  if (sq % kRows)
    warpActive = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::ult,
        arith::AddIOp::create(b, loc, q0, warpRow), em.cst(sq));
  auto step = [&](Value j0, Value base, int64_t keys, bool fullBlock,
                  ValueRange carried) -> FailureOr<SmallVector<Value>> {
    if (!warpActive)
      return keyStep(j0, base, keys, fullBlock, carried);
    auto ifOp = scf::IfOp::create(b, loc, TypeRange(carried), warpActive,
                                  /*withElseRegion=*/true);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(ifOp.elseBlock());
    scf::YieldOp::create(b, loc, carried);
    b.setInsertionPointToStart(ifOp.thenBlock());
    em.pushScope();
    FailureOr<SmallVector<Value>> r =
        keyStep(j0, base, keys, fullBlock, carried);
    em.popScope();
    if (failed(r))
      return failure();
    scf::YieldOp::create(b, loc, *r);
    return SmallVector<Value>(ifOp.getResults());
  };
  const int64_t fullBlocks = sk / kKeys, tailKeys = sk % kKeys;
  auto loop = em.loop(
      fullBlocks, init,
      [&](Value kb, ValueRange carried) -> FailureOr<SmallVector<Value>> {
        Value j0 = arith::MulIOp::create(b, loc, kb, em.cst(kKeys));
        // Rows of this key block in the staged tiles: tile kb % 2 when
        // streaming.
        Value base = j0;
        if (!resident) {
          Value buf = arith::RemUIOp::create(b, loc, kb, em.cst(2));
          base = arith::MulIOp::create(b, loc, buf, em.cst(kKeys));
          Value nextBase = arith::MulIOp::create(
              b, loc, arith::SubIOp::create(b, loc, em.cst(1), buf),
              em.cst(kKeys));
          // Every warp is done with block kb - 1's tile, which takes block
          // kb + 1 (past the last block: zeros, no reads) while this one
          // is computed.
          gpu::BarrierOp::create(b, loc);
          Value j1 = arith::AddIOp::create(b, loc, j0, em.cst(kKeys));
          if (failed(stage(a.getKey(), smemK, kKeys, d, j1, sk, nextBase)) ||
              failed(stage(a.getValue(), smemV, kKeys, dv, j1, sk, nextBase)))
            return failure();
          Value t = commit();
          // Block kb's copies (the previous group) are done.
          nvgpu::DeviceAsyncWaitOp::create(b, loc, t, b.getI32IntegerAttr(1));
          gpu::BarrierOp::create(b, loc);
        }

        return step(j0, base, kKeys, /*fullBlock=*/true, carried);
      });
  if (succeeded(loop) && tailKeys) {
    // The last, partial block: staged with the others when resident;
    // streamed, its copies were issued by the last full step (into tile
    // fullBlocks % 2).
    Value j0 = em.cst(fullBlocks * kKeys);
    Value base = resident ? j0 : em.cst((fullBlocks % 2) * kKeys);
    if (!resident) {
      nvgpu::DeviceAsyncWaitOp::create(b, loc, commit(),
                                       b.getI32IntegerAttr(0));
      gpu::BarrierOp::create(b, loc);
    }
    loop =
        step(j0, base, (tailKeys + 15) / 16 * 16, /*fullBlock=*/false, *loop);
  }
  if (failed(loop))
    return failure();

  // O / l per row (0 where the NaN guard applies) goes through shared
  // memory (the key and value tiles' space, float32 [64][dv + 4]) so that
  // the group's epilogue stores 8 consecutive columns of a row with one
  // 16-byte store (storeColumns) instead of element by element.
  Value rootValue = a.getResult();
  const int64_t ldo = dv + 4;
  int64_t bytesO = kRows * ldo * 4;
  auto typeO = MemRefType::get({kRows, ldo}, f32, AffineMap(), wg);
  gpu::BarrierOp::create(b, loc); // every warp is done with K and V
  Value smemO =
      memref::ViewOp::create(b, loc, typeO, dyn, em.cst(bytesQ), ValueRange{});
  auto vec2f32 = VectorType::get({2}, f32);
  for (int64_t h = 0; h < 2; ++h) {
    Value lRow = (*loop)[2 + h];
    Value localRow = arith::AddIOp::create(
        b, loc, warpRow, arith::AddIOp::create(b, loc, g, em.cst(8 * h)));
    for (int64_t f = 0; f < fnO; ++f) {
      Value pair = vector::ExtractOp::create(b, loc, (*loop)[4 + f],
                                             ArrayRef<int64_t>{h});
      SmallVector<Value> outs;
      for (int64_t c = 0; c < 2; ++c) {
        Value out = arith::DivFOp::create(
            b, loc,
            vector::ExtractOp::create(b, loc, pair, ArrayRef<int64_t>{c}),
            lRow);
        if (a.getNanGuard()) {
          Value empty = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                              lRow, em.zero(f32));
          out = arith::SelectOp::create(b, loc, empty, em.zero(f32), out);
        }
        outs.push_back(out);
      }
      vector::StoreOp::create(
          b, loc, vector::FromElementsOp::create(b, loc, vec2f32, outs), smemO,
          ValueRange{localRow,
                     arith::AddIOp::create(b, loc, col2, em.cst(f * 8))},
          false, llvm::MaybeAlign(8));
    }
  }
  gpu::BarrierOp::create(b, loc);
  SmallVector<bool> contiguous;
  for (const SmallVector<Value> &chain : chains)
    contiguous.push_back(columnsContiguous(chain));
  LogicalResult stores = em.walkTile(
      kRows, dv, 8, tid, kThreads, [&](Value r, Value c) -> LogicalResult {
        Value row = arith::AddIOp::create(b, loc, q0, r);
        auto ifRow = scf::IfOp::create(
            b, loc, TypeRange{},
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, row,
                                  em.cst(sq)),
            false);
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(ifRow.thenBlock());
        em.pushScope();
        Value accs = vector::LoadOp::create(b, loc, VectorType::get({8}, f32),
                                            smemO, ValueRange{r, c}, false,
                                            llvm::MaybeAlign(16));
        SmallVector<Value> roots;
        for (int64_t j = 0; j < 8; ++j)
          roots.push_back(
              vector::ExtractOp::create(b, loc, accs, ArrayRef<int64_t>{j}));
        SmallVector<Value> rootIdx0(batchIdx);
        rootIdx0.append({row, c});
        LogicalResult stored =
            storeColumns(b, loc, em, group, entry, rootValue, roots, rootIdx0,
                         chains, contiguous);
        em.popScope();
        return stored;
      });
  if (failed(stores))
    return failure();
  gpu::ReturnOp::create(b, loc);
  launch.grid = {(sq + kRows - 1) / kRows, batch, 1};
  launch.block = {kThreads, 1, 1};
  launch.sharedBytes = std::max(bytesQ + bytesK + bytesV, bytesQ + bytesO);
  return success();
}
