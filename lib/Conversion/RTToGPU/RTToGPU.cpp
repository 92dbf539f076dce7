//===- RTToGPU.cpp - rt fusion groups to GPU kernels ----------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// convert-rt-to-gpu: every rt.fusion_group becomes one gpu.func, generated
// by the kernel family its strategy (`rtgpu.strategy`) names: a dispatch on
// the strategy attribute, nothing chosen here (rt-configure-kernels does
// that). The group records the kernel's symbol (`rt.kernel`) and launch
// dimensions (`rt.launch`) for the engine exporter.
//
//===----------------------------------------------------------------------===//

#include "rt/Conversion/RTToGPU/RTToGPU.h"
#include "Emitter.h"
#include "KernelArithmetic.h"
#include "Kernels.h"
#include "rt/Dialect/RT/IR/RTOps.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_CONVERTRTTOGPUPASS
#include "rt/Conversion/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;
using namespace mlir::rt::gpugen;

namespace {

/// A C identifier from a fusion group name.
std::string kernelName(unsigned index, StringRef name) {
  std::string s = "k" + std::to_string(index) + "_";
  for (char c : name.take_front(48))
    s += llvm::isAlnum(c) ? c : '_';
  return s;
}

/// Emits `func` for `group` with the kernel family `strategy` names.
LogicalResult emitKernel(FusionGroupOp group, gpu::GPUFuncOp func,
                         rtgpu::KernelStrategyAttrInterface strategy,
                         rtgpu::TargetAttr target, KernelLaunch &launch) {
  return llvm::TypeSwitch<Attribute, LogicalResult>(strategy)
      .Case([&](rtgpu::GemmStrategyAttr gemm) {
        return emitTiledGemm(group, func, TileConfig::get(gemm), launch,
                             target);
      })
      .Case([&](rtgpu::AttentionStrategyAttr attention) {
        if (attention.getKernel() == rtgpu::AttentionKernel::mma)
          return emitAttentionMma(group, func, attention, launch);
        return emitRowKernel(group, func, attention, launch);
      })
      .Case([&](rtgpu::NormRowStrategyAttr norm) {
        return emitRowKernel(group, func, norm, launch);
      })
      .Case([&](rtgpu::DepthwiseStrategyAttr depthwise) {
        return emitDepthwiseConv(group, func, depthwise, launch);
      })
      .Case([&](rtgpu::ElementalStrategyAttr elemental) {
        return emitElemental(group, func, elemental, launch);
      })
      .Default([&](Attribute) {
        return group.emitError()
               << "fusion group '" << group.getName()
               << "': no kernel family generates " << strategy;
      });
}

struct ConvertRTToGPUPass
    : public mlir::rt::impl::ConvertRTToGPUPassBase<ConvertRTToGPUPass> {
  using ConvertRTToGPUPassBase::ConvertRTToGPUPassBase;

  /// The GPU the kernels are for (the module's rtgpu.target).
  rtgpu::TargetAttr target;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    if (failed(lowering::verifyIndexCheckAttr(module)))
      return signalPassFailure();
    target = rtgpu::TargetAttr::lookupOrEmitError(module, "convert-rt-to-gpu");
    if (!target)
      return signalPassFailure();
    OpBuilder b(ctx);
    module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                    b.getUnitAttr());
    auto gpuModule = module.lookupSymbol<gpu::GPUModuleOp>(
        rtgpu::RTGPUDialect::getKernelModuleName());
    if (!gpuModule) {
      b.setInsertionPointToEnd(module.getBody());
      gpuModule = gpu::GPUModuleOp::create(
          b, module.getLoc(), rtgpu::RTGPUDialect::getKernelModuleName());
    }
    unsigned index = 0;
    WalkResult result = module.walk([&](FusionGroupOp group) {
      if (group->getParentOfType<gpu::GPUModuleOp>())
        return WalkResult::advance();
      if (failed(convertGroup(group, gpuModule, index++)))
        return WalkResult::interrupt();
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      return signalPassFailure();
    gpugen::relaxFloatArithmetic(gpuModule);
    gpugen::expandIntegerPowers(gpuModule);
  }

  LogicalResult convertGroup(FusionGroupOp group, gpu::GPUModuleOp gpuModule,
                             unsigned index) {
    Location loc = group.getLoc();
    MLIRContext *ctx = group.getContext();
    rtgpu::KernelStrategyAttrInterface strategy = rtgpu::getStrategy(group);
    if (!strategy)
      return group.emitError() << "fusion group '" << group.getName()
                               << "' has no kernel strategy ('"
                               << rtgpu::RTGPUDialect::getStrategyAttrName()
                               << "'): run rt-configure-kernels first";
    Block &body = group.getBody().front();
    auto yield = cast<YieldOp>(body.getTerminator());

    SmallVector<Type> argTypes;
    auto memrefOf = [&](Value v) -> FailureOr<MemRefType> {
      auto t = dyn_cast<RankedTensorType>(v.getType());
      if (!t || !t.hasStaticShape())
        return group.emitError()
               << "fusion group '" << group.getName()
               << "' has a value of type " << v.getType()
               << " without a static shape: fix the input shapes "
                  "(rt-set-input-shapes) before GPU code generation";
      return MemRefType::get(t.getShape(), storageType(t.getElementType()));
    };
    for (Value v :
         llvm::concat<Value>(body.getArguments(), yield.getOperands())) {
      FailureOr<MemRefType> m = memrefOf(v);
      if (failed(m))
        return failure();
      argTypes.push_back(*m);
    }

    // Results with no elements (a Slice starting past the end, Trilu of a
    // matrix with no rows): nothing to compute, and index arithmetic over a
    // zero extent would divide by zero. The step stays, as an empty kernel
    // of one thread whose empty operands are declared 1-D (the NVVM
    // lowering rejects a zero extent before another dimension,
    // memref<3x0x5xT>).
    const bool emptyResults = llvm::all_of(yield.getOperands(), [](Value v) {
      return cast<RankedTensorType>(v.getType()).getNumElements() == 0;
    });
    if (emptyResults)
      for (Type &t : argTypes)
        if (auto m = cast<MemRefType>(t); m.getNumElements() == 0)
          t = MemRefType::get({0}, m.getElementType());

    OpBuilder b(ctx);
    b.setInsertionPointToEnd(gpuModule.getBody());
    std::string name = kernelName(index, group.getName());
    auto func =
        gpu::GPUFuncOp::create(b, loc, name, b.getFunctionType(argTypes, {}));
    func->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
    auto symbol = SymbolRefAttr::get(
        StringAttr::get(ctx, rtgpu::RTGPUDialect::getKernelModuleName()),
        {FlatSymbolRefAttr::get(ctx, name)});

    KernelLaunch launch;
    if (emptyResults) {
      b.setInsertionPointToStart(&func.getBody().front());
      gpu::ReturnOp::create(b, loc);
    } else if (failed(emitKernel(group, func, strategy, target, launch))) {
      return failure();
    }
    func.setKnownBlockSizeAttr(
        b.getDenseI32ArrayAttr({int32_t(launch.block[0]), 1, 1}));
    group->setAttr("rt.kernel", symbol);
    group->setAttr(
        "rt.launch",
        b.getDenseI64ArrayAttr({launch.grid[0], launch.grid[1], launch.grid[2],
                                launch.block[0], launch.block[1],
                                launch.block[2], launch.sharedBytes}));
    return success();
  }
};

} // namespace
