//===- ONNXImporter.cpp - ONNX to rt dialect ------------------------------===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// The importer walks the ONNX graph in order (ONNX requires topologically
// sorted nodes) and creates one rt op per node, or a few for nodes of older
// opsets whose semantics the newest rt op does not cover directly. Result
// types come from each op's type inference; operands produced by constants
// are folded on the fly so that shape computations become constants and the
// shapes after them static.
//
// Every failure is reported as
//   <model>:0:0: error: node '<name>' (<OpType>, opset <N>): <reason>
// and stops the import: no partial module is returned.
//
//===----------------------------------------------------------------------===//

#include "rt/Target/ONNX/ONNXImporter.h"
#include "ImporterImpl.h"
#include "rt/Dialect/RT/IR/RTOps.h"
#include "rt/Target/ONNX/ExternalData.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

#include "onnx/onnx_pb.h"
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/unknown_field_set.h>

#include <deque>
#include <map>

#include <functional>
#include <limits>

using namespace mlir;
using namespace mlir::rt;

using namespace mlir::rt::onnximport;

ONNXImporter::ONNXImporter(MLIRContext *ctx, StringRef modelPath,
                           const ONNXImportOptions &options)
    : ctx(ctx), builder(ctx), modelPath(modelPath.str()), options(options),
      fileLoc(FileLineColLoc::get(ctx, modelPath, 0, 0)) {
  modelDir = llvm::sys::path::parent_path(modelPath).str();
  if (modelDir.empty())
    modelDir = ".";
  registerHandlers();
}

//===----------------------------------------------------------------------===//
// Types and tensors
//===----------------------------------------------------------------------===//

Type ONNXImporter::convertElementType(int32_t dtype) {
  using TP = onnx::TensorProto;
  switch (dtype) {
  case TP::FLOAT:
    return builder.getF32Type();
  case TP::DOUBLE:
    return builder.getF64Type();
  case TP::FLOAT16:
    return builder.getF16Type();
  case TP::BFLOAT16:
    return builder.getBF16Type();
  case TP::INT8:
    return builder.getIntegerType(8);
  case TP::INT16:
    return builder.getIntegerType(16);
  case TP::INT32:
    return builder.getIntegerType(32);
  case TP::INT64:
    return builder.getIntegerType(64);
  case TP::UINT8:
    return builder.getIntegerType(8, /*isSigned=*/false);
  case TP::UINT16:
    return builder.getIntegerType(16, false);
  case TP::UINT32:
    return builder.getIntegerType(32, false);
  case TP::UINT64:
    return builder.getIntegerType(64, false);
  case TP::BOOL:
    return builder.getI1Type();
  case TP::COMPLEX64:
    return ComplexType::get(builder.getF32Type());
  case TP::COMPLEX128:
    return ComplexType::get(builder.getF64Type());
  // 8-bit floats (ONNX 1.14+), by number: Debian's onnx.proto predates them.
  case kFloat8E4M3FN:
    return Float8E4M3FNType::get(ctx);
  case kFloat8E4M3FNUZ:
    return Float8E4M3FNUZType::get(ctx);
  case kFloat8E5M2:
    return Float8E5M2Type::get(ctx);
  case kFloat8E5M2FNUZ:
    return Float8E5M2FNUZType::get(ctx);
  default:
    return {};
  }
}

std::string mlir::rt::onnximport::dataTypeName(int32_t dtype) {
  if (onnx::TensorProto_DataType_IsValid(dtype))
    return onnx::TensorProto_DataType_Name(
        static_cast<onnx::TensorProto_DataType>(dtype));
  return "data type " + std::to_string(dtype);
}

FailureOr<Type>
ONNXImporter::convertType(const onnx::TypeProto &type, StringRef what,
                          SmallVectorImpl<std::string> *dimNames) {
  if (!type.has_tensor_type()) {
    const char *kind = type.has_sequence_type()        ? "sequence"
                       : type.has_map_type()           ? "map"
                       : type.has_optional_type()      ? "optional"
                       : type.has_sparse_tensor_type() ? "sparse tensor"
                                                       : "unknown";
    modelError() << what << " has " << kind
                 << " type; only tensors are supported, " << kind
                 << " types are not supported";
    return failure();
  }
  const onnx::TypeProto::Tensor &t = type.tensor_type();
  Type elt = convertElementType(t.elem_type());
  if (!elt) {
    modelError() << what << " has unsupported element type "
                 << dataTypeName(t.elem_type());
    return failure();
  }
  if (!t.has_shape())
    return Type(UnrankedTensorType::get(elt));
  SmallVector<int64_t> shape;
  for (const onnx::TensorShapeProto::Dimension &d : t.shape().dim()) {
    if (d.has_dim_value()) {
      if (d.dim_value() < 0) {
        modelError() << what << " has negative dimension " << d.dim_value();
        return failure();
      }
      shape.push_back(d.dim_value());
    } else {
      shape.push_back(ShapedType::kDynamic);
    }
    if (dimNames)
      dimNames->push_back(d.has_dim_param() ? d.dim_param() : "");
    if ((int64_t)shape.size() > kMaxRank) {
      modelError() << what << " has rank " << t.shape().dim_size()
                   << ", above the limit of " << kMaxRank;
      return failure();
    }
  }
  Type result = RankedTensorType::get(shape, elt);
  if (std::string why = checkSize(result); !why.empty()) {
    modelError() << what << ": " << why;
    return failure();
  }
  return result;
}

std::string ONNXImporter::checkSize(Type type) {
  if (std::string why = checkTensorType(type); !why.empty())
    return why;
  auto t = dyn_cast<RankedTensorType>(type);
  if (!t)
    return {};
  // Unknown dimensions count as 1: a lower bound.
  SmallVector<int64_t> known;
  for (int64_t d : t.getShape())
    known.push_back(ShapedType::isDynamic(d) ? 1 : d);
  std::optional<int64_t> bytes =
      getTensorBytes(RankedTensorType::get(known, t.getElementType()));
  if (!bytes || *bytes <= options.maxTensorBytes)
    return {};
  std::string msg;
  llvm::raw_string_ostream os(msg);
  os << type << " takes " << *bytes << " bytes, above the limit of "
     << options.maxTensorBytes << " (--max-tensor-bytes)";
  return msg;
}

/// Bytes per element in rt's raw storage of `elt` (i1: one byte), or 0 if
/// the type has no byte-addressable raw form.
static int64_t storageBytes(Type elt) {
  if (auto c = dyn_cast<ComplexType>(elt))
    return 2 * storageBytes(c.getElementType());
  unsigned bits = elt.getIntOrFloatBitWidth();
  if (bits == 1)
    return 1;
  if (bits % 8)
    return 0;
  return bits / 8;
}

FailureOr<ElementsAttr>
ONNXImporter::convertTensor(const onnx::TensorProto &tensor, bool allowResource,
                            llvm::function_ref<InFlightDiagnostic()> error) {
  using TP = onnx::TensorProto;
  if (tensor.data_type() == TP::STRING) {
    error() << "string tensors are not supported";
    return failure();
  }
  Type elt = convertElementType(tensor.data_type());
  if (!elt) {
    error() << "unsupported tensor element type "
            << dataTypeName(tensor.data_type());
    return failure();
  }
  SmallVector<int64_t> shape;
  if (tensor.dims_size() > kMaxRank) {
    error() << "tensor has rank " << tensor.dims_size()
            << ", above the limit of " << kMaxRank;
    return failure();
  }
  for (int64_t d : tensor.dims()) {
    if (d < 0) {
      error() << "tensor has negative dimension " << d;
      return failure();
    }
    shape.push_back(d);
  }
  auto type = RankedTensorType::get(shape, elt);
  if (std::string why = checkSize(type); !why.empty()) {
    error() << why;
    return failure();
  }
  int64_t numel = type.getNumElements();
  int64_t eltBytes = storageBytes(elt);
  if (eltBytes == 0) {
    error() << "tensor element type " << elt << " is not supported";
    return failure();
  }
  int64_t expectedBytes = numel * eltBytes;

  // Gather the bytes: external file, raw_data, or typed fields.
  std::unique_ptr<llvm::MemoryBuffer> external;
  std::string typed;
  StringRef bytes;
  if (tensor.data_location() == TP::EXTERNAL) {
    std::string location;
    uint64_t offset = 0;
    std::optional<uint64_t> length;
    for (const onnx::StringStringEntryProto &kv : tensor.external_data()) {
      auto parseU64 = [&](StringRef s, uint64_t &v) {
        return !s.getAsInteger(10, v);
      };
      if (kv.key() == "location") {
        location = kv.value();
      } else if (kv.key() == "offset") {
        if (!parseU64(kv.value(), offset)) {
          error() << "external data offset '" << kv.value()
                  << "' is not a number";
          return failure();
        }
      } else if (kv.key() == "length") {
        uint64_t l;
        if (!parseU64(kv.value(), l)) {
          error() << "external data length '" << kv.value()
                  << "' is not a number";
          return failure();
        }
        length = l;
      }
    }
    if (!length)
      length = expectedBytes;
    llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> buf =
        readExternalData(modelDir, location, offset, length);
    if (!buf) {
      error() << llvm::toString(buf.takeError());
      return failure();
    }
    external = std::move(*buf);
    bytes = external->getBuffer();
  } else if (tensor.has_raw_data()) {
    bytes = tensor.raw_data();
  } else {
    // Typed fields, converted to little-endian storage.
    auto put = [&](auto v) {
      char buf[sizeof(v)];
      llvm::support::endian::write(buf, v, llvm::endianness::little);
      typed.append(buf, sizeof(v));
    };
    switch (tensor.data_type()) {
    case TP::FLOAT:
    case TP::COMPLEX64:
      for (float v : tensor.float_data())
        put(v);
      break;
    case TP::DOUBLE:
    case TP::COMPLEX128:
      for (double v : tensor.double_data())
        put(v);
      break;
    case TP::INT64:
      for (int64_t v : tensor.int64_data())
        put(v);
      break;
    case TP::UINT32:
      for (uint64_t v : tensor.uint64_data())
        put((uint32_t)v);
      break;
    case TP::UINT64:
      for (uint64_t v : tensor.uint64_data())
        put(v);
      break;
    case TP::INT32:
      for (int32_t v : tensor.int32_data())
        put(v);
      break;
    case TP::INT16:
    case TP::UINT16:
    case TP::FLOAT16:
    case TP::BFLOAT16:
      for (int32_t v : tensor.int32_data())
        put((uint16_t)v);
      break;
    case TP::INT8:
    case TP::UINT8:
    case TP::BOOL:
    case kFloat8E4M3FN:
    case kFloat8E4M3FNUZ:
    case kFloat8E5M2:
    case kFloat8E5M2FNUZ:
      for (int32_t v : tensor.int32_data())
        put((uint8_t)v);
      break;
    default:
      error() << "unsupported tensor element type "
              << dataTypeName(tensor.data_type());
      return failure();
    }
    bytes = typed;
  }
  if ((int64_t)bytes.size() != expectedBytes) {
    error() << "tensor of type " << type << " needs " << expectedBytes
            << " bytes of data but has " << bytes.size();
    return failure();
  }

  // Small tensors (and booleans, which MLIR's dense literals bit-pack) are
  // dense literals that folders can read; large ones are resource blobs.
  // Integer tensors (shapes, indices) inline up to a larger size so that
  // shape computations fold.
  bool isBool = elt.isInteger(1);
  int64_t limit = options.inlineConstantLimit;
  if (isa<IntegerType>(elt))
    limit = std::max<int64_t>(limit, options.inlineIntegerLimit);
  if (!allowResource || numel <= limit || (isBool && numel <= (1 << 16))) {
    if (isBool) {
      SmallVector<bool> vals;
      for (char c : bytes)
        vals.push_back(c != 0);
      return ElementsAttr(DenseElementsAttr::get(type, vals));
    }
    bool detectedSplat = false;
    if (!DenseElementsAttr::isValidRawBuffer(
            type, ArrayRef<char>(bytes.data(), bytes.size()), detectedSplat)) {
      error() << "invalid raw data for " << type;
      return failure();
    }
    return ElementsAttr(DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(bytes.data(), bytes.size())));
  }
  std::string key = "w" + std::to_string(resourceCounter++);
  if (!tensor.name().empty()) {
    key.clear();
    for (char c : tensor.name())
      key.push_back(llvm::isAlnum(c) || c == '_' || c == '.' ? c : '_');
  }
  // External data is mapped from its file: the blob takes the mapping over
  // instead of copying it (a 4 GiB external tensor costs no second 4 GiB),
  // when the data is aligned as blobs require.
  if (external && reinterpret_cast<uintptr_t>(bytes.data()) %
                          alignof(uint64_t) ==
                      0) {
    AsmResourceBlob blob(
        ArrayRef<char>(bytes.data(), bytes.size()), alignof(uint64_t),
        [owner = std::move(external)](void *, size_t, size_t) {},
        /*dataIsMutable=*/false);
    return ElementsAttr(
        DenseResourceElementsAttr::get(type, key, std::move(blob)));
  }
  AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
      ArrayRef<char>(bytes.data(), bytes.size()), alignof(uint64_t));
  return ElementsAttr(
      DenseResourceElementsAttr::get(type, key, std::move(blob)));
}

