//===- RTNNOps.td - rt neural-network ops ------------------*- tablegen -*-===//
//
// Convolution, pooling, normalization, softmax, quantization and resizing.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RT_IR_RTNNOPS_TD
#define RT_DIALECT_RT_IR_RTNNOPS_TD

include "rt/Dialect/RT/IR/RTBase.td"

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

def RT_ConvOp : RT_PureOp<"conv"> {
  let summary = "N-d grouped convolution (NCHW)";
  let description = [{
    ONNX `Conv`: `input` is `N x C x D1 x ... x Dn`, `weight` is
    `M x C/group x k1 x ... x kn`, the optional `bias` has `M` elements.
    `kernel_shape` defaults to the weight's spatial shape; `pads` lists begin
    then end paddings; `auto_pad` is `NOTSET`, `SAME_UPPER`, `SAME_LOWER` or
    `VALID`.

    With `channels_last = 1` (an rt extension that `rt-convert-layout`
    introduces, not an ONNX attribute) the channel dimension comes last:
    input `N x D1 x ... x Dn x C`, weight `M x k1 x ... x kn x C/group`,
    output `N x O1 x ... x On x M` (NHWC, what tensor cores want).

    ```mlir
    %y = rt.conv %x, %w, %b {pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>}
        : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<1x64x112x112xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, RT_Tensor:$weight,
                       Optional<RT_Tensor>:$bias,
                       DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                       OptionalAttr<DenseI64ArrayAttr>:$dilations,
                       DefaultValuedAttr<I64Attr, "1">:$group,
                       OptionalAttr<DenseI64ArrayAttr>:$kernel_shape,
                       OptionalAttr<DenseI64ArrayAttr>:$pads,
                       OptionalAttr<DenseI64ArrayAttr>:$strides,
                       DefaultValuedAttr<I64Attr, "0">:$channels_last);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, $output)
  }];
}

def RT_ConvTransposeOp : RT_PureOp<"conv_transpose"> {
  let summary = "N-d transposed (fractionally strided) convolution";
  let description = [{
    ONNX `ConvTranspose`: `weight` is `C x M/group x k1 x ... x kn`. The
    output shape comes from `output_shape` when given, else from strides,
    pads, `output_padding` and dilations.

    ```mlir
    %y = rt.conv_transpose %x, %w {strides = array<i64: 2, 2>}
        : (tensor<1x8x4x4xf32>, tensor<8x4x3x3xf32>) -> tensor<1x4x9x9xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, RT_Tensor:$weight,
                       Optional<RT_Tensor>:$bias,
                       DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                       OptionalAttr<DenseI64ArrayAttr>:$dilations,
                       DefaultValuedAttr<I64Attr, "1">:$group,
                       OptionalAttr<DenseI64ArrayAttr>:$kernel_shape,
                       OptionalAttr<DenseI64ArrayAttr>:$output_padding,
                       OptionalAttr<DenseI64ArrayAttr>:$output_shape,
                       OptionalAttr<DenseI64ArrayAttr>:$pads,
                       OptionalAttr<DenseI64ArrayAttr>:$strides);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, $output)
  }];
}

class RT_PoolOp<string mnemonic, string math, dag extra>
    : RT_PureOp<mnemonic> {
  let summary = math # " pooling";
  let description = "ONNX `" # mnemonic # "` over the spatial dimensions of an "
    # "`N x C x D1 x ... x Dn` input with `kernel_shape`, `strides`, `pads`, "
    # "`dilations`, `ceil_mode` and `auto_pad` as in the ONNX operator.\n\n"
    # "Example:\n\n```mlir\n%y = rt." # mnemonic
    # " %x {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, "
    # "strides = array<i64: 2, 2>} : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>\n```\n";
  let arguments = !con((ins RT_Tensor:$input,
                       DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                       DefaultValuedAttr<I64Attr, "0">:$ceil_mode,
                       OptionalAttr<DenseI64ArrayAttr>:$dilations,
                       DenseI64ArrayAttr:$kernel_shape,
                       OptionalAttr<DenseI64ArrayAttr>:$pads,
                       OptionalAttr<DenseI64ArrayAttr>:$strides), extra);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      return ::mlir::rt::inferPoolResultType(
          loc, adaptor.getInput().getType(), adaptor.getKernelShape(),
          adaptor.getStrides(), adaptor.getPads(), adaptor.getDilations(),
          adaptor.getAutoPad(), adaptor.getCeilMode() != 0, types);
    }
  }];
}

