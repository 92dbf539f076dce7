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

namespace {

/// Lowest and highest opset of the default domain rt imports.
constexpr int64_t kMinOpset = 1;
constexpr int64_t kMaxOpset = 23;
/// Nesting limit for local function calls (guards against recursion).
constexpr int kMaxFunctionDepth = 32;
/// TensorProto data types newer than Debian's onnx.proto (ONNX 1.12).
constexpr int32_t kFloat8E4M3FN = 17, kFloat8E4M3FNUZ = 18, kFloat8E5M2 = 19,
                  kFloat8E5M2FNUZ = 20;
/// FunctionProto.attribute_proto (IR version 9), unknown to ONNX 1.12's
/// generated code: read from the unknown fields.
constexpr int kFunctionAttributeProtoField = 11;

/// One ONNX node being imported.
struct NodeCtx {
  const onnx::NodeProto *node;
  int64_t opset;
  Location loc;
  std::string name;
  /// Inputs in order; null for omitted optional inputs (empty names).
  SmallVector<Value> inputs;
  /// Attributes by name (after substituting function attribute references).
  llvm::StringMap<const onnx::AttributeProto *> attrs;
  /// Attribute names the handler consumed itself.
  llvm::StringSet<> consumed;
  /// Results, one per ONNX output; null for optional outputs not produced.
  SmallVector<Value> results;

  StringRef opType() const { return node->op_type(); }
  Value input(unsigned i) const {
    return i < inputs.size() ? inputs[i] : Value();
  }
  const onnx::AttributeProto *attr(StringRef n) const {
    auto it = attrs.find(n);
    return it == attrs.end() ? nullptr : it->second;
  }
};

/// Value names visible in a graph or inlined function body.
using Scope = llvm::StringMap<Value>;

class ONNXImporter {
public:
  ONNXImporter(MLIRContext *ctx, StringRef modelPath,
               const ONNXImportOptions &options)
      : ctx(ctx), builder(ctx), modelPath(modelPath.str()), options(options),
        fileLoc(FileLineColLoc::get(ctx, modelPath, 0, 0)) {
    modelDir = llvm::sys::path::parent_path(modelPath).str();
    if (modelDir.empty())
      modelDir = ".";
    registerHandlers();
  }

  OwningOpRef<ModuleOp> import(StringRef buffer);

private:
  using Handler = std::function<LogicalResult(NodeCtx &)>;

  //===--------------------------------------------------------------------===//
  // Diagnostics
  //===--------------------------------------------------------------------===//

  // Diagnostics are located at the model file (printed as `model.onnx:0:0`);
  // node errors name the node, its op type and the opset in effect.
  InFlightDiagnostic modelError() { return emitError(fileLoc); }
  InFlightDiagnostic nodeError(const NodeCtx &n) {
    return emitError(fileLoc) << "node '" << n.name << "' (" << n.opType()
                              << ", opset " << n.opset << "): ";
  }

  //===--------------------------------------------------------------------===//
  // Types and tensors
  //===--------------------------------------------------------------------===//

  Type convertElementType(int32_t dtype);
  FailureOr<Type> convertType(const onnx::TypeProto &type, StringRef what,
                              SmallVectorImpl<std::string> *dimNames);
  FailureOr<ElementsAttr>
  convertTensor(const onnx::TensorProto &tensor, bool allowResource,
                llvm::function_ref<InFlightDiagnostic()> error);

  //===--------------------------------------------------------------------===//
  // Graph walking
  //===--------------------------------------------------------------------===//

  LogicalResult
  importNodes(const google::protobuf::RepeatedPtrField<onnx::NodeProto> &nodes,
              Scope &scope,
              const llvm::StringMap<const onnx::AttributeProto *> *callerAttrs,
              int depth);
  LogicalResult
  importNode(const onnx::NodeProto &node, Scope &scope,
             const llvm::StringMap<const onnx::AttributeProto *> *callerAttrs,
             int depth, int64_t index);
  LogicalResult inlineFunction(NodeCtx &n, const onnx::FunctionProto &fn,
                               Scope &scope, int depth);
  /// Default attribute values of a local function (parsed once).
  const std::vector<onnx::AttributeProto> &
  functionDefaults(const onnx::FunctionProto &fn);
  std::map<const onnx::FunctionProto *, std::vector<onnx::AttributeProto>>
      defaultsCache;

  //===--------------------------------------------------------------------===//
  // Op construction helpers
  //===--------------------------------------------------------------------===//

