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
    per fusion group, the strategy of its kernel (`rtgpu.strategy`: one
    attribute per kernel family, e.g. `#rtgpu.gemm`, `#rtgpu.attention`,
    each implementing `KernelStrategyAttrInterface`). The dialect verifies
    a strategy where it is attached: on an `rt.fusion_group`, and against
    the module's target when there is one. It has no operations: the
    graph stays in the `rt` dialect, and the kernels are built from upstream
    dialects (gpu, nvgpu, nvvm, vector, memref).

    Keeping these attributes out of `rt` keeps the graph dialect free of
    target detail, and lets code generation change without rebuilding
    everything that includes the graph ops.
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    /// Name of the gpu.module (and gpu.binary) that holds the kernels.
    static constexpr ::llvm::StringLiteral getKernelModuleName() {
      return ::llvm::StringLiteral("rt_kernels");
    }
    /// Name of the fusion group attribute holding its kernel's strategy (an
    /// attribute of the KernelStrategyAttrInterface).
    static constexpr ::llvm::StringLiteral getStrategyAttrName() {
      return ::llvm::StringLiteral("rtgpu.strategy");
    }
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
