//===- InlineFusionGroups.cpp - dissolve fusion groups
//---------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// The CPU reference path compiles the ops, not the kernels: it puts every
// fusion group's body back in place of the group.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RT/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_RTINLINEFUSIONGROUPSPASS
#include "rt/Dialect/RT/Transforms/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;

namespace {
struct RTInlineFusionGroupsPass
    : public mlir::rt::impl::RTInlineFusionGroupsPassBase<
          RTInlineFusionGroupsPass> {
  void runOnOperation() override {
    SmallVector<FusionGroupOp> groups;
    getOperation().walk([&](FusionGroupOp g) { groups.push_back(g); });
    for (FusionGroupOp g : groups) {
      IRMapping map;
      for (auto [arg, in] :
           llvm::zip(g.getBodyBlock().getArguments(), g.getInputs()))
        map.map(arg, in);
      OpBuilder b(g);
      for (Operation &op : g.getBodyBlock().without_terminator())
        b.clone(op, map);
      auto yield = cast<YieldOp>(g.getBodyBlock().getTerminator());
      for (auto [r, v] : llvm::zip(g.getResults(), yield.getValues()))
        r.replaceAllUsesWith(map.lookupOrDefault(v));
      g->erase();
    }
  }
};
} // namespace
