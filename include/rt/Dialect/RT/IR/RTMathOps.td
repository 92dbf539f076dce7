//===- RTMathOps.td - rt elementwise and matrix ops --------*- tablegen -*-===//
//
// Elementwise unary/binary/variadic ops, comparisons, casts and matrix
// multiplication.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RT_IR_RTMATHOPS_TD
#define RT_DIALECT_RT_IR_RTMATHOPS_TD

include "rt/Dialect/RT/IR/RTBase.td"

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

/// `y = f(x)` elementwise; the result has the operand's type.
class RT_UnaryOp<string mnemonic, string math, dag attrs = (ins),
                 Type T = RT_Tensor, list<Trait> traits = []>
    : RT_PureOp<mnemonic, !listconcat(traits, [SameOperandsAndResultElementType, RT_Elementwise])> {
  let summary = "elementwise " # math;
  let description = "Computes `" # math # "` for every element of `input`; "
    # "the result has the operand's type (ONNX `" # mnemonic # "`, newest "
    # "opset semantics).\n\nExample:\n\n```mlir\n%y = rt." # mnemonic
    # " %x : (tensor<2x3xf32>) -> tensor<2x3xf32>\n```\n";
  let arguments = !con((ins T:$input), attrs);
  let results = (outs T:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location>,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      types.push_back(adaptor.getInput().getType());
      return ::mlir::success();
    }
  }];
}

def RT_AbsOp : RT_UnaryOp<"abs", "y = |x|"> { let hasFolder = 1; }
def RT_NegOp : RT_UnaryOp<"neg", "y = -x"> { let hasFolder = 1; }
def RT_SignOp : RT_UnaryOp<"sign", "y = sign(x)">;
def RT_IdentityOp : RT_UnaryOp<"identity", "y = x"> { let hasFolder = 1; }
def RT_NotOp : RT_UnaryOp<"not", "y = !x", (ins), RT_BoolTensor> { let hasFolder = 1; }
def RT_BitwiseNotOp : RT_UnaryOp<"bitwise_not", "y = ~x", (ins), RT_IntTensor>;
def RT_ExpOp : RT_UnaryOp<"exp", "y = e^x", (ins), RT_FloatTensor>;
def RT_LogOp : RT_UnaryOp<"log", "y = ln(x)", (ins), RT_FloatTensor>;
def RT_SqrtOp : RT_UnaryOp<"sqrt", "y = sqrt(x)", (ins), RT_FloatTensor> {
  let hasFolder = 1;
}
def RT_ReciprocalOp : RT_UnaryOp<"reciprocal", "y = 1 / x", (ins), RT_FloatTensor>;
def RT_FloorOp : RT_UnaryOp<"floor", "y = floor(x)", (ins), RT_FloatTensor> { let hasFolder = 1; }
def RT_CeilOp : RT_UnaryOp<"ceil", "y = ceil(x)", (ins), RT_FloatTensor> { let hasFolder = 1; }
def RT_RoundOp : RT_UnaryOp<"round", "y = round_half_to_even(x)", (ins), RT_FloatTensor>;
def RT_ErfOp : RT_UnaryOp<"erf", "y = erf(x)", (ins), RT_FloatTensor>;
def RT_SinOp : RT_UnaryOp<"sin", "y = sin(x)", (ins), RT_FloatTensor>;
def RT_CosOp : RT_UnaryOp<"cos", "y = cos(x)", (ins), RT_FloatTensor>;
def RT_TanOp : RT_UnaryOp<"tan", "y = tan(x)", (ins), RT_FloatTensor>;
def RT_AsinOp : RT_UnaryOp<"asin", "y = asin(x)", (ins), RT_FloatTensor>;
def RT_AcosOp : RT_UnaryOp<"acos", "y = acos(x)", (ins), RT_FloatTensor>;
def RT_AtanOp : RT_UnaryOp<"atan", "y = atan(x)", (ins), RT_FloatTensor>;
def RT_SinhOp : RT_UnaryOp<"sinh", "y = sinh(x)", (ins), RT_FloatTensor>;
def RT_CoshOp : RT_UnaryOp<"cosh", "y = cosh(x)", (ins), RT_FloatTensor>;
def RT_AsinhOp : RT_UnaryOp<"asinh", "y = asinh(x)", (ins), RT_FloatTensor>;
def RT_AcoshOp : RT_UnaryOp<"acosh", "y = acosh(x)", (ins), RT_FloatTensor>;
def RT_AtanhOp : RT_UnaryOp<"atanh", "y = atanh(x)", (ins), RT_FloatTensor>;
def RT_TanhOp : RT_UnaryOp<"tanh", "y = tanh(x)", (ins), RT_FloatTensor>;
def RT_SigmoidOp : RT_UnaryOp<"sigmoid", "y = 1 / (1 + e^-x)", (ins), RT_FloatTensor>;
def RT_ReluOp : RT_UnaryOp<"relu", "y = max(x, 0)">;
def RT_SoftplusOp : RT_UnaryOp<"softplus", "y = ln(1 + e^x)", (ins), RT_FloatTensor>;
def RT_SoftsignOp : RT_UnaryOp<"softsign", "y = x / (1 + |x|)", (ins), RT_FloatTensor>;
def RT_MishOp : RT_UnaryOp<"mish", "y = x * tanh(softplus(x))", (ins), RT_FloatTensor>;
def RT_HardSwishOp : RT_UnaryOp<"hard_swish", "y = x * max(0, min(1, x / 6 + 1 / 2))", (ins), RT_FloatTensor>;
def RT_LeakyReluOp : RT_UnaryOp<"leaky_relu", "y = x < 0 ? alpha * x : x",
    (ins DefaultValuedAttr<F32Attr, "0.01">:$alpha), RT_FloatTensor>;
