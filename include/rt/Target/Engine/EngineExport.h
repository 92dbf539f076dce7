//===- EngineExport.h - pack compiled modules into engines ------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
//===----------------------------------------------------------------------===//

#ifndef RT_TARGET_ENGINE_ENGINEEXPORT_H
#define RT_TARGET_ENGINE_ENGINEEXPORT_H

#include "rt/Runtime/EngineFormat.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

namespace mlir {
namespace rt {

/// Builds an engine from a module that went through the GPU pipeline
/// (rt-gpu-pipeline with format=cubin or ptx): the kernels of
/// `gpu.binary @rt_kernels`, one launch per fusion group of `entry` in
/// program order with each argument bound to the arena (memory plan),
/// the weights (constants, packed and aligned), or a model input/output;
/// copies for outputs that are inputs or constants. Errors name the op.
FailureOr<::rt::engine::Engine> buildEngine(ModuleOp module,
                                            StringRef entry = "main",
                                            StringRef producer = "rt");

/// Registers rt-translate's `--export-engine`, `--export-ptx` and
/// `--export-cubin` translations.
void registerEngineExportTranslations();

/// The engine (and host tensor) element type of an MLIR element type:
/// f16, bf16, f32, f64, i1 (bool) and signless or unsigned integers of 8 to
/// 64 bits; none for others.
std::optional<::rt::engine::DType> engineDType(Type elementType);

} // namespace rt
} // namespace mlir

#endif // RT_TARGET_ENGINE_ENGINEEXPORT_H
