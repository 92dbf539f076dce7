//===- InitAllPasses.h - register rt's passes and pipelines -----*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_INITALLPASSES_H
#define RT_INITALLPASSES_H

#include "rt/Conversion/Passes.h"
#include "rt/Dialect/RT/Transforms/Passes.h"
#include "rt/Pipelines/Pipelines.h"

namespace mlir {
namespace rt {

/// Registers every rt pass and named pipeline.
inline void registerAllPasses() {
  registerRTPasses();
  registerRTConversionPasses();
  registerPipelines();
}

} // namespace rt
} // namespace mlir

#endif // RT_INITALLPASSES_H
