//===- LegacyOpsets.cpp - ONNX opsets 1-6 --------------------------- -===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Nodes of opsets 1 to 6 are rewritten into their opset-7 form before the
// regular handler runs (docs/Importer.md lists the rewrites).
//
//===----------------------------------------------------------------------===//

#include "ImporterImpl.h"

#include "rt/Dialect/RT/IR/RTOps.h"

using namespace mlir;
using namespace mlir::rt;
using namespace mlir::rt::onnximport;

void ONNXImporter::setAttr(NodeCtx &n, onnx::AttributeProto attr) {
  ownedAttrs.push_back(std::move(attr));
  n.attrs[ownedAttrs.back().name()] = &ownedAttrs.back();
}

LogicalResult ONNXImporter::applyLegacyOpset(NodeCtx &n) {
  using AP = onnx::AttributeProto;
  StringRef op = n.opType();
  // Opsets < 6 mark in-place inputs; meaningless for rt.
  n.attrs.erase("consumed_inputs");

  auto rankOf = [](Value v) -> std::optional<int64_t> {
    if (auto t = dyn_cast<RankedTensorType>(v.getType()))
      return t.getRank();
    return std::nullopt;
  };

  // Before opset 7, binary ops broadcast only with `broadcast = 1`, matching
  // B against a contiguous run of A's dimensions starting at `axis` (default:
  // the trailing ones, which is numpy broadcasting). Unsqueezing B's trailing
  // dimensions turns the `axis` form into numpy broadcasting. Without
  // `broadcast`, shapes must be equal, a special case of numpy broadcasting.
  static const llvm::StringSet<> kLegacyBroadcast = {
      "Add", "Sub", "Mul",   "Div",     "Pow",  "And",
      "Or",  "Xor", "Equal", "Greater", "Less", "Gemm"};
  if (kLegacyBroadcast.contains(op)) {
    std::optional<int64_t> broadcast = attrInt(n, "broadcast");
    std::optional<int64_t> axis = attrInt(n, "axis");
    n.attrs.erase("broadcast");
    n.attrs.erase("axis");
    if (op != "Gemm" && broadcast && *broadcast && axis && n.input(0) &&
        n.input(1)) {
      std::optional<int64_t> rankA = rankOf(n.input(0)),
                             rankB = rankOf(n.input(1));
      if (!rankA || !rankB) {
        nodeError(n) << "legacy broadcasting with 'axis' needs inputs of "
                        "known rank";
        return failure();
      }
      int64_t ax = *axis < 0 ? *axis + *rankA : *axis;
      int64_t trailing = *rankA - ax - *rankB;
      if (ax < 0 || trailing < 0) {
        nodeError(n) << "legacy broadcast axis " << *axis
                     << " does not fit a rank-" << *rankB << " B into a rank-"
                     << *rankA << " A";
        return failure();
      }
      if (trailing > 0) {
        SmallVector<int64_t> axes;
        for (int64_t i = 0; i < trailing; ++i)
          axes.push_back(*rankB + i);
        if (!(n.inputs[1] = emitUnsqueeze(n, n.input(1), axes)))
          return failure();
      }
    }
    return success();
  }

  // PRelu-6: a 1-D slope of C values applies per channel (dimension 1);
  // from opset 7 the slope broadcasts numpy-style (from the right).
  if (op == "PRelu" && n.input(0) && n.input(1)) {
    auto x = dyn_cast<RankedTensorType>(n.input(0).getType());
    auto slope = dyn_cast<RankedTensorType>(n.input(1).getType());
    if (x && slope && x.getRank() > 2 && slope.getRank() == 1 &&
        slope.getDimSize(0) != 1 && slope.getDimSize(0) == x.getDimSize(1)) {
      SmallVector<int64_t> axes;
      for (int64_t i = 1; i < x.getRank() - 1; ++i)
        axes.push_back(i);
      if (!(n.inputs[1] = emitUnsqueeze(n, n.input(1), axes)))
        return failure();
    }
    return success();
  }

  // Reshape-1: the target shape is an attribute.
  if (op == "Reshape" && n.opset < 5) {
    std::optional<SmallVector<int64_t>> shape = attrInts(n, "shape");
    n.attrs.erase("shape");
    if (!shape) {
      nodeError(n) << "missing required attribute 'shape'";
      return failure();
    }
    n.inputs.resize(1);
    n.inputs.push_back(constI64(n.loc, *shape));
    return success();
  }

  // Cast-1: `to` is the type's name as a string.
  if (op == "Cast" && n.opset < 6) {
    const AP *to = n.attr("to");
    if (to && to->type() == AP::STRING) {
      onnx::TensorProto_DataType dt;
      if (!onnx::TensorProto_DataType_Parse(to->s(), &dt)) {
        nodeError(n) << "attribute 'to' names unknown type '" << to->s() << "'";
        return failure();
      }
      AP a;
      a.set_name("to");
      a.set_type(AP::INT);
      a.set_i(dt);
      setAttr(n, std::move(a));
    }
    return success();
  }

  // Concat before opset 4: `axis` defaults to 1.
  if (op == "Concat" && n.opset < 4 && !n.attr("axis")) {
    AP a;
    a.set_name("axis");
    a.set_type(AP::INT);
    a.set_i(1);
    setAttr(n, std::move(a));
    return success();
  }

  // Pad-1 calls its pads `paddings`.
  if (op == "Pad" && n.opset < 2) {
    if (const AP *p = n.attr("paddings")) {
      AP a = *p;
      a.set_name("pads");
      n.attrs.erase("paddings");
      setAttr(n, std::move(a));
    }
    return success();
  }

  // Upsample-1: `height_scale` and `width_scale` on an NCHW input.
  if (op == "Upsample") {
    std::optional<float> h = attrFloat(n, "height_scale"),
                         w = attrFloat(n, "width_scale");
    n.attrs.erase("height_scale");
    n.attrs.erase("width_scale");
    if (h || w) {
      AP a;
      a.set_name("scales");
      a.set_type(AP::FLOATS);
      for (float v : {1.0f, 1.0f, h.value_or(1.0f), w.value_or(1.0f)})
        a.add_floats(v);
      setAttr(n, std::move(a));
    }
    return success();
  }

  // Tile before opset 6: inputs (input, tiles, axis), two scalars.
  if (op == "Tile" && n.opset < 6 && n.inputs.size() == 3) {
    SmallVector<int64_t> tiles, axis;
    if (failed(requireConstInts(n, n.input(1), "tiles", tiles)) ||
        failed(requireConstInts(n, n.input(2), "axis", axis)))
      return failure();
    std::optional<int64_t> rank = rankOf(n.input(0));
    if (!rank || tiles.size() != 1 || axis.size() != 1 || axis[0] < -*rank ||
        axis[0] >= *rank) {
      nodeError(n) << "Tile-1 needs a ranked input and scalar 'tiles' and "
                      "'axis' within its rank";
      return failure();
    }
    SmallVector<int64_t> repeats(*rank, 1);
    repeats[axis[0] < 0 ? axis[0] + *rank : axis[0]] = tiles[0];
    n.inputs.resize(1);
    n.inputs.push_back(constI64(n.loc, repeats));
    return success();
  }
  return success();
}
