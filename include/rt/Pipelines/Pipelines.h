//===- Pipelines.h - rt pass pipelines --------------------------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_PIPELINES_PIPELINES_H
#define RT_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
namespace rt {

/// Options of the graph-level optimization pipeline.
struct GraphOptimizationOptions
    : public PassPipelineOptions<GraphOptimizationOptions> {
  Option<bool> foldConstants{*this, "fold-constants",
                             llvm::cl::desc("Evaluate constant subgraphs"),
                             llvm::cl::init(true)};
  Option<bool> canonicalize{*this, "canonicalize",
                            llvm::cl::desc("Run the canonicalizer"),
                            llvm::cl::init(true)};
};

/// Graph-level cleanup on imported models: constant folding (shape
/// subgraphs), shape inference, canonicalization and dead-code elimination.
/// Leaves every shape that the model determines static.
void buildGraphOptimizationPipeline(OpPassManager &pm,
                                    const GraphOptimizationOptions &options);

/// Registers rt's named pipelines with the global pass registry, for
/// `rt-opt --rt-graph-opt`.
void registerPipelines();

} // namespace rt
} // namespace mlir

#endif // RT_PIPELINES_PIPELINES_H
