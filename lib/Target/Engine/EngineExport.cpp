//===- EngineExport.cpp - pack compiled modules into engines --------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Target/Engine/EngineExport.h"
#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RT/Transforms/Fusion.h"
#include "rt/Dialect/RT/Transforms/Utils.h"
#include "rt/Dialect/RTGPU/IR/RTGPU.h"
#include "rt/InitAllDialects.h"
#include "rt/Support/Arch.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Tools/mlir-translate/Translation.h"

using namespace mlir;
using namespace mlir::rt;
namespace eng = ::rt::engine;

namespace {

uint64_t alignUp(uint64_t v) {
  return (v + eng::kAlignment - 1) / eng::kAlignment * eng::kAlignment;
}

struct Exporter {
  ModuleOp module;
  func::FuncOp func;
  eng::Engine engine;
  DenseMap<Attribute, uint64_t> weightOffsets;
  DenseMap<Value, int> inputIndex;
  DenseMap<Value, SmallVector<int>> outputsOf; ///< storage -> outputs

  FailureOr<eng::TensorDesc> describe(Value v, StringRef name, Location loc) {
    auto t = dyn_cast<RankedTensorType>(v.getType());
    if (!t || !t.hasStaticShape())
      return emitError(loc) << "'" << name << "' has type " << v.getType()
                            << ": engines need static shapes (give them "
                               "with rt-set-input-shapes / --shapes)";
    std::optional<eng::DType> d = engineDType(t.getElementType());
    if (!d)
      return emitError(loc)
             << "'" << name << "' has element type " << t.getElementType()
             << ", which engines cannot carry";
    eng::TensorDesc desc;
    desc.name = name.str();
    desc.dtype = *d;
    desc.shape.assign(t.getShape().begin(), t.getShape().end());
    return desc;
  }

  /// Bytes of `v` (getTensorBytes: the dialect's one element-size rule).
  FailureOr<uint64_t> bytesOf(Value v, Location loc) {
    std::optional<int64_t> bytes = getTensorBytes(v.getType());
    if (!bytes)
      return emitError(loc)
             << "engine export: " << v.getType() << " has no static byte size";
    return static_cast<uint64_t>(*bytes);
  }

  FailureOr<uint64_t> weightOf(ConstantOp c) {
    auto attr = dyn_cast<ElementsAttr>(c.getValue());
    if (!attr)
      return c.emitError("engine export: constant is not a tensor");
    if (auto it = weightOffsets.find(attr); it != weightOffsets.end())
      return it->second;
    std::vector<char> bytes;
    auto type = cast<ShapedType>(attr.getType());
    if (type.getElementType().isInteger(1)) {
      auto dense = dyn_cast<DenseElementsAttr>(attr);
      if (!dense)
        return c.emitError("engine export: cannot read this bool constant");
      for (bool v : dense.getValues<bool>())
        bytes.push_back(v ? 1 : 0);
    } else {
      std::optional<std::vector<char>> b = getConstantBytes(attr);
      if (!b)
        return c.emitError("engine export: cannot read this constant's data");
      bytes = std::move(*b);
    }
    uint64_t offset = alignUp(engine.weights.size());
    engine.weights.resize(offset);
    engine.weights.insert(engine.weights.end(), bytes.begin(), bytes.end());
    weightOffsets[attr] = offset;
    return offset;
  }

  /// Where the bytes of `v` live.
  FailureOr<eng::BufferRef> bufferOf(Value v, Location loc) {
    Value s = getStorageValue(v);
    eng::BufferRef ref;
    FailureOr<uint64_t> size = bytesOf(v, loc);
    if (failed(size))
      return failure();
    ref.size = *size;
    if (auto it = inputIndex.find(s); it != inputIndex.end()) {
      ref.space = eng::Space::Input;
      ref.index = it->second;
      return ref;
    }
    if (auto it = outputsOf.find(s); it != outputsOf.end()) {
      ref.space = eng::Space::Output;
      ref.index = it->second.front();
      return ref;
    }
    Operation *def = s.getDefiningOp();
    if (auto c = dyn_cast_or_null<ConstantOp>(def)) {
      FailureOr<uint64_t> off = weightOf(c);
      if (failed(off))
        return failure();
      ref.space = eng::Space::Weights;
      ref.offset = *off;
      return ref;
    }
    if (auto g = dyn_cast_or_null<FusionGroupOp>(def)) {
      auto offsets = g->getAttrOfType<DenseI64ArrayAttr>("rt.offsets");
      unsigned r = cast<OpResult>(s).getResultNumber();
      if (!offsets || offsets.size() != (int64_t)g.getNumResults() ||
          offsets[r] < 0)
        return g.emitError() << "engine export: fusion group '" << g.getName()
                             << "' has no memory plan (run rt-plan-memory)";
      ref.space = eng::Space::Arena;
      ref.offset = offsets[r];
      return ref;
    }
    return emitError(def ? def->getLoc() : loc)
           << "engine export: a value computed by '"
           << (def ? def->getName().getStringRef() : StringRef("?"))
           << "' outside any kernel; only fusion groups, constants and views "
              "may appear at the top level";
  }

