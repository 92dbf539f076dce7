//===- DepthwiseConv.cpp - channels-last depthwise convolution kernel -----===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// `depthwise_conv`: a channels-last depthwise convolution (one filter per
// channel: group = channels, a [C][kh][kw][1] filter) with its epilogue.
// Each thread computes 8 consecutive channels of one output pixel: per
// window tap one 16-byte load of the 8 input channels and one of their
// filter taps (the constant filter is stored [kh][kw][1][C] so that the 8
// channels' taps are contiguous; convert-rt-to-gpu transposes it), float32
// accumulation, and the epilogue through storeColumns (bias 16 bytes at a
// time, 16-byte stores). The window is unrolled (at most 7 x 7 taps).
//
// The elemental kernel computed each output element alone, with a scalar
// load per tap of input and filter: MobileNetV2's depthwise layers were 71%
// of its batch-64 time.
//
//===----------------------------------------------------------------------===//

#include "RowKernels.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::rt;
using namespace mlir::rt::gpugen;

namespace {
constexpr int64_t kDefaultThreads = 256;
constexpr int64_t kMaxTaps = 49;
} // namespace

/// The group's depthwise convolution if the group is one with an epilogue
/// (views and element-wise ops) and reads its input as a kernel input.
static ConvOp depthwiseRoot(FusionGroupOp group) {
  ConvOp conv;
  for (Operation &op : group.getBodyBlock().without_terminator()) {
    if (auto c = dyn_cast<ConvOp>(op)) {
      if (conv)
        return nullptr;
      conv = c;
    } else if (!isa<ConstantOp, TransposeOp>(op) && !isView(&op) &&
               !op.hasTrait<rt::OpTrait::Elementwise>()) {
      return nullptr;
    }
  }
  if (!conv || !conv.getChannelsLast())
    return nullptr;
  auto in = tensorType(conv.getInput()), w = tensorType(conv.getWeight());
  if (in.getRank() != 4 || w.getRank() != 4 || !in.hasStaticShape() ||
      !w.hasStaticShape())
    return nullptr;
  int64_t c = in.getDimSize(3);
  if ((int64_t)conv.getGroup() != c || w.getDimSize(0) != c ||
      w.getDimSize(3) != 1 || c % 8 ||
      w.getDimSize(1) * w.getDimSize(2) > kMaxTaps ||
      !isa<FloatType>(storageType(in.getElementType())))
    return nullptr;
  auto arg = dyn_cast<BlockArgument>(conv.getInput());
  if (!arg || arg.getOwner() != &group.getBodyBlock())
    return nullptr;
  if (!analyzeEpilogue(group, conv))
    return nullptr;
  return conv;
}

bool gpugen::fitsDepthwiseConv(FusionGroupOp group) {
  return depthwiseRoot(group) != nullptr;
}

std::optional<rtgpu::DepthwiseStrategyAttr>
gpugen::chooseDepthwiseConv(FusionGroupOp group) {
  if (!fitsDepthwiseConv(group))
    return std::nullopt;
  return rtgpu::DepthwiseStrategyAttr::get(group.getContext(), kDefaultThreads);
}

/// The group input holding filter `w` stored [kh][kw][1][C] when `w` is
/// its transpose back to [C][kh][kw][1] (perm [3, 0, 1, 2]), else null.
static Value tapMajorFilter(FusionGroupOp group, Value w) {
  auto t = w.getDefiningOp<TransposeOp>();
  if (!t || !t.getPerm() ||
      ArrayRef<int64_t>(*t.getPerm()) != ArrayRef<int64_t>{3, 0, 1, 2})
    return nullptr;
  auto a = dyn_cast<BlockArgument>(t.getInput());
  if (!a || a.getOwner() != &group.getBodyBlock())
    return nullptr;
  return a;
}

