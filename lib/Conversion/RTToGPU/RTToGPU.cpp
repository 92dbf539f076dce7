//===- RTToGPU.cpp - rt fusion groups to GPU kernels ----------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Every rt.fusion_group becomes one gpu.func. The `elemental` generator
// evaluates the group's ops element by element, pulling each value at the
// indices where it is needed (the technique of XLA's elemental emitter):
// `emit(v, idx)` returns the scalar of tensor `v` at `idx`, recursively
// through the group's ops. Element-wise ops use the scalar semantics the CPU
// lowering uses (buildScalarElementwise), views remap indices, and
// contractions, windows and normalizations loop over their reduced indices.
// Values are memoized per (value, indices) within the scope where they
// dominate, so a value used twice at the same indices is computed once.
//
// Threads walk the output elements with a grid-stride loop; results of the
// same shape are computed and stored in one loop, so a result written in
// place over an input is stored only after every read of that element.
//
//===----------------------------------------------------------------------===//

#include "rt/Conversion/RTToGPU/RTToGPU.h"
#include "Emitter.h"
#include "KernelArithmetic.h"
#include "RowKernels.h"
#include "TiledGemm.h"
#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RT/Transforms/Utils.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

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

/// The heuristic's GEMM tile `tile` with the gemm-tile option's entries
/// (`option`) applied, when the override names the same kernel kind or
/// none (else `tile` unchanged). The entries replace the heuristic's, and
/// then:
/// - load = "tma" only where the operands allow TMA loads (a sweep over
///   every GEMM of a model);
/// - an override that splits k without naming the loads keeps the cp.async
///   ring (one that asks for TMA too is an error, reported by the tile's
///   validation);
/// - the ping-pong schedule stays only with TMA loads, and the heuristic's
///   only with its own tile shape: an override of the shape (128 x 192
///   tiles, 3 stages) asks for the one-tile-a-block kernel unless it names
///   the schedule too.
DictionaryAttr applyTileOverride(FusionGroupOp group, DictionaryAttr tile,
                                 DictionaryAttr option) {
  auto kind = option.getAs<StringAttr>("kernel");
  if (kind && kind != tile.get("kernel"))
    return tile;
  Builder b(group.getContext());
  NamedAttrList merged(tile);
  for (NamedAttribute a : option)
    if (a.getName() != "load" || a.getValue() != b.getStringAttr("tma") ||
        supportsTmaLoads(group))
      merged.set(a.getName(), a.getValue());
  auto split = merged.getNamed("split_k");
  if (split && cast<IntegerAttr>(split->getValue()).getInt() > 1 &&
      !option.get("load"))
    merged.erase("load");
  bool reshaped = llvm::any_of(
      ArrayRef<StringRef>{"block_m", "block_n", "warps_m", "stages"},
      [&](StringRef key) { return (bool)option.get(key); });
  if (merged.get("schedule") == b.getStringAttr("pingpong") &&
      (merged.get("load") != b.getStringAttr("tma") ||
       (reshaped && !option.get("schedule"))))
    merged.erase("schedule");
  return merged.getDictionary(group.getContext());
}

