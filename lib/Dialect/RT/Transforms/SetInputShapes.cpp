//===- SetInputShapes.cpp - give model inputs concrete shapes -------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Dialect/RT/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir {
namespace rt {
#define GEN_PASS_DEF_RTSETINPUTSHAPESPASS
#include "rt/Dialect/RT/Transforms/Passes.h.inc"
} // namespace rt
} // namespace mlir

using namespace mlir;
using namespace mlir::rt;

LogicalResult mlir::rt::setInputShapes(func::FuncOp func, StringRef shapes) {
  SmallVector<StringRef> entries;
  shapes.split(entries, ',', -1, /*KeepEmpty=*/false);
  SmallVector<Type> argTypes(func.getArgumentTypes());
  for (StringRef entry : entries) {
    entry = entry.trim();
    auto [name, dims] = entry.rsplit(':');
    if (dims.empty())
      return func.emitError()
             << "input shape '" << entry << "' is not of the form name:DxDx...";
    // Find the argument by ONNX name, then by position.
    int64_t index = -1;
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      if (auto n = func.getArgAttrOfType<StringAttr>(
              i, RTDialect::getOnnxNameAttrName());
          n && n.getValue() == name)
        index = i;
    unsigned pos;
    if (index < 0 && !name.getAsInteger(10, pos) &&
        pos < func.getNumArguments())
      index = pos;
    if (index < 0)
      return func.emitError() << "no input named '" << name << "'";
    SmallVector<int64_t> shape;
    if (dims != "scalar") {
      SmallVector<StringRef> parts;
      dims.split(parts, 'x');
      for (StringRef p : parts) {
        int64_t d;
        if (p.trim().getAsInteger(10, d) || d < 0)
          return func.emitError() << "input '" << name << "': bad dimension '"
                                  << p << "' in '" << dims << "'";
        shape.push_back(d);
      }
    }
    auto declared = dyn_cast<TensorType>(argTypes[index]);
    if (!declared)
      return func.emitError() << "input '" << name << "' is not a tensor";
    auto type = RankedTensorType::get(shape, declared.getElementType());
    if (!areCompatibleResultTypes(TypeRange(declared), TypeRange(type)))
      return func.emitError() << "input '" << name << "' has type " << declared
                              << "; shape " << dims << " does not match it";
    argTypes[index] = type;
    func.getArgument(index).setType(type);
  }
  func.setType(
      FunctionType::get(func.getContext(), argTypes, func.getResultTypes()));
  inferShapes(func, /*updateSignature=*/true);
  return success();
}

namespace {
struct RTSetInputShapesPass
    : public mlir::rt::impl::RTSetInputShapesPassBase<RTSetInputShapesPass> {
  using Base::Base;
  void runOnOperation() override {
    auto func = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
        getOperation(), StringAttr::get(&getContext(), function));
    if (!func) {
      getOperation().emitError() << "no function '" << function << "'";
      return signalPassFailure();
    }
    if (failed(setInputShapes(func, shapes)))
      return signalPassFailure();
  }
};
} // namespace
