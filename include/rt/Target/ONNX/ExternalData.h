//===- ExternalData.h - ONNX external tensor data ---------------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// ONNX models over 2 GB keep tensor bytes in files beside the model. This
// component resolves and reads them, confined to the model's folder: a
// location that is absolute, climbs with `..`, or resolves (through links)
// outside the folder is rejected. It depends only on LLVM Support.
//
//===----------------------------------------------------------------------===//

#ifndef RT_TARGET_ONNX_EXTERNALDATA_H
#define RT_TARGET_ONNX_EXTERNALDATA_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace mlir {
namespace rt {

/// Resolves `location` (as written in a TensorProto's external_data) against
/// `modelDir`. Fails if the location is empty, absolute, contains `..`
/// components, does not exist, or its real path is outside the real path of
/// `modelDir`.
llvm::Expected<std::string> resolveExternalDataPath(llvm::StringRef modelDir,
                                                    llvm::StringRef location);

/// Reads `length` bytes at `offset` of the external file `location` (the
/// whole rest of the file when `length` is unset), after resolving it with
/// resolveExternalDataPath. Fails if the range is outside the file.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readExternalData(llvm::StringRef modelDir, llvm::StringRef location,
                 uint64_t offset, std::optional<uint64_t> length);

} // namespace rt
} // namespace mlir

#endif // RT_TARGET_ONNX_EXTERNALDATA_H
