//===- Passes.td - rt dialect graph passes -----------------*- tablegen -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RT_TRANSFORMS_PASSES_TD
#define RT_DIALECT_RT_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def RTShapeInferencePass : Pass<"rt-shape-inference", "ModuleOp"> {
  let summary = "Refine tensor result types from operand types and constants";
  let description = [{
    Walks each function in order and refines every rt op's result types with
    the types its `InferTypeOpInterface` implementation computes: dynamic
    dimensions become static where operands determine them, unranked results
    become ranked. Declared types are never loosened. Function signatures
    follow the refined return values (absorbing `tensor.cast`s that
    function-level passes inserted to keep old signatures), and `func.call`
    results follow their callees' signatures, until nothing changes. It is a
    module pass because it changes signatures that other functions read.

    Because result inference of Reshape, Expand, Slice and friends reads
    constant operands, run `rt-fold-constants` (or `canonicalize`) first so
    that exporter-generated shape computations become constants.
  }];
  let dependentDialects = ["::mlir::rt::RTDialect",
                           "::mlir::tensor::TensorDialect"];
  let statistics = [
    Statistic<"numRefined", "refined-results", "Number of result types refined">
  ];
}

def RTFoldConstantsPass : Pass<"rt-fold-constants", "func::FuncOp"> {
  let summary = "Evaluate rt ops whose operands are all constant";
  let description = [{
    Folds every rt op whose operands are constants with the op's folder,
    iterating with shape inference until nothing changes, so that shape
    subgraphs (`Shape -> Gather -> Concat -> Reshape`) collapse and the shapes
    downstream become static. Element-wise folders skip non-splat results of
    more than 65536 elements so weights are never expanded into textual IR;
    reshape-like ops on `dense_resource` weights are folded by re-typing the
    blob. Where a function's returned values get more refined types, a
    `tensor.cast` to the declared result type keeps the signature (a
    function pass must not change what callers see); `rt-shape-inference`
    absorbs those casts.
  }];
  let dependentDialects = ["::mlir::rt::RTDialect",
                           "::mlir::tensor::TensorDialect"];
  let statistics = [
    Statistic<"numFolded", "folded-ops", "Number of ops folded">
  ];
}

def RTEliminateDeadCodePass : Pass<"rt-eliminate-dead-code", "func::FuncOp"> {
  let summary = "Remove ops whose results are unused";
  let description = [{
    Erases side-effect-free operations none of whose results is used,
    transitively (a dead chain of producers goes with its last consumer), and
    duplicate constants. Function arguments and results are kept: they are
    the model's interface.
  }];
  let statistics = [
    Statistic<"numErased", "erased-ops", "Number of ops erased">
  ];
}

def RTSetInputShapesPass : Pass<"rt-set-input-shapes", "ModuleOp"> {
  let summary = "Give the model's inputs concrete shapes (like trtexec --shapes)";
  let description = [{
    Sets the types of the entry function's arguments to the static shapes in
    `shapes`, a comma-separated list of `name:DxDx...` (the ONNX input name
    from `rt.name`, or the argument position), then refines every type with
    shape inference. Each given shape must be compatible with the declared
    one (same rank, equal static dimensions); otherwise the pass fails naming
    the input.

    ```
    rt-opt model.mlir --rt-set-input-shapes="shapes=input:8x3x224x224"
    ```
  }];
  let options = [
    Option<"shapes", "shapes", "std::string", /*default=*/"\"\"",
           "Comma-separated name:DxDx... (or index:DxDx...) input shapes">,
    Option<"function", "function", "std::string", /*default=*/"\"main\"",
           "Name of the entry function">,
  ];
  let dependentDialects = ["::mlir::rt::RTDialect",
                           "::mlir::tensor::TensorDialect"];
}

def RTFuseGeluPass : Pass<"rt-fuse-gelu", "func::FuncOp"> {
  let summary = "Recognize GELU's element-wise forms as rt.gelu";
  let description = [{
    Rewrites `0.5 * x * (1 + Erf(x / sqrt(2)))` into `rt.gelu` and
    `0.5 * x * (1 + Tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))` (the cube as a
    Pow or as products) into `rt.gelu {approximate = "tanh"}`: the forms
    PyTorch exports for BERT, ViT and GPT-2. Products may come in any order
    and association; constants match within 1e-3 (relative), so float16
    constants match too. Subgraphs whose intermediates have other users are
    left alone. Code generators evaluate rt.gelu in its cheapest exact form.
  }];
  let dependentDialects = ["::mlir::rt::RTDialect"];
  let statistics = [
    Statistic<"numFused", "fused-gelu", "Number of GELU subgraphs fused">
  ];
}

