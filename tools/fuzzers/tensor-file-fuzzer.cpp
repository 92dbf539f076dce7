//===- tensor-file-fuzzer.cpp - libFuzzer target: .npy and .pb readers ----===//
//
// Part of the rt project: an MLIR compiler from ONNX to NVIDIA GPU engines.
//
// Feeds arbitrary bytes to the readers of rt-run's tensor files: the first
// byte picks the format (even: .npy, odd: ONNX TensorProto), the rest is the
// file. A tensor that reads back must hold exactly the bytes its shape and
// type describe.
//
//===----------------------------------------------------------------------===//

#include "rt/Runtime/CheckedMath.h"
#include "rt/Support/TensorIO.h"

#include "llvm/Support/Error.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  llvm::StringRef bytes(reinterpret_cast<const char *>(data + 1), size - 1);
  llvm::Expected<mlir::rt::HostTensor> t =
      data[0] % 2 ? mlir::rt::parseTensorProto(bytes, "fuzz.pb")
                  : mlir::rt::parseNpy(bytes, "fuzz.npy");
  if (!t) {
    llvm::consumeError(t.takeError());
    return 0;
  }
  std::optional<int64_t> expected = rt::byteSize(
      t->shape.data(), t->shape.size(), rt::engine::dtypeSize(t->dtype));
  if (!expected || uint64_t(*expected) != t->data.size())
    __builtin_trap();
  return 0;
}
