//===- EliminateDeadCode.cpp - remove unused rt ops -----------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RT/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/FoldUtils.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_RTELIMINATEDEADCODEPASS
#include "rt/Dialect/RT/Transforms/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;

namespace {
struct RTEliminateDeadCodePass
    : public mlir::rt::impl::RTEliminateDeadCodePassBase<RTEliminateDeadCodePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    // Deduplicate equal constants first so their users share one op.
    OperationFolder folder(&getContext());
    SmallVector<ConstantOp> constants;
    func.walk([&](ConstantOp op) { constants.push_back(op); });
    for (ConstantOp op : constants) {
      bool inPlace = false;
      if (succeeded(folder.tryToFold(op, &inPlace)) && !inPlace)
        ++numErased;
    }
    // Erase trivially dead ops in reverse order so that whole dead chains
    // go in one sweep.
    SmallVector<Operation *> ops;
    func.walk([&](Operation *op) { ops.push_back(op); });
    for (Operation *op : llvm::reverse(ops)) {
      if (isOpTriviallyDead(op)) {
        op->erase();
        ++numErased;
      }
    }
  }
};
} // namespace
