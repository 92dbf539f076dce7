//===- RTToGPU.h - rt fusion groups to GPU kernels --------------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_CONVERSION_RTTOGPU_RTTOGPU_H
#define RT_CONVERSION_RTTOGPU_RTTOGPU_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"
#include "rt/Dialect/RTGPU/IR/RTGPU.h"

namespace mlir {
namespace rt {

#define GEN_PASS_DECL_SETGPUTARGETPASS
#define GEN_PASS_DECL_PREPAREKERNELOPERANDSPASS
#define GEN_PASS_DECL_CONFIGUREKERNELSPASS
#define GEN_PASS_DECL_CONVERTRTTOGPUPASS
#define GEN_PASS_DECL_LOWERTENSORMAPPARAMSPASS
#define GEN_PASS_DECL_ATTACHNVVMTARGETPASS
#include "rt/Conversion/Passes.h.inc"

/// Parses a gemm-tile option: a #rtgpu.override, or the entries inside its
/// angle brackets (optionally in braces, names optionally quoted). Null,
/// with `problem` set, if it is not one.
rtgpu::StrategyOverrideAttr
parseStrategyOverride(MLIRContext *ctx, StringRef option, std::string *problem);

} // namespace rt
} // namespace mlir

#endif // RT_CONVERSION_RTTOGPU_RTTOGPU_H
