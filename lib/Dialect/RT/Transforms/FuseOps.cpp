//===- FuseOps.cpp - form fusion groups (one kernel each)
//------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Partitions each function into rt.fusion_group ops, one per future kernel:
//
// 1. Roots (MatMul/Gemm, Conv, attention, reductions and normalizations,
//    pooling) absorb their elementwise epilogue: the chain of single-use
//    consumers (bias, BatchNorm, activation, residual add, casts, and the
//    reshapes between them) whose other operands are computed before the
//    root, as long as the iteration space stays the root's. Reduction roots
//    also absorb single-use elementwise producers (a softmax's scale and
//    mask), and so do Pads (the channel pad of a model input absorbs its
//    cast and NCHW-to-NHWC transpose).
// 2. The remaining elementwise ops form elementwise groups along single-use
//    producer-to-consumer edges (transposes and reshapes inside them become
//    indexing).
// 3. Every other op that moves data (Concat, Slice, Gather, ...) is a group
//    of its own. Views (Reshape, Flatten, Squeeze, Unsqueeze, Identity)
//    outside groups and constants are not kernels.
//
// Where an epilogue stops, the reason is recorded on the group
// (`rt.fusion_notes`) for the explain report; the function records its
// kernel counts before and after (`rt.kernels_before`, `rt.kernels_after`).
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/NodeName.h"
#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RT/Transforms/Fusion.h"
#include "rt/Dialect/RT/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/ADT/SetVector.h"

#include <deque>

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_RTFUSEOPSPASS
#include "rt/Dialect/RT/Transforms/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;

namespace mlir::rt {

OpClass classifyOp(Operation *op) {
  if (isa<ConstantOp>(op))
    return OpClass::Constant;
  if (isa<ReshapeOp, FlattenOp, SqueezeOp, UnsqueezeOp, IdentityOp>(op))
    return OpClass::View;
  if (op->hasTrait<rt::OpTrait::Elementwise>() ||
      isa<BatchNormalizationOp, ExpandOp, TransposeOp, QuantizeLinearOp,
          DequantizeLinearOp, ConstantOfShapeOp>(op))
    return OpClass::Elementwise;
  if (isa<MatMulOp, GemmOp, EinsumOp>(op))
    return OpClass::Gemm;
  if (isa<ConvOp, ConvTransposeOp>(op))
    return OpClass::Conv;
  if (isa<AttentionOp>(op))
    return OpClass::Attention;
  if (isa<SoftmaxOp, LogSoftmaxOp, HardmaxOp, LayerNormalizationOp,
          GroupNormalizationOp, InstanceNormalizationOp, LRNOp, MaxPoolOp,
          AveragePoolOp, LpPoolOp, GlobalAveragePoolOp, GlobalMaxPoolOp,
          GlobalLpPoolOp, ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp,
          ReduceProdOp, ReduceL1Op, ReduceL2Op, ReduceLogSumOp,
          ReduceLogSumExpOp, ReduceSumSquareOp, ArgMaxOp, ArgMinOp, CumSumOp,
          TopKOp>(op))
    return OpClass::Reduction;
  return OpClass::Copy;
}

StringRef getGroupKind(OpClass c) {
  switch (c) {
  case OpClass::Gemm:
    return "gemm";
  case OpClass::Conv:
    return "conv";
  case OpClass::Attention:
    return "attention";
  case OpClass::Reduction:
    return "reduction";
  case OpClass::Elementwise:
    return "elementwise";
  default:
    return "copy";
  }
}

bool isKernel(Operation *op) {
  if (isa<FusionGroupOp>(op))
    return true;
  if (op->getDialect() != op->getContext()->getLoadedDialect<RTDialect>())
    return false;
  OpClass c = classifyOp(op);
  return c != OpClass::Constant && c != OpClass::View;
}

Value getStorageValue(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (isa<FusionGroupOp>(def) || classifyOp(def) != OpClass::View)
      break;
    v = def->getOperand(0);
  }
  return v;
}

std::string getOpDisplayName(Operation *op) {
  std::string name = getOnnxNodeName(op);
  return name.empty() ? op->getName().stripDialect().str() : name;
}

} // namespace mlir::rt