//===----------------------------------------------------------------------===//
// Op construction
//===----------------------------------------------------------------------===//

/// Collects diagnostics emitted while it is alive into one string.
namespace {
struct DiagnosticCollector {
  DiagnosticCollector(MLIRContext *ctx)
      : handler(ctx, [this](Diagnostic &d) {
          if (d.getSeverity() == DiagnosticSeverity::Error) {
            if (!message.empty())
              message += "; ";
            message += d.str();
          }
          return success();
        }) {}
  std::string message;
  ScopedDiagnosticHandler handler;
};
} // namespace

/// The operand count `op`'s ODS definition fixes, as "N" or "at least N",
/// or empty when `count` operands are fine. Checked before type inference,
/// which reads operands by position.
static std::string operandCountProblem(Operation *op, unsigned count) {
  std::optional<RegisteredOperationName> info = op->getRegisteredInfo();
  if (!info)
    return "an unregistered operation";
  if (info->hasTrait<mlir::OpTrait::ZeroOperands>())
    return count == 0 ? "" : "no operands";
  if (info->hasTrait<mlir::OpTrait::OneOperand>())
    return count == 1 ? "" : "1 operand";
  std::string problem;
  auto atLeast = [&](auto n) {
    constexpr unsigned N = decltype(n)::value;
    if (info->hasTrait<mlir::OpTrait::AtLeastNOperands<N>::template Impl>() &&
        count < N)
      problem = "at least " + std::to_string(N) + " operands";
  };
  auto exact = [&](auto n) {
    constexpr unsigned N = decltype(n)::value;
    if (info->hasTrait<mlir::OpTrait::NOperands<N>::template Impl>() &&
        count != N)
      problem = std::to_string(N) + " operands";
    atLeast(n);
  };
  atLeast(std::integral_constant<unsigned, 1>());
  exact(std::integral_constant<unsigned, 2>());
  exact(std::integral_constant<unsigned, 3>());
  exact(std::integral_constant<unsigned, 4>());
  exact(std::integral_constant<unsigned, 5>());
  exact(std::integral_constant<unsigned, 6>());
  exact(std::integral_constant<unsigned, 7>());
  exact(std::integral_constant<unsigned, 8>());
  return problem;
}

FailureOr<SmallVector<Value>>
ONNXImporter::createOp(NodeCtx &n, StringRef opName, ValueRange operands,
                       ArrayRef<NamedAttribute> attrs, unsigned numResults,
                       ArrayRef<int32_t> segments) {
  // checkArity guarantees the node's required inputs; an operand missing
  // here is a decomposition given an input the node did not have.
  for (auto [i, v] : llvm::enumerate(operands)) {
    if (!v) {
      nodeError(n) << "operand " << i << " of " << opName
                   << " is missing (an omitted input this operator needs)";
      return failure();
    }
  }
  OperationState state(n.loc, opName);
  state.addOperands(operands);
  state.addAttributes(attrs);
  if (!segments.empty())
    state.addAttribute("operandSegmentSizes",
                       builder.getDenseI32ArrayAttr(segments));
  state.addTypes(SmallVector<Type>(
      numResults, UnrankedTensorType::get(builder.getF32Type())));
  Operation *op = builder.create(state);

  std::string failureMsg;
  if (std::string need = operandCountProblem(op, operands.size());
      !need.empty())
    failureMsg = opName.str() + " needs " + need + ", the node gives " +
                 std::to_string(operands.size());
  // Inherent attributes live in typed properties; an attribute of the wrong
  // kind is dropped by the conversion, so check that each one arrived.
  for (NamedAttribute a : attrs) {
    if (!failureMsg.empty())
      break;
    if (op->getAttr(a.getName()) != a.getValue()) {
      llvm::raw_string_ostream os(failureMsg);
      os << "attribute '" << a.getName().getValue() << "' = " << a.getValue()
         << " has the wrong type for this operator";
      break;
    }
  }
  if (failureMsg.empty()) {
    DiagnosticCollector diags(ctx);
    SmallVector<Type> types;
    auto infer = dyn_cast<InferTypeOpInterface>(op);
    if (!infer) {
      failureMsg = "internal error: " + opName.str() + " has no type inference";
    } else if (failed(infer.inferReturnTypes(
                   ctx, op->getLoc(), op->getOperands(),
                   op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
                   op->getRegions(), types))) {
      failureMsg = diags.message.empty() ? "invalid operands or attributes"
                                         : diags.message;
    } else if (types.size() != numResults) {
      failureMsg = "expected " + std::to_string(types.size()) +
                   " results, the node has " + std::to_string(numResults);
    } else {
      for (auto [r, t] : llvm::zip(op->getResults(), types))
        r.setType(t);
      if (failed(verify(op)))
        failureMsg = diags.message.empty() ? "invalid op" : diags.message;
      for (auto [i, t] : llvm::enumerate(types)) {
        if (!failureMsg.empty())
          break;
        if (std::string why = checkSize(t); !why.empty())
          failureMsg = "result " + std::to_string(i) + ": " + why;
      }
    }
  }
  if (!failureMsg.empty()) {
    op->erase();
    nodeError(n) << failureMsg;
    return failure();
  }

  // Fold what can be folded now: constant operands (shape computations),
  // shape queries of static tensors, identities.
  SmallVector<Value> results(op->getResults());
  if (!options.foldConstants)
    return results;
  SmallVector<OpFoldResult> folded;
  if (failed(op->fold(folded)) || folded.size() != op->getNumResults())
    return results;
  SmallVector<Value> replacements;
  for (auto [r, f] : llvm::zip(op->getResults(), folded)) {
    if (auto v = dyn_cast<Value>(f)) {
      if (v.getType() != r.getType())
        return results;
      replacements.push_back(v);
      continue;
    }
    auto attr = dyn_cast<ElementsAttr>(cast<Attribute>(f));
    if (!attr || attr.getType() != r.getType()) {
      // Do not leave half-built constants behind.
      for (Value v : replacements)
        if (auto c = v.getDefiningOp<ConstantOp>(); c && c->use_empty())
          c->erase();
      return results;
    }
    replacements.push_back(ConstantOp::create(builder, n.loc, attr));
  }
  op->replaceAllUsesWith(replacements);
  op->erase();
  return replacements;
}

FailureOr<Attribute> ONNXImporter::convertAttr(NodeCtx &n,
                                               const onnx::AttributeProto &a) {
  using AP = onnx::AttributeProto;
  switch (a.type()) {
  case AP::FLOAT:
    return Attribute(builder.getF32FloatAttr(a.f()));
  case AP::INT:
    return Attribute(builder.getI64IntegerAttr(a.i()));
  case AP::STRING:
    return Attribute(builder.getStringAttr(a.s()));
  case AP::INTS:
    return Attribute(builder.getDenseI64ArrayAttr(
        SmallVector<int64_t>(a.ints().begin(), a.ints().end())));
  case AP::FLOATS:
    return Attribute(builder.getDenseF32ArrayAttr(
        SmallVector<float>(a.floats().begin(), a.floats().end())));
  case AP::TENSOR: {
    FailureOr<ElementsAttr> t =
        convertTensor(a.t(), /*allowResource=*/false, [&] {
          return nodeError(n) << "attribute '" << a.name() << "': ";
        });
    if (failed(t))
      return failure();
    return Attribute(*t);
  }
  default:
    nodeError(n) << "attribute '" << a.name() << "' has unsupported type "
                 << AP::AttributeType_Name(a.type());
    return failure();
  }
}

