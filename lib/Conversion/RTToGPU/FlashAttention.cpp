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

namespace {

/// The flash-attention kernel of one group under construction: its shapes,
/// shared-memory tiles and per-lane values, and one method per phase, called
/// in order by emit().
class FlashAttentionKernel {
public:
  FlashAttentionKernel(FusionGroupOp group, gpu::GPUFuncOp func, int64_t rows);
  LogicalResult emit(KernelLaunch &launch);

private:
  // Phases.
  void allocateShared();
  void threadIndices();
  LogicalResult stageFirstTiles();
  void loadQueryFragments();
  void laneValues();
  FailureOr<SmallVector<Value>> keyLoop();
  LogicalResult storeResults(ArrayRef<Value> carried);

  // One step over `keys` keys from key j0 (rows `base` of the staged
  // tiles): 64, or the last partial block's keys rounded up to 16 (ViT's
  // 197 keys: three blocks of 64 and one of 16, not four of 64).
  FailureOr<SmallVector<Value>> step(Value j0, Value base, int64_t keys,
                                     bool fullBlock, ValueRange carried);
  FailureOr<SmallVector<Value>> keyStep(Value j0, Value base, int64_t keys,
                                        bool fullBlock, ValueRange carried);
  SmallVector<Value> multiplyQK(Value base, int64_t keys);
  LogicalResult scaleAndMask(Value j0, ArrayRef<Value> s, bool fullBlock,
                             SmallVector<Value> (&sc)[2], Value (&blockMax)[2]);
  void accumulatePV(Value base, int64_t keys,
                    ArrayRef<SmallVector<Value>> pHalf, Value (&corr)[2],
                    SmallVector<Value> &o);

  // Helpers.
  LogicalResult stage(Value src, Value dst, int64_t rows, int64_t cols,
                      Value row0, int64_t limit, Value dstRow0 = nullptr);
  Value commit();
  Value shuffleXor(Value v, int64_t off);
  void mmaTwo(Value smem, Value row, Value col, bool trans, Value aFrag,
              MutableArrayRef<Value> acc);

  FusionGroupOp group;
  AttentionOp a;
  SmallVector<SmallVector<Value>> chains;
  Location loc;
  MLIRContext *ctx;
  Block &entry;
  OpBuilder b;
  Emitter em;

  // Query rows per block and threads (16 rows a warp).
  const int64_t kRows, kThreads;
  RankedTensorType qT, kT, oT;
  int64_t sq, dv, sk, d;
  SmallVector<int64_t> batchShape;
  int64_t batch = 1;
  // f16: the 16-bit storage type of query, keys and values.
  Type f16, f32;
  gpu::AddressSpaceAttr wg;
  int64_t ldq, ldv;
  // Up to kResidentKeys keys, all of a head's keys and values are staged
  // once (one wait, no barriers in the key loop); more stream through two
  // 64-key tiles: block j + 1 is copied while block j is computed.
  bool resident;
  int64_t keyRows;
  int64_t bytesQ, bytesK, bytesV;
  Value dyn, smemQ, smemK, smemV;
  Value tid, lane, warp, q0;
  SmallVector<Value> batchIdx;
  Type tokenType;
  VectorType fragType, accType;
  Value l8, l16, hi16, mid8, warpRow;
  SmallVector<Value> qFrags;
  // Per lane: query rows g and g + 8 of the warp's 16, key/value columns
  // 2 * (lane % 4) + {0, 1} of each 8-wide fragment.
  Value g, col2;
  Value rowIdx[2], rowClamped[2];
  Value negInf, scaleLog2e, log2e, zeroAcc, warpActive;
  SmallVector<int64_t> scoreShape;
  int64_t fnO;
};

FlashAttentionKernel::FlashAttentionKernel(FusionGroupOp group,
                                           gpu::GPUFuncOp func, int64_t rows)
    : group(group), a(attentionRoot(group)), chains(*analyzeEpilogue(group, a)),
      loc(group.getLoc()), ctx(group.getContext()),
      entry(func.getBody().front()), b(ctx), em(b, group, entry), kRows(rows),
      kThreads(rows / 16 * 32) {
  qT = tensorType(a.getQuery());
  kT = tensorType(a.getKey());
  oT = tensorType(a.getResult());
  int64_t rank = oT.getRank();
  sq = oT.getDimSize(rank - 2);
  dv = oT.getDimSize(rank - 1);
  sk = kT.getDimSize(kT.getRank() - 2);
  d = qT.getShape().back();
  batchShape.assign(oT.getShape().begin(), oT.getShape().end() - 2);
  for (int64_t x : batchShape)
    batch *= x;
  f16 = storageType(qT.getElementType());
  f32 = b.getF32Type();
  wg = gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);
  ldq = d + 8;
  ldv = dv + 8;
  const int64_t keyBlocks = (sk + kKeys - 1) / kKeys;
  resident = keyBlocks * kKeys <= kResidentKeys;
  keyRows = resident ? keyBlocks * kKeys : 2 * kKeys;
  bytesQ = kRows * ldq * 2;
  bytesK = keyRows * ldq * 2;
  bytesV = keyRows * ldv * 2;
  fnO = dv / 8;
}

