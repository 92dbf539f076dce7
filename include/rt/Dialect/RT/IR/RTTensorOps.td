//===- RTTensorOps.td - rt data movement and reduction ops -*- tablegen -*-===//
//
// Constants, shape manipulation, indexing, reductions and sorting.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RT_IR_RTTENSOROPS_TD
#define RT_DIALECT_RT_IR_RTTENSOROPS_TD

include "rt/Dialect/RT/IR/RTBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def RT_ConstantOp : RT_PureOp<"constant", [ConstantLike]> {
  let summary = "constant tensor (weights, ONNX initializers and Constant)";
  let description = [{
    A constant tensor. Large values (weights) use `dense_resource` blobs so
    that they are stored once, outside the textual IR; small values (shape
    arguments) are `dense` literals that folders read.

    ```mlir
    %w = rt.constant dense_resource<conv1.weight> : tensor<64x3x7x7xf32>
    %s = rt.constant dense<[1, -1]> : tensor<2xi64>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def RT_ConstantOfShapeOp : RT_PureOp<"constant_of_shape"> {
  let summary = "tensor of a given shape filled with one value";
  let description = [{
    Creates a tensor whose shape is the value of the 1-D `shape` operand,
    filled with the single element of `value` (default: f32 zero).

    ```mlir
    %z = rt.constant_of_shape %s {value = dense<0> : tensor<1xi64>} : (tensor<2xi64>) -> tensor<?x?xi64>
    ```
  }];
  let arguments = (ins RT_ShapeTensor:$shape, OptionalAttr<ElementsAttr>:$value);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = "$shape attr-dict `:` functional-type($shape, $output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def RT_EyeLikeOp : RT_PureOp<"eye_like"> {
  let summary = "2-D identity-like matrix";
  let description = [{
    A matrix of the input's shape with ones on diagonal `k` and zeros
    elsewhere, of element type `dtype` (default: the input's).

    ```mlir
    %e = rt.eye_like %x : (tensor<3x4xf32>) -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, OptionalAttr<TypeAttr>:$dtype,
                       DefaultValuedAttr<I64Attr, "0">:$k);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
}

def RT_RangeOp : RT_PureOp<"range"> {
  let summary = "arithmetic sequence";
  let description = [{
    `[start, start + delta, ...)` up to `limit`; the operands are scalars.

    ```mlir
    %r = rt.range %a, %b, %c : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<?xi64>
    ```
  }];
  let arguments = (ins RT_Tensor:$start, RT_Tensor:$limit, RT_Tensor:$delta);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $start `,` $limit `,` $delta attr-dict `:` functional-type(operands, $output)
  }];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Shape queries and reshaping
//===----------------------------------------------------------------------===//

def RT_ShapeOp : RT_PureOp<"shape"> {
  let summary = "shape of a tensor as a 1-D i64 tensor";
  let description = [{
    Returns the dimensions `[start, end)` of the input's shape (negative
    bounds count from the back, out-of-range bounds are clamped).

    ```mlir
    %s = rt.shape %x : (tensor<?x128xf32>) -> tensor<2xi64>
    ```
  }];
  let arguments = (ins RT_Tensor:$input,
                       OptionalAttr<I64Attr>:$end,
                       DefaultValuedAttr<I64Attr, "0">:$start);
  let results = (outs RT_ShapeTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
  let hasFolder = 1;
}

