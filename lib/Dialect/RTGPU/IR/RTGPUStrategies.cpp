//===- RTGPUStrategies.cpp - kernel strategy attributes -------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// The verifiers, descriptions and target checks of the kernel strategy
// attributes. The rules here are each kernel's own (what its emitter can
// generate for any group); what depends on a group's shapes is checked
// where the kernel is emitted.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RTGPU/IR/RTGPU.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::rtgpu;

namespace {
/// Threads per block a kernel may take: a whole number of warps, at most
/// 1024.
LogicalResult checkThreads(function_ref<InFlightDiagnostic()> emitError,
                           StringRef kernel, int64_t threads) {
  if (threads < 32 || threads > 1024 || threads % 32)
    return emitError() << kernel << ": threads = " << threads
                       << " is not a multiple of 32 in [32, 1024]";
  return success();
}

/// "sm_90 does not have wgmma" for a strategy that needs `f`.
LogicalResult needFeature(TargetAttr target, Feature f, Attribute strategy,
                          StringRef what, StringRef which,
                          function_ref<InFlightDiagnostic()> emitError) {
  if (target.has(f))
    return success();
  return emitError() << strategy << " " << what << ", which target "
                     << target.getArch() << " does not have (" << which << ")";
}
} // namespace

KernelStrategyAttrInterface mlir::rtgpu::getStrategy(Operation *op) {
  return op->getAttrOfType<KernelStrategyAttrInterface>(
      RTGPUDialect::getStrategyAttrName());
}

//===----------------------------------------------------------------------===//
// GemmStrategyAttr
//===----------------------------------------------------------------------===//

LogicalResult
GemmStrategyAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                         GemmKernel kernel, int64_t bm, int64_t bn, int64_t bk,
                         int64_t warpsM, int64_t warpsN, int64_t stages,
                         int64_t splitK, GemmLoad load, GemmSchedule schedule) {
  auto fail = [&](StringRef kind) {
    InFlightDiagnostic d = emitError();
    d << kind << " tile " << bm << "x" << bn << "x" << bk << " (warps "
      << warpsM << "x" << warpsN << ", stages " << stages << "): ";
    return d;
  };
  const bool tma = load == GemmLoad::tma;
  const bool pingpong = schedule == GemmSchedule::pingpong;
  if (splitK < 1 || splitK > kMaxSplitK)
    return emitError() << "GEMM tile: split_k = " << splitK << " is not 1 to "
                       << kMaxSplitK
                       << " (the blocks of one thread block cluster)";
  if (splitK > 1 && kernel == GemmKernel::wmma)
    return emitError() << "GEMM tile: the WMMA kernel does not split k (use "
                          "mma_sync or wgmma)";
  if (tma && kernel != GemmKernel::wgmma)
    return emitError() << "GEMM tile: load = tma is only for the wgmma kernel";
  if (tma && splitK > 1)
    return emitError() << "GEMM tile: the TMA-fed kernel does not split k "
                          "(use load = cp_async)";
  if (pingpong && !tma)
    return emitError() << "GEMM tile: schedule = pingpong needs load = tma";
  if (kernel == GemmKernel::wgmma) {
    const char *kind = "warpgroup MMA";
    if (bk != 64)
      return fail(kind) << "block_k must be 64 (one 128-byte swizzle row)";
    if (bm <= 0 || bm % 64 || bm > 256)
      return fail(kind) << "block_m must be a multiple of 64 up to 256";
    if (warpsN != 1)
      return fail(kind) << "warps_n must be 1";
    if (pingpong && (warpsM != 8 || bm > 128 || bm / 64 * bn > 256))
      return fail(kind) << "the ping-pong schedule takes warps_m = 8 (two "
                           "warpgroups), block_m 64 or 128 and block_m / 64 "
                           "* block_n at most 256";
    if (!pingpong && warpsM * 16 != bm)
      return fail(kind) << "warps_m must be block_m / 16 (a warpgroup per 64 "
                           "rows)";
    if (bn < 16 || bn > 256 || bn % 16)
      return fail(kind) << "block_n must be a multiple of 16 up to 256";
    if ((bn * 8) % (32 * warpsM))
      return fail(kind) << "the accumulator tile's 16-byte chunks must "
                           "divide among the threads";
    if (stages < 3 || stages > 8)
      return fail(kind) << "stages must be 3 to 8";
    if (splitK > 1 && bm % splitK)
      return fail(kind) << "split_k = " << splitK
                        << " must divide block_m (each block of the cluster "
                           "sums and stores block_m / split_k rows)";
    return success();
  }
  const bool mma = kernel == GemmKernel::mma_sync;
  const char *kind = mma ? "mma.sync" : "WMMA";
  if (warpsM <= 0 || warpsN <= 0 || warpsM * warpsN > 32)
    return fail(kind) << "warps_m x warps_n must be 1 to 32 warps";
  if (bk <= 0 || bk % 16)
    return fail(kind) << "block_k must be a positive multiple of 16";
  if (bm <= 0 || bn <= 0 || bm % warpsM || bn % warpsN || (bm / warpsM) % 16 ||
      (bn / warpsN) % 16)
    return fail(kind) << "warp tiles (block_m / warps_m x block_n / "
                         "warps_n) must be positive multiples of 16";
  const int64_t threads = 32 * warpsM * warpsN;
  if ((bm * bk) % threads || (bk * bn) % threads)
    return fail(kind) << "the operand tiles' elements must divide among the "
                      << threads << " threads";
  if (mma && ((bm * bk / 8) % threads || (bn * bk / 8) % threads))
    return fail(kind) << "the operand tiles' 16-byte chunks must divide "
                         "among the "
                      << threads << " threads";
  if (mma && (stages < 2 || stages > 8))
    return fail(kind) << "stages must be 2 to 8";
  if (!mma && stages != 1)
    return fail(kind) << "the WMMA kernel stages one tile (stages = 1)";
  if (splitK > 1 && bm % splitK)
    return fail(kind) << "split_k = " << splitK
                      << " must divide block_m (each block of the cluster "
                         "sums and stores block_m / split_k rows)";
  return success();
}