void FlashAttentionKernel::allocateShared() {
  auto typeQ = MemRefType::get({kRows, ldq}, f16, AffineMap(), wg);
  auto typeK = MemRefType::get({keyRows, ldq}, f16, AffineMap(), wg);
  auto typeV = MemRefType::get({keyRows, ldv}, f16, AffineMap(), wg);
  dyn = gpu::DynamicSharedMemoryOp::create(
      b, loc,
      MemRefType::get({ShapedType::kDynamic}, b.getI8Type(), AffineMap(), wg));
  smemQ = memref::ViewOp::create(b, loc, typeQ, dyn, em.cst(0), ValueRange{});
  smemK =
      memref::ViewOp::create(b, loc, typeK, dyn, em.cst(bytesQ), ValueRange{});
  smemV = memref::ViewOp::create(b, loc, typeV, dyn, em.cst(bytesQ + bytesK),
                                 ValueRange{});
}

void FlashAttentionKernel::threadIndices() {
  tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  lane = arith::RemUIOp::create(b, loc, tid, em.cst(32));
  warp = arith::DivUIOp::create(b, loc, tid, em.cst(32));
  q0 = arith::MulIOp::create(
      b, loc, gpu::BlockIdOp::create(b, loc, gpu::Dimension::x), em.cst(kRows));
  if (!batchShape.empty())
    batchIdx = em.delinearize(gpu::BlockIdOp::create(b, loc, gpu::Dimension::y),
                              batchShape);
  tokenType = nvgpu::DeviceAsyncTokenType::get(ctx);
}

/// Stages rows [row0, row0 + rows) of `src` ([..., n, cols]) into `dst`
/// ([rows][cols + 8]) from row `dstRow0`; rows past `limit` read zeros.
LogicalResult FlashAttentionKernel::stage(Value src, Value dst, int64_t rows,
                                          int64_t cols, Value row0,
                                          int64_t limit, Value dstRow0) {
  auto t = tensorType(src);
  Value mem = em.memrefOf(src);
  bool chunked = mem && cols % 8 == 0 && (rows * cols / 8) % kThreads == 0;
  int64_t width = chunked ? 8 : 1;
  return em.walkTile(
      rows, cols, width, tid, kThreads, [&](Value r, Value c) -> LogicalResult {
        Value gr = arith::AddIOp::create(b, loc, row0, r);
        Value ok = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, gr,
                                         em.cst(limit));
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
        memref::StoreOp::create(b, loc, arith::TruncFOp::create(b, loc, f16, x),
                                dst, ValueRange{r, c});
        return success();
      });
}

Value FlashAttentionKernel::commit() {
  return nvgpu::DeviceAsyncCreateGroupOp::create(b, loc, tokenType,
                                                 ValueRange{})
      .getResult();
}

