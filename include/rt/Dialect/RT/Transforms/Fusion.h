//===- Fusion.h - op classes for fusion and kernel counting -----*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RT_TRANSFORMS_FUSION_H
#define RT_DIALECT_RT_TRANSFORMS_FUSION_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Operation.h"
#include "llvm/Support/JSON.h"

#include <string>

namespace mlir {
namespace rt {

/// How an rt op takes part in fusion.
enum class OpClass {
  Constant, ///< rt.constant: data, not a kernel.
  View,     ///< Reshape, Flatten, Squeeze, Unsqueeze, Identity: no data moves.
  Elementwise, ///< Elementwise with broadcasting (and Transpose, Expand,
               ///< BatchNorm, Q/DQ).
  Gemm,        ///< MatMul, Gemm, Einsum.
  Conv,        ///< Conv, ConvTranspose.
  Attention,   ///< rt.attention.
  Reduction,   ///< Softmax, normalizations, reductions, pooling.
  Copy, ///< Everything else that moves data (Concat, Slice, Gather, ...).
};

OpClass classifyOp(Operation *op);

/// The `kind` of a fusion group rooted at (or made of) ops of class `c`.
StringRef getGroupKind(OpClass c);

/// True if `op` becomes a kernel of its own when not fused: rt ops other
/// than constants and views, and fusion groups.
bool isKernel(Operation *op);

/// The value whose storage `v` uses: `v` itself, or, through views outside
/// fusion groups (reshape, squeeze, ...), the value they view.
Value getStorageValue(Value v);

/// The ONNX node name of `op` (its NameLoc), else its op name.
std::string getOpDisplayName(Operation *op);

/// The explain report of one optimized function (after rt-fuse and
/// rt-plan-memory): kernel counts, kernels with their fused ops, outputs,
/// arena offsets and why each epilogue stopped, and the memory plan.
llvm::json::Object buildReport(func::FuncOp func);
/// The report as readable text.
void printReport(const llvm::json::Object &report, raw_ostream &os);

} // namespace rt
} // namespace mlir

#endif // RT_DIALECT_RT_TRANSFORMS_FUSION_H
