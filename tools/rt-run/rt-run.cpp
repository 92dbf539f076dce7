//===- rt-run.cpp - build, run and time ONNX models -----------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// The driver users know from trtexec:
//
//   rt-run --onnx=model.onnx [--target=cpu|cuda] [--input=NAME=FILE ...]
//          [--inputs-dir=DIR] [--save-outputs=DIR] [--report=FILE]
//          [--iterations=N] [--warmup=N] [--seed=S]
//   rt-run --onnx=model.onnx --target=cuda [--fp16|--bf16]
//          [--target-arch=sm_90] [--target-sms=N] [--save-engine=F]
//          [--compare=cpu|onnxruntime]
//   rt-run --load-engine=model.engine [--input=...] [--iterations=N]
//
// The CPU target compiles the model with rt's reference pipeline
// (rt-cpu-pipeline) for the shapes of the given inputs and runs it in
// process through MLIR's JIT. The CUDA target compiles it with
// rt-gpu-pipeline into an engine (which needs no GPU) and runs the engine
// through rt's runtime on a CUDA stream, by default as a CUDA graph, timing
// every iteration with CUDA events.
//
//===----------------------------------------------------------------------===//

#include "rt/Conversion/RTToGPU/RTToGPU.h"
#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RT/Transforms/Passes.h"
#include "rt/Dialect/RTGPU/IR/RTGPU.h"
#include "rt/InitAllDialects.h"
#include "rt/InitAllPasses.h"
#include "rt/Pipelines/Pipelines.h"
#include "rt/Runtime/CheckedMath.h"
#include "rt/Runtime/Runtime.h"
#include "rt/Support/TensorIO.h"
#include "rt/Target/Engine/EngineExport.h"
#include "rt/Target/ONNX/ONNXImporter.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <unistd.h>
#include <chrono>
#include <cmath>
#include <fstream>
#include <optional>
#include <random>

using namespace mlir;
using namespace mlir::rt;
namespace cl = llvm::cl;

static cl::OptionCategory runCat("rt-run options");
static cl::opt<std::string> clOnnx("onnx",
                                   cl::desc("ONNX model to build and run"),
                                   cl::value_desc("model.onnx"),
                                   cl::cat(runCat));
static cl::opt<std::string> clTarget("target", cl::desc("cpu or cuda"),
                                     cl::init("cpu"), cl::cat(runCat));
static cl::opt<std::string> clTargetArch(
    "target-arch",
    cl::desc("GPU architecture to build for (sm_80, sm_86, sm_89, sm_90, "
             "sm_90a); default: the GPU's, or sm_90 without one"),
    cl::cat(runCat));
static cl::opt<int> clTargetSMs(
    "target-sms",
    cl::desc("SMs of the GPU to build for (the tile heuristics size waves "
             "of blocks for them; persistent kernels launch one block per "
             "SM); default: the GPU's, or without one or with --build-only "
             "the architecture's reference GPU's (132 for sm_90/sm_90a: an "
             "H100 SXM; 108 for sm_80: an A100)"),
    cl::init(0), cl::cat(runCat));
static cl::opt<std::string> clGemmTile(
    "gemm-tile",
    cl::desc("A strategy override (#rtgpu.override) whose entries replace "
             "the heuristic's in the GEMM kernels it names, e.g. 'kernel = "
             "wgmma_gemm, block_n = 128, stages = 3' (tuning experiments)"),
    cl::cat(runCat));
static cl::opt<bool> clFp16("fp16", cl::desc("Store float tensors in float16"),
                            cl::init(false), cl::cat(runCat));
static cl::opt<bool> clBf16("bf16", cl::desc("Store float tensors in bfloat16"),
                            cl::init(false), cl::cat(runCat));
static cl::opt<std::string>
    clSaveEngine("save-engine", cl::desc("Write the built engine here"),
                 cl::value_desc("file"), cl::cat(runCat));
static cl::opt<std::string>
    clLoadEngine("load-engine",
                 cl::desc("Run this engine instead of building one"),
                 cl::value_desc("file"), cl::cat(runCat));
static cl::opt<bool> clDescribe(
    "describe",
    cl::desc("Print the engine (with --load-engine, or the one built with "
             "--build-only): target, inputs and outputs, memory, and every "
             "step with its fusion group, kernel and tile, grid and shared "
             "memory; no GPU needed"),
    cl::init(false), cl::cat(runCat));
static cl::opt<bool> clBuildOnly(
    "build-only",
    cl::desc("Build the engine (with --save-engine) and stop: no GPU needed"),
    cl::init(false), cl::cat(runCat));
static cl::opt<std::string> clKernelFormat(
    "kernel-format",
    cl::desc("cubin (compiled here by ptxas) or ptx (compiled by the "
             "driver when loaded)"),
    cl::init("cubin"), cl::cat(runCat));
static cl::opt<bool> clCudaGraph("cuda-graph",
                                 cl::desc("Run the engine as a CUDA graph"),
                                 cl::init(true), cl::cat(runCat));
static cl::opt<int> clDevice("device", cl::desc("GPU ordinal"), cl::init(0),
                             cl::cat(runCat));
static cl::opt<bool> clProfile(
    "profile",
    cl::desc("Time every kernel (one synchronized pass) and print the "
             "slowest ones with their fusion groups"),
    cl::init(false), cl::cat(runCat));
static cl::opt<std::string>
    clCompare("compare",
              cl::desc("Check the outputs against a reference: cpu (rt's CPU "
                       "reference) or onnxruntime"),
              cl::cat(runCat));
static cl::opt<double> clRtol("rtol",
                              cl::desc("Relative tolerance of --compare"),
                              cl::init(1e-3), cl::cat(runCat));
static cl::opt<double> clAtol("atol",
                              cl::desc("Absolute tolerance of --compare"),
                              cl::init(1e-4), cl::cat(runCat));
static cl::list<std::string>
    clInputs("input", cl::desc("NAME=FILE (.npy or ONNX TensorProto .pb)"),
             cl::cat(runCat));
static cl::opt<std::string>
    clInputsDir("inputs-dir",
                cl::desc("Directory of input_0.pb, input_1.pb, ... in graph "
                         "input order (ONNX test-data layout)"),
                cl::cat(runCat));
static cl::opt<std::string>
    clShapes("shapes",
             cl::desc("Shapes of inputs without data, like trtexec: "
                      "NAME:DxDx...[,NAME:DxD...] (random data of that shape)"),
             cl::cat(runCat));
static cl::opt<std::string>
    clSaveOutputs("save-outputs",
                  cl::desc("Write output_<i>.npy and outputs.json here"),
                  cl::cat(runCat));
static cl::opt<std::string>
    clReport("report", cl::desc("Write JSON timings here"), cl::cat(runCat));
static cl::opt<unsigned> clIterations("iterations", cl::desc("Timed runs"),
                                      cl::init(1), cl::cat(runCat));
static cl::opt<unsigned> clWarmup("warmup", cl::desc("Untimed runs first"),
                                  cl::init(0), cl::cat(runCat));
static cl::opt<unsigned> clSeed("seed", cl::desc("Seed for generated inputs"),
                                cl::init(0), cl::cat(runCat));
static cl::opt<bool> clQuiet("quiet", cl::desc("Print only errors"),
                             cl::init(false), cl::cat(runCat));
static cl::opt<std::string> clRtReport(
    "rt-report",
    cl::desc("Write the explain report of the optimization pipeline (kernels "
             "before and after fusion, what fused and why not, the memory "
             "plan) as JSON to this file; the readable form goes to stdout "
             "unless --quiet"),
    cl::value_desc("file"), cl::cat(runCat));
static cl::opt<uint64_t> clMaxHostBytes(
    "max-host-bytes",
    cl::desc("Refuse to run when the model's inputs and outputs together "
             "need more host memory than this (default: the machine's "
             "physical memory)"),
    cl::init(0), cl::cat(runCat));