  /// Creates `opName` with `operands` and `attrs`, infers its result types,
  /// verifies it and folds it (constant operands, static shapes). Returns
  /// the values standing for its results. Errors are reported against `n`.
  FailureOr<SmallVector<Value>> createOp(NodeCtx &n, StringRef opName,
                                         ValueRange operands,
                                         ArrayRef<NamedAttribute> attrs,
                                         unsigned numResults = 1,
                                         ArrayRef<int32_t> segments = {});
  /// Creates `opName` from all node inputs and the node's attributes
  /// (converted generically), producing the first `numResults` outputs.
  LogicalResult buildGeneric(NodeCtx &n, StringRef opName,
                             unsigned numResults = 1);
  /// Converts the node's attributes not consumed by the handler, checking
  /// they exist on `opName`.
  FailureOr<SmallVector<NamedAttribute>> convertAttrs(NodeCtx &n,
                                                      StringRef opName);
  FailureOr<Attribute> convertAttr(NodeCtx &n,
                                   const onnx::AttributeProto &attr);

  Value constI64(Location loc, ArrayRef<int64_t> values, bool scalar = false);
  Value constScalar(Location loc, Type elt, double value);
  /// Reads a constant integer operand into `out`; reports an error naming
  /// `what` if the operand is not constant.
  LogicalResult requireConstInts(NodeCtx &n, Value v, StringRef what,
                                 SmallVectorImpl<int64_t> &out);
  std::optional<int64_t> attrInt(NodeCtx &n, StringRef name);
  std::optional<float> attrFloat(NodeCtx &n, StringRef name);
  std::optional<SmallVector<int64_t>> attrInts(NodeCtx &n, StringRef name);
  std::optional<std::string> attrString(NodeCtx &n, StringRef name);

  /// Fails if any output at index >= `produced` is used downstream.
  LogicalResult checkUnusedOutputs(NodeCtx &n, unsigned produced,
                                   StringRef why);

  void registerHandlers();
  void addGeneric(StringRef onnxName, StringRef rtName) {
    handlers[onnxName] = [this, rtName](NodeCtx &n) {
      return buildGeneric(n, rtName);
    };
  }

  // Handlers for ops that need more than a 1:1 mapping.
  LogicalResult importConstant(NodeCtx &n);
  LogicalResult importCast(NodeCtx &n);
  LogicalResult importCastLike(NodeCtx &n);
  LogicalResult importDropout(NodeCtx &n);
  LogicalResult importSoftmax(NodeCtx &n, StringRef rtName);
  LogicalResult importReduce(NodeCtx &n, StringRef rtName,
                             int64_t axesInputSince);
  LogicalResult importSqueeze(NodeCtx &n, bool unsqueeze);
  LogicalResult importSplit(NodeCtx &n);
  LogicalResult importSlice(NodeCtx &n);
  LogicalResult importPad(NodeCtx &n);
  LogicalResult importClip(NodeCtx &n);
  LogicalResult importResize(NodeCtx &n, bool upsample);
  LogicalResult importBatchNorm(NodeCtx &n);
  LogicalResult importTopK(NodeCtx &n);
  LogicalResult importLayerNorm(NodeCtx &n);
  LogicalResult importLoss(NodeCtx &n, bool softmax);
  LogicalResult importWithTypeAttr(NodeCtx &n, StringRef rtName,
                                   StringRef onnxAttr, StringRef rtAttr);

  /// Rewrites a node of opset 1-6 into its opset-7 form: legacy
  /// `broadcast`/`axis` broadcasting, attributes that later became inputs or
  /// changed type, `consumed_inputs`.
  LogicalResult applyLegacyOpset(NodeCtx &n);
  /// Adds a synthesized attribute to `n` (replacing one of the same name).
  void setAttr(NodeCtx &n, onnx::AttributeProto attr);
  /// Storage for synthesized attributes (NodeCtx holds pointers).
  std::deque<onnx::AttributeProto> ownedAttrs;

  MLIRContext *ctx;
  OpBuilder builder;
  std::string modelPath;
  std::string modelDir;
  ONNXImportOptions options;
  Location fileLoc;
  int64_t opset = 0;
  bool hasDefaultDomain = false;
  llvm::StringMap<Handler> handlers;
  /// Local functions by "domain:name".
  llvm::StringMap<const onnx::FunctionProto *> functions;
  /// Names read by some node or returned by the graph.
  llvm::StringSet<> usedNames;
  unsigned resourceCounter = 0;
};

} // namespace

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

