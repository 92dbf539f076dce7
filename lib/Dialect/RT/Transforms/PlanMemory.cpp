//===- PlanMemory.cpp - one arena for all intermediate tensors
//-------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// After fusion, every kernel (rt.fusion_group) result that is neither a model
// output nor a view of one is an intermediate buffer. Liveness runs over the
// kernel schedule (program order): a buffer lives from the kernel that
// writes it to the last kernel that reads it or a view of it. Buffers are
// packed into one arena by greedy-by-size offset assignment (largest first,
// each at the lowest offset where it overlaps no placed buffer of
// intersecting lifetime), 256-byte aligned. An elementwise kernel (or a GEMM
// or convolution epilogue) whose input dies there and has the output's shape
// writes in place. The plan is checked (no two buffers of intersecting
// lifetimes overlap) and recorded:
//   on each group  rt.offsets = [offset per result; -1: model output]
//                  rt.in_place = [input index per result; -1: none]
//   on the func    rt.arena_size, rt.arena_lower_bound (peak of live bytes),
//                  rt.intermediate_bytes (sum of all intermediates)
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RT/Transforms/Fusion.h"
#include "rt/Dialect/RT/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_RTPLANMEMORYPASS
#define GEN_PASS_DEF_RTVERIFYMEMORYPLANPASS
#include "rt/Dialect/RT/Transforms/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;

static constexpr int64_t kAlignment = 256;

static int64_t alignUp(int64_t v) {
  return (v + kAlignment - 1) / kAlignment * kAlignment;
}

/// Bytes of a static tensor (i1 as one byte), or -1.
static int64_t tensorBytes(Type type) {
  return getTensorBytes(type).value_or(-1);
}


namespace {
struct Buffer {
  Value value;   // A fusion group result.
  int64_t bytes; // Aligned size.
  int64_t start; // Schedule index of the writing kernel.
  int64_t end;   // Last schedule index reading it (>= start).
  int64_t offset = -1;
  int aliasOf = -1; // In place: index of the buffer it reuses.
};

/// Checks that no two buffers with intersecting lifetimes overlap in the
/// arena. Returns a description of the first conflict.
std::optional<std::string> findConflict(ArrayRef<Buffer> buffers) {
  for (size_t i = 0; i < buffers.size(); ++i)
    for (size_t j = i + 1; j < buffers.size(); ++j) {
      const Buffer &a = buffers[i], &b = buffers[j];
      if (a.offset < 0 || b.offset < 0)
        continue;
      bool timeOverlap = a.start <= b.end && b.start <= a.end;
      bool spaceOverlap =
          a.offset < b.offset + b.bytes && b.offset < a.offset + a.bytes;
      // An in-place pair shares storage by design: the output is written
      // where the input dies.
      bool inPlacePair =
          (a.aliasOf == (int)j || b.aliasOf == (int)i) && a.offset == b.offset;
      if (timeOverlap && spaceOverlap && !inPlacePair)
        return "buffers " + std::to_string(i) + " [" + std::to_string(a.start) +
               ", " + std::to_string(a.end) + "] at " +
               std::to_string(a.offset) + "+" + std::to_string(a.bytes) +
               " and " + std::to_string(j) + " [" + std::to_string(b.start) +
               ", " + std::to_string(b.end) + "] at " +
               std::to_string(b.offset) + "+" + std::to_string(b.bytes) +
               " overlap";
    }
  return std::nullopt;
}

/// Position of every op in the kernel schedule (program order).
DenseMap<Operation *, int64_t> scheduleIndex(Block &block) {
  DenseMap<Operation *, int64_t> index;
  for (Operation &op : block)
    index.try_emplace(&op, index.size());
  return index;
}

/// Extends each buffer's lifetime to its last reader: a kernel or the
/// return reading it directly or through views (a view reads nothing).
void extendLifetimes(Block &block, DenseMap<Operation *, int64_t> &index,
                     const DenseMap<Value, int> &bufferOf,
                     MutableArrayRef<Buffer> buffers) {
  for (Operation &op : block) {
    if (classifyOp(&op) == OpClass::View && !isa<FusionGroupOp>(op))
      continue;
    for (Value v : op.getOperands()) {
      auto it = bufferOf.find(getStorageValue(v));
      if (it != bufferOf.end())
        buffers[it->second].end = std::max(buffers[it->second].end, index[&op]);
    }
  }
}

/// May `group` write result `r` over its input `in` (which dies there)? Only
/// when every element is read at the position it is written: the input has
/// the result's shape, feeds only shape-preserving elementwise ops, and the
/// group moves no data between positions.
bool canWriteInPlace(FusionGroupOp group, unsigned in, unsigned r) {
  StringRef kind = group.getKind();
  if (kind != "elementwise" && kind != "gemm" && kind != "conv")
    return false;
  if (group.getInputs()[in].getType() != group.getResult(r).getType())
    return false;
  for (Operation &op : group.getBodyBlock().without_terminator()) {
    OpClass c = classifyOp(&op);
    if (c == OpClass::View || isa<TransposeOp, ExpandOp, SplitOp, GatherOp,
                                  SliceOp, ConstantOfShapeOp>(op))
      return false;
  }
  BlockArgument arg = group.getBodyBlock().getArgument(in);
  for (Operation *user : arg.getUsers())
    if (!user->hasTrait<rt::OpTrait::Elementwise>() ||
        user->getResult(0).getType() != arg.getType())
      return false;
  return true;
}
} // namespace

