//===- TiledGemm.h - tensor-core GEMM and convolution kernels ---*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_LIB_CONVERSION_RTTOGPU_TILEDGEMM_H
#define RT_LIB_CONVERSION_RTTOGPU_TILEDGEMM_H

#include "Emitter.h"

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

/// Tile configuration of the tiled GEMM kernel, as recorded in a fusion
/// group's `tile` attribute (kernel = "wmma_gemm").
struct TileConfig {
  int64_t blockM = 64, blockN = 64, blockK = 32;
  int64_t warpsM = 2, warpsN = 2;
  DictionaryAttr toAttr(MLIRContext *ctx) const;
  /// Reads and checks a recorded configuration (errors name the group).
  static FailureOr<TileConfig> fromAttr(FusionGroupOp group,
                                        DictionaryAttr attr);
};

/// The heuristic's tile for `group` if the tiled kernel supports it
/// (float16 MatMul/Gemm/convolution root, epilogue of views and same-shape
/// element-wise ops); nullopt if the group needs the elemental kernel.
std::optional<TileConfig> chooseGemmTile(FusionGroupOp group);

/// Emits the body of `func` (arguments: group inputs then results) as the
/// tiled GEMM kernel with `tile`, and its launch dimensions.
LogicalResult emitTiledGemm(FusionGroupOp group, gpu::GPUFuncOp func,
                            const TileConfig &tile, KernelLaunch &launch);

} // namespace gpugen
} // namespace rt
} // namespace mlir

#endif // RT_LIB_CONVERSION_RTTOGPU_TILEDGEMM_H