  /// The TMA tensor maps the group's kernel takes after its buffers
  /// (`rt.tensor_maps`, from convert-rt-to-gpu).
  LogicalResult addTensorMaps(FusionGroupOp group, eng::Step &step) {
    auto maps = group->getAttrOfType<ArrayAttr>("rt.tensor_maps");
    if (!maps)
      return success();
    auto bad = [&]() {
      return group.emitError()
             << "engine export: fusion group '" << group.getName()
             << "' has a malformed rt.tensor_maps entry";
    };
    for (Attribute a : maps) {
      auto d = dyn_cast<DictionaryAttr>(a);
      auto arg = d ? d.getAs<IntegerAttr>("arg") : nullptr;
      auto dims = d ? d.getAs<DenseI64ArrayAttr>("dims") : nullptr;
      auto strides = d ? d.getAs<DenseI64ArrayAttr>("strides") : nullptr;
      auto box = d ? d.getAs<DenseI64ArrayAttr>("box") : nullptr;
      auto swizzle = d ? d.getAs<IntegerAttr>("swizzle") : nullptr;
      auto l2 = d ? d.getAs<IntegerAttr>("l2_promotion") : nullptr;
      // im2col maps: "mode" = "im2col", the pixels and channels a load
      // copies, the bounding box's corners; traversal strides for either.
      auto mode = d ? d.getAs<StringAttr>("mode") : nullptr;
      auto elementStrides =
          d ? d.getAs<DenseI64ArrayAttr>("element_strides") : nullptr;
      auto lower = d ? d.getAs<DenseI64ArrayAttr>("lower_corner") : nullptr;
      auto upper = d ? d.getAs<DenseI64ArrayAttr>("upper_corner") : nullptr;
      auto channels = d ? d.getAs<IntegerAttr>("channels_per_pixel") : nullptr;
      auto pixels = d ? d.getAs<IntegerAttr>("pixels_per_column") : nullptr;
      bool im2col = mode && mode.getValue() == "im2col";
      if (!arg || !dims || !strides || !swizzle || !l2 ||
          (mode && !im2col && mode.getValue() != "tiled") ||
          (im2col ? !lower || !upper || !channels || !pixels : !box) ||
          arg.getInt() < 0 || arg.getInt() >= (int64_t)step.args.size())
        return bad();
      unsigned n = arg.getInt();
      Value buffer = n < group.getInputs().size()
                         ? group.getInputs()[n]
                         : group.getResult(n - group.getInputs().size());
      std::optional<eng::DType> dtype =
          engineDType(cast<RankedTensorType>(buffer.getType()).getElementType());
      if (!dtype)
        return bad();
      eng::TensorMap t;
      t.arg = n;
      t.dtype = *dtype;
      t.dims.assign(dims.asArrayRef().begin(), dims.asArrayRef().end());
      t.strides.assign(strides.asArrayRef().begin(),
                       strides.asArrayRef().end());
      if (im2col) {
        t.mode = eng::TensorMapMode::Im2col;
        t.lowerCorner.assign(lower.asArrayRef().begin(),
                             lower.asArrayRef().end());
        t.upperCorner.assign(upper.asArrayRef().begin(),
                             upper.asArrayRef().end());
        t.channelsPerPixel = channels.getInt();
        t.pixelsPerColumn = pixels.getInt();
      } else {
        t.box.assign(box.asArrayRef().begin(), box.asArrayRef().end());
      }
      if (elementStrides)
        t.elementStrides.assign(elementStrides.asArrayRef().begin(),
                                elementStrides.asArrayRef().end());
      t.swizzle = swizzle.getInt();
      t.l2Promotion = l2.getInt();
      step.tensorMaps.push_back(std::move(t));
    }
    return success();
  }