FailureOr<SmallVector<NamedAttribute>>
ONNXImporter::convertAttrs(NodeCtx &n, StringRef opName) {
  std::optional<RegisteredOperationName> info =
      RegisteredOperationName::lookup(opName, ctx);
  SmallVector<NamedAttribute> result;
  for (const onnx::AttributeProto &a : n.node->attribute()) {
    (void)a;
  }
  // Iterate over the node's (resolved) attributes in name order for
  // deterministic output.
  SmallVector<StringRef> names;
  for (auto &it : n.attrs)
    names.push_back(it.first());
  llvm::sort(names);
  for (StringRef name : names) {
    if (n.consumed.contains(name))
      continue;
    bool known =
        info && llvm::any_of(info->getAttributeNames(), [&](StringAttr s) {
          return s.getValue() == name;
        });
    if (!known) {
      nodeError(n) << "unsupported attribute '" << name << "'";
      return failure();
    }
    FailureOr<Attribute> attr = convertAttr(n, *n.attrs[name]);
    if (failed(attr))
      return failure();
    result.push_back(builder.getNamedAttr(name, *attr));
  }
  return result;
}

LogicalResult ONNXImporter::buildGeneric(NodeCtx &n, StringRef opName,
                                         unsigned numResults) {
  // Trailing omitted inputs are dropped; omitted inputs in the middle need
  // per-op handling (operand segments) and are rejected here.
  SmallVector<Value> operands(n.inputs);
  while (!operands.empty() && !operands.back())
    operands.pop_back();
  if (llvm::any_of(operands, [](Value v) { return !v; })) {
    nodeError(n) << "omitted optional inputs before the last input are not "
                    "supported";
    return failure();
  }
  FailureOr<SmallVector<NamedAttribute>> attrs = convertAttrs(n, opName);
  if (failed(attrs))
    return failure();
  if (failed(checkUnusedOutputs(n, numResults, "this output is not supported")))
    return failure();
  FailureOr<SmallVector<Value>> op =
      createOp(n, opName, operands, *attrs, numResults);
  if (failed(op))
    return failure();
  for (unsigned i = 0; i < numResults && i < n.results.size(); ++i)
    n.results[i] = (*op)[i];
  return success();
}

Value ONNXImporter::constI64(Location loc, ArrayRef<int64_t> values,
                             bool scalar) {
  SmallVector<int64_t> shape;
  if (!scalar)
    shape.push_back(values.size());
  auto type = RankedTensorType::get(shape, builder.getI64Type());
  return ConstantOp::create(builder, loc,
                            DenseIntElementsAttr::get(type, values));
}

Value ONNXImporter::constScalar(Location loc, Type elt, double value) {
  auto type = RankedTensorType::get({}, elt);
  Attribute a;
  if (isa<FloatType>(elt)) {
    a = DenseElementsAttr::get(type, FloatAttr::get(elt, value));
  } else if (auto complex = dyn_cast<ComplexType>(elt)) {
    // value + 0i (an integer or float attribute of a complex type crashed:
    // found by onnx-import-fuzzer).
    auto part = cast<FloatType>(complex.getElementType());
    bool lossy = false;
    APFloat re(value), im(0.0);
    re.convert(part.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lossy);
    im.convert(part.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lossy);
    a = DenseElementsAttr::get(type, ArrayRef<std::complex<APFloat>>{{re, im}});
  } else {
    a = DenseElementsAttr::get(type, IntegerAttr::get(elt, (int64_t)value));
  }
  return ConstantOp::create(builder, loc, cast<ElementsAttr>(a));
}

LogicalResult ONNXImporter::requireConstInts(NodeCtx &n, Value v,
                                             StringRef what,
                                             SmallVectorImpl<int64_t> &out) {
  if (getConstantIntValues(v, out))
    return success();
  nodeError(n) << "input '" << what
               << "' must be a constant (computed values are not supported)";
  return failure();
}

std::optional<int64_t> ONNXImporter::attrInt(NodeCtx &n, StringRef name) {
  n.consumed.insert(name);
  if (const onnx::AttributeProto *a = n.attr(name))
    return a->i();
  return std::nullopt;
}
std::optional<float> ONNXImporter::attrFloat(NodeCtx &n, StringRef name) {
  n.consumed.insert(name);
  if (const onnx::AttributeProto *a = n.attr(name))
    return a->f();
  return std::nullopt;
}
std::optional<SmallVector<int64_t>> ONNXImporter::attrInts(NodeCtx &n,
                                                           StringRef name) {
  n.consumed.insert(name);
  if (const onnx::AttributeProto *a = n.attr(name))
    return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
  return std::nullopt;
}
std::optional<std::string> ONNXImporter::attrString(NodeCtx &n,
                                                    StringRef name) {
  n.consumed.insert(name);
  if (const onnx::AttributeProto *a = n.attr(name))
    return a->s();
  return std::nullopt;
}

namespace {
/// One operator schema version's input and output counts (OpArity.inc).
struct OpArity {
  const char *name;
  int64_t since;
  const char *inputs; ///< S required, O optional, V variadic (last)
  int64_t variadicMin;
  int64_t minOutputs, maxOutputs;
  /// "name=type;..." (AttributeProto types; "!" after a required one)
  const char *attributes;
  /// "name|param|mask;..." per formal input: the element types it takes
  /// (hex bit mask over TensorProto data types; 0: not checked) and its
  /// type parameter (inputs with the same one take the same type).
  const char *inputTypes;
};
constexpr OpArity kOpArity[] = {
#define RT_ONNX_ARITY(name, since, inputs, vmin, omin, omax, attrs, types)     \
  {name, since, inputs, vmin, omin, omax, attrs, types},
#include "OpArity.inc"
#undef RT_ONNX_ARITY
};
} // namespace

/// The schema of `op` in effect at `opset`: the newest version not newer
/// than it, or null for operators ONNX does not define there.
static const OpArity *lookupArity(StringRef op, int64_t opset) {
  // OpArity.inc is sorted by name, then version: binary search, since this
  // runs for every node.
  const OpArity *first = std::lower_bound(
      std::begin(kOpArity), std::end(kOpArity), op,
      [](const OpArity &a, StringRef name) { return StringRef(a.name) < name; });
  const OpArity *best = nullptr;
  for (const OpArity *a = first; a != std::end(kOpArity) && op == a->name; ++a)
    if (a->since <= opset)
      best = a;
  return best;
}

/// The TensorProto data type of an imported element type (the inverse of
/// convertElementType), or 0 (UNDEFINED) for a type with none.
static int32_t onnxDataType(Type t) {
  using TP = onnx::TensorProto;
  if (t.isF32())
    return TP::FLOAT;
  if (t.isF64())
    return TP::DOUBLE;
  if (t.isF16())
    return TP::FLOAT16;
  if (t.isBF16())
    return TP::BFLOAT16;
  if (isa<Float8E4M3FNType>(t))
    return kFloat8E4M3FN;
  if (isa<Float8E4M3FNUZType>(t))
    return kFloat8E4M3FNUZ;
  if (isa<Float8E5M2Type>(t))
    return kFloat8E5M2;
  if (isa<Float8E5M2FNUZType>(t))
    return kFloat8E5M2FNUZ;
  if (auto c = dyn_cast<ComplexType>(t))
    return c.getElementType().isF32()   ? TP::COMPLEX64
           : c.getElementType().isF64() ? TP::COMPLEX128
                                        : 0;
  auto i = dyn_cast<IntegerType>(t);
  if (!i)
    return 0;
  if (i.getWidth() == 1)
    return TP::BOOL;
  bool u = i.isUnsigned();
  switch (i.getWidth()) {
  case 8:
    return u ? TP::UINT8 : TP::INT8;
  case 16:
    return u ? TP::UINT16 : TP::INT16;
  case 32:
    return u ? TP::UINT32 : TP::INT32;
  case 64:
    return u ? TP::UINT64 : TP::INT64;
  default:
    return 0;
  }
}

/// "int32 or int64": the data types of `mask`, for messages.
/// "float", "int64": the lower-case ONNX name of element type `t`, for
/// messages.
static std::string elementTypeName(Type t) {
  int32_t dtype = onnxDataType(t);
  return dtype ? StringRef(onnximport::dataTypeName(dtype)).lower()
               : std::string("an unsupported type");
}

static std::string describeTypeMask(uint64_t mask) {
  SmallVector<std::string> names;
  for (int32_t d = 1; d < 64; ++d)
    if (mask & (uint64_t(1) << d))
      names.push_back(StringRef(onnximport::dataTypeName(d)).lower());
  std::string out;
  for (auto [i, name] : llvm::enumerate(names))
    out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + name;
  return out;
}

LogicalResult ONNXImporter::checkInputTypes(NodeCtx &n, StringRef inputTypes) {
  struct Formal {
    StringRef name, param;
    uint64_t mask = 0;
  };
  SmallVector<Formal> formals;
  SmallVector<StringRef> specs;
  inputTypes.split(specs, ';', -1, false);
  for (StringRef spec : specs) {
    Formal f;
    StringRef mask;
    std::tie(f.name, spec) = spec.split('|');
    std::tie(f.param, mask) = spec.split('|');
    if (mask.getAsInteger(16, f.mask))
      f.mask = 0;
    formals.push_back(f);
  }
  if (formals.empty())
    return success();
  // The first input seen of each type parameter, to compare the others to.
  llvm::StringMap<std::pair<int64_t, Type>> firstOfParam;
  for (auto [i, v] : llvm::enumerate(n.inputs)) {
    if (!v)
      continue; // Omitted, or a sequence (Sequences.cpp checks those).
    const Formal &f = formals[std::min<size_t>(i, formals.size() - 1)];
    auto shaped = dyn_cast<ShapedType>(v.getType());
    if (!shaped)
      continue;
    Type elt = shaped.getElementType();
    int32_t dtype = onnxDataType(elt);
    if (f.mask && dtype && !(f.mask & (uint64_t(1) << dtype))) {
      nodeError(n) << "input " << i << " ('" << f.name << "') has element type "
                   << elementTypeName(elt) << ", the operator takes "
                   << describeTypeMask(f.mask);
      return failure();
    }
    if (f.param.empty())
      continue;
    auto [it, inserted] = firstOfParam.try_emplace(f.param, i, elt);
    if (!inserted && it->second.second != elt) {
      nodeError(n) << "inputs " << it->second.first << " and " << i
                   << " must have the same element type (type parameter "
                   << f.param << "), but they are "
                   << elementTypeName(it->second.second) << " and "
                   << elementTypeName(elt);
      return failure();
    }
  }
  return success();
}

