//===- ConfigureKernels.cpp - the target and each group's strategy --------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// rt-set-gpu-target records the GPU on the module; rt-configure-kernels
// attaches a strategy (`rtgpu.strategy`) to every fusion group that has
// none: each kernel family's heuristic in turn (TiledGemm.cpp,
// DepthwiseConv.cpp, RowKernels.cpp), the gemm-tile override applied, the
// elemental kernel for the rest. Nothing is emitted here.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"
#include "rt/Conversion/RTToGPU/RTToGPU.h"

#include "mlir/AsmParser/AsmParser.h"

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_SETGPUTARGETPASS
#define GEN_PASS_DEF_CONFIGUREKERNELSPASS
#include "rt/Conversion/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;
using namespace mlir::rt::gpugen;
using rtgpu::GemmLoad;
using rtgpu::GemmSchedule;
using rtgpu::GemmStrategyAttr;
using rtgpu::KernelKind;
using rtgpu::StrategyOverrideAttr;

rtgpu::StrategyOverrideAttr rt::parseStrategyOverride(MLIRContext *ctx,
                                                      StringRef option,
                                                      std::string *problem) {
  // The entries may come in braces (pass-option syntax keeps spaces in a
  // value that way; the dictionary form of earlier versions, whose quoted
  // names the enum parsers accept too).
  StringRef text = option.trim();
  if (text.starts_with("{") && text.ends_with("}"))
    text = text.drop_front().drop_back().trim();
  std::string full =
      text.starts_with("#")
          ? text.str()
          : "#" + rtgpu::RTGPUDialect::getDialectNamespace().str() +
                ".override<" + text.str() + ">";
  ctx->getOrLoadDialect<rtgpu::RTGPUDialect>();
  std::string message;
  Attribute parsed;
  {
    ScopedDiagnosticHandler capture(ctx, [&](Diagnostic &d) {
      if (message.empty())
        message = d.str();
      return success();
    });
    parsed = parseAttribute(full, ctx);
  }
  if (auto o = dyn_cast_or_null<StrategyOverrideAttr>(parsed))
    return o;
  if (problem) {
    llvm::raw_string_ostream os(*problem);
    os << "gemm-tile '" << option << "' is not a strategy override";
    if (!message.empty())
      os << " (" << message << ")";
    else if (parsed)
      os << " (it parses as " << parsed << ")";
    os << "; write its entries, e.g. 'kernel = wgmma_gemm, block_n = 128, "
          "stages = 3'";
  }
  return {};
}

namespace {

struct SetGPUTargetPass
    : public mlir::rt::impl::SetGPUTargetPassBase<SetGPUTargetPass> {
  using SetGPUTargetPassBase::SetGPUTargetPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (rtgpu::TargetAttr::lookup(module))
      return;
    std::string problem;
    std::optional<int64_t> n;
    if (sms != 0)
      n = static_cast<int64_t>(sms);
    auto target = rtgpu::TargetAttr::get(&getContext(), arch, n, &problem);
    if (!target) {
      module.emitError() << "rt-set-gpu-target: " << problem;
      return signalPassFailure();
    }
    module->setAttr(rtgpu::RTGPUDialect::getTargetAttrName(), target);
  }
};

/// The heuristic's GEMM strategy `tile` with the override's entries
/// applied, when the override names the same kernel or none (else `tile`
/// unchanged). The entries replace the heuristic's, and then:
/// - load = tma only where the operands allow TMA loads (a sweep over every
///   GEMM of a model);
/// - an override that splits k without naming the loads keeps the cp.async
///   ring (one that asks for TMA too is an error, from the verifier);
/// - the ping-pong schedule stays only with TMA loads, and the heuristic's
///   only with its own tile shape: an override of the shape (128 x 192
///   tiles, 3 stages) asks for the one-tile-a-block kernel unless it names
///   the schedule too.
/// Null (after an error naming the group) if the result is not a valid
/// strategy.
GemmStrategyAttr applyOverride(FusionGroupOp group, GemmStrategyAttr tile,
                               StrategyOverrideAttr o) {
  if (o.getKernel() && *o.getKernel() != tile.getKernelKind())
    return tile;
  int64_t bm = o.getBlockM().value_or(tile.getBlockM());
  int64_t bn = o.getBlockN().value_or(tile.getBlockN());
  int64_t bk = o.getBlockK().value_or(tile.getBlockK());
  int64_t wm = o.getWarpsM().value_or(tile.getWarpsM());
  int64_t wn = o.getWarpsN().value_or(tile.getWarpsN());
  int64_t stages = o.getStages().value_or(tile.getStages());
  int64_t split = o.getSplitK().value_or(tile.getSplitK());
  GemmLoad load = tile.getLoad();
  if (o.getLoad() && (*o.getLoad() != GemmLoad::tma || supportsTmaLoads(group)))
    load = *o.getLoad();
  if (split > 1 && !o.getLoad())
    load = GemmLoad::cp_async;
  GemmSchedule schedule = o.getSchedule().value_or(tile.getSchedule());
  bool reshaped =
      o.getBlockM() || o.getBlockN() || o.getWarpsM() || o.getStages();
  if (schedule == GemmSchedule::pingpong &&
      (load != GemmLoad::tma || (reshaped && !o.getSchedule())))
    schedule = GemmSchedule::single;
  return GemmStrategyAttr::getChecked(
      [&] {
        return group.emitError() << "fusion group '" << group.getName()
                                 << "': gemm-tile " << o << " gives a ";
      },
      group.getContext(), tile.getKernel(), bm, bn, bk, wm, wn, stages, split,
      load, schedule);
}

