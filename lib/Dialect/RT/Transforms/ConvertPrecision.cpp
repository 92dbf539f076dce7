//===- ConvertPrecision.cpp - float32 tensors stored in 16 bits -----------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Every float32 tensor type in the body becomes float16 (or bfloat16). All rt
// ops are polymorphic over float types and infer results from operands, so a
// uniform substitution keeps every op valid; only attributes that carry the
// type itself (constants, rt.cast's target, constant_of_shape's value) are
// rewritten. The signature stays float32, with casts at entry and return.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RT/Transforms/Passes.h"
#include "rt/Dialect/RT/Transforms/Utils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_RTCONVERTPRECISIONPASS
#include "rt/Dialect/RT/Transforms/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;

namespace {

/// `t` with float32 elements replaced by `to` (other types unchanged).
Type convertType(Type t, FloatType to) {
  if (auto tt = dyn_cast<RankedTensorType>(t))
    if (tt.getElementType().isF32())
      return tt.clone(to);
  if (auto ut = dyn_cast<UnrankedTensorType>(t))
    if (ut.getElementType().isF32())
      return UnrankedTensorType::get(to);
  return t;
}

/// float32 `v` rounded to `to`; float16 saturates finite values at the
/// largest finite half (65504) instead of overflowing to infinity.
APFloat convertValue(float v, FloatType to) {
  APFloat f(v);
  bool lost;
  if (to.isF16() && std::isfinite(v))
    f = APFloat(std::clamp(v, -65504.0f, 65504.0f));
  f.convert(to.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
  return f;
}

/// `attr` (float32 elements) converted to `to`, or null if its data cannot
/// be read.
ElementsAttr convertElements(ElementsAttr attr, FloatType to) {
  auto type = cast<ShapedType>(attr.getType());
  auto newType = RankedTensorType::get(type.getShape(), to);
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    if (dense.isSplat())
      return DenseElementsAttr::get(
          newType, convertValue(dense.getSplatValue<float>(), to));
    SmallVector<APFloat> values;
    values.reserve(dense.getNumElements());
    for (float v : dense.getValues<float>())
      values.push_back(convertValue(v, to));
    return DenseElementsAttr::get(newType, values);
  }
  std::optional<std::vector<char>> bytes = getConstantBytes(attr);
  if (!bytes || bytes->size() != size_t(type.getNumElements()) * 4)
    return nullptr;
  // Raw 16-bit storage, built directly: weights can be hundreds of MB.
  std::vector<char> out(type.getNumElements() * 2);
  const float *src = reinterpret_cast<const float *>(bytes->data());
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i) {
    uint16_t bits =
        uint16_t(convertValue(src[i], to).bitcastToAPInt().getZExtValue());
    std::memcpy(out.data() + 2 * i, &bits, 2);
  }
  return DenseElementsAttr::getFromRawBuffer(newType, out);
}

struct RTConvertPrecisionPass
    : public mlir::rt::impl::RTConvertPrecisionPassBase<
          RTConvertPrecisionPass> {
  using RTConvertPrecisionPassBase::RTConvertPrecisionPassBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    MLIRContext *ctx = &getContext();
    FloatType to;
    if (precision == "fp16")
      to = Float16Type::get(ctx);
    else if (precision == "bf16")
      to = BFloat16Type::get(ctx);
    else if (precision == "fp32")
      return;
    else {
      func.emitError() << "rt-convert-precision: unknown precision '"
                       << precision << "' (expected fp16, bf16 or fp32)";
      return signalPassFailure();
    }
    Block &entry = func.getBody().front();
    OpBuilder b(ctx);

    // Entry casts.
    b.setInsertionPointToStart(&entry);
    for (BlockArgument arg : entry.getArguments()) {
      Type nt = convertType(arg.getType(), to);
      if (nt == arg.getType())
        continue;
      auto cast = CastOp::create(b, arg.getLoc(), nt, arg, TypeAttr::get(to));
      arg.replaceAllUsesExcept(cast, cast);
    }

    // Body: types and type-carrying attributes.
    WalkResult walk = func.walk([&](Operation *op) {
      if (isa<func::FuncOp, func::ReturnOp>(op))
        return WalkResult::advance();
      if (auto c = dyn_cast<CastOp>(op); c && c.getTo().isF32())
        c.setToAttr(TypeAttr::get(to));
      if (auto c = dyn_cast<ConstantOp>(op)) {
        if (auto attr = dyn_cast<ElementsAttr>(c.getValue());
            attr && cast<ShapedType>(attr.getType()).getElementType().isF32()) {
          ElementsAttr conv = convertElements(attr, to);
          if (!conv) {
            op->emitError("rt-convert-precision: cannot read the data of "
                          "this constant");
            return WalkResult::interrupt();
          }
          c.setValueAttr(conv);
        }
      }
      if (auto c = dyn_cast<ConstantOfShapeOp>(op)) {
        if (auto attr = c.getValueAttr();
            attr && cast<ShapedType>(attr.getType()).getElementType().isF32())
          c.setValueAttr(convertElements(attr, to));
      }
      for (OpResult r : op->getResults())
        r.setType(convertType(r.getType(), to));
      for (Region &region : op->getRegions())
        for (Block &block : region)
          for (BlockArgument a : block.getArguments())
            a.setType(convertType(a.getType(), to));
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();

    // Return casts back to the signature's types.
    Operation *ret = entry.getTerminator();
    b.setInsertionPoint(ret);
    for (OpOperand &operand : ret->getOpOperands()) {
      Type want = func.getResultTypes()[operand.getOperandNumber()];
      if (operand.get().getType() == want)
        continue;
      operand.set(CastOp::create(b, ret->getLoc(), want, operand.get(),
                                 TypeAttr::get(getElementTypeOrSelf(want))));
    }
  }
};

} // namespace