static cl::opt<std::string> clIndexCheck(
    "index-check",
    cl::desc("What Gather/Scatter indices outside [-dim, dim) do: clamp "
             "(default: the nearest element) or trap (stop with a message "
             "naming the node; the CPU program aborts, a GPU kernel fails "
             "its launch)"),
    cl::init("clamp"), cl::cat(runCat));
static cl::opt<bool> clOptimize(
    "optimize",
    cl::desc("Run the optimization pipeline (fusion, attention, merged "
             "GEMMs) before lowering; --optimize=false compiles the model as "
             "imported"),
    cl::init(true), cl::cat(runCat));

// From libmlir_c_runner_utils: copies between memrefs of any layout, called by
// the lowered code; registered with the JIT below.
extern "C" void memrefCopy(int64_t, void *, void *);

namespace {

/// An error for the user: message, exit code 1.
[[noreturn]] void fail(const llvm::Twine &msg) {
  llvm::errs() << "rt-run: error: " << msg << "\n";
  std::exit(1);
}

/// A failed `cf.assert` in the CPU program (--index-check=trap) calls
/// `puts(message)` and then `abort()`; the JIT binds both names to these, so
/// that the message goes to stderr as an rt-run error and the run ends with
/// exit code 1 instead of SIGABRT and LLVM's crash report.
extern "C" int rtRunAssertMessage(const char *message) {
  StringRef text(message);
  text.consume_front("rt: ");
  llvm::errs() << "rt-run: error: " << text << "\n";
  return 0;
}
extern "C" [[noreturn]] void rtRunAssertAbort() {
  llvm::outs().flush();
  llvm::errs() << "rt-run: error: the model stopped at a failed run-time "
                  "check; no outputs were written\n";
  llvm::errs().flush();
  // A trap stops where it is: unwinding out of the JIT-compiled code is not
  // possible, so exit without running destructors or exit handlers (which
  // would also report the JIT's live allocations as leaks).
  std::_Exit(1);
}

/// The host memory budget for inputs and outputs (--max-host-bytes, else
/// the physical memory).
uint64_t hostByteBudget() {
  if (clMaxHostBytes)
    return clMaxHostBytes;
  long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0)
    return uint64_t(1) << 40;
  return uint64_t(pages) * uint64_t(page);
}

/// Counts the bytes of tensors rt-run is about to hold in host memory and
/// fails, naming the tensor, before one of them would pass the budget (or
/// its size overflows), instead of dying in the allocation.
struct HostBudget {
  uint64_t used = 0, limit = hostByteBudget();
  void add(StringRef what, DType dtype, ArrayRef<int64_t> shape) {
    std::optional<int64_t> bytes =
        ::rt::byteSize(shape.data(), shape.size(), dtypeSize(dtype));
    std::string desc = HostTensor{dtype, {shape.begin(), shape.end()}, {}, ""}
                           .describe();
    if (!bytes)
      fail(what + " " + desc + " has more bytes than fit in int64");
    std::optional<uint64_t> total = ::rt::checkedAddU64(used, *bytes);
    if (!total || *total > limit)
      fail(what + " " + desc + " takes " + Twine(*bytes) +
           " bytes; with the tensors before it rt-run would hold " +
           (total ? Twine(*total) : Twine("more than 2^64")) +
           " bytes, above the host budget of " + Twine(limit) +
           " (--max-host-bytes)");
    used = *total;
  }
};

/// Seeded random data: floats in [-1, 1), integers in [0, 10), booleans.
HostTensor randomTensor(DType dtype, ArrayRef<int64_t> shape,
                        std::mt19937 &rng) {
  HostTensor t;
  t.dtype = dtype;
  t.shape.assign(shape.begin(), shape.end());
  size_t n = t.numElements(), sz = dtypeSize(dtype);
  t.data.resize(n * sz);
  std::uniform_real_distribution<float> uf(-1.0f, 1.0f);
  std::uniform_int_distribution<int> ui(0, 9);
  for (size_t i = 0; i < n; ++i) {
    uint8_t *p = t.data.data() + i * sz;
    switch (dtype) {
    case DType::F32: {
      float v = uf(rng);
      memcpy(p, &v, 4);
      break;
    }
    case DType::F64: {
      double v = uf(rng);
      memcpy(p, &v, 8);
      break;
    }
    case DType::F16:
    case DType::BF16: {
      // Round a float to half/bfloat16 bits via APFloat.
      llvm::APFloat f(uf(rng));
      bool lost;
      f.convert(dtype == DType::F16 ? llvm::APFloat::IEEEhalf()
                                    : llvm::APFloat::BFloat(),
                llvm::APFloat::rmNearestTiesToEven, &lost);
      uint16_t bits = f.bitcastToAPInt().getZExtValue();
      memcpy(p, &bits, 2);
      break;
    }
    case DType::Bool:
      *p = ui(rng) & 1;
      break;
    default: {
      int64_t v = ui(rng);
      memcpy(p, &v, sz); // little-endian: low bytes first
    }
    }
  }
  return t;
}

/// A memref descriptor {allocated, aligned, offset, sizes[N], strides[N]}
/// for row-major data, as the C interface expects.
struct Descriptor {
  std::vector<int64_t> words;
  Descriptor(void *data, ArrayRef<int64_t> shape) {
    words.push_back(reinterpret_cast<int64_t>(data));
    words.push_back(reinterpret_cast<int64_t>(data));
    words.push_back(0);
    for (int64_t d : shape)
      words.push_back(d);
    int64_t stride = 1;
    std::vector<int64_t> strides(shape.size());
    for (int64_t i = shape.size() - 1; i >= 0; --i) {
      strides[i] = stride;
      stride *= shape[i];
    }
    words.insert(words.end(), strides.begin(), strides.end());
  }
};

double medianOf(std::vector<double> v) {
  if (v.empty())
    return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

std::string precisionName() {
  return clFp16 ? "fp16" : clBf16 ? "bf16" : "fp32";
}

double percentile(std::vector<double> v, double p) {
  if (v.empty())
    return 0;
  std::sort(v.begin(), v.end());
  size_t i = std::min(v.size() - 1, size_t(std::ceil(p / 100.0 * v.size())) -
                                        (p > 0 ? 1 : 0));
  return v[i];
}

/// The leading dimension of the first input (samples per inference).
int64_t batchOf(const std::vector<std::optional<HostTensor>> &inputs) {
  if (inputs.empty() || !inputs[0] || inputs[0]->shape.empty())
    return 1;
  return std::max<int64_t>(1, inputs[0]->shape[0]);
}

void printLatency(const std::vector<double> &times, int64_t batch) {
  if (times.empty())
    return;
  double sum = 0;
  for (double t : times)
    sum += t;
  double mean = sum / times.size();
  llvm::outs() << llvm::format(
      "  latency (ms) over %zu iterations: min %.4f, mean %.4f, median "
      "%.4f, p90 %.4f, p95 %.4f, p99 %.4f, max %.4f\n",
      times.size(), *std::min_element(times.begin(), times.end()), mean,
      medianOf(times), percentile(times, 90), percentile(times, 95),
      percentile(times, 99), *std::max_element(times.begin(), times.end()));
  double qps = 1000.0 / medianOf(times);
  llvm::outs() << llvm::format(
      "  throughput: %.1f inferences/s, %.1f samples/s (batch %lld)\n", qps,
      qps * batch, (long long)batch);
}

void printProfile(const ::rt::engine::Engine &engine,
                  const std::vector<float> &stepMs) {
  double total = 0;
  for (float t : stepMs)
    total += t;
  std::vector<size_t> order(stepMs.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return stepMs[a] > stepMs[b]; });
  llvm::outs() << llvm::format("  profile: %zu kernels, %.4f ms in total "
                               "(each timed alone, synchronized)\n",
                               stepMs.size(), total);
  for (size_t k = 0; k < order.size() && k < 15; ++k) {
    size_t i = order[k];
    llvm::outs() << llvm::format("    %9.4f ms %5.1f%%  ", stepMs[i],
                                 total > 0 ? 100.0 * stepMs[i] / total : 0.0)
                 << engine.steps[i].label;
    if (!engine.steps[i].detail.empty())
      llvm::outs() << "  [" << engine.steps[i].detail << "]";
    llvm::outs() << "\n";
  }
}

