//===- Elemental.cpp - the elemental kernel -------------------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// The kernel for every group no other family takes: threads walk the
// output elements with a grid-stride loop and evaluate the group's ops at
// each element's indices through the Emitter. Results of the same shape are
// computed and stored in one loop, so that a result written in place over
// an input is stored only after every read of that element.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::rt;
using namespace mlir::rt::gpugen;

LogicalResult gpugen::emitElemental(FusionGroupOp group, gpu::GPUFuncOp func,
                                    rtgpu::ElementalStrategyAttr strategy,
                                    KernelLaunch &launch) {
  Location loc = group.getLoc();
  OpBuilder b(group.getContext());
  const int64_t block = strategy.getThreads();
  Block &body = group.getBodyBlock();
  auto yield = cast<YieldOp>(body.getTerminator());
  Block &entry = func.getBody().front();
  b.setInsertionPointToStart(&entry);
  Emitter em(b, group, entry);
  unsigned nIn = body.getNumArguments();

  // Results grouped by shape; one grid-stride loop per shape.
  SmallVector<std::pair<ArrayRef<int64_t>, SmallVector<unsigned>>> byShape;
  for (auto [r, v] : llvm::enumerate(yield.getOperands())) {
    ArrayRef<int64_t> shape = cast<RankedTensorType>(v.getType()).getShape();
    auto it = llvm::find_if(byShape, [&](auto &e) { return e.first == shape; });
    if (it == byShape.end())
      byShape.push_back({shape, {unsigned(r)}});
    else
      it->second.push_back(r);
  }
  if (byShape.size() > 1)
    if (auto inPlace = group->getAttrOfType<DenseI64ArrayAttr>("rt.in_place"))
      if (llvm::any_of(inPlace.asArrayRef(), [](int64_t v) { return v >= 0; }))
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
    // thread computes 8 consecutive elements, reads the inputs indexed by
    // the innermost index 8 at a time and stores each result with one
    // vector store.
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
      // Values memoized in this loop stay in it (another shape's loop may
      // ask for the same value at the same, index-free position).
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
          values[i].push_back(em.toStorage(*x, tensorType(v).getElementType()));
        }
      }
      em.endColumnVectors();
      em.popScope();
      for (auto [i, r] : llvm::enumerate(results)) {
        Type st = storageType(tensorType(yield.getOperand(r)).getElementType());
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

  launch.grid = {
      std::min<int64_t>((maxThreads + block - 1) / block, int64_t(1) << 20), 1,
      1};
  launch.block = {block, 1, 1};
  launch.sharedBytes = 0;
  return success();
}
