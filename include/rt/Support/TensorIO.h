//===- TensorIO.h - host tensors and their file formats ---------*- C++ -*-===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Host tensors for tools (rt-run) and tests: NumPy .npy files and ONNX
// TensorProto .pb files (the layout of the ONNX backend test data). No MLIR
// dependency; reading ONNX protobufs needs libonnx_proto.
//
//===----------------------------------------------------------------------===//

#ifndef RT_SUPPORT_TENSORIO_H
#define RT_SUPPORT_TENSORIO_H

#include "rt/Runtime/EngineFormat.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
namespace rt {

/// Element types a host tensor can hold: the engine format's (one table
/// of types, sizes and names for the compiler, the tools and the runtime;
/// `dtypeSize` and `dtypeName` come with it).
using DType = ::rt::engine::DType;
using ::rt::engine::dtypeName;
using ::rt::engine::dtypeSize;

/// Parses a NumPy-style name.
std::optional<DType> parseDType(llvm::StringRef name);

/// A dense row-major tensor in host memory.
struct HostTensor {
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;
  std::string name;

  int64_t numElements() const;
  /// "float32[2, 3]".
  std::string describe() const;
};

/// Reads a NumPy .npy file (format 1.0-3.0, little-endian, C order).
llvm::Expected<HostTensor> readNpy(llvm::StringRef path);
/// Parses the bytes of a .npy file; `path` names it in errors.
llvm::Expected<HostTensor> parseNpy(llvm::StringRef bytes,
                                    llvm::StringRef path);
/// Writes a NumPy .npy file (format 1.0).
llvm::Error writeNpy(llvm::StringRef path, const HostTensor &tensor);
/// Reads an ONNX TensorProto .pb file; the tensor keeps its proto name.
llvm::Expected<HostTensor> readTensorProto(llvm::StringRef path);
/// Parses the bytes of a TensorProto; `path` names it in errors.
llvm::Expected<HostTensor> parseTensorProto(llvm::StringRef bytes,
                                            llvm::StringRef path);
/// Reads .npy or .pb by extension.
llvm::Expected<HostTensor> readTensorFile(llvm::StringRef path);

} // namespace rt
} // namespace mlir

#endif // RT_SUPPORT_TENSORIO_H
