//===- MergeParallelMatMuls.cpp - one GEMM for matmuls sharing an input
//----===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Horizontal fusion: MatMuls that read the same activation with constant
// 2-D weights of the same depth (BERT's query, key and value projections)
// become one MatMul with the weights concatenated along N at compile time,
// followed by a Split; each original result is its piece. The epilogues of
// the pieces (bias, reshape, transpose) then fuse into the one GEMM.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RT/Transforms/Utils.h"
#include "rt/Dialect/RT/Transforms/Passes.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_RTMERGEPARALLELMATMULSPASS
#include "rt/Dialect/RT/Transforms/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;

namespace {
struct RTMergeParallelMatMulsPass
    : public mlir::rt::impl::RTMergeParallelMatMulsPassBase<
          RTMergeParallelMatMulsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    // Group candidate matmuls by (activation, depth, element type).
    llvm::MapVector<Value, SmallVector<MatMulOp>> byInput;
    func.walk([&](MatMulOp mm) {
      auto w = dyn_cast<RankedTensorType>(mm.getRhs().getType());
      auto x = dyn_cast<RankedTensorType>(mm.getLhs().getType());
      ElementsAttr attr;
      if (!w || !x || w.getRank() != 2 || !w.hasStaticShape() ||
          x.getRank() < 2 || !x.hasStaticShape() ||
          !matchPattern(mm.getRhs(), m_Constant(&attr)))
        return;
      byInput[mm.getLhs()].push_back(mm);
    });
    for (auto &[input, mms] : byInput) {
      if (mms.size() < 2)
        continue;
      auto w0 = cast<RankedTensorType>(mms[0].getRhs().getType());
      if (llvm::any_of(mms, [&](MatMulOp mm) {
            auto w = cast<RankedTensorType>(mm.getRhs().getType());
            return w.getDimSize(0) != w0.getDimSize(0) ||
                   w.getElementType() != w0.getElementType();
          }))
        continue;
      if (succeeded(merge(mms)))
        numMerged += mms.size();
    }
  }

  LogicalResult merge(MutableArrayRef<MatMulOp> mms) {
    auto w0 = cast<RankedTensorType>(mms[0].getRhs().getType());
    int64_t k = w0.getDimSize(0);
    unsigned eltBytes = w0.getElementType().getIntOrFloatBitWidth() / 8;
    SmallVector<std::vector<char>> parts;
    SmallVector<int64_t> widths;
    int64_t n = 0;
    for (MatMulOp mm : mms) {
      ElementsAttr attr;
      matchPattern(mm.getRhs(), m_Constant(&attr));
      std::optional<std::vector<char>> bytes = getConstantBytes(attr);
      if (!bytes)
        return failure();
      parts.push_back(std::move(*bytes));
      widths.push_back(cast<RankedTensorType>(attr.getType()).getDimSize(1));
      n += widths.back();
    }
    // Row k of the merged weight is row k of every part, side by side.
    std::vector<char> merged;
    merged.reserve(k * n * eltBytes);
    for (int64_t row = 0; row < k; ++row)
      for (auto [part, width] : llvm::zip(parts, widths))
        merged.insert(merged.end(), part.begin() + row * width * eltBytes,
                      part.begin() + (row + 1) * width * eltBytes);
    auto type = RankedTensorType::get({k, n}, w0.getElementType());
    // The merged matmul goes where the first of them is: the activation is
    // defined before it, and every user of every piece comes after it.
    MatMulOp first = mms[0];
    for (MatMulOp mm : mms)
      if (mm->isBeforeInBlock(first))
        first = mm;
    OpBuilder b(first);
    AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
        merged, alignof(uint64_t));
    auto weightAttr =
        DenseResourceElementsAttr::get(type, "merged_weight", std::move(blob));
    Location loc = b.getFusedLoc(llvm::to_vector(
        llvm::map_range(mms, [](MatMulOp mm) { return mm.getLoc(); })));
    Value weight = ConstantOp::create(b, loc, cast<ElementsAttr>(weightAttr));
    auto x = cast<RankedTensorType>(mms[0].getLhs().getType());
    SmallVector<int64_t> outShape(x.getShape());
    outShape.back() = n;
    Value out = MatMulOp::create(
        b, loc, RankedTensorType::get(outShape, w0.getElementType()),
        mms[0].getLhs(), weight);
    SmallVector<Type> pieceTypes;
    for (MatMulOp mm : mms)
      pieceTypes.push_back(mm.getType());
    auto split = SplitOp::create(
        b, loc, pieceTypes, out, b.getI64IntegerAttr(x.getRank() - 1),
        b.getI64IntegerAttr(mms.size()), b.getDenseI64ArrayAttr(widths));
    for (auto [mm, piece] : llvm::zip(mms, split.getResults())) {
      mm.getResult().replaceAllUsesWith(piece);
      mm->erase();
    }
    return success();
  }
};
} // namespace