def RT_SizeOp : RT_PureOp<"size"> {
  let summary = "number of elements as a scalar i64";
  let description = [{
    ```mlir
    %n = rt.size %x : (tensor<2x3xf32>) -> tensor<i64>
    ```
  }];
  let arguments = (ins RT_Tensor:$input);
  let results = (outs RT_ShapeTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
  let hasFolder = 1;
}

def RT_ReshapeOp : RT_PureOp<"reshape"> {
  let summary = "reshape to the shape given by a 1-D tensor";
  let description = [{
    ONNX `Reshape`: a `0` in `shape` copies the input dimension (unless
    `allowzero`), one `-1` is inferred from the element count.

    ```mlir
    %y = rt.reshape %x, %s : (tensor<1x2048x1x1xf32>, tensor<2xi64>) -> tensor<1x2048xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, RT_ShapeTensor:$shape,
                       DefaultValuedAttr<I64Attr, "0">:$allowzero);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $shape attr-dict `:` functional-type(operands, $output)
  }];
  let hasFolder = 1;
}

def RT_FlattenOp : RT_PureOp<"flatten"> {
  let summary = "flatten to a matrix at an axis";
  let description = [{
    Reshapes to `[prod(d[0:axis]), prod(d[axis:])]`.

    ```mlir
    %y = rt.flatten %x {axis = 1 : i64} : (tensor<1x2048x1x1xf32>) -> tensor<1x2048xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
  let hasFolder = 1;
}

def RT_SqueezeOp : RT_PureOp<"squeeze"> {
  let summary = "remove dimensions of size 1";
  let description = [{
    Removes the dimensions listed in `axes` (all size-1 dimensions when
    absent). The importer turns the ONNX `axes` input into this attribute.

    ```mlir
    %y = rt.squeeze %x {axes = array<i64: 0>} : (tensor<1x4xf32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, OptionalAttr<DenseI64ArrayAttr>:$axes);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
  let hasFolder = 1;
}

def RT_UnsqueezeOp : RT_PureOp<"unsqueeze"> {
  let summary = "insert dimensions of size 1";
  let description = [{
    Inserts size-1 dimensions at `axes` (positions in the result).

    ```mlir
    %y = rt.unsqueeze %x {axes = array<i64: 0, 2>} : (tensor<4xf32>) -> tensor<1x4x1xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, DenseI64ArrayAttr:$axes);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
  let hasFolder = 1;
}

def RT_ExpandOp : RT_PureOp<"expand"> {
  let summary = "broadcast to a shape";
  let description = [{
    Broadcasts `input` against the shape given by the 1-D `shape` operand
    (bidirectionally, as ONNX `Expand`).

    ```mlir
    %y = rt.expand %x, %s : (tensor<1x4xf32>, tensor<2xi64>) -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, RT_ShapeTensor:$shape);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $shape attr-dict `:` functional-type(operands, $output)
  }];
  let hasFolder = 1;
}

def RT_TileOp : RT_PureOp<"tile"> {
  let summary = "repeat a tensor along each dimension";
  let description = [{
    ```mlir
    %y = rt.tile %x, %r : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, RT_ShapeTensor:$repeats);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $repeats attr-dict `:` functional-type(operands, $output)
  }];
}

def RT_TransposeOp : RT_PureOp<"transpose"> {
  let summary = "permute dimensions";
  let description = [{
    `output.shape[i] = input.shape[perm[i]]`; `perm` defaults to reversing
    the dimensions.

    ```mlir
    %y = rt.transpose %x {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x128x12x64xf32>) -> tensor<1x12x128x64xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, OptionalAttr<DenseI64ArrayAttr>:$perm);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def RT_ConcatOp : RT_PureOp<"concat", [SameOperandsElementType]> {
  let summary = "concatenate along an axis";
  let description = [{
    ```mlir
    %y = rt.concat %a, %b {axis = 0 : i64} : (tensor<1xi64>, tensor<2xi64>) -> tensor<3xi64>
    ```
  }];
  let arguments = (ins Variadic<RT_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type($inputs, $output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def RT_SplitOp : RT_PureOp<"split"> {
  let summary = "split into several tensors along an axis";
  let description = [{
    Splits `input` along `axis` into `num_outputs` results, of the sizes
    listed in `split` or else of equal size (the last one smaller when the
    dimension does not divide evenly, as ONNX `Split` with `num_outputs`).

    ```mlir
    %q, %k, %v = rt.split %x {axis = 2 : i64, num_outputs = 3 : i64} : (tensor<1x128x2304xf32>) -> (tensor<1x128x768xf32>, tensor<1x128x768xf32>, tensor<1x128x768xf32>)
    ```
  }];
  let arguments = (ins RT_Tensor:$input, DefaultValuedAttr<I64Attr, "0">:$axis,
                       I64Attr:$num_outputs,
                       OptionalAttr<DenseI64ArrayAttr>:$split);
  let results = (outs Variadic<RT_Tensor>:$outputs);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $outputs)";
  let hasVerifier = 1;
}

def RT_SliceOp : RT_PureOp<"slice", [AttrSizedOperandSegments]> {
  let summary = "strided slice";
  let description = [{
    ONNX `Slice` (opset 13): `starts`, `ends`, optional `axes` and `steps`
    are 1-D integer tensors; out-of-range bounds are clamped.

    ```mlir
    %y = rt.slice %x starts %s ends %e axes %a : (tensor<1x1024x1024xi1>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x128x1024xi1>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, RT_IndexTensor:$starts,
                       RT_IndexTensor:$ends, Optional<RT_IndexTensor>:$axes,
                       Optional<RT_IndexTensor>:$steps);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $input `starts` $starts `ends` $ends (`axes` $axes^)? (`steps` $steps^)?
    attr-dict `:` functional-type(operands, $output)
  }];
  let hasFolder = 1;
}

def RT_PadOp : RT_PureOp<"pad", [AttrSizedOperandSegments]> {
  let summary = "pad a tensor";
  let description = [{
    ONNX `Pad` (opset 19): `pads` lists begin then end amounts for each
    padded axis (negative amounts crop); `mode` is `constant`, `reflect`,
    `edge` or `wrap`.

    ```mlir
    %y = rt.pad %x pads %p {mode = "constant"} : (tensor<1x3x4x4xf32>, tensor<8xi64>) -> tensor<1x3x6x6xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, RT_ShapeTensor:$pads,
                       Optional<RT_Tensor>:$constant_value,
                       Optional<RT_IndexTensor>:$axes,
                       DefaultValuedStrAttr<StrAttr, "constant">:$mode);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $input `pads` $pads (`value` $constant_value^)? (`axes` $axes^)?
    attr-dict `:` functional-type(operands, $output)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Indexing
//===----------------------------------------------------------------------===//

def RT_GatherOp : RT_PureOp<"gather"> {
  let summary = "gather slices along an axis";
  let description = [{
    `output = take(input, indices, axis)` (negative indices count from the
    back). The result shape is `input.shape[:axis] + indices.shape +
    input.shape[axis+1:]`.

    ```mlir
    %e = rt.gather %table, %ids {axis = 0 : i64} : (tensor<30522x768xf32>, tensor<1x128xi64>) -> tensor<1x128x768xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, RT_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $indices attr-dict `:` functional-type(operands, $output)
  }];
  let hasFolder = 1;  let hasCanonicalizer = 1;
}

def RT_GatherElementsOp : RT_PureOp<"gather_elements"> {
  let summary = "gather single elements along an axis";
  let description = [{
    `output[i][j][k] = input[index[i][j][k]][j][k]` for `axis = 0` (and
    likewise for other axes); the result has the shape of `indices`.

    ```mlir
    %y = rt.gather_elements %x, %i {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, RT_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $indices attr-dict `:` functional-type(operands, $output)
  }];
}

def RT_GatherNDOp : RT_PureOp<"gather_nd"> {
  let summary = "gather slices by N-d indices";
  let description = [{
    ONNX `GatherND` with `batch_dims`.

    ```mlir
    %y = rt.gather_nd %x, %i : (tensor<2x2xf32>, tensor<2x2xi64>) -> tensor<2xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, RT_IndexTensor:$indices,
                       DefaultValuedAttr<I64Attr, "0">:$batch_dims);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $indices attr-dict `:` functional-type(operands, $output)
  }];
}

def RT_ScatterElementsOp : RT_PureOp<"scatter_elements"> {
  let summary = "scatter single elements along an axis";
  let description = [{
    Copies `input`, then writes `updates` at `indices` along `axis`,
    combining with `reduction` (`none`, `add`, `mul`, `max`, `min`).

    ```mlir
    %y = rt.scatter_elements %x, %i, %u {axis = 1 : i64} : (tensor<1x5xf32>, tensor<1x2xi64>, tensor<1x2xf32>) -> tensor<1x5xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, RT_IndexTensor:$indices,
                       RT_Tensor:$updates,
                       DefaultValuedAttr<I64Attr, "0">:$axis,
                       DefaultValuedStrAttr<StrAttr, "none">:$reduction);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $indices `,` $updates attr-dict `:` functional-type(operands, $output)
  }];
}

def RT_ScatterNDOp : RT_PureOp<"scatter_nd"> {
  let summary = "scatter slices by N-d indices";
  let description = [{
    ```mlir
    %y = rt.scatter_nd %x, %i, %u : (tensor<8xf32>, tensor<4x1xi64>, tensor<4xf32>) -> tensor<8xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, RT_IndexTensor:$indices,
                       RT_Tensor:$updates,
                       DefaultValuedStrAttr<StrAttr, "none">:$reduction);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $indices `,` $updates attr-dict `:` functional-type(operands, $output)
  }];
}

def RT_OneHotOp : RT_PureOp<"one_hot"> {
  let summary = "one-hot encoding";
  let description = [{
    Inserts a dimension of size `depth` at `axis`; `values` holds the
    `[off, on]` values.

    ```mlir
    %y = rt.one_hot %i, %d, %v : (tensor<3xi64>, tensor<i64>, tensor<2xf32>) -> tensor<3x?xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$indices, RT_Tensor:$depth, RT_Tensor:$values,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $indices `,` $depth `,` $values attr-dict `:` functional-type(operands, $output)
  }];
}

def RT_TriluOp : RT_PureOp<"trilu"> {
  let summary = "upper or lower triangle of matrices";
  let description = [{
    Keeps the upper (`upper = 1`) or lower triangle of the last two
    dimensions, shifted by diagonal offset `k` (a scalar operand).

    ```mlir
    %y = rt.trilu %x {upper = 0 : i64} : (tensor<4x4xf32>) -> tensor<4x4xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, Optional<RT_IndexTensor>:$k,
                       DefaultValuedAttr<I64Attr, "1">:$upper);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $input (`,` $k^)? attr-dict `:` functional-type(operands, $output)
  }];
}