namespace {
struct RTPlanMemoryPass
    : public mlir::rt::impl::RTPlanMemoryPassBase<RTPlanMemoryPass> {
  using RTPlanMemoryPassBase::RTPlanMemoryPassBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block &block = func.getBody().front();
    Builder b(&getContext());

    // Schedule and buffers.
    DenseMap<Operation *, int64_t> index = scheduleIndex(block);
    int64_t n = index.size();
    SmallVector<Buffer> buffers;
    DenseMap<Value, int> bufferOf;
    DenseSet<Value> outputs;
    Operation *ret = block.getTerminator();
    for (Value v : ret->getOperands())
      outputs.insert(getStorageValue(v));
    for (Operation &op : block) {
      auto group = dyn_cast<FusionGroupOp>(op);
      if (!group)
        continue;
      for (Value r : group.getResults()) {
        if (outputs.contains(r))
          continue;
        int64_t bytes = tensorBytes(r.getType());
        if (bytes < 0) {
          // Planned when the engine is built for fixed input shapes
          // (rt-set-input-shapes); not an error here.
          mlir::emitWarning(group.getLoc(), "result of type ")
              << r.getType() << " has no static size: no memory plan for @"
              << func.getSymName() << " until the input shapes are fixed";
          return;
        }
        bufferOf[r] = buffers.size();
        buffers.push_back({r, alignUp(std::max<int64_t>(bytes, 1)),
                           index[group], index[group]});
      }
    }
    extendLifetimes(block, index, bufferOf, buffers);

    // In place: a group's result may take the buffer of an input that dies
    // at this group.
    DenseMap<Operation *, SmallVector<int64_t>> inPlace;
    for (Operation &op : block) {
      auto group = dyn_cast<FusionGroupOp>(op);
      if (!group)
        continue;
      SmallVector<int64_t> &chosen = inPlace[group];
      chosen.assign(group.getNumResults(), -1);
      DenseSet<int> taken;
      for (auto [r, res] : llvm::enumerate(group.getResults())) {
        auto out = bufferOf.find(res);
        if (out == bufferOf.end())
          continue;
        for (auto [i, in] : llvm::enumerate(group.getInputs())) {
          auto src = bufferOf.find(in); // Views of it do not qualify.
          if (src == bufferOf.end() || taken.contains(src->second))
            continue;
          Buffer &sb = buffers[src->second];
          if (sb.end != index[group] || sb.aliasOf >= 0 ||
              sb.bytes != buffers[out->second].bytes ||
              !canWriteInPlace(group, i, r))
            continue;
          buffers[out->second].aliasOf = src->second;
          taken.insert(src->second);
          chosen[r] = i;
          break;
        }
      }
    }

    // Alias chains share one storage: a root buffer spans all lifetimes.
    auto root = [&](int i) {
      while (buffers[i].aliasOf >= 0)
        i = buffers[i].aliasOf;
      return i;
    };
    SmallVector<int64_t> rootStart(buffers.size()), rootEnd(buffers.size());
    for (size_t i = 0; i < buffers.size(); ++i) {
      rootStart[i] = buffers[i].start;
      rootEnd[i] = buffers[i].end;
    }
    for (size_t i = 0; i < buffers.size(); ++i) {
      int r = root(i);
      rootStart[r] = std::min(rootStart[r], buffers[i].start);
      rootEnd[r] = std::max(rootEnd[r], buffers[i].end);
    }

    // Greedy by size over the roots.
    SmallVector<int> order;
    for (size_t i = 0; i < buffers.size(); ++i)
      if (buffers[i].aliasOf < 0)
        order.push_back(i);
    llvm::stable_sort(order, [&](int a, int c) {
      return buffers[a].bytes > buffers[c].bytes;
    });
    SmallVector<int> placed;
    int64_t arena = 0;
    for (int i : order) {
      SmallVector<std::pair<int64_t, int64_t>> busy; // [offset, end)
      for (int j : placed)
        if (rootStart[i] <= rootEnd[j] && rootStart[j] <= rootEnd[i])
          busy.push_back(
              {buffers[j].offset, buffers[j].offset + buffers[j].bytes});
      llvm::sort(busy);
      // Best fit: the smallest gap that holds the buffer, else the top.
      int64_t best = -1, bestGap = INT64_MAX, cursor = 0;
      for (auto [lo, hi] : busy) {
        if (lo - cursor >= buffers[i].bytes && lo - cursor < bestGap) {
          best = cursor;
          bestGap = lo - cursor;
        }
        cursor = std::max(cursor, hi);
      }
      if (best < 0)
        best = cursor;
      buffers[i].offset = best;
      placed.push_back(i);
      arena = std::max(arena, best + buffers[i].bytes);
    }
    for (size_t i = 0; i < buffers.size(); ++i)
      buffers[i].offset = buffers[root(i)].offset;

    // Lower bound: the peak of live bytes (in-place pairs counted once).
    int64_t lowerBound = 0, total = 0;
    for (const Buffer &buf : buffers)
      total += buf.bytes;
    for (int64_t t = 0; t < n; ++t) {
      int64_t live = 0;
      for (size_t i = 0; i < buffers.size(); ++i)
        if (buffers[i].aliasOf < 0 && rootStart[i] <= t && t <= rootEnd[i])
          live += buffers[i].bytes;
      lowerBound = std::max(lowerBound, live);
    }

    if (std::optional<std::string> conflict = findConflict(buffers)) {
      func.emitError("internal error: the memory plan is invalid: ")
          << *conflict;
      return signalPassFailure();
    }
    if (workspaceLimit > 0 && arena > (int64_t)workspaceLimit) {
      func.emitError("the intermediate tensors need an arena of ")
          << arena << " bytes (peak of live bytes " << lowerBound
          << "), more than the workspace limit of "
          << std::to_string((uint64_t)workspaceLimit) << " bytes";
      return signalPassFailure();
    }

    // Record the plan.
    for (Operation &op : block) {
      auto group = dyn_cast<FusionGroupOp>(op);
      if (!group)
        continue;
      SmallVector<int64_t> offsets;
      for (Value r : group.getResults()) {
        auto it = bufferOf.find(r);
        offsets.push_back(it == bufferOf.end() ? -1
                                               : buffers[it->second].offset);
      }
      group->setAttr("rt.offsets", b.getDenseI64ArrayAttr(offsets));
      if (llvm::any_of(inPlace[group], [](int64_t i) { return i >= 0; }))
        group->setAttr("rt.in_place", b.getDenseI64ArrayAttr(inPlace[group]));
      else
        group->removeAttr("rt.in_place");
    }
    func->setAttr("rt.arena_size", b.getI64IntegerAttr(arena));
    func->setAttr("rt.arena_lower_bound", b.getI64IntegerAttr(lowerBound));
    func->setAttr("rt.intermediate_bytes", b.getI64IntegerAttr(total));
    arenaBytes += arena;
  }
};