def RT_EluOp : RT_UnaryOp<"elu", "y = x < 0 ? alpha * (e^x - 1) : x",
    (ins DefaultValuedAttr<F32Attr, "1.0">:$alpha), RT_FloatTensor>;
def RT_CeluOp : RT_UnaryOp<"celu", "y = max(0, x) + min(0, alpha * (e^(x / alpha) - 1))",
    (ins DefaultValuedAttr<F32Attr, "1.0">:$alpha), RT_FloatTensor>;
def RT_SeluOp : RT_UnaryOp<"selu", "y = gamma * (x <= 0 ? alpha * (e^x - 1) : x)",
    (ins DefaultValuedAttr<F32Attr, "1.67326319217681884765625">:$alpha,
         DefaultValuedAttr<F32Attr, "1.05070102214813232421875">:$gamma),
    RT_FloatTensor>;
def RT_HardSigmoidOp : RT_UnaryOp<"hard_sigmoid", "y = max(0, min(1, alpha * x + beta))",
    (ins DefaultValuedAttr<F32Attr, "0.2">:$alpha,
         DefaultValuedAttr<F32Attr, "0.5">:$beta), RT_FloatTensor>;
def RT_ThresholdedReluOp : RT_UnaryOp<"thresholded_relu", "y = x > alpha ? x : 0",
    (ins DefaultValuedAttr<F32Attr, "1.0">:$alpha), RT_FloatTensor>;
def RT_ShrinkOp : RT_UnaryOp<"shrink",
    "y = x < -lambd ? x + bias : (x > lambd ? x - bias : 0)",
    (ins DefaultValuedAttr<F32Attr, "0.0">:$bias,
         DefaultValuedAttr<F32Attr, "0.5">:$lambd)>;