/// Element `i` of a float-like host tensor as a double.
double elementAt(const HostTensor &t, size_t i) {
  const uint8_t *p = t.data.data() + i * dtypeSize(t.dtype);
  switch (t.dtype) {
  case DType::F32: {
    float v;
    memcpy(&v, p, 4);
    return v;
  }
  case DType::F64: {
    double v;
    memcpy(&v, p, 8);
    return v;
  }
  case DType::F16:
  case DType::BF16: {
    uint16_t bits;
    memcpy(&bits, p, 2);
    llvm::APFloat f(t.dtype == DType::F16 ? llvm::APFloat::IEEEhalf()
                                          : llvm::APFloat::BFloat(),
                    llvm::APInt(16, bits));
    return f.convertToDouble();
  }
  case DType::Bool:
  case DType::U8:
    return *p;
  case DType::I8:
    return int8_t(*p);
  case DType::I16: {
    int16_t v;
    memcpy(&v, p, 2);
    return v;
  }
  case DType::U16: {
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
  }
  case DType::I32: {
    int32_t v;
    memcpy(&v, p, 4);
    return v;
  }
  case DType::U32: {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
  }
  case DType::I64: {
    int64_t v;
    memcpy(&v, p, 8);
    return double(v);
  }
  case DType::U64: {
    uint64_t v;
    memcpy(&v, p, 8);
    return double(v);
  }
  }
  return 0;
}

/// Prints and records the error of `results` against `reference`;
/// true if every output is within |out - ref| <= atol + rtol * |ref|.
bool compareOutputs(const std::vector<HostTensor> &results,
                    const std::vector<HostTensor> &reference, StringRef name,
                    llvm::json::Array &json) {
  bool all = true;
  if (!clQuiet)
    llvm::outs() << "  compared with " << name << " (rtol "
                 << llvm::format("%g", double(clRtol)) << ", atol "
                 << llvm::format("%g", double(clAtol)) << "):\n";
  for (size_t o = 0; o < results.size(); ++o) {
    const HostTensor &r = results[o];
    if (o >= reference.size() || reference[o].numElements() != r.numElements())
      fail("the reference's output " + std::to_string(o) +
           " does not match output '" + r.name + "' in size");
    const HostTensor &ref = reference[o];
    double maxAbs = 0, maxRel = 0, dot = 0, nr = 0, nf = 0, refMax = 0;
    int64_t bad = 0, nonFinite = 0;
    for (int64_t i = 0, e = r.numElements(); i < e; ++i) {
      double a = elementAt(r, i), b = elementAt(ref, i);
      if (std::isnan(a) != std::isnan(b) || (std::isinf(a) && a != b)) {
        ++nonFinite;
        ++bad;
        continue;
      }
      if (!std::isfinite(a))
        continue;
      double d = std::fabs(a - b);
      maxAbs = std::max(maxAbs, d);
      refMax = std::max(refMax, std::fabs(b));
      if (std::fabs(b) > 0)
        maxRel = std::max(maxRel, d / std::fabs(b));
      if (d > clAtol + clRtol * std::fabs(b))
        ++bad;
      dot += a * b;
      nr += a * a;
      nf += b * b;
    }
    double cosine = (nr > 0 && nf > 0) ? dot / std::sqrt(nr * nf)
                    : (nr == nf)       ? 1.0
                                       : 0.0;
    bool ok = bad == 0;
    all &= ok;
    if (!clQuiet)
      llvm::outs() << llvm::format(
          "    '%s': max abs err %.3g (reference max |x| %.3g), max rel err "
          "%.3g, cosine %.8f, %lld of %lld outside tolerance%s: %s\n",
          r.name.c_str(), maxAbs, refMax, maxRel, cosine, (long long)bad,
          (long long)r.numElements(),
          nonFinite
              ? (" (" + std::to_string(nonFinite) + " NaN/inf mismatches)")
                    .c_str()
              : "",
          ok ? "PASS" : "FAIL");
    json.push_back(llvm::json::Object{{"output", r.name},
                                      {"max_abs_err", maxAbs},
                                      {"max_rel_err", maxRel},
                                      {"reference_max_abs", refMax},
                                      {"cosine", cosine},
                                      {"mismatches", bad},
                                      {"pass", ok}});
  }
  return all;
}

/// The GPU an engine is built for when the options leave it open: --device,
/// unless --build-only or there is none (queried once).
const ::rt::runtime::DeviceInfo *buildDevice() {
  static const std::optional<::rt::runtime::DeviceInfo> device =
      []() -> std::optional<::rt::runtime::DeviceInfo> {
    ::rt::runtime::DeviceInfo info;
    if (!clBuildOnly && ::rt::runtime::getDeviceInfo(clDevice, info).ok())
      return info;
    return std::nullopt;
  }();
  return device ? &*device : nullptr;
}

/// The architecture to build for: --target-arch, else the GPU's with its
/// full feature set (sm_90a on an H100: warpgroup MMA and TMA), else sm_90.
std::string targetArch() {
  if (!clTargetArch.empty())
    return clTargetArch;
  if (const ::rt::runtime::DeviceInfo *info = buildDevice()) {
    std::string arch = "sm_" + std::to_string(info->major * 10 + info->minor);
    return isSupportedGPUArch(arch + "a") ? arch + "a" : arch;
  }
  return "sm_90";
}

/// The SM count to build for: --target-sms, else the GPU's, else 0 (the
/// architecture's reference GPU's).
int64_t targetSMs() {
  if (clTargetSMs.getNumOccurrences())
    return clTargetSMs;
  if (const ::rt::runtime::DeviceInfo *info = buildDevice();
      info && info->multiprocessors > 0)
    return info->multiprocessors;
  return 0;
}

/// Records the target on `module` (#rtgpu.target, which code generation
/// reads): `arch` and `sms` with the architecture's reference values, or,
/// building on a GPU without --target-arch, that GPU's own shared memory,
/// registers and L2.
rtgpu::TargetAttr recordTarget(ModuleOp module, StringRef arch, int64_t sms) {
  MLIRContext *ctx = module.getContext();
  std::string problem;
  rtgpu::TargetAttr target = rtgpu::TargetAttr::get(
      ctx, arch, sms ? std::optional<int64_t>(sms) : std::nullopt, &problem);
  if (!target)
    fail(problem);
  const ::rt::runtime::DeviceInfo *info = buildDevice();
  if (clTargetArch.empty() && info) {
    target = rtgpu::TargetAttr::getValidated(
        ctx, target.getArch(), sms, info->sharedPerBlockOptin,
        info->sharedPerMultiprocessor, info->registersPerMultiprocessor,
        info->l2CacheBytes, target.getFeatures(), &problem);
    if (!target)
      fail("GPU " + std::to_string(clDevice) + " (" + info->name +
           ") is not a valid target: " + problem);
  }
  module->setAttr(rtgpu::RTGPUDialect::getTargetAttrName(), target);
  return target;
}

