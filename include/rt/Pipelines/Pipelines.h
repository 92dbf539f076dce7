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

/// The full optimization pipeline on imported models: the graph pipeline,
/// attention recognition, merging of parallel MatMuls, and fusion into
/// `rt.fusion_group`s (one per kernel).
void buildOptimizationPipeline(OpPassManager &pm,
                               const GraphOptimizationOptions &options);

/// Options of the CPU reference pipeline.
struct CPUPipelineOptions : public PassPipelineOptions<CPUPipelineOptions> {
  Option<std::string> entry{
      *this, "entry", llvm::cl::desc("Entry function (gets a C interface)"),
      llvm::cl::init("main")};
  Option<bool> optimize{
      *this, "optimize",
      llvm::cl::desc("Run the optimization pipeline (rt-optimize) first, so "
                     "the CPU executes what the GPU would (fusion groups are "
                     "inlined again and rt.attention decomposed)"),
      llvm::cl::init(true)};
  Option<std::string> reportJson{
      *this, "report-json",
      llvm::cl::desc("Write the explain report (rt-report) as JSON here"),
      llvm::cl::init("")};
  Option<std::string> reportText{
      *this, "report-text",
      llvm::cl::desc("Write the readable explain report here (- = stdout)"),
      llvm::cl::init("")};
};

/// Lowers an rt module to the LLVM dialect for execution on the host CPU:
/// the graph pipeline, convert-rt-to-linalg, one-shot bufferization (results
/// become out-parameters), loops, and LLVM. The entry function gets a C
/// interface (`_mlir_ciface_<entry>`) taking pointers to memref descriptors:
/// inputs first, then outputs. Needs static shapes (see rt-set-input-shapes).
void buildCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &options);

/// Registers rt's named pipelines with the global pass registry, for
/// `rt-opt --rt-graph-opt`.
void registerPipelines();

} // namespace rt
} // namespace mlir

#endif // RT_PIPELINES_PIPELINES_H