int64_t GemmStrategyAttr::getSharedBytes() const {
  const int64_t bm = getBlockM(), bn = getBlockN(), bk = getBlockK(),
                stages = getStages();
  if (getKernel() == GemmKernel::wgmma && isPingpong())
    // The ring, a [64][block_n + 4] float32 staging tile per warpgroup (the
    // ring stays in use while a warpgroup runs its epilogue), barriers.
    return 1024 + stages * (bm + bn) * bk * 2 + 2 * 64 * (bn + 4) * 4 +
           16 * stages + 16;
  if (getKernel() == GemmKernel::wgmma)
    // 128-byte-swizzled [rows][64] tiles on a 1024-byte-aligned ring (the
    // slack aligns it), reused for the accumulator tile; with TMA, a full
    // and an empty mbarrier per stage after both.
    return 1024 + std::max(stages * (bm + bn) * bk * 2, bm * (bn + 4) * 4) +
           (isTma() ? 16 * stages : 0);
  if (getKernel() == GemmKernel::wmma)
    return std::max(bm * (bk + 8) * 2 + bk * (bn + 8) * 2, bm * (bn + 4) * 4);
  // Per stage: A as [BM][BK+8], B as [BN][BK+8] or [BK][BN+8] (the larger
  // is reserved); the accumulator tile reuses the space afterwards.
  int64_t b = std::max(bn * (bk + 8), bk * (bn + 8));
  return std::max(stages * (bm * (bk + 8) + b) * 2, bm * (bn + 4) * 4);
}

KernelKind GemmStrategyAttr::getKernelKind() const {
  switch (getKernel()) {
  case GemmKernel::wmma:
    return KernelKind::wmma_gemm;
  case GemmKernel::mma_sync:
    return KernelKind::mma_gemm;
  case GemmKernel::wgmma:
    return KernelKind::wgmma_gemm;
  }
  llvm_unreachable("unknown GEMM kernel");
}

int64_t GemmStrategyAttr::getThreadsPerBlock() const {
  return 32 * getWarpsM() * getWarpsN() + (isTma() ? 32 : 0);
}

