//===- rt-run.cpp - build, run and time ONNX models -----------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// The driver users know from trtexec:
//
//   rt-run --onnx=model.onnx --target=cpu [--input=NAME=FILE ...]
//          [--inputs-dir=DIR] [--save-outputs=DIR] [--report=FILE]
//          [--iterations=N] [--warmup=N] [--seed=S]
//
// The CPU target compiles the model with rt's reference pipeline
// (rt-cpu-pipeline) for the shapes of the given inputs and runs it in
// process through MLIR's JIT.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RT/Transforms/Passes.h"
#include "rt/InitAllDialects.h"
#include "rt/InitAllPasses.h"
#include "rt/Pipelines/Pipelines.h"
#include "rt/Support/TensorIO.h"
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
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <random>

using namespace mlir;
using namespace mlir::rt;
namespace cl = llvm::cl;

static cl::OptionCategory runCat("rt-run options");
static cl::opt<std::string> clOnnx("onnx",
                                   cl::desc("ONNX model to build and run"),
                                   cl::value_desc("model.onnx"),
                                   cl::cat(runCat));
static cl::opt<std::string> clTarget("target",
                                     cl::desc("cpu (cuda comes later)"),
                                     cl::init("cpu"), cl::cat(runCat));
static cl::list<std::string>
    clInputs("input", cl::desc("NAME=FILE (.npy or ONNX TensorProto .pb)"),
             cl::cat(runCat));
static cl::opt<std::string>
    clInputsDir("inputs-dir",
                cl::desc("Directory of input_0.pb, input_1.pb, ... in graph "
                         "input order (ONNX test-data layout)"),
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

std::optional<DType> dtypeOf(Type elt) {
  if (elt.isF16())
    return DType::F16;
  if (elt.isBF16())
    return DType::BF16;
  if (elt.isF32())
    return DType::F32;
  if (elt.isF64())
    return DType::F64;
  if (elt.isInteger(1))
    return DType::Bool;
  if (auto it = dyn_cast<IntegerType>(elt)) {
    bool u = it.isUnsigned();
    switch (it.getWidth()) {
    case 8:
      return u ? DType::U8 : DType::I8;
    case 16:
      return u ? DType::U16 : DType::I16;
    case 32:
      return u ? DType::U32 : DType::I32;
    case 64:
      return u ? DType::U64 : DType::I64;
    }
  }
  return std::nullopt;
}

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

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM y(argc, argv);
  cl::HideUnrelatedOptions(runCat);
  cl::ParseCommandLineOptions(
      argc, argv,
      "rt-run: build an ONNX model with rt, run it, time it, save its "
      "outputs\n");
  if (clOnnx.empty())
    fail("--onnx=model.onnx is required");
  if (clTarget != "cpu")
    fail("target '" + clTarget + "' is not available yet (only --target=cpu)");
  if (clIterations == 0)
    fail("--iterations must be at least 1");

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
  for (unsigned i = 0; i < numInputs; ++i) {
    auto type = dyn_cast<TensorType>(func.getArgumentTypes()[i]);
    std::optional<DType> want =
        type ? dtypeOf(type.getElementType()) : std::nullopt;
    if (!want)
      fail("input '" + names[i] + "' has an element type rt-run cannot feed");
    if (!inputs[i]) {
      auto rtt = dyn_cast<RankedTensorType>(type);
      if (!rtt || !rtt.hasStaticShape())
        fail("input '" + names[i] +
             "' has a dynamic shape; give it with "
             "--input=" +
             names[i] + "=FILE");
      inputs[i] = randomTensor(*want, rtt.getShape(), rng);
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
      fail("output '" + name +
           "' has a data-dependent shape, which the CPU "
           "target does not support yet");
    std::optional<DType> dt = dtypeOf(type.getElementType());
    if (!dt)
      fail("output '" + name + "' has an unsupported element type");
    outputs.push_back({name, *dt, std::vector<int64_t>(type.getShape())});
  }

  // Compile.
  {
    PassManager pm(&ctx);
    CPUPipelineOptions cpuOptions;
    cpuOptions.optimize = clOptimize;
    if (!clRtReport.empty()) {
      if (!clOptimize)
        fail("--rt-report needs the optimization pipeline (drop "
             "--optimize=false)");
      cpuOptions.reportJson = clRtReport;
      if (!clQuiet)
        cpuOptions.reportText = "-";
    }
    buildCPUPipeline(pm, cpuOptions);
    if (failed(pm.run(*module)))
      fail(clOnnx + ": compilation for the CPU failed (see the errors above)");
  }
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = makeOptimizingTransformer(2, 0, nullptr);
  auto engine = ExecutionEngine::create(*module, engineOptions);
  if (!engine)
    fail("JIT compilation failed: " + llvm::toString(engine.takeError()));
  // Runtime helpers the lowered code may call.
  (*engine)->registerSymbols([](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap map;
    map[interner("memrefCopy")] = {
        llvm::orc::ExecutorAddr::fromPtr(&memrefCopy),
        llvm::JITSymbolFlags::Exported};
    return map;
  });
  auto t2 = Clock::now();

  // Run.
  std::vector<HostTensor> results(outputs.size());
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
  std::vector<double> times;
  for (unsigned it = 0; it < clWarmup + clIterations; ++it) {
    auto a = Clock::now();
    if (llvm::Error e = (*engine)->invokePacked("_mlir_ciface_main", args))
      fail("running the model failed: " + llvm::toString(std::move(e)));
    if (it >= clWarmup)
      times.push_back(seconds(a, Clock::now()) * 1e3);
  }
  for (auto &r : results)
    r.data.resize(r.numElements() * dtypeSize(r.dtype));

  // Report.
  double importS = seconds(t0, t1), compileS = seconds(t1, t2);
  if (!clQuiet) {
    llvm::outs() << "rt-run: " << clOnnx << " on cpu: import "
                 << llvm::format("%.3f", importS) << " s, compile "
                 << llvm::format("%.3f", compileS) << " s, run median "
                 << llvm::format("%.3f", medianOf(times)) << " ms over "
                 << times.size() << " iteration(s)\n";
    for (auto &r : results)
      llvm::outs() << "  output '" << r.name << "': " << r.describe() << "\n";
  }
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
                           {"run_ms_median", medianOf(times)}};
    os << llvm::formatv("{0:2}", llvm::json::Value(std::move(rep))) << "\n";
  }
  return 0;
}