LogicalResult ONNXImporter::checkArity(NodeCtx &n) {
  const OpArity *a = lookupArity(n.opType(), n.opset);
  if (!a)
    return success(); // Not an ONNX operator at this opset: the handler says.
  const onnx::NodeProto &node = *n.node;
  StringRef kinds(a->inputs);
  bool variadic = kinds.ends_with("V");
  int64_t formal = kinds.size();
  int64_t given = node.input_size();
  auto plural = [](int64_t k, StringRef what) {
    return std::to_string(k) + " " + what.str() + (k == 1 ? "" : "s");
  };
  if (!variadic && given > formal) {
    nodeError(n) << "has " << plural(given, "input") << ", the operator takes "
                 << (formal == 1 ? "one" : "at most " + plural(formal, "input"));
    return failure();
  }
  int64_t required = kinds.count('S') + (variadic ? a->variadicMin : 0);
  for (int64_t i = 0; i < std::max<int64_t>(formal, given); ++i) {
    char kind = i < formal ? kinds[i] : 'V';
    bool needed = kind == 'S' ||
                  (kind == 'V' && i - (formal - 1) < a->variadicMin);
    if (!needed)
      continue;
    if (i >= given) {
      nodeError(n) << "has " << plural(given, "input") << ", the operator needs "
                   << (variadic ? "at least " : "") << plural(required, "input");
      return failure();
    }
    if (node.input(i).empty()) {
      nodeError(n) << "input " << i
                   << " is required but omitted (its name is empty)";
      return failure();
    }
  }
  int64_t outputs = node.output_size();
  if (outputs > a->maxOutputs) {
    nodeError(n) << "has " << plural(outputs, "output")
                 << ", the operator produces at most "
                 << plural(a->maxOutputs, "output");
    return failure();
  }
  if (outputs < 1) {
    nodeError(n) << "has no outputs";
    return failure();
  }
  // Attributes of the wrong type: handlers read fields by type (an INT
  // read from a FLOAT attribute is 0), so refuse them here. UNDEFINED is
  // accepted: old exporters left the type out.
  using AP = onnx::AttributeProto;
  SmallVector<StringRef> specs;
  StringRef(a->attributes).split(specs, ';', -1, false);
  for (StringRef spec : specs) {
    auto [name, typeStr] = spec.split('=');
    const AP *attr = n.attr(name);
    if (typeStr.consume_back("!") && !attr) {
      nodeError(n) << "missing required attribute '" << name << "'";
      return failure();
    }
    int want = 0;
    if (!attr || typeStr.getAsInteger(10, want) ||
        attr->type() == AP::UNDEFINED || attr->type() == want)
      continue;
    nodeError(n) << "attribute '" << name << "' has type "
                 << AP::AttributeType_Name(attr->type())
                 << ", the operator expects "
                 << (AP::AttributeType_IsValid(want)
                         ? AP::AttributeType_Name(AP::AttributeType(want))
                         : std::to_string(want));
    return failure();
  }
  // Tile-1 is read as exporters wrote it: integer 'tiles' and 'axis',
  // which its schema types as floats (LegacyOpsets.cpp).
  if (n.opType() == "Tile" && a->since < 6)
    return success();
  return checkInputTypes(n, a->inputTypes);
}

