//===- RTDialect.cpp - rt dialect registration ----------------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTDialect.h"
#include "rt/Dialect/RT/IR/NodeName.h"
#include "rt/Dialect/RT/IR/RTOps.h"

using namespace mlir;
using namespace mlir::rt;

#include "rt/Dialect/RT/IR/RTOpsDialect.cpp.inc"

void RTDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "rt/Dialect/RT/IR/RTOps.cpp.inc"
      >();
}

Operation *RTDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                          Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, type, elements);
}

std::string mlir::rt::getOnnxNodeName(Operation *op) {
  Location loc = op->getLoc();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    if (!fused.getLocations().empty())
      loc = fused.getLocations().front();
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  return "";
}
