//===- RTGPUBase.td - rtgpu dialect definition -------------*- tablegen -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RTGPU_IR_RTGPUBASE_TD
#define RT_DIALECT_RTGPU_IR_RTGPUBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def RTGPU_Dialect : Dialect {
  let name = "rtgpu";
  let cppNamespace = "::mlir::rtgpu";
  let summary = "rt's GPU code generation: the target and kernel strategies";
  let description = [{
    The `rtgpu` dialect holds what GPU code generation decides, as typed
    attributes: the target GPU (`#rtgpu.target`, one per module, read by
    every part of code generation through `rtgpu::TargetAttr::lookup`) and,
    per fusion group, the strategy of its kernel. It has no operations: the
    graph stays in the `rt` dialect, and the kernels are built from upstream
    dialects (gpu, nvgpu, nvvm, vector, memref).

    Keeping these attributes out of `rt` keeps the graph dialect free of
    target detail, and lets code generation change without rebuilding
    everything that includes the graph ops.
  }];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    /// Name of the module attribute holding the target (`#rtgpu.target`).
    static constexpr ::llvm::StringLiteral getTargetAttrName() {
      return ::llvm::StringLiteral("rtgpu.target");
    }
  }];
}

class RTGPU_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<RTGPU_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

#endif // RT_DIALECT_RTGPU_IR_RTGPUBASE_TD