struct ConfigureKernelsPass
    : public mlir::rt::impl::ConfigureKernelsPassBase<ConfigureKernelsPass> {
  using ConfigureKernelsPassBase::ConfigureKernelsPassBase;

  /// The parsed gemm-tile option (null without one).
  StrategyOverrideAttr override;
  /// The strategy of groups no other kernel takes (block-size threads).
  rtgpu::ElementalStrategyAttr elemental;
  rtgpu::TargetAttr target;

  LogicalResult parseOverride(ModuleOp module) {
    std::string problem;
    override = parseStrategyOverride(&getContext(), gemmTile, &problem);
    if (override)
      return success();
    module.emitError() << "rt-configure-kernels: " << problem;
    return failure();
  }

  /// The strategy the heuristics give `group`, overrides applied; null
  /// after an error.
  Attribute choose(FusionGroupOp group) {
    MLIRContext *ctx = group.getContext();
    if (std::optional<TileConfig> t = chooseGemmTile(group, target)) {
      GemmStrategyAttr gemm = t->toAttr(ctx);
      return override ? applyOverride(group, gemm, override) : gemm;
    }
    if (std::optional<rtgpu::DepthwiseStrategyAttr> dw =
            chooseDepthwiseConv(group))
      return *dw;
    if (std::optional<rtgpu::KernelStrategyAttrInterface> row =
            chooseRowKernel(group, target)) {
      // An override naming attention_mma: its rows (query rows per block)
      // replace the default, with the threads that go with them.
      auto attention = dyn_cast<rtgpu::AttentionStrategyAttr>(*row);
      if (override && override.getKernel() == KernelKind::attention_mma &&
          override.getRows() && attention &&
          attention.getKernel() == rtgpu::AttentionKernel::mma) {
        int64_t rows = *override.getRows();
        return rtgpu::AttentionStrategyAttr::getChecked(
            [&] {
              return group.emitError()
                     << "fusion group '" << group.getName() << "': gemm-tile "
                     << override << " gives ";
            },
            ctx, attention.getKernel(), rows / 16 * 32, rows);
      }
      return *row;
    }
    return elemental;
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    target =
        rtgpu::TargetAttr::lookupOrEmitError(module, "rt-configure-kernels");
    if (!target)
      return signalPassFailure();
    if (!gemmTile.empty() && failed(parseOverride(module)))
      return signalPassFailure();
    elemental = rtgpu::ElementalStrategyAttr::getChecked(
        [&] {
          return module.emitError() << "rt-configure-kernels: block-size "
                                       "gives ";
        },
        &getContext(), static_cast<int64_t>(blockSize));
    if (!elemental)
      return signalPassFailure();
    WalkResult result = module.walk([&](FusionGroupOp group) {
      if (rtgpu::getStrategy(group))
        return WalkResult::advance();
      Attribute strategy = choose(group);
      if (!strategy)
        return WalkResult::interrupt();
      auto typed = cast<rtgpu::KernelStrategyAttrInterface>(strategy);
      if (failed(typed.verifyTarget(target, [&] {
            return group.emitError()
                   << "fusion group '" << group.getName() << "': ";
          })))
        return WalkResult::interrupt();
      group->setAttr(rtgpu::RTGPUDialect::getStrategyAttrName(), strategy);
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