def RT_CumSumOp : RT_PureOp<"cumsum"> {
  let summary = "cumulative sum along an axis";
  let description = [{
    ```mlir
    %y = rt.cumsum %x, %axis : (tensor<5xf32>, tensor<i64>) -> tensor<5xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, RT_IndexTensor:$axis,
                       DefaultValuedAttr<I64Attr, "0">:$exclusive,
                       DefaultValuedAttr<I64Attr, "0">:$reverse);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $axis attr-dict `:` functional-type(operands, $output)
  }];
}

def RT_NonZeroOp : RT_PureOp<"non_zero"> {
  let summary = "indices of non-zero elements";
  let description = [{
    Returns a `rank x N` i64 tensor of the indices of the `N` non-zero
    elements; `N` is data dependent.

    ```mlir
    %i = rt.non_zero %x : (tensor<2x3xf32>) -> tensor<2x?xi64>
    ```
  }];
  let arguments = (ins RT_Tensor:$input);
  let results = (outs RT_ShapeTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
}

//===----------------------------------------------------------------------===//
// Reductions, arg-reductions and sorting
//===----------------------------------------------------------------------===//

class RT_ReduceOp<string mnemonic, string math>
    : RT_PureOp<mnemonic, [SameOperandsAndResultElementType]> {
  let summary = math # " reduction";
  let description = "Reduces `input` over `axes` with " # math
    # " (all axes when `axes` is absent, unless `noop_with_empty_axes`); "
    # "`keepdims` keeps reduced dimensions with size 1. The importer turns "
    # "the ONNX `axes` input (opset 18) into the attribute.\n\n"
    # "Example:\n\n```mlir\n%y = rt." # mnemonic
    # " %x {axes = array<i64: -1>, keepdims = 1 : i64} : (tensor<2x128x768xf32>) -> tensor<2x128x1xf32>\n```\n";
  let arguments = (ins RT_Tensor:$input,
                       OptionalAttr<DenseI64ArrayAttr>:$axes,
                       DefaultValuedAttr<I64Attr, "1">:$keepdims,
                       DefaultValuedAttr<I64Attr, "0">:$noop_with_empty_axes);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      return ::mlir::rt::inferReduceResultType(
          loc, adaptor.getInput().getType(), adaptor.getAxes(),
          adaptor.getKeepdims() != 0, adaptor.getNoopWithEmptyAxes() != 0,
          ::mlir::Type(), types);
    }
  }];
}

