//===- Pipelines.h - rt pass pipelines --------------------------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_PIPELINES_PIPELINES_H
#define RT_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
namespace rt {

/// Options of the graph-level optimization pipeline.
struct GraphOptimizationOptions
    : public PassPipelineOptions<GraphOptimizationOptions> {
  Option<bool> foldConstants{*this, "fold-constants",
                             llvm::cl::desc("Evaluate constant subgraphs"),
                             llvm::cl::init(true)};
  Option<bool> canonicalize{*this, "canonicalize",
                            llvm::cl::desc("Run the canonicalizer"),
                            llvm::cl::init(true)};
  Option<std::string> precision{
      *this, "precision",
      llvm::cl::desc("Storage type of float32 tensors (rt-convert-precision): "
                     "fp32, fp16 or bf16; used by rt-optimize"),
      llvm::cl::init("fp32")};
};

/// Graph-level cleanup on imported models: constant folding (shape
/// subgraphs), shape inference, canonicalization and dead-code elimination.
/// Leaves every shape that the model determines static.
void buildGraphOptimizationPipeline(OpPassManager &pm,
                                    const GraphOptimizationOptions &options);

/// The full optimization pipeline on imported models: the graph pipeline,
/// attention recognition, merging of parallel MatMuls, and fusion into
/// `rt.fusion_group`s (one per kernel).
void buildOptimizationPipeline(OpPassManager &pm,
                               const GraphOptimizationOptions &options);

/// Options of the CPU reference pipeline.
struct CPUPipelineOptions : public PassPipelineOptions<CPUPipelineOptions> {
  Option<std::string> entry{
      *this, "entry", llvm::cl::desc("Entry function (gets a C interface)"),
      llvm::cl::init("main")};
  Option<bool> optimize{
      *this, "optimize",
      llvm::cl::desc("Run the optimization pipeline (rt-optimize) first, so "
                     "the CPU executes what the GPU would (fusion groups are "
                     "inlined again and rt.attention decomposed)"),
      llvm::cl::init(true)};
  Option<std::string> reportJson{
      *this, "report-json",
      llvm::cl::desc("Write the explain report (rt-report) as JSON here"),
      llvm::cl::init("")};
  Option<std::string> reportText{
      *this, "report-text",
      llvm::cl::desc("Write the readable explain report here (- = stdout)"),
      llvm::cl::init("")};
  Option<std::string> indexCheck{
      *this, "index-check",
      llvm::cl::desc("Out-of-range gather/scatter indices: clamp or trap "
                     "(rt-index-check; empty: the module's rt.index_check, "
                     "else clamp)"),
      llvm::cl::init("")};
};

/// Lowers an rt module to the LLVM dialect for execution on the host CPU:
/// the graph pipeline, convert-rt-to-linalg, one-shot bufferization (results
/// become out-parameters), loops, and LLVM. The entry function gets a C
/// interface (`_mlir_ciface_<entry>`) taking pointers to memref descriptors:
/// inputs first, then outputs. Needs static shapes (see rt-set-input-shapes).
void buildCPUPipeline(OpPassManager &pm, const CPUPipelineOptions &options);

/// Options of the GPU pipeline.
struct GPUPipelineOptions : public PassPipelineOptions<GPUPipelineOptions> {
  Option<std::string> targetArch{
      *this, "target-arch",
      llvm::cl::desc("GPU architecture: sm_80, sm_86, sm_89, sm_90 or sm_90a"),
      llvm::cl::init("sm_90")};
  Option<std::string> precision{
      *this, "precision",
      llvm::cl::desc("Storage type of float32 tensors: fp16, bf16 or fp32"),
      llvm::cl::init("fp16")};
  Option<std::string> format{
      *this, "format",
      llvm::cl::desc("Kernel binary: cubin (ptxas here), ptx (the driver "
                     "compiles it at load time), or none (stop at NVVM IR)"),
      llvm::cl::init("cubin")};
  Option<unsigned> optLevel{*this, "opt-level",
                            llvm::cl::desc("LLVM optimization level"),
                            llvm::cl::init(3)};
  Option<int64_t> blockSize{
      *this, "block-size",
      llvm::cl::desc("Threads per block of elemental kernels"),
      llvm::cl::init(256)};
  Option<int64_t> targetSMs{
      *this, "target-sms",
      llvm::cl::desc("SMs of the target GPU, for the kernel heuristics and "
                     "persistent kernels (rt-set-gpu-target); 0: the "
                     "architecture's reference GPU's (132 for sm_90/sm_90a, "
                     "108 for sm_80)"),
      llvm::cl::init(0)};
  Option<std::string> gemmTile{
      *this, "gemm-tile",
      llvm::cl::desc("A strategy override whose entries replace the "
                     "heuristic's in GEMM groups of the kernel it names "
                     "(rt-configure-kernels)"),
      llvm::cl::init("")};
  Option<std::string> indexCheck{
      *this, "index-check",
      llvm::cl::desc("Out-of-range gather/scatter indices: clamp or trap "
                     "(rt-index-check; empty: the module's rt.index_check, "
                     "else clamp)"),
      llvm::cl::init("")};
};

/// Whether `arch` is one rt generates code for.
bool isSupportedGPUArch(StringRef arch);

/// Compiles an imported rt module for NVIDIA GPUs: rt-optimize (with the
/// precision conversion), one kernel per fusion group (convert-rt-to-gpu),
/// GPU to NVVM to PTX, and (format=cubin) ptxas. The result keeps the graph
/// function, its groups annotated with kernels and launches, next to a
/// `gpu.binary @rt_kernels`: what rt-translate --export-engine packs.
void buildGPUPipeline(OpPassManager &pm, const GPUPipelineOptions &options);

/// Options of kernel generation alone (rt-generate-kernels).
struct KernelGenerationOptions
    : public PassPipelineOptions<KernelGenerationOptions> {
  Option<std::string> targetArch{
      *this, "target-arch",
      llvm::cl::desc("GPU architecture, when the module has no rtgpu.target"),
      llvm::cl::init("sm_90")};
  Option<int64_t> targetSMs{
      *this, "target-sms",
      llvm::cl::desc("SMs of the GPU, when the module has no rtgpu.target "
                     "(0: the architecture's reference GPU's)"),
      llvm::cl::init(0)};
  Option<std::string> gemmTile{
      *this, "gemm-tile",
      llvm::cl::desc("A strategy override (rt-configure-kernels)"),
      llvm::cl::init("")};
  Option<int64_t> blockSize{
      *this, "block-size",
      llvm::cl::desc("Threads per block of elemental kernels"),
      llvm::cl::init(256)};
};

/// Kernel generation from fusion groups: rt-set-gpu-target (`arch`, `sms`;
/// a module's own target wins), rt-prepare-kernel-operands,
/// rt-configure-kernels (`gemmTile`, `blockSize`) and convert-rt-to-gpu.
void buildKernelGenerationPipeline(OpPassManager &pm, StringRef arch,
                                   int64_t sms, StringRef gemmTile,
                                   int64_t blockSize);

/// The kernel half of the GPU pipeline alone (after convert-rt-to-gpu).
void buildGPUKernelLoweringPipeline(OpPassManager &pm,
                                    const GPUPipelineOptions &options);

/// Registers rt's named pipelines with the global pass registry, for
/// `rt-opt --rt-graph-opt`.
void registerPipelines();

} // namespace rt
} // namespace mlir

#endif // RT_PIPELINES_PIPELINES_H