def RTFuseAttentionPass : Pass<"rt-fuse-attention", "func::FuncOp"> {
  let summary = "Recognize scaled dot-product attention as rt.attention";
  let description = [{
    Rewrites `MatMul(Softmax(MatMul(Q, K^T) * scale + mask), V)`, with the
    scale on Q, K^T or the scores (multiplied or divided), an optional
    additive mask and PyTorch's NaN guard after the softmax, into one
    `rt.attention` op (the patterns the PyTorch exporter emits for BERT and
    GPT-2). A constant causal mask becomes `is_causal`. Subgraphs whose
    intermediates have other users are left alone.
  }];
  let dependentDialects = ["::mlir::rt::RTDialect"];
  let statistics = [
    Statistic<"numFused", "fused-attention", "Number of attention subgraphs fused">
  ];
}

def RTFoldWeightsPass : Pass<"rt-fold-weights", "func::FuncOp"> {
  let summary = "Fold weight-only computations into new weights";
  let description = [{
    Inference-mode BatchNormalization after a Conv becomes new filters and
    bias (`W * s / sqrt(var + eps)`, `(b - mean) * s / sqrt(var + eps) +
    beta`); so do per-channel Mul and Add by constants after a Conv; a
    Transpose of a constant becomes a transposed constant (resource blobs of
    any size included). The arithmetic is done in double and rounded to the
    weights' element type.
  }];
  let dependentDialects = ["::mlir::rt::RTDialect"];
}

def RTPadChannelsPass : Pass<"rt-pad-channels", "func::FuncOp"> {
  let summary = "Pad channels-last convolutions to a multiple of 8 channels";
  let description = [{
    A channels-last convolution (group 1, static shapes, float) whose input
    channel count is not a multiple of 8 — an image model's 3-channel stem —
    gets its input zero-padded along the channels (`rt.pad`) and its
    constant filters zero-padded at compile time. The result is unchanged
    (the extra channels multiply zeros); the GEMM kernels can then read the
    input window 16 bytes (8 float16 channels) at a time instead of gathering
    it element by element, for a K of `kh * kw * 8` instead of
    `kh * kw * C`.
  }];
  let dependentDialects = ["::mlir::rt::RTDialect"];
  let statistics = [
    Statistic<"numPadded", "num-padded", "Convolutions padded">,
  ];
}