def RT_MaxPoolOp : RT_PoolOp<"max_pool", "max",
    (ins DefaultValuedAttr<I64Attr, "0">:$storage_order)>;
def RT_AveragePoolOp : RT_PoolOp<"average_pool", "average",
    (ins DefaultValuedAttr<I64Attr, "0">:$count_include_pad)>;
def RT_LpPoolOp : RT_PoolOp<"lp_pool", "Lp-norm",
    (ins DefaultValuedAttr<I64Attr, "2">:$p)>;

class RT_GlobalPoolOp<string mnemonic, string math, dag extra = (ins)>
    : RT_PureOp<mnemonic> {
  let summary = "global " # math # " pooling";
  let description = "Reduces every spatial dimension of an `N x C x D1 x ... x "
    # "Dn` input to 1 with " # math # " (ONNX `" # mnemonic # "`).\n\n"
    # "Example:\n\n```mlir\n%y = rt." # mnemonic
    # " %x : (tensor<1x2048x7x7xf32>) -> tensor<1x2048x1x1xf32>\n```\n";
  let arguments = !con((ins RT_Tensor:$input), extra);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      return ::mlir::rt::inferGlobalPoolResultType(
          loc, adaptor.getInput().getType(), types);
    }
  }];
}

def RT_GlobalAveragePoolOp : RT_GlobalPoolOp<"global_average_pool", "average">;
def RT_GlobalMaxPoolOp : RT_GlobalPoolOp<"global_max_pool", "max">;
def RT_GlobalLpPoolOp : RT_GlobalPoolOp<"global_lp_pool", "Lp-norm",
    (ins DefaultValuedAttr<I64Attr, "2">:$p)>;

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

