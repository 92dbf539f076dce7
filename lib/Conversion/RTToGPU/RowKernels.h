//===- RowKernels.h - attention and normalization kernels -------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_LIB_CONVERSION_RTTOGPU_ROWKERNELS_H
#define RT_LIB_CONVERSION_RTTOGPU_ROWKERNELS_H

#include "TiledGemm.h"

namespace mlir {
namespace rt {
namespace gpugen {

/// The single rt.attention of a group whose other ops are views, constants
/// and element-wise ops, or null.
AttentionOp attentionRoot(FusionGroupOp group);

/// Whether the tensor-core attention kernel (`attention_mma`) supports
/// `group`: float16 query, keys and values, head sizes multiples of 16 up
/// to 128.
bool fitsAttentionMma(FusionGroupOp group);

/// Emits `func` as the tensor-core flash-attention kernel (`strategy`
/// with kernel = mma).
LogicalResult emitAttentionMma(FusionGroupOp group, gpu::GPUFuncOp func,
                               rtgpu::AttentionStrategyAttr strategy,
                               KernelLaunch &launch);

/// The heuristic's strategy for a row kernel (#rtgpu.attention or
/// #rtgpu.norm_row) if `group` fits one, on `target` (its SM count picks
/// the rows per block).
std::optional<rtgpu::KernelStrategyAttrInterface>
chooseRowKernel(FusionGroupOp group, rtgpu::TargetAttr target);

/// Emits the body of `func` as the row kernel `strategy` names: attention
/// with kernel = tile or row, or norm_row.
LogicalResult emitRowKernel(FusionGroupOp group, gpu::GPUFuncOp func,
                            rtgpu::KernelStrategyAttrInterface strategy,
                            KernelLaunch &launch);

/// Whether `group` is a channels-last depthwise convolution the vectorized
/// kernel supports (channels a multiple of 8, at most 7 x 7 taps).
bool fitsDepthwiseConv(FusionGroupOp group);

/// The heuristic's strategy for a group that fits the depthwise kernel.
std::optional<rtgpu::DepthwiseStrategyAttr>
chooseDepthwiseConv(FusionGroupOp group);

/// Emits `func` as the depthwise convolution kernel: 8 channels of one
/// output pixel per thread.
LogicalResult emitDepthwiseConv(FusionGroupOp group, gpu::GPUFuncOp func,
                                rtgpu::DepthwiseStrategyAttr strategy,
                                KernelLaunch &launch);

} // namespace gpugen
} // namespace rt
} // namespace mlir

#endif // RT_LIB_CONVERSION_RTTOGPU_ROWKERNELS_H