def RT_ReduceSumOp : RT_ReduceOp<"reduce_sum", "sum">;
def RT_ReduceMeanOp : RT_ReduceOp<"reduce_mean", "mean">;
def RT_ReduceMaxOp : RT_ReduceOp<"reduce_max", "max">;
def RT_ReduceMinOp : RT_ReduceOp<"reduce_min", "min">;
def RT_ReduceProdOp : RT_ReduceOp<"reduce_prod", "product">;
def RT_ReduceL1Op : RT_ReduceOp<"reduce_l1", "L1-norm">;
def RT_ReduceL2Op : RT_ReduceOp<"reduce_l2", "L2-norm">;
def RT_ReduceLogSumOp : RT_ReduceOp<"reduce_log_sum", "log of sum">;
def RT_ReduceLogSumExpOp : RT_ReduceOp<"reduce_log_sum_exp", "log-sum-exp">;
def RT_ReduceSumSquareOp : RT_ReduceOp<"reduce_sum_square", "sum of squares">;

class RT_ArgReduceOp<string mnemonic, string math> : RT_PureOp<mnemonic> {
  let summary = "index of the " # math # " along an axis";
  let description = "Returns the i64 index of the " # math # " along `axis` "
    # "(the last occurrence if `select_last_index`).\n\nExample:\n\n"
    # "```mlir\n%i = rt." # mnemonic
    # " %x {axis = 1 : i64, keepdims = 0 : i64} : (tensor<4x10xf32>) -> tensor<4xi64>\n```\n";
  let arguments = (ins RT_Tensor:$input,
                       DefaultValuedAttr<I64Attr, "0">:$axis,
                       DefaultValuedAttr<I64Attr, "1">:$keepdims,
                       DefaultValuedAttr<I64Attr, "0">:$select_last_index);
  let results = (outs RT_ShapeTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *ctx, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      int64_t axis = adaptor.getAxis();
      return ::mlir::rt::inferReduceResultType(
          loc, adaptor.getInput().getType(),
          ::llvm::ArrayRef<int64_t>(axis), adaptor.getKeepdims() != 0,
          /*noopWithEmptyAxes=*/false, ::mlir::IntegerType::get(ctx, 64),
          types);
    }
  }];
}