def RT_GeluOp : RT_UnaryOp<"gelu",
    "y = 0.5 * x * (1 + erf(x / sqrt(2))) (approximate = \"none\") or its tanh approximation (approximate = \"tanh\")",
    (ins DefaultValuedStrAttr<StrAttr, "none">:$approximate), RT_FloatTensor> {
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Predicates and casts
//===----------------------------------------------------------------------===//

def RT_IsNaNOp : RT_PureOp<"is_nan", [RT_Elementwise]> {
  let summary = "elementwise test for NaN";
  let description = [{
    Returns `true` where `input` is NaN.

    ```mlir
    %m = rt.is_nan %x : (tensor<4xf32>) -> tensor<4xi1>
    ```
  }];
  let arguments = (ins RT_FloatTensor:$input);
  let results = (outs RT_BoolTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
}

def RT_IsInfOp : RT_PureOp<"is_inf", [RT_Elementwise]> {
  let summary = "elementwise test for infinity";
  let description = [{
    Returns `true` where `input` is +inf (if `detect_positive`) or -inf (if
    `detect_negative`).

    ```mlir
    %m = rt.is_inf %x : (tensor<4xf32>) -> tensor<4xi1>
    ```
  }];
  let arguments = (ins RT_FloatTensor:$input,
                       DefaultValuedAttr<I64Attr, "1">:$detect_negative,
                       DefaultValuedAttr<I64Attr, "1">:$detect_positive);
  let results = (outs RT_BoolTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
}

def RT_CastOp : RT_PureOp<"cast", [RT_Elementwise]> {
  let summary = "elementwise type conversion";
  let description = [{
    Converts every element of `input` to the element type `to`, with ONNX
    `Cast` semantics (float to integer truncates toward zero; `saturate`
    applies to 8-bit float targets).

    ```mlir
    %y = rt.cast %x {to = f16} : (tensor<4xf32>) -> tensor<4xf16>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, TypeAttr:$to,
                       DefaultValuedAttr<I64Attr, "1">:$saturate);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type($input, $output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops with multidirectional broadcasting
//===----------------------------------------------------------------------===//

/// `z = lhs op rhs` with NumPy broadcasting.
class RT_BinaryOp<string mnemonic, string math, Type T = RT_Tensor,
                  list<Trait> traits = [], dag attrs = (ins)>
    : RT_PureOp<mnemonic, !listconcat(traits, [RT_Elementwise])> {
  let summary = "elementwise " # math # " with broadcasting";
  let description = "Computes `" # math # "` elementwise with NumPy-style "
    # "(multidirectional) broadcasting of `lhs` and `rhs` (ONNX `"
    # mnemonic # "`).\n\nExample:\n\n```mlir\n%z = rt." # mnemonic
    # " %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>\n```\n";
  let arguments = !con((ins T:$lhs, T:$rhs), attrs);
  let results = (outs T:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, $output)
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      return ::mlir::rt::inferBroadcastResultType(
          loc, {adaptor.getLhs().getType(), adaptor.getRhs().getType()},
          ::mlir::Type(), types);
    }
  }];
}

def RT_AddOp : RT_BinaryOp<"add", "lhs + rhs", RT_Tensor, [Commutative]> { let hasFolder = 1; }
def RT_SubOp : RT_BinaryOp<"sub", "lhs - rhs"> { let hasFolder = 1; }
def RT_MulOp : RT_BinaryOp<"mul", "lhs * rhs", RT_Tensor, [Commutative]> { let hasFolder = 1; }
def RT_DivOp : RT_BinaryOp<"div", "lhs / rhs"> {
  let hasFolder = 1;
  let description = [{
    Computes `lhs / rhs` elementwise with NumPy-style (multidirectional)
    broadcasting (ONNX `Div`). Integer division truncates toward zero.

    Integer division is total, as in ONNX's reference implementation
    (NumPy): `x / 0 = 0`, and the one quotient that overflows wraps,
    `INT_MIN / -1 = INT_MIN`. ONNX leaves both undefined; rt defines them
    the same in constant folding, on the CPU and in GPU kernels, so that a
    zero divisor never traps (SIGFPE) or yields garbage.

    ```mlir
    %z = rt.div %x, %y : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi64>
    ```
  }];
}
def RT_ModOp : RT_BinaryOp<"mod", "lhs mod rhs", RT_Tensor, [],
    (ins DefaultValuedAttr<I64Attr, "0">:$fmod)> {
  let hasFolder = 1;
  let description = [{
    The remainder of `lhs / rhs` elementwise with NumPy-style broadcasting
    (ONNX `Mod`): with `fmod = 0` (integers only) it takes the divisor's
    sign, as Python's `%`; with `fmod = 1`, the dividend's, as C's `fmod`.

    Integer remainders are total, as in ONNX's reference implementation
    (NumPy): `x mod 0 = 0` and `INT_MIN mod -1 = 0`, in constant folding, on
    the CPU and in GPU kernels alike. Float remainders by zero are NaN.

    ```mlir
    %z = rt.mod %x, %y {fmod = 0 : i64} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
    ```
  }];
}
def RT_BitwiseAndOp : RT_BinaryOp<"bitwise_and", "lhs & rhs", RT_IntTensor, [Commutative]>;
def RT_BitwiseOrOp : RT_BinaryOp<"bitwise_or", "lhs | rhs", RT_IntTensor, [Commutative]>;
def RT_BitwiseXorOp : RT_BinaryOp<"bitwise_xor", "lhs ^ rhs", RT_IntTensor, [Commutative]>;
def RT_BitShiftOp : RT_BinaryOp<"bit_shift", "lhs << rhs or lhs >> rhs", RT_IntTensor, [],
    (ins StrAttr:$direction)> { let hasVerifier = 1; }

def RT_PowOp : RT_PureOp<"pow", [RT_Elementwise]> {
  let summary = "elementwise power with broadcasting";
  let description = [{
    `output = base ^ exponent` with NumPy broadcasting. The exponent may have
    another element type than the base; the result has the base's.

    ```mlir
    %y = rt.pow %x, %e : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$base, RT_Tensor:$exponent);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $base `,` $exponent attr-dict `:` functional-type(operands, $output)
  }];
}

def RT_PReluOp : RT_PureOp<"prelu", [RT_Elementwise]> {
  let summary = "parametric ReLU";
  let description = [{
    `y = x < 0 ? slope * x : x`; `slope` broadcasts unidirectionally to `x`.

    ```mlir
    %y = rt.prelu %x, %s : (tensor<1x3x8x8xf32>, tensor<3x1x1xf32>) -> tensor<1x3x8x8xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, RT_Tensor:$slope);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $slope attr-dict `:` functional-type(operands, $output)
  }];
}

/// Comparisons and logical ops: i1 result with broadcasting.
class RT_CompareOp<string mnemonic, string math, Type T = RT_Tensor,
                   list<Trait> traits = []>
    : RT_PureOp<mnemonic, !listconcat(traits, [RT_Elementwise])> {
  let summary = "elementwise " # math # " with broadcasting";
  let description = "Computes `" # math # "` elementwise with NumPy-style "
    # "broadcasting; the result is a tensor of `i1` (ONNX `" # mnemonic
    # "`).\n\nExample:\n\n```mlir\n%z = rt." # mnemonic
    # " %x, %y : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi1>\n```\n";
  let arguments = (ins T:$lhs, T:$rhs);
  let results = (outs RT_BoolTensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, $output)
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *ctx, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      return ::mlir::rt::inferBroadcastResultType(
          loc, {adaptor.getLhs().getType(), adaptor.getRhs().getType()},
          ::mlir::IntegerType::get(ctx, 1), types);
    }
  }];
}