/// The query tile, and the first key and value tiles (every key when they
/// stay resident; the first block, into tile 0, when they stream).
LogicalResult FlashAttentionKernel::stageFirstTiles() {
  if (failed(stage(a.getQuery(), smemQ, kRows, d, q0, sq)))
    return failure();
  int64_t firstRows = resident ? keyRows : kKeys;
  if (failed(stage(a.getKey(), smemK, firstRows, d, em.cst(0), sk)) ||
      failed(stage(a.getValue(), smemV, firstRows, dv, em.cst(0), sk)))
    return failure();
  Value token = commit();
  nvgpu::DeviceAsyncWaitOp::create(b, loc, token, b.getI32IntegerAttr(0));
  gpu::BarrierOp::create(b, loc);
  return success();
}

/// The query tile's A fragments (rows warp*16 + lane%16, columns
/// (lane/16)*8 of each 16-wide k step), kept in registers.
void FlashAttentionKernel::loadQueryFragments() {
  fragType = VectorType::get({4, 2}, f16);
  accType = VectorType::get({2, 2}, f32);
  LdMatrixLanes lanes(b, loc, em, lane);
  l8 = lanes.l8;
  l16 = lanes.l16;
  hi16 = lanes.hi16;
  mid8 = lanes.mid8;
  warpRow = arith::MulIOp::create(b, loc, warp, em.cst(16));
  for (int64_t kk = 0; kk < d / 16; ++kk)
    qFrags.push_back(nvgpu::LdMatrixOp::create(
        b, loc, fragType, smemQ,
        ValueRange{arith::AddIOp::create(b, loc, warpRow, l16),
                   arith::AddIOp::create(b, loc, hi16, em.cst(kk * 16))},
        false, 4));
}

void FlashAttentionKernel::laneValues() {
  g = arith::DivUIOp::create(b, loc, lane, em.cst(4));
  col2 = arith::MulIOp::create(
      b, loc, arith::RemUIOp::create(b, loc, lane, em.cst(4)), em.cst(2));
  rowIdx[0] = arith::AddIOp::create(b, loc, q0,
                                    arith::AddIOp::create(b, loc, warpRow, g));
  rowIdx[1] = arith::AddIOp::create(
      b, loc, q0,
      arith::AddIOp::create(b, loc, warpRow,
                            arith::AddIOp::create(b, loc, g, em.cst(8))));
  for (int h = 0; h < 2; ++h)
    rowClamped[h] = arith::MinUIOp::create(b, loc, rowIdx[h], em.cst(sq - 1));
  negInf = lowering::minValue(b, loc, f32);
  scaleLog2e = lowering::scalarConstant(
      b, loc, f32, a.getScale().convertToDouble() * M_LOG2E);
  log2e = lowering::scalarConstant(b, loc, f32, M_LOG2E);
  scoreShape.assign(oT.getShape().begin(), oT.getShape().end() - 1);
  scoreShape.push_back(sk);
  zeroAcc = arith::ConstantOp::create(
      b, loc, accType, DenseElementsAttr::get(accType, b.getF32FloatAttr(0)));
}

Value FlashAttentionKernel::shuffleXor(Value v, int64_t off) {
  return gpu::ShuffleOp::create(b, loc, v,
                                arith::ConstantIntOp::create(b, loc, off, 32),
                                arith::ConstantIntOp::create(b, loc, 32, 32),
                                gpu::ShuffleMode::XOR)
      .getShuffleResult();
}

/// Two n8 fragments of B from `smem` at (row, col) (ldmatrix x4,
/// transposed for a [k][n] tile) times `aFrag`, into acc[0] and acc[1].
void FlashAttentionKernel::mmaTwo(Value smem, Value row, Value col, bool trans,
                                  Value aFrag, MutableArrayRef<Value> acc) {
  Value x4 = nvgpu::LdMatrixOp::create(b, loc, fragType, smem,
                                       ValueRange{row, col}, trans, 4);
  std::array<Value, 2> frags = splitBFragments(b, loc, x4);
  for (int64_t h = 0; h < 2; ++h)
    acc[h] = mmaSync(b, loc, aFrag, frags[h], acc[h]);
}

/// S = Q K^T over `keys` keys: the K tile [key][d] is the [n][k] operand.
SmallVector<Value> FlashAttentionKernel::multiplyQK(Value base, int64_t keys) {
  const int64_t fnS = keys / 8;
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
  return s;
}