  LogicalResult run(StringRef entry, StringRef producer) {
    func = module.lookupSymbol<func::FuncOp>(entry);
    if (!func || func.isExternal())
      return module.emitError() << "engine export: no function @" << entry;
    engine.producer = producer.str();

    // Kernels.
    auto binary = module.lookupSymbol<gpu::BinaryOp>(
        rtgpu::RTGPUDialect::getKernelModuleName());
    if (!binary)
      return module.emitError()
             << "engine export: no gpu.binary @"
             << rtgpu::RTGPUDialect::getKernelModuleName()
             << " (compile with rt-gpu-pipeline, format=cubin or ptx)";
    auto objects = binary.getObjects();
    if (objects.size() != 1)
      return binary.emitError("engine export: expected one GPU object");
    auto object = cast<gpu::ObjectAttr>(objects[0]);
    auto target = dyn_cast<NVVM::NVVMTargetAttr>(object.getTarget());
    if (!target)
      return binary.emitError("engine export: the object is not for NVVM");
    engine.target = target.getChip().str();
    std::optional<unsigned> sm = ::rt::smVersion(engine.target);
    if (!sm)
      return binary.emitError()
             << "engine export: unknown chip '" << engine.target << "'";
    engine.smVersion = *sm;
    StringRef data = object.getObject().getValue();
    eng::Module mod;
    if (object.getFormat() == gpu::CompilationTarget::Binary) {
      mod.format = eng::ModuleFormat::Cubin;
    } else if (object.getFormat() == gpu::CompilationTarget::Assembly) {
      mod.format = eng::ModuleFormat::PTX;
    } else {
      return binary.emitError("engine export: the GPU object must be a cubin "
                              "or PTX (format=cubin or ptx)");
    }
    engine.code.assign(data.begin(), data.end());
    if (mod.format == eng::ModuleFormat::PTX)
      engine.code.push_back('\0');
    mod.size = engine.code.size();
    engine.modules.push_back(mod);

    // Inputs and outputs.
    Block &body = func.getBody().front();
    for (auto [i, arg] : llvm::enumerate(body.getArguments())) {
      auto name = func.getArgAttrOfType<StringAttr>(i, "rt.name");
      std::string n = name ? name.str() : "input" + std::to_string(i);
      FailureOr<eng::TensorDesc> d = describe(arg, n, func.getLoc());
      if (failed(d))
        return failure();
      engine.inputs.push_back(*d);
      inputIndex[arg] = i;
    }
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
      auto name = func.getResultAttrOfType<StringAttr>(i, "rt.name");
      std::string n = name ? name.str() : "output" + std::to_string(i);
      FailureOr<eng::TensorDesc> d = describe(v, n, ret.getLoc());
      if (failed(d))
        return failure();
      engine.outputs.push_back(*d);
    }
    // Kernels write model outputs directly, once; outputs that alias
    // another output, an input or a constant are copied at the end.
    SmallVector<std::pair<int, Value>> copies;
    for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
      Value s = getStorageValue(v);
      if (isa_and_nonnull<FusionGroupOp>(s.getDefiningOp()) &&
          !outputsOf.count(s))
        outputsOf[s].push_back(i);
      else
        copies.push_back({int(i), v});
    }

    // Launches.
    auto arena = func->getAttrOfType<IntegerAttr>("rt.arena_size");
    engine.arenaSize = arena ? arena.getInt() : 0;
    DenseMap<Attribute, unsigned> kernelIndex;
    for (Operation &op : body) {
      if (isa<ConstantOp, func::ReturnOp>(op) ||
          (!isa<FusionGroupOp>(op) && classifyOp(&op) == OpClass::View))
        continue;
      auto group = dyn_cast<FusionGroupOp>(op);
      if (!group)
        return op.emitError() << "engine export: '" << op.getName()
                              << "' is outside any kernel (run rt-optimize and "
                                 "convert-rt-to-gpu first)";
      auto kernel = group->getAttrOfType<SymbolRefAttr>("rt.kernel");
      auto launch = group->getAttrOfType<DenseI64ArrayAttr>("rt.launch");
      if (!kernel || !launch || launch.size() != 7)
        return group.emitError()
               << "engine export: fusion group '" << group.getName()
               << "' has no kernel (run convert-rt-to-gpu)";
      auto [it, inserted] =
          kernelIndex.try_emplace(kernel, engine.kernels.size());
      if (inserted)
        engine.kernels.push_back(
            {kernel.getLeafReference().str(), /*module=*/0});
      eng::Step step;
      step.label = group.getName().str();
      if (rtgpu::KernelStrategyAttrInterface strategy =
              rtgpu::getStrategy(group))
        step.detail = strategy.describe();
      step.kernel = it->second;
      for (int d = 0; d < 3; ++d) {
        step.grid[d] = launch[d];
        step.block[d] = launch[3 + d];
      }
      step.sharedBytes = launch[6];
      for (Value v : llvm::concat<Value>(group.getInputs(), group.getResults())) {
        FailureOr<eng::BufferRef> ref = bufferOf(v, group.getLoc());
        if (failed(ref))
          return failure();
        // The runtime refuses empty kernel arguments (they could point one
        // past their buffer); say so here rather than write such an engine.
        if (ref->size == 0)
          return group.emitError("engine export: kernel '")
                 << group.getName() << "' has an empty tensor operand "
                 << v.getType() << "; GPU engines do not support empty tensors";
        step.args.push_back(*ref);
      }
      if (failed(addTensorMaps(group, step)))
        return failure();
      engine.steps.push_back(std::move(step));
    }
    for (auto [out, v] : copies) {
      FailureOr<eng::BufferRef> src = bufferOf(v, ret.getLoc());
      if (failed(src))
        return failure();
      eng::Step step;
      step.kind = eng::StepKind::Copy;
      step.label = "copy to output '" + engine.outputs[out].name + "'";
      eng::BufferRef dst;
      dst.space = eng::Space::Output;
      dst.index = out;
      dst.size = src->size;
      step.args = {dst, *src};
      engine.steps.push_back(std::move(step));
    }
    std::string problem = eng::verify(engine);
    if (!problem.empty())
      return func.emitError() << "engine export: internal error: " << problem;
    return success();
  }
};

