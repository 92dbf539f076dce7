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

#endif // RT_DIALECT_RT_TRANSFORMS_PASSES_TD
