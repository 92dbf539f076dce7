//===- FoldConstants.cpp - evaluate constant rt subgraphs -----------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RT/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/FoldUtils.h"

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_RTFOLDCONSTANTSPASS
#include "rt/Dialect/RT/Transforms/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;

namespace {
struct RTFoldConstantsPass
    : public mlir::rt::impl::RTFoldConstantsPassBase<RTFoldConstantsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    OperationFolder folder(&getContext());
    // Folding a shape computation makes downstream shapes static, which in
    // turn lets more ops (Shape, Size) fold: iterate to a fixed point. Each
    // round either folds something or stops, and every fold removes an op.
    bool changed = true;
    while (changed) {
      changed = false;
      inferShapes(func, /*updateSignature=*/false);
      SmallVector<Operation *> ops;
      func.walk([&](Operation *op) {
        if (isa<RTDialect>(op->getDialect()) && !isa<ConstantOp>(op))
          ops.push_back(op);
      });
      for (Operation *op : ops) {
        bool inPlace = false;
        if (succeeded(folder.tryToFold(op, &inPlace)) && !inPlace) {
          ++numFolded;
          changed = true;
        }
      }
    }
    inferShapes(func, /*updateSignature=*/false);
  }
};
} // namespace
