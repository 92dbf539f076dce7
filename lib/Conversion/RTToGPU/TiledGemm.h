//===- TiledGemm.h - tensor-core GEMM and convolution kernels ---*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_LIB_CONVERSION_RTTOGPU_TILEDGEMM_H
#define RT_LIB_CONVERSION_RTTOGPU_TILEDGEMM_H

#include "Emitter.h"
#include "rt/Dialect/RTGPU/IR/RTGPU.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"

#include <array>
#include <optional>

namespace mlir {
namespace rt {
namespace gpugen {

/// Grid, block and dynamic shared memory of a kernel.
struct KernelLaunch {
  std::array<int64_t, 3> grid = {1, 1, 1};
  std::array<int64_t, 3> block = {1, 1, 1};
  int64_t sharedBytes = 0;
};

/// The parameters of a tiled GEMM kernel (#rtgpu.gemm, which documents
/// them) as the emitter and the heuristic use them.
struct TileConfig {
  enum class Kernel { Wmma, MmaSync, Wgmma };
  Kernel kernel = Kernel::Wmma;
  int64_t blockM = 64, blockN = 64, blockK = 32;
  int64_t warpsM = 2, warpsN = 2;
  int64_t stages = 1;
  int64_t splitK = 1;
  /// load = tma: a producer warp fills the ring through TMA tensor maps.
  bool tma = false;
  /// schedule = pingpong: a persistent block per SM whose two warpgroups
  /// take alternate tiles.
  bool pingpong = false;
  /// Dynamic shared memory the kernel needs, in bytes (set by get()).
  int64_t shared = 0;
  /// Threads per block (the warps of the tile, plus the producer warp when
  /// loads go through TMA).
  int64_t threads() const { return 32 * warpsM * warpsN + (tma ? 32 : 0); }
  int64_t sharedBytes() const { return shared; }
  rtgpu::GemmStrategyAttr toAttr(MLIRContext *ctx) const;
  static TileConfig get(rtgpu::GemmStrategyAttr attr);
};

/// The heuristic's tile for `group` if the tiled kernel supports it
/// (float16 MatMul/Gemm/convolution root, epilogue of views and same-shape
/// element-wise ops) on `target` (its features pick the kernel, its SM
/// count sizes the waves of blocks); nullopt if the group needs the
/// elemental kernel.
std::optional<TileConfig> chooseGemmTile(FusionGroupOp group,
                                         rtgpu::TargetAttr target);

/// Whether the group's GEMM operands can be loaded through TMA tensor maps
/// (what a tile with load = tma needs).
bool supportsTmaLoads(FusionGroupOp group);

/// Whether `op` only remaps indices (reshape, transpose, split, ...).
bool isView(Operation *op);

/// For each group output, the views from `root` to it (innermost first),
/// or nullopt if some output does not reach the root through one chain of
/// views and same-shape element-wise ops (then the root's value at an
/// element cannot stand for the accumulator of that element).
std::optional<SmallVector<SmallVector<Value>>>
analyzeEpilogue(FusionGroupOp group, Operation *root);

/// Indices of view result `to` from indices `idx` of its operand; `valid`
/// is and-ed with whether the element is part of the result (splits).
SmallVector<Value> forwardView(Emitter &em, OpBuilder &b, Location loc,
                               Value to, ArrayRef<Value> idx, Value &valid);

/// Stores group output `o` at root element `rootIdx`: the indices mapped
/// forward through `chain` (the output's views), the store guarded by their
/// validity, the value pulled through the emitter (set the root's override
/// first).
LogicalResult storeOutput(OpBuilder &b, Location loc, Emitter &em,
                          FusionGroupOp group, Block &entry, unsigned o,
                          ArrayRef<Value> rootIdx, ArrayRef<Value> chain);

/// Stores every group output at the root element `rootIdx` (views mapped
/// forward), with the root overridden by `rootValue`.
LogicalResult storeOutputs(OpBuilder &b, Location loc, Emitter &em,
                           FusionGroupOp group, Block &entry, Value root,
                           Value rootValue, ArrayRef<Value> rootIdx,
                           ArrayRef<SmallVector<Value>> chains);

/// Whether a view chain keeps 8 consecutive root columns (from a multiple
/// of 8) as 8 consecutive innermost elements of the output.
bool columnsContiguous(ArrayRef<Value> chain);

/// Stores every group output at 8 consecutive root columns: `roots[j]` is
/// the root's value at `rootIdx0` with its last index + j (a multiple of 8
/// in an extent that is one). The root-shaped values the outputs' views
/// start from (a bias added before a head split) are evaluated at the root
/// indices first, their column-indexed operands 16 bytes at a time; an
/// output whose views keep the columns contiguous (`contiguous[o]`) gets
/// one 16-byte store, the others element stores.
LogicalResult storeColumns(OpBuilder &b, Location loc, Emitter &em,
                           FusionGroupOp group, Block &entry, Value rootValue,
                           ArrayRef<Value> roots, ArrayRef<Value> rootIdx0,
                           ArrayRef<SmallVector<Value>> chains,
                           ArrayRef<bool> contiguous);

/// Per-lane offsets for an ldmatrix x4 over a 16 x 16 tile of 16-bit
/// values (each lane supplies one row address): l8 = lane % 8, l16 =
/// lane % 16, hi16 = (lane / 16) * 8, mid8 = ((lane / 8) % 2) * 8.
struct LdMatrixLanes {
  Value l8, l16, hi16, mid8;
  LdMatrixLanes(OpBuilder &b, Location loc, Emitter &em, Value lane);
};

/// The two n8 B fragments (vector<2x2xT>: rows 0-1, rows 2-3) held by an
/// ldmatrix x4 result (vector<4x2xT>); rows of 2-D vectors lower to LLVM
/// array elements.
std::array<Value, 2> splitBFragments(OpBuilder &b, Location loc, Value x4);

/// acc + a * b on tensor cores (mma.sync m16n8k16, float32 accumulation):
/// `a` vector<4x2xT>, `b` vector<2x2xT>, `acc` vector<2x2xf32>, T float16
/// (nvgpu.mma.sync) or bfloat16 (nvvm.mma.sync on packed registers: nvgpu's
/// lowering has no bfloat16 form).
Value mmaSync(OpBuilder &b, Location loc, Value a, Value bFrag, Value acc);

/// Emits the body of `func` (arguments: group inputs then results) as the
/// tiled GEMM kernel with `tile`, and its launch dimensions (a persistent
/// kernel launches at most one block per SM of `target`).
LogicalResult emitTiledGemm(FusionGroupOp group, gpu::GPUFuncOp func,
                            const TileConfig &tile, KernelLaunch &launch,
                            rtgpu::TargetAttr target);

} // namespace gpugen
} // namespace rt
} // namespace mlir

#endif // RT_LIB_CONVERSION_RTTOGPU_TILEDGEMM_H