/// Compiles `module` with rt-gpu-pipeline and packs the engine (saved with
/// --save-engine); the engine is read back through the runtime's checks.
std::shared_ptr<const ::rt::engine::Engine> buildGpuEngine(ModuleOp module,
                                                           StringRef source) {
  GPUPipelineOptions options;
  options.targetArch = targetArch();
  if (!isSupportedGPUArch(options.targetArch))
    fail("--target-arch=" + options.targetArch + " is not supported (" +
         rtgpu::TargetAttr::getSupportedArchs() + ")");
  options.precision = precisionName();
  if (clKernelFormat != "cubin" && clKernelFormat != "ptx")
    fail("--kernel-format must be cubin or ptx");
  options.format = clKernelFormat;
  if (!clGemmTile.empty()) {
    std::string problem;
    if (!parseStrategyOverride(module.getContext(), clGemmTile, &problem))
      fail("--" + problem);
  }
  options.gemmTile = clGemmTile;
  options.indexCheck = clIndexCheck;
  options.targetSMs = targetSMs();
  if (clTargetSMs.getNumOccurrences() &&
      !rtgpu::TargetAttr::isValidSmCount(options.targetSMs))
    fail("--target-sms=" + std::to_string(options.targetSMs) +
         " is not an SM count (1 to 1024)");
  rtgpu::TargetAttr target =
      recordTarget(module, options.targetArch, options.targetSMs);
  PassManager pm(module.getContext());
  buildGPUPipeline(pm, options);
  if (failed(pm.run(module)))
    fail(source + ": compilation for the GPU failed (see the errors above)");
  std::string producer = "rt-run " + options.targetArch + " " +
                         options.precision.getValue() + ", " +
                         std::to_string(target.getSms()) + " SMs";
  FailureOr<::rt::engine::Engine> engine =
      buildEngine(module, "main", producer);
  if (failed(engine))
    fail(source + ": building the engine failed (see the errors above)");
  std::string error;
  std::vector<uint8_t> bytes = ::rt::engine::write(*engine, error);
  if (!error.empty())
    fail("engine: " + error);
  if (!clSaveEngine.empty()) {
    std::ofstream out(clSaveEngine, std::ios::binary);
    out.write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
    if (!out)
      fail(clSaveEngine + ": cannot write the engine");
    if (!clQuiet)
      llvm::outs() << "rt-run: wrote " << clSaveEngine << " (" << bytes.size()
                   << " bytes, " << engine->steps.size() << " kernels, arena "
                   << engine->arenaSize << " bytes, weights "
                   << engine->weights.size() << " bytes)\n";
  }
  ::rt::runtime::Status status;
  auto loaded = ::rt::runtime::loadEngineMemory(bytes.data(), bytes.size(),
                                                status, source.str());
  if (!status.ok())
    fail(status.message);
  return loaded;
}

[[noreturn]] void failRuntime(const ::rt::runtime::Status &s) {
  fail(s.message);
}

/// Runs `engine` on the GPU: inputs uploaded once, outputs poisoned first
/// (NaN bytes), warm-up, then each iteration timed with CUDA events.
void runOnGpu(const std::shared_ptr<const ::rt::engine::Engine> &engine,
              const std::vector<HostTensor> &inputs,
              std::vector<HostTensor> &results, std::vector<double> &times,
              std::vector<float> &stepMs) {
  namespace rr = ::rt::runtime;
  rr::Status s;
  auto session = rr::Session::create(engine, clDevice, s);
  if (!s.ok())
    failRuntime(s);
  void *stream = nullptr;
  if (s = rr::createStream(&stream); !s.ok())
    failRuntime(s);
  std::vector<void *> inPtrs, outPtrs;
  for (auto [i, desc] : llvm::enumerate(engine->inputs)) {
    const HostTensor &t = inputs[i];
    if (t.data.size() != desc.bytes())
      fail("input '" + desc.name + "' is " + t.describe() +
           " but the engine expects " + std::to_string(desc.bytes()) +
           " bytes (" + dtypeName(desc.dtype) + ")");
    void *p = nullptr;
    if (s = rr::deviceAlloc(desc.bytes(), &p); !s.ok())
      failRuntime(s);
    if (s = rr::copyToDevice(p, t.data.data(), desc.bytes()); !s.ok())
      failRuntime(s);
    inPtrs.push_back(p);
  }
  for (auto &desc : engine->outputs) {
    void *p = nullptr;
    if (s = rr::deviceAlloc(desc.bytes(), &p); !s.ok())
      failRuntime(s);
    if (s = rr::deviceMemset(p, 0xff, desc.bytes()); !s.ok())
      failRuntime(s);
    outPtrs.push_back(p);
  }
  std::vector<const void *> in(inPtrs.begin(), inPtrs.end());
  auto timer = rr::EventTimer::create(s);
  if (!s.ok())
    failRuntime(s);
  for (unsigned it = 0; it < clWarmup + clIterations; ++it) {
    if (s = timer->start(stream); !s.ok())
      failRuntime(s);
    if (s = session->run(in, outPtrs, stream, clCudaGraph); !s.ok())
      failRuntime(s);
    float ms = 0;
    if (s = timer->stop(stream, ms); !s.ok())
      failRuntime(s);
    if (it >= clWarmup)
      times.push_back(ms);
  }
  if (clProfile)
    if (s = session->profile(in, outPtrs, stream, stepMs); !s.ok())
      failRuntime(s);
  if (s = rr::synchronize(stream); !s.ok())
    failRuntime(s);
  results.clear();
  for (auto [i, desc] : llvm::enumerate(engine->outputs)) {
    HostTensor r;
    r.name = desc.name;
    r.shape = desc.shape;
    r.dtype = desc.dtype; // loading the engine rejected unknown types
    r.data.resize(desc.bytes());
    if (s = rr::copyToHost(r.data.data(), outPtrs[i], desc.bytes()); !s.ok())
      failRuntime(s);
    results.push_back(std::move(r));
  }
  for (void *p : inPtrs)
    (void)rr::deviceFree(p);
  for (void *p : outPtrs)
    (void)rr::deviceFree(p);
  (void)rr::destroyStream(stream);
}

/// Runs the model with onnxruntime (utils/ort_reference.py) on `inputs`.
std::vector<HostTensor> runOnnxRuntime(StringRef model,
                                       const std::vector<HostTensor> &inputs,
                                       const std::vector<HostTensor> &like) {
  llvm::SmallString<128> dir;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueDirectory("rt-run-ort", dir))
    fail("cannot create a temporary directory: " + ec.message());
  for (auto [i, t] : llvm::enumerate(inputs)) {
    llvm::SmallString<256> p(dir);
    llvm::sys::path::append(p, "input_" + std::to_string(i) + ".npy");
    if (llvm::Error e = writeNpy(p, t))
      fail(llvm::toString(std::move(e)));
  }
  // The script: $RT_ORT_SCRIPT, else beside the build tree
  // (<root>/build/bin/rt-run -> <root>/utils), else the source tree.
  std::string script = RT_ORT_SCRIPT;
  llvm::SmallString<256> beside(llvm::sys::fs::getMainExecutable(
      "rt-run", reinterpret_cast<void *>(&runOnnxRuntime)));
  for (int i = 0; i < 3; ++i)
    llvm::sys::path::remove_filename(beside);
  llvm::sys::path::append(beside, "utils", "ort_reference.py");
  if (llvm::sys::fs::exists(beside))
    script = beside.str().str();
  if (const char *env = std::getenv("RT_ORT_SCRIPT"))
    script = env;
  auto python = llvm::sys::findProgramByName("python3");
  if (!python)
    fail("--compare=onnxruntime needs python3 with onnxruntime");
  std::string err;
  int rc =
      llvm::sys::ExecuteAndWait(*python, {*python, script, model, dir.str()},
                                std::nullopt, {}, 0, 0, &err);
  if (rc != 0)
    fail("onnxruntime reference failed (" + script + ", exit code " +
         std::to_string(rc) + ")" + (err.empty() ? "" : ": " + err));
  std::vector<HostTensor> out;
  for (size_t i = 0; i < like.size(); ++i) {
    llvm::SmallString<256> p(dir);
    llvm::sys::path::append(p, "output_" + std::to_string(i) + ".npy");
    auto t = readTensorFile(p);
    if (!t)
      fail(llvm::toString(t.takeError()));
    out.push_back(std::move(*t));
  }
  llvm::sys::fs::remove_directories(dir);
  return out;
}