/// Reads the plan back from the IR and checks it independently of the
/// planner: sizes, lifetimes and offsets recomputed from the annotations.
struct RTVerifyMemoryPlanPass
    : public mlir::rt::impl::RTVerifyMemoryPlanPassBase<
          RTVerifyMemoryPlanPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block &block = func.getBody().front();
    auto arena = func->getAttrOfType<IntegerAttr>("rt.arena_size");
    bool dynamic = false;
    func.walk([&](FusionGroupOp g) {
      for (Type t : g.getResultTypes())
        dynamic |= tensorBytes(t) < 0;
    });
    if (!arena && dynamic)
      return; // Planned once the shapes are fixed.
    if (!arena) {
      func.emitError("no memory plan (run rt-plan-memory first)");
      return signalPassFailure();
    }
    DenseMap<Operation *, int64_t> index = scheduleIndex(block);
    SmallVector<Buffer> buffers;
    DenseMap<Value, int> bufferOf;
    for (Operation &op : block) {
      auto group = dyn_cast<FusionGroupOp>(op);
      if (!group)
        continue;
      auto offsets = group->getAttrOfType<DenseI64ArrayAttr>("rt.offsets");
      if (!offsets || offsets.size() != (int64_t)group.getNumResults()) {
        group.emitOpError("has no offset for each result");
        return signalPassFailure();
      }
      auto inPlace = group->getAttrOfType<DenseI64ArrayAttr>("rt.in_place");
      for (auto [r, res] : llvm::enumerate(group.getResults())) {
        if (offsets[r] < 0)
          continue;
        int64_t bytes =
            alignUp(std::max<int64_t>(tensorBytes(res.getType()), 1));
        if (offsets[r] % kAlignment || offsets[r] + bytes > arena.getInt()) {
          group.emitOpError("result ")
              << r << " at offset " << offsets[r] << " (" << bytes
              << " bytes) is misaligned or outside the arena of "
              << arena.getInt() << " bytes";
          return signalPassFailure();
        }
        Buffer buf{res, bytes, index[group], index[group], offsets[r]};
        if (inPlace && inPlace[r] >= 0) {
          auto src = bufferOf.find(group.getInputs()[inPlace[r]]);
          if (src == bufferOf.end() ||
              buffers[src->second].offset != offsets[r]) {
            group.emitOpError("result ")
                << r << " is marked in place but does not share its input's "
                << "storage";
            return signalPassFailure();
          }
          buf.aliasOf = src->second;
        }
        bufferOf[res] = buffers.size();
        buffers.push_back(buf);
      }
    }
    extendLifetimes(block, index, bufferOf, buffers);
    // An in-place input must die where its output is written.
    for (const Buffer &buf : buffers)
      if (buf.aliasOf >= 0 && buffers[buf.aliasOf].end != buf.start) {
        func.emitError("an in-place result overwrites a tensor that is read "
                       "later");
        return signalPassFailure();
      }
    if (std::optional<std::string> conflict = findConflict(buffers)) {
      func.emitError("invalid memory plan: ") << *conflict;
      return signalPassFailure();
    }
  }
};
} // namespace
