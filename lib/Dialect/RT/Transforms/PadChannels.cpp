//===- PadChannels.cpp - pad convolution channels to a multiple of 8 ------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// A channels-last convolution with C % 8 != 0 input channels (3 for RGB
// images) cannot have its input window read 16 bytes at a time: 8 float16
// channels of one pixel are not there. Padding the channels with zeros
// (the input through rt.pad, the constant filters at compile time) keeps
// the result and makes every window tap one aligned chunk. The GEMM does
// kh*kw*(8-C) more multiply-adds by zero per output; for a 7x7 stem that is
// cheap next to gathering 147 values element by element.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RT/Transforms/Passes.h"
#include "rt/Dialect/RT/Transforms/Utils.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_RTPADCHANNELSPASS
#include "rt/Dialect/RT/Transforms/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;

namespace {

struct RTPadChannelsPass
    : public mlir::rt::impl::RTPadChannelsPassBase<RTPadChannelsPass> {
  void runOnOperation() override {
    SmallVector<ConvOp> convs;
    getOperation().walk([&](ConvOp c) { convs.push_back(c); });
    for (ConvOp conv : convs)
      if (succeeded(pad(conv)))
        ++numPadded;
  }

  LogicalResult pad(ConvOp conv) {
    auto x = dyn_cast<RankedTensorType>(conv.getInput().getType());
    auto w = dyn_cast<RankedTensorType>(conv.getWeight().getType());
    if (!conv.getChannelsLast() || conv.getGroup() != 1 || !x || !w ||
        !x.hasStaticShape() || !w.hasStaticShape() || x.getRank() != 4 ||
        !isa<FloatType>(x.getElementType()) ||
        x.getElementType() != w.getElementType())
      return failure();
    int64_t c = x.getDimSize(3), c8 = (c + 7) / 8 * 8;
    if (c % 8 == 0 || w.getDimSize(3) != c)
      return failure();
    ElementsAttr attr;
    if (!matchPattern(conv.getWeight(), m_Constant(&attr)))
      return failure();
    std::optional<std::vector<char>> bytes = getConstantBytes(attr);
    int64_t eb = w.getElementType().getIntOrFloatBitWidth() / 8;
    if (!bytes || eb == 0 || int64_t(bytes->size()) != w.getNumElements() * eb)
      return failure();
    // Filters [M, kh, kw, C] -> [M, kh, kw, C8], zeros in the new channels.
    int64_t taps = w.getNumElements() / c;
    std::vector<char> out(taps * c8 * eb, 0);
    for (int64_t t = 0; t < taps; ++t)
      memcpy(out.data() + t * c8 * eb, bytes->data() + t * c * eb, c * eb);
    auto wt = RankedTensorType::get(
        {w.getDimSize(0), w.getDimSize(1), w.getDimSize(2), c8},
        w.getElementType());
    OpBuilder b(conv);
    Location loc = conv.getLoc();
    Value filters =
        ConstantOp::create(b, loc,
                           cast<ElementsAttr>(DenseResourceElementsAttr::get(
                               wt, "padded_filter",
                               HeapAsmResourceBlob::allocateAndCopyWithAlign(
                                   out, alignof(uint64_t)))));
    auto padsType = RankedTensorType::get({8}, b.getI64Type());
    Value pads = ConstantOp::create(
        b, loc,
        DenseIntElementsAttr::get(
            padsType, ArrayRef<int64_t>{0, 0, 0, 0, 0, 0, 0, c8 - c}));
    auto xt = RankedTensorType::get(
        {x.getDimSize(0), x.getDimSize(1), x.getDimSize(2), c8},
        x.getElementType());
    Value input = PadOp::create(b, loc, xt, conv.getInput(), pads,
                                /*constant_value=*/Value(), /*axes=*/Value(),
                                b.getStringAttr("constant"));
    Operation *old = conv.getWeight().getDefiningOp();
    conv->setOperand(0, input);
    conv->setOperand(1, filters);
    if (old && old->use_empty())
      old->erase();
    return success();
  }
};

} // namespace
