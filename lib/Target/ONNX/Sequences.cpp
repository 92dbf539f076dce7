//===- Sequences.cpp - ONNX sequences as import-time lists
//-----------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// rt has no sequence type. An ONNX sequence whose length and positions are
// known at import time (constants, or inputs rt-run specializes) is carried
// by the importer as the list of its tensors: SequenceConstruct, Insert,
// Erase and At rearrange the list, SplitToSequence fills it with rt.split
// results, ConcatFromSequence concatenates it, SequenceLength is a constant.
// Sequences crossing the graph boundary, and positions computed at run time,
// are rejected with a clear error.
//
//===----------------------------------------------------------------------===//

#include "ImporterImpl.h"

#include "rt/Dialect/RT/IR/RTOps.h"

using namespace mlir;
using namespace mlir::rt;
using namespace mlir::rt::onnximport;

bool ONNXImporter::isSequenceOp(StringRef opType) {
  return llvm::is_contained({"SequenceEmpty", "SequenceConstruct",
                             "SequenceInsert", "SequenceAt", "SequenceErase",
                             "SequenceLength", "SplitToSequence",
                             "ConcatFromSequence", "Identity"},
                            opType);
}

const SmallVector<Value> *ONNXImporter::seqInput(NodeCtx &n, unsigned i) {
  if (i < n.seqInputs.size() && n.seqInputs[i])
    return n.seqInputs[i];
  nodeError(n) << "input " << i << " must be a sequence";
  return nullptr;
}

FailureOr<int64_t> ONNXImporter::seqPosition(NodeCtx &n, Value pos,
                                             int64_t size, bool allowEnd) {
  SmallVector<int64_t> v;
  if (!getConstantIntValues(pos, v) || v.size() != 1) {
    nodeError(n) << "the position must be an import-time constant scalar "
                    "(sequences of run-time structure are not supported)";
    return failure();
  }
  int64_t p = v[0] < 0 ? v[0] + size : v[0];
  if (p < 0 || p > size || (p == size && !allowEnd)) {
    nodeError(n) << "position " << v[0] << " is out of range for a sequence "
                 << "of " << size << " tensors";
    return failure();
  }
  return p;
}

