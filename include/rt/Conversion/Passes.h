//===- Passes.h - rt conversion passes --------------------------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_CONVERSION_PASSES_H
#define RT_CONVERSION_PASSES_H

#include "rt/Conversion/RTToGPU/RTToGPU.h"
#include "rt/Conversion/RTToLinalg/RTToLinalg.h"

namespace mlir {
namespace rt {

#define GEN_PASS_REGISTRATION
#include "rt/Conversion/Passes.h.inc"

} // namespace rt
} // namespace mlir

#endif // RT_CONVERSION_PASSES_H