/// The GPU object of a compiled module, or null after an error.
gpu::ObjectAttr kernelObject(ModuleOp module) {
  auto binary = module.lookupSymbol<gpu::BinaryOp>(
      rtgpu::RTGPUDialect::getKernelModuleName());
  if (!binary || binary.getObjects().size() != 1) {
    module.emitError() << "no gpu.binary @"
                       << rtgpu::RTGPUDialect::getKernelModuleName()
                       << " (compile with rt-gpu-pipeline first)";
    return nullptr;
  }
  return cast<gpu::ObjectAttr>(binary.getObjects()[0]);
}

void registerDialects(DialectRegistry &registry) {
  registerAllDialects(registry);
}

} // namespace

FailureOr<eng::Engine> mlir::rt::buildEngine(ModuleOp module, StringRef entry,
                                             StringRef producer) {
  Exporter e;
  e.module = module;
  if (failed(e.run(entry, producer)))
    return failure();
  return std::move(e.engine);
}

void mlir::rt::registerEngineExportTranslations() {
  static TranslateFromMLIRRegistration engineReg(
      "export-engine",
      "Pack a module compiled by rt-gpu-pipeline into an rt engine",
      [](Operation *op, raw_ostream &os) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        if (!module)
          return op->emitError("expected a module");
        FailureOr<eng::Engine> engine = buildEngine(module);
        if (failed(engine))
          return failure();
        std::string error;
        std::vector<uint8_t> bytes = eng::write(*engine, error);
        if (!error.empty())
          return module.emitError() << "engine export: " << error;
        os.write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
        return success();
      },
      registerDialects);
  static TranslateFromMLIRRegistration ptxReg(
      "export-ptx", "Print the PTX of a module compiled with format=ptx",
      [](Operation *op, raw_ostream &os) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        gpu::ObjectAttr object = module ? kernelObject(module) : nullptr;
        if (!object)
          return failure();
        if (object.getFormat() != gpu::CompilationTarget::Assembly)
          return module.emitError("--export-ptx needs the module compiled "
                                  "with format=ptx");
        os << object.getObject().getValue();
        return success();
      },
      registerDialects);
  static TranslateFromMLIRRegistration cubinReg(
      "export-cubin", "Write the cubin of a module compiled with format=cubin",
      [](Operation *op, raw_ostream &os) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        gpu::ObjectAttr object = module ? kernelObject(module) : nullptr;
        if (!object)
          return failure();
        if (object.getFormat() != gpu::CompilationTarget::Binary)
          return module.emitError("--export-cubin needs the module compiled "
                                  "with format=cubin");
        os << object.getObject().getValue();
        return success();
      },
      registerDialects);
}

std::optional<eng::DType> mlir::rt::engineDType(Type t) {
  if (t.isF32())
    return eng::DType::F32;
  if (t.isF16())
    return eng::DType::F16;
  if (t.isBF16())
    return eng::DType::BF16;
  if (t.isF64())
    return eng::DType::F64;
  if (auto i = dyn_cast<IntegerType>(t)) {
    bool u = i.isUnsigned();
    switch (i.getWidth()) {
    case 1:
      return eng::DType::Bool;
    case 8:
      return u ? eng::DType::U8 : eng::DType::I8;
    case 16:
      return u ? eng::DType::U16 : eng::DType::I16;
    case 32:
      return u ? eng::DType::U32 : eng::DType::I32;
    case 64:
      return u ? eng::DType::U64 : eng::DType::I64;
    }
  }
  return std::nullopt;
}