LogicalResult gpugen::emitDepthwiseConv(FusionGroupOp group,
                                        gpu::GPUFuncOp func,
                                        rtgpu::DepthwiseStrategyAttr strategy,
                                        KernelLaunch &launch) {
  const int64_t threads = strategy.getThreads();
  ConvOp conv = depthwiseRoot(group);
  if (!conv)
    return group.emitError()
           << "fusion group '" << group.getName()
           << "' does not fit the depthwise convolution kernel (channels-last, "
              "one filter per channel, channels a multiple of 8, at most "
           << kMaxTaps << " taps, the input a kernel input)";
  SmallVector<SmallVector<Value>> chains = *analyzeEpilogue(group, conv);
  Location loc = group.getLoc();
  MLIRContext *ctx = group.getContext();
  Block &entry = func.getBody().front();
  OpBuilder b(ctx);
  Emitter em(b, group, entry);

  auto inT = tensorType(conv.getInput()), outT = tensorType(conv.getResult());
  auto wT = tensorType(conv.getWeight());
  ConvWindow win(conv);
  int64_t n = win.batch, oh = win.out[0], ow = win.out[1],
          c = outT.getDimSize(3);
  Type inElt = storageType(inT.getElementType());
  Type f32 = b.getF32Type();
  auto vec8 = [&](Type t) { return VectorType::get({8}, t); };
  Value x = em.memrefOf(conv.getInput());
  Value tapMajor = tapMajorFilter(group, conv.getWeight());
  Value wMem = tapMajor ? em.memrefOf(tapMajor) : em.memrefOf(conv.getWeight());
  int64_t total = n * oh * ow * (c / 8);

  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value bid = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  Value t = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, bid, em.cst(threads)), tid);
  auto inRange =
      scf::IfOp::create(b, loc, TypeRange{},
                        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                              t, em.cst(total)),
                        false);
  b.setInsertionPointToStart(inRange.thenBlock());
  // t -> (pixel, chunk of 8 channels): consecutive threads, consecutive
  // channels of a pixel.
  Value c0 = arith::MulIOp::create(
      b, loc, arith::RemUIOp::create(b, loc, t, em.cst(c / 8)), em.cst(8));
  SmallVector<Value> pix = em.delinearize(
      arith::DivUIOp::create(b, loc, t, em.cst(c / 8)), {n, oh, ow});
  em.beginColumnVectors(b.getInsertionBlock(), {c0});

  // The filter's 8 channels at tap (kh, kw): one vector load when stored
  // tap-major, else 8 element loads.
  auto filterTap = [&](int64_t kh, int64_t kw) -> FailureOr<Value> {
    if (tapMajor && wMem) {
      Value v = vector::LoadOp::create(
          b, loc, vec8(storageType(wT.getElementType())), wMem,
          ValueRange{em.cst(kh), em.cst(kw), em.cst(0), c0}, false,
          llvm::MaybeAlign(16));
      return isa<Float32Type>(cast<VectorType>(v.getType()).getElementType())
                 ? v
                 : (Value)arith::ExtFOp::create(b, loc, vec8(f32), v);
    }
    SmallVector<Value> taps;
    for (int64_t e = 0; e < 8; ++e) {
      FailureOr<Value> w = em.emit(
          conv.getWeight(), {arith::AddIOp::create(b, loc, c0, em.cst(e)),
                             em.cst(kh), em.cst(kw), em.cst(0)});
      if (failed(w))
        return failure();
      taps.push_back(*w);
    }
    return (Value)vector::FromElementsOp::create(b, loc, vec8(f32), taps);
  };

  Value acc = arith::ConstantOp::create(
      b, loc, vec8(f32), DenseElementsAttr::get(vec8(f32), 0.0f));
  Value zero = acc;
  for (int64_t kh = 0; kh < win.kernel[0]; ++kh)
    for (int64_t kw = 0; kw < win.kernel[1]; ++kw) {
      Value valid = arith::ConstantIntOp::create(b, loc, 1, 1);
      Value ih = em.windowIndex(pix[1], em.cst(kh), win.strides[0],
                                win.dilations[0], win.lo[0], win.in[0], valid);
      Value iw = em.windowIndex(pix[2], em.cst(kw), win.strides[1],
                                win.dilations[1], win.lo[1], win.in[1], valid);
      Value xv = vector::LoadOp::create(
          b, loc, vec8(inElt), x, ValueRange{pix[0], ih, iw, c0}, false,
          llvm::MaybeAlign(
              std::min<int64_t>(16, inElt.getIntOrFloatBitWidth())));
      if (!inElt.isF32())
        xv = arith::ExtFOp::create(b, loc, vec8(f32), xv);
      xv = arith::SelectOp::create(b, loc, valid, xv, zero);
      FailureOr<Value> wv = filterTap(kh, kw);
      if (failed(wv))
        return failure();
      acc = vector::FMAOp::create(b, loc, xv, *wv, acc);
    }

  // The convolution's value at the 8 channels (its bias 16 bytes at a
  // time), then the epilogue and the stores.
  SmallVector<Value> roots;
  for (int64_t e = 0; e < 8; ++e) {
    Value r = vector::ExtractOp::create(b, loc, acc, ArrayRef<int64_t>{e});
    if (Value bias = conv.getBias()) {
      FailureOr<Value> bv =
          em.emit(bias, {arith::AddIOp::create(b, loc, c0, em.cst(e))});
      if (failed(bv))
        return failure();
      r = arith::AddFOp::create(b, loc, r, *bv);
    }
    roots.push_back(r);
  }
  SmallVector<bool> contiguous;
  for (const SmallVector<Value> &chain : chains)
    contiguous.push_back(columnsContiguous(chain));
  SmallVector<Value> rootIdx0{pix[0], pix[1], pix[2], c0};
  if (failed(storeColumns(b, loc, em, group, entry, conv.getResult(), roots,
                          rootIdx0, chains, contiguous)))
    return failure();
  em.endColumnVectors();
  b.setInsertionPointToEnd(&entry);
  gpu::ReturnOp::create(b, loc);
  if ((total + threads - 1) / threads > 0x7fffffff)
    return group.emitError() << "fusion group '" << group.getName()
                             << "': too many output pixels";
  launch.grid = {(total + threads - 1) / threads, 1, 1};
  launch.block = {threads, 1, 1};
  launch.sharedBytes = 0;
  return success();
}
