//===- ShapeInference.cpp - refine rt result types ------------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RT/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_RTSHAPEINFERENCEPASS
#include "rt/Dialect/RT/Transforms/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;

unsigned mlir::rt::inferShapes(func::FuncOp func, bool updateSignature) {
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
      if (newType == result.getType())
        continue;
      // Users outside the rt dialect (other than returns, handled below)
      // keep seeing the old type through a cast.
      SmallVector<OpOperand *> foreignUses;
      for (OpOperand &use : result.getUses())
        if (!isa<RTDialect>(use.getOwner()->getDialect()) &&
            !isa<func::ReturnOp, tensor::CastOp>(use.getOwner()))
          foreignUses.push_back(&use);
      Type oldType = result.getType();
      result.setType(newType);
      if (!foreignUses.empty()) {
        OpBuilder b(op->getContext());
        b.setInsertionPointAfter(op);
        Value cast = tensor::CastOp::create(b, op->getLoc(), oldType, result);
        for (OpOperand *use : foreignUses)
          use->set(cast);
      }
      ++refined;
    }
  });
  if (func.getBody().empty())
    return refined;
  auto ret = dyn_cast<func::ReturnOp>(func.getBody().back().getTerminator());
  if (!ret)
    return refined;
  ArrayRef<Type> declared = func.getResultTypes();
  if (updateSignature) {
    // Absorb casts that only restored a less refined declared type.
    for (OpOperand &operand : ret->getOpOperands()) {
      auto cast = operand.get().getDefiningOp<tensor::CastOp>();
      if (!cast)
        continue;
      Type src = cast.getSource().getType();
      if (refineType(cast.getType(), src) != src)
        continue;
      operand.set(cast.getSource());
      if (cast->use_empty())
        cast->erase();
    }
    SmallVector<Type> results(ret.getOperandTypes());
    if (TypeRange(results) != TypeRange(declared))
      func.setType(FunctionType::get(func.getContext(), func.getArgumentTypes(),
                                     results));
    return refined;
  }
  OpBuilder b(ret);
  for (auto [operand, type] : llvm::zip(ret->getOpOperands(), declared)) {
    if (operand.get().getType() == type)
      continue;
    operand.set(tensor::CastOp::create(b, ret.getLoc(), type, operand.get()));
  }
  return refined;
}

namespace {
struct RTShapeInferencePass
    : public mlir::rt::impl::RTShapeInferencePassBase<RTShapeInferencePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    // Refining a callee refines its calls, which may refine the caller:
    // iterate (each round either refines something or stops; types only get
    // more refined, so this terminates).
    bool changed = true;
    while (changed) {
      changed = false;
      for (auto func : module.getOps<func::FuncOp>()) {
        FunctionType before = func.getFunctionType();
        numRefined += inferShapes(func, /*updateSignature=*/true);
        changed |= func.getFunctionType() != before;
      }
      module.walk([&](func::CallOp call) {
        auto callee = symbols.lookup<func::FuncOp>(call.getCallee());
        if (!callee)
          return;
        for (auto [result, type] :
             llvm::zip(call.getResults(), callee.getResultTypes())) {
          if (result.getType() == type ||
              refineType(result.getType(), type) != type)
            continue;
          Type oldType = result.getType();
          SmallVector<OpOperand *> foreignUses;
          for (OpOperand &use : result.getUses())
            if (!isa<RTDialect>(use.getOwner()->getDialect()) &&
                !isa<func::ReturnOp, tensor::CastOp>(use.getOwner()))
              foreignUses.push_back(&use);
          result.setType(type);
          if (!foreignUses.empty()) {
            OpBuilder b(call);
            b.setInsertionPointAfter(call);
            Value cast =
                tensor::CastOp::create(b, call.getLoc(), oldType, result);
            for (OpOperand *use : foreignUses)
              use->set(cast);
          }
          ++numRefined;
          changed = true;
        }
      });
    }
  }
};
} // namespace
