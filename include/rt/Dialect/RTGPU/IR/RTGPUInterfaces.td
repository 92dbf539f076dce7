//===- RTGPUInterfaces.td - rtgpu attribute interfaces -----*- tablegen -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_DIALECT_RTGPU_IR_RTGPUINTERFACES_TD
#define RT_DIALECT_RTGPU_IR_RTGPUINTERFACES_TD

include "mlir/IR/OpBase.td"

def RTGPU_KernelStrategyAttrInterface
    : AttrInterface<"KernelStrategyAttrInterface"> {
  let cppNamespace = "::mlir::rtgpu";
  let description = [{
    The strategy of one fusion group's kernel: which kernel family and
    variant generates it and with which parameters (tile shape, pipeline
    depth, threads, ...). Each family's attribute verifies its parameters
    on its own (the attribute verifier) and against a target
    (`verifyTarget`: features, shared memory), and describes itself in one
    line for `--describe`, `--rt-report` and the engine. Whatever needs a
    kernel's strategy without generating it (the engine exporter, reports,
    the autotuner's search space) goes through this interface; the
    emitters dispatch on the concrete attribute.
  }];
  let methods = [
    InterfaceMethod<
      "The kernel family and variant (its report name is "
      "`getKernelName`).",
      "::mlir::rtgpu::KernelKind", "getKernelKind">,
    InterfaceMethod<
      "The kernel's name in reports: `wgmma_gemm`, `mma_gemm`, "
      "`wmma_gemm`, `attention_mma`, `attention_tile`, `attention_row`, "
      "`norm_row`, `depthwise_conv` or `elemental`.",
      "::llvm::StringRef", "getKernelName", (ins), [{}], [{
        return ::mlir::rtgpu::stringifyKernelKind($_attr.getKernelKind());
      }]>,
    InterfaceMethod<"Threads per block.", "int64_t", "getThreadsPerBlock",
      (ins), [{}], [{ return $_attr.getThreads(); }]>,
    InterfaceMethod<
      "One line for profiles and reports: `wgmma_gemm 128x192x64, 4 "
      "stages, TMA-fed, warp-specialized`, `norm_row, 128 threads`.",
      "std::string", "describe", (ins), [{}], [{
        return ($_attr.getKernelName() + ", " +
                ::llvm::Twine($_attr.getThreadsPerBlock()) + " threads")
            .str();
      }]>,
    InterfaceMethod<
      "Checks the strategy against `target` (features the kernel needs, "
      "the shared memory it takes per block); errors through `emitError`. "
      "By default a strategy needs nothing beyond the architectures rt "
      "supports.",
      "::llvm::LogicalResult", "verifyTarget",
      (ins "const ::mlir::rtgpu::TargetAttr &":$target,
           "::llvm::function_ref<::mlir::InFlightDiagnostic()>":$emitError),
      [{}], [{ return ::mlir::success(); }]>,
  ];
}

#endif // RT_DIALECT_RTGPU_IR_RTGPUINTERFACES_TD
