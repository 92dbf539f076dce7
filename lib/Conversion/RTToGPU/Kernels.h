//===- Kernels.h - the kernel families' entry points ------------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// What the passes of GPU code generation call: each family's heuristic
// (choose*: the strategy it would give a group, used by
// rt-configure-kernels) and emitter (emit*: a gpu.func from a group and its
// strategy, used by convert-rt-to-gpu).
//
//===----------------------------------------------------------------------===//

#ifndef RT_LIB_CONVERSION_RTTOGPU_KERNELS_H
#define RT_LIB_CONVERSION_RTTOGPU_KERNELS_H

#include "RowKernels.h"
#include "TiledGemm.h"

namespace mlir {
namespace rt {
namespace gpugen {

/// Emits the body of `func` as the elemental kernel: a grid-stride loop
/// over the output elements (one loop per result shape), `strategy`'s
/// threads per block.
LogicalResult emitElemental(FusionGroupOp group, gpu::GPUFuncOp func,
                            rtgpu::ElementalStrategyAttr strategy,
                            KernelLaunch &launch);

} // namespace gpugen
} // namespace rt
} // namespace mlir

#endif // RT_LIB_CONVERSION_RTTOGPU_KERNELS_H
