//===- ONNXImporter.h - ONNX to rt dialect ----------------------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Imports an ONNX ModelProto (opsets 7 to 23 of the default domain) into a
// module holding one `func.func @main` of rt ops. Older opsets are rewritten
// into the newest form of each op; ONNX local functions are inlined;
// initializers become `rt.constant` ops holding `dense_resource` blobs.
// Errors name the model file, the node, its op type and opset, and the reason.
//
//===----------------------------------------------------------------------===//

#ifndef RT_TARGET_ONNX_ONNXIMPORTER_H
#define RT_TARGET_ONNX_ONNXIMPORTER_H

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringMap.h"

#include <string>

namespace mlir {
class MLIRContext;
namespace rt {

struct ONNXImportOptions {
  /// Constants with at most this many elements are printed inline as
  /// `dense<...>`; larger ones become `dense_resource` blobs.
  int64_t inlineConstantLimit = 8;
  /// The same limit for integer constants (shapes, indices), which folders
  /// read and which are rarely large.
  int64_t inlineIntegerLimit = 64;
  /// Fold ops whose operands are all constant while importing, so that the
  /// shape computations exporters emit collapse and shapes become static.
  bool foldConstants = true;
  /// Name of the generated function.
  std::string functionName = "main";
  /// Known values of graph inputs (by ONNX name). Their uses read a
  /// constant instead of the argument (the argument stays, unused), so that
  /// inputs feeding shape-like operands (axes, split sizes, Reshape targets)
  /// fold. For builds specialized to given inputs, as rt-run makes. A value
  /// whose type does not fit the declared input is ignored (the caller
  /// validates its inputs against the function type).
  llvm::StringMap<ElementsAttr> inputValues;

  /// Resource limits for untrusted models (docs/Security.md). A tensor the
  /// model declares (graph input, initializer, constant) or rt infers whose
  /// size exceeds maxTensorBytes, or a graph of more than maxNodes nodes
  /// (function bodies inlined), is refused with an error naming it, before
  /// anything that large is read or allocated. Dimensions not known at
  /// import count as 1.
  int64_t maxTensorBytes = kDefaultMaxTensorBytes;
  int64_t maxNodes = kDefaultMaxNodes;
  static constexpr int64_t kDefaultMaxTensorBytes = int64_t(64) << 30;
  static constexpr int64_t kDefaultMaxNodes = int64_t(1) << 20;
};

/// Sets `options`' resource limits from the command-line flags
/// --max-tensor-bytes and --max-nodes (registered by the importer library,
/// so every tool that links it takes them).
void applyImportLimitOptions(ONNXImportOptions &options);

/// Imports the ONNX model held in `buffer`. `modelPath` names the model in
/// diagnostics and locates external data (relative to its folder). Emits
/// diagnostics and returns null on failure.
OwningOpRef<ModuleOp> importONNXModel(MLIRContext *context, StringRef buffer,
                                      StringRef modelPath,
                                      const ONNXImportOptions &options = {});

/// Names of the model's graph inputs that are not initializers, in order
/// (the function arguments importONNXModel creates). Fails (without
/// diagnostics) if `buffer` is not a parsable ONNX model.
FailureOr<SmallVector<std::string>> listONNXGraphInputs(StringRef buffer);

/// Registers the `--import-onnx` translation with mlir-translate's registry.
void registerONNXImportTranslation();

} // namespace rt
} // namespace mlir

#endif // RT_TARGET_ONNX_ONNXIMPORTER_H
