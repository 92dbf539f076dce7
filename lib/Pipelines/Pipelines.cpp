//===- Pipelines.cpp - rt pass pipelines ----------------------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Pipelines/Pipelines.h"
#include "rt/Conversion/Passes.h"
#include "rt/Dialect/RT/Transforms/Passes.h"
#include "rt/Dialect/RTGPU/IR/RTGPU.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cstdlib>

using namespace mlir;

namespace {
/// Marks the entry function with `llvm.emit_c_interface` and drops rt's
/// argument annotations before the LLVM translation.
struct EmitCInterfacePass
    : public PassWrapper<EmitCInterfacePass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(EmitCInterfacePass)
  explicit EmitCInterfacePass(std::string entry) : entry(std::move(entry)) {}
  StringRef getArgument() const override { return "rt-emit-c-interface"; }
  void runOnOperation() override {
    if (auto f = getOperation().lookupSymbol<func::FuncOp>(entry))
      f->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                 UnitAttr::get(&getContext()));
    // rt's argument/result annotations (ONNX names) mean nothing to LLVM.
    for (auto f : getOperation().getOps<func::FuncOp>()) {
      auto strip = [](ArrayRef<NamedAttribute> attrs) {
        SmallVector<NamedAttribute> kept;
        for (NamedAttribute a : attrs)
          if (!a.getName().getValue().starts_with("rt."))
            kept.push_back(a);
        return kept;
      };
      for (unsigned i = 0; i < f.getNumArguments(); ++i)
        f.setArgAttrs(i,
                      strip(f.getArgAttrDict(i) ? f.getArgAttrDict(i).getValue()
                                                : ArrayRef<NamedAttribute>()));
      for (unsigned i = 0; i < f.getNumResults(); ++i)
        f.setResultAttrs(i, strip(f.getResultAttrDict(i)
                                      ? f.getResultAttrDict(i).getValue()
                                      : ArrayRef<NamedAttribute>()));
    }
  }
  std::string entry;
};

std::unique_ptr<Pass> createEmitCInterfacePass(StringRef entry) {
  return std::make_unique<EmitCInterfacePass>(entry.str());
}

/// Fails with `message`: a pipeline built from invalid options reports
/// them when it runs (pipeline builders cannot fail).
struct InvalidOptionsPass
    : public PassWrapper<InvalidOptionsPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(InvalidOptionsPass)
  explicit InvalidOptionsPass(std::string message)
      : message(std::move(message)) {}
  StringRef getArgument() const override { return "rt-invalid-options"; }
  void runOnOperation() override {
    getOperation().emitError() << message;
    signalPassFailure();
  }
  std::string message;
};

/// The problem with GPU pipeline options, or an empty string.
std::string checkGPUOptions(const rt::GPUPipelineOptions &o) {
  if (!rt::isSupportedGPUArch(o.targetArch))
    return "rt-gpu-pipeline: unsupported target-arch '" + o.targetArch + "' (" +
           rtgpu::TargetAttr::getSupportedArchs() + ")";
  if (o.targetSMs != 0 && !rtgpu::TargetAttr::isValidSmCount(o.targetSMs))
    return "rt-gpu-pipeline: target-sms " + std::to_string(o.targetSMs) +
           " is not an SM count (1 to 1024)";
  if (o.format != "cubin" && o.format != "ptx" && o.format != "none")
    return "rt-gpu-pipeline: unknown format '" + o.format +
           "' (cubin, ptx or none)";
  if (o.precision != "fp16" && o.precision != "bf16" && o.precision != "fp32")
    return "rt-gpu-pipeline: unknown precision '" + o.precision +
           "' (fp16, bf16 or fp32)";
  if (!o.indexCheck.empty() && o.indexCheck != "clamp" &&
      o.indexCheck != "trap")
    return "rt-gpu-pipeline: unknown index-check '" + o.indexCheck +
           "' (clamp or trap)";
  return {};
}
} // namespace

void rt::buildGraphOptimizationPipeline(
    OpPassManager &pm, const GraphOptimizationOptions &options) {
  pm.addPass(createRTShapeInferencePass());
  OpPassManager &fpm = pm.nest<func::FuncOp>();
  if (options.foldConstants)
    fpm.addPass(createRTFoldConstantsPass());
  if (options.canonicalize)
    fpm.addPass(createCanonicalizerPass());
  // Signatures follow the refined results (and absorb the casts that the
  // function-level passes put before returns).
  pm.addPass(createRTShapeInferencePass());
  pm.nest<func::FuncOp>().addPass(createRTEliminateDeadCodePass());
}