/// Ops that select a piece of their input (Split; Gather of one constant
/// index; Slice with constant bounds): in an epilogue they become partial
/// stores, and their users continue over the piece.
static bool isPieceOp(Operation *op) {
  if (isa<SplitOp>(op))
    return true;
  if (auto gather = dyn_cast<GatherOp>(op)) {
    SmallVector<int64_t> idx;
    return getConstantIntValues(gather.getIndices(), idx) && idx.size() == 1;
  }
  if (auto slice = dyn_cast<SliceOp>(op)) {
    SmallVector<int64_t> v;
    return llvm::all_of(slice->getOperands().drop_front(),
                        [&](Value x) { return getConstantIntValues(x, v); });
  }
  return false;
}

/// Small dense constants are cloned into groups; larger ones are inputs.
static bool isInlinableConstant(Value v) {
  auto c = v.getDefiningOp<ConstantOp>();
  if (!c)
    return false;
  auto attr = dyn_cast<DenseElementsAttr>(c.getValue());
  return attr && (attr.isSplat() || attr.getNumElements() <= 64);
}

namespace {

struct Group {
  SmallVector<Operation *> ops; // In block order after sorting.
  OpClass kind;
  Operation *root = nullptr;
  SmallVector<std::string> notes;
};

class Fuser {
public:
  explicit Fuser(Block &block) : block(block) {}

  void run();
  unsigned kernelsBefore = 0, kernelsAfter = 0;

private:
  bool grouped(Operation *op) const { return groupOf.count(op); }
  void add(Group &g, Operation *op) {
    g.ops.push_back(op);
    groupOf[op] = &g;
  }
  /// True if `v` is available before `root` executes (so an epilogue may
  /// read it): a block argument, a constant, or defined before `root`.
  bool readyBefore(Value v, Operation *root) const {
    Operation *def = v.getDefiningOp();
    return !def || isa<ConstantOp>(def) ||
           (def->getBlock() == root->getBlock() && def->isBeforeInBlock(root));
  }
  void growEpilogue(Group &g);
  void growPrologue(Group &g);
  void materialize(Group &g);

  Block &block;
  std::deque<Group> groups;
  DenseMap<Operation *, Group *> groupOf;
  llvm::StringMap<unsigned> nameCount;
};

void Fuser::growEpilogue(Group &g) {
  // Grow over the users of the group's values: elementwise ops and views
  // over the root's iteration space whose other operands are ready before
  // the root. A Split of a group value gives one output per piece (a GEMM
  // writing Q, K and V), and the pieces' own elementwise users and views
  // may follow. Values with users outside the group become its results.
  // Same iteration space: the same number of elements (static), or the same
  // shape with dynamic dimensions in the same places (a dynamic batch).
  auto sameSpace = [&](Value a, Value b) {
    auto ta = dyn_cast<RankedTensorType>(a.getType());
    auto tb = dyn_cast<RankedTensorType>(b.getType());
    if (!ta || !tb)
      return false;
    if (ta.hasStaticShape() && tb.hasStaticShape())
      return ta.getNumElements() == tb.getNumElements();
    return ta.getShape() == tb.getShape();
  };
  auto reason = [&](Operation *user) -> std::string {
    if (grouped(user) || user->getBlock() != &block)
      return "it belongs to another kernel";
    OpClass c = classifyOp(user);
    bool split = isPieceOp(user);
    if (c != OpClass::Elementwise && c != OpClass::View && !split)
      return "not elementwise";
    // A GEMM/convolution stores 16 bytes at a time along its innermost
    // dimension; a transpose that moves it (back to NCHW before a pooling
    // op without a channels-last form) is better read by the pooling
    // kernel, whose prologue takes it: both kernels then walk memory in
    // order.
    if (auto t = dyn_cast<TransposeOp>(user);
        t && (g.kind == OpClass::Gemm || g.kind == OpClass::Conv) &&
        t.getResult().hasOneUse() &&
        classifyOp(*t.getResult().getUsers().begin()) == OpClass::Reduction) {
      auto rank = cast<RankedTensorType>(t.getType()).getRank();
      std::optional<ArrayRef<int64_t>> perm = t.getPerm();
      if (!perm || perm->back() != rank - 1)
        return "a transpose of the innermost dimension is left to the "
               "reduction that reads it";
    }
    // Elementwise ops and views keep the iteration space of their in-group
    // operands (a Split piece's, after a Split).
    // After a reduction (RMSNorm's mean of squares), an op may broadcast the
    // reduced values back over the reduction's input space: a normalization
    // kernel keeps the row it reduced.
    bool keepsSpace = split || user->getNumResults() == 1;
    for (Value v : user->getOperands()) {
      Operation *def = v.getDefiningOp();
      if (keepsSpace && !split && def && groupOf.lookup(def) == &g)
        keepsSpace = sameSpace(v, user->getResult(0)) ||
                     (g.kind == OpClass::Reduction &&
                      isa<ReduceMeanOp, ReduceSumOp, ReduceMaxOp,
                          ReduceSumSquareOp, ReduceL2Op>(g.root) &&
                      sameSpace(g.root->getOperand(0), user->getResult(0)));
    }
    if (!keepsSpace)
      return "it changes the iteration space";
    bool ready = llvm::all_of(user->getOperands(), [&](Value v) {
      Operation *def = v.getDefiningOp();
      return (def && groupOf.lookup(def) == &g) || readyBefore(v, g.root);
    });
    if (!ready)
      return "an operand is computed after the root";
    return "";
  };
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t i = 0; i < g.ops.size(); ++i)
      for (Operation *user : g.ops[i]->getUsers())
        if (groupOf.lookup(user) != &g && reason(user).empty()) {
          add(g, user);
          changed = true;
        }
  }
  // Why the remaining users of the group's values are other kernels.
  llvm::SmallPtrSet<Operation *, 8> noted;
  for (Operation *op : g.ops)
    for (Operation *user : op->getUsers())
      if (groupOf.lookup(user) != &g &&
          !user->hasTrait<::mlir::OpTrait::IsTerminator>() &&
          noted.insert(user).second)
        g.notes.push_back("epilogue stops at '" + getOpDisplayName(user) +
                          "' (" + user->getName().getStringRef().str() +
                          "): " + reason(user));
}

