//===- onnx-import-fuzzer.cpp - libFuzzer target: the ONNX importer -------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Feeds arbitrary bytes to the ONNX importer as a model file. Every input
// must end in a module that verifies or in diagnostics: never a crash, a
// sanitizer report, a leak or a hang (docs/Security.md). With
// RT_FUZZ_PIPELINE defined (onnx-pipeline-fuzzer), models that import also
// run through the graph pipeline (shape inference, folding,
// canonicalization) and the optimization pipeline's fusion and memory
// planning.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTDialect.h"
#include "rt/InitAllDialects.h"
#include "rt/Pipelines/Pipelines.h"
#include "rt/Target/ONNX/ONNXImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"

#include <cstdint>
#include <cstdlib>
#include <memory>

using namespace mlir;

namespace {
/// One context for many inputs (creating one per input would be most of
/// the time), replaced every so often: uniqued types, attributes and
/// resource blobs accumulate in it.
class FuzzContext {
public:
  MLIRContext &get() {
    if (!ctx || ++uses > 2000) {
      ctx = std::make_unique<MLIRContext>(MLIRContext::Threading::DISABLED);
      DialectRegistry registry;
      rt::registerAllDialects(registry);
      ctx->appendDialectRegistry(registry);
      ctx->getOrLoadDialect<rt::RTDialect>();
      ctx->getOrLoadDialect<func::FuncDialect>();
      uses = 0;
    }
    return *ctx;
  }

private:
  std::unique_ptr<MLIRContext> ctx;
  int uses = 0;
};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static FuzzContext contexts;
  MLIRContext &ctx = contexts.get();
  // Diagnostics are the expected outcome for most inputs: drop them.
  ScopedDiagnosticHandler quiet(&ctx, [](Diagnostic &) { return success(); });
  rt::ONNXImportOptions options;
  // A fuzzer's memory is small: keep what a model may declare well inside
  // it, as a deployment would with --max-tensor-bytes.
  options.maxTensorBytes = int64_t(64) << 20;
  options.maxNodes = 4096;
  // External data resolves against a folder that does not exist.
  OwningOpRef<ModuleOp> module = rt::importONNXModel(
      &ctx, StringRef(reinterpret_cast<const char *>(data), size),
      "/nonexistent-rt-fuzz/model.onnx", options);
  if (!module)
    return 0;
  if (failed(verify(*module)))
    std::abort(); // The importer returned a module that does not verify.
#ifdef RT_FUZZ_PIPELINE
  PassManager pm(&ctx);
  rt::buildOptimizationPipeline(pm, rt::GraphOptimizationOptions());
  (void)pm.run(*module);
#endif
  return 0;
}
