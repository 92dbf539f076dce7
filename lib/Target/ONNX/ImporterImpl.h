//===- ImporterImpl.h - ONNX importer internals -----------------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// The importer class, shared by the files of lib/Target/ONNX:
//   ONNXImporter.cpp   graph walking, tensors, op construction, 1:1 handlers
//   LegacyOpsets.cpp   opsets 1-6 rewritten into their opset-7 form
//   Decompositions.cpp ONNX operators imported as several rt ops
// Private to the library; not installed.
//
//===----------------------------------------------------------------------===//

#ifndef RT_LIB_TARGET_ONNX_IMPORTERIMPL_H
#define RT_LIB_TARGET_ONNX_IMPORTERIMPL_H

#include "rt/Target/ONNX/ONNXImporter.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include "onnx/onnx_pb.h"

#include <deque>
#include <functional>
#include <map>
#include <optional>

namespace mlir::rt::onnximport {

/// Human-readable name of an ONNX data type for error messages.
std::string dataTypeName(int32_t dtype);

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
  /// Sequence-typed inputs (parallel to `inputs`, whose entry is null then):
  /// the elements, known at import time (Sequences.cpp).
  SmallVector<const SmallVector<Value> *> seqInputs;
  /// Sequence-typed results (parallel to `results`).
  SmallVector<std::optional<SmallVector<Value>>> seqResults;

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
               const ONNXImportOptions &options);

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
  /// Why a declared or inferred tensor type is refused (not representable,
  /// or above options.maxTensorBytes), or an empty string.
  std::string checkSize(Type type);
  /// Nodes imported so far, inlined function bodies included.
  int64_t nodesImported = 0;
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

  /// Checks the node's input and output counts against its operator's ONNX
  /// schema at the opset in effect (OpArity.inc): every required input is
  /// given (not omitted as ''), no more inputs or outputs than the operator
  /// takes, attributes of the schema's types, inputs of element types the
  /// operator takes (checkInputTypes). Handlers may then read their
  /// required inputs unchecked.
  LogicalResult checkArity(NodeCtx &n);
  /// Checks each tensor input's element type against the schema's type
  /// constraint for it, and that inputs sharing a type parameter have the
  /// same type (`inputTypes`: OpArity.inc's per-input "name|param|mask").
  LogicalResult checkInputTypes(NodeCtx &n, StringRef inputTypes);

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
  LogicalResult importWindow(NodeCtx &n, StringRef kind);
  LogicalResult importMVN(NodeCtx &n);
  LogicalResult importDynamicQuantizeLinear(NodeCtx &n);
  LogicalResult importIntegerOp(NodeCtx &n, bool conv);
  LogicalResult importQLinear(NodeCtx &n, bool conv);
  LogicalResult importMaxUnpool(NodeCtx &n);
  LogicalResult importReverseSequence(NodeCtx &n);
  LogicalResult importBatchNormTraining(NodeCtx &n);
  LogicalResult importRMSNorm(NodeCtx &n);
  /// RNN, GRU, LSTM (Recurrent.cpp): unrolled over the static sequence.
  LogicalResult importRecurrent(NodeCtx &n, int64_t numGates);
  Value recurrentActivation(NodeCtx &n, StringRef name, Value x,
                            std::optional<float> alpha,
                            std::optional<float> beta);

  // Sequences.cpp: sequences of import-time length, as lists of tensors.
  void registerSequenceHandlers();
  static bool isSequenceOp(StringRef opType);
  /// The elements of sequence input `i`, or null after reporting an error.
  const SmallVector<Value> *seqInput(NodeCtx &n, unsigned i);
  /// An import-time constant integer position in [-size, size] (`size`
  /// included when `allowEnd`), normalized to [0, size].
  FailureOr<int64_t> seqPosition(NodeCtx &n, Value pos, int64_t size,
                                 bool allowEnd);
  /// Sequence values by ONNX name.
  llvm::StringMap<SmallVector<Value>> sequences;

  /// Decomposition helpers: one single-result op (null after reporting an
  /// error against `n`, or when an operand is null because an earlier emit
  /// failed), a named i64 attribute, and the check that every attribute of
  /// `n` was consumed.
  Value emit(NodeCtx &n, StringRef opName, ValueRange operands,
             ArrayRef<NamedAttribute> attrs = {});
  NamedAttribute namedI64(StringRef name, int64_t value);
  /// rt.unsqueeze of `v` at `axes` (null after an error, or for a null `v`).
  Value emitUnsqueeze(NodeCtx &n, Value v, ArrayRef<int64_t> axes);
  /// The Conv attributes of a ConvInteger/QLinearConv node (`conv`), or
  /// none after checking a MatMul-like node has no attribute.
  FailureOr<SmallVector<NamedAttribute>> convAttrsIf(NodeCtx &n, bool conv);
  LogicalResult checkAttrsConsumed(NodeCtx &n);
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

} // namespace mlir::rt::onnximport

#endif // RT_LIB_TARGET_ONNX_IMPORTERIMPL_H