void Fuser::growPrologue(Group &g) {
  // Single-use elementwise producers of a reduction's or a pad's operands
  // (a softmax's scale and mask; a model input's cast and transpose) or of
  // an attention's mask.
  // GEMM and convolution roots take only a Transpose of their data input
  // (a transposed load, e.g. the NCHW model input of a channels-last conv).
  SmallVector<Value> worklist;
  bool transposeOnly = g.kind == OpClass::Gemm || g.kind == OpClass::Conv;
  if (auto attention = dyn_cast<AttentionOp>(g.root)) {
    if (Value mask = attention.getMask())
      worklist.push_back(mask);
  } else if (transposeOnly) {
    worklist.push_back(g.root->getOperand(0));
  } else {
    worklist.append(g.root->operand_begin(), g.root->operand_end());
  }
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    Operation *def = v.getDefiningOp();
    if (!def || grouped(def) || !v.hasOneUse() ||
        classifyOp(def) != OpClass::Elementwise || def->getNumResults() != 1 ||
        def->getBlock() != &block || (transposeOnly && !isa<TransposeOp>(def)))
      continue;
    add(g, def);
    worklist.append(def->operand_begin(), def->operand_end());
  }
}

void Fuser::run() {
  for (Operation &op : block)
    kernelsBefore += isKernel(&op);

  // 1. Roots with epilogues (and prologues for reductions and pads: a
  //    channel pad reads the model input through its cast and transpose).
  for (Operation &op : block) {
    OpClass c = classifyOp(&op);
    if (grouped(&op) ||
        (c != OpClass::Gemm && c != OpClass::Conv && c != OpClass::Attention &&
         c != OpClass::Reduction && !isa<PadOp>(op)))
      continue;
    Group &g = groups.emplace_back();
    g.kind = c;
    g.root = &op;
    add(g, &op);
    growPrologue(g);
    if (op.getNumResults() == 1)
      growEpilogue(g);
  }

  // 2. Elementwise groups along single-use edges (views ride along).
  llvm::EquivalenceClasses<Operation *> sets;
  auto fusible = [&](Operation *op) {
    OpClass c = classifyOp(op);
    return !grouped(op) && op->getBlock() == &block &&
           (c == OpClass::Elementwise || c == OpClass::View);
  };
  for (Operation &op : block) {
    if (!fusible(&op))
      continue;
    sets.insert(&op);
    if (op.getNumResults() != 1 || !op.getResult(0).hasOneUse())
      continue;
    Operation *user = *op.getResult(0).getUsers().begin();
    if (fusible(user))
      sets.unionSets(&op, user);
  }
  for (auto it = sets.begin(); it != sets.end(); ++it) {
    if (!(*it)->isLeader())
      continue;
    SmallVector<Operation *> members(sets.member_begin(**it),
                                     sets.member_end());
    if (llvm::none_of(members, [](Operation *op) {
          return classifyOp(op) == OpClass::Elementwise;
        }))
      continue; // Only views: no kernel.
    // Views at the ends of a chain stay outside (they are free).
    llvm::SmallPtrSet<Operation *, 8> set(members.begin(), members.end());
    bool trimmed = true;
    while (trimmed) {
      trimmed = false;
      for (Operation *op : llvm::make_early_inc_range(set)) {
        if (classifyOp(op) != OpClass::View)
          continue;
        Operation *src = op->getOperand(0).getDefiningOp();
        bool leading = !src || !set.contains(src);
        bool trailing = llvm::none_of(
            op->getUsers(), [&](Operation *u) { return set.contains(u); });
        if (leading || trailing) {
          set.erase(op);
          trimmed = true;
        }
      }
    }
    Group &g = groups.emplace_back();
    g.kind = OpClass::Elementwise;
    for (Operation *op : members)
      if (set.contains(op))
        add(g, op);
  }

  // 3. Everything else that runs on the device: a group of its own.
  for (Operation &op : block) {
    if (grouped(&op) || !isKernel(&op) || isa<FusionGroupOp>(&op))
      continue;
    Group &g = groups.emplace_back();
    g.kind = classifyOp(&op);
    g.root = &op;
    add(g, &op);
  }

  for (Group &g : groups) {
    llvm::sort(g.ops, [](Operation *a, Operation *b) {
      return a->isBeforeInBlock(b);
    });
    materialize(g);
  }
  for (Operation &op : block)
    kernelsAfter += isKernel(&op);
}

