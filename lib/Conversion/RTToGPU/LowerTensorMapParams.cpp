//===- LowerTensorMapParams.cpp - TMA tensor maps as kernel parameters ----===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// A TMA tensor map (CUtensorMap, 128 bytes) embeds its tensor's address, so
// the runtime encodes it once buffers are placed and passes it by value, as
// CUDA C++ passes a `const __grid_constant__ CUtensorMap`. convert-gpu-to-
// nvvm cannot express that on gpu.func; this pass adds the parameter
// attributes to the lowered llvm.func.
//
//===----------------------------------------------------------------------===//

#include "rt/Conversion/RTToGPU/RTToGPU.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_LOWERTENSORMAPPARAMSPASS
#include "rt/Conversion/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;

namespace {
struct LowerTensorMapParamsPass
    : public mlir::rt::impl::LowerTensorMapParamsPassBase<
          LowerTensorMapParamsPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    Builder b(ctx);
    auto byval = LLVM::LLVMArrayType::get(IntegerType::get(ctx, 8), 128);
    WalkResult r = getOperation().walk([&](LLVM::LLVMFuncOp func) {
      auto args = func->getAttrOfType<DenseI32ArrayAttr>("rt.tensor_map_args");
      if (!args)
        return WalkResult::advance();
      for (int32_t i : args.asArrayRef()) {
        if (i < 0 || i >= (int32_t)func.getNumArguments() ||
            !isa<LLVM::LLVMPointerType>(func.getArgument(i).getType())) {
          func.emitError() << "rt.tensor_map_args names parameter " << i
                           << ", which is not a pointer parameter of @"
                           << func.getName();
          return WalkResult::interrupt();
        }
        func.setArgAttr(i, LLVM::LLVMDialect::getByValAttrName(),
                        TypeAttr::get(byval));
        func.setArgAttr(i, LLVM::LLVMDialect::getAlignAttrName(),
                        b.getI32IntegerAttr(64));
        func.setArgAttr(i, "nvvm.grid_constant", b.getUnitAttr());
      }
      func->removeAttr("rt.tensor_map_args");
      return WalkResult::advance();
    });
    if (r.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
