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

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
namespace rt {

/// Element types a host tensor can hold.
enum class DType {
  F16,
  BF16,
  F32,
  F64,
  I8,
  I16,
  I32,
  I64,
  U8,
  U16,
  U32,
  U64,
  Bool
};

/// Bytes per element (Bool: one byte).
size_t dtypeSize(DType dtype);
/// NumPy-style name ("float32", "int64", "bool", ...).
llvm::StringRef dtypeName(DType dtype);
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
/// Writes a NumPy .npy file (format 1.0).
llvm::Error writeNpy(llvm::StringRef path, const HostTensor &tensor);
/// Reads an ONNX TensorProto .pb file; the tensor keeps its proto name.
llvm::Expected<HostTensor> readTensorProto(llvm::StringRef path);
/// Reads .npy or .pb by extension.
llvm::Expected<HostTensor> readTensorFile(llvm::StringRef path);

} // namespace rt
} // namespace mlir

#endif // RT_SUPPORT_TENSORIO_H
