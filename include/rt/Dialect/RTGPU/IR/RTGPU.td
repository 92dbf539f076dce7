//===- RTGPU.td - rtgpu dialect ----------------------------*- tablegen -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RTGPU_IR_RTGPU_TD
#define RT_DIALECT_RTGPU_IR_RTGPU_TD

include "rt/Dialect/RTGPU/IR/RTGPUBase.td"
include "rt/Dialect/RTGPU/IR/RTGPUAttrs.td"
include "rt/Dialect/RTGPU/IR/RTGPUStrategies.td"

#endif // RT_DIALECT_RTGPU_IR_RTGPU_TD
