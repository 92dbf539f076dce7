//===- ShapeInference.cpp - refine rt result types ------------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RT/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_RTSHAPEINFERENCEPASS
#include "rt/Dialect/RT/Transforms/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;

unsigned mlir::rt::inferShapes(func::FuncOp func) {
  unsigned refined = 0;
  func.walk([&](Operation *op) {
    if (!isa<RTDialect>(op->getDialect()))
      return;
    auto infer = dyn_cast<InferTypeOpInterface>(op);
    if (!infer)
      return;
    SmallVector<Type> inferred;
    // Diagnostics are the verifier's business; here failure means "no
    // information".
    ScopedDiagnosticHandler silence(op->getContext(),
                                    [](Diagnostic &) { return success(); });
    if (failed(infer.inferReturnTypes(
            op->getContext(), op->getLoc(), op->getOperands(),
            op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
            op->getRegions(), inferred)) ||
        inferred.size() != op->getNumResults())
      return;
    for (auto [result, type] : llvm::zip(op->getResults(), inferred)) {
      Type newType = refineType(result.getType(), type);
      if (newType != result.getType()) {
        result.setType(newType);
        ++refined;
      }
    }
  });
  // Keep the signature in sync with what the function returns.
  if (!func.getBody().empty()) {
    auto ret = dyn_cast<func::ReturnOp>(func.getBody().back().getTerminator());
    if (ret) {
      SmallVector<Type> results(ret.getOperandTypes());
      if (TypeRange(results) != func.getResultTypes())
        func.setType(FunctionType::get(func.getContext(),
                                       func.getArgumentTypes(), results));
    }
  }
  return refined;
}

namespace {
struct RTShapeInferencePass
    : public mlir::rt::impl::RTShapeInferencePassBase<RTShapeInferencePass> {
  void runOnOperation() override { numRefined += inferShapes(getOperation()); }
};
} // namespace