void Fuser::materialize(Group &g) {
  // Root groups go where the root is: epilogue inputs are computed before
  // it and prologue ops precede it. Other groups go at their last op.
  Operation *last = g.root ? g.root : g.ops.back();
  llvm::SmallPtrSet<Operation *, 8> members(g.ops.begin(), g.ops.end());
  llvm::SetVector<Value> inputs;
  for (Operation *op : g.ops)
    for (Value v : op->getOperands()) {
      Operation *def = v.getDefiningOp();
      if ((def && members.contains(def)) || isInlinableConstant(v))
        continue;
      inputs.insert(v);
    }
  SmallVector<Value> results;
  for (Operation *op : g.ops)
    for (Value r : op->getResults())
      if (llvm::any_of(r.getUsers(),
                       [&](Operation *u) { return !members.contains(u); }))
        results.push_back(r);

  Operation *named = g.root;
  if (!named)
    for (Operation *op : g.ops)
      if (classifyOp(op) != OpClass::View)
        named = op;
  std::string name = getOpDisplayName(named);
  if (unsigned n = nameCount[name]++)
    name += "_" + std::to_string(n);

  OpBuilder b(last);
  SmallVector<Type> types;
  for (Value r : results)
    types.push_back(r.getType());
  auto group =
      FusionGroupOp::create(b, named->getLoc(), types, inputs.getArrayRef(),
                            name, getGroupKind(g.kind));
  if (!g.notes.empty())
    group->setAttr("rt.fusion_notes", b.getStrArrayAttr(SmallVector<StringRef>(
                                          g.notes.begin(), g.notes.end())));
  Block &body = group.getBodyBlock();
  IRMapping map;
  for (auto [in, arg] : llvm::zip(inputs, body.getArguments()))
    map.map(in, arg);
  OpBuilder inner = OpBuilder::atBlockEnd(&body);
  for (Operation *op : g.ops)
    for (Value v : op->getOperands())
      if (!map.contains(v) && isInlinableConstant(v))
        map.map(v, inner.clone(*v.getDefiningOp())->getResult(0));
  for (Operation *op : g.ops)
    inner.clone(*op, map);
  SmallVector<Value> yielded;
  for (Value r : results)
    yielded.push_back(map.lookup(r));
  YieldOp::create(inner, named->getLoc(), yielded);
  for (auto [r, gr] : llvm::zip(results, group.getResults()))
    r.replaceUsesWithIf(
        gr, [&](OpOperand &use) { return !members.contains(use.getOwner()); });
  for (Operation *op : llvm::reverse(g.ops))
    op->erase();
}

struct RTFuseOpsPass : public mlir::rt::impl::RTFuseOpsPassBase<RTFuseOpsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Fuser fuser(func.getBody().front());
    fuser.run();
    Builder b(&getContext());
    func->setAttr("rt.kernels_before",
                  b.getI64IntegerAttr(fuser.kernelsBefore));
    func->setAttr("rt.kernels_after", b.getI64IntegerAttr(fuser.kernelsAfter));
    numKernels += fuser.kernelsAfter;
  }
};
} // namespace