def RT_ArgMaxOp : RT_ArgReduceOp<"arg_max", "maximum">;
def RT_ArgMinOp : RT_ArgReduceOp<"arg_min", "minimum">;

def RT_TopKOp : RT_PureOp<"top_k"> {
  let summary = "k largest or smallest elements along an axis";
  let description = [{
    Returns the values and i64 indices of the `k` largest (or smallest when
    `largest = 0`) elements along `axis`; `k` is a 1-element tensor.

    ```mlir
    %v, %i = rt.top_k %x, %k {axis = -1 : i64} : (tensor<4x10xf32>, tensor<1xi64>) -> (tensor<4x3xf32>, tensor<4x3xi64>)
    ```
  }];
  let arguments = (ins RT_Tensor:$input, RT_ShapeTensor:$k,
                       DefaultValuedAttr<I64Attr, "-1">:$axis,
                       DefaultValuedAttr<I64Attr, "1">:$largest,
                       DefaultValuedAttr<I64Attr, "1">:$sorted);
  let results = (outs RT_Tensor:$values, RT_ShapeTensor:$indices);
  let assemblyFormat = [{
    $input `,` $k attr-dict `:` functional-type(operands, results)
  }];
}

#endif // RT_DIALECT_RT_IR_RTTENSOROPS_TD