/// --describe: what an engine holds and runs, like trtexec's layer info.
void describeEngine(const ::rt::engine::Engine &e, StringRef source) {
  auto tensor = [](const ::rt::engine::TensorDesc &t) {
    std::string s = t.name + " " + dtypeName(t.dtype) + "[";
    for (auto [i, d] : llvm::enumerate(t.shape))
      s += (i ? "," : "") + std::to_string(d);
    return s + "]";
  };
  llvm::outs() << "engine " << source << ": " << e.target << ", built by '"
               << e.producer << "'\n";
  for (const auto &t : e.inputs)
    llvm::outs() << "  input  " << tensor(t) << "\n";
  for (const auto &t : e.outputs)
    llvm::outs() << "  output " << tensor(t) << "\n";
  size_t launches = llvm::count_if(e.steps, [](const auto &st) {
    return st.kind == ::rt::engine::StepKind::Launch;
  });
  llvm::outs() << "  arena " << e.arenaSize << " bytes, weights "
               << e.weights.size() << " bytes, code " << e.code.size()
               << " bytes in " << e.modules.size() << " module(s)\n"
               << "  " << e.steps.size() << " steps (" << launches
               << " kernel launches):\n";
  for (auto [i, st] : llvm::enumerate(e.steps)) {
    llvm::outs() << llvm::format("  %4zu  ", i) << st.label;
    if (st.kind == ::rt::engine::StepKind::Copy) {
      llvm::outs() << "  [device copy, " << st.args[0].size << " bytes]\n";
      continue;
    }
    llvm::outs() << "  [" << (st.detail.empty() ? "kernel" : st.detail) << "] "
                 << e.kernels[st.kernel].name << " grid " << st.grid[0] << "x"
                 << st.grid[1] << "x" << st.grid[2] << " block " << st.block[0]
                 << " smem " << st.sharedBytes << "\n";
    // TMA tensor maps: the argument, its extents and box (innermost
    // first), or for im2col maps the pixels and channels a load copies,
    // the bounding box's corners and the traversal strides; the swizzle.
    for (const ::rt::engine::TensorMap &t : st.tensorMaps) {
      auto join = [](const auto &v, const char *sep = "x") {
        std::string out;
        for (auto [d, n] : llvm::enumerate(v))
          out += (d ? sep : "") + std::to_string(n);
        return out;
      };
      static const char *swizzles[] = {"none", "32B", "64B", "128B"};
      llvm::outs() << "        tensor map: argument " << t.arg << " "
                   << dtypeName(t.dtype) << "[" << join(t.dims)
                   << "] (innermost first), ";
      if (t.mode == ::rt::engine::TensorMapMode::Im2col) {
        llvm::outs() << "im2col " << t.pixelsPerColumn << " pixels x "
                     << t.channelsPerPixel << " channels, corners ("
                     << join(t.lowerCorner, ",") << ") to ("
                     << join(t.upperCorner, ",") << ")";
      } else {
        llvm::outs() << "box " << join(t.box);
      }
      if (!t.elementStrides.empty())
        llvm::outs() << ", traversal strides " << join(t.elementStrides);
      llvm::outs() << ", swizzle "
                   << (t.swizzle < 4 ? swizzles[t.swizzle] : "?") << "\n";
    }
  }
}