def RTConvertLayoutPass : Pass<"rt-convert-layout", "func::FuncOp"> {
  let summary = "Choose the convolution layout (NHWC for tensor cores)";
  let description = [{
    With `layout=nhwc`, every convolution becomes channels-last
    (`channels_last = 1`) with Transposes at its boundary; Transposes sink
    through elementwise ops (constants are transposed at compile time) and
    compose, so that between consecutive convolutions they cancel and the
    activations stay NHWC. A patch-embedding convolution (kernel = stride,
    no padding or dilation, one group: ViT's stem) becomes a MatMul of the
    input reshaped into patches [N, H/p * W/p, C * p * q] by the flattened
    filters instead, plus the bias. With `layout=nchw`, channels-last
    convolutions go back to ONNX's form (for the CPU reference lowering).
  }];
  let options = [
    Option<"layout", "layout", "std::string", /*default=*/"\"nhwc\"",
           "nhwc (channels last) or nchw (ONNX order)">,
  ];
  let dependentDialects = ["::mlir::rt::RTDialect"];
  let statistics = [
    Statistic<"numTransposes", "transposes", "Transposes left in the function">
  ];
}

def RTMergeParallelMatMulsPass
    : Pass<"rt-merge-parallel-matmuls", "func::FuncOp"> {
  let summary = "Merge MatMuls that share an input into one GEMM";
  let description = [{
    MatMuls reading the same activation with constant 2-D weights of the
    same depth (the query, key and value projections of a transformer)
    become one MatMul with the weights concatenated along N at compile time,
    followed by `rt.split`. One larger GEMM uses the GPU better than three,
    and the pieces' epilogues fuse into it.
  }];
  let dependentDialects = ["::mlir::rt::RTDialect"];
  let statistics = [
    Statistic<"numMerged", "merged-matmuls", "Number of MatMuls merged">
  ];
}

def RTFuseOpsPass : Pass<"rt-fuse", "func::FuncOp"> {
  let summary = "Partition functions into fusion groups, one per kernel";
  let description = [{
    Forms `rt.fusion_group` ops: GEMM, convolution, attention and reduction
    roots with their elementwise epilogues (bias, BatchNorm, activation,
    residual add) and, for reductions, their single-use elementwise
    producers; chains of elementwise ops (with transposes and reshapes as
    indexing); and one group for each remaining data-moving op. Views and
    constants stay outside. Records `rt.kernels_before` and
    `rt.kernels_after` on the function and, on groups whose epilogue
    stopped early, the reasons in `rt.fusion_notes`.
  }];
  let dependentDialects = ["::mlir::rt::RTDialect"];
  let statistics = [
    Statistic<"numKernels", "kernels", "Number of kernels after fusion">
  ];
}

def RTInlineFusionGroupsPass : Pass<"rt-inline-fusion-groups", "func::FuncOp"> {
  let summary = "Put the bodies of fusion groups back in place";
  let description = [{
    Replaces every `rt.fusion_group` with the ops of its body, for targets
    that compile ops rather than kernels (the CPU reference path).
  }];
}

def RTDecomposeAttentionPass : Pass<"rt-decompose-attention", "func::FuncOp"> {
  let summary = "Expand rt.attention into MatMul, Softmax and MatMul";
  let description = [{
    For targets without a fused attention kernel: `rt.attention` becomes the
    transposed-key MatMul, the scale, the mask (and a constant causal mask),
    Softmax, the NaN guard when requested, and the MatMul with the values.
  }];
  let dependentDialects = ["::mlir::rt::RTDialect"];
}

def RTConvertPrecisionPass : Pass<"rt-convert-precision", "func::FuncOp"> {
  let summary = "Store float32 tensors in float16 or bfloat16";
  let description = [{
    Reduced precision for GPU engines: every float32 tensor of the function
    body becomes `precision` (constants are converted, float16 saturating at
    +-65504 so that large finite masks stay finite; `rt.cast` targets and
    `rt.constant_of_shape` values follow). The function keeps its float32
    signature: inputs are cast on entry and outputs on return, and those
    casts fuse into the neighbouring kernels. This sets the storage type;
    kernels still compute element-wise math, reductions and GEMM
    accumulation in float32 (see docs/GPUCodegen.md). float64 tensors are
    left alone.

    ```mlir
    // rt-opt --rt-convert-precision=precision=fp16
    %y = rt.relu %x : (tensor<4xf32>) -> tensor<4xf32>
    // becomes
    %0 = rt.cast %x {to = f16} : (tensor<4xf32>) -> tensor<4xf16>
    %1 = rt.relu %0 : (tensor<4xf16>) -> tensor<4xf16>
    %y = rt.cast %1 {to = f32} : (tensor<4xf16>) -> tensor<4xf32>
    ```
  }];
  let options = [
    Option<"precision", "precision", "std::string", /*default=*/"\"fp16\"",
           "Storage type of float32 tensors: fp16, bf16 or fp32 (no change)">,
  ];
}

def RTPlanMemoryPass : Pass<"rt-plan-memory", "func::FuncOp"> {
  let summary = "Pack the intermediate tensors of the kernels into one arena";
  let description = [{
    Runs after `rt-fuse`. Every kernel result that is not a model output is
    an intermediate buffer; it lives from the kernel that writes it to the
    last kernel that reads it or a view of it (program order is the kernel
    schedule). Buffers get 256-byte aligned offsets in one arena by
    greedy-by-size packing; a kernel writes in place over an input that
    dies there when every element is read where it is written (elementwise
    kernels, GEMM and convolution epilogues). The plan is checked (no two
    live buffers overlap) and recorded: `rt.offsets` (and `rt.in_place`) on
    the groups, `rt.arena_size`, `rt.arena_lower_bound` (the peak of live
    bytes) and `rt.intermediate_bytes` on the function. With
    `workspace-limit`, a plan that needs a larger arena is an error.
  }];
  let options = [
    Option<"workspaceLimit", "workspace-limit", "uint64_t", /*default=*/"0",
           "Largest arena in bytes (0: no limit)">,
  ];
  let statistics = [
    Statistic<"arenaBytes", "arena-bytes", "Arena bytes over all functions">
  ];
}

def RTVerifyMemoryPlanPass : Pass<"rt-verify-memory-plan", "func::FuncOp"> {
  let summary = "Check a recorded memory plan";
  let description = [{
    Reads the plan that `rt-plan-memory` recorded and checks it on its own:
    every offset aligned and inside the arena, in-place results sharing the
    storage of an input that dies at that kernel, and no two buffers with
    intersecting lifetimes overlapping. Fails naming the conflict.
  }];
}

def RTReportPass : Pass<"rt-report", "ModuleOp"> {
  let summary = "Explain fusion and memory planning (JSON and text)";
  let description = [{
    Run after `rt-optimize`. For every function: kernels before and after
    fusion (and per kind), each kernel with the ONNX nodes fused into it, its
    outputs with their arena offsets (and in-place reuse), why its epilogue
    stopped where it did (or that it is a data-movement kernel), and the
    arena next to the peak of live bytes and the sum of all intermediates.
    `json` and `text` name the output files (`-` for stdout).

    ```
    rt-opt model.mlir --rt-optimize --rt-report="json=report.json text=-"
    ```
  }];
  let options = [
    Option<"json", "json", "std::string", /*default=*/"\"\"",
           "Write the JSON report to this file (- for stdout)">,
    Option<"text", "text", "std::string", /*default=*/"\"\"",
           "Write the readable report to this file (- for stdout)">,
  ];
}

#endif // RT_DIALECT_RT_TRANSFORMS_PASSES_TD