void ONNXImporter::registerSequenceHandlers() {
  handlers["SequenceEmpty"] = [this](NodeCtx &n) -> LogicalResult {
    attrInt(n, "dtype");
    if (failed(checkAttrsConsumed(n)))
      return failure();
    n.seqResults[0] = SmallVector<Value>();
    return success();
  };
  handlers["SequenceConstruct"] = [this](NodeCtx &n) -> LogicalResult {
    if (failed(checkAttrsConsumed(n)))
      return failure();
    SmallVector<Value> elems;
    Type elt;
    for (auto [i, v] : llvm::enumerate(n.inputs)) {
      if (!v) {
        nodeError(n) << "input " << i << " must be a tensor";
        return failure();
      }
      Type e = getElementTypeOrSelf(v.getType());
      if (elt && e != elt) {
        nodeError(n) << "tensors of a sequence must share an element type ("
                     << elt << " vs " << e << ")";
        return failure();
      }
      elt = e;
      elems.push_back(v);
    }
    n.seqResults[0] = std::move(elems);
    return success();
  };
  handlers["SequenceInsert"] = [this](NodeCtx &n) -> LogicalResult {
    if (failed(checkAttrsConsumed(n)))
      return failure();
    const SmallVector<Value> *seq = seqInput(n, 0);
    if (!seq)
      return failure();
    Value t = n.input(1);
    if (!t) {
      nodeError(n) << "input 1 must be a tensor";
      return failure();
    }
    int64_t size = seq->size();
    int64_t at = size;
    if (Value pos = n.input(2)) {
      FailureOr<int64_t> p = seqPosition(n, pos, size, /*allowEnd=*/true);
      if (failed(p))
        return failure();
      at = *p;
    }
    SmallVector<Value> elems(*seq);
    elems.insert(elems.begin() + at, t);
    n.seqResults[0] = std::move(elems);
    return success();
  };
  handlers["SequenceErase"] = [this](NodeCtx &n) -> LogicalResult {
    if (failed(checkAttrsConsumed(n)))
      return failure();
    const SmallVector<Value> *seq = seqInput(n, 0);
    if (!seq)
      return failure();
    int64_t size = seq->size();
    if (size == 0) {
      nodeError(n) << "cannot erase from an empty sequence";
      return failure();
    }
    int64_t at = size - 1;
    if (Value pos = n.input(1)) {
      FailureOr<int64_t> p = seqPosition(n, pos, size, /*allowEnd=*/false);
      if (failed(p))
        return failure();
      at = *p;
    }
    SmallVector<Value> elems(*seq);
    elems.erase(elems.begin() + at);
    n.seqResults[0] = std::move(elems);
    return success();
  };
  handlers["SequenceAt"] = [this](NodeCtx &n) -> LogicalResult {
    if (failed(checkAttrsConsumed(n)))
      return failure();
    const SmallVector<Value> *seq = seqInput(n, 0);
    if (!seq)
      return failure();
    FailureOr<int64_t> p =
        seqPosition(n, n.input(1), seq->size(), /*allowEnd=*/false);
    if (failed(p))
      return failure();
    n.results[0] = (*seq)[*p];
    return success();
  };
  handlers["SequenceLength"] = [this](NodeCtx &n) -> LogicalResult {
    if (failed(checkAttrsConsumed(n)))
      return failure();
    const SmallVector<Value> *seq = seqInput(n, 0);
    if (!seq)
      return failure();
    n.results[0] = constI64(n.loc, {(int64_t)seq->size()}, /*scalar=*/true);
    return success();
  };
  handlers["Identity"] = [this](NodeCtx &n) -> LogicalResult {
    if (!n.seqInputs.empty() && n.seqInputs[0]) {
      n.seqResults[0] = *n.seqInputs[0];
      return success();
    }
    return buildGeneric(n, "rt.identity");
  };
  handlers["SplitToSequence"] = [this](NodeCtx &n) -> LogicalResult {
    // No `split`: pieces of 1 along `axis` (squeezed unless keepdims);
    // scalar `split`: pieces of that size (the last may be shorter);
    // 1-D `split`: pieces of those sizes.
    int64_t axis = attrInt(n, "axis").value_or(0);
    bool keepdims = attrInt(n, "keepdims").value_or(1) != 0;
    if (failed(checkAttrsConsumed(n)))
      return failure();
    Value x = n.input(0);
    auto xt = dyn_cast_or_null<RankedTensorType>(x ? x.getType() : Type());
    if (!xt || axis < -xt.getRank() || axis >= xt.getRank()) {
      nodeError(n) << "needs an input of known rank with 'axis' inside it";
      return failure();
    }
    if (axis < 0)
      axis += xt.getRank();
    int64_t dim = xt.getDimSize(axis);
    if (ShapedType::isDynamic(dim)) {
      nodeError(n) << "the split dimension must be static";
      return failure();
    }
    SmallVector<int64_t> sizes;
    bool squeeze = false;
    if (Value s = n.input(1)) {
      SmallVector<int64_t> v;
      if (failed(requireConstInts(n, s, "split", v)))
        return failure();
      auto st = cast<ShapedType>(s.getType());
      if (st.hasRank() && st.getRank() == 0) {
        if (v[0] <= 0) {
          nodeError(n) << "split size " << v[0] << " must be positive";
          return failure();
        }
        for (int64_t off = 0; off < dim; off += v[0])
          sizes.push_back(std::min(v[0], dim - off));
      } else {
        sizes = v;
      }
    } else {
      sizes.assign(dim, 1);
      squeeze = !keepdims;
    }
    SmallVector<Value> elems;
    if (!sizes.empty()) {
      FailureOr<SmallVector<Value>> parts = createOp(
          n, "rt.split", x,
          {namedI64("axis", axis),
           namedI64("num_outputs", (int64_t)sizes.size()),
           builder.getNamedAttr("split", builder.getDenseI64ArrayAttr(sizes))},
          sizes.size());
      if (failed(parts))
        return failure();
      elems = *parts;
    }
    if (squeeze)
      for (Value &e : elems)
        if (!(e = emit(n, "rt.squeeze", e,
                       {builder.getNamedAttr(
                           "axes", builder.getDenseI64ArrayAttr({axis}))})))
          return failure();
    n.seqResults[0] = std::move(elems);
    return success();
  };
  handlers["ConcatFromSequence"] = [this](NodeCtx &n) -> LogicalResult {
    std::optional<int64_t> axis = attrInt(n, "axis");
    bool newAxis = attrInt(n, "new_axis").value_or(0) != 0;
    if (failed(checkAttrsConsumed(n)))
      return failure();
    const SmallVector<Value> *seq = seqInput(n, 0);
    if (!seq)
      return failure();
    if (!axis || seq->empty()) {
      nodeError(n) << (axis ? "cannot concatenate an empty sequence"
                            : "missing required attribute 'axis'");
      return failure();
    }
    SmallVector<Value> parts(*seq);
    int64_t ax = *axis;
    if (newAxis) {
      // Stack: insert the new dimension, then concatenate along it.
      auto t = dyn_cast<RankedTensorType>(parts[0].getType());
      if (!t) {
        nodeError(n) << "new_axis = 1 needs tensors of known rank";
        return failure();
      }
      if (ax < 0)
        ax += t.getRank() + 1;
      for (Value &p : parts)
        if (!(p = emitUnsqueeze(n, p, {ax})))
          return failure();
    }
    Value y = emit(n, "rt.concat", parts, {namedI64("axis", ax)});
    if (!y)
      return failure();
    n.results[0] = y;
    return success();
  };
}