struct ConvertRTToGPUPass
    : public mlir::rt::impl::ConvertRTToGPUPassBase<ConvertRTToGPUPass> {
  using ConvertRTToGPUPassBase::ConvertRTToGPUPassBase;

  /// The parsed gemm-tile option (null without one).
  DictionaryAttr tileOverride;
  /// The GPU the kernels are for (the module's rtgpu.target).
  rtgpu::TargetAttr target;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    if (failed(lowering::verifyIndexCheckAttr(module)))
      return signalPassFailure();
    OpBuilder b(ctx);
    module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                    b.getUnitAttr());
    auto gpuModule = module.lookupSymbol<gpu::GPUModuleOp>(kKernelModuleName);
    if (!gpuModule) {
      b.setInsertionPointToEnd(module.getBody());
      gpuModule =
          gpu::GPUModuleOp::create(b, module.getLoc(), kKernelModuleName);
    }
    // The target: the module's, else the one the options name (then
    // recorded on the module for the passes after this one).
    target = rtgpu::TargetAttr::lookup(module);
    if (!target) {
      std::string problem;
      std::optional<int64_t> sms;
      if (targetSMs != 0)
        sms = static_cast<int64_t>(targetSMs);
      target = rtgpu::TargetAttr::get(ctx, targetArch, sms, &problem);
      if (!target) {
        module.emitError() << "convert-rt-to-gpu: " << problem;
        return signalPassFailure();
      }
      module->setAttr(rtgpu::RTGPUDialect::getTargetAttrName(), target);
    }
    if (!gemmTile.empty()) {
      // Pass-option parsing may strip the dictionary's braces.
      std::string text = gemmTile;
      if (!StringRef(text).trim().starts_with("{"))
        text = "{" + text + "}";
      Attribute parsed = parseAttribute(text, ctx);
      tileOverride = dyn_cast_or_null<DictionaryAttr>(parsed);
      if (!tileOverride) {
        module.emitError() << "convert-rt-to-gpu: gemm-tile '" << gemmTile
                           << "' is not a tile dictionary (e.g. {kernel = "
                              "\"wgmma_gemm\", block_n = 128, stages = 3})";
        return signalPassFailure();
      }
      for (NamedAttribute a : tileOverride) {
        bool known = llvm::is_contained({"kernel", "load", "schedule"},
                                         a.getName().getValue())
                         ? isa<StringAttr>(a.getValue())
                         : llvm::is_contained({"block_m", "block_n", "block_k",
                                               "warps_m", "warps_n", "stages",
                                               "split_k", "rows"},
                                              a.getName().getValue()) &&
                               isa<IntegerAttr>(a.getValue());
        if (!known) {
          module.emitError()
              << "convert-rt-to-gpu: gemm-tile entry '"
              << a.getName().getValue()
              << "' is not a GEMM tile parameter (kernel, load and "
                 "schedule: strings; block_m, block_n, block_k, warps_m, "
                 "warps_n, stages, split_k, and rows for attention_mma: "
                 "integers)";
          return signalPassFailure();
        }
      }
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

  /// Whether constant `c` only serves as an attribute-like operand that
  /// the emitter reads at compile time (a Pad's pads and axes, a Slice's
  /// starts, ends, axes and steps, a Resize's roi, scales and sizes).
  static bool isStaticOperand(ConstantOp c) {
    return !c->use_empty() && llvm::all_of(c->getUses(), [](OpOperand &use) {
      if (auto pad = dyn_cast<PadOp>(use.getOwner()))
        return use.getOperandNumber() != 0 &&
               (use.get() == pad.getPads() || use.get() == pad.getAxes());
      if (isa<SliceOp>(use.getOwner()))
        return use.getOperandNumber() != 0; // starts/ends/axes/steps
      if (isa<ResizeOp>(use.getOwner()))
        return use.getOperandNumber() != 0; // roi/scales/sizes
      return false;
    });
  }

  /// Makes every non-splat constant of the group body a group input
  /// (except attribute-like operands).
  void hoistConstants(FusionGroupOp group) {
    Block &body = group.getBody().front();
    SmallVector<ConstantOp> consts;
    for (Operation &op : body)
      if (auto c = dyn_cast<ConstantOp>(op))
        if (auto d = dyn_cast<ElementsAttr>(c.getValue());
            d &&
            !(isa<DenseElementsAttr>(d) &&
              cast<DenseElementsAttr>(d).isSplat()) &&
            !isStaticOperand(c))
          consts.push_back(c);
    for (ConstantOp c : consts) {
      if (c.use_empty()) {
        c.erase();
        continue;
      }
      OpBuilder b(group);
      Operation *outside = b.clone(*c);
      group->insertOperands(group->getNumOperands(), outside->getResult(0));
      BlockArgument arg = body.addArgument(c.getType(), c.getLoc());
      c.getResult().replaceAllUsesWith(arg);
      c.erase();
    }
  }

  /// Makes the group's constant input `arg` (data `attr`) stored transposed
  /// by `perm` — a new constant operand — and transposed back by the
  /// inverse inside the group, where a kernel can read the stored layout
  /// directly and every other use sees the original tensor.
  void storeArgumentTransposed(FusionGroupOp group, BlockArgument arg,
                               ElementsAttr attr, ArrayRef<int64_t> perm,
                               StringRef blobName) {
    auto t = cast<RankedTensorType>(arg.getType());
    std::optional<std::vector<char>> bytes = getConstantBytes(attr);
    unsigned bits = t.getElementType().getIntOrFloatBitWidth();
    if (!bytes || bits % 8)
      return;
    SmallVector<int64_t> shape, inverse(perm.size());
    for (auto [i, p] : llvm::enumerate(perm)) {
      shape.push_back(t.getDimSize(p));
      inverse[p] = i;
    }
    auto tt = RankedTensorType::get(shape, t.getElementType());
    AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
        transposeBytes(*bytes, t.getShape(), perm, bits / 8),
        alignof(uint64_t));
    OpBuilder b(group);
    Value c =
        ConstantOp::create(b, group.getLoc(),
                           cast<ElementsAttr>(DenseResourceElementsAttr::get(
                               tt, blobName, std::move(blob))));
    Operation *old = group->getOperand(arg.getArgNumber()).getDefiningOp();
    group->setOperand(arg.getArgNumber(), c);
    if (old && old->use_empty())
      old->erase();
    arg.setType(tt);
    b.setInsertionPointToStart(&group.getBody().front());
    Value back = createTranspose(b, group.getLoc(), arg, inverse);
    arg.replaceAllUsesExcept(back, back.getDefiningOp());
  }

  /// For warpgroup MMA, which reads B k-contiguous: a GEMM group whose B
  /// is a constant [k][n] (a MatMul's rank-2 weights, a Gemm's without
  /// transB) gets the constant stored as [n][k] and transposed back inside
  /// the group, where the kernel reads it as the [n][k] operand.
  void transposeConstantWeights(FusionGroupOp group) {
    Block &body = group.getBody().front();
    Value bOperand;
    for (Operation &op : body) {
      if (auto mm = dyn_cast<MatMulOp>(op)) {
        if (bOperand)
          return;
        bOperand = mm.getRhs();
      } else if (auto g = dyn_cast<GemmOp>(op)) {
        if (bOperand)
          return;
        bOperand = g.getTransB() ? Value() : g.getB();
        if (!bOperand)
          return;
      } else if (isa<ConvOp>(op)) {
        return;
      }
    }
    auto arg = dyn_cast_or_null<BlockArgument>(bOperand);
    if (!arg || arg.getOwner() != &body)
      return;
    auto t = cast<RankedTensorType>(arg.getType());
    ElementsAttr attr;
    if (t.getRank() != 2 || !t.getElementType().isF16() ||
        t.getDimSize(0) % 8 ||
        !matchPattern(group->getOperand(arg.getArgNumber()), m_Constant(&attr)))
      return;
    storeArgumentTransposed(group, arg, attr, {1, 0}, "weight_nk");
  }

  /// For the depthwise convolution kernel, which reads 8 channels' taps at
  /// once: a depthwise group's constant [C][kh][kw][1] filter is stored
  /// [kh][kw][1][C] and transposed back inside the group.
  void storeDepthwiseFiltersTapMajor(FusionGroupOp group) {
    if (!chooseDepthwiseConv(group))
      return;
    Block &body = group.getBody().front();
    ConvOp conv;
    body.walk([&](ConvOp c) { conv = c; });
    auto arg = dyn_cast<BlockArgument>(conv.getWeight());
    ElementsAttr attr;
    if (!arg || arg.getOwner() != &body || !arg.hasOneUse() ||
        !matchPattern(group->getOperand(arg.getArgNumber()), m_Constant(&attr)))
      return;
    storeArgumentTransposed(group, arg, attr, {1, 2, 3, 0},
                            "depthwise_filter_tap_major");
  }

  LogicalResult convertGroup(FusionGroupOp group, gpu::GPUModuleOp gpuModule,
                             unsigned index) {
    Location loc = group.getLoc();
    MLIRContext *ctx = group.getContext();
    hoistConstants(group);
    if (target.has(rtgpu::Feature::Wgmma) && !group.getTileAttr())
      transposeConstantWeights(group);
    if (!group.getTileAttr())
      storeDepthwiseFiltersTapMajor(group);
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
    for (Value in : body.getArguments()) {
      FailureOr<MemRefType> m = memrefOf(in);
      if (failed(m))
        return failure();
      argTypes.push_back(*m);
    }
    for (Value out : yield.getOperands()) {
      FailureOr<MemRefType> m = memrefOf(out);
      if (failed(m))
        return failure();
      argTypes.push_back(*m);
    }

    // Tile configuration: recorded, or the heuristic's.
    OpBuilder b(ctx);
    DictionaryAttr tile = group.getTileAttr();
    if (!tile) {
      if (std::optional<TileConfig> t = chooseGemmTile(group, target)) {
        tile = t->toAttr(ctx);
        if (tileOverride)
          tile = applyTileOverride(group, tile, tileOverride);
      } else if (std::optional<DictionaryAttr> dw = chooseDepthwiseConv(group))
        tile = *dw;
      else if (std::optional<DictionaryAttr> row =
                   chooseRowKernel(group, target)) {
        tile = *row;
        // gemm-tile naming attention_mma: its `rows` (query rows per
        // block) replace the default, with the block size that goes with it.
        if (tileOverride && tileOverride.get("kernel") == tile.get("kernel") &&
            tile.getAs<StringAttr>("kernel").getValue() == "attention_mma") {
          NamedAttrList merged(tile);
          if (auto rows = tileOverride.getAs<IntegerAttr>("rows")) {
            merged.set("rows", rows);
            merged.set("block", b.getI64IntegerAttr(rows.getInt() / 16 * 32));
          }
          tile = merged.getDictionary(ctx);
        }
      } else
        tile = b.getDictionaryAttr(
            {b.getNamedAttr("kernel", b.getStringAttr("elemental")),
             b.getNamedAttr("block", b.getI64IntegerAttr(blockSize))});
      group.setTileAttr(tile);
    }
    auto kernelKind = tile.getAs<StringAttr>("kernel");
    if (!kernelKind ||
        !llvm::is_contained({"elemental", "wgmma_gemm", "mma_gemm", "wmma_gemm",
                             "attention_mma", "attention_tile", "attention_row",
                             "norm_row", "depthwise_conv"},
                            kernelKind.getValue()))
      return group.emitError()
             << "fusion group '" << group.getName() << "': tile " << tile
             << " names no known kernel (elemental, wgmma_gemm, mma_gemm, "
                "wmma_gemm, "
                "attention_mma, attention_tile, attention_row, norm_row or "
                "depthwise_conv)";

    // Results with no elements (a Slice starting past the end, Trilu of a
    // matrix with no rows): nothing to compute, and index arithmetic over a
    // zero extent would divide by zero. The step stays, as an empty kernel
    // whose empty operands are declared 1-D (the NVVM lowering rejects a
    // zero extent before another dimension, memref<3x0x5xT>).
    const bool emptyResults = llvm::all_of(yield.getOperands(), [](Value v) {
      return cast<RankedTensorType>(v.getType()).getNumElements() == 0;
    });
    if (emptyResults)
      for (Type &t : argTypes)
        if (auto m = cast<MemRefType>(t); m.getNumElements() == 0)
          t = MemRefType::get({0}, m.getElementType());

    b.setInsertionPointToEnd(gpuModule.getBody());
    std::string name = kernelName(index, group.getName());
    auto func =
        gpu::GPUFuncOp::create(b, loc, name, b.getFunctionType(argTypes, {}));
    func->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
    auto symbol = SymbolRefAttr::get(StringAttr::get(ctx, kKernelModuleName),
                                     {FlatSymbolRefAttr::get(ctx, name)});

    if (emptyResults) {
      OpBuilder kb(ctx);
      group.setTileAttr(kb.getDictionaryAttr(
          {kb.getNamedAttr("kernel", kb.getStringAttr("elemental")),
           kb.getNamedAttr("block", kb.getI64IntegerAttr(1))}));
      kb.setInsertionPointToStart(&func.getBody().front());
      gpu::ReturnOp::create(kb, loc);
      func.setKnownBlockSizeAttr(kb.getDenseI32ArrayAttr({1, 1, 1}));
      group->setAttr("rt.kernel", symbol);
      group->setAttr("rt.launch",
                     kb.getDenseI64ArrayAttr({1, 1, 1, 1, 1, 1, 0}));
      return success();
    }

    if (kernelKind.getValue() != "elemental") {
      KernelLaunch launch;
      if (llvm::is_contained({"wgmma_gemm", "mma_gemm", "wmma_gemm"},
                             kernelKind.getValue())) {
        FailureOr<TileConfig> config =
            TileConfig::fromAttr(group, tile, target);
        if (failed(config) ||
            failed(emitTiledGemm(group, func, *config, launch, target)))
          return failure();
      } else if (kernelKind.getValue() == "attention_mma") {
        if (failed(emitAttentionMma(group, func, launch)))
          return failure();
      } else if (kernelKind.getValue() == "depthwise_conv") {
        if (failed(emitDepthwiseConv(group, func, launch)))
          return failure();
      } else {
        auto threads = tile.getAs<IntegerAttr>("block");
        if (!threads)
          return group.emitError() << "fusion group '" << group.getName()
                                   << "': tile " << tile << " has no block";
        if (failed(emitRowKernel(group, func, kernelKind.getValue(),
                                 threads.getInt(), launch)))
          return failure();
      }
      func.setKnownBlockSizeAttr(
          b.getDenseI32ArrayAttr({int32_t(launch.block[0]), 1, 1}));
      group->setAttr("rt.kernel", symbol);
      group->setAttr("rt.launch",
                     b.getDenseI64ArrayAttr({launch.grid[0], launch.grid[1],
                                             launch.grid[2], launch.block[0],
                                             launch.block[1], launch.block[2],
                                             launch.sharedBytes}));
      return success();
    }

    int64_t block = blockSize;
    if (auto bs = tile.getAs<IntegerAttr>("block"))
      block = bs.getInt();
    if (block < 32 || block > 1024 || block % 32)
      return group.emitError()
             << "fusion group '" << group.getName() << "': block size " << block
             << " is not a multiple of 32 in [32, 1024]";
    func.setKnownBlockSizeAttr(b.getDenseI32ArrayAttr({int32_t(block), 1, 1}));
    Block &entry = func.getBody().front();
    Emitter em(b, group, entry);
    unsigned nIn = body.getNumArguments();

    // Results grouped by shape; one grid-stride loop per shape.
    SmallVector<std::pair<ArrayRef<int64_t>, SmallVector<unsigned>>> byShape;
    for (auto [r, v] : llvm::enumerate(yield.getOperands())) {
      ArrayRef<int64_t> shape = cast<RankedTensorType>(v.getType()).getShape();
      auto it =
          llvm::find_if(byShape, [&](auto &e) { return e.first == shape; });
      if (it == byShape.end())
        byShape.push_back({shape, {unsigned(r)}});
      else
        it->second.push_back(r);
    }
    if (byShape.size() > 1)
      if (auto inPlace = group->getAttrOfType<DenseI64ArrayAttr>("rt.in_place"))
        if (llvm::any_of(inPlace.asArrayRef(),
                         [](int64_t v) { return v >= 0; }))
          return group.emitError()
                 << "fusion group '" << group.getName()
                 << "' writes in place but its results differ in shape; the "
                    "elemental kernel cannot order its reads and writes";

    Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
    Value bid = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
    Value nb = gpu::GridDimOp::create(b, loc, gpu::Dimension::x);
    Value start = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, bid, em.cst(block)), tid);
    Value step = arith::MulIOp::create(b, loc, nb, em.cst(block));
    int64_t maxThreads = 1;
    for (auto &[shape, results] : byShape) {
      int64_t n = 1;
      for (int64_t d : shape)
        n *= d;
      // Float results whose innermost dimension is whole 16-byte chunks: a
      // thread computes 8 consecutive elements, reads the inputs indexed
      // by the innermost index 8 at a time and stores each result with
      // one vector store.
      bool chunks = !shape.empty() && shape.back() % 8 == 0 &&
                    llvm::all_of(results, [&](unsigned r) {
                      return isa<FloatType>(storageType(
                          tensorType(yield.getOperand(r)).getElementType()));
                    });
      if (chunks) {
        maxThreads = std::max(maxThreads, n / 8);
        auto forOp = scf::ForOp::create(b, loc, start, em.cst(n / 8), step);
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(forOp.getBody());
        // Values memoized in this loop stay in it (another shape's loop
        // may ask for the same value at the same, index-free position).
        em.pushScope();
        SmallVector<int64_t> chunkShape(shape);
        chunkShape.back() /= 8;
        SmallVector<Value> idx0 =
            em.delinearize(forOp.getInductionVar(), chunkShape);
        Value base = arith::MulIOp::create(b, loc, idx0.back(), em.cst(8));
        idx0.back() = base;
        em.beginColumnVectors(forOp.getBody(), {base});
        SmallVector<SmallVector<Value>> values(results.size());
        for (int64_t e = 0; e < 8; ++e) {
          SmallVector<Value> idx(idx0);
          idx.back() = arith::AddIOp::create(b, loc, base, em.cst(e));
          for (auto [i, r] : llvm::enumerate(results)) {
            Value v = yield.getOperand(r);
            FailureOr<Value> x = em.emit(v, idx);
            if (failed(x))
              return failure();
            values[i].push_back(
                em.toStorage(*x, tensorType(v).getElementType()));
          }
        }
        em.endColumnVectors();
        em.popScope();
        for (auto [i, r] : llvm::enumerate(results)) {
          Type st =
              storageType(tensorType(yield.getOperand(r)).getElementType());
          Value vec = vector::FromElementsOp::create(
              b, loc, VectorType::get({8}, st), values[i]);
          vector::StoreOp::create(b, loc, vec, entry.getArgument(nIn + r), idx0,
                                  false,
                                  llvm::MaybeAlign(std::min<int64_t>(
                                      16, st.getIntOrFloatBitWidth())));
        }
        continue;
      }
      maxThreads = std::max(maxThreads, n);
      auto forOp = scf::ForOp::create(b, loc, start, em.cst(n), step);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(forOp.getBody());
      em.pushScope();
      SmallVector<Value> idx = em.delinearize(forOp.getInductionVar(), shape);
      SmallVector<Value> values;
      for (unsigned r : results) {
        Value v = yield.getOperand(r);
        FailureOr<Value> x = em.emit(v, idx);
        if (failed(x))
          return failure();
        values.push_back(em.toStorage(
            *x, cast<RankedTensorType>(v.getType()).getElementType()));
      }
      em.popScope();
      for (auto [r, x] : llvm::zip(results, values))
        memref::StoreOp::create(b, loc, x, entry.getArgument(nIn + r), idx);
    }
    gpu::ReturnOp::create(b, loc);

    int64_t grid =
        std::min<int64_t>((maxThreads + block - 1) / block, int64_t(1) << 20);
    group->setAttr("rt.kernel", symbol);
    group->setAttr("rt.launch",
                   b.getDenseI64ArrayAttr({grid, 1, 1, block, 1, 1, 0}));
    return success();
  }
};

} // namespace
