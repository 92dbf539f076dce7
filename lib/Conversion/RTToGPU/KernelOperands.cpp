//===- KernelOperands.cpp - group constants in kernel layouts -------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// rt-prepare-kernel-operands: the graph rewrites GPU code generation needs
// before kernels are configured. Large constants of a group become group
// inputs (their data travels with the weights), and constant weights are
// stored in the layout the target's kernels read: [n][k] GEMM weights for
// warpgroup MMA, tap-major depthwise filters. A rewritten constant is
// transposed back inside the group, so every other reader sees the
// original tensor and the kernel recognizes the stored layout.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"
#include "rt/Conversion/RTToGPU/RTToGPU.h"
#include "rt/Dialect/RT/Transforms/Utils.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_PREPAREKERNELOPERANDSPASS
#include "rt/Conversion/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;
using namespace mlir::rt::gpugen;

namespace {

/// Whether constant `c` only serves as an attribute-like operand that the
/// emitter reads at compile time (a Pad's pads and axes, a Slice's starts,
/// ends, axes and steps, a Resize's roi, scales and sizes).
bool isStaticOperand(ConstantOp c) {
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

/// Makes every non-splat constant of the group body a group input (except
/// attribute-like operands).
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
/// by `perm` (a new constant operand) and transposed back by the inverse
/// inside the group, where a kernel can read the stored layout directly
/// and every other use sees the original tensor.
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
      transposeBytes(*bytes, t.getShape(), perm, bits / 8), alignof(uint64_t));
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

/// For warpgroup MMA, which reads B k-contiguous: a GEMM group whose B is
/// a constant [k][n] (a MatMul's rank-2 weights, a Gemm's without transB)
/// gets the constant stored as [n][k] and transposed back inside the
/// group, where the kernel reads it as the [n][k] operand.
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
  if (t.getRank() != 2 || !t.getElementType().isF16() || t.getDimSize(0) % 8 ||
      !matchPattern(group->getOperand(arg.getArgNumber()), m_Constant(&attr)))
    return;
  storeArgumentTransposed(group, arg, attr, {1, 0}, "weight_nk");
}

/// For the depthwise convolution kernel, which reads 8 channels' taps at
/// once: a depthwise group's constant [C][kh][kw][1] filter is stored
/// [kh][kw][1][C] and transposed back inside the group.
void storeDepthwiseFiltersTapMajor(FusionGroupOp group) {
  if (!fitsDepthwiseConv(group))
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

struct PrepareKernelOperandsPass
    : public mlir::rt::impl::PrepareKernelOperandsPassBase<
          PrepareKernelOperandsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    rtgpu::TargetAttr target = rtgpu::TargetAttr::lookupOrEmitError(
        module, "rt-prepare-kernel-operands");
    if (!target)
      return signalPassFailure();
    module.walk([&](FusionGroupOp group) {
      hoistConstants(group);
      if (rtgpu::getStrategy(group))
        return;
      if (target.has(rtgpu::Feature::Wgmma))
        transposeConstantWeights(group);
      storeDepthwiseFiltersTapMajor(group);
    });
  }
};

} // namespace