LogicalResult ONNXImporter::checkUnusedOutputs(NodeCtx &n, unsigned produced,
                                               StringRef why) {
  for (int i = produced; i < n.node->output_size(); ++i) {
    const std::string &name = n.node->output(i);
    if (!name.empty() && usedNames.contains(name)) {
      nodeError(n) << "output " << i << " ('" << name << "') is used but "
                   << why;
      return failure();
    }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Handlers
//===----------------------------------------------------------------------===//

void ONNXImporter::registerHandlers() {
  // Ops that map 1:1 onto rt ops (inputs as operands, attributes by name).
  static const std::pair<const char *, const char *> kGeneric[] = {
      {"Abs", "rt.abs"},
      {"Neg", "rt.neg"},
      {"Sign", "rt.sign"},
      {"Identity", "rt.identity"},
      {"Not", "rt.not"},
      {"BitwiseNot", "rt.bitwise_not"},
      {"Exp", "rt.exp"},
      {"Log", "rt.log"},
      {"Sqrt", "rt.sqrt"},
      {"Reciprocal", "rt.reciprocal"},
      {"Floor", "rt.floor"},
      {"Ceil", "rt.ceil"},
      {"Round", "rt.round"},
      {"Erf", "rt.erf"},
      {"Sin", "rt.sin"},
      {"Cos", "rt.cos"},
      {"Tan", "rt.tan"},
      {"Asin", "rt.asin"},
      {"Acos", "rt.acos"},
      {"Atan", "rt.atan"},
      {"Sinh", "rt.sinh"},
      {"Cosh", "rt.cosh"},
      {"Asinh", "rt.asinh"},
      {"Acosh", "rt.acosh"},
      {"Atanh", "rt.atanh"},
      {"Tanh", "rt.tanh"},
      {"Sigmoid", "rt.sigmoid"},
      {"Relu", "rt.relu"},
      {"Softplus", "rt.softplus"},
      {"Softsign", "rt.softsign"},
      {"Mish", "rt.mish"},
      {"HardSwish", "rt.hard_swish"},
      {"LeakyRelu", "rt.leaky_relu"},
      {"Elu", "rt.elu"},
      {"Celu", "rt.celu"},
      {"Selu", "rt.selu"},
      {"HardSigmoid", "rt.hard_sigmoid"},
      {"ThresholdedRelu", "rt.thresholded_relu"},
      {"Shrink", "rt.shrink"},
      {"Gelu", "rt.gelu"},
      {"IsNaN", "rt.is_nan"},
      {"IsInf", "rt.is_inf"},
      {"Add", "rt.add"},
      {"Sub", "rt.sub"},
      {"Mul", "rt.mul"},
      {"Div", "rt.div"},
      {"Mod", "rt.mod"},
      {"BitwiseAnd", "rt.bitwise_and"},
      {"BitwiseOr", "rt.bitwise_or"},
      {"BitwiseXor", "rt.bitwise_xor"},
      {"BitShift", "rt.bit_shift"},
      {"Pow", "rt.pow"},
      {"PRelu", "rt.prelu"},
      {"Equal", "rt.equal"},
      {"Less", "rt.less"},
      {"LessOrEqual", "rt.less_or_equal"},
      {"Greater", "rt.greater"},
      {"GreaterOrEqual", "rt.greater_or_equal"},
      {"And", "rt.and"},
      {"Or", "rt.or"},
      {"Xor", "rt.xor"},
      {"Where", "rt.where"},
      {"Max", "rt.max"},
      {"Min", "rt.min"},
      {"Sum", "rt.sum"},
      {"Mean", "rt.mean"},
      {"MatMul", "rt.matmul"},
      {"Gemm", "rt.gemm"},
      {"Einsum", "rt.einsum"},
      {"Conv", "rt.conv"},
      {"ConvTranspose", "rt.conv_transpose"},
      {"MaxPool", "rt.max_pool"},
      {"AveragePool", "rt.average_pool"},
      {"LpPool", "rt.lp_pool"},
      {"GlobalAveragePool", "rt.global_average_pool"},
      {"GlobalMaxPool", "rt.global_max_pool"},
      {"GlobalLpPool", "rt.global_lp_pool"},
      {"InstanceNormalization", "rt.instance_normalization"},
      {"LRN", "rt.lrn"},
      {"DequantizeLinear", "rt.dequantize_linear"},
      {"DepthToSpace", "rt.depth_to_space"},
      {"SpaceToDepth", "rt.space_to_depth"},
      {"ConstantOfShape", "rt.constant_of_shape"},
      {"Range", "rt.range"},
      {"Shape", "rt.shape"},
      {"Size", "rt.size"},
      {"Reshape", "rt.reshape"},
      {"Flatten", "rt.flatten"},
      {"Expand", "rt.expand"},
      {"Tile", "rt.tile"},
      {"Transpose", "rt.transpose"},
      {"Concat", "rt.concat"},
      {"Gather", "rt.gather"},
      {"GatherElements", "rt.gather_elements"},
      {"GatherND", "rt.gather_nd"},
      {"ScatterElements", "rt.scatter_elements"},
      {"Scatter", "rt.scatter_elements"},
      {"ScatterND", "rt.scatter_nd"},
      {"OneHot", "rt.one_hot"},
      {"Trilu", "rt.trilu"},
      {"CumSum", "rt.cumsum"},
      {"NonZero", "rt.non_zero"},
      {"ArgMax", "rt.arg_max"},
      {"ArgMin", "rt.arg_min"},
  };
  for (auto [onnxName, rtName] : kGeneric)
    addGeneric(onnxName, rtName);

  handlers["NegativeLogLikelihoodLoss"] = [this](NodeCtx &n) {
    return importLoss(n, /*softmax=*/false);
  };
  handlers["SoftmaxCrossEntropyLoss"] = [this](NodeCtx &n) {
    return importLoss(n, /*softmax=*/true);
  };
  handlers["LayerNormalization"] = [this](NodeCtx &n) {
    return importLayerNorm(n);
  };
  handlers["GroupNormalization"] = [this](NodeCtx &n) {
    if (n.opset < 21) {
      nodeError(n) << "GroupNormalization before opset 21 (per-group scale "
                      "and bias) is not supported; re-export with opset 21";
      return failure();
    }
    return buildGeneric(n, "rt.group_normalization");
  };
  handlers["Constant"] = [this](NodeCtx &n) { return importConstant(n); };
  handlers["Cast"] = [this](NodeCtx &n) { return importCast(n); };
  handlers["CastLike"] = [this](NodeCtx &n) { return importCastLike(n); };
  handlers["Dropout"] = [this](NodeCtx &n) { return importDropout(n); };
  handlers["Softmax"] = [this](NodeCtx &n) {
    return importSoftmax(n, "rt.softmax");
  };
  handlers["LogSoftmax"] = [this](NodeCtx &n) {
    return importSoftmax(n, "rt.log_softmax");
  };
  handlers["Hardmax"] = [this](NodeCtx &n) {
    return importSoftmax(n, "rt.hardmax");
  };
  static const std::tuple<const char *, const char *, int64_t> kReduce[] = {
      {"ReduceSum", "rt.reduce_sum", 13},
      {"ReduceMean", "rt.reduce_mean", 18},
      {"ReduceMax", "rt.reduce_max", 18},
      {"ReduceMin", "rt.reduce_min", 18},
      {"ReduceProd", "rt.reduce_prod", 18},
      {"ReduceL1", "rt.reduce_l1", 18},
      {"ReduceL2", "rt.reduce_l2", 18},
      {"ReduceLogSum", "rt.reduce_log_sum", 18},
      {"ReduceLogSumExp", "rt.reduce_log_sum_exp", 18},
      {"ReduceSumSquare", "rt.reduce_sum_square", 18},
  };
  for (auto [onnxName, rtName, since] : kReduce)
    handlers[onnxName] = [this, rtName = rtName, since = since](NodeCtx &n) {
      return importReduce(n, rtName, since);
    };
  handlers["Squeeze"] = [this](NodeCtx &n) { return importSqueeze(n, false); };
  handlers["Unsqueeze"] = [this](NodeCtx &n) { return importSqueeze(n, true); };
  handlers["Split"] = [this](NodeCtx &n) { return importSplit(n); };
  handlers["Slice"] = [this](NodeCtx &n) { return importSlice(n); };
  handlers["Pad"] = [this](NodeCtx &n) { return importPad(n); };
  handlers["Clip"] = [this](NodeCtx &n) { return importClip(n); };
  handlers["Resize"] = [this](NodeCtx &n) { return importResize(n, false); };
  handlers["Upsample"] = [this](NodeCtx &n) { return importResize(n, true); };
  handlers["BatchNormalization"] = [this](NodeCtx &n) {
    return importBatchNorm(n);
  };
  handlers["TopK"] = [this](NodeCtx &n) { return importTopK(n); };
  registerSequenceHandlers();
  handlers["RNN"] = [this](NodeCtx &n) { return importRecurrent(n, 1); };
  handlers["GRU"] = [this](NodeCtx &n) { return importRecurrent(n, 3); };
  handlers["LSTM"] = [this](NodeCtx &n) { return importRecurrent(n, 4); };
  for (StringRef w : {"HannWindow", "HammingWindow", "BlackmanWindow"})
    handlers[w] = [this, w](NodeCtx &n) { return importWindow(n, w); };
  handlers["RMSNormalization"] = [this](NodeCtx &n) {
    return importRMSNorm(n);
  };
  handlers["MeanVarianceNormalization"] = [this](NodeCtx &n) {
    return importMVN(n);
  };
  handlers["DynamicQuantizeLinear"] = [this](NodeCtx &n) {
    return importDynamicQuantizeLinear(n);
  };
  handlers["MatMulInteger"] = [this](NodeCtx &n) {
    return importIntegerOp(n, /*conv=*/false);
  };
  handlers["ConvInteger"] = [this](NodeCtx &n) {
    return importIntegerOp(n, /*conv=*/true);
  };
  handlers["QLinearMatMul"] = [this](NodeCtx &n) {
    return importQLinear(n, /*conv=*/false);
  };
  handlers["QLinearConv"] = [this](NodeCtx &n) {
    return importQLinear(n, /*conv=*/true);
  };
  handlers["MaxUnpool"] = [this](NodeCtx &n) { return importMaxUnpool(n); };
  handlers["ReverseSequence"] = [this](NodeCtx &n) {
    return importReverseSequence(n);
  };
  handlers["EyeLike"] = [this](NodeCtx &n) {
    return importWithTypeAttr(n, "rt.eye_like", "dtype", "dtype");
  };
  handlers["QuantizeLinear"] = [this](NodeCtx &n) {
    return importWithTypeAttr(n, "rt.quantize_linear", "output_dtype",
                              "output_dtype");
  };
}

LogicalResult ONNXImporter::importConstant(NodeCtx &n) {
  if (n.attrs.size() != 1) {
    nodeError(n) << "Constant needs exactly one value attribute";
    return failure();
  }
  const onnx::AttributeProto &a = *n.attrs.begin()->second;
  StringRef which = a.name();
  ElementsAttr value;
  if (which == "value") {
    FailureOr<ElementsAttr> t = convertTensor(a.t(), /*allowResource=*/true,
                                              [&] { return nodeError(n); });
    if (failed(t))
      return failure();
    value = *t;
  } else if (which == "value_float") {
    value = DenseElementsAttr::get(
        RankedTensorType::get({}, builder.getF32Type()), a.f());
  } else if (which == "value_floats") {
    SmallVector<float> v(a.floats().begin(), a.floats().end());
    value = DenseElementsAttr::get(
        RankedTensorType::get({(int64_t)v.size()}, builder.getF32Type()),
        ArrayRef<float>(v));
  } else if (which == "value_int") {
    value = DenseElementsAttr::get(
        RankedTensorType::get({}, builder.getI64Type()), (int64_t)a.i());
  } else if (which == "value_ints") {
    SmallVector<int64_t> v(a.ints().begin(), a.ints().end());
    value = DenseElementsAttr::get(
        RankedTensorType::get({(int64_t)v.size()}, builder.getI64Type()),
        ArrayRef<int64_t>(v));
  } else if (which == "sparse_value") {
    nodeError(n) << "sparse constants are not supported";
    return failure();
  } else if (which == "value_string" || which == "value_strings") {
    nodeError(n) << "string constants are not supported";
    return failure();
  } else {
    nodeError(n) << "unsupported attribute '" << which << "'";
    return failure();
  }
  n.results[0] = ConstantOp::create(builder, n.loc, value);
  return success();
}

LogicalResult ONNXImporter::importCast(NodeCtx &n) {
  std::optional<int64_t> to = attrInt(n, "to");
  if (!to) {
    nodeError(n) << "missing required attribute 'to'";
    return failure();
  }
  Type elt = convertElementType(*to);
  if (!elt) {
    nodeError(n) << "cast to unsupported type " << dataTypeName(*to);
    return failure();
  }
  FailureOr<SmallVector<NamedAttribute>> attrs = convertAttrs(n, "rt.cast");
  if (failed(attrs))
    return failure();
  attrs->push_back(builder.getNamedAttr("to", TypeAttr::get(elt)));
  FailureOr<SmallVector<Value>> op = createOp(n, "rt.cast", n.input(0), *attrs);
  if (failed(op))
    return failure();
  n.results[0] = (*op)[0];
  return success();
}

LogicalResult ONNXImporter::importCastLike(NodeCtx &n) {
  if (!n.input(0) || !n.input(1)) {
    nodeError(n) << "CastLike needs two inputs";
    return failure();
  }
  FailureOr<SmallVector<NamedAttribute>> attrs = convertAttrs(n, "rt.cast");
  if (failed(attrs))
    return failure();
  attrs->push_back(builder.getNamedAttr(
      "to", TypeAttr::get(getElementTypeOrSelf(n.input(1).getType()))));
  FailureOr<SmallVector<Value>> op = createOp(n, "rt.cast", n.input(0), *attrs);
  if (failed(op))
    return failure();
  n.results[0] = (*op)[0];
  return success();
}

LogicalResult ONNXImporter::importWithTypeAttr(NodeCtx &n, StringRef rtName,
                                               StringRef onnxAttr,
                                               StringRef rtAttr) {
  std::optional<int64_t> dtype = attrInt(n, onnxAttr);
  FailureOr<SmallVector<NamedAttribute>> attrs = convertAttrs(n, rtName);
  if (failed(attrs))
    return failure();
  if (dtype && *dtype != 0) {
    Type elt = convertElementType(*dtype);
    if (!elt) {
      nodeError(n) << "attribute '" << onnxAttr << "' names unsupported type "
                   << dataTypeName(*dtype);
      return failure();
    }
    attrs->push_back(builder.getNamedAttr(rtAttr, TypeAttr::get(elt)));
  }
  SmallVector<Value> operands(n.inputs);
  while (!operands.empty() && !operands.back())
    operands.pop_back();
  FailureOr<SmallVector<Value>> op = createOp(n, rtName, operands, *attrs);
  if (failed(op))
    return failure();
  n.results[0] = (*op)[0];
  return success();
}

LogicalResult ONNXImporter::importSoftmax(NodeCtx &n, StringRef rtName) {
  Value x = n.input(0);
  std::optional<int64_t> axisAttr = attrInt(n, "axis");
  if (n.opset >= 13) {
    int64_t axis = axisAttr.value_or(-1);
    FailureOr<SmallVector<Value>> op = createOp(
        n, rtName, x,
        {builder.getNamedAttr("axis", builder.getI64IntegerAttr(axis))});
    if (failed(op))
      return failure();
    n.results[0] = (*op)[0];
    return success();
  }
  // Before opset 13 the input is coerced to 2-D at `axis` (default 1) and
  // the op runs over the flattened trailing dimensions.
  int64_t axis = axisAttr.value_or(1);
  auto ranked = dyn_cast<RankedTensorType>(x.getType());
  if (!ranked) {
    nodeError(n) << "input rank must be known for opset < 13 semantics";
    return failure();
  }
  int64_t rank = ranked.getRank();
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis > rank) {
    nodeError(n) << "axis " << *axisAttr << " is out of range for rank "
                 << rank;
    return failure();
  }
  if (axis == rank - 1) {
    FailureOr<SmallVector<Value>> op = createOp(
        n, rtName, x,
        {builder.getNamedAttr("axis", builder.getI64IntegerAttr(axis))});
    if (failed(op))
      return failure();
    n.results[0] = (*op)[0];
    return success();
  }
  FailureOr<SmallVector<Value>> flat =
      createOp(n, "rt.flatten", x,
               {builder.getNamedAttr("axis", builder.getI64IntegerAttr(axis))});
  if (failed(flat))
    return failure();
  FailureOr<SmallVector<Value>> sm =
      createOp(n, rtName, (*flat)[0],
               {builder.getNamedAttr("axis", builder.getI64IntegerAttr(1))});
  if (failed(sm))
    return failure();
  FailureOr<SmallVector<Value>> shape = createOp(n, "rt.shape", x, {});
  if (failed(shape))
    return failure();
  FailureOr<SmallVector<Value>> back =
      createOp(n, "rt.reshape", ValueRange{(*sm)[0], (*shape)[0]}, {});
  if (failed(back))
    return failure();
  n.results[0] = (*back)[0];
  return success();
}

LogicalResult ONNXImporter::importReduce(NodeCtx &n, StringRef rtName,
                                         int64_t axesInputSince) {
  std::optional<SmallVector<int64_t>> axes;
  if (n.opset >= axesInputSince) {
    if (Value a = n.input(1)) {
      SmallVector<int64_t> v;
      if (failed(requireConstInts(n, a, "axes", v)))
        return failure();
      if (!v.empty())
        axes = v;
    }
  } else {
    axes = attrInts(n, "axes");
  }
  FailureOr<SmallVector<NamedAttribute>> attrs = convertAttrs(n, rtName);
  if (failed(attrs))
    return failure();
  if (axes)
    attrs->push_back(
        builder.getNamedAttr("axes", builder.getDenseI64ArrayAttr(*axes)));
  FailureOr<SmallVector<Value>> op = createOp(n, rtName, n.input(0), *attrs);
  if (failed(op))
    return failure();
  n.results[0] = (*op)[0];
  return success();
}

LogicalResult ONNXImporter::importSqueeze(NodeCtx &n, bool unsqueeze) {
  StringRef rtName = unsqueeze ? "rt.unsqueeze" : "rt.squeeze";
  std::optional<SmallVector<int64_t>> axes;
  if (n.opset >= 13) {
    if (Value a = n.input(1)) {
      SmallVector<int64_t> v;
      if (failed(requireConstInts(n, a, "axes", v)))
        return failure();
      axes = v;
    }
  } else {
    axes = attrInts(n, "axes");
  }
  if (unsqueeze && !axes) {
    nodeError(n) << "Unsqueeze needs axes";
    return failure();
  }
  FailureOr<SmallVector<NamedAttribute>> attrs = convertAttrs(n, rtName);
  if (failed(attrs))
    return failure();
  if (axes)
    attrs->push_back(
        builder.getNamedAttr("axes", builder.getDenseI64ArrayAttr(*axes)));
  FailureOr<SmallVector<Value>> op = createOp(n, rtName, n.input(0), *attrs);
  if (failed(op))
    return failure();
  n.results[0] = (*op)[0];
  return success();
}

LogicalResult ONNXImporter::importSplit(NodeCtx &n) {
  std::optional<SmallVector<int64_t>> split;
  // Split-1 took `split` as an attribute or as a second input.
  if (n.opset >= 13 || (n.opset < 2 && n.input(1))) {
    if (Value s = n.input(1)) {
      SmallVector<int64_t> v;
      if (failed(requireConstInts(n, s, "split", v)))
        return failure();
      split = v;
    }
  } else {
    split = attrInts(n, "split");
  }
  int64_t numOutputs = n.node->output_size();
  if (std::optional<int64_t> no = attrInt(n, "num_outputs")) {
    if (*no != numOutputs) {
      nodeError(n) << "num_outputs = " << *no << " but the node has "
                   << numOutputs << " outputs";
      return failure();
    }
  }
  FailureOr<SmallVector<NamedAttribute>> attrs = convertAttrs(n, "rt.split");
  if (failed(attrs))
    return failure();
  attrs->push_back(builder.getNamedAttr("num_outputs",
                                        builder.getI64IntegerAttr(numOutputs)));
  if (split)
    attrs->push_back(
        builder.getNamedAttr("split", builder.getDenseI64ArrayAttr(*split)));
  FailureOr<SmallVector<Value>> op =
      createOp(n, "rt.split", n.input(0), *attrs, numOutputs);
  if (failed(op))
    return failure();
  for (int64_t i = 0; i < numOutputs; ++i)
    n.results[i] = (*op)[i];
  return success();
}

LogicalResult ONNXImporter::importSlice(NodeCtx &n) {
  Value data = n.input(0), starts, ends, axes, steps;
  if (n.opset < 10) {
    std::optional<SmallVector<int64_t>> s = attrInts(n, "starts"),
                                        e = attrInts(n, "ends"),
                                        a = attrInts(n, "axes");
    if (!s || !e) {
      nodeError(n) << "missing required attribute 'starts' or 'ends'";
      return failure();
    }
    starts = constI64(n.loc, *s);
    ends = constI64(n.loc, *e);
    if (a)
      axes = constI64(n.loc, *a);
  } else {
    starts = n.input(1);
    ends = n.input(2);
    axes = n.input(3);
    steps = n.input(4);
    if (!starts || !ends) {
      nodeError(n) << "missing required input 'starts' or 'ends'";
      return failure();
    }
  }
  FailureOr<SmallVector<NamedAttribute>> attrs = convertAttrs(n, "rt.slice");
  if (failed(attrs))
    return failure();
  SmallVector<Value> operands{data, starts, ends};
  if (axes)
    operands.push_back(axes);
  if (steps)
    operands.push_back(steps);
  FailureOr<SmallVector<Value>> op =
      createOp(n, "rt.slice", operands, *attrs, 1,
               {1, 1, 1, axes ? 1 : 0, steps ? 1 : 0});
  if (failed(op))
    return failure();
  n.results[0] = (*op)[0];
  return success();
}

LogicalResult ONNXImporter::importPad(NodeCtx &n) {
  Value data = n.input(0), pads, value, axes;
  Type elt = getElementTypeOrSelf(data.getType());
  if (n.opset < 11) {
    std::optional<SmallVector<int64_t>> p = attrInts(n, "pads");
    if (!p) {
      nodeError(n) << "missing required attribute 'pads'";
      return failure();
    }
    pads = constI64(n.loc, *p);
    if (std::optional<float> v = attrFloat(n, "value"); v && *v != 0.0f)
      value = constScalar(n.loc, elt, *v);
  } else {
    pads = n.input(1);
    value = n.input(2);
    axes = n.input(3);
    if (!pads) {
      nodeError(n) << "missing required input 'pads'";
      return failure();
    }
  }
  FailureOr<SmallVector<NamedAttribute>> attrs = convertAttrs(n, "rt.pad");
  if (failed(attrs))
    return failure();
  SmallVector<Value> operands{data, pads};
  if (value)
    operands.push_back(value);
  if (axes)
    operands.push_back(axes);
  FailureOr<SmallVector<Value>> op = createOp(
      n, "rt.pad", operands, *attrs, 1, {1, 1, value ? 1 : 0, axes ? 1 : 0});
  if (failed(op))
    return failure();
  n.results[0] = (*op)[0];
  return success();
}

LogicalResult ONNXImporter::importClip(NodeCtx &n) {
  Value x = n.input(0), lo, hi;
  if (n.opset < 11) {
    Type elt = getElementTypeOrSelf(x.getType());
    if (std::optional<float> v = attrFloat(n, "min"))
      lo = constScalar(n.loc, elt, *v);
    if (std::optional<float> v = attrFloat(n, "max"))
      hi = constScalar(n.loc, elt, *v);
  } else {
    lo = n.input(1);
    hi = n.input(2);
  }
  FailureOr<SmallVector<NamedAttribute>> attrs = convertAttrs(n, "rt.clip");
  if (failed(attrs))
    return failure();
  SmallVector<Value> operands{x};
  if (lo)
    operands.push_back(lo);
  if (hi)
    operands.push_back(hi);
  FailureOr<SmallVector<Value>> op =
      createOp(n, "rt.clip", operands, *attrs, 1, {1, lo ? 1 : 0, hi ? 1 : 0});
  if (failed(op))
    return failure();
  n.results[0] = (*op)[0];
  return success();
}

/// True if `v` is a constant with zero elements (ONNX's way to omit an
/// input before optional inputs became empty names).
static bool isEmptyConstant(Value v) {
  Attribute attr;
  if (!v || !matchPattern(v, m_Constant(&attr)))
    return false;
  auto e = dyn_cast<ElementsAttr>(attr);
  return e && e.getNumElements() == 0;
}

LogicalResult ONNXImporter::importResize(NodeCtx &n, bool upsample) {
  Value x = n.input(0), roi, scales, sizes;
  SmallVector<NamedAttribute> extra;
  if (upsample || n.opset < 11) {
    // Upsample (7, 9) and Resize-10: scales only, asymmetric coordinates,
    // nearest rounds down.
    if (upsample && n.opset < 9) {
      std::optional<SmallVector<int64_t>> dummy;
      n.consumed.insert("scales");
      const onnx::AttributeProto *s = n.attr("scales");
      if (!s) {
        nodeError(n) << "missing required attribute 'scales'";
        return failure();
      }
      SmallVector<float> v(s->floats().begin(), s->floats().end());
      scales = ConstantOp::create(
          builder, n.loc,
          DenseElementsAttr::get(
              RankedTensorType::get({(int64_t)v.size()}, builder.getF32Type()),
              ArrayRef<float>(v)));
    } else {
      scales = n.input(1);
    }
    std::string mode = attrString(n, "mode").value_or("nearest");
    if (mode == "bilinear")
      mode = "linear";
    extra.push_back(builder.getNamedAttr("mode", builder.getStringAttr(mode)));
    extra.push_back(builder.getNamedAttr("coordinate_transformation_mode",
                                         builder.getStringAttr("asymmetric")));
    extra.push_back(
        builder.getNamedAttr("nearest_mode", builder.getStringAttr("floor")));
  } else {
    roi = n.input(1);
    scales = n.input(2);
    sizes = n.input(3);
    if (isEmptyConstant(roi))
      roi = {};
    if (isEmptyConstant(scales))
      scales = {};
    if (isEmptyConstant(sizes))
      sizes = {};
  }
  FailureOr<SmallVector<NamedAttribute>> attrs = convertAttrs(n, "rt.resize");
  if (failed(attrs))
    return failure();
  attrs->append(extra.begin(), extra.end());
  SmallVector<Value> operands{x};
  for (Value v : {roi, scales, sizes})
    if (v)
      operands.push_back(v);
  FailureOr<SmallVector<Value>> op =
      createOp(n, "rt.resize", operands, *attrs, 1,
               {1, roi ? 1 : 0, scales ? 1 : 0, sizes ? 1 : 0});
  if (failed(op))
    return failure();
  n.results[0] = (*op)[0];
  return success();
}

LogicalResult ONNXImporter::importBatchNorm(NodeCtx &n) {
  if (std::optional<int64_t> spatial = attrInt(n, "spatial");
      spatial && *spatial != 1) {
    nodeError(n) << "BatchNormalization with spatial = 0 is not supported";
    return failure();
  }
  if (std::optional<int64_t> training = attrInt(n, "training_mode");
      training && *training != 0)
    return importBatchNormTraining(n);
  attrInts(n, "consumed_inputs");
  attrInt(n, "is_test");
  return buildGeneric(n, "rt.batch_normalization");
}

LogicalResult ONNXImporter::importTopK(NodeCtx &n) {
  Value k = n.input(1);
  if (n.opset < 10) {
    std::optional<int64_t> kAttr = attrInt(n, "k");
    if (!kAttr) {
      nodeError(n) << "missing required attribute 'k'";
      return failure();
    }
    k = constI64(n.loc, {*kAttr});
  }
  if (!k) {
    nodeError(n) << "missing required input 'K'";
    return failure();
  }
  FailureOr<SmallVector<NamedAttribute>> attrs = convertAttrs(n, "rt.top_k");
  if (failed(attrs))
    return failure();
  FailureOr<SmallVector<Value>> op =
      createOp(n, "rt.top_k", ValueRange{n.input(0), k}, *attrs, 2);
  if (failed(op))
    return failure();
  for (unsigned i = 0; i < 2 && i < n.results.size(); ++i)
    n.results[i] = (*op)[i];
  return success();
}

LogicalResult ONNXImporter::importNodes(
    const google::protobuf::RepeatedPtrField<onnx::NodeProto> &nodes,
    Scope &scope,
    const llvm::StringMap<const onnx::AttributeProto *> *callerAttrs,
    int depth) {
  int64_t index = 0;
  for (const onnx::NodeProto &node : nodes)
    if (failed(importNode(node, scope, callerAttrs, depth, index++)))
      return failure();
  return success();
}

LogicalResult ONNXImporter::importNode(
    const onnx::NodeProto &node, Scope &scope,
    const llvm::StringMap<const onnx::AttributeProto *> *callerAttrs, int depth,
    int64_t index) {
  NodeCtx n{&node, opset, fileLoc, "", {}, {}, {}, {}};
  n.name = node.name().empty() ? node.op_type() + "_" + std::to_string(index)
                               : node.name();
  n.loc = NameLoc::get(builder.getStringAttr(n.name), fileLoc);
  if (++nodesImported > options.maxNodes) {
    nodeError(n) << "the graph has more than " << options.maxNodes
                 << " nodes (function bodies inlined), the limit "
                    "(--max-nodes)";
    return failure();
  }

  // Attributes, resolving references to the calling function's attributes.
  for (const onnx::AttributeProto &a : node.attribute()) {
    if (!a.ref_attr_name().empty()) {
      if (!callerAttrs) {
        nodeError(n) << "attribute '" << a.name()
                     << "' refers to a function attribute outside a function";
        return failure();
      }
      auto it = callerAttrs->find(a.ref_attr_name());
      if (it != callerAttrs->end())
        n.attrs[a.name()] = it->second;
      continue; // Unset reference: the attribute takes its default.
    }
    if (n.attrs.count(a.name())) {
      nodeError(n) << "attribute '" << a.name() << "' is repeated";
      return failure();
    }
    n.attrs[a.name()] = &a;
  }

  // Inputs must be defined earlier (ONNX graphs are topologically sorted).
  for (const std::string &in : node.input()) {
    if (in.empty()) {
      n.inputs.push_back(Value());
      continue;
    }
    n.seqInputs.resize(n.inputs.size() + 1);
    auto it = scope.find(in);
    if (it == scope.end()) {
      if (auto sit = sequences.find(in); sit != sequences.end()) {
        n.seqInputs.back() = &sit->second;
        n.inputs.push_back(Value());
        continue;
      }
      nodeError(n) << "input '" << in
                   << "' is not defined by an earlier node, an initializer "
                      "or a graph input";
      return failure();
    }
    n.inputs.push_back(it->second);
  }
  n.seqInputs.resize(n.inputs.size());
  n.results.resize(node.output_size());
  n.seqResults.resize(node.output_size());
  if (llvm::any_of(n.seqInputs, [](auto *s) { return s; }) &&
      !isSequenceOp(node.op_type())) {
    nodeError(n) << "sequence inputs are not supported by this operator";
    return failure();
  }

  // Local functions first: they may shadow nothing in the default domain,
  // but custom domains are only reachable through them.
  std::string key = node.domain() + ":" + node.op_type();
  if (auto fit = functions.find(key); fit != functions.end()) {
    if (failed(inlineFunction(n, *fit->second, scope, depth)))
      return failure();
  } else {
    if (!node.domain().empty() && node.domain() != "ai.onnx") {
      nodeError(n) << "operator domain '" << node.domain()
                   << "' is not supported";
      return failure();
    }
    if (!hasDefaultDomain) {
      nodeError(n) << "the model does not import the default ONNX domain "
                      "(no opset_import entry for it)";
      return failure();
    }
    static const llvm::StringSet<> kControlFlow = {"If", "Loop", "Scan"};
    if (kControlFlow.contains(node.op_type())) {
      nodeError(n) << "control flow (" << node.op_type()
                   << ") is not supported yet";
      return failure();
    }
    auto hit = handlers.find(node.op_type());
    if (hit == handlers.end()) {
      nodeError(n) << "unsupported operator";
      return failure();
    }
    if (failed(checkArity(n)))
      return failure();
    if (n.opset < 7 && failed(applyLegacyOpset(n)))
      return failure();
    if (failed(hit->second(n)))
      return failure();
  }

  for (auto [i, out] : llvm::enumerate(node.output())) {
    if (out.empty())
      continue;
    if (n.seqResults[i]) {
      sequences[out] = std::move(*n.seqResults[i]);
      continue;
    }
    if (!n.results[i]) {
      if (usedNames.contains(out)) {
        nodeError(n) << "output " << i << " ('" << out
                     << "') is used but not produced";
        return failure();
      }
      continue;
    }
    // ONNX graphs are in SSA form: a name is defined once, by a graph
    // input, an initializer or one node output.
    if (scope.count(out) || sequences.count(out)) {
      nodeError(n) << "output " << i << " ('" << out
                   << "') redefines a value already defined by a graph "
                      "input, an initializer or an earlier node";
      return failure();
    }
    scope[out] = n.results[i];
  }
  return success();
}

LogicalResult ONNXImporter::inlineFunction(NodeCtx &n,
                                           const onnx::FunctionProto &fn,
                                           Scope &scope, int depth) {
  if (depth >= kMaxFunctionDepth) {
    nodeError(n) << "local functions nest deeper than " << kMaxFunctionDepth
                 << " (recursive function?)";
    return failure();
  }
  Scope inner;
  for (auto [i, name] : llvm::enumerate(fn.input())) {
    if (i < n.inputs.size() && n.inputs[i])
      inner[name] = n.inputs[i];
  }
  // Attributes visible inside: the call's, then the function's defaults.
  llvm::StringMap<const onnx::AttributeProto *> attrs;
  for (const onnx::AttributeProto &a : functionDefaults(fn))
    attrs[a.name()] = &a;
  for (auto &it : n.attrs)
    attrs[it.first()] = it.second;
  for (const onnx::NodeProto &node : fn.node())
    for (const std::string &out : node.output())
      usedNames.insert(out); // Conservatively: function-internal outputs.
  int64_t savedOpset = opset;
  for (const onnx::OperatorSetIdProto &os : fn.opset_import())
    if (os.domain().empty() || os.domain() == "ai.onnx")
      opset = os.version();
  LogicalResult result = importNodes(fn.node(), inner, &attrs, depth + 1);
  opset = savedOpset;
  if (failed(result))
    return failure();
  for (auto [i, name] : llvm::enumerate(fn.output())) {
    auto it = inner.find(name);
    if (it == inner.end()) {
      nodeError(n) << "function '" << fn.name() << "' does not define its "
                   << "output '" << name << "'";
      return failure();
    }
    if (i < n.results.size())
      n.results[i] = it->second;
  }
  return success();
}

const std::vector<onnx::AttributeProto> &
ONNXImporter::functionDefaults(const onnx::FunctionProto &fn) {
  auto it = defaultsCache.find(&fn);
  if (it != defaultsCache.end())
    return it->second;
  std::vector<onnx::AttributeProto> &defaults = defaultsCache[&fn];
  const google::protobuf::UnknownFieldSet &unknown =
      fn.GetReflection()->GetUnknownFields(fn);
  for (int i = 0; i < unknown.field_count(); ++i) {
    const google::protobuf::UnknownField &f = unknown.field(i);
    if (f.number() != kFunctionAttributeProtoField ||
        f.type() != google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED)
      continue;
    onnx::AttributeProto a;
    if (a.ParseFromString(f.length_delimited()))
      defaults.push_back(std::move(a));
  }
  return defaults;
}

OwningOpRef<ModuleOp> ONNXImporter::import(StringRef buffer) {
  onnx::ModelProto model;
  {
    google::protobuf::io::ArrayInputStream input(buffer.data(),
                                                 (int)buffer.size());
    google::protobuf::io::CodedInputStream coded(&input);
    coded.SetTotalBytesLimit(std::numeric_limits<int>::max());
    if (buffer.size() > (size_t)std::numeric_limits<int>::max() ||
        !model.ParseFromCodedStream(&coded) || !coded.ConsumedEntireMessage()) {
      modelError() << "not a valid ONNX model (protobuf parsing failed)";
      return nullptr;
    }
  }
  if (!model.has_graph()) {
    modelError() << "model has no graph";
    return nullptr;
  }
  bool haveDefault = false;
  llvm::StringMap<int64_t> seenDomains;
  for (const onnx::OperatorSetIdProto &os : model.opset_import()) {
    std::string domain = os.domain() == "ai.onnx" ? "" : os.domain();
    auto [it, fresh] = seenDomains.try_emplace(domain, os.version());
    if (!fresh) {
      modelError() << "opset_import lists domain '"
                   << (domain.empty() ? "ai.onnx" : domain)
                   << "' twice (opsets " << it->second << " and "
                   << os.version() << ")";
      return nullptr;
    }
    if (os.domain().empty() || os.domain() == "ai.onnx") {
      opset = os.version();
      haveDefault = true;
    }
  }
  hasDefaultDomain = haveDefault;
  if (haveDefault && (opset < kMinOpset || opset > kMaxOpset)) {
    modelError() << "opset " << opset
                 << " of the default domain is not supported (rt imports "
                    "opsets "
                 << kMinOpset << " to " << kMaxOpset << ")";
    return nullptr;
  }
  for (const onnx::FunctionProto &fn : model.functions())
    functions[fn.domain() + ":" + fn.name()] = &fn;

  const onnx::GraphProto &graph = model.graph();
  if (graph.sparse_initializer_size() > 0) {
    modelError() << "sparse initializers are not supported";
    return nullptr;
  }
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &in : node.input())
      usedNames.insert(in);
  for (const onnx::ValueInfoProto &out : graph.output())
    usedNames.insert(out.name());

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  module->getOperation()->setAttr("rt.onnx.opset",
                                  builder.getI64IntegerAttr(opset));
  module->getOperation()->setAttr(
      "rt.onnx.ir_version", builder.getI64IntegerAttr(model.ir_version()));
  if (!model.producer_name().empty())
    module->getOperation()->setAttr(
        "rt.onnx.producer",
        builder.getStringAttr(model.producer_name() +
                              (model.producer_version().empty()
                                   ? ""
                                   : " " + model.producer_version())));

  // Graph inputs that are not initializers become function arguments.
  llvm::StringSet<> initNames;
  for (const onnx::TensorProto &t : graph.initializer())
    initNames.insert(t.name());
  SmallVector<Type> argTypes;
  SmallVector<DictionaryAttr> argAttrs;
  SmallVector<std::string> argNames;
  for (const onnx::ValueInfoProto &in : graph.input()) {
    if (initNames.contains(in.name()))
      continue;
    SmallVector<std::string> dimNames;
    FailureOr<Type> type =
        convertType(in.type(), "graph input '" + in.name() + "'", &dimNames);
    if (failed(type))
      return nullptr;
    argTypes.push_back(*type);
    argNames.push_back(in.name());
    SmallVector<NamedAttribute> attrs{builder.getNamedAttr(
        RTDialect::getOnnxNameAttrName(), builder.getStringAttr(in.name()))};
    if (llvm::any_of(dimNames,
                     [](const std::string &s) { return !s.empty(); })) {
      SmallVector<Attribute> names;
      for (const std::string &s : dimNames)
        names.push_back(builder.getStringAttr(s));
      attrs.push_back(builder.getNamedAttr(RTDialect::getDimNamesAttrName(),
                                           builder.getArrayAttr(names)));
    }
    argAttrs.push_back(builder.getDictionaryAttr(attrs));
  }

  builder.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(builder, fileLoc, options.functionName,
                                   builder.getFunctionType(argTypes, {}));
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToStart(entry);

  Scope scope;
  for (auto [i, name] : llvm::enumerate(argNames)) {
    if (scope.count(name)) {
      modelError() << "graph input '" << name << "' is declared twice";
      return nullptr;
    }
    scope[name] = entry->getArgument(i);
    auto known = options.inputValues.find(name);
    if (known == options.inputValues.end())
      continue;
    // A value that does not fit the declared type is not used: the caller
    // validates its inputs against the function type and reports it.
    if (areCompatibleResultTypes(TypeRange(argTypes[i]),
                                 TypeRange(known->second.getType())))
      scope[name] = ConstantOp::create(builder, fileLoc, known->second);
  }
  llvm::StringMap<const onnx::ValueInfoProto *> declaredInputs;
  for (const onnx::ValueInfoProto &in : graph.input())
    declaredInputs[in.name()] = &in;
  for (const onnx::TensorProto &t : graph.initializer()) {
    Location loc = NameLoc::get(builder.getStringAttr(t.name()), fileLoc);
    if (scope.count(t.name())) {
      modelError() << "initializer '" << t.name() << "' is defined twice";
      return nullptr;
    }
    FailureOr<ElementsAttr> value =
        convertTensor(t, /*allowResource=*/true, [&] {
          return modelError() << "initializer '" << t.name() << "': ";
        });
    if (failed(value))
      return nullptr;
    // An initializer listed as a graph input (required before IR 4, a
    // default value after) must have the type the input declares.
    if (auto it = declaredInputs.find(t.name()); it != declaredInputs.end()) {
      FailureOr<Type> declared = convertType(
          it->second->type(), "graph input '" + t.name() + "'", nullptr);
      if (failed(declared))
        return nullptr;
      if (!areCompatibleResultTypes(TypeRange(*declared),
                                    TypeRange(value->getType()))) {
        modelError() << "initializer '" << t.name() << "' is "
                     << value->getType() << " but the graph input of that "
                     << "name declares " << *declared;
        return nullptr;
      }
    }
    scope[t.name()] = ConstantOp::create(builder, loc, *value);
  }

  if (failed(importNodes(graph.node(), scope, nullptr, 0)))
    return nullptr;

  SmallVector<Value> results;
  SmallVector<DictionaryAttr> resultAttrs;
  for (const onnx::ValueInfoProto &out : graph.output()) {
    auto it = scope.find(out.name());
    if (it == scope.end() && sequences.count(out.name())) {
      modelError() << "graph output '" << out.name()
                   << "' is a sequence; sequence outputs are not supported";
      return nullptr;
    }
    if (it == scope.end()) {
      modelError() << "graph output '" << out.name()
                   << "' is not produced by any node";
      return nullptr;
    }
    Value v = it->second;
    // Check the computed type against the declared one.
    if (out.has_type() && out.type().has_tensor_type()) {
      FailureOr<Type> declared =
          convertType(out.type(), "graph output '" + out.name() + "'", nullptr);
      if (failed(declared))
        return nullptr;
      if (!areCompatibleResultTypes(TypeRange(*declared),
                                    TypeRange(v.getType()))) {
        modelError() << "graph output '" << out.name() << "' is declared as "
                     << *declared << " but the graph computes " << v.getType();
        return nullptr;
      }
    }
    results.push_back(v);
    resultAttrs.push_back(builder.getDictionaryAttr(builder.getNamedAttr(
        RTDialect::getOnnxNameAttrName(), builder.getStringAttr(out.name()))));
  }
  func::ReturnOp::create(builder, fileLoc, results);
  func.setType(
      builder.getFunctionType(argTypes, TypeRange(ValueRange(results))));
  func.setAllArgAttrs(argAttrs);
  func.setAllResultAttrs(resultAttrs);

  // Folding leaves the constants it consumed behind, and models carry unused
  // initializers: drop side-effect-free ops nobody uses.
  SmallVector<Operation *> ops;
  for (Operation &op : *entry)
    ops.push_back(&op);
  for (Operation *op : llvm::reverse(ops))
    if (isOpTriviallyDead(op))
      op->erase();

  if (failed(verify(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp> mlir::rt::importONNXModel(MLIRContext *context,
                                                StringRef buffer,
                                                StringRef modelPath,
                                                const ONNXImportOptions &opts) {
  context->loadDialect<RTDialect, func::FuncDialect>();
  ONNXImporter importer(context, modelPath, opts);
  return importer.import(buffer);
}

FailureOr<SmallVector<std::string>>
mlir::rt::listONNXGraphInputs(StringRef buffer) {
  onnx::ModelProto model;
  google::protobuf::io::ArrayInputStream input(buffer.data(),
                                               (int)buffer.size());
  google::protobuf::io::CodedInputStream coded(&input);
  coded.SetTotalBytesLimit(std::numeric_limits<int>::max());
  if (buffer.size() > (size_t)std::numeric_limits<int>::max() ||
      !model.ParseFromCodedStream(&coded))
    return failure();
  llvm::StringSet<> inits;
  for (const onnx::TensorProto &t : model.graph().initializer())
    inits.insert(t.name());
  SmallVector<std::string> names;
  for (const onnx::ValueInfoProto &in : model.graph().input())
    if (!inits.contains(in.name()))
      names.push_back(in.name());
  return names;
}

//===----------------------------------------------------------------------===//
// Translation registration
//===----------------------------------------------------------------------===//

static llvm::cl::opt<int64_t> clInlineLimit(
    "onnx-inline-limit",
    llvm::cl::desc("Float constants with at most this many elements are "
                   "printed as dense literals; larger ones become "
                   "dense_resource blobs (default 8; integer constants: "
                   "max(this, 64))"),
    llvm::cl::init(8));
static llvm::cl::opt<bool> clNoFold(
    "onnx-no-fold",
    llvm::cl::desc("Do not fold constant subexpressions while importing"),
    llvm::cl::init(false));

// The limits are library options: rt-translate and rt-run (which link the
// importer) both take them.
static llvm::cl::opt<int64_t> clMaxTensorBytes(
    "max-tensor-bytes",
    llvm::cl::desc("Refuse models that declare or infer a tensor larger than "
                   "this many bytes (default 64 GiB)"),
    llvm::cl::init(ONNXImportOptions::kDefaultMaxTensorBytes));
static llvm::cl::opt<int64_t> clMaxNodes(
    "max-nodes",
    llvm::cl::desc("Refuse models of more nodes than this, function bodies "
                   "inlined (default 2^20)"),
    llvm::cl::init(ONNXImportOptions::kDefaultMaxNodes));

void mlir::rt::applyImportLimitOptions(ONNXImportOptions &options) {
  options.maxTensorBytes = clMaxTensorBytes;
  options.maxNodes = clMaxNodes;
}

void mlir::rt::registerONNXImportTranslation() {
  static TranslateToMLIRRegistration reg(
      "import-onnx", "Import an ONNX model (.onnx) into the rt dialect",
      [](const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buf =
            sourceMgr->getMemoryBuffer(sourceMgr->getMainFileID());
        ONNXImportOptions opts;
        opts.inlineConstantLimit = clInlineLimit;
        opts.inlineIntegerLimit = std::max<int64_t>(clInlineLimit, 64);
        opts.foldConstants = !clNoFold;
        applyImportLimitOptions(opts);
        return importONNXModel(context, buf->getBuffer(),
                               buf->getBufferIdentifier(), opts);
      },
      [](DialectRegistry &registry) {
        registry.insert<RTDialect, func::FuncDialect>();
      });
}
