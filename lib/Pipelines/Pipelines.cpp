//===- Pipelines.cpp - rt pass pipelines ----------------------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Pipelines/Pipelines.h"
#include "rt/Dialect/RT/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void rt::buildGraphOptimizationPipeline(
    OpPassManager &pm, const GraphOptimizationOptions &options) {
  pm.addPass(createRTShapeInferencePass());
  OpPassManager &fpm = pm.nest<func::FuncOp>();
  if (options.foldConstants)
    fpm.addPass(createRTFoldConstantsPass());
  if (options.canonicalize)
    fpm.addPass(createCanonicalizerPass());
  // Signatures follow the refined results (and absorb the casts that the
  // function-level passes put before returns).
  pm.addPass(createRTShapeInferencePass());
  pm.nest<func::FuncOp>().addPass(createRTEliminateDeadCodePass());
}

void rt::registerPipelines() {
  PassPipelineRegistration<GraphOptimizationOptions>(
      "rt-graph-opt",
      "Graph-level optimization of imported models: constant folding, shape "
      "inference, canonicalization and dead-code elimination",
      buildGraphOptimizationPipeline);
}
