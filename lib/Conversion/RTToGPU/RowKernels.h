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

/// Emits `func` as the tensor-core flash-attention kernel.
LogicalResult emitAttentionMma(FusionGroupOp group, gpu::GPUFuncOp func,
                               KernelLaunch &launch);

/// The heuristic's tile attribute for a row kernel (kernel =
/// "attention_mma", "attention_row" or "norm_row", block = threads) if
/// `group` fits one, on `target` (its SM count picks the rows per block).
std::optional<DictionaryAttr> chooseRowKernel(FusionGroupOp group,
                                              rtgpu::TargetAttr target);

/// Emits the body of `func` as row kernel `kind` with `threads` per block.
LogicalResult emitRowKernel(FusionGroupOp group, gpu::GPUFuncOp func,
                            StringRef kind, int64_t threads,
                            KernelLaunch &launch);

/// The heuristic's tile attribute (kernel = "depthwise_conv", block =
/// threads) for a channels-last depthwise convolution group the vectorized
/// kernel supports (channels a multiple of 8, at most 7 x 7 taps).
std::optional<DictionaryAttr> chooseDepthwiseConv(FusionGroupOp group);

/// Emits `func` as the depthwise convolution kernel: 8 channels of one
/// output pixel per thread.
LogicalResult emitDepthwiseConv(FusionGroupOp group, gpu::GPUFuncOp func,
                                KernelLaunch &launch);

} // namespace gpugen
} // namespace rt
} // namespace mlir

#endif // RT_LIB_CONVERSION_RTTOGPU_ROWKERNELS_H