std::string GemmStrategyAttr::describe() const {
  std::string out = getKernelName().str() + " " + std::to_string(getBlockM()) +
                    "x" + std::to_string(getBlockN()) + "x" +
                    std::to_string(getBlockK());
  if (getKernel() != GemmKernel::wmma)
    out += ", " + std::to_string(getStages()) + " stages";
  if (getSplitK() > 1)
    out += ", k split " + std::to_string(getSplitK()) + " ways";
  if (isTma())
    out += ", TMA-fed, warp-specialized";
  if (isPingpong())
    out += ", persistent ping-pong";
  return out;
}

LogicalResult GemmStrategyAttr::verifyTarget(
    const TargetAttr &target,
    function_ref<InFlightDiagnostic()> emitError) const {
  if (getKernel() == GemmKernel::wgmma &&
      failed(needFeature(target, Feature::Wgmma, *this, "uses warpgroup MMA",
                         "sm_90a", emitError)))
    return failure();
  if (getKernel() != GemmKernel::wgmma &&
      failed(needFeature(target, Feature::MmaSync, *this,
                         "uses warp-level tensor-core MMA", "sm_80 or later",
                         emitError)))
    return failure();
  if (getSplitK() > 1 &&
      failed(needFeature(target, Feature::Clusters, *this,
                         "splits k through a thread block cluster",
                         "sm_90 or later", emitError)))
    return failure();
  if (isTma() &&
      failed(needFeature(target, Feature::Tma, *this, "loads through TMA",
                         "sm_90 or later", emitError)))
    return failure();
  if (getSharedBytes() > target.getSharedPerBlock())
    return emitError() << *this << " needs " << getSharedBytes()
                       << " bytes of shared memory per block, more than "
                          "target "
                       << target.getArch() << "'s "
                       << target.getSharedPerBlock() << " ("
                       << target.getSharedPerBlock() / 1024 << " KiB)";
  return success();
}

//===----------------------------------------------------------------------===//
// AttentionStrategyAttr
//===----------------------------------------------------------------------===//

/// Threads of the attention tile kernel (its shared-memory layout assumes
/// 8 warps).
static constexpr int64_t kAttentionTileThreads = 256;

LogicalResult
AttentionStrategyAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                              AttentionKernel kernel, int64_t threads,
                              int64_t rows) {
  switch (kernel) {
  case AttentionKernel::mma:
    if (rows != 64 && rows != 128)
      return emitError() << "attention_mma: rows = " << rows
                         << " is not 64 or 128 query rows per block";
    if (threads != rows / 16 * 32)
      return emitError() << "attention_mma: " << rows << " query rows take "
                         << rows / 16 * 32 << " threads (16 rows a warp), not "
                         << threads;
    return success();
  case AttentionKernel::tile:
    if (threads != kAttentionTileThreads)
      return emitError() << "attention_tile: threads = " << threads
                         << " is not " << kAttentionTileThreads
                         << " (the kernel's shared-memory layout is for 8 "
                            "warps)";
    if (rows <= 0 || rows % (threads / 32))
      return emitError() << "attention_tile: rows = " << rows
                         << " is not a positive multiple of the "
                         << threads / 32 << " warps";
    return success();
  case AttentionKernel::row:
    if (rows != 1)
      return emitError() << "attention_row: rows = " << rows
                         << " is not 1 (a block per query row)";
    return checkThreads(emitError, "attention_row", threads);
  }
  llvm_unreachable("unknown attention kernel");
}

KernelKind AttentionStrategyAttr::getKernelKind() const {
  switch (getKernel()) {
  case AttentionKernel::mma:
    return KernelKind::attention_mma;
  case AttentionKernel::tile:
    return KernelKind::attention_tile;
  case AttentionKernel::row:
    return KernelKind::attention_row;
  }
  llvm_unreachable("unknown attention kernel");
}

LogicalResult AttentionStrategyAttr::verifyTarget(
    const TargetAttr &target,
    function_ref<InFlightDiagnostic()> emitError) const {
  if (getKernel() == AttentionKernel::mma)
    return needFeature(target, Feature::MmaSync, *this,
                       "uses warp-level tensor-core MMA", "sm_80 or later",
                       emitError);
  return success();
}

//===----------------------------------------------------------------------===//
// NormRowStrategyAttr
//===----------------------------------------------------------------------===//