def RT_EqualOp : RT_CompareOp<"equal", "lhs == rhs", RT_Tensor, [Commutative]> { let hasFolder = 1; }
def RT_LessOp : RT_CompareOp<"less", "lhs < rhs"> { let hasFolder = 1; }
def RT_LessOrEqualOp : RT_CompareOp<"less_or_equal", "lhs <= rhs"> { let hasFolder = 1; }
def RT_GreaterOp : RT_CompareOp<"greater", "lhs > rhs"> { let hasFolder = 1; }
def RT_GreaterOrEqualOp : RT_CompareOp<"greater_or_equal", "lhs >= rhs"> { let hasFolder = 1; }
def RT_AndOp : RT_CompareOp<"and", "lhs && rhs", RT_BoolTensor, [Commutative]> { let hasFolder = 1; }
def RT_OrOp : RT_CompareOp<"or", "lhs || rhs", RT_BoolTensor, [Commutative]> { let hasFolder = 1; }
def RT_XorOp : RT_CompareOp<"xor", "lhs != rhs", RT_BoolTensor, [Commutative]>;

def RT_WhereOp : RT_PureOp<"where", [RT_Elementwise]> {
  let summary = "elementwise select with broadcasting";
  let description = [{
    `output = condition ? x : y`, broadcasting all three operands.

    ```mlir
    %z = rt.where %c, %x, %y : (tensor<1x1x4x4xi1>, tensor<2x8x4x4xf32>, tensor<f32>) -> tensor<2x8x4x4xf32>
    ```
  }];
  let arguments = (ins RT_BoolTensor:$condition, RT_Tensor:$x, RT_Tensor:$y);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $condition `,` $x `,` $y attr-dict `:` functional-type(operands, $output)
  }];
  let hasFolder = 1;
}