void rt::buildOptimizationPipeline(OpPassManager &pm,
                                   const GraphOptimizationOptions &options) {
  buildGraphOptimizationPipeline(pm, options);
  OpPassManager &fpm = pm.nest<func::FuncOp>();
  fpm.addPass(createRTFoldWeightsPass());
  fpm.addPass(createRTConvertLayoutPass());
  fpm.addPass(createRTFoldWeightsPass()); // The filters' transposes.
  fpm.addPass(createRTPadChannelsPass());
  if (options.precision != "fp32") {
    RTConvertPrecisionPassOptions precision;
    precision.precision = options.precision;
    fpm.addPass(createRTConvertPrecisionPass(precision));
  }
  fpm.addPass(createCSEPass());
  fpm.addPass(createRTFuseGeluPass());
  fpm.addPass(createRTFuseAttentionPass());
  fpm.addPass(createRTMergeParallelMatMulsPass());
  fpm.addPass(createCanonicalizerPass());
  fpm.addPass(createRTEliminateDeadCodePass());
  fpm.addPass(createRTFuseOpsPass());
  fpm.addPass(createRTPlanMemoryPass());
  fpm.addPass(createRTVerifyMemoryPlanPass());
}

void rt::buildCPUPipeline(OpPassManager &pm,
                          const CPUPipelineOptions &options) {
  if (!options.indexCheck.empty()) {
    RTIndexCheckPassOptions check;
    check.mode = options.indexCheck;
    pm.addPass(createRTIndexCheckPass(check));
  }
  if (options.optimize) {
    buildOptimizationPipeline(pm, GraphOptimizationOptions());
    if (!options.reportJson.empty() || !options.reportText.empty()) {
      RTReportPassOptions report;
      report.json = options.reportJson;
      report.text = options.reportText;
      pm.addPass(createRTReportPass(report));
    }
    OpPassManager &fpm = pm.nest<func::FuncOp>();
    fpm.addPass(createRTInlineFusionGroupsPass());
    fpm.addPass(createRTDecomposeAttentionPass());
    RTConvertLayoutPassOptions nchw;
    nchw.layout = "nchw";
    fpm.addPass(createRTConvertLayoutPass(nchw));
    fpm.addPass(createRTFoldWeightsPass());
    fpm.addPass(createCanonicalizerPass());
  } else {
    buildGraphOptimizationPipeline(pm, GraphOptimizationOptions());
  }
  pm.nest<func::FuncOp>().addPass(createConvertRTToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  // Element-wise fusion with bounded bodies: linear in a chain's length,
  // where upstream's linalg-fuse-elementwise-ops is quadratic.
  pm.nest<func::FuncOp>().addPass(createRTFuseLinalgElementwisePass());
  // The upstream part, as a textual pipeline: each pass is standard MLIR.
  std::string upstream =
      "one-shot-bufferize{bufferize-function-boundaries "
      "function-boundary-type-conversion=identity-layout-map},"
      "buffer-results-to-out-params{hoist-static-allocs=true "
      "modify-public-functions=true},"
      "buffer-deallocation-pipeline,"
      "func.func(convert-linalg-to-loops),"
      "expand-strided-metadata,lower-affine,convert-scf-to-cf,"
      "convert-math-to-funcs,convert-math-to-libm,"
      "convert-math-to-llvm,"
      "finalize-memref-to-llvm,convert-arith-to-llvm,convert-index-to-llvm,"
      "convert-cf-to-llvm";
  if (failed(parsePassPipeline(upstream, pm)))
    llvm::report_fatal_error("rt: invalid built-in CPU pipeline");
  pm.addPass(createEmitCInterfacePass(options.entry));
  if (failed(parsePassPipeline(
          "convert-func-to-llvm,reconcile-unrealized-casts", pm)))
    llvm::report_fatal_error("rt: invalid built-in CPU pipeline");
}

bool rt::isSupportedGPUArch(StringRef arch) {
  return rtgpu::TargetAttr::isSupportedArch(arch);
}

/// libdevice (the CUDA math library as LLVM bitcode: expf, erff, tanhf ...)
/// of the CUDA toolkit at $CUDA_ROOT, $CUDA_HOME, $CUDA_PATH or
/// /usr/local/cuda, or empty. Linked explicitly, so that kernels never
/// depend on how the serializer happens to look for the toolkit (without
/// it, math functions stay external calls that ptxas cannot resolve).
static std::string findLibdevice() {
  SmallVector<std::string> roots;
  for (const char *var : {"CUDA_ROOT", "CUDA_HOME", "CUDA_PATH"})
    if (const char *v = std::getenv(var); v && *v)
      roots.push_back(v);
  roots.push_back("/usr/local/cuda");
  for (const std::string &root : roots) {
    SmallString<256> path(root);
    llvm::sys::path::append(path, "nvvm", "libdevice", "libdevice.10.bc");
    if (llvm::sys::fs::exists(path))
      return std::string(path);
  }
  return {};
}

void rt::buildGPUKernelLoweringPipeline(OpPassManager &pm,
                                        const GPUPipelineOptions &options) {
  if (std::string problem = checkGPUOptions(options); !problem.empty()) {
    pm.addPass(std::make_unique<InvalidOptionsPass>(problem));
    return;
  }
  std::string libdevice = findLibdevice();
  // The kernels' NVVM target comes from the module's #rtgpu.target
  // (rt-attach-nvvm-target), which rt-set-gpu-target recorded.
  std::string pipeline = "gpu.module(convert-nvgpu-to-nvvm,convert-scf-to-cf,"
                         "convert-gpu-to-nvvm{use-bare-ptr-memref-"
                         "call-conv=1},rt-lower-tensor-map-params,"
                         "convert-nvvm-to-llvm,canonicalize,cse),"
                         "rt-attach-nvvm-target{O=" +
                         std::to_string(options.optLevel) +
                         (libdevice.empty() ? "" : " libdevice=" + libdevice) +
                         "},reconcile-unrealized-casts";
  if (options.format == "cubin")
    pipeline += ",gpu-module-to-binary{format=bin}";
  else if (options.format == "ptx")
    pipeline += ",gpu-module-to-binary{format=isa}";
  if (failed(parsePassPipeline(pipeline, pm)))
    llvm::report_fatal_error("rt: invalid built-in GPU pipeline");
}

void rt::buildGPUPipeline(OpPassManager &pm,
                          const GPUPipelineOptions &options) {
  if (std::string problem = checkGPUOptions(options); !problem.empty()) {
    pm.addPass(std::make_unique<InvalidOptionsPass>(problem));
    return;
  }
  if (!options.indexCheck.empty()) {
    RTIndexCheckPassOptions check;
    check.mode = options.indexCheck;
    pm.addPass(createRTIndexCheckPass(check));
  }
  GraphOptimizationOptions graph;
  graph.precision = options.precision;
  buildOptimizationPipeline(pm, graph);
  buildKernelGenerationPipeline(pm, options.targetArch, options.targetSMs,
                                options.gemmTile, options.blockSize);
  buildGPUKernelLoweringPipeline(pm, options);
}

void rt::buildKernelGenerationPipeline(OpPassManager &pm, StringRef arch,
                                       int64_t sms, StringRef gemmTile,
                                       int64_t blockSize) {
  SetGPUTargetPassOptions target;
  target.arch = arch.str();
  target.sms = sms;
  pm.addPass(createSetGPUTargetPass(target));
  pm.addPass(createPrepareKernelOperandsPass());
  ConfigureKernelsPassOptions configure;
  configure.gemmTile = gemmTile.str();
  configure.blockSize = blockSize;
  pm.addPass(createConfigureKernelsPass(configure));
  pm.addPass(createConvertRTToGPUPass());
}

void rt::registerPipelines() {
  PassPipelineRegistration<GPUPipelineOptions>(
      "rt-gpu-pipeline",
      "Compile an rt module for NVIDIA GPUs: rt-optimize with reduced "
      "precision, one kernel per fusion group, NVVM, PTX and cubin "
      "(target-arch, precision, format)",
      buildGPUPipeline);
  PassPipelineRegistration<KernelGenerationOptions>(
      "rt-generate-kernels",
      "One GPU kernel per fusion group: rt-set-gpu-target, "
      "rt-prepare-kernel-operands, rt-configure-kernels and "
      "convert-rt-to-gpu (target-arch, target-sms, gemm-tile, block-size)",
      [](OpPassManager &pm, const KernelGenerationOptions &o) {
        buildKernelGenerationPipeline(pm, o.targetArch, o.targetSMs, o.gemmTile,
                                      o.blockSize);
      });
  PassPipelineRegistration<CPUPipelineOptions>(
      "rt-cpu-pipeline",
      "Lower an rt module with static shapes to the LLVM dialect for the "
      "host CPU (graph pipeline, convert-rt-to-linalg, bufferization, loops, "
      "LLVM); the entry function gets a C interface",
      buildCPUPipeline);
  PassPipelineRegistration<GraphOptimizationOptions>(
      "rt-optimize",
      "The full optimization pipeline: rt-graph-opt, attention recognition, "
      "merging of parallel MatMuls, and fusion into rt.fusion_group ops (one "
      "per kernel)",
      buildOptimizationPipeline);
  PassPipelineRegistration<GraphOptimizationOptions>(
      "rt-graph-opt",
      "Graph-level optimization of imported models: constant folding, shape "
      "inference, canonicalization and dead-code elimination",
      buildGraphOptimizationPipeline);
}
