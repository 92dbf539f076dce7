//===- AttachNVVMTarget.cpp - #nvvm.target from #rtgpu.target -------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Serialization (gpu-module-to-binary) needs an #nvvm.target on each
// gpu.module. Upstream's nvvm-attach-target takes the chip as an option;
// this pass takes it from the module's #rtgpu.target, which code generation
// read too, so that the target is named once.
//
//===----------------------------------------------------------------------===//

#include "rt/Conversion/RTToGPU/RTToGPU.h"
#include "rt/Dialect/RTGPU/IR/RTGPU.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_ATTACHNVVMTARGETPASS
#include "rt/Conversion/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;

namespace {
struct AttachNVVMTargetPass
    : public mlir::rt::impl::AttachNVVMTargetPassBase<AttachNVVMTargetPass> {
  using AttachNVVMTargetPassBase::AttachNVVMTargetPassBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    rtgpu::TargetAttr target =
        rtgpu::TargetAttr::lookupOrEmitError(module, "rt-attach-nvvm-target");
    if (!target)
      return signalPassFailure();
    if (optLevel > 3) {
      module.emitError() << "rt-attach-nvvm-target: optimization level "
                         << static_cast<unsigned>(optLevel) << " is not 0 to 3";
      return signalPassFailure();
    }
    Builder b(ctx);
    // The warpgroup MMA kernels' instructions (wgmma, TMA, mbarrier
    // try_wait) need PTX 8.0; the others keep the default PTX version.
    StringRef features = target.has(rtgpu::Feature::Wgmma) ? "+ptx80" : "";
    ArrayAttr link;
    if (!libdevice.empty())
      link = b.getStrArrayAttr({libdevice});
    auto nvvm = NVVM::NVVMTargetAttr::get(ctx, optLevel, "nvptx64-nvidia-cuda",
                                          target.getArch(), features,
                                          /*targetFlags=*/nullptr, link);
    for (auto gpuModule : module.getOps<gpu::GPUModuleOp>())
      gpuModule.setTargetsAttr(b.getArrayAttr({nvvm}));
  }
};
} // namespace