/// Human-readable name of an ONNX data type for error messages.
static std::string dataTypeName(int32_t dtype) {
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
  }
  return Type(RankedTensorType::get(shape, elt));
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
  int64_t numel = 1;
  for (int64_t d : tensor.dims()) {
    if (d < 0) {
      error() << "tensor has negative dimension " << d;
      return failure();
    }
    shape.push_back(d);
    if (d != 0 && numel > (int64_t(1) << 40) / d) {
      error() << "tensor has too many elements";
      return failure();
    }
    numel *= d;
  }
  auto type = RankedTensorType::get(shape, elt);
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

FailureOr<SmallVector<Value>>
ONNXImporter::createOp(NodeCtx &n, StringRef opName, ValueRange operands,
                       ArrayRef<NamedAttribute> attrs, unsigned numResults,
                       ArrayRef<int32_t> segments) {
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
  // Inherent attributes live in typed properties; an attribute of the wrong
  // kind is dropped by the conversion, so check that each one arrived.
  for (NamedAttribute a : attrs) {
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
  if (isa<FloatType>(elt))
    a = DenseElementsAttr::get(type, FloatAttr::get(elt, value));
  else
    a = DenseElementsAttr::get(type, IntegerAttr::get(elt, (int64_t)value));
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

LogicalResult ONNXImporter::importDropout(NodeCtx &n) {
  // Inference: Dropout is the identity. Training mode is rejected.
  attrInt(n, "seed");
  attrFloat(n, "ratio");
  if (std::optional<int64_t> isTest = attrInt(n, "is_test");
      isTest && !*isTest) {
    nodeError(n) << "training-mode Dropout is not supported";
    return failure();
  }
  if (Value training = n.input(2)) {
    SmallVector<int64_t> v;
    if (!getConstantIntValues(training, v) || (v.size() == 1 && v[0] != 0)) {
      nodeError(n) << "training-mode Dropout is not supported";
      return failure();
    }
  }
  if (failed(checkUnusedOutputs(n, 1, "the Dropout mask is not supported")))
    return failure();
  if (!n.attrs.empty())
    for (auto &a : n.attrs)
      if (!n.consumed.contains(a.first())) {
        nodeError(n) << "unsupported attribute '" << a.first() << "'";
        return failure();
      }
  n.results[0] = n.input(0);
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
      training && *training != 0) {
    nodeError(n) << "training-mode BatchNormalization is not supported";
    return failure();
  }
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

LogicalResult ONNXImporter::importLayerNorm(NodeCtx &n) {
  bool extra = false;
  for (int i = 1; i < n.node->output_size(); ++i)
    extra |=
        !n.node->output(i).empty() && usedNames.contains(n.node->output(i));
  if (!extra)
    return buildGeneric(n, "rt.layer_normalization");
  // Mean and InvStdDev are used (training graphs, some exporters): compute
  // them next to the op, reducing over [axis, rank) with kept dimensions.
  auto type = dyn_cast<RankedTensorType>(n.input(0).getType());
  if (!type) {
    nodeError(n) << "the Mean/InvStdDev outputs need an input of known rank";
    return failure();
  }
  int64_t rank = type.getRank();
  int64_t axis = attrInt(n, "axis").value_or(-1);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis >= rank) {
    nodeError(n) << "axis is out of range for rank " << rank;
    return failure();
  }
  float eps = attrFloat(n, "epsilon").value_or(1e-5f);
  if (std::optional<int64_t> st = attrInt(n, "stash_type"); st && *st != 1) {
    nodeError(n) << "stash_type " << *st << " is not supported";
    return failure();
  }
  SmallVector<NamedAttribute> lnAttrs{
      builder.getNamedAttr("axis", builder.getI64IntegerAttr(axis)),
      builder.getNamedAttr("epsilon", builder.getF32FloatAttr(eps))};
  SmallVector<Value> lnOperands{n.input(0), n.input(1)};
  if (n.input(2))
    lnOperands.push_back(n.input(2));
  FailureOr<SmallVector<Value>> y =
      createOp(n, "rt.layer_normalization", lnOperands, lnAttrs);
  if (failed(y))
    return failure();
  SmallVector<int64_t> axes;
  for (int64_t i = axis; i < rank; ++i)
    axes.push_back(i);
  NamedAttribute axesAttr =
      builder.getNamedAttr("axes", builder.getDenseI64ArrayAttr(axes));
  Value x = n.input(0);
  FailureOr<SmallVector<Value>> mean =
      createOp(n, "rt.reduce_mean", x, {axesAttr});
  if (failed(mean))
    return failure();
  FailureOr<SmallVector<Value>> d =
      createOp(n, "rt.sub", ValueRange{x, (*mean)[0]}, {});
  if (failed(d))
    return failure();
  FailureOr<SmallVector<Value>> sq =
      createOp(n, "rt.mul", ValueRange{(*d)[0], (*d)[0]}, {});
  if (failed(sq))
    return failure();
  FailureOr<SmallVector<Value>> var =
      createOp(n, "rt.reduce_mean", (*sq)[0], {axesAttr});
  if (failed(var))
    return failure();
  Value epsV = constScalar(n.loc, type.getElementType(), eps);
  FailureOr<SmallVector<Value>> ve =
      createOp(n, "rt.add", ValueRange{(*var)[0], epsV}, {});
  if (failed(ve))
    return failure();
  FailureOr<SmallVector<Value>> sd = createOp(n, "rt.sqrt", (*ve)[0], {});
  if (failed(sd))
    return failure();
  FailureOr<SmallVector<Value>> inv =
      createOp(n, "rt.reciprocal", (*sd)[0], {});
  if (failed(inv))
    return failure();
  n.results[0] = (*y)[0];
  if (n.results.size() > 1)
    n.results[1] = (*mean)[0];
  if (n.results.size() > 2)
    n.results[2] = (*inv)[0];
  return success();
}

/// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss, decomposed:
///   loss[n, d...] = -x[n, t[n, d...], d...] * w[t[n, d...]]
/// with w = 0 where t == ignore_index; "mean" divides by the sum of w.
LogicalResult ONNXImporter::importLoss(NodeCtx &n, bool softmax) {
  std::string reduction = attrString(n, "reduction").value_or("mean");
  std::optional<int64_t> ignore = attrInt(n, "ignore_index");
  for (auto &a : n.attrs)
    if (!n.consumed.contains(a.first())) {
      nodeError(n) << "unsupported attribute '" << a.first() << "'";
      return failure();
    }
  if (reduction != "none" && reduction != "sum" && reduction != "mean") {
    nodeError(n) << "unknown reduction '" << reduction << "'";
    return failure();
  }
  Value x = n.input(0), t = n.input(1), weight = n.input(2);
  auto xt = dyn_cast<RankedTensorType>(x ? x.getType() : Type());
  auto tt = dyn_cast<RankedTensorType>(t ? t.getType() : Type());
  if (!xt || !tt || xt.getRank() < 2 || tt.getRank() != xt.getRank() - 1) {
    nodeError(n) << "needs ranked input (N, C, ...) and target (N, ...)";
    return failure();
  }
  Type elt = xt.getElementType();
  auto op = [&](StringRef name, ValueRange operands,
                ArrayRef<NamedAttribute> attrs = {}) -> Value {
    FailureOr<SmallVector<Value>> r = createOp(n, name, operands, attrs);
    return failed(r) ? Value() : (*r)[0];
  };
  auto i64 = [&](int64_t v) { return builder.getI64IntegerAttr(v); };
  Value logProb = x;
  if (softmax) {
    logProb = op("rt.log_softmax", x, {builder.getNamedAttr("axis", i64(1))});
    if (!logProb)
      return failure();
  }
  // Targets that are ignored read class 0 and get weight 0.
  Value mask, safe = t;
  if (ignore) {
    Value ig = ConstantOp::create(
        builder, n.loc,
        DenseElementsAttr::get(RankedTensorType::get({}, tt.getElementType()),
                               IntegerAttr::get(tt.getElementType(), *ignore)));
    Value eq = op("rt.equal", ValueRange{t, ig});
    if (!eq || !(mask = op("rt.not", eq)))
      return failure();
    Value zero = ConstantOp::create(
        builder, n.loc,
        DenseElementsAttr::get(RankedTensorType::get({}, tt.getElementType()),
                               IntegerAttr::get(tt.getElementType(), 0)));
    if (!(safe = op("rt.where", ValueRange{mask, t, zero})))
      return failure();
  }
  NamedAttribute axis1 =
      builder.getNamedAttr("axes", builder.getDenseI64ArrayAttr({1}));
  Value idx = op("rt.unsqueeze", safe, {axis1});
  if (!idx)
    return failure();
  Value picked = op("rt.gather_elements", ValueRange{logProb, idx},
                    {builder.getNamedAttr("axis", i64(1))});
  if (!picked || !(picked = op("rt.squeeze", picked, {axis1})))
    return failure();
  Value loss = op("rt.neg", picked);
  if (!loss)
    return failure();
  Value w; // Per-element weight, in the target's shape, if any.
  if (weight) {
    if (!(w = op("rt.gather", ValueRange{weight, safe},
                 {builder.getNamedAttr("axis", i64(0))})))
      return failure();
  }
  if (mask) {
    Value mf =
        op("rt.cast", mask, {builder.getNamedAttr("to", TypeAttr::get(elt))});
    if (!mf)
      return failure();
    w = w ? op("rt.mul", ValueRange{w, mf}) : mf;
    if (!w)
      return failure();
  }
  if (w && !(loss = op("rt.mul", ValueRange{loss, w})))
    return failure();
  NamedAttribute noKeep = builder.getNamedAttr("keepdims", i64(0));
  if (reduction == "sum") {
    loss = op("rt.reduce_sum", loss, {noKeep});
  } else if (reduction == "mean") {
    if (w) {
      Value num = op("rt.reduce_sum", loss, {noKeep});
      Value den = op("rt.reduce_sum", w, {noKeep});
      loss = num && den ? op("rt.div", ValueRange{num, den}) : Value();
    } else {
      loss = op("rt.reduce_mean", loss, {noKeep});
    }
  }
  if (!loss)
    return failure();
  n.results[0] = loss;
  if (softmax && n.results.size() > 1)
    n.results[1] = logProb;
  else if (failed(checkUnusedOutputs(n, 1, "this output is not supported")))
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// Opsets 1-6
//===----------------------------------------------------------------------===//

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
      "Add", "Sub",     "Mul",  "Div",  "Pow", "And",
      "Or",  "Xor",     "Equal", "Greater", "Less", "Gemm"};
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
                     << " does not fit a rank-" << *rankB
                     << " B into a rank-" << *rankA << " A";
        return failure();
      }
      if (trailing > 0) {
        SmallVector<int64_t> axes;
        for (int64_t i = 0; i < trailing; ++i)
          axes.push_back(*rankB + i);
        FailureOr<SmallVector<Value>> u = createOp(
            n, "rt.unsqueeze", n.input(1),
            {builder.getNamedAttr("axes", builder.getDenseI64ArrayAttr(axes))});
        if (failed(u))
          return failure();
        n.inputs[1] = (*u)[0];
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
      FailureOr<SmallVector<Value>> u = createOp(
          n, "rt.unsqueeze", n.input(1),
          {builder.getNamedAttr("axes", builder.getDenseI64ArrayAttr(axes))});
      if (failed(u))
        return failure();
      n.inputs[1] = (*u)[0];
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
        nodeError(n) << "attribute 'to' names unknown type '" << to->s()
                     << "'";
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

//===----------------------------------------------------------------------===//
// Graph walking
//===----------------------------------------------------------------------===//

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
    auto it = scope.find(in);
    if (it == scope.end()) {
      nodeError(n) << "input '" << in
                   << "' is not defined by an earlier node, an initializer "
                      "or a graph input";
      return failure();
    }
    n.inputs.push_back(it->second);
  }
  n.results.resize(node.output_size());

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
    if (n.opset < 7 && failed(applyLegacyOpset(n)))
      return failure();
    if (failed(hit->second(n)))
      return failure();
  }

  for (auto [i, out] : llvm::enumerate(node.output())) {
    if (out.empty())
      continue;
    if (!n.results[i]) {
      if (usedNames.contains(out)) {
        nodeError(n) << "output " << i << " ('" << out
                     << "') is used but not produced";
        return failure();
      }
      continue;
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
  for (const onnx::OperatorSetIdProto &os : model.opset_import()) {
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
  for (const onnx::TensorProto &t : graph.initializer()) {
    Location loc = NameLoc::get(builder.getStringAttr(t.name()), fileLoc);
    FailureOr<ElementsAttr> value =
        convertTensor(t, /*allowResource=*/true, [&] {
          return modelError() << "initializer '" << t.name() << "': ";
        });
    if (failed(value))
      return nullptr;
    scope[t.name()] = ConstantOp::create(builder, loc, *value);
  }

  if (failed(importNodes(graph.node(), scope, nullptr, 0)))
    return nullptr;

  SmallVector<Value> results;
  SmallVector<DictionaryAttr> resultAttrs;
  for (const onnx::ValueInfoProto &out : graph.output()) {
    auto it = scope.find(out.name());
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
        return importONNXModel(context, buf->getBuffer(),
                               buf->getBufferIdentifier(), opts);
      },
      [](DialectRegistry &registry) {
        registry.insert<RTDialect, func::FuncDialect>();
      });
}
