//===- RTBase.td - rt dialect definition -------------------*- tablegen -*-===//
//
// The rt dialect: tensor-level operations of the ONNX standard domain, the
// entry point of the rt compiler.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RT_IR_RTBASE_TD
#define RT_DIALECT_RT_IR_RTBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def RT_Dialect : Dialect {
  let name = "rt";
  let cppNamespace = "::mlir::rt";
  let summary = "Tensor operations of the ONNX standard domain";
  let description = [{
    The `rt` dialect models inference graphs at the level of the ONNX standard
    operator set. Every op has value semantics on builtin tensors, whose shapes
    may be static, partially dynamic (`tensor<?x128xf16>`) or unranked; shape
    inference refines them. Operands and attributes follow the newest ONNX
    opset (23): the importer rewrites older opsets into this form, so passes
    see one semantics per op. Attribute names keep ONNX spelling
    (`kernel_shape`, `auto_pad`) so that a reader can check them against the
    ONNX operator specification.

    Weights are `rt.constant` ops holding `dense_resource` blobs, which keep
    large models fast to import and small to print.
  }];
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 0;
  let extraClassDeclaration = [{
    /// Name of the function argument/result attribute holding the ONNX
    /// value name.
    static constexpr ::llvm::StringLiteral getOnnxNameAttrName() {
      return ::llvm::StringLiteral("rt.name");
    }
    /// Name of the function argument attribute listing symbolic dimension
    /// names (ONNX `dim_param`), one string per dimension ("" if none).
    static constexpr ::llvm::StringLiteral getDimNamesAttrName() {
      return ::llvm::StringLiteral("rt.dim_names");
    }
  }];
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def RT_ElementType : AnyTypeOf<[AnyFloat, AnyInteger, Complex<AnyFloat>]>;
def RT_Tensor : TensorOf<[RT_ElementType]>;
def RT_FloatTensor : TensorOf<[AnyFloat]>;
def RT_IntTensor : TensorOf<[AnyInteger]>;
def RT_IndexTensor : TensorOf<[I32, I64, SI32, SI64]>;
def RT_BoolTensor : TensorOf<[I1]>;
def RT_ShapeTensor : TensorOf<[I64, SI64]>;

//===----------------------------------------------------------------------===//
// Base op classes
//===----------------------------------------------------------------------===//

/// Result type inference: every rt op computes its result types from its
/// operands and attributes. Declared result types may be more refined than
/// the inferred ones (a static dimension where inference says `?`), never
/// contradict them.
def RT_InferResultTypes : InferTypeOpAdaptorBase<[{
    static bool isCompatibleReturnTypes(::mlir::TypeRange l,
                                        ::mlir::TypeRange r) {
      return ::mlir::rt::areCompatibleResultTypes(l, r);
    }
  }]>;

/// Marks elementwise ops (with NumPy broadcasting): each result element
/// depends only on the operand elements at the same (broadcast) position.
/// Fusion puts them in kernel epilogues and elementwise kernels.
def RT_Elementwise : NativeOpTrait<"Elementwise"> {
  let cppNamespace = "::mlir::rt::OpTrait";
}

/// Every tensor the op takes or produces has a representable size: rank at
/// most kMaxRank, element count and bytes within int64 (checkTensorType).
/// Verified before the result types are re-inferred.
def RT_BoundedShapes : NativeOpTrait<"BoundedShapes"> {
  let cppNamespace = "::mlir::rt::OpTrait";
}

class RT_Op<string mnemonic, list<Trait> traits = []>
    : Op<RT_Dialect, mnemonic,
         !listconcat(traits, [RT_BoundedShapes, RT_InferResultTypes])>;

/// Ops without side effects (nearly all of them).
class RT_PureOp<string mnemonic, list<Trait> traits = []>
    : RT_Op<mnemonic, !listconcat(traits, [Pure])>;

#endif // RT_DIALECT_RT_IR_RTBASE_TD
