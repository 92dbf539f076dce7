//===- RTFusionOps.td - kernels and fused operators --------*- tablegen -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Operations that graph optimization introduces: fusion groups (one GPU
// kernel each) and fused operators that have no single ONNX counterpart.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RT_IR_RTFUSIONOPS_TD
#define RT_DIALECT_RT_IR_RTFUSIONOPS_TD

include "rt/Dialect/RT/IR/RTBase.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

def RT_FusionGroupOp : Op<RT_Dialect, "fusion_group", [
    IsolatedFromAbove, SingleBlockImplicitTerminator<"::mlir::rt::YieldOp">,
    RecursiveMemoryEffects]> {
  let summary = "a group of ops that becomes one kernel";
  let description = [{
    The unit of code generation: the ops of the body compute the group's
    results from its inputs (the body's block arguments, in order) and become
    one GPU kernel. `rt-fuse` forms the groups; the body holds ordinary rt
    ops, so every rt pass and the CPU lowering (after `rt-inline-fusion-groups`)
    still understand it.

    `kind` names the kernel template that will implement the group:

    | kind | root | fused |
    |---|---|---|
    | `gemm` | MatMul, Gemm | elementwise epilogue (bias, activation, residual) |
    | `conv` | Conv, ConvTranspose | elementwise epilogue (bias, BatchNorm, activation, residual) |
    | `attention` | `rt.attention` | - |
    | `reduction` | Softmax, LayerNorm, reductions, pooling | elementwise prologue and epilogue |
    | `elementwise` | - | elementwise and broadcast ops, transposes and reshapes as indexing |
    | `copy` | Concat, Slice, Gather, Pad, ... | - |

    `name` identifies the kernel in reports and profiles (it is the ONNX
    name of the root node). Large constants are inputs; scalar and small
    constants live in the body. GPU code generation records the kernel's
    strategy on the group as `rtgpu.strategy` (see the rtgpu dialect).

    ```mlir
    %y = rt.fusion_group "Conv_0" kind "conv" (%x, %w, %b) : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32> {
    ^bb0(%a: tensor<1x3x8x8xf32>, %k: tensor<4x3x3x3xf32>, %c: tensor<4xf32>):
      %0 = rt.conv %a, %k, %c : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
      %1 = rt.relu %0 : (tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
      rt.yield %1 : tensor<1x4x6x6xf32>
    }
    ```
  }];
  let arguments = (ins Variadic<AnyTensor>:$inputs, StrAttr:$name,
                       StrAttr:$kind);
  let results = (outs Variadic<AnyTensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $name `kind` $kind `(` $inputs `)` attr-dict `:` functional-type($inputs, $results) $body
  }];
  let hasVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [
    OpBuilder<(ins "::mlir::TypeRange":$resultTypes,
                   "::mlir::ValueRange":$inputs, "::llvm::StringRef":$name,
                   "::llvm::StringRef":$kind)>
  ];
  let extraClassDeclaration = [{
    /// The kinds rt-fuse produces (see the description).
    static ::llvm::ArrayRef<::llvm::StringLiteral> getKinds();
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
    /// The single op of the body that is not elementwise or a view, if any.
    ::mlir::Operation *getRoot();
  }];
}

def RT_YieldOp : Op<RT_Dialect, "yield", [
    Pure, Terminator, ReturnLike, HasParent<"FusionGroupOp">]> {
  let summary = "results of a fusion group";
  let description = [{
    Terminates the body of `rt.fusion_group`; its operands are the group's
    results.
  }];
  let arguments = (ins Variadic<AnyTensor>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
  let builders = [OpBuilder<(ins), [{ /* no values */ }]>];
}

def RT_AttentionOp : RT_PureOp<"attention"> {
  let summary = "scaled dot-product attention";
  let description = [{
    `softmax(query * key^T * scale + mask) * value` over the last two
    dimensions, for `query` `[..., Sq, D]`, `key` `[..., Sk, D]` and `value`
    `[..., Sk, Dv]` (leading dimensions broadcast as in MatMul). `mask` is
    added to the scores (it broadcasts to `[..., Sq, Sk]`; `-inf` masks a
    position). With `is_causal`, position `j > i` of row `i` is masked
    (aligned at the top-left). The softmax is exactly `rt.softmax`'s, so a
    row masked entirely with `-inf` gives NaN probabilities; with
    `nan_guard` they become 0 (the guarded softmax PyTorch exports, where
    fully masked rows produce zeros). `rt-fuse-attention` recognizes the op
    in exported graphs, so that a flash-attention kernel can implement it
    without materializing the scores.

    ```mlir
    %o = rt.attention %q, %k, %v {scale = 1.250000e-01 : f32} : (tensor<1x12x128x64xf32>, tensor<1x12x128x64xf32>, tensor<1x12x128x64xf32>) -> tensor<1x12x128x64xf32>
    ```
  }];
  let arguments = (ins RT_FloatTensor:$query, RT_FloatTensor:$key,
                       RT_FloatTensor:$value, Optional<RT_FloatTensor>:$mask,
                       F32Attr:$scale,
                       DefaultValuedAttr<I64Attr, "0">:$is_causal,
                       DefaultValuedAttr<I64Attr, "0">:$nan_guard);
  let results = (outs RT_FloatTensor:$output);
  let assemblyFormat = [{
    $query `,` $key `,` $value (`mask` $mask^)? attr-dict `:` functional-type(operands, $output)
  }];
}

#endif // RT_DIALECT_RT_IR_RTFUSIONOPS_TD