/// Scores in the base-2 domain (t = (s * scale + mask) * log2(e), so that
/// every exponential is one exp2): mask, causal and, in the partial last
/// block only, key-range masking (`sc[h][f * 2 + c]`: row h, fragment f,
/// column c); and the lane's row maxima.
LogicalResult FlashAttentionKernel::scaleAndMask(Value j0, ArrayRef<Value> s,
                                                 bool fullBlock,
                                                 SmallVector<Value> (&sc)[2],
                                                 Value (&blockMax)[2]) {
  const bool keyRange = !fullBlock;
  for (int64_t f = 0; f < (int64_t)s.size(); ++f)
    for (int64_t h = 0; h < 2; ++h) {
      Value pair =
          vector::ExtractOp::create(b, loc, s[f], ArrayRef<int64_t>{h});
      for (int64_t c = 0; c < 2; ++c) {
        Value j = arith::AddIOp::create(
            b, loc, j0, arith::AddIOp::create(b, loc, col2, em.cst(f * 8 + c)));
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
          x = arith::AddFOp::create(b, loc, x,
                                    arith::MulFOp::create(b, loc, *mv, log2e));
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
  return success();
}

/// O = O * corr + P V: the V tile [key][dv] is the [k][n] operand, P the
/// probabilities as A fragments (float16, `pHalf[h][f]`).
void FlashAttentionKernel::accumulatePV(Value base, int64_t keys,
                                        ArrayRef<SmallVector<Value>> pHalf,
                                        Value (&corr)[2],
                                        SmallVector<Value> &o) {
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
    Value parts[4] = {pHalf[0][2 * kk], pHalf[1][2 * kk], pHalf[0][2 * kk + 1],
                      pHalf[1][2 * kk + 1]};
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
}

/// One online-softmax step: scores, new row maxima and sums (carried: m
/// for 2 rows, l for 2 rows, then the O fragments), O updated.
FailureOr<SmallVector<Value>>
FlashAttentionKernel::keyStep(Value j0, Value base, int64_t keys,
                              bool fullBlock, ValueRange carried) {
  const int64_t fnS = keys / 8;
  SmallVector<Value> s = multiplyQK(base, keys);
  SmallVector<Value> m(carried.begin(), carried.begin() + 2);
  SmallVector<Value> l(carried.begin() + 2, carried.begin() + 4);
  SmallVector<Value> o(carried.begin() + 4, carried.end());
  SmallVector<Value> sc[2];
  Value blockMax[2] = {negInf, negInf};
  if (failed(scaleAndMask(j0, s, fullBlock, sc, blockMax)))
    return failure();
  SmallVector<Value> next;
  Value corr[2], mSafe[2];
  for (int64_t h = 0; h < 2; ++h) {
    for (int64_t off : {1, 2})
      blockMax[h] = arith::MaximumFOp::create(b, loc, blockMax[h],
                                              shuffleXor(blockMax[h], off));
    Value mNew = arith::MaximumFOp::create(b, loc, m[h], blockMax[h]);
    Value isInf =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, mNew, negInf);
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
            b, loc, arith::SubFOp::create(b, loc, sc[h][f * 2 + c], mSafe[h]));
        rowSum[h] = arith::AddFOp::create(b, loc, rowSum[h], pv[c]);
      }
      pHalf[h].push_back(vector::FromElementsOp::create(
          b, loc, vec2h,
          ValueRange{arith::TruncFOp::create(b, loc, f16, pv[0]),
                     arith::TruncFOp::create(b, loc, f16, pv[1])}));
    }
  for (int64_t h = 0; h < 2; ++h) {
    for (int64_t off : {1, 2})
      rowSum[h] =
          arith::AddFOp::create(b, loc, rowSum[h], shuffleXor(rowSum[h], off));
    next.push_back(arith::AddFOp::create(
        b, loc, arith::MulFOp::create(b, loc, l[h], corr[h]), rowSum[h]));
  }
  accumulatePV(base, keys, pHalf, corr, o);
  llvm::append_range(next, o);
  return next;
}