def RT_BatchNormalizationOp : RT_PureOp<"batch_normalization"> {
  let summary = "batch normalization with running statistics (inference)";
  let description = [{
    `y = scale * (x - mean) / sqrt(var + epsilon) + bias`, per channel
    (dimension 1). Only inference mode is represented: the importer rejects
    `training_mode = 1`.

    ```mlir
    %y = rt.batch_normalization %x, %s, %b, %m, %v {epsilon = 1.0e-05 : f32}
        : (tensor<1x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins RT_FloatTensor:$input, RT_FloatTensor:$scale,
                       RT_FloatTensor:$bias, RT_FloatTensor:$mean,
                       RT_FloatTensor:$var,
                       DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon,
                       DefaultValuedAttr<F32Attr, "0.9">:$momentum);
  let results = (outs RT_FloatTensor:$output);
  let hasVerifier = 1;
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $var attr-dict `:`
    functional-type(operands, $output)
  }];
}

def RT_InstanceNormalizationOp : RT_PureOp<"instance_normalization"> {
  let summary = "instance normalization";
  let description = [{
    Normalizes each `(n, c)` slice over its spatial dimensions:
    `y = scale[c] * (x - mean) / sqrt(var + epsilon) + bias[c]`.

    ```mlir
    %y = rt.instance_normalization %x, %s, %b : (tensor<2x3x8x8xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x8x8xf32>
    ```
  }];
  let arguments = (ins RT_FloatTensor:$input, RT_FloatTensor:$scale,
                       RT_FloatTensor:$bias,
                       DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon);
  let results = (outs RT_FloatTensor:$output);
  let hasVerifier = 1;
  let assemblyFormat = [{
    $input `,` $scale `,` $bias attr-dict `:` functional-type(operands, $output)
  }];
}

def RT_LayerNormalizationOp : RT_PureOp<"layer_normalization"> {
  let summary = "layer normalization";
  let description = [{
    Normalizes over dimensions `[axis, rank)`:
    `y = (x - mean) / sqrt(var + epsilon) * scale + bias`, with `scale` and
    the optional `bias` broadcast to the normalized shape. `stash_type` is the
    element type used for the statistics (1 = f32). Only the `Y` output of
    ONNX `LayerNormalization` is represented.

    ```mlir
    %y = rt.layer_normalization %x, %g, %b {epsilon = 9.99999996E-13 : f32}
        : (tensor<1x128x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<1x128x768xf32>
    ```
  }];
  let arguments = (ins RT_FloatTensor:$input, RT_FloatTensor:$scale,
                       Optional<RT_FloatTensor>:$bias,
                       DefaultValuedAttr<I64Attr, "-1">:$axis,
                       DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon,
                       DefaultValuedAttr<I64Attr, "1">:$stash_type);
  let results = (outs RT_FloatTensor:$output);
  let hasVerifier = 1;
  let assemblyFormat = [{
    $input `,` $scale (`,` $bias^)? attr-dict `:` functional-type(operands, $output)
  }];
}

def RT_GroupNormalizationOp : RT_PureOp<"group_normalization"> {
  let summary = "group normalization";
  let description = [{
    Splits the channels into `num_groups` groups and normalizes each group
    over its channels and spatial positions; `scale` and `bias` are per
    channel (ONNX `GroupNormalization`, opset 21). With a static input
    shape it canonicalizes to a LayerNormalization of the input reshaped to
    [N, groups, rest], reshaped back, times `scale` plus `bias` (per
    channel): the form the lowerings and the fusion handle.

    ```mlir
    %y = rt.group_normalization %x, %s, %b {num_groups = 2 : i64}
        : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins RT_FloatTensor:$input, RT_FloatTensor:$scale,
                       RT_FloatTensor:$bias,
                       DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon,
                       I64Attr:$num_groups,
                       DefaultValuedAttr<I64Attr, "1">:$stash_type);
  let results = (outs RT_FloatTensor:$output);
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
  let assemblyFormat = [{
    $input `,` $scale `,` $bias attr-dict `:` functional-type(operands, $output)
  }];
}

def RT_LRNOp : RT_PureOp<"lrn"> {
  let summary = "local response normalization";
  let description = [{
    ONNX `LRN` across channels:
    `y = x / (bias + alpha / size * sum(x^2 over size channels))^beta`.

    ```mlir
    %y = rt.lrn %x {size = 3 : i64} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins RT_FloatTensor:$input,
                       DefaultValuedAttr<F32Attr, "0.0001">:$alpha,
                       DefaultValuedAttr<F32Attr, "0.75">:$beta,
                       DefaultValuedAttr<F32Attr, "1.0">:$bias,
                       I64Attr:$size);
  let results = (outs RT_FloatTensor:$output);
  let hasVerifier = 1;
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
}

//===----------------------------------------------------------------------===//
// Softmax family
//===----------------------------------------------------------------------===//

class RT_SoftmaxLikeOp<string mnemonic, string math>
    : RT_PureOp<mnemonic, [SameOperandsAndResultElementType]> {
  let summary = math # " along one axis";
  let description = "Computes " # math # " along `axis` (ONNX `" # mnemonic
    # "`, opset 13 semantics: one axis, not the flattened trailing "
    # "dimensions of older opsets, which the importer rewrites).\n\n"
    # "Example:\n\n```mlir\n%y = rt." # mnemonic
    # " %x {axis = -1 : i64} : (tensor<1x12x128x128xf32>) -> tensor<1x12x128x128xf32>\n```\n";
  let arguments = (ins RT_FloatTensor:$input,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs RT_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location>,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      types.push_back(adaptor.getInput().getType());
      return ::mlir::success();
    }
    ::llvm::LogicalResult $cppClass::verify() {
      return ::mlir::rt::verifyAxis(*this, getInput().getType(), getAxis());
    }
  }];
}

def RT_SoftmaxOp : RT_SoftmaxLikeOp<"softmax", "softmax">;
def RT_LogSoftmaxOp : RT_SoftmaxLikeOp<"log_softmax", "log-softmax">;
def RT_HardmaxOp : RT_SoftmaxLikeOp<"hardmax", "hardmax (one-hot of the first maximum)">;

//===----------------------------------------------------------------------===//
// Quantization
//===----------------------------------------------------------------------===//

def RT_QuantizeLinearOp : RT_PureOp<"quantize_linear"> {
  let summary = "linear quantization";
  let description = [{
    `y = saturate(round(x / scale) + zero_point)`; per tensor, per `axis` or
    per block of `block_size`. The result element type is that of
    `zero_point`, or `output_dtype` when given, else `ui8`.

    ```mlir
    %q = rt.quantize_linear %x, %s, %z : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xi8>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, RT_Tensor:$scale,
                       Optional<RT_Tensor>:$zero_point,
                       DefaultValuedAttr<I64Attr, "1">:$axis,
                       DefaultValuedAttr<I64Attr, "0">:$block_size,
                       OptionalAttr<TypeAttr>:$output_dtype,
                       DefaultValuedAttr<I64Attr, "1">:$saturate);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $scale (`,` $zero_point^)? attr-dict `:` functional-type(operands, $output)
  }];
}

def RT_DequantizeLinearOp : RT_PureOp<"dequantize_linear"> {
  let summary = "linear dequantization";
  let description = [{
    `y = (x - zero_point) * scale`, per tensor, per `axis` or per block; the
    result has the element type of `scale`.

    ```mlir
    %x = rt.dequantize_linear %q, %s, %z : (tensor<4xi8>, tensor<f32>, tensor<i8>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, RT_Tensor:$scale,
                       Optional<RT_Tensor>:$zero_point,
                       DefaultValuedAttr<I64Attr, "1">:$axis,
                       DefaultValuedAttr<I64Attr, "0">:$block_size);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $scale (`,` $zero_point^)? attr-dict `:` functional-type(operands, $output)
  }];
}

//===----------------------------------------------------------------------===//
// Resampling and rearrangement
//===----------------------------------------------------------------------===//

def RT_ResizeOp : RT_PureOp<"resize", [AttrSizedOperandSegments]> {
  let summary = "resize by scales or to sizes with interpolation";
  let description = [{
    ONNX `Resize` (opset 19 semantics): either `scales` or `sizes` is given.
    `mode` is `nearest`, `linear` or `cubic`; the importer rewrites
    `Upsample` and opset-10 `Resize` into this op.

    ```mlir
    %y = rt.resize %x scales %s {mode = "nearest"} : (tensor<1x3x4x4xf32>, tensor<4xf32>) -> tensor<1x3x8x8xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, Optional<RT_FloatTensor>:$roi,
                       Optional<RT_FloatTensor>:$scales,
                       Optional<RT_ShapeTensor>:$sizes,
                       DefaultValuedAttr<I64Attr, "0">:$antialias,
                       OptionalAttr<DenseI64ArrayAttr>:$axes,
                       DefaultValuedStrAttr<StrAttr, "half_pixel">:$coordinate_transformation_mode,
                       DefaultValuedAttr<F32Attr, "-0.75">:$cubic_coeff_a,
                       DefaultValuedAttr<I64Attr, "0">:$exclude_outside,
                       DefaultValuedAttr<F32Attr, "0.0">:$extrapolation_value,
                       DefaultValuedStrAttr<StrAttr, "stretch">:$keep_aspect_ratio_policy,
                       DefaultValuedStrAttr<StrAttr, "nearest">:$mode,
                       DefaultValuedStrAttr<StrAttr, "round_prefer_floor">:$nearest_mode);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $input (`roi` $roi^)? (`scales` $scales^)? (`sizes` $sizes^)? attr-dict `:`
    functional-type(operands, $output)
  }];
  let hasVerifier = 1;
}

def RT_DepthToSpaceOp : RT_PureOp<"depth_to_space"> {
  let summary = "rearrange depth into spatial blocks";
  let description = [{
    Moves `blocksize x blocksize` blocks of channels into space; `mode` is
    `DCR` or `CRD`.

    ```mlir
    %y = rt.depth_to_space %x {blocksize = 2 : i64} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, I64Attr:$blocksize,
                       DefaultValuedStrAttr<StrAttr, "DCR">:$mode);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
}

def RT_SpaceToDepthOp : RT_PureOp<"space_to_depth"> {
  let summary = "rearrange spatial blocks into depth";
  let description = [{
    Moves `blocksize x blocksize` spatial blocks into channels.

    ```mlir
    %y = rt.space_to_depth %x {blocksize = 2 : i64} : (tensor<1x2x4x6xf32>) -> tensor<1x8x2x3xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, I64Attr:$blocksize);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
}

#endif // RT_DIALECT_RT_IR_RTNNOPS_TD