def RT_ClipOp : RT_PureOp<"clip", [AttrSizedOperandSegments, RT_Elementwise]> {
  let summary = "elementwise clamp";
  let description = [{
    `output = min(max(input, min), max)`; absent bounds are unbounded. `min`
    and `max` are scalars (rank 0 or a single element).

    ```mlir
    %y = rt.clip %x min %lo max %hi : (tensor<8xf32>, tensor<f32>, tensor<f32>) -> tensor<8xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$input, Optional<RT_Tensor>:$min,
                       Optional<RT_Tensor>:$max);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $input (`min` $min^)? (`max` $max^)? attr-dict `:`
    functional-type(operands, $output)
  }];
  let hasVerifier = 1;
}

/// N-ary elementwise ops with broadcasting.
class RT_VariadicOp<string mnemonic, string math>
    : RT_PureOp<mnemonic, [SameOperandsElementType, RT_Elementwise]> {
  let summary = "elementwise " # math # " of any number of inputs";
  let description = "Computes `" # math # "` elementwise over all inputs "
    # "with NumPy-style broadcasting (ONNX `" # mnemonic # "`).\n\n"
    # "Example:\n\n```mlir\n%z = rt." # mnemonic
    # " %a, %b, %c : (tensor<4xf32>, tensor<4xf32>, tensor<1xf32>) -> tensor<4xf32>\n```\n";
  let arguments = (ins Variadic<RT_Tensor>:$inputs);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type($inputs, $output)";
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      ::llvm::SmallVector<::mlir::Type> operandTypes(
          adaptor.getInputs().getTypes());
      return ::mlir::rt::inferBroadcastResultType(loc, operandTypes,
                                                  ::mlir::Type(), types);
    }
    ::llvm::LogicalResult $cppClass::verify() {
      if (getInputs().empty())
        return emitOpError("requires at least one input");
      return ::mlir::success();
    }
  }];
}

def RT_MaxOp : RT_VariadicOp<"max", "max(inputs...)"> { let hasFolder = 1; }
def RT_MinOp : RT_VariadicOp<"min", "min(inputs...)"> { let hasFolder = 1; }
def RT_SumOp : RT_VariadicOp<"sum", "sum(inputs...)">;
def RT_MeanOp : RT_VariadicOp<"mean", "mean(inputs...)">;

//===----------------------------------------------------------------------===//
// Matrix multiplication
//===----------------------------------------------------------------------===//

def RT_MatMulOp : RT_PureOp<"matmul"> {
  let summary = "batched matrix product with NumPy semantics";
  let description = [{
    `numpy.matmul(lhs, rhs)`: 1-D operands are promoted to matrices and the
    added dimension removed afterwards; batch dimensions broadcast.

    ```mlir
    %y = rt.matmul %a, %b : (tensor<2x128x768xf16>, tensor<768x3072xf16>) -> tensor<2x128x3072xf16>
    ```
  }];
  let arguments = (ins RT_Tensor:$lhs, RT_Tensor:$rhs);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, $output)
  }];
}

def RT_GemmOp : RT_PureOp<"gemm"> {
  let summary = "general matrix multiply";
  let description = [{
    `output = alpha * op(a) * op(b) + beta * c`, where `op` transposes when
    `transA` / `transB` is set and `c` broadcasts unidirectionally to the
    result (ONNX `Gemm`). `a` and `b` are matrices.

    ```mlir
    %y = rt.gemm %x, %w, %b {transB = 1 : i64} : (tensor<1x2048xf32>, tensor<1000x2048xf32>, tensor<1000xf32>) -> tensor<1x1000xf32>
    ```
  }];
  let arguments = (ins RT_Tensor:$a, RT_Tensor:$b, Optional<RT_Tensor>:$c,
                       DefaultValuedAttr<F32Attr, "1.0">:$alpha,
                       DefaultValuedAttr<F32Attr, "1.0">:$beta,
                       DefaultValuedAttr<I64Attr, "0">:$transA,
                       DefaultValuedAttr<I64Attr, "0">:$transB);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = [{
    $a `,` $b (`,` $c^)? attr-dict `:` functional-type(operands, $output)
  }];
}

def RT_EinsumOp : RT_PureOp<"einsum"> {
  let summary = "Einstein summation";
  let description = [{
    Sums products of `inputs` as described by `equation` in Einstein
    notation (ONNX `Einsum`), e.g. `"bij,bjk->bik"`.

    ```mlir
    %y = rt.einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
    ```
  }];
  let arguments = (ins Variadic<RT_Tensor>:$inputs, StrAttr:$equation);
  let results = (outs RT_Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type($inputs, $output)";
}

#endif // RT_DIALECT_RT_IR_RTMATHOPS_TD