/// keyStep, skipped by warps whose 16 query rows all lie past the last (the
/// last block of ViT's 197 rows has 5 rows: three of its four warps), which
/// still stage tiles and meet the barriers.
FailureOr<SmallVector<Value>> FlashAttentionKernel::step(Value j0, Value base,
                                                         int64_t keys,
                                                         bool fullBlock,
                                                         ValueRange carried) {
  if (!warpActive)
    return keyStep(j0, base, keys, fullBlock, carried);
  auto ifOp = scf::IfOp::create(b, loc, TypeRange(carried), warpActive,
                                /*withElseRegion=*/true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(ifOp.elseBlock());
  scf::YieldOp::create(b, loc, carried);
  b.setInsertionPointToStart(ifOp.thenBlock());
  em.pushScope();
  FailureOr<SmallVector<Value>> r = keyStep(j0, base, keys, fullBlock, carried);
  em.popScope();
  if (failed(r))
    return failure();
  scf::YieldOp::create(b, loc, *r);
  return SmallVector<Value>(ifOp.getResults());
}

/// The loop over the full key blocks (streamed: each step copies the next
/// block into the other tile), then the partial last block.
FailureOr<SmallVector<Value>> FlashAttentionKernel::keyLoop() {
  // Carried: m (2 rows), l (2 rows), O fragments.
  SmallVector<Value> init = {negInf, negInf, em.zero(f32), em.zero(f32)};
  init.append(fnO, zeroAcc);
  if (sq % kRows)
    warpActive = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::ult,
        arith::AddIOp::create(b, loc, q0, warpRow), em.cst(sq));
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
  return loop;
}

/// O / l per row (0 where the NaN guard applies) goes through shared memory
/// (the key and value tiles' space, float32 [rows][dv + 4]) so that the
/// group's epilogue stores 8 consecutive columns of a row with one 16-byte
/// store (storeColumns) instead of element by element.
LogicalResult FlashAttentionKernel::storeResults(ArrayRef<Value> carried) {
  Value rootValue = a.getResult();
  const int64_t ldo = dv + 4;
  auto typeO = MemRefType::get({kRows, ldo}, f32, AffineMap(), wg);
  gpu::BarrierOp::create(b, loc); // every warp is done with K and V
  Value smemO =
      memref::ViewOp::create(b, loc, typeO, dyn, em.cst(bytesQ), ValueRange{});
  auto vec2f32 = VectorType::get({2}, f32);
  for (int64_t h = 0; h < 2; ++h) {
    Value lRow = carried[2 + h];
    Value localRow = arith::AddIOp::create(
        b, loc, warpRow, arith::AddIOp::create(b, loc, g, em.cst(8 * h)));
    for (int64_t f = 0; f < fnO; ++f) {
      Value pair = vector::ExtractOp::create(b, loc, carried[4 + f],
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
  return em.walkTile(
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
}

LogicalResult FlashAttentionKernel::emit(KernelLaunch &launch) {
  allocateShared();
  threadIndices();
  if (failed(stageFirstTiles()))
    return failure();
  loadQueryFragments();
  laneValues();
  FailureOr<SmallVector<Value>> carried = keyLoop();
  if (failed(carried) || failed(storeResults(*carried)))
    return failure();
  gpu::ReturnOp::create(b, loc);
  const int64_t bytesO = kRows * (dv + 4) * 4;
  launch.grid = {(sq + kRows - 1) / kRows, batch, 1};
  launch.block = {kThreads, 1, 1};
  launch.sharedBytes = std::max(bytesQ + bytesK + bytesV, bytesQ + bytesO);
  return success();
}

} // namespace

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
  // Query rows per block, 16 per warp: 64 (4 warps) or 128 (8 warps sharing
  // each staged key/value tile: half the K/V traffic per query; the
  // strategy's `rows`, which the heuristic sets to 128 for whole 128-row
  // blocks that fill two waves; the attribute verifier allows only these
  // two).
  FlashAttentionKernel kernel(group, func, strategy.getRows());
  return kernel.emit(launch);
}
