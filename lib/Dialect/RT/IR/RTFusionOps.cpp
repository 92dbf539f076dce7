//===- RTFusionOps.cpp - fusion groups and fused operators
//-----------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#include "rt/Dialect/RT/IR/RTOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::rt;

//===----------------------------------------------------------------------===//
// FusionGroupOp
//===----------------------------------------------------------------------===//

void FusionGroupOp::build(OpBuilder &builder, OperationState &state,
                          TypeRange resultTypes, ValueRange inputs,
                          StringRef name, StringRef kind) {
  state.addOperands(inputs);
  state.addTypes(resultTypes);
  state.addAttribute(getNameAttrName(state.name), builder.getStringAttr(name));
  state.addAttribute(getKindAttrName(state.name), builder.getStringAttr(kind));
  Region *body = state.addRegion();
  Block *block = new Block();
  body->push_back(block);
  for (Value v : inputs)
    block->addArgument(v.getType(), v.getLoc());
}

ArrayRef<StringLiteral> FusionGroupOp::getKinds() {
  static const StringLiteral kinds[] = {"gemm",      "conv",        "attention",
                                        "reduction", "elementwise", "copy"};
  return kinds;
}

LogicalResult FusionGroupOp::verify() {
  if (!llvm::is_contained(getKinds(), getKind()))
    return emitOpError("unknown kind '") << getKind() << "'";
  Block &block = getBodyBlock();
  if (block.getNumArguments() != getInputs().size())
    return emitOpError("body has ")
           << block.getNumArguments() << " arguments for " << getInputs().size()
           << " inputs";
  for (auto [i, arg, in] : llvm::enumerate(block.getArguments(), getInputs()))
    if (arg.getType() != in.getType())
      return emitOpError("body argument ")
             << i << " has type " << arg.getType() << " but input " << i
             << " is " << in.getType();
  auto yield = dyn_cast<YieldOp>(block.getTerminator());
  if (!yield)
    return emitOpError("body must end with rt.yield");
  if (yield.getValues().getTypes() != getResultTypes())
    return emitOpError("yields ")
           << yield.getValues().getTypes() << " but the group returns "
           << getResultTypes();
  return success();
}

/// Ops that do not set a kernel's structure: elementwise math, broadcasts,
/// views and constants.
static bool isEpilogueLike(Operation *op) {
  if (op->hasTrait<::mlir::OpTrait::IsTerminator>() || isa<ConstantOp>(op))
    return true;
  if (isa<ReshapeOp, FlattenOp, SqueezeOp, UnsqueezeOp, TransposeOp, ExpandOp,
          IdentityOp, CastOp, WhereOp, ClipOp, BatchNormalizationOp>(op))
    return true;
  // Elementwise: all tensor operands and the result have the same rank or
  // broadcast, no regions, one result; rt marks them by dialect category.
  return op->getNumResults() == 1 && op->getNumRegions() == 0 &&
         op->hasTrait<rt::OpTrait::Elementwise>();
}

Operation *FusionGroupOp::getRoot() {
  for (Operation &op : getBodyBlock())
    if (!isEpilogueLike(&op))
      return &op;
  return nullptr;
}

//===----------------------------------------------------------------------===//
// AttentionOp
//===----------------------------------------------------------------------===//

LogicalResult AttentionOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  auto q = dyn_cast<RankedTensorType>(adaptor.getQuery().getType());
  auto k = dyn_cast<RankedTensorType>(adaptor.getKey().getType());
  auto v = dyn_cast<RankedTensorType>(adaptor.getValue().getType());
  Type elt = getElementTypeOrSelf(adaptor.getQuery().getType());
  if (getElementTypeOrSelf(adaptor.getKey().getType()) != elt ||
      getElementTypeOrSelf(adaptor.getValue().getType()) != elt)
    return emitOptionalError(loc, "query, key and value must have the same "
                                  "element type");
  if (!q || !k || !v) {
    types.push_back(UnrankedTensorType::get(elt));
    return success();
  }
  if (q.getRank() < 2 || k.getRank() != q.getRank() ||
      v.getRank() != q.getRank())
    return emitOptionalError(loc, "query, key and value must have the same "
                                  "rank (at least 2)");
  int64_t d = q.getDimSize(q.getRank() - 1), dk = k.getDimSize(k.getRank() - 1);
  int64_t sk = k.getDimSize(k.getRank() - 2),
          sv = v.getDimSize(v.getRank() - 2);
  if (!ShapedType::isDynamic(d) && !ShapedType::isDynamic(dk) && d != dk)
    return emitOptionalError(loc, "query and key head sizes differ: ", d,
                             " vs ", dk);
  if (!ShapedType::isDynamic(sk) && !ShapedType::isDynamic(sv) && sk != sv)
    return emitOptionalError(loc, "key and value lengths differ: ", sk, " vs ",
                             sv);
  SmallVector<int64_t> shape(q.getShape());
  shape.back() = v.getDimSize(v.getRank() - 1);
  types.push_back(RankedTensorType::get(shape, elt));
  return success();
}