/// --load-engine: runs an engine file without the compiler.
int runLoadedEngine() {
  ::rt::runtime::Status s;
  auto engine = ::rt::runtime::loadEngineFile(clLoadEngine, s);
  if (!s.ok())
    fail(s.message);
  if (clDescribe) {
    describeEngine(*engine, clLoadEngine);
    return 0;
  }
  // The GPU first, and whether the engine fits it, before anything the
  // engine declares is allocated here: a crafted engine may declare inputs
  // of any size its format allows.
  ::rt::runtime::DeviceInfo info;
  if (s = ::rt::runtime::getDeviceInfo(clDevice, info); !s.ok())
    fail(s.message);
  uint64_t ioBytes = 0;
  bool overflow = false;
  for (const auto *ts : {&engine->inputs, &engine->outputs})
    for (const auto &t : *ts) {
      std::optional<uint64_t> sum = ::rt::checkedAddU64(ioBytes, t.bytes());
      overflow |= !sum;
      ioBytes = sum.value_or(0);
    }
  std::optional<uint64_t> need = ::rt::checkedAddU64(
      ioBytes, uint64_t(engine->arenaSize) + engine->weights.size());
  if (overflow || !need || *need > info.totalMemory)
    fail(clLoadEngine + ": the engine needs " +
         (overflow || !need ? std::string("more than 2^64")
                            : std::to_string(*need)) +
         " bytes of GPU memory (arena " + std::to_string(engine->arenaSize) +
         ", weights " + std::to_string(engine->weights.size()) +
         ", inputs and outputs " + std::to_string(ioBytes) + "), more than " +
         info.name + "'s " + std::to_string(info.totalMemory));
  std::mt19937 rng(clSeed);
  llvm::StringMap<HostTensor> given;
  for (const std::string &spec : clInputs) {
    auto [name, path] = StringRef(spec).split('=');
    if (path.empty())
      fail("--input '" + spec + "' is not NAME=FILE");
    auto t = readTensorFile(path);
    if (!t)
      fail(llvm::toString(t.takeError()));
    given[name] = std::move(*t);
  }
  std::vector<HostTensor> inputs;
  std::vector<std::optional<HostTensor>> optInputs;
  for (auto [i, desc] : llvm::enumerate(engine->inputs)) {
    const DType dt = desc.dtype; // loading the engine rejected unknown types
    HostTensor t;
    if (auto it = given.find(desc.name); it != given.end()) {
      t = it->second;
      if (t.dtype != dt || t.shape != desc.shape)
        fail("input '" + desc.name + "' is " + t.describe() +
             " but the engine expects " + dtypeName(dt) + " of shape " +
             HostTensor{dt, desc.shape, {}, ""}.describe());
    } else if (!clInputsDir.empty()) {
      llvm::SmallString<256> p(clInputsDir);
      llvm::sys::path::append(p, "input_" + std::to_string(i) + ".pb");
      auto r = readTensorProto(p);
      if (!r)
        fail(llvm::toString(r.takeError()));
      t = std::move(*r);
    } else {
      t = randomTensor(dt, desc.shape, rng);
    }
    inputs.push_back(t);
    optInputs.push_back(t);
  }
  std::vector<HostTensor> results;
  std::vector<double> times;
  std::vector<float> stepMs;
  runOnGpu(engine, inputs, results, times, stepMs);
  if (!clQuiet) {
    llvm::outs() << "rt-run: " << clLoadEngine << " (" << engine->target << ", "
                 << engine->producer << ")\n";
    printLatency(times, batchOf(optInputs));
    for (auto &r : results)
      llvm::outs() << "  output '" << r.name << "': " << r.describe() << "\n";
    if (clProfile)
      printProfile(*engine, stepMs);
  }
  bool matches = true;
  llvm::json::Array comparison;
  if (clCompare == "onnxruntime")
    matches = compareOutputs(results, runOnnxRuntime(clOnnx, inputs, results),
                             "onnxruntime", comparison);
  if (!clReport.empty()) {
    std::error_code ec;
    llvm::raw_fd_ostream os(clReport, ec);
    if (ec)
      fail(clReport + ": " + ec.message());
    llvm::json::Object rep{
        {"engine", clLoadEngine},
        {"target", "cuda"},
        {"arch", engine->target},
        {"producer", engine->producer},
        {"cuda_graph", bool(clCudaGraph)},
        {"kernels", (int64_t)engine->steps.size()},
        {"arena_bytes", (int64_t)engine->arenaSize},
        {"weight_bytes", (int64_t)engine->weights.size()},
        {"iterations", (int64_t)times.size()},
        {"warmup", (int64_t)clWarmup},
        {"run_ms_median", medianOf(times)},
        {"run_ms_p90", percentile(times, 90)},
        {"run_ms_p99", percentile(times, 99)},
        {"run_ms_min", *std::min_element(times.begin(), times.end())}};
    ::rt::runtime::DeviceInfo info;
    if (::rt::runtime::getDeviceInfo(clDevice, info).ok())
      rep["device"] = info.name;
    if (!stepMs.empty()) {
      llvm::json::Array steps;
      for (auto [i, st] : llvm::enumerate(engine->steps))
        steps.push_back(
            llvm::json::Object{{"label", st.label},
                               {"kernel", st.detail},
                               {"ms", i < stepMs.size() ? stepMs[i] : 0.0}});
      rep["profile"] = std::move(steps);
    }
    if (!comparison.empty()) {
      rep["reference"] = "onnxruntime";
      rep["comparison"] = std::move(comparison);
      rep["matches"] = matches;
    }
    os << llvm::formatv("{0:2}", llvm::json::Value(std::move(rep))) << "\n";
  }
  if (!matches)
    return 1;
  if (!clSaveOutputs.empty()) {
    if (std::error_code ec = llvm::sys::fs::create_directories(clSaveOutputs))
      fail(clSaveOutputs + ": " + ec.message());
    for (auto [i, r] : llvm::enumerate(results)) {
      llvm::SmallString<256> p(clSaveOutputs);
      llvm::sys::path::append(p, "output_" + std::to_string(i) + ".npy");
      if (llvm::Error e = writeNpy(p, r))
        fail(llvm::toString(std::move(e)));
    }
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM y(argc, argv);
  cl::HideUnrelatedOptions(runCat);
  cl::ParseCommandLineOptions(
      argc, argv,
      "rt-run: build an ONNX model with rt, run it, time it, save its "
      "outputs\n");
  if (clIterations == 0)
    fail("--iterations must be at least 1");
  if (clFp16 && clBf16)
    fail("--fp16 and --bf16 exclude each other");
  if (clIndexCheck != "clamp" && clIndexCheck != "trap")
    fail("--index-check must be clamp or trap, not '" + clIndexCheck + "'");
  if (!clLoadEngine.empty()) {
    if (!clOnnx.empty() && clCompare != "onnxruntime")
      fail("--load-engine runs an engine: --onnx goes with it only as the "
           "model of --compare=onnxruntime");
    if (clCompare == "cpu")
      fail("--compare=cpu needs the model compiled here: use --onnx "
           "instead of --load-engine");
    if (!clCompare.empty() && clOnnx.empty())
      fail("--compare=onnxruntime with --load-engine needs --onnx=MODEL");
    return runLoadedEngine();
  }
  if (clDescribe && !clBuildOnly)
    fail("--describe needs --load-engine=FILE, or --build-only with "
         "--save-engine=FILE");
  if (clOnnx.empty())
    fail("--onnx=model.onnx (or --load-engine=FILE) is required");
  if (clTarget != "cpu" && clTarget != "cuda")
    fail("unknown --target '" + clTarget + "' (cpu or cuda)");
  if (clTarget == "cpu" && (clFp16 || clBf16 || !clSaveEngine.empty() ||
                            !clCompare.empty() || clBuildOnly || clProfile))
    fail("--fp16, --bf16, --save-engine, --build-only, --profile and "
         "--compare need --target=cuda");
  if (!clCompare.empty() && clCompare != "cpu" && clCompare != "onnxruntime")
    fail("--compare must be cpu or onnxruntime");
  if (clBuildOnly && clSaveEngine.empty())
    fail("--build-only needs --save-engine=FILE");

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  mlir::registerAllPasses();
  mlir::rt::registerAllPasses();
  DialectRegistry registry;
  mlir::rt::registerAllDialects(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  // Errors name the file, node and reason; the IR around them is for
  // rt-opt users, not for rt-run's.
  ctx.printOpOnDiagnostic(false);
  // Print diagnostics as "file:line:col: error: message", like rt-opt.
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &ctx);

  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
  };
  auto t0 = Clock::now();

  // Import.
  auto file = llvm::MemoryBuffer::getFile(clOnnx);
  if (!file)
    fail(clOnnx + ": cannot read: " + file.getError().message());
  // Read the given inputs first: small ones often feed shape-like operands
  // (axes, split sizes, Reshape targets, Resize scales), and this build is
  // for these inputs, so the importer uses their values as constants.
  ONNXImportOptions importOptions;
  applyImportLimitOptions(importOptions);
  llvm::StringMap<HostTensor> given;
  FailureOr<SmallVector<std::string>> graphInputs =
      listONNXGraphInputs((*file)->getBuffer());
  if (succeeded(graphInputs)) {
    for (const std::string &spec : clInputs) {
      auto [name, path] = StringRef(spec).split('=');
      if (path.empty())
        fail("--input '" + spec + "' is not NAME=FILE");
      // Errors are reported after the import (which names the model's
      // problems first); here they only skip the specialization.
      auto t = readTensorFile(path);
      if (!t) {
        llvm::consumeError(t.takeError());
        continue;
      }
      given[name] = std::move(*t);
    }
    if (!clInputsDir.empty())
      for (auto [i, name] : llvm::enumerate(*graphInputs)) {
        llvm::SmallString<256> p(clInputsDir);
        llvm::sys::path::append(p, "input_" + std::to_string(i) + ".pb");
        if (!llvm::sys::fs::exists(p) || given.count(name))
          continue;
        auto t = readTensorProto(p);
        if (!t) {
          llvm::consumeError(t.takeError());
          continue;
        }
        given[name] = std::move(*t);
      }
    for (auto &[name, t] : given) {
      Type elt;
      switch (t.dtype) {
      case DType::I8:
        elt = IntegerType::get(&ctx, 8);
        break;
      case DType::I16:
        elt = IntegerType::get(&ctx, 16);
        break;
      case DType::I32:
        elt = IntegerType::get(&ctx, 32);
        break;
      case DType::I64:
        elt = IntegerType::get(&ctx, 64);
        break;
      case DType::F32:
        elt = Float32Type::get(&ctx);
        break;
      default:
        break;
      }
      if (t.dtype == DType::Bool && t.numElements() <= 64) {
        // Flags such as Dropout's training_mode.
        SmallVector<bool> flags;
        for (uint8_t b : t.data)
          flags.push_back(b != 0);
        importOptions.inputValues[name] =
            cast<ElementsAttr>(DenseElementsAttr::get(
                RankedTensorType::get(t.shape, IntegerType::get(&ctx, 1)),
                flags));
        continue;
      }
      if (!elt || t.numElements() > 64)
        continue;
      auto type = RankedTensorType::get(t.shape, elt);
      importOptions.inputValues[name] =
          cast<ElementsAttr>(DenseElementsAttr::getFromRawBuffer(
              type,
              ArrayRef<char>(reinterpret_cast<const char *>(t.data.data()),
                             t.data.size())));
    }
  }
  OwningOpRef<ModuleOp> module =
      importONNXModel(&ctx, (*file)->getBuffer(), clOnnx, importOptions);
  if (!module)
    fail(clOnnx + ": import failed (see the error above)");
  auto func = module->lookupSymbol<func::FuncOp>("main");
  if (!func)
    fail("the imported module has no @main");
  auto t1 = Clock::now();

  // Inputs.
  unsigned numInputs = func.getNumArguments();
  std::vector<std::string> names(numInputs);
  for (unsigned i = 0; i < numInputs; ++i)
    if (auto n = func.getArgAttrOfType<StringAttr>(
            i, RTDialect::getOnnxNameAttrName()))
      names[i] = n.getValue().str();
  std::vector<std::optional<HostTensor>> inputs(numInputs);
  auto indexOf = [&](StringRef name) -> int {
    for (unsigned i = 0; i < numInputs; ++i)
      if (names[i] == name)
        return i;
    return -1;
  };
  // Inputs the first pass could not read: read them now, failing clearly.
  for (const std::string &spec : clInputs) {
    auto [name, path] = StringRef(spec).split('=');
    if (path.empty())
      fail("--input '" + spec + "' is not NAME=FILE");
    if (given.count(name))
      continue;
    auto t = readTensorFile(path);
    if (!t)
      fail(llvm::toString(t.takeError()));
    given[name] = std::move(*t);
  }
  if (!clInputsDir.empty())
    for (unsigned i = 0; i < numInputs; ++i) {
      llvm::SmallString<256> p(clInputsDir);
      llvm::sys::path::append(p, "input_" + std::to_string(i) + ".pb");
      if (!llvm::sys::fs::exists(p) || given.count(names[i]))
        continue;
      auto t = readTensorProto(p);
      if (!t)
        fail(llvm::toString(t.takeError()));
      given[names[i]] = std::move(*t);
    }
  for (auto &[name, t] : given) {
    int i = indexOf(name);
    if (i < 0) {
      std::string known;
      for (auto &n : names)
        known += (known.empty() ? "" : ", ") + n;
      fail("--input names '" + name +
           "', which is not an input of the model "
           "(inputs: " +
           known + ")");
    }
    inputs[i] = std::move(t);
  }
  std::mt19937 rng(clSeed);
  std::string shapes;
  HostBudget budget;
  for (unsigned i = 0; i < numInputs; ++i)
    if (inputs[i])
      budget.add("input '" + names[i] + "'", inputs[i]->dtype,
                 inputs[i]->shape);
  for (unsigned i = 0; i < numInputs; ++i) {
    auto type = dyn_cast<TensorType>(func.getArgumentTypes()[i]);
    std::optional<DType> want =
        type ? engineDType(type.getElementType()) : std::nullopt;
    if (!want)
      fail("input '" + names[i] + "' has an element type rt-run cannot feed");
    if (!inputs[i]) {
      auto rtt = dyn_cast<RankedTensorType>(type);
      SmallVector<int64_t> shape;
      if (rtt)
        shape.assign(rtt.getShape().begin(), rtt.getShape().end());
      for (StringRef spec : llvm::split(clShapes, ',')) {
        auto [name, dims] = spec.rsplit(':');
        if (name != names[i])
          continue;
        shape.clear();
        for (StringRef d : llvm::split(dims, 'x')) {
          int64_t v;
          if (d.getAsInteger(10, v) || v < 0)
            fail("--shapes: '" + spec + "' is not NAME:DxDx...");
          shape.push_back(v);
        }
      }
      if (!rtt || llvm::any_of(shape, ShapedType::isDynamic) ||
          (int64_t)shape.size() != rtt.getRank())
        fail("input '" + names[i] +
             "' has a dynamic shape; give it with --shapes=" + names[i] +
             ":DxDx... or --input=" + names[i] + "=FILE");
      // --build-only needs the data of small inputs only (they may stand
      // for shape constants below); larger ones keep their shape.
      std::optional<int64_t> count =
          ::rt::elementCount(shape.data(), shape.size());
      if (clBuildOnly && count && *count > 64) {
        inputs[i] = HostTensor{*want, {shape.begin(), shape.end()}, {}, ""};
      } else {
        budget.add("input '" + names[i] + "'", *want, shape);
        inputs[i] = randomTensor(*want, shape, rng);
      }
    }
    HostTensor &t = *inputs[i];
    // ONNX test data stores bfloat16 tensors as uint16 bit patterns.
    if (*want == DType::BF16 && t.dtype == DType::U16)
      t.dtype = DType::BF16;
    if (t.dtype != *want)
      fail("input '" + names[i] + "' is " + t.describe() +
           " but the model expects element type " + dtypeName(*want));
    if (auto rtt = dyn_cast<RankedTensorType>(type)) {
      bool ok = rtt.getRank() == (int64_t)t.shape.size();
      for (int64_t d = 0; ok && d < rtt.getRank(); ++d)
        ok = rtt.isDynamicDim(d) || rtt.getDimSize(d) == t.shape[d];
      if (!ok) {
        std::string s;
        llvm::raw_string_ostream os(s);
        os << type;
        fail("input '" + names[i] + "' is " + t.describe() +
             " but the model expects " + s);
      }
    }
    shapes += (shapes.empty() ? "" : ",") + std::to_string(i) + ":";
    if (t.shape.empty())
      shapes += "scalar";
    for (auto [k, d] : llvm::enumerate(t.shape))
      shapes += (k ? "x" : "") + std::to_string(d);
  }
  if (failed(setInputShapes(func, shapes)))
    fail("cannot specialize the model to the given input shapes");

  // Outputs: refine shapes now, so that they are known before lowering.
  auto optimize = [&] {
    PassManager pm(&ctx);
    buildGraphOptimizationPipeline(pm, GraphOptimizationOptions());
    if (failed(pm.run(*module)))
      fail("graph optimization failed");
    func = module->lookupSymbol<func::FuncOp>("main");
  };
  optimize();
  // Shapes that depend on input values (a Reshape target, Slice bounds, ...
  // fed as inputs): this build is for these inputs, so small integer inputs
  // can stand as constants, as TensorRT does with shape tensors.
  auto hasDynamic = [&] {
    bool dyn = false;
    func.walk([&](Operation *op) {
      for (Type t : op->getResultTypes())
        if (auto s = dyn_cast<ShapedType>(t); s && !s.hasStaticShape())
          dyn = true;
    });
    return dyn;
  };
  if (hasDynamic()) {
    OpBuilder b(func.getBody());
    for (unsigned i = 0; i < numInputs; ++i) {
      HostTensor &t = *inputs[i];
      auto type = cast<RankedTensorType>(func.getArgument(i).getType());
      if (t.numElements() > 64 || type.getElementType().isInteger(1) ||
          !type.getElementType().isIntOrFloat())
        continue;
      auto attr = DenseElementsAttr::getFromRawBuffer(
          type, ArrayRef<char>(reinterpret_cast<const char *>(t.data.data()),
                               t.data.size()));
      Value c = ConstantOp::create(b, func.getLoc(), cast<ElementsAttr>(attr));
      func.getArgument(i).replaceAllUsesWith(c);
    }
    optimize();
  }
  struct OutputInfo {
    std::string name;
    DType dtype;
    std::vector<int64_t> shape;
  };
  std::vector<OutputInfo> outputs;
  for (unsigned i = 0; i < func.getNumResults(); ++i) {
    auto type = dyn_cast<RankedTensorType>(func.getResultTypes()[i]);
    std::string name = "output_" + std::to_string(i);
    if (auto n = func.getResultAttrOfType<StringAttr>(
            i, RTDialect::getOnnxNameAttrName()))
      name = n.getValue().str();
    if (!type || !type.hasStaticShape())
      fail("output '" + name + "' has a data-dependent shape, which the " +
           (clTarget == "cuda" ? std::string("CUDA") : std::string("CPU")) +
           " target does not support yet");
    std::optional<DType> dt = engineDType(type.getElementType());
    if (!dt)
      fail("output '" + name + "' has an unsupported element type");
    if (!clBuildOnly)
      budget.add("output '" + name + "'", *dt, type.getShape());
    outputs.push_back({name, *dt, std::vector<int64_t>(type.getShape())});
  }

  // The CPU reference: compiles `m` with rt-cpu-pipeline and runs it.
  auto runOnCPU = [&](ModuleOp m, bool withReport, unsigned warmup,
                      unsigned iterations, std::vector<HostTensor> &results,
                      std::vector<double> &times) {
    {
      PassManager pm(&ctx);
      CPUPipelineOptions cpuOptions;
      cpuOptions.optimize = clOptimize;
      cpuOptions.indexCheck = clIndexCheck;
      if (withReport && !clRtReport.empty()) {
        if (!clOptimize)
          fail("--rt-report needs the optimization pipeline (drop "
               "--optimize=false)");
        cpuOptions.reportJson = clRtReport;
        if (!clQuiet)
          cpuOptions.reportText = "-";
      }
      buildCPUPipeline(pm, cpuOptions);
      if (failed(pm.run(m)))
        fail(clOnnx +
             ": compilation for the CPU failed (see the errors above)");
    }
    ExecutionEngineOptions engineOptions;
    // The options hold a function_ref: the transformer must outlive them
    // (a temporary here was a stack-use-after-scope, found by ASan).
    std::function<llvm::Error(llvm::Module *)> transformer =
        makeOptimizingTransformer(2, 0, nullptr);
    engineOptions.transformer = transformer;
    auto engine = ExecutionEngine::create(m, engineOptions);
    if (!engine)
      fail("JIT compilation failed: " + llvm::toString(engine.takeError()));
    // Runtime helpers the lowered code may call.
    (*engine)->registerSymbols([](llvm::orc::MangleAndInterner interner) {
      llvm::orc::SymbolMap map;
      map[interner("memrefCopy")] = {
          llvm::orc::ExecutorAddr::fromPtr(&memrefCopy),
          llvm::JITSymbolFlags::Exported};
      map[interner("puts")] = {
          llvm::orc::ExecutorAddr::fromPtr(&rtRunAssertMessage),
          llvm::JITSymbolFlags::Exported};
      map[interner("abort")] = {
          llvm::orc::ExecutorAddr::fromPtr(&rtRunAssertAbort),
          llvm::JITSymbolFlags::Exported};
      return map;
    });
    results.assign(outputs.size(), HostTensor());
    std::vector<Descriptor> descs;
    for (auto &in : inputs)
      descs.emplace_back(in->data.data(), in->shape);
    for (auto [i, o] : llvm::enumerate(outputs)) {
      results[i].dtype = o.dtype;
      results[i].shape = o.shape;
      results[i].name = o.name;
      results[i].data.resize(results[i].numElements() * dtypeSize(o.dtype) + 1);
    }
    for (auto &r : results)
      descs.emplace_back(r.data.data(), r.shape);
    std::vector<void *> ptrs;
    for (auto &d : descs)
      ptrs.push_back(d.words.data());
    std::vector<void *> args;
    for (auto &p : ptrs)
      args.push_back(&p);
    for (unsigned it = 0; it < warmup + iterations; ++it) {
      auto a = Clock::now();
      if (llvm::Error e = (*engine)->invokePacked("_mlir_ciface_main", args))
        fail("running the model failed: " + llvm::toString(std::move(e)));
      if (it >= warmup)
        times.push_back(seconds(a, Clock::now()) * 1e3);
    }
    for (auto &r : results)
      r.data.resize(r.numElements() * dtypeSize(r.dtype));
  };

  std::vector<HostTensor> results;
  std::vector<double> times;
  std::vector<HostTensor> reference;
  std::string referenceName;
  std::shared_ptr<const ::rt::engine::Engine> gpuEngine;
  std::vector<float> stepMs;
  Clock::time_point t2;
  if (clTarget == "cpu") {
    runOnCPU(*module, true, clWarmup, clIterations, results, times);
    t2 = Clock::now();
  } else {
    // The reference is compiled from the same graph, before the GPU
    // pipeline changes it.
    OwningOpRef<ModuleOp> refModule;
    if (clCompare == "cpu")
      refModule = module->clone();
    gpuEngine = buildGpuEngine(*module, clOnnx);
    t2 = Clock::now();
    if (clDescribe)
      describeEngine(*gpuEngine, clSaveEngine);
    if (clBuildOnly)
      return 0;
    std::vector<HostTensor> hostInputs;
    for (auto &in : inputs)
      hostInputs.push_back(*in);
    runOnGpu(gpuEngine, hostInputs, results, times, stepMs);
    if (refModule) {
      std::vector<double> refTimes;
      runOnCPU(*refModule, false, 0, 1, reference, refTimes);
      referenceName = "rt CPU reference";
    } else if (clCompare == "onnxruntime") {
      reference = runOnnxRuntime(clOnnx, hostInputs, results);
      referenceName = "onnxruntime";
    }
  }

  // Report.
  double importS = seconds(t0, t1), compileS = seconds(t1, t2);
  if (!clQuiet) {
    llvm::outs() << "rt-run: " << clOnnx << " on " << clTarget;
    if (gpuEngine)
      llvm::outs() << " (" << gpuEngine->target << ", " << precisionName()
                   << (clCudaGraph ? ", CUDA graph" : "") << ")";
    llvm::outs() << ": import " << llvm::format("%.3f", importS) << " s, build "
                 << llvm::format("%.3f", compileS) << " s\n";
    printLatency(times, batchOf(inputs));
    for (auto &r : results)
      llvm::outs() << "  output '" << r.name << "': " << r.describe() << "\n";
    if (clProfile && gpuEngine)
      printProfile(*gpuEngine, stepMs);
  }
  bool matches = true;
  llvm::json::Array comparison;
  if (!reference.empty())
    matches = compareOutputs(results, reference, referenceName, comparison);
  if (!clSaveOutputs.empty()) {
    if (std::error_code ec = llvm::sys::fs::create_directories(clSaveOutputs))
      fail(clSaveOutputs + ": " + ec.message());
    llvm::json::Array list;
    for (auto [i, r] : llvm::enumerate(results)) {
      llvm::SmallString<256> p(clSaveOutputs);
      llvm::sys::path::append(p, "output_" + std::to_string(i) + ".npy");
      if (llvm::Error e = writeNpy(p, r))
        fail(llvm::toString(std::move(e)));
      list.push_back(
          llvm::json::Object{{"index", (int64_t)i},
                             {"name", r.name},
                             {"dtype", dtypeName(r.dtype)},
                             {"shape", llvm::json::Array(r.shape)},
                             {"file", "output_" + std::to_string(i) + ".npy"}});
    }
    llvm::SmallString<256> p(clSaveOutputs);
    llvm::sys::path::append(p, "outputs.json");
    std::error_code ec;
    llvm::raw_fd_ostream os(p, ec);
    if (ec)
      fail(p + ": " + ec.message());
    os << llvm::formatv("{0:2}", llvm::json::Value(std::move(list))) << "\n";
  }
  if (!clReport.empty()) {
    std::error_code ec;
    llvm::raw_fd_ostream os(clReport, ec);
    if (ec)
      fail(clReport + ": " + ec.message());
    llvm::json::Object rep{{"model", clOnnx},
                           {"target", clTarget},
                           {"import_s", importS},
                           {"compile_s", compileS},
                           {"iterations", (int64_t)times.size()},
                           {"warmup", (int64_t)clWarmup},
                           {"run_ms", llvm::json::Array(times)},
                           {"run_ms_median", medianOf(times)},
                           {"run_ms_p90", percentile(times, 90)},
                           {"run_ms_p99", percentile(times, 99)}};
    if (gpuEngine) {
      rep["arch"] = gpuEngine->target;
      rep["precision"] = precisionName();
      rep["cuda_graph"] = bool(clCudaGraph);
      rep["kernels"] = (int64_t)gpuEngine->steps.size();
      rep["arena_bytes"] = (int64_t)gpuEngine->arenaSize;
      rep["weight_bytes"] = (int64_t)gpuEngine->weights.size();
      ::rt::runtime::DeviceInfo info;
      if (::rt::runtime::getDeviceInfo(clDevice, info).ok())
        rep["device"] = info.name;
      if (!stepMs.empty()) {
        llvm::json::Array steps;
        for (auto [i, st] : llvm::enumerate(gpuEngine->steps))
          steps.push_back(
              llvm::json::Object{{"label", st.label},
                                 {"ms", i < stepMs.size() ? stepMs[i] : 0.0}});
        rep["profile"] = std::move(steps);
      }
    }
    if (!comparison.empty()) {
      rep["reference"] = referenceName;
      rep["comparison"] = std::move(comparison);
      rep["matches"] = matches;
    }
    os << llvm::formatv("{0:2}", llvm::json::Value(std::move(rep))) << "\n";
  }
  return matches ? 0 : 1;
}
