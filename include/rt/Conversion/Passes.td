//===- Passes.td - rt conversion passes --------------------*- tablegen -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_CONVERSION_PASSES_TD
#define RT_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertRTToLinalgPass : Pass<"convert-rt-to-linalg", "func::FuncOp"> {
  let summary = "Lower rt ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Rewrites every rt op into upstream dialects on tensors: element-wise ops
    (with NumPy broadcasting) and reductions become `linalg.generic`,
    matrix products and convolutions become `linalg.generic` contractions,
    data movement becomes `tensor` ops, constants become `arith.constant`.
    This is rt's reference semantics: the CPU pipeline (`rt-cpu-pipeline`)
    bufferizes and lowers the result to LLVM, and every graph-level pass is
    checked numerically through it.

    Ops whose shapes are not static where the lowering needs them, and ops
    without a lowering yet, are reported with an error naming the op and the
    reason; the pass then fails.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // RT_CONVERSION_PASSES_TD