LogicalResult
NormRowStrategyAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                            int64_t threads, int64_t rows) {
  if (failed(checkThreads(emitError, "norm_row", threads)))
    return failure();
  if (rows < 1 || (rows > 1 && threads != 32 * rows))
    return emitError() << "norm_row: rows = " << rows
                       << " per block needs a block of one warp per row (32 "
                          "x rows threads), not "
                       << threads;
  return success();
}

KernelKind NormRowStrategyAttr::getKernelKind() const {
  return KernelKind::norm_row;
}

//===----------------------------------------------------------------------===//
// DepthwiseStrategyAttr
//===----------------------------------------------------------------------===//

LogicalResult
DepthwiseStrategyAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                              int64_t threads) {
  return checkThreads(emitError, "depthwise_conv", threads);
}

KernelKind DepthwiseStrategyAttr::getKernelKind() const {
  return KernelKind::depthwise_conv;
}

//===----------------------------------------------------------------------===//
// ElementalStrategyAttr
//===----------------------------------------------------------------------===//

LogicalResult
ElementalStrategyAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                              int64_t threads) {
  return checkThreads(emitError, "elemental", threads);
}

KernelKind ElementalStrategyAttr::getKernelKind() const {
  return KernelKind::elemental;
}

//===----------------------------------------------------------------------===//
// StrategyOverrideAttr
//===----------------------------------------------------------------------===//

LogicalResult StrategyOverrideAttr::verify(
    function_ref<InFlightDiagnostic()> emitError,
    std::optional<KernelKind> kernel, std::optional<int64_t> blockM,
    std::optional<int64_t> blockN, std::optional<int64_t> blockK,
    std::optional<int64_t> warpsM, std::optional<int64_t> warpsN,
    std::optional<int64_t> stages, std::optional<int64_t> splitK,
    std::optional<GemmLoad> load, std::optional<GemmSchedule> schedule,
    std::optional<int64_t> rows) {
  const bool attention = kernel == KernelKind::attention_mma;
  if (kernel && !attention &&
      !llvm::is_contained(
          {KernelKind::wmma_gemm, KernelKind::mma_gemm, KernelKind::wgmma_gemm},
          *kernel))
    return emitError() << "override: kernel " << stringifyKernelKind(*kernel)
                       << " takes no overrides (wmma_gemm, mma_gemm, "
                          "wgmma_gemm and attention_mma do)";
  const bool gemmEntries = blockM || blockN || blockK || warpsM || warpsN ||
                           stages || splitK || load || schedule;
  if (attention && gemmEntries)
    return emitError() << "override: attention_mma takes only rows";
  if (rows && !attention)
    return emitError()
           << "override: rows applies to attention_mma (name kernel = "
              "attention_mma)";
  return success();
}

//===----------------------------------------------------------------------===//
// Attribute verification on operations
//===----------------------------------------------------------------------===//

LogicalResult RTGPUDialect::verifyOperationAttribute(Operation *op,
                                                     NamedAttribute attr) {
  if (attr.getName() == getTargetAttrName()) {
    if (!isa<TargetAttr>(attr.getValue()))
      return op->emitError()
             << "'" << getTargetAttrName() << "' must be a #rtgpu.target, not "
             << attr.getValue();
    return success();
  }
  if (attr.getName() == getStrategyAttrName()) {
    auto group = dyn_cast<rt::FusionGroupOp>(op);
    if (!group)
      return op->emitError() << "'" << getStrategyAttrName()
                             << "' belongs on an rt.fusion_group";
    auto strategy = dyn_cast<KernelStrategyAttrInterface>(attr.getValue());
    if (!strategy)
      return op->emitError()
             << "fusion group '" << group.getName() << "': " << attr.getValue()
             << " is not a kernel strategy (#rtgpu.gemm, #rtgpu.attention, "
                "#rtgpu.norm_row, #rtgpu.depthwise or #rtgpu.elemental)";
    if (TargetAttr target = TargetAttr::lookup(op))
      return strategy.verifyTarget(target, [&] {
        return op->emitError() << "fusion group '" << group.getName() << "': ";
      });
    return success();
  }
  return op->emitError() << "unknown rtgpu attribute '"
                         << attr.getName().getValue() << "'";
}
